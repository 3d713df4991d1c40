"""What is where: the empty window and the workspace.

The empty window (the drop zone, Open articles, the recent sessions) and the
workspace: the save state and legend over the panes' strip, the find bar,
and under them the relations and annotations panels.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ui.annotations_panel import AnnotationsPanel
from ui.connectors import GUTTER_WIDTH, ConnectorSplitter
from ui.find_bar import FindBar
from ui.labels import ElidedLabel
from ui.main_window.legend import Legend
from ui.main_window.opening import Opening
from ui.recent_sessions import RecentSessions
from ui.relations_panel import RelationsPanel


class Layout(Opening):
    """The empty window and the workspace's widgets and splitters."""

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
            "or choose them from disk. A story copied from a browser:\n"
            "File > New article from clipboard (Ctrl+Shift+V).",
            zone,
        )
        hint.setObjectName("emptyHint")
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        button = QPushButton("Open articles…", zone)
        button.setObjectName("openButton")
        button.setAccessibleName("Open articles (Ctrl+O)")
        self.open_button = button
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        button.clicked.connect(self.open_dialog)
        inner = QVBoxLayout(zone)
        inner.setContentsMargins(40, 32, 40, 32)
        inner.setSpacing(14)
        inner.addWidget(title, 0, Qt.AlignmentFlag.AlignHCenter)
        inner.addWidget(hint, 0, Qt.AlignmentFlag.AlignHCenter)
        inner.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
        self.recent_sessions = RecentSessions(page)
        self.recent_sessions.open_requested.connect(self.open_session)
        self.recent_sessions.browse_requested.connect(self.open_sessions_browser)
        self.recent_sessions.hide()  # until the store lists some
        outer = QVBoxLayout(page)
        outer.addStretch(1)
        outer.addWidget(zone, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addSpacing(18)
        outer.addWidget(self.recent_sessions, 0, Qt.AlignmentFlag.AlignHCenter)
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
        self.pane_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the panes' texts take it
        self.pane_area.setWidget(self.pane_splitter)

        self.relations_panel = RelationsPanel()
        self.relations_panel.relation_selected.connect(self.show_relation)
        self.relations_panel.verdict_requested.connect(self._on_relations_verdict_requested)
        self.relations_panel.annotate_requested.connect(self.annotate_relation)
        # Short names for the parts tests and the window reach often.
        self.relations = self.relations_panel.model
        self.relations_view = self.relations_panel.proxy
        self.table = self.relations_panel.table
        self.kind_filter = self.relations_panel.kind_filter
        self.relation_count = self.relations_panel.count
        self.legend = Legend()

        self.bottom = QSplitter(Qt.Orientation.Horizontal)
        self.bottom.setChildrenCollapsible(False)
        self.bottom.addWidget(self.relations_panel)
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
        # Cut with "…" (whole in its tooltip) before the legend is.
        self.save_label = ElidedLabel("", 1)
        self.save_label.setObjectName("saveState")
        head = QHBoxLayout()
        head.setContentsMargins(4, 0, 4, 0)
        head.addWidget(self.save_label, 1)
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
        panel = AnnotationsPanel()
        panel.activated.connect(self.show_annotation)
        panel.edit_requested.connect(self.edit_annotation)
        panel.resolve_requested.connect(self.controller.toggle_resolved)
        panel.delete_requested.connect(self.controller.delete_annotation)
        panel.reattach_requested.connect(self.reattach_annotation)
        self.annotations_panel = panel
        self.annotations = panel.model
        self.annotations_table = panel.table
        self.annotation_count = panel.count
        return panel
