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

from app.domain import Comparison, Difference, DifferenceType, RelationKind
from app.editing.verdicts import Judged, Judgements, RelationState, judge
from app.export.wording import sureness, values_text
from app.session import RelationVerdict, Verdict

AnyIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
EXCERPT_CHARS = 160

# Data role holding the row's index into Comparison.relations.
RelationRole = Qt.ItemDataRole.UserRole + 1
# Data role holding what the relation is now: "conflict", "match" or
# "rejected" (app.editing.verdicts).
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


# Sorting by kind: conflicts first, rejected ones last.
_STATE_RANK = {RelationState.CONFLICT: 0, RelationState.MATCH: 1, RelationState.REJECTED: 2}


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
    """What the table shows of a relation as the engine found it; what it is
    now comes from the judgements (app.editing.verdicts) at display time."""

    relation: int
    kind: RelationKind  # as the engine found it
    letters: tuple[str, str]
    articles: str
    types: str
    type_list: tuple[DifferenceType, ...]
    values: str
    # What the Type, Values and Note columns tell: the contradictions, or a
    # match's doubts.
    differences: tuple[Difference, ...]
    excerpt_a: str
    excerpt_b: str
    full_a: str
    full_b: str
    note: str
    confidence: float  # how sure the engine is of what it found
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
                values=values_text(shown, contradicting=bool(conflicting)),
                differences=tuple(shown),
                excerpt_a=_excerpt(a.text),
                excerpt_b=_excerpt(b.text),
                full_a=a.text,
                full_b=b.text,
                note="; ".join(d.note for d in shown),
                confidence=rel.confidence,
                possible=rel.possible,
            )
        )
    return rows


def _kind_tip(row: RelationRow, judged: Judged | None) -> str:
    """What the engine found and how sure it is; the reporter's verdict has
    its own column and tooltip."""
    found = "conflict" if row.kind is RelationKind.CONFLICT else "match"
    tip = f"Found by the engine as a {found}, {sureness(row.confidence)}"
    possible = judged.possible if judged is not None else row.possible
    if possible:
        tip += " (a possible one: listed only with View > Show possible relations, Ctrl+P)"
    return tip


class RelationsModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[RelationRow] = []
        self._ink: dict[RelationKind, QColor] = {}
        self._judgements: Judgements | None = None
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
        self,
        comparison: Comparison | None,
        rows: Sequence[RelationRow] | None = None,
        judgements: Judgements | None = None,
    ) -> None:
        """Show ``comparison``; ``rows`` are its ``relation_rows`` when already
        made, ``judgements`` what its relations are now (app.editing.verdicts)."""
        self.beginResetModel()
        if rows is None:
            rows = relation_rows(comparison) if comparison else []
        rows = list(rows)
        self._by_relation = {r.relation: r for r in rows}
        if judgements is None and comparison is not None:
            judgements = judge(comparison)
        self._judgements = judgements
        self._rows = self._sorted(rows)
        self.endResetModel()

    def set_judgements(self, judgements: Judgements | None, *, resort: bool = False) -> None:
        """The relations as the reporter's verdicts now leave them.  Rows stay
        where they are (the row under the mouse is still the one judged)
        until the table is sorted again, or ``resort``."""
        if judgements is self._judgements:
            return
        self._judgements = judgements
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(Column) - 1)
            )
            if resort:
                self.sort(*self._sort)

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
            # Conflicts first, then what the engine is surer of; rejected ones last.
            def key(row: RelationRow) -> tuple[Any, ...]:
                judged = self.judged(row)
                state = judged.state if judged is not None else RelationState(row.kind.value)
                possible = judged.possible if judged is not None else row.possible
                rank = _STATE_RANK[state]
                return (rank == 2, possible, rank, -row.confidence, row.relation)

            return sorted(rows, key=key, reverse=reverse)
        col = Column(column)
        return sorted(
            rows,
            key=lambda r: (self._display(r, col, self.judged(r)).casefold(), r.relation),
            reverse=reverse,
        )

    def judged(self, row: RelationRow) -> Judged | None:
        """The row's relation as it is now (app.editing.verdicts)."""
        judgements = self._judgements
        if judgements is None or not 0 <= row.relation < len(judgements):
            return None
        return judgements[row.relation]

    def verdict_of(self, row: RelationRow) -> RelationVerdict | None:
        judged = self.judged(row)
        return judged.verdict if judged is not None else None

    def counts(self) -> dict[str, int]:
        """Conflicts, matches and rejected relations among the rows, now."""
        judgements = self._judgements
        if judgements is None:
            return dict.fromkeys(RelationState, 0)
        return judgements.counts()

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
        judged = self.judged(row)
        # What the relation is now: None when the reporter rejected it.
        kind = judged.kind if judged is not None else row.kind
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column, judged)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(column, kind)
        if role == Qt.ItemDataRole.FontRole:
            return _font(column, kind)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column, judged)
        return _user_data(row, judged, role)

    def _foreground(self, column: Column, kind: RelationKind | None) -> QColor | None:
        """Muted when rejected; else the Kind column in its kind's ink."""
        if kind is None:
            return self._muted
        return self._ink.get(kind) if column == Column.KIND else None

    def _tooltip(self, row: RelationRow, column: Column, judged: Judged | None) -> str | None:
        match column:
            case Column.KIND:
                return _kind_tip(row, judged)
            case Column.EXCERPT_A:
                return row.full_a
            case Column.EXCERPT_B:
                return row.full_b
            case Column.NOTE:
                return row.note or None
            case Column.VALUES:
                return self._display(row, column, judged) or None
            case Column.VERDICT if judged is not None and judged.verdict is not None:
                return _verdict_tip(judged)
        return None

    @staticmethod
    def _display(row: RelationRow, column: Column, judged: Judged | None) -> str:
        verdict = judged.verdict if judged is not None else None
        match column:
            case Column.KIND:
                # A rejected relation keeps the name of what it was, struck out.
                kind = (judged.kind or judged.found) if judged is not None else row.kind
                name = "Conflict" if kind is RelationKind.CONFLICT else "Match"
                return f"{name}?" if row.possible and verdict is None else name
            case Column.ARTICLES:
                return row.articles
            case Column.TYPE:
                if judged is not None and judged.retyped:
                    types = ", ".join(dict.fromkeys(d.type for d in judged.disagreements))
                    if judged.kind is RelationKind.CONFLICT:
                        return types or "—"
                    return f"({', '.join(row.type_list)})" if row.type_list else "—"
                return row.types or "—"
            case Column.EXCERPT_A:
                return row.excerpt_a
            case Column.EXCERPT_B:
                return row.excerpt_b
            case Column.VALUES:
                # As the Type column: a retyped relation's values as what it
                # is now; a rejected one keeps what the engine found (muted).
                if judged is not None and judged.retyped:
                    if judged.kind is RelationKind.CONFLICT:
                        return values_text(judged.disagreements, contradicting=True)
                    return values_text(row.differences, contradicting=False)
                return row.values
            case Column.VERDICT:
                return VERDICT_TEXT[verdict.verdict] if verdict else ""
            case Column.NOTE:
                return row.note


def _font(column: Column, kind: RelationKind | None) -> QFont | None:
    """Struck out in the Kind column when rejected, bold for a conflict."""
    if kind is None:
        font = QFont()
        font.setStrikeOut(column == Column.KIND)
        return font
    if column == Column.KIND and kind is RelationKind.CONFLICT:
        font = QFont()
        font.setBold(True)
        return font
    return None


def _user_data(row: RelationRow, judged: Judged | None, role: int) -> Any:
    """What the filter, the selection and the search read (the *Role roles)."""
    if role == RelationRole:
        return row.relation
    if role == KindRole:
        return judged.state if judged is not None else RelationState(row.kind.value)
    if role == ArticlesRole:
        return row.letters
    if role == TypesRole:
        return row.type_list
    if role == SearchRole:
        return " ".join((row.full_a, row.full_b, row.note, row.values, row.types)).casefold()
    return None


def _verdict_tip(judged: Judged) -> str:
    verdict = judged.verdict
    assert verdict is not None
    if judged.retyped and judged.kind is not None:
        text = f"Retyped by you: a {judged.kind.value}, not a {judged.found.value}."
    else:
        text = f"{verdict.verdict.value.capitalize()} by you."
    return text + (f"\n{verdict.note}" if verdict.note else "")


class RelationsFilter(QSortFilterProxyModel):
    """Keeps rows of one kind (what they are now: "conflict", "match" or
    "rejected"), one difference type, one article and holding a text, each
    when set; sorting is passed on to the source model.

    It filters when a filter changes or the rows are sorted, not when a
    verdict changes a row: the row judged stays in view, under the mouse."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setDynamicSortFilter(False)
        self._kind: RelationState | None = None
        self._type: DifferenceType | None = None
        self._article: str | None = None
        self._text = ""

    @property
    def kind(self) -> RelationState | None:
        return self._kind

    def set_kind(self, kind: RelationState | None) -> None:
        if kind != self._kind:
            self._refilter(lambda: setattr(self, "_kind", kind))

    def set_type(self, type_: DifferenceType | None) -> None:
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
        if self._kind is not None and model.data(index, KindRole) != self._kind:
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
