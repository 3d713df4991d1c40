"""The main window: article panes side by side over the relations panel.

Widgets talk to the controller, never to each other; the window wires the
controller's signals to the panes, the relations table and the status bar.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPersistentModelIndex, Qt, Slot
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QIcon,
    QKeySequence,
    QPainter,
    QPixmap,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain import RelationKind
from app.session import AnchorState
from models.repository import SessionSummary
from ui.article_view import MIN_PANE_WIDTH, ArticlePane
from ui.connectors import GUTTER_WIDTH, ConnectorSplitter
from ui.controller import Controller
from ui.dialogs import AnnotationDialog, SessionsDialog
from ui.find_bar import FindBar, find_all
from ui.highlighter import Role
from ui.itemmodels.annotations import AnnotationColumn, AnnotationIdRole, AnnotationsModel
from ui.itemmodels.relations import Column, RelationRole, RelationsFilter, RelationsModel
from ui.theme import THEMES, Theme, apply_theme, load_theme

FILE_FILTER = "Articles (*.txt *.md *.markdown *.html *.htm *.docx *.pdf);;All files (*)"
LEGEND = (
    (Role.CONFLICT, "Conflicting claim"),
    (Role.VALUE, "Differing value"),
    (Role.MATCH, "Shared claim"),
    (Role.UNIQUE, "Only in this article"),
    (Role.ANNOTATION, "Annotation"),
)


class MainWindow(QMainWindow):
    def __init__(
        self,
        controller: Controller,
        theme: str = "light",
        *,
        interactive: bool = True,
    ) -> None:
        super().__init__()
        self.controller = controller
        self.interactive = interactive  # False: report problems in the status bar only
        self.theme: Theme = load_theme(theme)
        self.panes: dict[str, ArticlePane] = {}
        self.annotation_dialog: AnnotationDialog | None = None
        self.sessions_dialog: SessionsDialog | None = None
        self._navigating = False  # moving the table's selection for a clicked claim
        self.matches: list[tuple[str, int, int]] = []  # find: article id, start, end
        self.match = -1  # the current match, -1 before the first Enter
        self.setWindowTitle("Crosscheck")
        self.setAcceptDrops(True)
        self.resize(1440, 900)
        self.setMinimumSize(900, 600)

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
        controller.analysis_failed.connect(self._on_controller_analysis_failed)
        controller.analysis_cancelled.connect(self._on_controller_analysis_cancelled)
        controller.model_state_changed.connect(self._on_controller_model_state_changed)
        controller.session_changed.connect(self._update_title)
        controller.save_state_changed.connect(self._update_title)
        controller.annotations_changed.connect(self._on_controller_annotations_changed)
        controller.undo_changed.connect(self._on_controller_undo_changed)
        controller.edit_failed.connect(self._problem)
        self.set_theme(theme)
        self._on_controller_undo_changed()

    # -- building ------------------------------------------------------------

    def _build_empty_state(self) -> QWidget:
        page = QWidget(self)
        page.setObjectName("emptyState")
        zone = QFrame(page)
        zone.setObjectName("dropZone")
        zone.setMinimumSize(520, 260)
        title = QLabel("Compare articles about one story", zone)
        title.setObjectName("emptyTitle")
        hint = QLabel(
            "Drop two or more article files here (.txt, .md, .html, .docx, .pdf),\n"
            "or choose them from disk.",
            zone,
        )
        hint.setObjectName("emptyHint")
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        button = QPushButton("Open articles…", zone)
        button.setObjectName("openButton")
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        button.clicked.connect(self.open_dialog)
        inner = QVBoxLayout(zone)
        inner.setContentsMargins(40, 32, 40, 32)
        inner.setSpacing(14)
        inner.addWidget(title, 0, Qt.AlignmentFlag.AlignHCenter)
        inner.addWidget(hint, 0, Qt.AlignmentFlag.AlignHCenter)
        inner.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
        outer = QVBoxLayout(page)
        outer.addStretch(1)
        outer.addWidget(zone, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
        return page

    def _build_workspace(self) -> QWidget:
        self.pane_splitter = ConnectorSplitter()
        self.pane_splitter.setObjectName("paneStrip")
        self.pane_splitter.setChildrenCollapsible(False)
        self.pane_splitter.setHandleWidth(GUTTER_WIDTH)
        self.pane_area = QScrollArea()
        self.pane_area.setObjectName("paneArea")
        self.pane_area.setWidgetResizable(True)
        self.pane_area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.pane_area.setFrameShape(QFrame.Shape.NoFrame)
        self.pane_area.setWidget(self.pane_splitter)

        self.relations = RelationsModel(self)
        self.relations_view = RelationsFilter(self)
        self.relations_view.setSourceModel(self.relations)
        panel = QWidget()
        panel.setObjectName("relationsPanel")
        title = QLabel("Relations")
        title.setObjectName("panelTitle")
        self.kind_filter = QComboBox()
        self.kind_filter.addItem("All relations", None)
        self.kind_filter.addItem("Conflicts", RelationKind.CONFLICT.value)
        self.kind_filter.addItem("Matches", RelationKind.MATCH.value)
        self.kind_filter.currentIndexChanged.connect(self._on_kind_filter_changed)
        self.relation_count = QLabel()
        self.relation_count.setObjectName("relationCount")
        self.legend = QWidget()
        self._legend_layout = QHBoxLayout(self.legend)
        self._legend_layout.setContentsMargins(0, 0, 0, 0)
        self._legend_layout.setSpacing(14)
        bar = QHBoxLayout()
        bar.setContentsMargins(2, 0, 2, 0)
        bar.addWidget(title)
        bar.addWidget(self.kind_filter)
        bar.addWidget(self.relation_count)
        bar.addStretch(1)

        self.table = QTableView()
        self.table.setObjectName("relationsTable")
        self.table.setModel(self.relations_view)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Column.KIND, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        for column, width in (
            (Column.KIND, 80),
            (Column.ARTICLES, 70),
            (Column.TYPE, 120),
            (Column.EXCERPT_A, 380),
            (Column.EXCERPT_B, 380),
        ):
            header.resizeSection(column, width)
        header.setSectionResizeMode(Column.NOTE, QHeaderView.ResizeMode.Stretch)
        selection = self.table.selectionModel()
        selection.currentRowChanged.connect(self._on_table_current_row_changed)

        layout = QVBoxLayout(panel)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(6)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)

        self.bottom = QSplitter(Qt.Orientation.Horizontal)
        self.bottom.setChildrenCollapsible(False)
        self.bottom.addWidget(panel)
        self.bottom.addWidget(self._build_annotations_panel())
        self.bottom.setStretchFactor(0, 3)
        self.bottom.setStretchFactor(1, 1)
        self.bottom.setSizes([860, 580])

        self.body = QSplitter(Qt.Orientation.Vertical)
        self.body.setChildrenCollapsible(False)
        self.body.addWidget(self.pane_area)
        self.body.addWidget(self.bottom)
        self.body.setStretchFactor(0, 3)
        self.body.setStretchFactor(1, 1)
        self.body.setSizes([600, 240])
        page = QWidget()
        outer = QVBoxLayout(page)
        outer.setContentsMargins(8, 4, 8, 0)
        outer.setSpacing(4)
        self.save_label = QLabel()
        self.save_label.setObjectName("saveState")
        head = QHBoxLayout()
        head.setContentsMargins(4, 0, 4, 0)
        head.addWidget(self.save_label)
        head.addStretch(1)
        head.addWidget(self.legend)
        outer.addLayout(head)
        self.find_bar = FindBar()
        self.find_bar.hide()
        self.find_bar.query_changed.connect(self._on_find_query_changed)
        self.find_bar.step_requested.connect(self.step_match)
        self.find_bar.closed.connect(self._on_find_closed)
        outer.addWidget(self.find_bar)
        outer.addWidget(self.body)
        return page

    def _build_annotations_panel(self) -> QWidget:
        self.annotations = AnnotationsModel(self)
        panel = QWidget()
        panel.setObjectName("annotationsPanel")
        title = QLabel("Annotations")
        title.setObjectName("panelTitle")
        self.annotation_count = QLabel()
        self.annotation_count.setObjectName("relationCount")
        bar = QHBoxLayout()
        bar.setContentsMargins(2, 0, 2, 0)
        bar.addWidget(title)
        bar.addWidget(self.annotation_count)
        bar.addStretch(1)
        self.annotations_table = QTableView()
        self.annotations_table.setObjectName("annotationsTable")
        self.annotations_table.setModel(self.annotations)
        self.annotations_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.annotations_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.annotations_table.setAlternatingRowColors(True)
        self.annotations_table.setWordWrap(False)
        self.annotations_table.setShowGrid(False)
        self.annotations_table.verticalHeader().hide()
        self.annotations_table.verticalHeader().setDefaultSectionSize(26)
        header = self.annotations_table.horizontalHeader()
        header.setHighlightSections(False)
        for column, width in (
            (AnnotationColumn.ARTICLE, 34),
            (AnnotationColumn.TAG, 90),
            (AnnotationColumn.STATUS, 60),
            (AnnotationColumn.PLACE, 72),
        ):
            header.resizeSection(column, width)
        for column in (AnnotationColumn.QUOTE, AnnotationColumn.NOTE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.annotations_table.selectionModel().currentRowChanged.connect(
            self._on_annotation_current_row_changed
        )
        self.annotations_table.activated.connect(self._on_annotation_activated)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(6)
        layout.addLayout(bar)
        layout.addWidget(self.annotations_table, 1)
        return panel

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.open_action = QAction("&Open articles…", self)
        self.open_action.setShortcut(QKeySequence.StandardKey.Open)
        self.open_action.triggered.connect(self.open_dialog)
        file_menu.addAction(self.open_action)
        if self.controller.store is not None:
            self.open_session_action = QAction("Open &session…", self)
            self.open_session_action.triggered.connect(self.open_session_dialog)
            file_menu.addAction(self.open_session_action)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        edit_menu = self.menuBar().addMenu("&Edit")
        self.undo_action = QAction("&Undo", self)
        self.undo_action.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Z))
        self.undo_action.triggered.connect(self.controller.undo)
        self.redo_action = QAction("&Redo", self)
        self.redo_action.setShortcut(
            QKeySequence(Qt.Modifier.CTRL | Qt.Modifier.SHIFT | Qt.Key.Key_Z)
        )
        self.redo_action.triggered.connect(self.controller.redo)
        self.annotate_action = QAction("&Annotate selection…", self)
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

        go_menu = self.menuBar().addMenu("&Go")
        self.next_action = QAction("&Next conflict", self)
        self.next_action.setShortcut(QKeySequence(Qt.Key.Key_F8))
        self.next_action.triggered.connect(lambda: self.step_conflict(+1))
        self.previous_action = QAction("&Previous conflict", self)
        self.previous_action.setShortcut(QKeySequence(Qt.Modifier.SHIFT | Qt.Key.Key_F8))
        self.previous_action.triggered.connect(lambda: self.step_conflict(-1))
        go_menu.addAction(self.next_action)
        go_menu.addAction(self.previous_action)

        view_menu = self.menuBar().addMenu("&View")
        theme_menu = view_menu.addMenu("&Theme")
        self.theme_actions = QActionGroup(self)
        for name in THEMES:
            action = QAction(name.capitalize(), self, checkable=True)
            action.setData(name)
            action.triggered.connect(lambda _=False, n=name: self.set_theme(n))
            self.theme_actions.addAction(action)
            theme_menu.addAction(action)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.status_text = QLabel("Ready")
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(160)
        self.progress.setMaximumHeight(14)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop the analysis under way")
        self.cancel_button.clicked.connect(self.controller.cancel)
        self.cancel_button.hide()
        bar.addWidget(self.status_text, 1)
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.cancel_button)

    # -- theme ---------------------------------------------------------------

    def set_theme(self, name: str) -> None:
        self.theme = load_theme(name)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, self.theme)
        for action in self.theme_actions.actions():
            action.setChecked(action.data() == name)
        self.relations.set_ink(
            {
                RelationKind.CONFLICT: self.theme.colour("conflict_ink"),
                RelationKind.MATCH: self.theme.colour("match_ink"),
            }
        )
        self.annotations.set_ink(self.theme.colour("conflict_ink"))
        self._rebuild_legend()
        self._apply_highlights()

    def _swatch(self, role: Role) -> QIcon:
        pixmap = QPixmap(14, 14)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(self.theme.colour("border"))
        painter.setBrush(self.theme.colour(role.value))
        painter.drawRoundedRect(0, 0, 13, 13, 3, 3)
        painter.end()
        return QIcon(pixmap)

    def _rebuild_legend(self) -> None:
        while (item := self._legend_layout.takeAt(0)) is not None:
            widget = item.widget()
            if widget is not None:
                widget.deleteLater()
        for role, text in LEGEND:
            swatch = QLabel()
            swatch.setPixmap(self._swatch(role).pixmap(14, 14))
            label = QLabel(text)
            label.setObjectName("legendText")
            self._legend_layout.addWidget(swatch)
            self._legend_layout.addWidget(label)

    # -- files ---------------------------------------------------------------

    @Slot()
    def open_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Open articles", "", FILE_FILTER)
        if paths:
            self.controller.open_files(paths)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        mime = event.mimeData()
        if mime.hasUrls() and any(url.isLocalFile() for url in mime.urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.controller.open_files(paths)

    # -- navigation ----------------------------------------------------------

    def show_relation(self, relation: int) -> None:
        """Scroll the two panes of a relation to its claims and select them."""
        comparison, index = self.controller.comparison, self.controller.index
        if comparison is None or index is None:
            return
        for claim_id in comparison.relations[relation].claims:
            claim = index.claim(claim_id)
            pane = self.panes.get(claim.article_id)
            if pane is not None:
                pane.show_span(claim.start, claim.end)
                self.pane_area.ensureWidgetVisible(pane, 0, 0)

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
        for other_id, spans in counterparts.items():
            pane = self.panes[other_id]
            pane.centre_span(*spans[0])  # the first counterpart in each pane
            pane.flash(spans, self.theme)
        self.select_relation_row(links[0].relation)

    def select_relation_row(self, relation: int) -> None:
        """Select ``relation``'s row (if the filter shows it) without moving the panes."""
        model = self.relations_view
        for row in range(model.rowCount()):
            index = model.index(row, Column.KIND)
            if index.data(RelationRole) == relation:
                self._navigating = True
                try:
                    self.table.selectionModel().setCurrentIndex(
                        index,
                        QItemSelectionModel.SelectionFlag.ClearAndSelect
                        | QItemSelectionModel.SelectionFlag.Rows,
                    )
                finally:
                    self._navigating = False
                self.table.scrollTo(index)
                return

    # -- find ----------------------------------------------------------------

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

    def _ordered_panes(self) -> list[tuple[str, ArticlePane]]:
        """The panes as they stand, left to right."""
        out: list[tuple[str, ArticlePane]] = []
        for i in range(self.pane_splitter.count()):
            widget = self.pane_splitter.widget(i)
            if isinstance(widget, ArticlePane) and self.panes.get(widget.article.id) is widget:
                out.append((widget.article.id, widget))
        return out

    def _paint_matches(self) -> None:
        spans: dict[str, list[tuple[int, int]]] = {}
        for article_id, start, end in self.matches:
            spans.setdefault(article_id, []).append((start, end))
        for article_id, pane in self.panes.items():
            pane.set_found(spans.get(article_id, []), self.theme)

    def step_conflict(self, step: int) -> None:
        model = self.relations_view
        rows = model.rowCount()
        if rows == 0:
            return
        current = self.table.currentIndex().row()
        start = current if current >= 0 else (-1 if step > 0 else rows)
        for k in range(1, rows + 1):
            row = (start + step * k) % rows
            if model.index(row, Column.KIND).data(Qt.ItemDataRole.DisplayRole) == "Conflict":
                self.table.selectionModel().setCurrentIndex(
                    model.index(row, Column.KIND),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
                self.table.scrollTo(model.index(row, Column.KIND))
                return
        self.status_text.setText("No conflict in the list.")

    @Slot(QModelIndex, QModelIndex)
    def _on_table_current_row_changed(
        self,
        current: QModelIndex | QPersistentModelIndex,
        _previous: QModelIndex | QPersistentModelIndex,
    ) -> None:
        if current.isValid() and not self._navigating:
            relation = current.data(RelationRole)
            if isinstance(relation, int):
                self.show_relation(relation)

    @Slot(int)
    def _on_kind_filter_changed(self, _index: int) -> None:
        kind = self.kind_filter.currentData()
        self.relations_view.set_kind(RelationKind(kind) if kind else None)
        self._update_count()

    # -- controller events ---------------------------------------------------

    @Slot()
    def _on_controller_comparison_changed(self) -> None:
        articles = self.controller.articles
        if [a.id for a in articles] != list(self.panes) or any(
            self.panes[a.id].article is not a for a in articles
        ):
            self._rebuild_panes()
        self.relations.set_comparison(self.controller.comparison)
        self._on_controller_annotations_changed()  # letters and highlights follow the panes
        self._update_count()
        self.stack.setCurrentIndex(1 if articles else 0)
        self._update_title()
        if not self.controller.busy and self.controller.model_state != "loading":
            self._show_summary()  # a cached session: no analysis reported

    @Slot()
    def _update_title(self) -> None:
        session = self.controller.session
        if session is not None:
            state = self.controller.save_state
            self.setWindowTitle(f"{session.name} — {state} — Crosscheck")
            self.save_label.setText(f"Session “{session.name}” · {state}")
            return
        self.save_label.setText("")
        articles = self.controller.articles
        title = " · ".join(a.title for a in articles[:3]) if articles else ""
        self.setWindowTitle(f"Crosscheck — {title}" if title else "Crosscheck")

    def _rebuild_panes(self) -> None:
        for pane in self.panes.values():
            pane.setParent(None)
            pane.deleteLater()
        self.panes = {}
        for article in self.controller.articles:
            pane = ArticlePane(article)
            pane.close_requested.connect(self.controller.close_article)
            pane.claim_clicked.connect(self._on_pane_claim_clicked)
            pane.text.context_actions = [self.annotate_action]
            self.pane_splitter.addWidget(pane)
            self.pane_splitter.watch(pane)
            self.panes[article.id] = pane
        count = len(self.panes)
        handles = self.pane_splitter.handleWidth() * max(0, count - 1)
        self.pane_splitter.setMinimumWidth(count * MIN_PANE_WIDTH + handles)
        if count:
            self.pane_splitter.setSizes([1] * count)  # equal widths
        if self.find_bar.isVisible():
            self._on_find_query_changed(self.find_bar.edit.text())
        else:
            self.matches, self.match = [], -1

    def _apply_highlights(self) -> None:
        notes: dict[str, list[tuple[int, int, str]]] = {}
        for annotation in self.controller.annotations:
            article_id = self.controller.article_id(annotation.article_key)
            if article_id is not None and annotation.state is not AnchorState.ORPHANED:
                anchor = annotation.anchor
                notes.setdefault(article_id, []).append((anchor.start, anchor.end, annotation.note))
        for article_id, pane in self.panes.items():
            pane.set_highlights(self.controller.index, self.theme, notes.get(article_id))
        self._paint_matches()
        self.pane_splitter.set_index(self.controller.index, self.theme)

    # -- annotations, undo, sessions -------------------------------------------

    def _selected_pane(self) -> ArticlePane | None:
        """The pane with a selection, the focused one first."""
        focused = QApplication.focusWidget()
        ordered = sorted(self.panes.values(), key=lambda p: p.text is not focused)
        for pane in ordered:
            start, end = pane.selected_span()
            if start < end:
                return pane
        return None

    @Slot()
    def annotate_selection(self) -> None:
        pane = self._selected_pane()
        if pane is None:
            self.status_text.setText("Select a passage in an article first, then annotate it.")
            return
        if self.controller.session is None:
            self.status_text.setText("The session is still being saved; annotate in a moment.")
            return
        article_id = pane.article.id
        start, end = pane.selected_span()
        dialog = AnnotationDialog(article_id, pane.article.text[start:end], self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(
            lambda: self._on_annotation_dialog_accepted(dialog, article_id, start, end)
        )
        self.annotation_dialog = dialog
        dialog.open()

    def _on_annotation_dialog_accepted(
        self, dialog: AnnotationDialog, article_id: str, start: int, end: int
    ) -> None:
        note, tag, status = dialog.values()
        self.annotation_dialog = None
        self.controller.add_annotation(article_id, start, end, note=note, tag=tag, status=status)

    @Slot()
    def _on_controller_annotations_changed(self) -> None:
        session = self.controller.session
        letters = {
            a.key: self.controller.article_id(a.key) or "—"
            for a in (session.articles if session else ())
        }
        self.annotations.set_annotations(self.controller.annotations, letters)
        count = len(self.controller.annotations)
        flagged = sum(
            a.state in (AnchorState.FUZZY, AnchorState.ORPHANED)
            for a in self.controller.annotations
        )
        text = f"{count} annotation{'s' if count != 1 else ''}" if count else ""
        self.annotation_count.setText(text + (f", {flagged} to check" if flagged else ""))
        self._apply_highlights()

    @Slot()
    def _on_controller_undo_changed(self) -> None:
        stack = self.controller.undo_stack
        self.undo_action.setEnabled(stack.can_undo)
        self.undo_action.setText(f"&Undo {stack.undo_label}" if stack.can_undo else "&Undo")
        self.redo_action.setEnabled(stack.can_redo)
        self.redo_action.setText(f"&Redo {stack.redo_label}" if stack.can_redo else "&Redo")

    def show_annotation(self, annotation_id: str) -> None:
        for annotation in self.controller.annotations:
            if annotation.id != annotation_id:
                continue
            article_id = self.controller.article_id(annotation.article_key)
            pane = self.panes.get(article_id or "")
            if pane is None:
                return
            if annotation.state is AnchorState.ORPHANED:
                self.status_text.setText("This annotation's quote is no longer in the text.")
                return
            pane.show_span(annotation.anchor.start, annotation.anchor.end)
            self.pane_area.ensureWidgetVisible(pane, 0, 0)
            return

    @Slot(QModelIndex, QModelIndex)
    def _on_annotation_current_row_changed(
        self,
        current: QModelIndex | QPersistentModelIndex,
        _previous: QModelIndex | QPersistentModelIndex,
    ) -> None:
        self._on_annotation_activated(current)

    @Slot(QModelIndex)
    def _on_annotation_activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        if index.isValid():
            annotation_id = index.data(AnnotationIdRole)
            if isinstance(annotation_id, str):
                self.show_annotation(annotation_id)

    @Slot()
    def open_session_dialog(self) -> None:
        dialog = SessionsDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._on_sessions_dialog_accepted(dialog))
        dialog.finished.connect(lambda _code: setattr(self, "sessions_dialog", None))
        self.sessions_dialog = dialog
        self.controller.list_sessions(self._on_sessions_listed)
        dialog.open()

    def _on_sessions_listed(self, sessions: list[SessionSummary]) -> None:
        if self.sessions_dialog is not None:
            self.sessions_dialog.set_sessions(sessions)

    def _on_sessions_dialog_accepted(self, dialog: SessionsDialog) -> None:
        name = dialog.chosen()
        if name:
            self.status_text.setText(f"Opening {name}…")
            self.controller.open_session(name)

    def _update_count(self) -> None:
        comparison = self.controller.comparison
        if comparison is None:
            self.relation_count.setText("")
            return
        conflicts = sum(r.kind is RelationKind.CONFLICT for r in comparison.relations)
        matches = len(comparison.relations) - conflicts
        shown = self.relations_view.rowCount()
        text = f"{conflicts} conflicts, {matches} matches"
        if shown != len(comparison.relations):
            text += f" ({shown} shown)"
        self.relation_count.setText(text)

    @Slot(bool)
    def _on_controller_busy_changed(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.open_action.setEnabled(True)
        if not busy:
            self._show_summary()

    def _show_summary(self) -> None:
        comparison = self.controller.comparison
        if comparison is None:
            self.status_text.setText("Ready")
        elif len(comparison.articles) < 2:
            self.status_text.setText("Add another article to compare it with.")
        else:
            conflicts = sum(r.kind is RelationKind.CONFLICT for r in comparison.relations)
            self.status_text.setText(
                f"{len(comparison.articles)} articles · {len(comparison.relations)} "
                f"relations · {conflicts} conflicts  (F8: next conflict)"
            )

    @Slot(str, int, int)
    def _on_controller_progress_reported(self, message: str, done: int, total: int) -> None:
        self.status_text.setText(message)
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
        else:
            self.progress.setRange(0, 0)  # busy indicator

    @Slot(str)
    def _on_controller_model_state_changed(self, state: str) -> None:
        if self.controller.busy:
            return  # the analysis reports its own progress
        if state == "loading":
            self.status_text.setText("Loading language model…")
            self.progress.setRange(0, 0)
            self.progress.show()
        elif state == "ready":
            self.progress.hide()
            if self.controller.comparison is None:
                self.status_text.setText("Ready — open or drop two or more articles.")
            else:
                self._show_summary()
        else:
            self.progress.hide()
            self._problem("The language model could not be loaded", state)

    @Slot(list)
    def _on_controller_files_refused(self, messages: list[str]) -> None:
        opened = len(self.controller.articles)
        title = "A file could not be opened" if len(messages) == 1 else "Files not opened"
        suffix = f"\n\nThe other files are open ({opened} articles)." if opened else ""
        self._problem(title, "\n\n".join(messages) + suffix)

    @Slot(str)
    def _on_controller_analysis_failed(self, message: str) -> None:
        self._problem("The analysis failed", message)

    @Slot()
    def _on_controller_analysis_cancelled(self) -> None:
        self.status_text.setText("Analysis cancelled.")

    def _problem(self, title: str, message: str) -> None:
        self.status_text.setText(f"{title}.")
        if self.interactive:
            QMessageBox.warning(self, title, message)
        else:
            import sys

            sys.stderr.write(f"crosscheck: {title}: {message}\n")

    def closeEvent(self, event: QCloseEvent) -> None:
        self.controller.shutdown()
        super().closeEvent(event)
