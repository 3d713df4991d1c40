"""The look every table of the window shares: whole rows, one at a time,
compact, no grid, a context menu of its own."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QTableView

ROW_HEIGHT = 26


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
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
    table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    for column, width in widths:
        header.resizeSection(column, width)
    return table
