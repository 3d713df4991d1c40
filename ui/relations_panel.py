"""The relations panel: filters over a sortable table of links, and the
verdict actions (confirm, reject, retype) on the selected relation.

The panel only asks: it emits what the user wants and the window passes it
to the controller.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from app.domain import Comparison, DifferenceType, RelationKind
from app.editing.verdicts import Judgements, RelationState
from app.export.wording import plural
from app.session import Verdict
from ui.itemmodels.relations import (
    Column,
    KindRole,
    RelationRole,
    RelationRow,
    RelationsFilter,
    RelationsModel,
)
from ui.tables import row_table

COLUMN_WIDTHS = (
    (Column.KIND, 76),
    (Column.ARTICLES, 60),
    (Column.TYPE, 110),
    (Column.VALUES, 170),
    (Column.VERDICT, 92),
    (Column.EXCERPT_A, 300),
    (Column.EXCERPT_B, 300),
)


class RelationsPanel(QWidget):
    relation_selected = Signal(int)  # the user moved to a row
    verdict_requested = Signal(int, object, object)  # relation, Verdict | None, kind | None
    annotate_requested = Signal(int)  # relation

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("relationsPanel")
        self._navigating = False  # selecting a row for the window, not the user
        self.context_menu: QMenu | None = None  # the row's menu while it is open
        self.model = RelationsModel(self)
        self.proxy = RelationsFilter(self)
        self.proxy.setSourceModel(self.model)

        title = QLabel("Relations")
        title.setObjectName("panelTitle")
        self.kind_filter = QComboBox()
        self.kind_filter.setToolTip("Show one kind of relation")
        self.kind_filter.setAccessibleName("Filter relations by kind")
        self.kind_filter.addItem("All relations", None)
        self.kind_filter.addItem("Conflicts", RelationState.CONFLICT)
        self.kind_filter.addItem("Matches", RelationState.MATCH)
        self.kind_filter.addItem("Rejected", RelationState.REJECTED)
        self.kind_filter.currentIndexChanged.connect(self._on_filters_changed)
        self.type_filter = QComboBox()
        self.type_filter.setToolTip("Show one type of difference")
        self.type_filter.setAccessibleName("Filter relations by type of difference")
        self.type_filter.currentIndexChanged.connect(self._on_filters_changed)
        self.article_filter = QComboBox()
        self.article_filter.setToolTip("Show the relations of one article")
        self.article_filter.setAccessibleName("Filter relations by article")
        self.article_filter.currentIndexChanged.connect(self._on_filters_changed)
        for combo in (self.kind_filter, self.type_filter, self.article_filter):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.text_filter = QLineEdit()
        self.text_filter.setObjectName("relationsSearch")
        self.text_filter.setPlaceholderText("Filter by words…")
        self.text_filter.setAccessibleName("Filter relations by words")
        self.text_filter.setClearButtonEnabled(True)
        self.text_filter.setMaximumWidth(220)
        self.text_filter.textChanged.connect(self._on_filters_changed)
        self.count = QLabel()
        self.count.setObjectName("relationCount")
        bar = QHBoxLayout()
        bar.setContentsMargins(2, 0, 2, 0)
        bar.setSpacing(6)
        bar.addWidget(title)
        bar.addWidget(self.kind_filter)
        bar.addWidget(self.type_filter)
        bar.addWidget(self.article_filter)
        bar.addWidget(self.text_filter)
        bar.addWidget(self.count)
        bar.addStretch(1)

        self.table = row_table("relationsTable", self.proxy, COLUMN_WIDTHS)
        self.table.setAccessibleName("Relations")
        self.table.setAccessibleDescription(
            "Up and Down move between relations; C confirms, R rejects, T retypes, "
            "L clears the verdict, N annotates; F8 goes to the next conflict"
        )
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Column.KIND, Qt.SortOrder.AscendingOrder)
        self.table.customContextMenuRequested.connect(self._on_table_context_menu)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(Column.NOTE, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        # The actions act on the row selected: a click that clears the
        # selection leaves the current row, which they must not touch.
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)

        self.confirm_action = self._action("&Confirm", "C", self._confirm)
        self.reject_action = self._action("&Reject", "R", self._reject)
        self.retype_action = self._action("Re&type", "T", self._retype)
        self.clear_action = self._action("C&lear verdict", "L", self._clear)
        self.annotate_action = self._action("&Annotate relation…", "N", self._annotate)
        self._update_actions()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(6)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)

    def _action(self, text: str, key: str, slot: Callable[[], None]) -> QAction:
        action = QAction(text, self.table)
        # Only while the table has focus: C, R, T, L, N are letters elsewhere.
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(slot)
        self.table.addAction(action)
        return action

    def menu_actions(self) -> tuple[QAction, ...]:
        """The verdict actions, for the window's Relation menu (their keys
        work while the table has the focus)."""
        return (
            self.confirm_action,
            self.reject_action,
            self.retype_action,
            self.clear_action,
            self.annotate_action,
        )

    # -- content -------------------------------------------------------------

    def set_comparison(
        self,
        comparison: Comparison | None,
        rows: Sequence[RelationRow] | None = None,
        judgements: Judgements | None = None,
    ) -> None:
        self.model.set_comparison(comparison, rows, judgements)
        self._fill_filter(
            self.type_filter,
            "All differences",
            sorted({t for r in self._rows() for t in r.type_list}),
        )
        self._fill_filter(
            self.article_filter,
            "All articles",
            [a.id for a in comparison.articles] if comparison else [],
        )
        self._update_count()
        self._update_actions()

    def set_judgements(self, judgements: Judgements | None, *, keep_order: bool = False) -> None:
        """What the relations are now.  After the user's verdict
        (``keep_order``) the rows and the selection stay where they are (see
        RelationsFilter); otherwise (a session came in) the table sorts again."""
        current = self.current_relation()
        self._navigating = True  # not the user's doing
        try:
            self.model.set_judgements(judgements, resort=not keep_order)
            if not keep_order:
                self.proxy.invalidate()  # filter again too
            if current is not None and not self.select_relation(current):
                self.table.selectionModel().clearCurrentIndex()
                self.table.clearSelection()
        finally:
            self._navigating = False
        self._update_count()
        self._update_actions()

    def set_ink(self, ink: dict[RelationKind, QColor], muted: QColor) -> None:
        self.model.set_ink(ink, muted)

    def _rows(self) -> list[RelationRow]:
        return self.model.rows()

    @staticmethod
    def _fill_filter(combo: QComboBox, everything: str, values: list[str]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(everything, None)
        for value in values:
            combo.addItem(value, value)
        found = combo.findData(current) if current is not None else 0
        combo.setCurrentIndex(max(found, 0))
        combo.setVisible(len(values) > 1)
        combo.blockSignals(False)

    @Slot()
    def _on_filters_changed(self) -> None:
        # A combo box hands its data back as plain strings.
        kind, type_ = self.kind_filter.currentData(), self.type_filter.currentData()
        self.proxy.set_kind(RelationState(kind) if kind else None)
        self.proxy.set_type(DifferenceType(type_) if type_ else None)
        self.proxy.set_article(self.article_filter.currentData())
        self.proxy.set_text(self.text_filter.text())
        self._update_count()

    def _update_count(self) -> None:
        total = self.model.rowCount()
        if total == 0:
            self.count.setText("")
            return
        self.count.setText(count_text(self.model.counts(), shown=self.proxy.rowCount()))

    # -- selection -----------------------------------------------------------

    def current_relation(self) -> int | None:
        relation = self.table.currentIndex().data(RelationRole)
        return relation if isinstance(relation, int) else None

    def selected_relation(self) -> int | None:
        """The relation of the row selected, if one is (the current row may
        be left unselected: a click elsewhere clears the selection only)."""
        rows = self.table.selectionModel().selectedRows(Column.KIND)
        relation = rows[0].data(RelationRole) if len(rows) == 1 else None
        return relation if isinstance(relation, int) else None

    def select_relation(self, relation: int) -> bool:
        """Select ``relation``'s row (if the filters show it) without emitting
        ``relation_selected``."""
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, Column.KIND)
            if index.data(RelationRole) == relation:
                self._select(index, notify=False)
                return True
        return False

    def step_conflict(self, step: int) -> bool:
        """Move to the next (+1) or previous (-1) conflict shown (what is a
        conflict now: a rejected one is not, a match retyped as one is);
        False when the table shows none."""
        rows = self.proxy.rowCount()
        current = self.table.currentIndex().row()
        start = current if current >= 0 else (-1 if step > 0 else rows)
        for k in range(1, rows + 1):
            row = (start + step * k) % rows
            index = self.proxy.index(row, Column.KIND)
            if index.data(KindRole) == RelationState.CONFLICT:  # a conflict now
                self._select(index, notify=True)
                return True
        return False

    def _select(self, index: QModelIndex, *, notify: bool) -> None:
        self._navigating = not notify
        try:
            self.table.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        finally:
            self._navigating = False
        self.table.scrollTo(index)

    @Slot()
    def _on_selection_changed(self) -> None:
        self._update_actions()

    @Slot(QModelIndex, QModelIndex)
    def _on_current_row_changed(
        self,
        current: QModelIndex | QPersistentModelIndex,
        _previous: QModelIndex | QPersistentModelIndex,
    ) -> None:
        self._update_actions()
        if current.isValid() and not self._navigating:
            relation = current.data(RelationRole)
            if isinstance(relation, int):
                self.relation_selected.emit(relation)

    # -- verdicts ------------------------------------------------------------

    def _update_actions(self) -> None:
        relation = self.selected_relation()
        chosen = relation is not None
        row = self.model.row_of(relation) if relation is not None else None
        judged = self.model.judged(row) if row is not None else None
        verdict = judged.verdict if judged is not None else None
        for action in (
            self.confirm_action,
            self.reject_action,
            self.retype_action,
            self.annotate_action,
        ):
            action.setEnabled(chosen)
        self.clear_action.setEnabled(verdict is not None)
        kind = (judged.kind or judged.found) if judged is not None else None
        self.retype_action.setText(
            "Re&type as a match"
            if kind is RelationKind.CONFLICT
            else "Re&type as a conflict"
            if kind is RelationKind.MATCH
            else "Re&type"
        )

    @Slot(QPoint)
    def _on_table_context_menu(self, position: QPoint) -> None:
        index = self.table.indexAt(position)
        if not index.isValid():
            return
        self._select(self.proxy.index(index.row(), Column.KIND), notify=True)
        menu = QMenu(self)
        self.context_menu = menu
        actions = (
            self.confirm_action,
            self.reject_action,
            self.retype_action,
            self.clear_action,
            self.annotate_action,
        )
        for action in actions:
            if action is self.annotate_action:
                menu.addSeparator()
            menu.addAction(action)
            # A key (C, R, T, N) triggers the action through its shortcut, not
            # the menu, which would stay open: close it whichever way it acts.
            action.triggered.connect(menu.close)
        try:
            menu.exec(self.table.viewport().mapToGlobal(position))
        finally:
            for action in actions:
                action.triggered.disconnect(menu.close)
            self.context_menu = None
            menu.deleteLater()

    def _ask(self, verdict: Verdict | None, kind: RelationKind | None = None) -> None:
        relation = self.selected_relation()
        if relation is not None:
            self.verdict_requested.emit(relation, verdict, kind)

    @Slot()
    def _confirm(self) -> None:
        self._ask(Verdict.CONFIRMED)

    @Slot()
    def _reject(self) -> None:
        self._ask(Verdict.REJECTED)

    @Slot()
    def _retype(self) -> None:
        relation = self.selected_relation()
        if relation is None:
            return
        judged = self.model.judged(self.model.row_of(relation))
        now = (judged.kind or judged.found) if judged is not None else None
        if judged is not None and judged.retyped:
            self._ask(None)  # retyping back is the engine's kind: the verdict goes
            return
        other = RelationKind.MATCH if now is RelationKind.CONFLICT else RelationKind.CONFLICT
        self._ask(Verdict.RETYPED, other)

    @Slot()
    def _clear(self) -> None:
        self._ask(None)

    @Slot()
    def _annotate(self) -> None:
        relation = self.selected_relation()
        if relation is not None:
            self.annotate_requested.emit(relation)


def count_text(counts: dict[str, int], *, shown: int | None = None) -> str:
    """ "3 conflicts, 12 matches, 1 rejected (9 shown)": the relations as the
    verdicts leave them; the table's header and the status bar say the same."""
    conflicts, matches = counts[RelationState.CONFLICT], counts[RelationState.MATCH]
    text = f"{plural(conflicts, 'conflict')}, {plural(matches, 'match', 'matches')}"
    if rejected := counts[RelationState.REJECTED]:
        text += f", {rejected} rejected"
    total = sum(counts.values())
    if shown is not None and shown != total:
        text += f" ({shown} shown)"
    return text
