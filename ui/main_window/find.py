"""Find in all articles (Edit > Find, Ctrl+F).

The matches in every pane, in the panes' order, painted in the panes and
stepped through with Enter and Shift+Enter.
"""

from __future__ import annotations

from PySide6.QtCore import Slot

from ui.find_bar import find_all
from ui.main_window.keyboard import Keyboard


class Finding(Keyboard):
    """The find bar's matches across the panes."""

    @Slot()
    def open_find(self) -> None:
        if self.panes:
            self.find_bar.open_bar()
            self._on_find_query_changed(self.find_bar.edit.text())

    @Slot(str)
    def _on_find_query_changed(self, query: str) -> None:
        self.matches = [
            (article_id, start, end)
            for article_id, pane in self._ordered_panes()
            for start, end in find_all(pane.article.text, query)
        ]
        self.match = -1
        self._paint_matches()
        self.find_bar.set_count(0, len(self.matches))

    @Slot(int)
    def step_match(self, step: int) -> None:
        if not self.matches:
            self.find_bar.set_count(0, 0)
            return
        if self.match < 0:
            self.match = 0 if step > 0 else len(self.matches) - 1
        else:
            self.match = (self.match + step) % len(self.matches)
        article_id, start, end = self.matches[self.match]
        pane = self.panes.get(article_id)
        if pane is not None:
            pane.show_span(start, end)
            self.pane_area.ensureWidgetVisible(pane, 0, 0)
        self.find_bar.set_count(self.match + 1, len(self.matches))

    @Slot()
    def _on_find_closed(self) -> None:
        self.matches, self.match = [], -1
        self._paint_matches()
        pane = next(iter(self.panes.values()), None)
        if pane is not None:
            pane.text.setFocus()

    def _paint_matches(self) -> None:
        spans: dict[str, list[tuple[int, int]]] = {}
        for article_id, start, end in self.matches:
            spans.setdefault(article_id, []).append((start, end))
        for article_id, pane in self.panes.items():
            pane.set_found(spans.get(article_id, []), self.theme)
