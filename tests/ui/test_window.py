"""The window driven as a user would (pytest-qt, offscreen)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QEvent, QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QHelpEvent, QPalette, QTextCursor
from PySide6.QtWidgets import QApplication, QMessageBox, QToolTip
from pytestqt.qtbot import QtBot

from app.domain import RelationKind
from app.errors import Cancelled
from ui.controller import Controller
from ui.highlighter import Role
from ui.itemmodels.relations import Column, RelationRole, RelationsModel
from ui.main_window import MainWindow
from ui.theme import THEMES, load_theme
from ui.workers import AnalysisRequest, run_analysis

pytestmark = pytest.mark.gui

ANALYSIS_TIMEOUT_MS = 120_000


@pytest.fixture
def window(qtbot: QtBot) -> Iterator[MainWindow]:
    controller = Controller()
    win = MainWindow(controller, "light")
    qtbot.addWidget(win)
    win.show()
    yield win
    controller.shutdown()


def open_and_wait(qtbot: QtBot, win: MainWindow, paths: list[str]) -> None:
    ended = win.controller.runs_ended
    win.controller.open_files(paths)
    qtbot.waitUntil(
        lambda: win.controller.runs_ended > ended and win.ready, timeout=ANALYSIS_TIMEOUT_MS
    )


@pytest.fixture
def opened(qtbot: QtBot, window: MainWindow, samples_dir: Path) -> MainWindow:
    open_and_wait(qtbot, window, [str(p) for p in sorted(samples_dir.glob("*.txt"))])
    return window


def roles_in(win: MainWindow, article_id: str) -> set[str]:
    selections = win.panes[article_id].text.extraSelections()
    return {str(s.format.property(s.format.Property.UserProperty)) for s in selections}


def test_window_shows_the_empty_state_before_any_analysis(window: MainWindow) -> None:
    assert window.isVisible()
    assert window.stack.currentIndex() == 0
    assert window.panes == {}


def test_the_model_loads_behind_a_visible_window(qtbot: QtBot, window: MainWindow) -> None:
    window.controller.preload_model()
    if window.controller.model_state == "loading":
        assert window.status_text.text() == "Loading language model…"
        assert window.progress.isVisible()
    qtbot.waitUntil(lambda: window.controller.model_state == "ready", timeout=ANALYSIS_TIMEOUT_MS)
    assert not window.progress.isVisible()


def test_progress_and_cancel_show_while_analysing(
    qtbot: QtBot, window: MainWindow, samples_dir: Path
) -> None:
    messages: list[str] = []
    window.controller.progress_reported.connect(lambda text, _d, _t: messages.append(text))
    ended = window.controller.runs_ended
    window.controller.open_files([str(p) for p in sorted(samples_dir.glob("*.txt"))])
    assert window.cancel_button.isVisible() and window.progress.isVisible()
    qtbot.waitUntil(
        lambda: window.controller.runs_ended > ended and window.ready, timeout=ANALYSIS_TIMEOUT_MS
    )
    assert not window.cancel_button.isVisible()
    assert any(m.startswith("Importing file") for m in messages)
    assert "Linking claims…" in messages


def test_a_cancelled_analysis_stops_between_steps(samples_dir: Path) -> None:
    request = AnalysisRequest((), tuple(str(p) for p in sorted(samples_dir.glob("*.txt"))))
    with pytest.raises(Cancelled):
        run_analysis(request, cancelled=lambda: True)


def test_samples_open_side_by_side_with_highlights_and_relations(opened: MainWindow) -> None:
    win = opened
    comparison = win.controller.comparison
    assert comparison is not None and len(comparison.articles) == 3
    assert win.stack.currentIndex() == 1
    assert list(win.panes) == ["A", "B", "C"]
    for article in comparison.articles:
        pane = win.panes[article.id]
        assert pane.text.toPlainText() == article.text  # the exact text
        assert pane.title.full_text() == article.title
        assert pane.title.text().count("\n") < 2  # at most two lines (issue 10)
        assert f"{article.word_count} words" in pane.meta.text()
    # Every claim in a relation is highlighted in its own pane.
    assert win.relations.rowCount() == len(comparison.relations) > 0
    for article in comparison.articles:
        linked = {
            c
            for r in comparison.relations
            for c in r.claims
            if comparison.claim(c).article_id == article.id
        }
        spans = win.controller.index.spans(article.id) if win.controller.index else []
        assert linked <= {s.claim_id for s in spans}
        assert len(win.panes[article.id].text.extraSelections()) == len(spans)
    kinds = {r.kind for r in comparison.relations}
    assert RelationKind.CONFLICT in kinds and RelationKind.MATCH in kinds
    all_roles = set().union(*(roles_in(win, a.id) for a in comparison.articles))
    assert {Role.CONFLICT.value, Role.VALUE.value, Role.MATCH.value} <= all_roles
    assert "conflicts" in win.relation_count.text()


def test_possible_relations_are_hidden_until_asked_for(qtbot: QtBot, opened: MainWindow) -> None:
    win = opened
    full, shown = win.controller.full_comparison, win.controller.comparison
    assert full is not None and shown is not None
    hidden = full.possible_count
    assert hidden > 0 and not any(r.possible for r in shown.relations)
    assert f"{hidden} possible hidden" in win.status_text.text()
    win.possible_action.trigger()  # View > Show possible relations (Ctrl+P)
    qtbot.waitUntil(
        lambda: (
            win.controller.comparison is not None
            and len(win.controller.comparison.relations) == len(full.relations)
        ),
        timeout=ANALYSIS_TIMEOUT_MS,
    )
    qtbot.waitUntil(lambda: win.relations.rowCount() == len(full.relations))
    assert "possible hidden" not in win.status_text.text()
    win.possible_action.trigger()
    qtbot.waitUntil(lambda: win.relations.rowCount() == len(shown.relations))


def test_selecting_a_relation_moves_both_panes_to_its_claims(
    qtbot: QtBot, opened: MainWindow
) -> None:
    win = opened
    comparison = win.controller.comparison
    assert comparison is not None
    proxy = win.relations_view
    row = proxy.rowCount() - 1  # the last row: its claims are far from the top
    win.table.selectRow(row)
    relation = comparison.relations[proxy.index(row, 0).data(RelationRole)]
    for claim_id in relation.claims:
        claim = comparison.claim(claim_id)
        pane = win.panes[claim.article_id]
        assert pane.selected_span() == (claim.start, claim.end)
        # ... and the claim is scrolled into view.
        assert pane.text.viewport().rect().intersects(pane.text.cursorRect())


def test_f8_walks_the_conflicts_and_shift_f8_walks_back(qtbot: QtBot, opened: MainWindow) -> None:
    win = opened
    win.activateWindow()
    win.next_action.trigger()
    first = win.table.currentIndex()
    assert first.isValid() and first.siblingAtColumn(Column.KIND).data() == "Conflict"
    win.next_action.trigger()
    second = win.table.currentIndex()
    assert second.row() != first.row() and second.siblingAtColumn(0).data() == "Conflict"
    win.previous_action.trigger()
    assert win.table.currentIndex().row() == first.row()
    assert win.next_action.shortcut().toString() == "F8"
    assert win.previous_action.shortcut().toString() == "Shift+F8"


def test_kind_filter_keeps_one_kind(opened: MainWindow) -> None:
    win = opened
    win.kind_filter.setCurrentIndex(win.kind_filter.findData("conflict"))
    rows = win.relations_view.rowCount()
    assert rows > 0
    assert all(win.relations_view.index(r, 0).data() == "Conflict" for r in range(rows))
    win.kind_filter.setCurrentIndex(0)
    assert win.relations_view.rowCount() == win.relations.rowCount()


def test_hovering_a_conflict_tells_the_counterpart_and_the_difference(opened: MainWindow) -> None:
    win = opened
    comparison = win.controller.comparison
    assert comparison is not None
    rel = next(r for r in comparison.relations if r.kind is RelationKind.CONFLICT)
    a, b = (comparison.claim(c) for c in rel.claims)
    tip = win.panes[a.article_id].text.tooltip_at(a.start + 1)
    assert "Conflicts with" in tip
    assert b.text.split()[0] in tip
    assert any(d.note.split(":")[0] in tip for d in rel.differences)


def test_the_kind_column_says_how_sure_the_engine_is(opened: MainWindow) -> None:
    view = opened.relations_view
    kinds = [view.index(row, Column.KIND) for row in range(view.rowCount())]
    tips = [(k.data(), k.data(Qt.ItemDataRole.ToolTipRole)) for k in kinds]
    assert {kind for kind, _ in tips} == {"Conflict", "Match"}
    for kind, tip in tips:
        assert tip.startswith(f"Found by the engine as a {kind.lower()}, "), tip
        assert tip.endswith("% sure") and "100%" not in tip, tip


# The offscreen platform cannot raise the tooltip window; it says so.
@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_a_real_hover_event_shows_the_tooltip(opened: MainWindow) -> None:
    win = opened
    comparison = win.controller.comparison
    assert comparison is not None
    rel = next(r for r in comparison.relations if r.kind is RelationKind.CONFLICT)
    claim = comparison.claim(rel.claims[0])
    text = win.panes[claim.article_id].text
    cursor = QTextCursor(text.document())
    cursor.setPosition(text.offsets.to_qt(claim.start + 2))
    pos = text.cursorRect(cursor).center()
    event = QHelpEvent(QEvent.Type.ToolTip, pos, text.viewport().mapToGlobal(pos))
    QApplication.sendEvent(text.viewport(), event)
    assert "Conflicts with" in QToolTip.text()
    QToolTip.hideText()


def test_dark_theme_recolours_the_window_and_the_highlights(opened: MainWindow) -> None:
    win = opened
    dark = load_theme("dark")
    win.set_theme("dark")
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    assert app.palette().color(QPalette.ColorRole.Window) == dark.colour("window")
    assert "@palette" in app.styleSheet()
    backgrounds = {
        s.format.background().color().name()
        for pane in win.panes.values()
        for s in pane.text.extraSelections()
    }
    assert dark.colours["conflict"] in backgrounds
    assert load_theme("light").colours["conflict"] not in backgrounds
    win.set_theme("light")


def test_a_bad_dropped_file_is_reported_and_the_good_ones_still_open(
    qtbot: QtBot,
    window: MainWindow,
    samples_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shown: list[tuple[str, str]] = []

    def fake_warning(_parent: Any, title: str, text: str, *args: Any) -> Any:
        shown.append((title, text))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", staticmethod(fake_warning))
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    good = sorted(samples_dir.glob("*.txt"))[:2]
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in [good[0], empty, good[1]]])
    pos = QPoint(200, 200)
    args = (
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    try:
        enter = QDragEnterEvent(pos, *args)
    except TypeError:  # PySide6 6.12 takes a QPointF here
        enter = QDragEnterEvent(pos.toPointF(), *args)  # type: ignore[call-overload,unused-ignore]
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        pos.toPointF(),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    ended = window.controller.runs_ended
    QApplication.sendEvent(window, drop)
    qtbot.waitUntil(
        lambda: window.controller.runs_ended > ended and window.ready, timeout=ANALYSIS_TIMEOUT_MS
    )
    qtbot.waitUntil(lambda: bool(shown))
    assert len(shown) == 1
    assert "empty.txt" in shown[0][1]
    assert [a.source.path for a in window.controller.articles] == [str(p) for p in good]
    assert list(window.panes) == ["A", "B"]


def test_closing_a_pane_reanalyses_the_rest(qtbot: QtBot, opened: MainWindow) -> None:
    win = opened
    ended = win.controller.runs_ended
    win.panes["B"].close_requested.emit("B")
    qtbot.waitUntil(
        lambda: win.controller.runs_ended > ended and win.ready, timeout=ANALYSIS_TIMEOUT_MS
    )
    assert list(win.panes) == ["A", "C"]
    assert win.controller.comparison is not None
    assert {a.id for a in win.controller.comparison.articles} == {"A", "C"}


def test_a_newer_request_drops_the_older_result(
    qtbot: QtBot, window: MainWindow, samples_dir: Path
) -> None:
    samples = [str(p) for p in sorted(samples_dir.glob("*.txt"))]
    controller = window.controller
    controller.open_files(samples[:1])
    first = controller.generation
    controller.open_files(samples[1:])  # supersedes the first request, keeps its files
    assert controller.generation == first + 1
    qtbot.waitUntil(
        lambda: controller.idle and window.ready and controller.comparison is not None,
        timeout=ANALYSIS_TIMEOUT_MS,
    )
    assert [a.id for a in controller.articles] == ["A", "B", "C"]


def test_relations_model_passes_the_model_tester(qtmodeltester: Any, opened: MainWindow) -> None:
    qtmodeltester.check(opened.relations)
    qtmodeltester.check(opened.relations_view)
    empty = RelationsModel()
    qtmodeltester.check(empty)


@pytest.mark.parametrize("name", THEMES)
def test_every_theme_defines_its_palette(name: str) -> None:
    theme = load_theme(name)
    for role in Role:
        assert role.value in theme.colours


def test_screenshot_from_the_command_line(samples_dir: Path, tmp_path: Path) -> None:
    """``crosscheck gui FILES --screenshot PNG`` in its own process, offscreen."""
    import os
    import subprocess
    import sys

    from PySide6.QtGui import QImage

    shot = tmp_path / "window.png"
    files = [str(p) for p in sorted(samples_dir.glob("*.txt"))]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [
            *(sys.executable, "-m", "app", "gui", *files, "--theme", "dark"),
            *("--screenshot", str(shot), "--db", str(tmp_path / "s.sqlite3")),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    image = QImage(str(shot))
    assert image.width() >= 1200 and image.height() >= 750


def test_offsets_count_utf16_units_outside_the_bmp() -> None:
    from ui.article_view import Offsets

    text = "a😀b😀c"
    offsets = Offsets(text)
    utf16 = [len(text[:i].encode("utf-16-le")) // 2 for i in range(len(text) + 1)]
    assert [offsets.to_qt(i) for i in range(len(text) + 1)] == utf16
    assert [offsets.from_qt(q) for q in utf16] == list(range(len(text) + 1))
