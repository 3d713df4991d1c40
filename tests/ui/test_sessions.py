"""Sessions, annotations and undo in the window, on a throwaway database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QMessageBox, QToolButton
from pytestqt.qtbot import QtBot

from app.session import AnchorState, AnnotationStatus
from models.repository import Repository
from models.store import open_store
from ui.article_view import ArticlePane
from ui.controller import Controller
from ui.highlighter import Role
from ui.itemmodels.annotations import AnnotationColumn, AnnotationIdRole, AnnotationsModel
from ui.main_window import MainWindow
from ui.persistence import SessionStore, session_name

# Offscreen Qt says so for every dialog shown; nothing to do with the window.
pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]

TIMEOUT_MS = 120_000
QUOTE = "At least nine people were killed"


def make_window(qtbot: QtBot, db: Path) -> MainWindow:
    controller = Controller(store=SessionStore(str(db)))
    win = MainWindow(controller, "light", interactive=False)
    qtbot.addWidget(win)
    win.show()
    return win


def settled(win: MainWindow) -> bool:
    c = win.controller
    return c.idle and win.ready and c.session is not None and c.comparison is not None


def stored(db: Path) -> Repository:
    return Repository(open_store(str(db)))


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "sessions.sqlite3"


@pytest.fixture
def saved(qtbot: QtBot, db: Path, samples_dir: Path) -> Iterator[MainWindow]:
    win = make_window(qtbot, db)
    win.controller.open_files([str(p) for p in sorted(samples_dir.glob("*.txt"))])
    qtbot.waitUntil(lambda: settled(win), timeout=TIMEOUT_MS)
    yield win
    win.controller.shutdown()


def select(pane: ArticlePane, text: str) -> None:
    start = pane.article.text.index(text)
    to_qt = pane.text.offsets.to_qt
    cursor = QTextCursor(pane.text.document())
    cursor.setPosition(to_qt(start))
    cursor.setPosition(to_qt(start + len(text)), QTextCursor.MoveMode.KeepAnchor)
    pane.text.setTextCursor(cursor)
    pane.text.setFocus()


def annotate(qtbot: QtBot, win: MainWindow, note: str) -> None:
    select(win.panes["A"], QUOTE)
    qtbot.keyClick(win.panes["A"].text, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    dialog = win.annotation_dialog
    assert dialog is not None and dialog.isVisible()
    assert QUOTE in dialog.quote.text()
    dialog.note.setPlainText(note)
    dialog.tag.setCurrentText("needs source")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: win.controller.idle, timeout=10_000)


def annotation_roles(win: MainWindow, article_id: str) -> int:
    return sum(
        s.format.property(s.format.Property.UserProperty) == Role.ANNOTATION.value
        for s in win.panes[article_id].text.extraSelections()
    )


def stored_notes(db: Path, name: str) -> list[str]:
    repo = stored(db)
    try:
        return [a.note for a in repo.load_session(name).annotations]
    finally:
        repo.store.close()


def test_opened_files_are_saved_as_a_session(saved: MainWindow, db: Path) -> None:
    session = saved.controller.session
    assert session is not None
    assert session.name.startswith("Ferry capsizes in storm")
    assert session.name in saved.windowTitle() and "saved" in saved.windowTitle()
    repo = stored(db)
    try:
        (summary,) = repo.list_sessions()
        assert summary.name == session.name and summary.articles == 3
        _, comparison = repo.open_session(session.name)
        assert comparison is not None  # the analysis is cached
        assert summary.relations == len(comparison.relations)
    finally:
        repo.store.close()


def test_annotate_undo_redo_and_reopen(qtbot: QtBot, saved: MainWindow, db: Path) -> None:
    win = saved
    assert win.controller.session is not None
    name = win.controller.session.name
    assert not win.undo_action.isEnabled()

    annotate(qtbot, win, "Which coastguard statement?")
    assert win.annotations.rowCount() == 1
    row = win.annotations.index(0, AnnotationColumn.QUOTE)
    assert row.data() == QUOTE
    assert win.annotations.index(0, AnnotationColumn.TAG).data() == "needs source"
    assert annotation_roles(win, "A") == 1
    assert stored_notes(db, name) == ["Which coastguard statement?"]
    assert win.undo_action.isEnabled() and win.undo_action.text() == "&Undo Add annotation"
    assert "saved" in win.windowTitle()

    # Jump: selecting the row selects the quote in its pane.
    win.panes["A"].text.moveCursor(QTextCursor.MoveOperation.End)
    win.annotations_table.setCurrentIndex(row)
    start, end = win.panes["A"].selected_span()
    assert win.panes["A"].article.text[start:end] == QUOTE

    # Offscreen Qt does not hand activation back when a dialog closes.
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win, timeout=5_000)
    win.panes["A"].text.setFocus()
    qtbot.keyClick(win.panes["A"].text, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: win.controller.idle, timeout=10_000)
    assert win.annotations.rowCount() == 0 and annotation_roles(win, "A") == 0
    assert stored_notes(db, name) == []
    assert win.redo_action.text() == "&Redo Add annotation"

    qtbot.keyClick(
        win.panes["A"].text,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: win.controller.idle, timeout=10_000)
    assert win.annotations.rowCount() == 1
    assert stored_notes(db, name) == ["Which coastguard statement?"]

    # Close, then reopen the session in a new window on the same database.
    win.close()
    again = make_window(qtbot, db)
    try:
        runs = again.controller.runs_ended
        again.controller.open_session(name)
        qtbot.waitUntil(lambda: settled(again), timeout=TIMEOUT_MS)
        assert again.controller.runs_ended == runs  # cached: no analysis ran
        assert again.annotations.rowCount() == 1
        assert again.annotations.index(0, AnnotationColumn.NOTE).data() == (
            "Which coastguard statement?"
        )
        assert annotation_roles(again, "A") == 1
        assert name in again.windowTitle()
    finally:
        again.controller.shutdown()


def test_resolved_status_and_an_empty_selection(qtbot: QtBot, saved: MainWindow) -> None:
    win = saved
    win.panes["B"].text.moveCursor(QTextCursor.MoveOperation.Start)
    for pane in win.panes.values():
        pane.text.moveCursor(QTextCursor.MoveOperation.Start)
    win.annotate_selection()
    assert win.annotation_dialog is None
    assert "Select a passage" in win.status_text.text()
    select(win.panes["A"], QUOTE)
    win.annotate_selection()
    dialog = win.annotation_dialog
    assert dialog is not None
    dialog.status.setCurrentIndex(dialog.status.findData(AnnotationStatus.RESOLVED.value))
    dialog.tag.setCurrentText("my own tag")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: win.controller.idle, timeout=10_000)
    (annotation,) = win.controller.annotations
    assert annotation.status is AnnotationStatus.RESOLVED and annotation.tag == "my own tag"


def test_recent_sessions_and_the_browser_list_open_rename_delete(
    qtbot: QtBot, saved: MainWindow, db: Path
) -> None:
    assert saved.controller.session is not None
    name = saved.controller.session.name
    saved.controller.shutdown()
    win = make_window(qtbot, db)
    try:
        # The empty window offers the saved session.
        qtbot.waitUntil(lambda: win.recent_sessions.names() == [name], timeout=10_000)
        assert win.stack.currentIndex() == 0 and win.recent_sessions.isVisible()
        win.open_sessions_browser()
        browser = win.browser
        assert browser is not None
        qtbot.waitUntil(lambda: browser.names() == [name], timeout=10_000)
        # Rename it from the browser: the store has the new name.
        browser.ask_rename(name)
        assert browser.rename_prompt is not None
        browser.rename_prompt.line_edit.setText("Selka Dawn ferry")
        browser.rename_prompt.ok_button.click()
        qtbot.waitUntil(lambda: browser.names() == ["Selka Dawn ferry"], timeout=10_000)
        browser.open_button.click()
        qtbot.waitUntil(lambda: settled(win), timeout=TIMEOUT_MS)
        assert list(win.panes) == ["A", "B", "C"]
        assert win.controller.session is not None
        assert win.controller.session.name == "Selka Dawn ferry"
        # Deleting the open session closes it, after a confirmation.
        win.open_sessions_browser()
        browser = win.browser
        assert browser is not None
        qtbot.waitUntil(lambda: browser.names() == ["Selka Dawn ferry"], timeout=10_000)
        browser.ask_delete("Selka Dawn ferry")
        assert browser.delete_prompt is not None
        assert "daily backups" in browser.delete_prompt.informativeText() + (
            browser.delete_prompt.text()
        )
        browser.delete_prompt.button(QMessageBox.StandardButton.Yes).click()
        qtbot.waitUntil(lambda: win.controller.idle and not win.panes, timeout=10_000)
        assert win.controller.session is None and win.stack.currentIndex() == 0
        repo = stored(db)
        try:
            assert repo.list_sessions() == []
        finally:
            repo.store.close()
    finally:
        win.controller.shutdown()


def test_session_names_are_unique() -> None:
    from datetime import date

    from app.domain import Article

    article: Any = type("A", (), {"title": "  A   title  "})()
    articles: tuple[Article, ...] = (article,)
    day = date(2026, 1, 2)
    assert session_name(articles, set(), day) == "A title 2026-01-02"
    taken = {"A title 2026-01-02", "A title 2026-01-02 (2)"}
    assert session_name(articles, taken, day) == "A title 2026-01-02 (3)"


def test_annotations_model_passes_the_model_tester(
    qtmodeltester: Any, qtbot: QtBot, saved: MainWindow
) -> None:
    select(saved.panes["A"], QUOTE)
    saved.annotate_selection()
    assert saved.annotation_dialog is not None
    saved.annotation_dialog.ok_button.click()
    qtbot.waitUntil(lambda: saved.annotations.rowCount() == 1, timeout=10_000)
    qtmodeltester.check(saved.annotations)
    assert isinstance(saved.annotations.index(0, 0).data(AnnotationIdRole), str)
    qtmodeltester.check(AnnotationsModel())


def test_fuzzy_and_orphaned_annotations_are_marked(saved: MainWindow) -> None:
    from dataclasses import replace

    from app.editing.anchoring import make_anchor
    from app.editing.commands import AddAnnotation

    session = saved.controller.session
    assert session is not None
    article = session.articles[0]
    text = article.article.text
    start = text.index(QUOTE)
    command = AddAnnotation.create(
        session,
        article_key=article.key,
        anchor=make_anchor(text, start, start + len(QUOTE)),
        note="n",
    )
    fuzzy = replace(command.annotation, state=AnchorState.FUZZY)
    orphan = replace(command.annotation, id="orphan", state=AnchorState.ORPHANED)
    model = AnnotationsModel()
    model.set_annotations((fuzzy, orphan), {article.key: "A"})
    marks = {model.index(r, AnnotationColumn.PLACE).data() for r in range(2)}
    assert marks == {"⚠ fuzzy", "✕ orphaned"}


def test_closing_an_article_edits_the_session_and_undo_brings_it_back(
    qtbot: QtBot, saved: MainWindow, db: Path
) -> None:
    win = saved
    assert win.controller.session is not None
    name = win.controller.session.name
    annotate(qtbot, win, "on the first article")
    win.panes["A"].findChild(QToolButton, "paneClose").click()
    qtbot.waitUntil(lambda: settled(win) and len(win.panes) == 2, timeout=TIMEOUT_MS)
    session = win.controller.session
    assert session is not None and session.name == name  # the same session, edited
    assert len(session.articles) == 2 and win.annotations.rowCount() == 0
    assert "Ctrl+Z" in win.statusBar().currentMessage()
    # An annotation in the article now first lands on its text.
    quote = "Nine people are confirmed dead"
    pane = next(p for p in win.panes.values() if quote in p.article.text)
    select(pane, quote)
    win.annotate_selection()
    assert win.annotation_dialog is not None
    win.annotation_dialog.ok_button.click()
    qtbot.waitUntil(lambda: win.controller.idle, timeout=10_000)
    (note,) = win.controller.annotations
    (target,) = (a for a in win.controller.session.articles if a.key == note.article_key)
    assert target.article.text[note.anchor.start : note.anchor.end] == quote
    # Undo twice: the new note goes, the article comes back with its note.
    win.undo_action.trigger()
    win.undo_action.trigger()
    qtbot.waitUntil(
        lambda: settled(win) and len(win.panes) == 3 and win.annotations.rowCount() == 1,
        timeout=TIMEOUT_MS,
    )
    assert annotation_roles(win, "A") == 1
    repo = stored(db)
    try:
        back = repo.load_session(name)
        assert len(back.articles) == 3 and len(back.annotations) == 1
        assert back.annotations[0].note == "on the first article"
    finally:
        repo.store.close()


def test_files_opened_into_a_session_are_added_to_it(
    qtbot: QtBot, saved: MainWindow, db: Path, samples_dir: Path, tmp_path: Path
) -> None:
    win = saved
    assert win.controller.session is not None
    name = win.controller.session.name
    extra = tmp_path / "fourth.txt"
    extra.write_text(
        "Ferry death toll rises\n\nRescuers said on Sunday that twelve people died when the "
        "Selka Dawn ferry capsized, and that the captain had been arrested.\n",
        encoding="utf-8",
    )
    win.controller.open_files([str(extra)])
    qtbot.waitUntil(lambda: settled(win) and len(win.panes) == 4, timeout=TIMEOUT_MS)
    session = win.controller.session
    assert session is not None and session.name == name
    assert [a.article.id for a in session.articles] == ["A", "B", "C", "D"]
    assert win.undo_action.text() == "&Undo Add article"
    repo = stored(db)
    try:
        assert len(repo.load_session(name).articles) == 4
    finally:
        repo.store.close()
    win.undo_action.trigger()
    qtbot.waitUntil(lambda: settled(win) and len(win.panes) == 3, timeout=TIMEOUT_MS)


def test_opening_the_same_files_again_resumes_their_session(
    qtbot: QtBot, saved: MainWindow, db: Path, samples_dir: Path
) -> None:
    assert saved.controller.session is not None
    name = saved.controller.session.name
    annotate(qtbot, saved, "kept across runs")
    saved.controller.shutdown()
    win = make_window(qtbot, db)
    try:
        win.controller.open_files([str(p) for p in sorted(samples_dir.glob("*.txt"))])
        qtbot.waitUntil(
            lambda: settled(win) and win.annotations.rowCount() == 1, timeout=TIMEOUT_MS
        )
        assert win.controller.session is not None and win.controller.session.name == name
        assert "reopened" in win.statusBar().currentMessage()
        repo = stored(db)
        try:
            assert [s.name for s in repo.list_sessions()] == [name]
        finally:
            repo.store.close()
    finally:
        win.controller.shutdown()


def test_a_change_the_store_refuses_is_reported(qtbot: QtBot, saved: MainWindow, db: Path) -> None:
    win = saved
    assert win.controller.session is not None
    repo = stored(db)
    try:
        repo.delete_session(win.controller.session.name)  # behind the window's back
    finally:
        repo.store.close()
    select(win.panes["A"], QUOTE)
    win.annotate_selection()
    assert win.annotation_dialog is not None
    win.annotation_dialog.ok_button.click()
    qtbot.waitUntil(lambda: win.controller.idle, timeout=10_000)
    assert win.status_text.text() == "The change could not be saved."
    assert "not saved" in win.windowTitle()


def test_closing_the_last_article_closes_the_session_and_keeps_it(
    qtbot: QtBot, saved: MainWindow, db: Path
) -> None:
    win = saved
    assert win.controller.session is not None
    name = win.controller.session.name
    for _ in range(2):
        next(iter(win.panes.values())).close_requested.emit(next(iter(win.panes)))
        qtbot.waitUntil(lambda: settled(win), timeout=TIMEOUT_MS)
    assert len(win.panes) == 1
    only = next(iter(win.panes))
    win.controller.close_article(only)
    assert win.controller.session is None and not win.panes and win.stack.currentIndex() == 0
    assert name in win.statusBar().currentMessage()
    qtbot.waitUntil(lambda: win.controller.idle, timeout=10_000)
    repo = stored(db)
    try:
        assert len(repo.load_session(name).articles) == 1
    finally:
        repo.store.close()


def test_a_file_opened_while_a_close_is_analysed_joins_the_edited_session(
    qtbot: QtBot, saved: MainWindow, db: Path, tmp_path: Path
) -> None:
    win = saved
    assert win.controller.session is not None
    name = win.controller.session.name
    extra = tmp_path / "fourth.txt"
    extra.write_text(
        "Ferry toll rises\n\nTwelve people died when the Selka Dawn capsized, rescuers said.\n",
        encoding="utf-8",
    )
    win.controller.close_article("B")  # analysed again in the background...
    win.controller.open_files([str(extra)])  # ...while another file comes in
    qtbot.waitUntil(
        lambda: settled(win) and len(win.panes) == 3 and not win.controller.busy,
        timeout=TIMEOUT_MS,
    )
    session = win.controller.session
    assert session is not None and session.name == name
    shown = sorted(p.article.text for p in win.panes.values())
    assert sorted(a.article.text for a in session.articles) == shown
    assert any("Twelve people died" in text for text in shown)
    qtbot.waitUntil(lambda: win.controller.idle, timeout=10_000)
    repo = stored(db)
    try:
        assert sorted(a.article.text for a in repo.load_session(name).articles) == shown
    finally:
        repo.store.close()
