"""The look every table of the window shares: whole rows, one at a time,
compact, no grid, a context menu of its own.

From the keyboard a table is one stop: Tab and Shift+Tab leave it for the next
region (they do not walk its cells), the arrows move inside it, and the menu
key (or Shift+F10) opens its context menu on the current row, not on whatever
row happens to be under the middle of the table.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Slot,
)
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QAbstractItemView, QTableView

ROW_HEIGHT = 26


class _Keyboard(QObject):
    """A table's keyboard helper: a keyboard context menu request becomes one
    at the current row (the table's ``customContextMenuRequested``
    position), and the current row is always the selected one."""

    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self.table = table

    @Slot(QModelIndex, QModelIndex)
    def select_current(
        self,
        current: QModelIndex | QPersistentModelIndex,
        _previous: QModelIndex | QPersistentModelIndex,
    ) -> None:
        # Tabbing into a table makes its first row current without selecting
        # it: the row the keys act on must look chosen.
        selection = self.table.selectionModel()
        if current.isValid() and not selection.isRowSelected(current.row(), current.parent()):
            selection.setCurrentIndex(
                self.table.model().index(current.row(), current.column(), current.parent()),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ContextMenu
            and isinstance(event, QContextMenuEvent)
            and event.reason() == QContextMenuEvent.Reason.Keyboard
        ):
            current = self.table.currentIndex()
            if not current.isValid():
                return True  # no row to act on: no menu
            self.table.scrollTo(current)
            self.table.customContextMenuRequested.emit(self.table.visualRect(current).center())
            return True
        return False


def row_table(
    name: str, model: QAbstractItemModel, widths: tuple[tuple[int, int], ...]
) -> QTableView:
    """A table of ``model`` named ``name`` (for the style sheet), with the
    columns' starting ``widths`` (column, pixels)."""
    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setShowGrid(False)
    table.setTabKeyNavigation(False)  # Tab leaves the table; the arrows move in it
    table.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
    table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    menu = _Keyboard(table)
    table.installEventFilter(menu)
    table.viewport().installEventFilter(menu)
    table.selectionModel().currentRowChanged.connect(menu.select_current)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    for column, width in widths:
        header.resizeSection(column, width)
    return table
