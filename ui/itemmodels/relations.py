"""The relations table: one row per link between two claims."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QFont

from app.domain import Comparison, RelationKind

AnyIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
EXCERPT_CHARS = 160

# Data role holding the row's index into Comparison.relations.
RelationRole = Qt.ItemDataRole.UserRole + 1
# Data role holding the relation kind ("match" / "conflict").
KindRole = Qt.ItemDataRole.UserRole + 2
SortRole = Qt.ItemDataRole.UserRole + 3


class Column(IntEnum):
    KIND = 0
    ARTICLES = 1
    TYPE = 2
    EXCERPT_A = 3
    EXCERPT_B = 4
    NOTE = 5


HEADERS = {
    Column.KIND: "Kind",
    Column.ARTICLES: "Articles",
    Column.TYPE: "Difference",
    Column.EXCERPT_A: "Excerpt A",
    Column.EXCERPT_B: "Excerpt B",
    Column.NOTE: "Note",
}


@dataclass(frozen=True, slots=True)
class RelationRow:
    relation: int
    kind: RelationKind
    articles: str
    types: str
    excerpt_a: str
    excerpt_b: str
    full_a: str
    full_b: str
    note: str
    score: float


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1].rstrip() + "…"


def relation_rows(comparison: Comparison) -> list[RelationRow]:
    claims = {c.id: c for c in comparison.claims}
    rows: list[RelationRow] = []
    for n, rel in enumerate(comparison.relations):
        a, b = claims[rel.claims[0]], claims[rel.claims[1]]
        conflicting = [d for d in rel.differences if d.conflicting]
        shown = conflicting or list(rel.differences)
        types = ", ".join(dict.fromkeys(d.type for d in shown))
        rows.append(
            RelationRow(
                relation=n,
                kind=rel.kind,
                articles=f"{a.article_id} ↔ {b.article_id}",
                types=types if conflicting or not types else f"({types})",
                excerpt_a=_excerpt(a.text),
                excerpt_b=_excerpt(b.text),
                full_a=a.text,
                full_b=b.text,
                note="; ".join(d.note for d in shown),
                score=rel.score,
            )
        )
    return rows


class RelationsModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[RelationRow] = []
        self._ink: dict[RelationKind, QColor] = {}

    def set_ink(self, ink: dict[RelationKind, QColor]) -> None:
        """Text colours of the Kind column, from the theme."""
        self._ink = dict(ink)
        if self._rows:
            self.dataChanged.emit(
                self.index(0, Column.KIND),
                self.index(len(self._rows) - 1, Column.KIND),
                [Qt.ItemDataRole.ForegroundRole],
            )

    def set_comparison(self, comparison: Comparison | None) -> None:
        self.beginResetModel()
        self._rows = relation_rows(comparison) if comparison else []
        self.endResetModel()

    def row_at(self, row: int) -> RelationRow:
        return self._rows[row]

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(Column):
            return HEADERS[Column(section)]
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return str(section + 1)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid():
            return None
        if not (0 <= index.row() < len(self._rows) and 0 <= index.column() < len(Column)):
            return None
        row = self._rows[index.row()]
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.ForegroundRole and column == Column.KIND:
            return self._ink.get(row.kind)
        if role == Qt.ItemDataRole.FontRole and column == Column.KIND:
            if row.kind is RelationKind.CONFLICT:
                font = QFont()
                font.setBold(True)
                return font
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == Column.EXCERPT_A:
                return row.full_a
            if column == Column.EXCERPT_B:
                return row.full_b
            if column == Column.NOTE:
                return row.note or None
            return None
        if role == SortRole:
            if column == Column.KIND:
                # Conflicts first, then the stronger links.
                return (0 if row.kind is RelationKind.CONFLICT else 1, -row.score, row.relation)
            return (self._display(row, column).casefold(), row.relation)
        if role == RelationRole:
            return row.relation
        if role == KindRole:
            return row.kind.value
        return None

    @staticmethod
    def _display(row: RelationRow, column: Column) -> str:
        match column:
            case Column.KIND:
                return "Conflict" if row.kind is RelationKind.CONFLICT else "Match"
            case Column.ARTICLES:
                return row.articles
            case Column.TYPE:
                return row.types or "—"
            case Column.EXCERPT_A:
                return row.excerpt_a
            case Column.EXCERPT_B:
                return row.excerpt_b
            case Column.NOTE:
                return row.note


class RelationsFilter(QSortFilterProxyModel):
    """Sorts by ``SortRole`` and keeps one kind of relation, or all."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._kind: RelationKind | None = None
        self.setSortRole(SortRole)

    @property
    def kind(self) -> RelationKind | None:
        return self._kind

    def set_kind(self, kind: RelationKind | None) -> None:
        if kind == self._kind:
            return
        if hasattr(self, "beginFilterChange"):  # Qt 6.9 and later
            self.beginFilterChange()
            self._kind = kind
            self.endFilterChange()
        else:
            self._kind = kind
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        if self._kind is None:
            return True
        model = self.sourceModel()
        kind = model.data(model.index(source_row, 0, source_parent), KindRole)
        return bool(kind == self._kind.value)

    def lessThan(self, left: AnyIndex, right: AnyIndex) -> bool:
        a, b = left.data(SortRole), right.data(SortRole)
        return bool(a < b)
