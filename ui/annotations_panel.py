"""The annotations panel: every note of the session, with jump, edit,
resolve, delete and re-attach.  Like the relations panel it only asks; the
window passes the requests to the controller."""

from __future__ import annotations

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
    Signal,
    SignalInstance,
    Slot,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.session import AnchorState, Annotation, AnnotationStatus
from ui.itemmodels.annotations import (
    AnnotationColumn,
    AnnotationIdRole,
    AnnotationsModel,
)
from ui.tables import row_table

COLUMN_WIDTHS = (
    (AnnotationColumn.ARTICLE, 34),
    (AnnotationColumn.TAG, 90),
    (AnnotationColumn.STATUS, 66),
    (AnnotationColumn.PLACE, 80),
)


class AnnotationsPanel(QWidget):
    activated = Signal(str)  # jump to the annotation's quote
    edit_requested = Signal(str)
    resolve_requested = Signal(str)  # resolve, or reopen a resolved one
    delete_requested = Signal(str)
    reattach_requested = Signal(str)  # place it on the current selection

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("annotationsPanel")
        self.model = AnnotationsModel(self)
        self._status: dict[str, AnnotationStatus] = {}
        title = QLabel("Annotations")
        title.setObjectName("panelTitle")
        self.count = QLabel()
        self.count.setObjectName("relationCount")

        self.table = row_table("annotationsTable", self.model, COLUMN_WIDTHS)
        self.table.setAccessibleName("Annotations")
        self.table.setAccessibleDescription(
            "Up and Down move between notes; Enter edits, Space resolves or reopens, "
            "Delete deletes, A re-attaches the note to the selected text"
        )
        self.table.customContextMenuRequested.connect(self._on_table_context_menu)
        header = self.table.horizontalHeader()
        for column in (AnnotationColumn.QUOTE, AnnotationColumn.NOTE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        self.table.doubleClicked.connect(lambda _index: self._ask(self.edit_requested))

        # Named in full for the window's Edit menu; the panel's buttons show
        # the short names (a tool button shows its action's icon text).
        self.edit_action = self._action("&Edit annotation…", "Edit", "Return", self.edit_requested)
        self.resolve_action = self._action(
            "Re&solve annotation", "Resolve", "Space", self.resolve_requested
        )
        self.delete_action = self._action(
            "&Delete annotation", "Delete", "Delete", self.delete_requested
        )
        self.reattach_action = self._action(
            "Re-&attach annotation to the selected text", "Re-attach", "A", self.reattach_requested
        )
        self.reattach_action.setToolTip(
            "Select the passage in the annotation's article, then re-attach the note to it"
        )

        bar = QHBoxLayout()
        bar.setContentsMargins(2, 0, 2, 0)
        bar.setSpacing(4)
        bar.addWidget(title)
        bar.addWidget(self.count)
        bar.addStretch(1)
        for action in (self.edit_action, self.resolve_action, self.delete_action):
            button = QToolButton()
            button.setObjectName("panelButton")
            button.setDefaultAction(action)
            # The table's keys do this; Tab goes from the table to the next region.
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setAccessibleName(action.text().replace("&", "").rstrip("…"))
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(6)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self._update_actions()

    def _action(self, text: str, short: str, key: str, signal: SignalInstance) -> QAction:
        action = QAction(text, self.table)
        action.setIconText(short)
        # Only while the table has the focus: Space and Delete mean other
        # things elsewhere.
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(lambda: self._ask(signal))
        self.table.addAction(action)
        return action

    def menu_actions(self) -> tuple[QAction, ...]:
        """The actions on the selected annotation, for the window's Edit menu."""
        return (self.edit_action, self.resolve_action, self.delete_action, self.reattach_action)

    def set_annotations(self, annotations: tuple[Annotation, ...], letters: dict[str, str]) -> None:
        current = self.current_annotation()
        self.model.set_annotations(annotations, letters)
        self._status = {a.id: a.status for a in annotations}
        count = len(annotations)
        flagged = sum(a.state in (AnchorState.FUZZY, AnchorState.ORPHANED) for a in annotations)
        open_ = sum(a.status is AnnotationStatus.OPEN for a in annotations)
        text = f"{count} annotation{'s' if count != 1 else ''}, {open_} open" if count else ""
        self.count.setText(text + (f", {flagged} to check" if flagged else ""))
        if current is not None:
            self.select_annotation(current)
        self._update_actions()

    def current_annotation(self) -> str | None:
        value = self.table.currentIndex().data(AnnotationIdRole)
        return value if isinstance(value, str) else None

    def select_annotation(self, annotation_id: str) -> None:
        row = self.model.row_of(annotation_id)
        if row >= 0:
            self.table.blockSignals(True)
            self.table.selectRow(row)
            self.table.blockSignals(False)
            self._update_actions()

    def _ask(self, signal: SignalInstance) -> None:
        annotation_id = self.current_annotation()
        if annotation_id is not None:
            signal.emit(annotation_id)

    def _update_actions(self) -> None:
        chosen = self.current_annotation() is not None
        for action in (
            self.edit_action,
            self.resolve_action,
            self.delete_action,
            self.reattach_action,
        ):
            action.setEnabled(chosen)
        resolved = chosen and self._status.get(self.current_annotation() or "") is (
            AnnotationStatus.RESOLVED
        )
        self.resolve_action.setText("Re&open annotation" if resolved else "Re&solve annotation")
        self.resolve_action.setIconText("Reopen" if resolved else "Resolve")

    @Slot(QModelIndex, QModelIndex)
    def _on_current_row_changed(
        self,
        current: QModelIndex | QPersistentModelIndex,
        _previous: QModelIndex | QPersistentModelIndex,
    ) -> None:
        self._update_actions()
        annotation_id = current.data(AnnotationIdRole) if current.isValid() else None
        if isinstance(annotation_id, str):
            self.activated.emit(annotation_id)

    @Slot(QPoint)
    def _on_table_context_menu(self, position: QPoint) -> None:
        index = self.table.indexAt(position)
        if not index.isValid():
            return
        self.table.selectRow(index.row())
        menu = QMenu(self)
        for action in (self.edit_action, self.resolve_action, self.delete_action):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.reattach_action)
        menu.exec(self.table.viewport().mapToGlobal(position))
        menu.deleteLater()
