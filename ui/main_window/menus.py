"""The menu bar: File, Edit, View, Go, Relation; every action, its shortcut,
and which are enabled when (``_update_actions``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu

from ui.main_window.layout import Layout
from ui.theme import THEMES


class Menus(Layout):
    """The menus and their actions."""

    def _build_menus(self) -> None:
        """Every action is in a menu with its shortcut shown there (issue 10):
        the keyboard reaches everything the mouse does."""
        self._build_file_menu()
        self._build_edit_menu()
        self._build_view_menu()
        self._build_go_menu()
        self._build_relation_menu()

    def _build_file_menu(self) -> None:
        """File: opening articles and sessions, closing, export, preferences, quit."""
        file_menu = self.menuBar().addMenu("&File")
        self.open_action = QAction("&Open articles…", self)
        self.open_action.setShortcut(QKeySequence.StandardKey.Open)
        self.open_action.triggered.connect(self.open_dialog)
        file_menu.addAction(self.open_action)
        self.paste_action = QAction("New article from &clipboard", self)
        self.paste_action.setShortcut(
            QKeySequence(Qt.Modifier.CTRL | Qt.Modifier.SHIFT | Qt.Key.Key_V)
        )
        self.paste_action.setToolTip(
            "Add the article copied from a browser (its text, or its page) to the comparison"
        )
        self.paste_action.triggered.connect(self.paste_article)
        file_menu.addAction(self.paste_action)
        stored = self.controller.store is not None
        self.sessions_action = QAction("&Sessions…", self)
        self.sessions_action.setShortcut(
            QKeySequence(Qt.Modifier.CTRL | Qt.Modifier.SHIFT | Qt.Key.Key_O)
        )
        self.sessions_action.triggered.connect(self.open_sessions_browser)
        self.recent_menu = QMenu("&Recent sessions", self)
        self.recent_menu.aboutToShow.connect(self._refresh_recent)
        self.close_article_action = QAction("Close &article", self)
        self.close_article_action.setShortcut(
            QKeySequence(Qt.Modifier.CTRL | Qt.Modifier.SHIFT | Qt.Key.Key_W)
        )
        self.close_article_action.setToolTip("Close the article the caret is in")
        self.close_article_action.triggered.connect(self.close_current_article)
        self.close_session_action = QAction("&Close session", self)
        self.close_session_action.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_W))
        self.close_session_action.triggered.connect(self.controller.close_session)
        if stored:
            file_menu.addAction(self.sessions_action)
            file_menu.addMenu(self.recent_menu)
        file_menu.addSeparator()
        file_menu.addAction(self.close_article_action)
        if stored:
            file_menu.addAction(self.close_session_action)
        file_menu.addSeparator()
        self.export_action = QAction("&Export…", self)
        self.export_action.setToolTip(
            "The summary as PDF, Markdown or Word, or the relations as CSV"
        )
        self.export_action.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_E))
        self.export_action.triggered.connect(self.open_export_dialog)
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        self.preferences_action = QAction("&Preferences…", self)
        self.preferences_action.setShortcut(QKeySequence.StandardKey.Preferences)
        if self.preferences_action.shortcut().isEmpty():
            self.preferences_action.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Comma))
        self.preferences_action.triggered.connect(self.open_preferences)
        file_menu.addAction(self.preferences_action)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        if quit_action.shortcut().isEmpty():  # platforms without a standard one
            quit_action.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Q))
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

    def _build_edit_menu(self) -> None:
        """Edit: undo, redo, annotate, find, and the selected annotation's actions."""
        edit_menu = self.menuBar().addMenu("&Edit")
        self.undo_action = QAction("&Undo", self)
        self.undo_action.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Z))
        self.undo_action.triggered.connect(self.controller.undo)
        self.redo_action = QAction("&Redo", self)
        self.redo_action.setShortcut(
            QKeySequence(Qt.Modifier.CTRL | Qt.Modifier.SHIFT | Qt.Key.Key_Z)
        )
        self.redo_action.triggered.connect(self.controller.redo)
        self.annotate_action = QAction("&Annotate…", self)
        self.annotate_action.setToolTip(
            "Annotate the passage selected, or else the relation selected (Ctrl+M; N in an article)"
        )
        self.annotate_action.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_M))
        self.annotate_action.triggered.connect(self.annotate_selection)
        self.find_action = QAction("&Find in all articles…", self)
        self.find_action.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_F))
        self.find_action.triggered.connect(self.open_find)
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.annotate_action)
        edit_menu.addAction(self.find_action)
        # The annotations panel's actions (their keys work in its table).
        edit_menu.addSection("Selected annotation")
        for action in self.annotations_panel.menu_actions():
            edit_menu.addAction(action)

    def _build_view_menu(self) -> None:
        """View: fitting, scrolling together, possible relations, moving articles, theme."""
        view_menu = self.menuBar().addMenu("&View")
        self.fit_action = QAction("&Fit all articles", self, checkable=True)
        self.fit_action.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_0))
        self.fit_action.setToolTip(
            "Size the articles to the window (down to a readable width); "
            "off: wider articles that scroll sideways"
        )
        self.fit_action.setChecked(self.fit_articles)
        self.fit_action.toggled.connect(self.set_fit_articles)
        view_menu.addAction(self.fit_action)
        self.sync_action = QAction("Scroll articles &together", self, checkable=True)
        self.sync_action.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_L))
        self.sync_action.setToolTip(
            "Scrolling one article scrolls the others to the matching claims"
        )
        self.sync_action.toggled.connect(self.set_sync_scrolling)
        view_menu.addAction(self.sync_action)
        self.possible_action = QAction("Show &possible relations", self, checkable=True)
        self.possible_action.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_P))
        self.possible_action.setToolTip(
            "Also show the links and conflicts the engine is not sure of"
        )
        self.possible_action.toggled.connect(self.controller.set_show_possible)
        view_menu.addAction(self.possible_action)
        view_menu.addSeparator()
        self.move_left_action = QAction("Move article &left", self)
        self.move_left_action.setShortcut(
            QKeySequence(Qt.Modifier.CTRL | Qt.Modifier.SHIFT | Qt.Key.Key_PageUp)
        )
        self.move_left_action.triggered.connect(lambda: self.move_current_pane(-1))
        self.move_right_action = QAction("Move article &right", self)
        self.move_right_action.setShortcut(
            QKeySequence(Qt.Modifier.CTRL | Qt.Modifier.SHIFT | Qt.Key.Key_PageDown)
        )
        self.move_right_action.triggered.connect(lambda: self.move_current_pane(+1))
        view_menu.addAction(self.move_left_action)
        view_menu.addAction(self.move_right_action)
        view_menu.addSeparator()
        theme_menu = view_menu.addMenu("T&heme")
        self.theme_actions = QActionGroup(self)
        for name in ("system", *THEMES):
            action = QAction(f"&{name.capitalize()}", self, checkable=True)
            action.setData(name)
            action.triggered.connect(lambda _=False, n=name: self.set_theme(n))
            self.theme_actions.addAction(action)
            theme_menu.addAction(action)

    def _build_go_menu(self) -> None:
        """Go: the next and previous conflict (F8) and region (F6)."""
        go_menu = self.menuBar().addMenu("&Go")
        self.next_action = QAction("&Next conflict", self)
        self.next_action.setShortcut(QKeySequence(Qt.Key.Key_F8))
        self.next_action.triggered.connect(lambda: self.step_conflict(+1))
        self.previous_action = QAction("&Previous conflict", self)
        self.previous_action.setShortcut(QKeySequence(Qt.Modifier.SHIFT | Qt.Key.Key_F8))
        self.previous_action.triggered.connect(lambda: self.step_conflict(-1))
        go_menu.addAction(self.next_action)
        go_menu.addAction(self.previous_action)
        go_menu.addSeparator()
        # F6 walks the regions as browsers do; Ctrl+Tab too.
        self.next_region_action = QAction("Next &region", self)
        self.next_region_action.setShortcuts(
            [QKeySequence(Qt.Key.Key_F6), QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Tab)]
        )
        self.next_region_action.setToolTip(
            "The next article, the relations filters, the relations, the annotations"
        )
        self.next_region_action.triggered.connect(lambda: self.step_region(+1))
        self.previous_region_action = QAction("Previous r&egion", self)
        self.previous_region_action.setShortcuts(
            [
                QKeySequence(Qt.Modifier.SHIFT | Qt.Key.Key_F6),
                QKeySequence(Qt.Modifier.CTRL | Qt.Modifier.SHIFT | Qt.Key.Key_Tab),
            ]
        )
        self.previous_region_action.triggered.connect(lambda: self.step_region(-1))
        go_menu.addAction(self.next_region_action)
        go_menu.addAction(self.previous_region_action)

    def _build_relation_menu(self) -> None:
        """Relation: the relations panel's actions on the selected relation."""
        relation_menu = self.menuBar().addMenu("&Relation")
        for action in self.relations_panel.menu_actions():
            if action is self.relations_panel.annotate_action:
                relation_menu.addSeparator()
            relation_menu.addAction(action)

    def _update_actions(self) -> None:
        self.export_action.setEnabled(self.controller.comparison is not None)
        self.close_session_action.setEnabled(bool(self.controller.articles))
