"""Where the export dialog proposes to write (issue 10, point 7): the folder
of the last export (kept in the settings), else the documents folder, else
home; never beside the articles, whose folder can be read-only; the file is
named after the session.  On a throwaway database and settings file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from ui.controller import Controller
from ui.main_window import MainWindow
from ui.persistence import SessionStore
from ui.preferences import KEY_EXPORT_FOLDER, PreferencesStore

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]

TIMEOUT_MS = 120_000


def settled(win: MainWindow) -> bool:
    c = win.controller
    return c.idle and win.ready and c.session is not None and c.comparison is not None


def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "Documents"
    folder.mkdir()
    monkeypatch.setattr("ui.main_window.exporting.documents_folder", lambda: folder)
    return folder


def open_window(qtbot: QtBot, tmp_path: Path, samples_dir: Path) -> MainWindow:
    controller = Controller(store=SessionStore(str(tmp_path / "sessions.sqlite3")))
    window = MainWindow(
        controller, "light", interactive=False, prefs_store=PreferencesStore(settings(tmp_path))
    )
    qtbot.addWidget(window)
    window.show()
    controller.open_files([str(p) for p in sorted(samples_dir.glob("*.txt"))])
    qtbot.waitUntil(lambda: settled(window) and len(window.panes) == 3, timeout=TIMEOUT_MS)
    return window


@pytest.fixture
def win(qtbot: QtBot, tmp_path: Path, samples_dir: Path, documents: Path) -> Iterator[MainWindow]:
    window = open_window(qtbot, tmp_path, samples_dir)
    yield window
    window.controller.shutdown()


def proposed(win: MainWindow) -> Path:
    win.export_action.trigger()
    dialog = win.export_dialog
    assert dialog is not None
    path = Path(dialog.path())
    dialog.reject()
    return path


def test_the_first_export_goes_to_the_documents_folder_named_after_the_session(
    win: MainWindow, documents: Path, samples_dir: Path
) -> None:
    path = proposed(win)
    session = win.controller.session
    assert session is not None
    assert path == documents / f"{session.name}.pdf"
    assert path.parent != samples_dir  # not beside the articles


def test_the_last_folder_used_is_proposed_and_remembered(
    qtbot: QtBot, win: MainWindow, tmp_path: Path, samples_dir: Path, documents: Path
) -> None:
    desk = tmp_path / "desk"
    desk.mkdir()
    win.export_action.trigger()
    dialog = win.export_dialog
    assert dialog is not None
    dialog.file_edit.setText(str(desk / "for the editor.pdf"))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: win.last_export is not None, timeout=TIMEOUT_MS)
    session = win.controller.session
    assert session is not None
    assert proposed(win) == desk / f"{session.name}.pdf"  # the folder, the session's name
    assert settings(tmp_path).value(KEY_EXPORT_FOLDER) == str(desk)
    # A new start (the same settings file) proposes it too.
    win.controller.shutdown()
    again = open_window(qtbot, tmp_path, samples_dir)
    try:
        assert proposed(again).parent == desk
        # Once the folder is gone, the documents folder again.
        (desk / "for the editor.pdf").unlink()
        desk.rmdir()
        assert proposed(again).parent == documents
    finally:
        again.controller.shutdown()


def test_without_a_documents_folder_home(
    win: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        "ui.main_window.exporting.documents_folder", lambda: tmp_path / "no such folder"
    )
    monkeypatch.setattr(Path, "home", classmethod(lambda _cls: tmp_path))
    assert proposed(win).parent == tmp_path


def test_a_damaged_stored_folder_is_ignored(
    win: MainWindow, tmp_path: Path, documents: Path
) -> None:
    stored = settings(tmp_path)
    for value in ("", "\x00\x07", "x" * 5000):
        stored.setValue(KEY_EXPORT_FOLDER, value)
        stored.sync()
        assert PreferencesStore(settings(tmp_path)).export_folder() is None
        assert proposed(win).parent == documents
