"""Connectors between panes, click-to-counterpart and find, on a throwaway database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from app.domain import Claim, RelationKind
from ui.article_view import ArticlePane
from ui.controller import Controller
from ui.itemmodels.relations import RelationRole
from ui.main_window import MainWindow
from ui.persistence import SessionStore

pytestmark = pytest.mark.gui

TIMEOUT_MS = 120_000


def settled(win: MainWindow) -> bool:
    c = win.controller
    return c.idle and win.ready and c.session is not None and c.comparison is not None


@pytest.fixture
def win(qtbot: QtBot, tmp_path: Path, samples_dir: Path) -> Iterator[MainWindow]:
    controller = Controller(store=SessionStore(str(tmp_path / "sessions.sqlite3")))
    window = MainWindow(controller, "light", interactive=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    controller.open_files([str(p) for p in sorted(samples_dir.glob("*.txt"))])
    qtbot.waitUntil(lambda: settled(window) and len(window.panes) == 3, timeout=TIMEOUT_MS)
    yield window
    controller.shutdown()


def shorten_panes(qtbot: QtBot, win: MainWindow) -> None:
    """Give the relations panel most of the height: the articles no longer fit."""
    win.body.setSizes([260, 10_000])
    qtbot.waitUntil(
        lambda: all(p.text.viewport().height() < 200 for p in win.panes.values()),
        timeout=10_000,
    )
    for pane in win.panes.values():
        bar = pane.text.verticalScrollBar()
        assert bar.maximum() > 0


class PaintCounter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.paints = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
        return False


def span_rect(pane: ArticlePane, claim: Claim) -> tuple[int, int]:
    """Top and bottom of a claim in its pane's viewport."""
    to_qt = pane.text.offsets.to_qt
    cursor = QTextCursor(pane.text.document())
    cursor.setPosition(to_qt(claim.start))
    top = pane.text.cursorRect(cursor).top()
    cursor.setPosition(to_qt(claim.end))
    return top, pane.text.cursorRect(cursor).bottom()


def on_screen(pane: ArticlePane, claim: Claim) -> bool:
    top, bottom = span_rect(pane, claim)
    return bottom > 0 and top < pane.text.viewport().height()


def expected_connectors(win: MainWindow, left: str, right: str) -> set[int]:
    comparison, index = win.controller.comparison, win.controller.index
    assert comparison is not None and index is not None
    out: set[int] = set()
    for n, rel in enumerate(comparison.relations):
        claims = {index.claim(c).article_id: index.claim(c) for c in rel.claims}
        if set(claims) == {left, right} and all(
            on_screen(win.panes[a], claims[a]) for a in (left, right)
        ):
            out.add(n)
    return out


def check_connectors(win: MainWindow) -> int:
    """Every gutter draws exactly the relations of its two panes shown on screen."""
    comparison = win.controller.comparison
    assert comparison is not None
    inks = {
        RelationKind.CONFLICT: win.theme.colour("conflict_ink"),
        RelationKind.MATCH: win.theme.colour("match_ink"),
    }
    drawn = win.pane_splitter.connectors()
    assert set(drawn) == {("A", "B"), ("B", "C")}  # adjacent panes only
    total = 0
    for (left, right), connectors in drawn.items():
        assert {c.relation for c in connectors} == expected_connectors(win, left, right)
        assert len(connectors) == len({c.relation for c in connectors})
        gutter = win.pane_splitter.handle(list(win.panes).index(right))
        for c in connectors:
            assert c.kind is comparison.relations[c.relation].kind
            assert c.colour == inks[c.kind]
            for top, bottom in (c.left, c.right):
                assert 0 <= top <= bottom <= gutter.height()
        total += len(connectors)
    return total


def test_connectors_join_the_linked_claims_of_adjacent_panes(qtbot: QtBot, win: MainWindow) -> None:
    comparison = win.controller.comparison
    assert comparison is not None
    full = check_connectors(win)  # the whole articles are on screen
    assert full > 0
    kinds = {c.kind for cs in win.pane_splitter.connectors().values() for c in cs}
    assert kinds == {RelationKind.CONFLICT, RelationKind.MATCH}
    shorten_panes(qtbot, win)
    for pane in win.panes.values():
        pane.text.moveCursor(QTextCursor.MoveOperation.Start)
    check_connectors(win)

    # Scrolling a pane repaints its gutter, which still draws exactly what is shown.
    counter = PaintCounter()
    gutter = win.pane_splitter.handle(1)
    gutter.installEventFilter(counter)
    gutter.update()
    qtbot.waitUntil(lambda: counter.paints > 0, timeout=10_000)
    painted = counter.paints
    last = win.panes["A"].text
    last.verticalScrollBar().setValue(last.verticalScrollBar().maximum())
    qtbot.waitUntil(lambda: counter.paints > painted, timeout=10_000)
    gutter.removeEventFilter(counter)
    check_connectors(win)
    # A relation brought on screen in both panes gets its band.
    index = win.controller.index
    assert index is not None
    n = next(
        n
        for n, r in reversed(list(enumerate(comparison.relations)))
        if {index.claim(c).article_id for c in r.claims} == {"A", "B"}
    )
    win.show_relation(n)
    assert n in {c.relation for c in win.pane_splitter.connectors()[("A", "B")]}
    assert 0 < check_connectors(win) < full  # only the relations on screen
    # The dark theme recolours the bands.
    win.set_theme("dark")
    check_connectors(win)
    win.set_theme("light")


