"""The article panes side by side: building, highlighting, widths, order.

New articles get new panes, built one per turn of the event loop (panes
whose text was shown before their comparison came are highlighted one per
turn), so the window keeps answering while ten open; the relations table is
filled in a turn of its own.  Also View > Fit all articles, moving a pane,
closing the current one, and the banner a pane shows when its source file
changed on disk or was reloaded.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication

from app.domain import Article
from app.session import AnchorState
from ui.article_view import FIT_PANE_WIDTH, MIN_PANE_WIDTH, ArticlePane
from ui.main_window.base import MESSAGE_MS
from ui.main_window.navigation import Navigation


class PaneStrip(Navigation):
    """The panes: built and highlighted step by step, sized, moved, closed."""

    def _rebuild_panes(self) -> None:
        """Replace the panes with the controller's articles.  The panes are
        built one per turn of the event loop (a pane's text and highlights
        take 10-20 ms), so the window keeps answering while ten open."""
        previous = [_identity(a) for a in self.pane_articles]
        # The focus comes back to the same article once its new pane is built.
        focused = QApplication.focusWidget()
        had = next(
            (p for p in self.panes.values() if focused is not None and p.isAncestorOf(focused)),
            None,
        )
        self._focus_pane_after_build = _identity(had.article) if had is not None else None
        for pane in self.panes.values():
            pane.setParent(None)
            pane.deleteLater()
        self.panes = {}
        self._to_highlight = []  # the new panes are built with their highlights
        self._highlight_timer.stop()
        # Articles keep the places the user moved them to; new ones go last.
        place = {identity: n for n, identity in enumerate(previous)}
        self.pane_articles = sorted(
            self.controller.articles, key=lambda a: place.get(_identity(a), len(place))
        )
        self._to_build = list(self.pane_articles)
        self._apply_pane_widths(equal=False)
        self.matches, self.match = [], -1
        if self._to_build:
            self.controller.view_busy(True)
            self._build_timer.start()
        else:
            self._panes_built()

    @property
    def ready(self) -> bool:
        """Every pane of the current articles is built and highlighted, and
        the relations table is filled."""
        return not self._to_build and not self._table_pending and not self._to_highlight

    def _highlight_stepwise(self) -> None:
        """Highlight the panes already shown (their text came first), one per
        turn of the event loop: ten at once took 40 ms, and their repaint as
        much again, in one stall."""
        if not self._to_highlight:
            self.controller.view_busy(True)
        self._to_highlight = [a.id for a in self.pane_articles if a.id in self.panes]
        self._highlight_timer.start()

    @Slot()
    def _highlight_next_pane(self) -> None:
        if self._to_highlight:
            article_id = self._to_highlight.pop(0)
            notes = self._notes().get(article_id)
            self.panes[article_id].set_highlights(self.controller.index, self.theme, notes)
        if self._to_highlight:
            return
        self._highlight_timer.stop()
        self._paint_matches()
        self.pane_splitter.set_index(self.controller.index, self.theme)
        self.panes_ready.emit()
        self.controller.view_busy(False)

    @Slot()
    def _fill_relations(self) -> None:
        if not self._table_pending:
            return
        self._table_pending = False
        prepared = self.controller.prepared
        rows = prepared.rows if prepared is not None else None
        self.relations_panel.set_comparison(
            self.controller.comparison, rows, self.controller.judgements
        )
        self._update_legend()  # the status bar was set with the comparison

    @Slot()
    def _build_next_pane(self) -> None:
        if not self._to_build:
            self._build_timer.stop()
            return
        article = self._to_build.pop(0)
        pane = ArticlePane(article, imported=self.controller.imported_at(article.id))
        pane.close_requested.connect(self.controller.close_article)
        pane.claim_clicked.connect(self._on_pane_claim_clicked)
        pane.move_requested.connect(self.move_pane)
        pane.reload_requested.connect(self.controller.reload_article)
        pane.banner_dismissed.connect(self._on_pane_banner_dismissed)
        pane.text.verticalScrollBar().valueChanged.connect(
            lambda _value, p=pane: self._on_pane_scrolled(p)
        )
        pane.text.context_actions = [self.annotate_action]
        # N annotates from the text as from the relations table: the passage
        # selected, or else the relation selected.
        annotate = QAction("Annotate", pane.text)
        annotate.setShortcut(QKeySequence(Qt.Key.Key_N))
        annotate.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        annotate.triggered.connect(self.annotate_action.trigger)
        pane.text.addAction(annotate)
        pane.setMinimumWidth(self.pane_minimum())
        if self.text_size:
            pane.set_text_size(self.text_size)
        pane.set_highlights(self.controller.index, self.theme, self._notes().get(article.id))
        self.pane_splitter.addWidget(pane)
        self.pane_splitter.watch(pane)
        self.panes[article.id] = pane
        if not self._to_build:
            self._build_timer.stop()
            self._panes_built()

    def _panes_built(self) -> None:
        count = len(self.panes)
        if count:
            self.pane_splitter.setSizes([1] * count)  # equal widths
        self._update_pane_places()
        self._focus_a_pane()
        self._on_controller_sources_changed()
        self.pane_splitter.set_index(self.controller.index, self.theme)
        if self.find_bar.isVisible():
            self._on_find_query_changed(self.find_bar.edit.text())
        self.panes_ready.emit()
        self.controller.view_busy(False)

    def _focus_a_pane(self) -> None:
        """After the panes were built: the focus goes back to the article it
        was in, or, when it is nowhere the keyboard can work (the empty
        window's button, a pane closed), to the first article."""
        wanted, self._focus_pane_after_build = self._focus_pane_after_build, None
        ordered = [pane for _, pane in self._ordered_panes()]
        if not ordered:
            return
        first, self._focus_first_pane = self._focus_first_pane, False
        target = next((p for p in ordered if _identity(p.article) == wanted), None)
        if target is None:
            if not first and self.current_region() is not None:
                return  # the reporter is working elsewhere in the window
            target = ordered[0]
        target.text.setFocus(Qt.FocusReason.OtherFocusReason)

    def _notes(self) -> dict[str, list[tuple[int, int, str]]]:
        """Placed annotations by pane: start, end, note."""
        notes: dict[str, list[tuple[int, int, str]]] = {}
        for annotation in self.controller.annotations:
            article_id = self.controller.article_id(annotation.article_key)
            if article_id is not None and annotation.state is not AnchorState.ORPHANED:
                anchor = annotation.anchor
                notes.setdefault(article_id, []).append((anchor.start, anchor.end, annotation.note))
        return notes

    def _apply_highlights(self) -> None:
        notes = self._notes()
        for article_id, pane in self.panes.items():
            if article_id not in self._to_highlight:  # else its turn comes
                pane.set_highlights(self.controller.index, self.theme, notes.get(article_id))
        if not self._to_highlight:
            self._paint_matches()
            self.pane_splitter.set_index(self.controller.index, self.theme)

    def pane_minimum(self) -> int:
        """A pane's narrowest width: fitted to the window, or wide and scrolling."""
        return FIT_PANE_WIDTH if self.fit_articles else MIN_PANE_WIDTH

    def _apply_pane_widths(self, *, equal: bool) -> None:
        """The strip is at least as wide as its panes' minimums; with Fit all
        articles the minimum is FIT_PANE_WIDTH, so the panes share the window."""
        width = self.pane_minimum()
        count = len(self.pane_articles)
        for pane in self.panes.values():
            pane.setMinimumWidth(width)
        handles = self.pane_splitter.handleWidth() * max(0, count - 1)
        self.pane_splitter.setMinimumWidth(count * width + handles)
        if equal and self.panes:
            self.pane_splitter.setSizes([1] * len(self.panes))

    @Slot(bool)
    def set_fit_articles(self, on: bool) -> None:
        """View > Fit all articles: the panes share the window's width down to
        a readable minimum (FIT_PANE_WIDTH), beyond which they scroll; off,
        each pane keeps MIN_PANE_WIDTH and the strip scrolls sideways."""
        changed = on != self.fit_articles
        self.fit_articles = on
        self.fit_action.setChecked(on)
        self._apply_pane_widths(equal=True)
        self.pane_splitter.update_gutters()
        if changed and self.prefs_store is not None:
            self.prefs_store.save_fit_articles(on)
        if changed and self.panes:
            fitted = self.pane_splitter.minimumWidth() <= self.pane_area.viewport().width()
            self.status_text.setText(
                "All articles fit the window."
                if on and fitted
                else "The articles are as narrow as they can be read; scroll sideways for the rest."
                if on
                else "The articles keep their width; scroll sideways for the rest."
            )

    def _update_pane_places(self) -> None:
        ordered = self._ordered_panes()
        for n, (_, pane) in enumerate(ordered):
            pane.set_place(n, len(ordered))

    @Slot(str, int)
    def move_pane(self, article_id: str, step: int) -> None:
        """Move a pane left (-1) or right (+1): the gutters then join it to
        its new neighbours.  The order is the window's, not the session's."""
        pane = self.panes.get(article_id)
        if pane is None:
            return
        index = self.pane_splitter.indexOf(pane)
        target = index + step
        if not 0 <= target < self.pane_splitter.count():
            return
        sizes = self.pane_splitter.sizes()
        sizes[index], sizes[target] = sizes[target], sizes[index]
        self.pane_splitter.insertWidget(target, pane)
        # The order survives the next analysis (see _rebuild_panes).
        self.pane_articles = [p.article for _, p in self._ordered_panes()]
        self.pane_splitter.setSizes(sizes)
        self._update_pane_places()
        self.pane_splitter.update_gutters()
        self.pane_area.ensureWidgetVisible(pane, 0, 0)
        self.status_text.setText(f"Article {article_id} moved {'left' if step < 0 else 'right'}.")

    @Slot()
    def close_current_article(self) -> None:
        pane = self.current_pane()
        if pane is None:
            self.status_text.setText("Put the caret in an article first (F6), then close it.")
            return
        self.controller.close_article(pane.article.id)

    def move_current_pane(self, step: int) -> None:
        pane = self.current_pane()
        if pane is None:
            self.status_text.setText("Put the caret in an article first (F6), then move it.")
            return
        self.move_pane(pane.article.id, step)
        pane.text.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def _on_controller_sources_changed(self) -> None:
        for article_id, pane in self.panes.items():
            if self.controller.source_changed(article_id):
                pane.banner.offer_reload()
            elif article_id in self.reports:
                pane.banner.report(self.reports[article_id])
            else:
                pane.banner.hide()

    @Slot(str, str)
    def _on_controller_article_reloaded(self, article_id: str, report: str) -> None:
        if not report:  # the reload was undone or redone: no report stands
            self.reports.pop(article_id, None)
            self._on_controller_sources_changed()
            return
        self.reports[article_id] = report
        self.statusBar().showMessage(f"Article {article_id}: {report}", MESSAGE_MS)
        self._on_controller_sources_changed()

    @Slot(str)
    def _on_pane_banner_dismissed(self, article_id: str) -> None:
        self.reports.pop(article_id, None)
        self.controller.dismiss_source_change(article_id)
        pane = self.panes.get(article_id)
        if pane is not None:
            pane.banner.hide()


def _identity(article: Article) -> str:
    """What keeps a pane's place across analyses: its file (a reloaded text
    is the same article), or the text when it came from no file."""
    return article.source.path or article.text
