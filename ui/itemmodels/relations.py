"""The relations table: one row per link between two claims."""

from __future__ import annotations

from collections.abc import Callable, Sequence
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
from app.session import RelationVerdict, Verdict

AnyIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
EXCERPT_CHARS = 160

# Data role holding the row's index into Comparison.relations.
RelationRole = Qt.ItemDataRole.UserRole + 1
# Data role holding the relation kind ("match" / "conflict").
KindRole = Qt.ItemDataRole.UserRole + 2
# Data role holding the text the free-text filter searches.
SearchRole = Qt.ItemDataRole.UserRole + 4
# Data role holding the row's article letters, e.g. ("A", "C").
ArticlesRole = Qt.ItemDataRole.UserRole + 5
# Data role holding the difference types of the row.
TypesRole = Qt.ItemDataRole.UserRole + 6

VERDICT_TEXT = {
    Verdict.CONFIRMED: "✓ confirmed",
    Verdict.REJECTED: "✕ rejected",
    Verdict.RETYPED: "↻ retyped",
}


class Column(IntEnum):
    KIND = 0
    ARTICLES = 1
    TYPE = 2
    VALUES = 3
    VERDICT = 4
    EXCERPT_A = 5
    EXCERPT_B = 6
    NOTE = 7


HEADERS = {
    Column.KIND: "Kind",
    Column.ARTICLES: "Articles",
    Column.TYPE: "Difference",
    Column.VALUES: "Values",
    Column.VERDICT: "Verdict",
    Column.EXCERPT_A: "First claim",
    Column.EXCERPT_B: "Second claim",
    Column.NOTE: "Note",
}


@dataclass(frozen=True, slots=True)
class RelationRow:
    relation: int
    kind: RelationKind  # as the engine found it
    letters: tuple[str, str]
    articles: str
    types: str
    type_list: tuple[str, ...]
    values: str
    excerpt_a: str
    excerpt_b: str
    full_a: str
    full_b: str
    note: str
    score: float
    possible: bool = False  # the engine is not sure of it (shown on request)


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
        type_list = tuple(dict.fromkeys(d.type for d in shown))
        types = ", ".join(type_list)
        rows.append(
            RelationRow(
                relation=n,
                kind=rel.kind,
                letters=(a.article_id, b.article_id),
                articles=f"{a.article_id} ↔ {b.article_id}",
                types=types if conflicting or not types else f"({types})",
                type_list=type_list,
                values="; ".join(f"{d.values[0]} ≠ {d.values[1]}" for d in conflicting),
                excerpt_a=_excerpt(a.text),
                excerpt_b=_excerpt(b.text),
                full_a=a.text,
                full_b=b.text,
                note="; ".join(d.note for d in shown),
                score=rel.score,
                possible=rel.possible,
            )
        )
    return rows


class RelationsModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[RelationRow] = []
        self._ink: dict[RelationKind, QColor] = {}
        self._verdicts: dict[int, RelationVerdict] = {}
        self._muted: QColor | None = None  # rejected rows
        self._by_relation: dict[int, RelationRow] = {}
        # The model sorts itself: hundreds of rows through a proxy's Python
        # lessThan took over 100 ms on the GUI thread.
        self._sort: tuple[int, Qt.SortOrder] = (Column.KIND, Qt.SortOrder.AscendingOrder)

    def set_ink(self, ink: dict[RelationKind, QColor], muted: QColor | None = None) -> None:
        """Text colours of the Kind column, and of rejected rows, from the theme."""
        self._ink = dict(ink)
        self._muted = muted
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(len(self._rows) - 1, len(Column) - 1),
                [Qt.ItemDataRole.ForegroundRole],
            )

    def set_comparison(
        self, comparison: Comparison | None, rows: Sequence[RelationRow] | None = None
    ) -> None:
        """Show ``comparison``; ``rows`` are its ``relation_rows`` when already made."""
        self.beginResetModel()
        if rows is None:
            rows = relation_rows(comparison) if comparison else []
        rows = list(rows)
        self._by_relation = {r.relation: r for r in rows}
        self._verdicts = {}
        self._rows = self._sorted(rows)
        self.endResetModel()

    def set_verdicts(self, verdicts: dict[int, RelationVerdict]) -> None:
        """The user's verdicts, by relation index."""
        if verdicts == self._verdicts:
            return
        self._verdicts = dict(verdicts)
        if not self._rows:
            return
        self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(Column) - 1))
        if self._sort[0] in (Column.KIND, Column.VERDICT):
            self.sort(*self._sort)  # kinds and verdicts move rows

    def row_of(self, relation: int) -> RelationRow:
        return self._by_relation[relation]

    def rows(self) -> list[RelationRow]:
        return list(self._rows)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(Column):
            return
        self._sort = (column, order)
        if not self._rows:
            return
        self.layoutAboutToBeChanged.emit()
        before = {id(r): n for n, r in enumerate(self._rows)}
        self._rows = self._sorted(self._rows)
        after = {before[id(r)]: n for n, r in enumerate(self._rows)}
        old = self.persistentIndexList()
        self.changePersistentIndexList(
            old, [self.index(after[i.row()], i.column()) if i.isValid() else i for i in old]
        )
        self.layoutChanged.emit()

    def _sorted(self, rows: list[RelationRow]) -> list[RelationRow]:
        column, order = self._sort
        reverse = order == Qt.SortOrder.DescendingOrder
        if column == Column.KIND:
            # Conflicts first, then the stronger links; rejected ones last.
            def key(row: RelationRow) -> tuple[Any, ...]:
                verdict = self._verdicts.get(row.relation)
                rejected = verdict is not None and verdict.verdict is Verdict.REJECTED
                first = 0 if self.kind_of(row) is RelationKind.CONFLICT else 1
                return (rejected, row.possible, first, -row.score, row.relation)

            return sorted(rows, key=key, reverse=reverse)
        col = Column(column)
        return sorted(
            rows,
            key=lambda r: (
                self._display(r, col, self.kind_of(r), self._verdicts.get(r.relation)).casefold(),
                r.relation,
            ),
            reverse=reverse,
        )

    def kind_of(self, row: RelationRow) -> RelationKind:
        """The kind as the user sees it: retyped relations take their new kind."""
        verdict = self._verdicts.get(row.relation)
        if verdict is not None and verdict.verdict is Verdict.RETYPED and verdict.kind:
            return verdict.kind
        return row.kind

    def verdict_of(self, row: RelationRow) -> RelationVerdict | None:
        return self._verdicts.get(row.relation)

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
        kind = self.kind_of(row)
        verdict = self._verdicts.get(row.relation)
        rejected = verdict is not None and verdict.verdict is Verdict.REJECTED
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column, kind, verdict)
        if role == Qt.ItemDataRole.ForegroundRole:
            if rejected:
                return self._muted
            return self._ink.get(kind) if column == Column.KIND else None
        if role == Qt.ItemDataRole.FontRole:
            if rejected:
                font = QFont()
                font.setStrikeOut(column == Column.KIND)
                return font
            if column == Column.KIND and kind is RelationKind.CONFLICT:
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
            if column == Column.VALUES:
                return row.values or None
            if column == Column.VERDICT and verdict is not None:
                return _verdict_tip(row, verdict)
            return None
        if role == RelationRole:
            return row.relation
        if role == KindRole:
            return kind.value
        if role == ArticlesRole:
            return row.letters
        if role == TypesRole:
            return row.type_list
        if role == SearchRole:
            return " ".join((row.full_a, row.full_b, row.note, row.values, row.types)).casefold()
        return None

    @staticmethod
    def _display(
        row: RelationRow, column: Column, kind: RelationKind, verdict: RelationVerdict | None
    ) -> str:
        match column:
            case Column.KIND:
                name = "Conflict" if kind is RelationKind.CONFLICT else "Match"
                return f"{name}?" if row.possible and verdict is None else name
            case Column.ARTICLES:
                return row.articles
            case Column.TYPE:
                return row.types or "—"
            case Column.EXCERPT_A:
                return row.excerpt_a
            case Column.EXCERPT_B:
                return row.excerpt_b
            case Column.VALUES:
                return row.values
            case Column.VERDICT:
                return VERDICT_TEXT[verdict.verdict] if verdict else ""
            case Column.NOTE:
                return row.note


def _verdict_tip(row: RelationRow, verdict: RelationVerdict) -> str:
    if verdict.verdict is Verdict.RETYPED and verdict.kind is not None:
        was = "conflict" if row.kind is RelationKind.CONFLICT else "match"
        text = f"Retyped by you: a {verdict.kind.value}, not a {was}."
    else:
        text = f"{verdict.verdict.value.capitalize()} by you."
    return text + (f"\n{verdict.note}" if verdict.note else "")


class RelationsFilter(QSortFilterProxyModel):
    """Keeps rows of one kind, one difference type, one article and holding a
    text, each when set; sorting is passed on to the source model."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._kind: RelationKind | None = None
        self._type: str | None = None
        self._article: str | None = None
        self._text = ""

    @property
    def kind(self) -> RelationKind | None:
        return self._kind

    def set_kind(self, kind: RelationKind | None) -> None:
        if kind != self._kind:
            self._refilter(lambda: setattr(self, "_kind", kind))

    def set_type(self, type_: str | None) -> None:
        if type_ != self._type:
            self._refilter(lambda: setattr(self, "_type", type_))

    def set_article(self, letter: str | None) -> None:
        if letter != self._article:
            self._refilter(lambda: setattr(self, "_article", letter))

    def set_text(self, text: str) -> None:
        text = " ".join(text.split()).casefold()
        if text != self._text:
            self._refilter(lambda: setattr(self, "_text", text))

    def _refilter(self, change: Callable[[], None]) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.9 and later
            self.beginFilterChange()
            change()
            self.endFilterChange()
        else:
            change()
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        if self._kind is not None and model.data(index, KindRole) != self._kind.value:
            return False
        if self._type is not None and self._type not in (model.data(index, TypesRole) or ()):
            return False
        if self._article is not None and self._article not in (
            model.data(index, ArticlesRole) or ()
        ):
            return False
        return not self._text or all(
            word in model.data(index, SearchRole) for word in self._text.split()
        )

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting is the source model's (fast, in one Python sort); the proxy
        keeps its order and only filters."""
        source = self.sourceModel()
        if source is not None:
            source.sort(column, order)
