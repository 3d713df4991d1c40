"""Opening files on an open comparison (issue 10, point 2): the reporter is
asked whether to add them or open a new comparison (new by default, add when
they were dropped onto the panes); a file already open is said so and never
added twice.  On a throwaway database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from models.repository import Repository
from models.store import open_store
from ui.controller import Controller
from ui.main_window import MainWindow
from ui.persistence import SessionStore

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]

TIMEOUT_MS = 120_000
OTHER_STORY = (
    (
        "court.txt",
        "Court upholds ban on night flights\n\nThe appeals court on Monday upheld a ban on "
        "night flights at Verana airport, ruling that the city acted within its powers.\n",
    ),
    (
        "court-2.txt",
        "Night flight ban stands, judges rule\n\nJudges on Monday confirmed the ban on night "
        "flights at Verana airport, saying the city had acted lawfully.\n",
    ),
)


def settled(win: MainWindow) -> bool:
    c = win.controller
    return c.idle and win.ready and c.session is not None and c.comparison is not None


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "sessions.sqlite3"


@pytest.fixture
def other(tmp_path: Path) -> list[str]:
    folder = tmp_path / "other"
    folder.mkdir()
    out = []
    for name, text in OTHER_STORY:
        (folder / name).write_text(text, encoding="utf-8")
        out.append(str(folder / name))
    return out


@pytest.fixture
def win(qtbot: QtBot, db: Path, samples_dir: Path) -> Iterator[MainWindow]:
    controller = Controller(store=SessionStore(str(db)))
    window = MainWindow(controller, "light", interactive=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    controller.open_files([str(p) for p in sorted(samples_dir.glob("*.txt"))])
    qtbot.waitUntil(lambda: settled(window) and len(window.panes) == 3, timeout=TIMEOUT_MS)
    yield window
    controller.shutdown()


def question(win: MainWindow) -> QMessageBox:
    box = win.open_question
    assert box is not None and box.isVisible()
    return box


def button(box: QMessageBox, starts: str) -> QMessageBox.StandardButton | object:
    return next(b for b in box.buttons() if b.text().replace("&", "").startswith(starts))


def test_opening_files_asks_and_a_new_comparison_is_the_default(
    qtbot: QtBot, win: MainWindow, db: Path, other: list[str]
) -> None:
    session = win.controller.session
    assert session is not None
    old_name = session.name
    win.open_paths(other)
    box = question(win)
    assert "open a new comparison" in box.text() and "these 2 files" in box.text()
    assert box.defaultButton() is button(box, "Open as a new comparison")
    # Enter takes the default: a new comparison of the new story only.
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: (
            settled(win)
            and win.controller.session is not None
            and win.controller.session.name != old_name
        ),
        timeout=TIMEOUT_MS,
    )
    assert sorted(Path(p.article.source.path).name for p in win.panes.values()) == [
        "court-2.txt",
        "court.txt",
    ]
    assert win.open_question is None
    # The first story stays saved as it was, and nothing mixed into it.
    qtbot.waitUntil(lambda: win.controller.idle, timeout=10_000)
    repo = Repository(open_store(str(db)))
    try:
        assert len(repo.load_session(old_name).articles) == 3
    finally:
        repo.store.close()


def test_add_to_this_comparison_adds_them_as_one_undoable_step_each(
    qtbot: QtBot, win: MainWindow, other: list[str]
) -> None:
    session = win.controller.session
    assert session is not None
    win.open_paths(other[:1])
    box = question(win)
    assert session.name in box.text()
    add = button(box, "Add to this comparison")
    add.click()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: settled(win) and len(win.panes) == 4, timeout=TIMEOUT_MS)
    now = win.controller.session
    assert now is not None and now.name == session.name and len(now.articles) == 4


def test_cancel_opens_nothing(qtbot: QtBot, win: MainWindow, other: list[str]) -> None:
    runs = win.controller.runs_ended
    win.open_paths(other)
    qtbot.keyClick(question(win), Qt.Key.Key_Escape)
    qtbot.wait(50)
    assert win.open_question is None and not win.controller.busy
    assert win.controller.runs_ended == runs and len(win.panes) == 3


def drop(win: MainWindow, paths: list[str], at: QPoint) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(p) for p in paths])
    enter = QDragEnterEvent(
        at,
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(win, enter)
    assert enter.isAccepted()
    event = QDropEvent(
        at.toPointF(),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(win, event)


def test_files_dropped_onto_the_panes_default_to_adding(win: MainWindow, other: list[str]) -> None:
    text = win.panes["B"].text
    drop(win, other, text.mapTo(win, QPoint(20, 20)))
    box = question(win)
    assert box.defaultButton() is button(box, "Add to")
    box.reject()
    # Dropped on the relations table instead: a new comparison is the default.
    drop(win, other, win.table.mapTo(win, QPoint(20, 40)))
    box = question(win)
    assert box.defaultButton() is button(box, "Open as a new comparison")
    box.reject()


def test_a_file_already_open_is_said_so_and_not_added_twice(
    qtbot: QtBot, win: MainWindow, samples_dir: Path, other: list[str]
) -> None:
    runs = win.controller.runs_ended
    first = str(sorted(samples_dir.glob("*.txt"))[1])
    win.open_paths([first])
    assert win.open_question is None  # nothing to ask
    message = win.statusBar().currentMessage()
    assert "02-regional-daily.txt" in message and "already open" in message
    assert "article B" in message
    assert QApplication.focusWidget() is win.panes["B"].text  # shown to the reporter
    assert win.controller.runs_ended == runs and not win.controller.busy
    # With a new file: the question says which one is already there, and
    # adding adds only the new one.
    win.open_paths([first, other[0]])
    box = question(win)
    assert "already open" in box.informativeText() and "“court.txt”" in box.text()
    button(box, "Add to").click()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: settled(win) and len(win.panes) == 4, timeout=TIMEOUT_MS)
    session = win.controller.session
    assert session is not None
    names = [Path(a.article.source.path).name for a in session.articles]
    assert names.count("02-regional-daily.txt") == 1 and "court.txt" in names


def test_the_controller_never_adds_an_open_file_again(
    qtbot: QtBot, win: MainWindow, samples_dir: Path
) -> None:
    path = sorted(samples_dir.glob("*.txt"))[0]
    # Another spelling of the same file is the same file.
    win.controller.open_files([str(path.parent / ".." / "samples" / path.name)])
    assert not win.controller.busy
    assert "already open" in win.statusBar().currentMessage()
    assert win.controller.already_open([str(path)]) == {str(path): "A"}
