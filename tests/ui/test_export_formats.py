"""Choosing the export's format in the window (issue 13): the dialog offers
PDF, Markdown, Word and CSV, the file name follows the choice, the export
runs off the GUI thread, and the choice is remembered in the settings."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pytestqt")
docx = pytest.importorskip("docx", reason="python-docx reads the Word summary back")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QFileDialog  # noqa: E402
from pytestqt.qtbot import QtBot  # noqa: E402

from app.export.write import DocumentResult  # noqa: E402
from ui.controller import Controller  # noqa: E402
from ui.export_dialog import ExportDialog  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.persistence import SessionStore  # noqa: E402
from ui.preferences import KEY_EXPORT_FORMAT, PreferencesStore  # noqa: E402

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]

TIMEOUT_MS = 120_000


def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def choose(dialog: ExportDialog, fmt: str) -> None:
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData(fmt))


def test_the_file_name_and_the_pdf_only_choices_follow_the_format(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = ExportDialog(str(tmp_path / "ferry.pdf"), "Ferry", None, "md")
    qtbot.addWidget(dialog)
    assert [dialog.format_combo.itemData(i) for i in range(dialog.format_combo.count())] == [
        "pdf",
        "md",
        "docx",
        "csv",
    ]
    assert dialog.export_format() == "md" and dialog.path() == str(tmp_path / "ferry.md")
    assert not dialog.paper_combo.isEnabled() and not dialog.texts_box.isEnabled()
    choose(dialog, "docx")
    assert dialog.file_edit.text() == str(tmp_path / "ferry.docx")
    choose(dialog, "pdf")
    assert dialog.path() == str(tmp_path / "ferry.pdf") and dialog.paper_combo.isEnabled()

    # A name typed with another format's ending picks that format.
    dialog.file_edit.setText("relations.csv")
    dialog.file_edit.editingFinished.emit()
    assert dialog.export_format() == "csv" and dialog.path() == str(tmp_path / "relations.csv")

    # The file type chosen in the save dialog is the format.
    def save_as_word(*args: Any) -> tuple[str, str]:
        return str(tmp_path / "for the desk"), "Word document (*.docx)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as_word)
    dialog.choose_button.click()
    assert dialog.export_format() == "docx"
    assert dialog.path() == str(tmp_path / "for the desk.docx")


@pytest.fixture
def win(qtbot: QtBot, tmp_path: Path, samples_dir: Path) -> Iterator[MainWindow]:
    controller = Controller(store=SessionStore(str(tmp_path / "sessions.sqlite3")))
    window = MainWindow(
        controller, "light", interactive=False, prefs_store=PreferencesStore(settings(tmp_path))
    )
    qtbot.addWidget(window)
    window.show()
    controller.open_files([str(p) for p in sorted(samples_dir.glob("*.txt"))])
    qtbot.waitUntil(
        lambda: controller.idle and window.ready and controller.comparison is not None,
        timeout=TIMEOUT_MS,
    )
    yield window
    controller.shutdown()


def _export(qtbot: QtBot, win: MainWindow, fmt: str, target: Path) -> DocumentResult:
    win.last_export = None
    win.export_action.trigger()
    dialog = win.export_dialog
    assert dialog is not None
    choose(dialog, fmt)
    dialog.file_edit.setText(str(target))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: win.last_export is not None, timeout=TIMEOUT_MS)
    result = win.last_export
    assert isinstance(result, DocumentResult)
    assert "Exported" in win.status_text.text() and str(target) in win.status_text.text()
    return result


def test_the_window_exports_each_format_and_remembers_the_choice(
    qtbot: QtBot, win: MainWindow, tmp_path: Path
) -> None:
    comparison = win.controller.comparison
    assert comparison is not None
    result = _export(qtbot, win, "csv", tmp_path / "relations.csv")
    with result.path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == result.relations == len(comparison.relations)
    assert settings(tmp_path).value(KEY_EXPORT_FORMAT) == "csv"

    win.export_action.trigger()
    dialog = win.export_dialog
    assert dialog is not None
    assert dialog.export_format() == "csv" and dialog.path().endswith(".csv")
    dialog.reject()

    word = _export(qtbot, win, "docx", tmp_path / "summary.docx")
    table = docx.Document(str(word.path)).tables[1]
    assert len(table.rows) == 1 + word.discrepancies > 1

    md = _export(qtbot, win, "md", tmp_path / "summary.md")
    assert "## Discrepancies" in md.path.read_text(encoding="utf-8")
    assert PreferencesStore(settings(tmp_path)).export_format() == "md"


def test_a_damaged_stored_format_falls_back_to_the_pdf(tmp_path: Path) -> None:
    s = settings(tmp_path)
    s.setValue(KEY_EXPORT_FORMAT, "rtf")
    assert PreferencesStore(s).export_format() == "pdf"