def test_clicking_a_claim_brings_its_counterparts_and_selects_the_relation(
    qtbot: QtBot, win: MainWindow
) -> None:
    comparison, index = win.controller.comparison, win.controller.index
    assert comparison is not None and index is not None
    shorten_panes(qtbot, win)
    b = win.panes["B"]
    b.text.verticalScrollBar().setValue(b.text.verticalScrollBar().maximum())
    # A claim of A linked to B whose counterpart B does not show now.
    candidates = [
        (index.claim(x), index.claim(y))
        for r in comparison.relations
        for x, y in (r.claims, tuple(reversed(r.claims)))
        if index.claim(x).article_id == "A" and index.claim(y).article_id == "B"
    ]
    assert candidates
    hidden = [(a, other) for a, other in candidates if not on_screen(b, other)]
    assert hidden  # the panes are short: scrolling B to its end hides some
    claim, _ = hidden[0]
    a = win.panes["A"]
    a.centre_span(claim.start, claim.end)
    assert on_screen(a, claim)

    cursor = QTextCursor(a.text.document())
    cursor.setPosition(a.text.offsets.to_qt(claim.start + 2))
    point: QPoint = a.text.cursorRect(cursor).center()
    qtbot.mouseClick(a.text.viewport(), Qt.MouseButton.LeftButton, pos=point)

    links = index.links[claim.id]
    # The first counterpart in each other pane is centred there, and flashes.
    firsts: dict[str, Claim] = {}
    for link in links:
        firsts.setdefault(link.other.article_id, link.other)
    assert "B" in firsts
    for article_id, other in firsts.items():
        pane = win.panes[article_id]
        assert on_screen(pane, other)
        assert pane.flashing
    # Every counterpart flashes, not only the first in each pane.
    flashed = {
        (article_id, s.cursor.selectionStart(), s.cursor.selectionEnd())
        for article_id, pane in win.panes.items()
        for s in pane.text.extraSelections()
        if s.format.property(s.format.Property.UserProperty) == "flash"
    }
    assert flashed == {
        (
            link.other.article_id,
            win.panes[link.other.article_id].text.offsets.to_qt(link.other.start),
            win.panes[link.other.article_id].text.offsets.to_qt(link.other.end),
        )
        for link in links
    }
    # The relations table follows; the clicked pane did not move its selection.
    current = win.table.currentIndex()
    assert current.isValid()
    assert current.data(RelationRole) in {link.relation for link in links}
    assert win.table.selectionModel().isRowSelected(current.row())
    assert not a.text.textCursor().hasSelection()
    assert on_screen(a, claim)
    # The flash goes away on its own.
    qtbot.waitUntil(lambda: not any(p.flashing for p in win.panes.values()), timeout=10_000)
    flashes = [
        s
        for pane in win.panes.values()
        for s in pane.text.extraSelections()
        if s.format.property(s.format.Property.UserProperty) == "flash"
    ]
    assert flashes == []


def found_marks(pane: ArticlePane) -> int:
    return sum(
        s.format.property(s.format.Property.UserProperty) == "find"
        for s in pane.text.extraSelections()
    )


def test_find_counts_matches_in_every_pane_and_enter_walks_them(
    qtbot: QtBot, win: MainWindow
) -> None:
    query = "selka dawn"
    per_pane = {aid: pane.article.text.lower().count(query) for aid, pane in win.panes.items()}
    total = sum(per_pane.values())
    assert all(per_pane.values()) and total >= 3
    assert win.find_action.shortcut().toString() == "Ctrl+F"

    win.find_action.trigger()
    bar = win.find_bar
    assert bar.isVisible()
    qtbot.keyClicks(bar.edit, query)
    assert bar.count.text() == f"{total} matches"
    for aid, pane in win.panes.items():
        assert found_marks(pane) == per_pane[aid]

    def current() -> tuple[str, str]:
        article_id, start, end = win.matches[win.match]
        pane = win.panes[article_id]
        assert pane.selected_span() == (start, end)
        assert pane.text.viewport().rect().intersects(pane.text.cursorRect())
        return article_id, pane.article.text[start:end].lower()

    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    assert bar.count.text() == f"1 of {total}"
    assert current() == ("A", query)
    # Pane by pane: the match after A's last is B's first.
    for k in range(2, per_pane["A"] + 2):
        qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
        assert bar.count.text() == f"{k} of {total}"
    assert current() == ("B", query)
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert bar.count.text() == f"{per_pane['A']} of {total}"
    assert current()[0] == "A"
    # Previous from the first wraps to the last.
    for _ in range(per_pane["A"] - 1):
        qtbot.keyClick(bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert bar.count.text() == f"1 of {total}"
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert bar.count.text() == f"{total} of {total}"
    assert current()[0] == "C"

    qtbot.keyClicks(bar.edit, "zzz")
    assert bar.count.text() == "No matches"
    assert sum(found_marks(p) for p in win.panes.values()) == 0

    qtbot.keyClick(bar.edit, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    assert win.matches == []
