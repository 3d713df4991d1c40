"""How the window looks and what it keeps between runs.

The theme (View > Theme), the text size, File > Preferences (the engine's
part of them too: a change of sensitivity or pipeline analyses the articles
again) and the window's size and splitters as the user left them.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QApplication, QSplitter

from app.domain import RelationKind
from ui.main_window.panes import PaneStrip
from ui.preferences import Preferences, PreferencesDialog, reanalysis_needed
from ui.theme import apply_theme, load_theme, system_theme_name


class Appearance(PaneStrip):
    """Theme, text size, preferences, the layout kept between runs."""

    def set_theme(self, name: str) -> None:
        """``name``: "light", "dark", or "system" (the desktop's scheme)."""
        self.theme_choice = name
        self.theme = load_theme(system_theme_name() if name == "system" else name)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, self.theme)
        for action in self.theme_actions.actions():
            action.setChecked(action.data() == name)
        self.focus_ring.set_colour(self.theme.colour("focus"))
        if self.prefs_store is not None and self.preferences.theme != name:
            self.preferences = replace(self.preferences, theme=name)
            self.prefs_store.save(self.preferences)
        self.relations_panel.set_ink(
            {
                RelationKind.CONFLICT: self.theme.colour("conflict_ink"),
                RelationKind.MATCH: self.theme.colour("match_ink"),
            },
            self.theme.colour("muted"),
        )
        self.annotations.set_ink(self.theme.colour("conflict_ink"))
        self.legend.set_theme(self.theme)
        self._update_legend()
        self._apply_highlights()

    def apply_preferences(self, prefs: Preferences) -> None:
        """Show ``prefs`` (theme, text size) and hand the engine its part;
        changing sensitivity or pipeline analyses the open articles again."""
        old = self.preferences
        self.preferences = prefs
        if prefs.theme != self.theme_choice:
            self.set_theme(prefs.theme)
        self.set_text_size(prefs.text_size)
        settings = replace(
            self.controller.settings,
            sensitivity=prefs.sensitivity,
            spacy_model=prefs.spacy_model,
        )
        if reanalysis_needed(old, prefs) or settings != self.controller.settings:
            self.controller.set_settings(settings)

    def set_text_size(self, points: int) -> None:
        self.text_size = points
        for pane in self.panes.values():
            pane.set_text_size(points)
        self.pane_splitter.update_gutters()

    @Slot()
    def open_preferences(self) -> None:
        dialog = PreferencesDialog(replace(self.preferences, theme=self.theme_choice), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def accepted() -> None:
            prefs = dialog.preferences()
            self.apply_preferences(prefs)
            if self.prefs_store is not None:
                self.prefs_store.save(prefs)

        dialog.accepted.connect(accepted)
        dialog.finished.connect(lambda _code: setattr(self, "preferences_dialog", None))
        self.preferences_dialog = dialog
        dialog.open()

    def layout_splitters(self) -> dict[str, QSplitter]:
        return {"body": self.body, "bottom": self.bottom}

    def restore_layout(self) -> bool:
        """The window's size and splitters as the user left them."""
        if self.prefs_store is None:
            return False
        return self.prefs_store.restore_window(self, self.layout_splitters())
