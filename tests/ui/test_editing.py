"""Working in the window: verdicts, relation notes, editing notes, sources
changed on disk, panes moved and scrolled together, preferences, export."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from app.domain import RelationKind
from app.session import AnchorState, AnnotationStatus, Verdict
from models.repository import Repository
from models.store import open_store
from ui.article_view import ArticlePane
from ui.controller import Controller
from ui.itemmodels.relations import Column, RelationRole
from ui.main_window import MainWindow
from ui.persistence import SessionStore
from ui.preferences import Preferences, PreferencesStore

# Offscreen Qt says so for every dialog shown; nothing to do with the window.
pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]

TIMEOUT_MS = 120_000


def settled(win: MainWindow) -> bool:
    c = win.controller
    return c.idle and win.ready and c.session is not None and c.comparison is not None


@pytest.fixture
def articles(tmp_path: Path, samples_dir: Path) -> list[Path]:
    """Copies of the samples: tests edit them on disk."""
    folder = tmp_path / "articles"
    folder.mkdir()
    copies = []
    for path in sorted(samples_dir.glob("*.txt")):
        copies.append(Path(shutil.copy(path, folder / path.name)))
    return copies


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "sessions.sqlite3"


@pytest.fixture
def win(qtbot: QtBot, db: Path, articles: list[Path]) -> Iterator[MainWindow]:
    controller = Controller(store=SessionStore(str(db)))
    window = MainWindow(controller, "light", interactive=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    controller.open_files([str(p) for p in articles])
    qtbot.waitUntil(lambda: settled(window) and len(window.panes) == 3, timeout=TIMEOUT_MS)
    yield window
    controller.shutdown()


def stored(db: Path) -> Repository:
    return Repository(open_store(str(db)))


def first_row(win: MainWindow, kind: str) -> int:
    """Select the first row of ``kind`` ("Conflict"/"Match"); its relation."""
    view = win.relations_view
    for row in range(view.rowCount()):
        if view.index(row, Column.KIND).data() == kind:
            win.table.setFocus()
            win.table.selectRow(row)
            relation = view.index(row, Column.KIND).data(RelationRole)
            assert isinstance(relation, int)
            return relation
    raise AssertionError(f"no {kind} row")


def row_of(win: MainWindow, relation: int) -> int:
    view = win.relations_view
    return next(
        r for r in range(view.rowCount()) if view.index(r, 0).data(RelationRole) == relation
    )


def select(pane: ArticlePane, text: str) -> None:
    start = pane.article.text.index(text)
    to_qt = pane.text.offsets.to_qt
    cursor = QTextCursor(pane.text.document())
    cursor.setPosition(to_qt(start))
    cursor.setPosition(to_qt(start + len(text)), QTextCursor.MoveMode.KeepAnchor)
    pane.text.setTextCursor(cursor)
    pane.text.setFocus()


# -- verdicts ------------------------------------------------------------------


def test_confirm_reject_retype_a_relation_with_undo(
    qtbot: QtBot, win: MainWindow, db: Path
) -> None:
    relation = first_row(win, "Conflict")
    panel = win.relations_panel
    panel.reject_action.trigger()
    qtbot.waitUntil(lambda: win.controller.idle, timeout=10_000)
    verdict = win.controller.verdict_of(relation)
    assert verdict is not None and verdict.verdict is Verdict.REJECTED
    row = row_of(win, relation)
    assert win.relations_view.index(row, Column.VERDICT).data() == "✕ rejected"
    # Retyped as a match: the row reads as one, the count follows.
    win.table.selectRow(row)
    panel.retype_action.trigger()
    qtbot.waitUntil(lambda: win.controller.idle, timeout=10_000)
    row = row_of(win, relation)
    assert win.relations_view.index(row, Column.KIND).data() == "Match"
    assert win.relations_view.index(row, Column.VERDICT).data() == "↻ retyped"
    repo = stored(db)
    try:
        assert win.controller.session is not None
        (saved,) = repo.load_session(win.controller.session.name).verdicts
        assert saved.verdict is Verdict.RETYPED and saved.kind is RelationKind.MATCH
    finally:
        repo.store.close()
    win.undo_action.trigger()  # back to rejected
    win.undo_action.trigger()  # no verdict
    assert win.controller.verdict_of(relation) is None
    assert win.relations_view.index(row_of(win, relation), Column.VERDICT).data() == ""
    win.redo_action.trigger()
    verdict = win.controller.verdict_of(relation)
    assert verdict is not None and verdict.verdict is Verdict.REJECTED


def test_verdicts_survive_reopening_the_session(qtbot: QtBot, win: MainWindow, db: Path) -> None:
    relation = first_row(win, "Match")
    win.relations_panel.confirm_action.trigger()
    qtbot.waitUntil(lambda: win.controller.idle, timeout=10_000)
    assert win.controller.session is not None
    name = win.controller.session.name
    claims = win.controller.comparison.relations[relation].claims  # type: ignore[union-attr]
    win.controller.shutdown()
    controller = Controller(store=SessionStore(str(db)))
    again = MainWindow(controller, "light", interactive=False)
    qtbot.addWidget(again)
    try:
        controller.open_session(name)
        qtbot.waitUntil(lambda: settled(again), timeout=TIMEOUT_MS)
        found = [
            n
            for n, rel in enumerate(controller.comparison.relations)  # type: ignore[union-attr]
            if rel.claims == claims
        ]
        assert found and controller.verdict_of(found[0]) is not None
        assert again.relations_view.index(row_of(again, found[0]), Column.VERDICT).data() == (
            "✓ confirmed"
        )
    finally:
        controller.shutdown()


def test_filters_by_type_article_and_words(win: MainWindow) -> None:
    panel = win.relations_panel
    total = win.relations_view.rowCount()
    assert panel.type_filter.count() > 1 and panel.article_filter.count() == 4
    panel.article_filter.setCurrentIndex(panel.article_filter.findData("C"))
    shown = win.relations_view.rowCount()
    assert 0 < shown < total
    for row in range(shown):
        assert "C" in win.relations_view.index(row, Column.ARTICLES).data()
    panel.article_filter.setCurrentIndex(0)
    kind = panel.type_filter.itemData(1)
    panel.type_filter.setCurrentIndex(1)
    for row in range(win.relations_view.rowCount()):
        assert kind in win.relations_view.index(row, Column.TYPE).data()
    panel.type_filter.setCurrentIndex(0)
    panel.text_filter.setText("capsized")
    assert 0 < win.relations_view.rowCount() < total
    panel.text_filter.setText("no such words anywhere")
    assert win.relations_view.rowCount() == 0
    assert "(0 shown)" in panel.count.text()


def test_relations_model_with_verdicts_passes_the_model_tester(
    qtmodeltester: Any, qtbot: QtBot, win: MainWindow
) -> None:
    first_row(win, "Conflict")
    win.relations_panel.confirm_action.trigger()
    qtbot.waitUntil(lambda: win.controller.idle, timeout=10_000)
    qtmodeltester.check(win.relations)
    qtmodeltester.check(win.relations_view)


# -- notes -------------------------------------------------------------------


def test_annotate_a_relation(qtbot: QtBot, win: MainWindow) -> None:
    relation = first_row(win, "Conflict")
    win.relations_panel.annotate_action.trigger()
    dialog = win.annotation_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.quote.text().count("“") == 2  # both claims are shown
    dialog.note.setPlainText("ask both agencies")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: win.controller.idle, timeout=10_000)
    (note,) = win.controller.annotations
    assert note.relation_key == win.controller.relation_key_of(relation)
    assert note.note == "ask both agencies"


def test_n_in_an_article_annotates_the_relation_selected_when_no_passage_is(
    qtbot: QtBot, win: MainWindow
) -> None:
    relation = first_row(win, "Conflict")
    for pane in win.panes.values():
        pane.clear_selection()
    pane = win.panes["A"]
    pane.text.setFocus()
    qtbot.waitUntil(pane.text.hasFocus, timeout=5_000)
    assert pane.selected_span()[0] == pane.selected_span()[1]
    qtbot.keyClick(pane.text, Qt.Key.Key_N)
    dialog = win.annotation_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowTitle() == "Annotate relation"
    dialog.note.setPlainText("call the coastguard")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: win.controller.idle, timeout=10_000)
    (note,) = win.controller.annotations
    assert note.relation_key == win.controller.relation_key_of(relation)


def test_n_on_the_claim_the_table_selected_annotates_its_relation(
    qtbot: QtBot, win: MainWindow
) -> None:
    first_row(win, "Conflict")  # selects the claim in the panes too
    pane = win.panes["A"]
    start, end = pane.selected_span()
    assert start < end
    pane.text.setFocus()
    qtbot.waitUntil(pane.text.hasFocus, timeout=5_000)
    qtbot.keyClick(pane.text, Qt.Key.Key_N)
    dialog = win.annotation_dialog
    assert dialog is not None and dialog.windowTitle() == "Annotate relation"
    dialog.reject()


def test_n_in_an_article_annotates_the_passage_selected(qtbot: QtBot, win: MainWindow) -> None:
    first_row(win, "Conflict")
    pane = win.panes["A"]
    quote = pane.article.text.split(".")[0]
    select(pane, quote)
    qtbot.waitUntil(pane.text.hasFocus, timeout=5_000)
    qtbot.keyClick(pane.text, Qt.Key.Key_N)
    dialog = win.annotation_dialog
    assert dialog is not None and dialog.windowTitle() != "Annotate relation"
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: win.controller.idle, timeout=10_000)
    (note,) = win.controller.annotations
    assert note.relation_key is None
    assert note.anchor.exact == quote


def test_annotate_with_nothing_selected_says_what_to_select(qtbot: QtBot, win: MainWindow) -> None:
    first_row(win, "Conflict")
    # A click elsewhere clears the table's selection but leaves its current
    # row: that row is not what the reporter means to annotate.
    win.table.clearSelection()
    for pane in win.panes.values():
        pane.clear_selection()
    assert win.relations_panel.current_relation() is not None
    # The table's own keys do not act on that row either.
    assert not win.relations_panel.annotate_action.isEnabled()
    assert not win.relations_panel.confirm_action.isEnabled()
    win.annotate_selection()
    assert win.annotation_dialog is None or not win.annotation_dialog.isVisible()
    assert "Select a passage in an article or a relation" in win.status_text.text()


def test_edit_resolve_delete_from_the_panel_with_undo(qtbot: QtBot, win: MainWindow) -> None:
    pane = win.panes["A"]
    quote = pane.article.text.split(".")[0]
    select(pane, quote)
    win.annotate_selection()
    assert win.annotation_dialog is not None
    win.annotation_dialog.note.setPlainText("first note")
    win.annotation_dialog.ok_button.click()
    qtbot.waitUntil(lambda: win.annotations.rowCount() == 1, timeout=10_000)
    panel = win.annotations_panel
    panel.table.selectRow(0)
    # Edit: the dialog comes back filled in.
    panel.edit_action.trigger()
    dialog = win.annotation_dialog
    assert dialog is not None and dialog.note.toPlainText() == "first note"
    dialog.note.setPlainText("checked with the port authority")
    dialog.ok_button.click()
    (note,) = win.controller.annotations
    assert note.note == "checked with the port authority"
    # Resolve, then reopen.
    panel.resolve_action.trigger()
    assert win.controller.annotations[0].status is AnnotationStatus.RESOLVED
    assert panel.resolve_action.iconText() == "Reopen"
    assert "0 open" in panel.count.text()
    panel.resolve_action.trigger()
    assert win.controller.annotations[0].status is AnnotationStatus.OPEN
    # Delete; undo brings it back, edited.
    panel.table.selectRow(0)
    panel.delete_action.trigger()
    assert win.annotations.rowCount() == 0
    assert "Ctrl+Z" in win.statusBar().currentMessage()
    win.undo_action.trigger()
    assert win.annotations.rowCount() == 1
    assert win.controller.annotations[0].note == "checked with the port authority"
    qtbot.waitUntil(lambda: win.controller.idle and "saved" in win.windowTitle(), timeout=10_000)


# -- sources changed on disk --------------------------------------------------


def test_a_changed_source_offers_a_reload_that_reports_the_notes(
    qtbot: QtBot, win: MainWindow, articles: list[Path], db: Path
) -> None:
    pane = win.panes["A"]
    text = pane.article.text
    quote = text.split(".")[0]
    select(pane, quote)
    win.annotate_selection()
    assert win.annotation_dialog is not None
    win.annotation_dialog.ok_button.click()
    qtbot.waitUntil(lambda: win.controller.idle, timeout=10_000)
    # The reporter's file is edited: the first sentence is rewritten.
    source = articles[0]
    raw = source.read_text(encoding="utf-8")
    source.write_text(raw.replace(quote, "A quite different opening sentence"), encoding="utf-8")
    win.controller.check_sources()  # what the file watcher triggers
    qtbot.waitUntil(lambda: win.panes["A"].banner.isVisible(), timeout=10_000)
    banner = win.panes["A"].banner
    assert "changed on disk" in banner.message.text() and banner.reload_button.isVisible()
    banner.reload_button.click()
    qtbot.waitUntil(
        lambda: settled(win) and "quite different" in win.panes["A"].article.text,
        timeout=TIMEOUT_MS,
    )
    assert [id_ for id_, _ in win._ordered_panes()] == ["A", "B", "C"]  # keeps its place
    banner = win.panes["A"].banner
    assert banner.isVisible() and not banner.reload_button.isVisible()
    assert "not found in the new text" in banner.message.text()
    (note,) = win.controller.annotations
    assert note.state is AnchorState.ORPHANED  # kept, listed, never dropped
    banner.dismiss_button.click()
    assert not win.panes["A"].banner.isVisible()
    # Undo puts the old text back, with the note in its place.
    win.undo_action.trigger()
    qtbot.waitUntil(
        lambda: settled(win) and win.panes["A"].article.text == text, timeout=TIMEOUT_MS
    )
    assert win.controller.annotations[0].state is AnchorState.ANCHORED


def test_an_unchanged_source_shows_no_banner(qtbot: QtBot, win: MainWindow) -> None:
    win.controller.check_sources()
    qtbot.waitUntil(lambda: win.controller.idle, timeout=10_000)
    assert not any(p.banner.isVisible() for p in win.panes.values())


# -- panes -------------------------------------------------------------------


def test_panes_move_and_the_gutters_follow(win: MainWindow) -> None:
    order = [id_ for id_, _ in win._ordered_panes()]
    assert order == ["A", "B", "C"]
    assert not win.panes["A"].left_button.isEnabled()
    win.panes["A"].right_button.click()
    assert [id_ for id_, _ in win._ordered_panes()] == ["B", "A", "C"]
    assert win.panes["A"].left_button.isEnabled() and win.panes["A"].right_button.isEnabled()
    assert not win.panes["B"].left_button.isEnabled()
    # The first gutter now joins B and A, the second A and C.
    assert set(win.pane_splitter.connectors()) <= {("B", "A"), ("A", "C")}


def test_scrolling_together_brings_the_counterpart_level(qtbot: QtBot, win: MainWindow) -> None:
    win.body.setSizes([260, 10_000])
    qtbot.waitUntil(
        lambda: all(p.text.viewport().height() < 200 for p in win.panes.values()),
        timeout=10_000,
    )
    win.sync_action.trigger()
    assert win.sync_scrolling
    a, b = win.panes["A"], win.panes["B"]
    bar = a.text.verticalScrollBar()
    before = b.text.verticalScrollBar().value()
    bar.setValue(bar.maximum() // 2)
    assert b.text.verticalScrollBar().value() != before
    win.sync_action.trigger()
    assert not win.sync_scrolling
    now = b.text.verticalScrollBar().value()
    bar.setValue(0)
    assert b.text.verticalScrollBar().value() == now


# -- preferences and export ----------------------------------------------------


def test_preferences_apply_and_are_kept(qtbot: QtBot, win: MainWindow, tmp_path: Path) -> None:
    store = PreferencesStore(QSettings(str(tmp_path / "p.ini"), QSettings.Format.IniFormat))
    win.prefs_store = store
    win.open_preferences()
    dialog = win.preferences_dialog
    assert dialog is not None
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dialog.text_size.setValue(15)
    dialog.ok_button.click()
    assert win.theme.name == "dark" and win.theme_choice == "dark"
    assert all(p.text.font().pointSize() == 15 for p in win.panes.values())
    assert store.load() == Preferences(theme="dark", text_size=15)
    assert win.controller.idle  # neither sensitivity nor pipeline changed: no new analysis
    # A new sensitivity analyses the articles again.
    runs = win.controller.runs_ended
    win.apply_preferences(Preferences(theme="dark", text_size=15, sensitivity=0.2))
    qtbot.waitUntil(lambda: win.controller.runs_ended > runs and settled(win), timeout=TIMEOUT_MS)
    assert win.controller.settings.sensitivity == 0.2
    win.set_theme("light")


def test_layout_is_restored(qtbot: QtBot, win: MainWindow, tmp_path: Path) -> None:
    store = PreferencesStore(QSettings(str(tmp_path / "p.ini"), QSettings.Format.IniFormat))
    win.prefs_store = store
    win.body.setSizes([300, 500])
    sizes = win.body.sizes()
    store.save_window(win, win.layout_splitters())
    win.body.setSizes([700, 100])
    assert win.restore_layout()
    # The window's size is restored too, so the split is compared as a share.
    share = win.body.sizes()[0] / sum(win.body.sizes())
    assert share == pytest.approx(sizes[0] / sum(sizes), abs=0.02)


def test_export_pdf_from_the_window(
    qtbot: QtBot, win: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    documents = tmp_path / "Documents"
    documents.mkdir()
    monkeypatch.setattr("ui.main_window.exporting.documents_folder", lambda: documents)
    assert win.export_action.isEnabled()
    win.export_action.trigger()
    dialog = win.export_dialog
    assert dialog is not None and dialog.isVisible()
    assert Path(dialog.path()).parent == documents  # not beside the articles (issue 10)
    target = tmp_path / "summary.pdf"
    dialog.file_edit.setText(str(target))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: win.last_export is not None, timeout=TIMEOUT_MS)
    assert target.read_bytes().startswith(b"%PDF")
    assert "Exported" in win.status_text.text() and str(target) in win.status_text.text()
    assert not win.cancel_button.isVisible()


def test_closing_the_session_returns_to_the_empty_window(qtbot: QtBot, win: MainWindow) -> None:
    win.close_session_action.trigger()
    assert win.stack.currentIndex() == 0 and not win.panes
    assert not win.export_action.isEnabled()
    qtbot.waitUntil(lambda: win.recent_sessions.isVisible(), timeout=10_000)
    assert len(win.recent_sessions.names()) == 1
    win.recent_sessions.rows[0].click()
    qtbot.waitUntil(lambda: settled(win) and len(win.panes) == 3, timeout=TIMEOUT_MS)


def test_the_system_theme_follows_the_desktop(qtbot: QtBot) -> None:
    window = MainWindow(Controller(), "system", interactive=False)
    qtbot.addWidget(window)
    assert window.theme_choice == "system" and window.theme.name in ("light", "dark")
    checked = [a.data() for a in window.theme_actions.actions() if a.isChecked()]
    assert checked == ["system"]


# -- what a review found -------------------------------------------------------


def test_a_moved_pane_keeps_its_place_after_a_new_analysis(qtbot: QtBot, win: MainWindow) -> None:
    win.panes["A"].right_button.click()
    runs = win.controller.runs_ended
    win.apply_preferences(Preferences(theme="light", sensitivity=0.3))
    qtbot.waitUntil(lambda: win.controller.runs_ended > runs and settled(win), timeout=TIMEOUT_MS)
    assert [id_ for id_, _ in win._ordered_panes()] == ["B", "A", "C"]


def test_a_note_begun_on_an_article_closed_meanwhile_is_refused_and_quoted(
    qtbot: QtBot, win: MainWindow
) -> None:
    problems: list[tuple[str, str]] = []
    win.controller.edit_failed.connect(lambda title, text: problems.append((title, text)))
    pane = win.panes["B"]
    select(pane, pane.article.text.split(".")[0])
    win.annotate_selection()
    dialog = win.annotation_dialog
    assert dialog is not None
    win.controller.close_article("B")  # the letters shift while the editor is open
    qtbot.waitUntil(lambda: settled(win) and len(win.panes) == 2, timeout=TIMEOUT_MS)
    dialog.note.setPlainText("call the port authority")
    dialog.ok_button.click()
    assert win.controller.annotations == ()
    (title, text) = problems[-1]
    assert "not added" in title and "call the port authority" in text


def test_retyping_under_a_filter_does_not_move_the_panes(qtbot: QtBot, win: MainWindow) -> None:
    panel = win.relations_panel
    panel.kind_filter.setCurrentIndex(panel.kind_filter.findData("conflict"))
    relation = first_row(win, "Conflict")
    moved: list[int] = []
    panel.relation_selected.connect(moved.append)
    panel.retype_action.trigger()  # the row becomes a match
    qtbot.waitUntil(lambda: win.controller.idle, timeout=10_000)
    assert moved == []
    # It stays in view and selected (issue 10, point 4) until the filter is
    # applied again, which then leaves it out.
    assert panel.current_relation() == relation
    panel.kind_filter.setCurrentIndex(panel.kind_filter.findData("match"))
    panel.kind_filter.setCurrentIndex(panel.kind_filter.findData("conflict"))
    assert relation not in [
        win.relations_view.index(r, 0).data(RelationRole)
        for r in range(win.relations_view.rowCount())
    ]


def test_undoing_a_reload_offers_the_reload_again(
    qtbot: QtBot, win: MainWindow, articles: list[Path]
) -> None:
    source = articles[0]
    raw = source.read_text(encoding="utf-8")
    source.write_text(raw + "\nA line added by the desk.\n", encoding="utf-8")
    win.controller.check_sources()
    qtbot.waitUntil(lambda: win.panes["A"].banner.reload_button.isVisible(), timeout=10_000)
    win.panes["A"].banner.reload_button.click()
    qtbot.waitUntil(
        lambda: settled(win) and "added by the desk" in win.panes["A"].article.text,
        timeout=TIMEOUT_MS,
    )
    win.undo_action.trigger()
    qtbot.waitUntil(
        lambda: (
            settled(win)
            and "added by the desk" not in win.panes["A"].article.text
            and win.panes["A"].banner.reload_button.isVisible()
        ),
        timeout=TIMEOUT_MS,
    )


def test_a_refused_rename_keeps_the_same_session_open(
    qtbot: QtBot, win: MainWindow, db: Path, articles: list[Path]
) -> None:
    assert win.controller.session is not None
    name = win.controller.session.name
    repo = stored(db)
    try:
        from app.importing import import_file

        repo.create_session("Another desk's session", [import_file(str(articles[0]))])
    finally:
        repo.store.close()
    win.controller.rename_session(name, "Another desk's session")
    qtbot.waitUntil(
        lambda: win.controller.idle and "not saved" in win.windowTitle(), timeout=10_000
    )
    qtbot.waitUntil(
        lambda: win.controller.session is not None and win.controller.session.name == name,
        timeout=10_000,
    )
    assert len(win.controller.session.articles) == 3  # type: ignore[union-attr]
