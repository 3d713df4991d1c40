"""The main window: article panes side by side over the relations panel.

Widgets talk to the controller, never to each other; the window wires the
controller's signals to the panes, the relations table and the status bar.
One ``MainWindow`` object; its code is split by job:

- ``base.py``: the state the parts share, and the widgets they read
- ``status.py``: the status bar, progress and Cancel, the title, problems
- ``keyboard.py``: regions for F6 and Tab, the current pane, focus after dialogs
- ``find.py``: find in all articles
- ``navigation.py``: relations to claims and back, F8, scrolling together
- ``panes.py``: the panes built and highlighted step by step, sized, moved
- ``appearance.py``: theme, text size, preferences, the layout kept
- ``editing.py``: annotations, verdicts, undo and redo
- ``exporting.py``: File > Export and the folder it proposes
- ``opening.py``: files opened or dropped, pasted articles, stored sessions
- ``layout.py``: the empty window and the workspace's widgets
- ``menus.py``: the menus, every action with its shortcut

and ``legend.py``, the legend, a widget of its own.  As in ``ui.controller``,
each part is a class that builds on the one before it, in that order, and
``MainWindow`` (here: building, wiring the controller, a new comparison,
closing) is the last.  A chain rather than collaborator objects: nearly
every part reads the same panes, theme and status line, and the tests, the
application and the parts themselves use one window with all its attributes
and slots, which stay exactly as they were.  A part calls only the parts
below it; the widgets a higher part builds for a lower one are declared in
``base.py``.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QStackedWidget

from ui.controller import Controller
from ui.controller.base import PipelineState
from ui.focus_ring import FocusRing
from ui.main_window.menus import Menus
from ui.preferences import PreferencesStore


class MainWindow(Menus):
    """The window (see the module docstring for its parts)."""

    def __init__(
        self,
        controller: Controller,
        theme: str = "light",
        *,
        interactive: bool = True,
        prefs_store: PreferencesStore | None = None,
    ) -> None:
        super().__init__(controller, theme, interactive=interactive, prefs_store=prefs_store)
        # The panes are built, and highlighted, one per turn of the event loop.
        self._build_timer.timeout.connect(self._build_next_pane)
        self._highlight_timer.timeout.connect(self._highlight_next_pane)

        self.focus_ring = FocusRing(self, self.theme.colour("focus"))
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self._build_empty_state())
        self.stack.addWidget(self._build_workspace())
        self.setCentralWidget(self.stack)
        self._build_menus()
        self._build_status_bar()

        controller.busy_changed.connect(self._on_controller_busy_changed)
        controller.progress_reported.connect(self._on_controller_progress_reported)
        controller.comparison_changed.connect(self._on_controller_comparison_changed)
        controller.files_refused.connect(self._on_controller_files_refused)
        controller.paste_read.connect(self._on_controller_paste_read)
        controller.paste_refused.connect(self._on_controller_paste_refused)
        controller.analysis_failed.connect(self._on_controller_analysis_failed)
        controller.analysis_cancelled.connect(self._on_controller_analysis_cancelled)
        controller.model_state_changed.connect(self._on_controller_model_state_changed)
        controller.session_changed.connect(self._update_title)
        controller.save_state_changed.connect(self._update_title)
        controller.annotations_changed.connect(self._on_controller_annotations_changed)
        controller.undo_changed.connect(self._on_controller_undo_changed)
        controller.edit_failed.connect(self._problem)
        controller.verdicts_changed.connect(self._on_controller_verdicts_changed)
        controller.status_reported.connect(self._on_controller_status_reported)
        controller.sources_changed.connect(self._on_controller_sources_changed)
        controller.article_reloaded.connect(self._on_controller_article_reloaded)
        controller.sessions_changed.connect(self._on_controller_sessions_changed)
        self.set_theme(theme)
        self._on_controller_undo_changed()
        self._update_actions()
        if controller.store is not None:
            controller.list_sessions(self._on_sessions_listed)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_app_focus_changed)

    @Slot()
    def _on_controller_comparison_changed(self) -> None:
        """Other articles, or their comparison: every part follows."""
        articles = self.controller.articles
        if {id(a) for a in articles} != {id(a) for a in self.pane_articles}:
            self._rebuild_panes()
        elif self.controller.comparison is not None and self.panes:
            self._highlight_stepwise()
        # The table in a turn of its own: hundreds of rows take 20 ms.
        self._table_pending = True
        QTimer.singleShot(0, self._fill_relations)
        self._on_controller_annotations_changed()  # letters and highlights follow the panes
        self._update_legend()
        if articles and self.stack.currentIndex() == 0:
            self._focus_first_pane = True  # the keyboard starts in the first article
        self.stack.setCurrentIndex(1 if articles else 0)
        if not articles:
            self.reports.clear()
            self.statusBar().clearMessage()
            if self.controller.store is not None:
                self.controller.list_sessions(self._on_sessions_listed)  # fresh recent list
        self._update_title()
        self._update_actions()
        if not self.controller.busy and self.controller.model_state is not PipelineState.LOADING:
            # A cached session: no analysis reports.  While the pipeline
            # loads, its status stays and the summary follows when it is ready.
            self._show_summary()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.prefs_store is not None:
            self.prefs_store.save_window(self, self.layout_splitters())
        if self.exporter is not None:
            self.exporter.cancel()
            self.exporter.wait()
        self.controller.shutdown()
        super().closeEvent(event)
