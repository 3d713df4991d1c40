"""The window's state, shared by the parts that act on it.

``WindowBase`` is the QMainWindow every part of the window builds on (see
``ui.main_window``): the one signal, the state the parts read and change
(the panes, the theme, the find matches, the export and dialogs under way),
the widgets built by a part higher in the chain that a lower one reads, and
``_ordered_panes``, which nearly every part asks.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
)

from app.domain import Article
from app.export.formats import Format
from ui.app_icon import application_icon
from ui.article_view import ArticlePane
from ui.connectors import ConnectorSplitter
from ui.controller import Controller
from ui.dialogs import AnnotationDialog
from ui.find_bar import FindBar
from ui.focus_ring import FocusRing
from ui.labels import ElidedLabel
from ui.main_window.legend import Legend
from ui.paste import PasteTitleDialog
from ui.preferences import Preferences, PreferencesDialog, PreferencesStore
from ui.recent_sessions import RecentSessions
from ui.relations_panel import RelationsPanel
from ui.sessions_browser import SessionsBrowser
from ui.theme import Theme, load_theme, system_theme_name

if TYPE_CHECKING:
    from app.export.pdf.options import ExportResult
    from app.export.write import DocumentResult
    from ui.annotations_panel import AnnotationsPanel
    from ui.export_dialog import ExportDialog
    from ui.export_task import Exporter
    from ui.itemmodels.annotations import AnnotationsModel

MESSAGE_MS = 10_000  # how long a passing status message stays


class WindowBase(QMainWindow):
    panes_ready = Signal()  # every pane of the articles is built and highlighted

    # Built by the parts higher in the chain (layout.py, menus.py, and
    # MainWindow itself) and read by lower ones.
    focus_ring: FocusRing
    stack: QStackedWidget  # 0: the empty window, 1: the workspace
    open_button: QPushButton
    recent_sessions: RecentSessions
    pane_splitter: ConnectorSplitter
    pane_area: QScrollArea
    relations_panel: RelationsPanel
    table: QTableView
    legend: Legend
    save_label: ElidedLabel
    find_bar: FindBar
    body: QSplitter  # the panes over the bottom splitter
    bottom: QSplitter  # the relations beside the annotations
    annotations_panel: AnnotationsPanel
    annotations: AnnotationsModel
    annotations_table: QTableView
    open_action: QAction
    sessions_action: QAction
    recent_menu: QMenu
    close_session_action: QAction
    export_action: QAction
    undo_action: QAction
    redo_action: QAction
    annotate_action: QAction
    fit_action: QAction
    sync_action: QAction
    theme_actions: QActionGroup
    status_text: QLabel
    progress: QProgressBar
    cancel_button: QPushButton

    def __init__(
        self,
        controller: Controller,
        theme: str = "light",
        *,
        interactive: bool = True,
        prefs_store: PreferencesStore | None = None,
    ) -> None:
        super().__init__()
        self.setWindowIcon(application_icon())
        self.controller = controller
        # Where preferences and the layout are kept; None: nowhere (tests).
        self.prefs_store = prefs_store
        self.preferences = Preferences(theme=theme)
        self.theme_choice = theme
        self.exporter: Exporter | None = None  # made on the first export
        self.last_export: ExportResult | DocumentResult | None = None
        self.export_dialog: ExportDialog | None = None
        self.preferences_dialog: PreferencesDialog | None = None
        self.browser: SessionsBrowser | None = None
        self.interactive = interactive  # False: report problems in the status bar only
        self.theme: Theme = load_theme(system_theme_name() if theme == "system" else theme)
        self.panes: dict[str, ArticlePane] = {}
        self.pane_articles: list[Article] = []  # what the panes show (or will), in order
        self._to_build: list[Article] = []  # panes still to build, see _rebuild_panes
        self._table_pending = False  # the relations table waits for its turn
        self._build_timer = QTimer(self)
        self._build_timer.setInterval(0)
        # Panes shown before their comparison came, still to highlight (see
        # _highlight_stepwise).
        self._to_highlight: list[str] = []
        self._highlight_timer = QTimer(self)
        self._highlight_timer.setInterval(0)
        self.annotation_dialog: AnnotationDialog | None = None
        self.title_dialog: PasteTitleDialog | None = None  # a pasted article's title
        self.reports: dict[str, str] = {}  # article id -> what its last reload did
        self.sync_scrolling = False
        # Panes sized to the window (down to FIT_PANE_WIDTH) rather than scrolling.
        self.fit_articles = prefs_store.fit_articles() if prefs_store is not None else True
        self._last_pane = ""  # the article whose pane last had the focus
        self._focus_pane_after_build: str | None = None  # see _rebuild_panes
        self._focus_first_pane = False  # the empty window gave way to articles
        self._export_folder: Path | None = None  # the last export's, when nothing is stored
        self._export_format: Format = "pdf"  # likewise; and the running export's
        self.open_question: QMessageBox | None = None  # add to this comparison, or new?
        self._syncing = False  # moving the other panes for a scrolled one
        self.text_size = 0  # points; 0: the style's default
        self.matches: list[tuple[str, int, int]] = []  # find: article id, start, end
        self.match = -1  # the current match, -1 before the first Enter
        self.setWindowTitle("Crosscheck")
        self.setAcceptDrops(True)
        self.resize(1440, 900)
        self.setMinimumSize(900, 600)

    def _ordered_panes(self) -> list[tuple[str, ArticlePane]]:
        """The panes as they stand, left to right."""
        out: list[tuple[str, ArticlePane]] = []
        for i in range(self.pane_splitter.count()):
            widget = self.pane_splitter.widget(i)
            if isinstance(widget, ArticlePane) and self.panes.get(widget.article.id) is widget:
                out.append((widget.article.id, widget))
        return out
