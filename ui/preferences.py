"""Preferences and the remembered window layout, kept in ``QSettings``.

Only the layout (geometry, dock/toolbar state, splitter positions), the
preferences below and the folder and format of the last export (so the next
export starts there) are stored here: never an article, a note or a file's path.  Every
value is read back tolerantly: a wrong type, a value out of range or an unknown
theme falls back to the default, and a damaged layout is ignored.

Keys (the stored names are part of the user's settings file; keep them):

    preferences/theme         "system" | "light" | "dark"
    preferences/text_size     int, points, 8..24
    preferences/sensitivity   float, 0..1
    preferences/spacy_model   str, "" = CROSSCHECK_SPACY_MODEL, then the default
    view/fit_articles         bool, View > Fit all articles (default on)
    export/folder             str, the folder the last PDF was exported to
    export/format             "pdf" | "md" | "docx" | "csv", the last export's format
    window/geometry           QMainWindow.saveGeometry()
    window/state              QMainWindow.saveState(WINDOW_STATE_VERSION)
    splitters/<name>          QSplitter.saveState()
"""

from __future__ import annotations

import importlib
import importlib.util
import math
import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QByteArray, QDataStream, QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QSlider,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.export.formats import FORMATS, Format
from app.nlp import DEFAULT_MODEL, FALLBACK_MODELS, MODEL_ENV, model_name

ORGANIZATION = "Crosscheck"
APPLICATION = "Crosscheck"

THEME_CHOICES = ("system", "light", "dark")
TEXT_SIZE_MIN = 8
TEXT_SIZE_MAX = 24
SENSITIVITY_STEPS = 100  # the slider's resolution: 0.01

KEY_THEME = "preferences/theme"
KEY_TEXT_SIZE = "preferences/text_size"
KEY_SENSITIVITY = "preferences/sensitivity"
KEY_SPACY_MODEL = "preferences/spacy_model"
KEY_FIT_ARTICLES = "view/fit_articles"
KEY_EXPORT_FOLDER = "export/folder"
KEY_EXPORT_FORMAT = "export/format"
KEY_GEOMETRY = "window/geometry"
KEY_STATE = "window/state"
SPLITTER_GROUP = "splitters"
# Raise when the main window's docks or toolbars change shape: an older saved
# state is then ignored instead of being applied to a different layout.
WINDOW_STATE_VERSION = 1
# A restored window smaller than this is a damaged value, not a choice.
MIN_RESTORED_WIDTH = 120
MIN_RESTORED_HEIGHT = 80
# Qt's own markers in saveGeometry() and QSplitter.saveState().
_GEOMETRY_MAGIC = 0x01D9D0CB
_SPLITTER_MAGIC = 0xFF
# A pipeline name longer than this is not a name (pasted text, a damaged file).
MAX_MODEL_CHARS = 300


@dataclass(frozen=True)
class Preferences:
    theme: str = "system"  # "system", "light" or "dark"
    text_size: int = 11  # points, for the article panes
    # 0 = only near-identical claims are linked, 1 = link generously
    # (app.domain.Settings.sensitivity).
    sensitivity: float = 0.5
    # "" = CROSSCHECK_SPACY_MODEL, then the bundled default (app.nlp.model_name).
    spacy_model: str = ""


def reanalysis_needed(old: Preferences, new: Preferences) -> bool:
    """Whether going from ``old`` to ``new`` changes the analysis (the engine's
    cache key), so the open articles must be analysed again."""
    return (
        f"{old.sensitivity:.3f}" != f"{new.sensitivity:.3f}"
        or old.spacy_model.strip() != new.spacy_model.strip()
    )


def default_settings() -> QSettings:
    """The user's own settings (the names ``ui.app`` gives the application).
    Tests never call this: they pass an ini file in a temporary folder."""
    return QSettings(ORGANIZATION, APPLICATION)


# --- tolerant readers ----------------------------------------------------


def _as_int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, str):
        text = value.strip()
        try:
            return int(text)
        except ValueError:
            number = _as_float(text)
            return int(number) if number is not None and number.is_integer() else None
    return None


