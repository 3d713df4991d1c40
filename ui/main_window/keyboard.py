"""The keyboard's way round the window (issue 10).

The regions F6 and Tab walk (the find bar, each article, the relations
filters, the relations, the annotations, Cancel), the pane the caret is or
was last in, and the focus coming back where it was when a dialog closes.
"""

from __future__ import annotations

from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QApplication, QWidget

from ui.article_view import ArticlePane
from ui.main_window.status import StatusLine


@dataclass(frozen=True)
class Region:
    """A part of the window the keyboard moves between: F6 goes to its
    ``entry``, Tab walks its ``stops`` (the entry among them)."""

    name: str
    entry: QWidget
    stops: tuple[QWidget, ...]

    def holds(self, widget: QWidget | None) -> bool:
        return widget is not None and any(s is widget or s.isAncestorOf(widget) for s in self.stops)


class Keyboard(StatusLine):
    """Regions, F6 and Tab, the current pane, the focus after a dialog."""

    def focus_regions(self) -> list[Region]:
        """The regions of the window in the order F6 and Tab walk them: the
        find bar (when open), each article, the relations filters, the
        relations, the annotations, and Cancel while work is under way."""
        regions: list[Region] = []
        if self.stack.currentIndex() != 1:
            return regions
        if self.find_bar.isVisible():
            regions.append(Region("find", self.find_bar.edit, (self.find_bar.edit,)))
        for article_id, pane in self._ordered_panes():
            banner = pane.banner
            buttons = tuple(
                b
                for b in (banner.reload_button, banner.dismiss_button)
                if banner.isVisible() and b.isVisible()
            )
            regions.append(Region(f"article {article_id}", pane.text, (*buttons, pane.text)))
        panel = self.relations_panel
        filters = tuple(
            w
            for w in (panel.kind_filter, panel.type_filter, panel.article_filter, panel.text_filter)
            if w.isVisible() and w.isEnabled()
        )
        if filters:
            regions.append(Region("filters", filters[0], filters))
        regions.append(Region("relations", self.table, (self.table,)))
        regions.append(Region("annotations", self.annotations_table, (self.annotations_table,)))
        if self.cancel_button.isVisible():
            regions.append(Region("cancel", self.cancel_button, (self.cancel_button,)))
        return regions

    def current_region(self) -> Region | None:
        focused = QApplication.focusWidget()
        return next((r for r in self.focus_regions() if r.holds(focused)), None)

    @Slot(int)
    def step_region(self, step: int) -> None:
        """F6 / Shift+F6: the next or previous region, round and round."""
        regions = self.focus_regions()
        if not regions:
            if self.stack.currentIndex() == 0:
                self.open_button.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return
        current = self.current_region()
        if current is None:
            target = regions[0 if step > 0 else -1]
        else:
            at = next(i for i, r in enumerate(regions) if r.name == current.name)
            target = regions[(at + step) % len(regions)]
        self._focus(target.entry, Qt.FocusReason.ShortcutFocusReason)

    def focusNextPrevChild(self, forward: bool) -> bool:
        """Tab and Shift+Tab move from region to region (and between the few
        stops of a region, such as the filters), never cell by cell."""
        stops = [stop for region in self.focus_regions() for stop in region.stops]
        if not stops or QApplication.activeModalWidget() is not None:
            return super().focusNextPrevChild(forward)
        focused = QApplication.focusWidget()
        at = next(
            (
                i
                for i, stop in enumerate(stops)
                if focused is not None and (stop is focused or stop.isAncestorOf(focused))
            ),
            None,
        )
        step = 1 if forward else -1
        target = (0 if forward else len(stops) - 1) if at is None else (at + step) % len(stops)
        reason = Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason
        self._focus(stops[target], reason)
        return True

    def _focus(self, widget: QWidget, reason: Qt.FocusReason) -> None:
        widget.setFocus(reason)
        for pane in self.panes.values():
            if pane.isAncestorOf(widget):
                self.pane_area.ensureWidgetVisible(pane, 0, 0)

    @Slot(QWidget, QWidget)
    def _on_app_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is None:
            return
        for article_id, pane in self.panes.items():
            if pane.isAncestorOf(new):
                self._last_pane = article_id
                return

    def current_pane(self) -> ArticlePane | None:
        """The pane the focus is in, else the one it was last in."""
        focused = QApplication.focusWidget()
        for pane in self.panes.values():
            if focused is not None and pane.isAncestorOf(focused):
                return pane
        return self.panes.get(self._last_pane)

    def _return_focus_after(self, dialog: QWidget) -> None:
        """When ``dialog`` closes the keyboard is back where it was (a pane,
        a table), whatever the window system activates."""
        before = QApplication.focusWidget()

        def back() -> None:
            if before is not None and shiboken6.isValid(before) and before.isVisible():
                self.activateWindow()
                before.setFocus(Qt.FocusReason.OtherFocusReason)

        dialog.destroyed.connect(back)
