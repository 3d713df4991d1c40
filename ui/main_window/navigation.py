"""Going from a relation to its claims and back, and scrolling together.

A relation selected in the table scrolls its panes to its claims; a click on
a linked claim flashes its counterparts and selects its row; F8 and Shift+F8
step through the conflicts; View > Scroll articles together keeps the other
panes on the counterparts of what is on screen (``align``).
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Slot
from PySide6.QtGui import QTextCursor

from ui.article_view import ArticlePane
from ui.highlighter import HighlightIndex
from ui.main_window.find import Finding


class Navigation(Finding):
    """Relations to panes and back, F8, scrolling together."""

    def show_relation(self, relation: int) -> None:
        """Scroll the two panes of a relation to its claims and select them."""
        comparison, index = self.controller.comparison, self.controller.index
        if comparison is None or index is None:
            return
        self._syncing = True
        try:
            claims = [index.claim(c) for c in comparison.relations[relation].claims]
            for claim in claims:
                pane = self.panes.get(claim.article_id)
                if pane is not None:
                    pane.show_span(claim.start, claim.end)
                    self.pane_area.ensureWidgetVisible(pane, 0, 0)
            self._clear_selections_except({c.article_id for c in claims})
        finally:
            self._syncing = False

    def _clear_selections_except(self, article_ids: set[str]) -> None:
        """A selection left in a pane that is not part of what was just
        selected would read as part of it: clear it (the pane stays put)."""
        for article_id, pane in self.panes.items():
            if article_id not in article_ids:
                pane.clear_selection()

    @Slot(str, int)
    def _on_pane_claim_clicked(self, article_id: str, offset: int) -> None:
        """A click in a linked claim: centre and flash its counterparts in the
        other panes and select its relation in the table."""
        index = self.controller.index
        claim = index.claim_at(article_id, offset) if index is not None else None
        links = index.links.get(claim.id, []) if index is not None and claim else []
        if not links:
            return
        counterparts: dict[str, list[tuple[int, int]]] = {}
        for link in links:
            other = link.other
            if other.article_id != article_id and other.article_id in self.panes:
                counterparts.setdefault(other.article_id, []).append((other.start, other.end))
        self._syncing = True  # the panes go to the counterparts, not along
        try:
            for other_id, spans in counterparts.items():
                pane = self.panes[other_id]
                pane.centre_span(*spans[0])  # the first counterpart in each pane
                pane.flash(spans, self.theme)
        finally:
            self._syncing = False
        if counterparts:
            # Off screen to the side: bring the nearest counterpart's pane in.
            self.pane_area.ensureWidgetVisible(self.panes[next(iter(counterparts))], 0, 0)
        self._clear_selections_except({article_id, *counterparts})
        self.select_relation_row(links[0].relation)

    def select_relation_row(self, relation: int) -> None:
        """Select ``relation``'s row (if the filters show it) without moving the panes."""
        self.relations_panel.select_relation(relation)

    def step_conflict(self, step: int) -> None:
        if not self.relations_panel.step_conflict(step):
            self.status_text.setText("No conflict in the list.")

    @Slot(bool)
    def set_sync_scrolling(self, on: bool) -> None:
        self.sync_scrolling = on
        self.sync_action.setChecked(on)
        if on:
            current = next(iter(self._ordered_panes()), None)
            if current is not None:
                self._on_pane_scrolled(current[1])

    def _on_pane_scrolled(self, pane: ArticlePane) -> None:
        if not self.sync_scrolling or self._syncing:
            return
        self._syncing = True
        try:
            for other in self.panes.values():
                if other is not pane:
                    align(pane, other, self.controller.index)
        finally:
            self._syncing = False


def align(source: ArticlePane, target: ArticlePane, index: HighlightIndex | None) -> None:
    """Scroll ``target`` so the counterpart of the first linked claim on
    screen in ``source`` sits at the same height; where nothing on screen
    is linked to ``target`` (or nothing is linked yet: ``index`` None), keep
    the same fraction of the text."""
    found = anchor_pair(source, target, index) if index is not None else None
    bar = target.text.verticalScrollBar()
    if found is None:
        here = source.text.verticalScrollBar()
        if here.maximum() > 0:
            bar.setValue(round(bar.maximum() * here.value() / here.maximum()))
        return
    y, start = found
    cursor = QTextCursor(target.text.document())
    cursor.setPosition(target.text.offsets.to_qt(start))
    delta = target.text.cursorRect(cursor).top() - y
    line = max(1, target.text.fontMetrics().lineSpacing())
    bar.setValue(bar.value() + round(delta / line))


def anchor_pair(
    source: ArticlePane, target: ArticlePane, index: HighlightIndex
) -> tuple[int, int] | None:
    """(y in ``source``'s viewport, counterpart start in ``target``) for the
    topmost claim on screen in ``source`` that has a counterpart in ``target``."""
    view = source.text
    top = view.offsets.from_qt(view.cursorForPosition(QPoint(4, 2)).position())
    bottom = view.offsets.from_qt(
        view.cursorForPosition(QPoint(4, view.viewport().height() - 2)).position()
    )
    for claim in index.claims_between(source.article.id, top, bottom):
        for link in index.links.get(claim.id, []):
            if link.other.article_id == target.article.id:
                cursor = QTextCursor(view.document())
                cursor.setPosition(view.offsets.to_qt(claim.start))
                return view.cursorRect(cursor).top(), link.other.start
    return None