def _as_float(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def _as_bytes(value: object) -> QByteArray | None:
    if isinstance(value, QByteArray):
        data = value
    elif isinstance(value, bytes | bytearray):
        data = QByteArray(bytes(value))
    else:
        return None
    return data if not data.isEmpty() else None


def _theme(value: object) -> str:
    if isinstance(value, str) and value.strip().lower() in THEME_CHOICES:
        return value.strip().lower()
    return Preferences.theme


def _text_size(value: object) -> int:
    size = _as_int(value)
    if size is None or not TEXT_SIZE_MIN <= size <= TEXT_SIZE_MAX:
        return Preferences.text_size
    return size


def _sensitivity(value: object) -> float:
    number = _as_float(value)
    if number is None or not 0.0 <= number <= 1.0:
        return Preferences.sensitivity
    return number


def _spacy_model(value: object) -> str:
    if not isinstance(value, str):
        return Preferences.spacy_model
    name = value.strip()
    if len(name) > MAX_MODEL_CHARS or any(not c.isprintable() for c in name):
        return Preferences.spacy_model
    return name


def sanitized(prefs: Preferences) -> Preferences:
    """``prefs`` with every out-of-range or unknown value set to its default."""
    return Preferences(
        theme=_theme(prefs.theme),
        text_size=_text_size(prefs.text_size),
        sensitivity=_sensitivity(prefs.sensitivity),
        spacy_model=_spacy_model(prefs.spacy_model),
    )


class PreferencesStore:
    """Reads and writes the preferences and the window layout in ``settings``."""

    def __init__(self, settings: QSettings) -> None:
        self.settings = settings

    def load(self) -> Preferences:
        """The stored preferences; anything missing or damaged is the default.
        Never raises."""
        s = self.settings
        try:
            return Preferences(
                theme=_theme(_read(s, KEY_THEME)),
                text_size=_text_size(_read(s, KEY_TEXT_SIZE)),
                sensitivity=_sensitivity(_read(s, KEY_SENSITIVITY)),
                spacy_model=_spacy_model(_read(s, KEY_SPACY_MODEL)),
            )
        except Exception:  # belt and braces: load() never raises
            return Preferences()

    def save(self, prefs: Preferences) -> None:
        prefs = sanitized(prefs)
        s = self.settings
        s.setValue(KEY_THEME, prefs.theme)
        s.setValue(KEY_TEXT_SIZE, prefs.text_size)
        s.setValue(KEY_SENSITIVITY, prefs.sensitivity)
        s.setValue(KEY_SPACY_MODEL, prefs.spacy_model)
        s.sync()

    def fit_articles(self) -> bool:
        """View > Fit all articles as left (on unless turned off)."""
        value = _read(self.settings, KEY_FIT_ARTICLES)
        if isinstance(value, str):
            return value.strip().lower() not in ("false", "0", "no", "off")
        return value if isinstance(value, bool) else True

    def save_fit_articles(self, on: bool) -> None:
        self.settings.setValue(KEY_FIT_ARTICLES, on)
        self.settings.sync()

    def export_folder(self) -> str | None:
        """The folder of the last export, if one is stored (it may be gone)."""
        value = _read(self.settings, KEY_EXPORT_FOLDER)
        if not isinstance(value, str) or not value.strip() or not value.isprintable():
            return None
        return value if len(value) <= 4096 else None

    def save_export_folder(self, folder: str) -> None:
        self.settings.setValue(KEY_EXPORT_FOLDER, folder)
        self.settings.sync()

    def export_format(self) -> Format:
        """The format of the last export; the PDF when none (or nonsense) is stored."""
        value = _read(self.settings, KEY_EXPORT_FORMAT)
        for fmt in FORMATS:
            if value == fmt:
                return fmt
        return "pdf"

    def save_export_format(self, fmt: Format) -> None:
        self.settings.setValue(KEY_EXPORT_FORMAT, fmt)
        self.settings.sync()

    def save_window(self, window: QMainWindow, splitters: dict[str, QSplitter]) -> None:
        """Store the window's geometry and state and each splitter's state
        under ``splitters/<name>`` (names are stable identifiers, not labels)."""
        for name in splitters:
            _check_splitter_name(name)
        s = self.settings
        s.setValue(KEY_GEOMETRY, window.saveGeometry())
        s.setValue(KEY_STATE, window.saveState(WINDOW_STATE_VERSION))
        for name, splitter in splitters.items():
            s.setValue(f"{SPLITTER_GROUP}/{name}", splitter.saveState())
        s.sync()

    def restore_window(self, window: QMainWindow, splitters: dict[str, QSplitter]) -> bool:
        """Put back whatever of the stored layout is present and intact;
        missing or damaged values are skipped and leave that part as it is.
        True when the window's geometry was restored (otherwise the caller
        should give the window its default size)."""
        for name in splitters:
            _check_splitter_name(name)
        s = self.settings
        geometry = _as_bytes(_read(s, KEY_GEOMETRY))
        restored = (
            geometry is not None and geometry_intact(geometry) and window.restoreGeometry(geometry)
        )
        state = _as_bytes(_read(s, KEY_STATE))
        if state is not None:
            window.restoreState(state, WINDOW_STATE_VERSION)
        for name, splitter in splitters.items():
            data = _as_bytes(_read(s, f"{SPLITTER_GROUP}/{name}"))
            if data is not None and splitter_state_intact(data, splitter):
                splitter.restoreState(data)
        return bool(restored)


# Qt applies a cut-short geometry or splitter state without complaint (reading
# zeros past the end): a 1x1 window, a splitter turned to no orientation with
# a zero handle.  So both are read here first and applied only when whole.


def _rect_size(stream: QDataStream) -> tuple[int, int]:
    left, top, right, bottom = (stream.readInt32() for _ in range(4))
    return right - left + 1, bottom - top + 1


def geometry_intact(data: QByteArray) -> bool:
    """Whether ``data`` is a whole ``saveGeometry()`` (format versions 1 to 3,
    those Qt 6 reads) of a window of a plausible size."""
    stream = QDataStream(data)
    if stream.readUInt32() != _GEOMETRY_MAGIC:
        return False
    major = stream.readUInt16()
    stream.readUInt16()  # minor version
    if not 1 <= major <= 3:
        return False
    sizes = [_rect_size(stream), _rect_size(stream)]  # frame, normal geometry
    stream.readInt32()  # screen number
    stream.readUInt8()  # maximized
    stream.readUInt8()  # full screen
    if major > 1:
        stream.readInt32()  # screen width
    if major > 2:
        sizes.append(_rect_size(stream))  # the geometry to restore
    return stream.status() == QDataStream.Status.Ok and all(
        w >= MIN_RESTORED_WIDTH and h >= MIN_RESTORED_HEIGHT for w, h in sizes
    )


def splitter_state_intact(data: QByteArray, splitter: QSplitter) -> bool:
    """Whether ``data`` is a whole ``QSplitter.saveState()`` of a splitter
    turned the same way as ``splitter``, with sizes that show something."""
    stream = QDataStream(data)
    if stream.readInt32() != _SPLITTER_MAGIC or stream.readInt32() > 1:
        return False
    count = stream.readUInt32()
    if count > 10_000:
        return False
    sizes = [stream.readInt32() for _ in range(count)]
    stream.readBool()  # children collapsible
    stream.readInt32()  # handle width
    stream.readBool()  # opaque resize
    orientation = stream.readInt32()
    return (
        stream.status() == QDataStream.Status.Ok
        and orientation == splitter.orientation().value
        and all(size >= 0 for size in sizes)
        and sum(sizes) > 0
    )


def _read(settings: QSettings, key: str) -> object:
    try:
        return settings.value(key)
    except Exception:
        return None


def _check_splitter_name(name: str) -> None:
    if not name or any(c in name for c in "/\\") or not name.isprintable():
        raise ValueError(f"splitter name {name!r}: use a plain identifier such as 'body'")


# --- the spaCy pipeline hint ---------------------------------------------


def pipeline_installed(name: str) -> bool:
    """Whether ``name`` is an importable package, found without importing it
    (spaCy itself is never loaded here: it takes seconds)."""
    name = name.strip()
    # A dotted name would import its parent package to look inside it.
    if not name.isidentifier():
        return False
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def _looks_like_path(name: str) -> bool:
    return any(sep in name for sep in ("/", "\\", os.sep)) or name.startswith(("~", "."))


def pipeline_hint(name: str) -> tuple[bool, str]:
    """(usable, one line for a person) about the pipeline ``name`` names;
    an empty name means the environment variable, then the default."""
    name = name.strip()
    if not name:
        env = os.environ.get(MODEL_ENV, "").strip()
        effective = model_name("")
        if pipeline_installed(effective):
            source = f"from {MODEL_ENV}" if env else "the default"
            return True, f"Using {effective} ({source}), installed."
        if not env:
            for fallback in FALLBACK_MODELS:
                if pipeline_installed(fallback):
                    return True, f"{DEFAULT_MODEL} is not installed; {fallback} will be used."
        return False, f"{effective} is not installed: analysis will fail until it is."
    if _looks_like_path(name):
        folder = Path(name).expanduser()
        if (folder / "config.cfg").is_file():
            return True, "A pipeline folder: found."
        return False, "No spaCy pipeline in that folder (it has no config.cfg)."
    if not name.isidentifier():
        return False, "Not a pipeline name: use a package name such as en_core_web_sm."
    if pipeline_installed(name):
        return True, f"{name} is installed."
    package = name.replace("_", "-")
    return False, f"{name} is not installed (pip install {package}); nothing is downloaded."


# --- the dialog ------------------------------------------------------------


def sensitivity_description(value: float) -> str:
    """What a sensitivity does, in words, with the number."""
    if value < 0.2:
        words = "Strict — only near-identical claims"
    elif value < 0.4:
        words = "Cautious — close paraphrases only"
    elif value < 0.6:
        words = "Balanced (default)" if f"{value:.2f}" == "0.50" else "Balanced"
    elif value < 0.8:
        words = "Broad — looser paraphrases too"
    else:
        words = "Generous — more links, more to check"
    return f"{value:.2f} · {words}"


class PreferencesDialog(QDialog):
    """Theme, text size, sensitivity and spaCy pipeline.  It stores nothing:
    the caller reads ``preferences()`` after ``exec()`` accepts."""

    def __init__(self, current: Preferences, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.setWindowTitle("Preferences")
        self.setMinimumWidth(540)
        # A pipeline installed while the window was open must be found.
        importlib.invalidate_caches()
        current = sanitized(current)
        self._sensitivity = current.sensitivity

        self.theme = QComboBox()
        self.theme.setObjectName("preferencesTheme")
        for value in THEME_CHOICES:
            self.theme.addItem(value.capitalize(), value)

        self.text_size = QSpinBox()
        self.text_size.setObjectName("preferencesTextSize")
        self.text_size.setRange(TEXT_SIZE_MIN, TEXT_SIZE_MAX)
        self.text_size.setSuffix(" pt")
        self.text_size.setToolTip("Font size of the article panes")

        self.sensitivity = QSlider(Qt.Orientation.Horizontal)
        self.sensitivity.setObjectName("preferencesSensitivity")
        self.sensitivity.setRange(0, SENSITIVITY_STEPS)
        self.sensitivity.setSingleStep(1)
        self.sensitivity.setPageStep(10)
        self.sensitivity.setAccessibleName("Sensitivity")
        self.sensitivity_label = QLabel()
        self.sensitivity_label.setObjectName("preferencesSensitivityLabel")
        strict = QLabel("Strict")
        generous = QLabel("Generous")
        for end in (strict, generous):
            end.setObjectName("legendText")
        ends = QHBoxLayout()
        ends.setContentsMargins(0, 0, 0, 0)
        ends.addWidget(strict)
        ends.addStretch(1)
        ends.addWidget(generous)
        sensitivity_box = QVBoxLayout()
        sensitivity_box.setSpacing(2)
        sensitivity_box.addWidget(self.sensitivity_label)
        sensitivity_box.addWidget(self.sensitivity)
        sensitivity_box.addLayout(ends)

        self.spacy_model = QLineEdit()
        self.spacy_model.setObjectName("preferencesSpacyModel")
        self.spacy_model.setPlaceholderText(f"default ({DEFAULT_MODEL})")
        self.spacy_model.setClearButtonEnabled(True)
        self.spacy_model.setToolTip(
            "An installed spaCy pipeline (package name or folder); empty uses "
            f"{MODEL_ENV}, then {DEFAULT_MODEL}"
        )
        self.pipeline_hint = QLabel()
        self.pipeline_hint.setObjectName("legendText")
        self.pipeline_hint.setWordWrap(True)
        model_box = QVBoxLayout()
        model_box.setSpacing(2)
        model_box.addWidget(self.spacy_model)
        model_box.addWidget(self.pipeline_hint)

        self.note = QLabel(
            "Changing the sensitivity or the pipeline analyses the open articles again."
        )
        self.note.setObjectName("legendText")
        self.note.setWordWrap(True)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.defaults_button: QAbstractButton = buttons.button(
            QDialogButtonBox.StandardButton.RestoreDefaults
        )
        self.defaults_button.setText("Restore defaults")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.defaults_button.clicked.connect(self.restore_defaults)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(10)
        for text, field, row in (
            ("&Theme", self.theme, self.theme),
            ("Text si&ze", self.text_size, self.text_size),
            ("&Sensitivity", self.sensitivity, sensitivity_box),
            ("spaCy &pipeline", self.spacy_model, model_box),
        ):
            label = QLabel(text)
            label.setBuddy(field)  # the mnemonic focuses the field
            field.setAccessibleName(text.replace("&", ""))
            form.addRow(label, row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addSpacing(4)
        layout.addWidget(self.note)
        layout.addStretch(1)
        layout.addWidget(buttons)

        self._show(current)
        self.sensitivity.valueChanged.connect(self._on_sensitivity_valueChanged)
        self.spacy_model.textChanged.connect(self._on_spacy_model_textChanged)
        self._update_sensitivity_label()
        self._update_pipeline_hint()

    def preferences(self) -> Preferences:
        return Preferences(
            theme=str(self.theme.currentData()),
            text_size=self.text_size.value(),
            sensitivity=self._sensitivity,
            spacy_model=self.spacy_model.text().strip(),
        )

    def restore_defaults(self) -> None:
        defaults = Preferences()
        self._show(defaults)
        self._sensitivity = defaults.sensitivity
        self._update_sensitivity_label()
        self._update_pipeline_hint()

    def _show(self, prefs: Preferences) -> None:
        self.theme.setCurrentIndex(max(0, self.theme.findData(prefs.theme)))
        self.text_size.setValue(prefs.text_size)
        # Set the slider without going through its signal: an untouched slider
        # keeps the exact stored value (0.333 stays 0.333, no re-analysis).
        blocked = self.sensitivity.blockSignals(True)
        self.sensitivity.setValue(round(prefs.sensitivity * SENSITIVITY_STEPS))
        self.sensitivity.blockSignals(blocked)
        self.spacy_model.setText(prefs.spacy_model)

    def _on_sensitivity_valueChanged(self, value: int) -> None:
        self._sensitivity = value / SENSITIVITY_STEPS
        self._update_sensitivity_label()

    def _on_spacy_model_textChanged(self, _text: str) -> None:
        self._update_pipeline_hint()

    def _update_sensitivity_label(self) -> None:
        self.sensitivity_label.setText(sensitivity_description(self._sensitivity))

    def _update_pipeline_hint(self) -> None:
        usable, text = pipeline_hint(self.spacy_model.text())
        self.pipeline_hint.setText(text)
        self.pipeline_hint.setProperty("usable", usable)
        font = self.pipeline_hint.font()
        font.setBold(not usable)  # no colour in Python: the theme owns colours
        self.pipeline_hint.setFont(font)
