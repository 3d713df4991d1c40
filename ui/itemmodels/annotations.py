"""The annotations panel: one row per annotation of the open session."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from app.session import AnchorState, Annotation, AnnotationStatus

AnyIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
QUOTE_CHARS = 120

# Data role holding the annotation's id.
AnnotationIdRole = Qt.ItemDataRole.UserRole + 1
# Data role holding the anchor state ("anchored", "moved", "fuzzy", "orphaned").
AnchorStateRole = Qt.ItemDataRole.UserRole + 2

# Anchor states that need the user's eye, and how the panel marks them.
MARKS = {AnchorState.FUZZY: "⚠ fuzzy", AnchorState.ORPHANED: "✕ orphaned"}


class AnnotationColumn(IntEnum):
    ARTICLE = 0
    QUOTE = 1
    NOTE = 2
    TAG = 3
    STATUS = 4
    PLACE = 5


HEADERS = {
    AnnotationColumn.ARTICLE: "Art.",
    AnnotationColumn.QUOTE: "Quote",
    AnnotationColumn.NOTE: "Note",
    AnnotationColumn.TAG: "Tag",
    AnnotationColumn.STATUS: "Status",
    AnnotationColumn.PLACE: "Anchor",
}


@dataclass(frozen=True, slots=True)
class AnnotationRow:
    id: str
    article: str  # the article's letter
    quote: str
    full_quote: str
    note: str
    tag: str
    status: AnnotationStatus
    state: AnchorState


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1].rstrip() + "…"


def annotation_rows(
    annotations: tuple[Annotation, ...], letters: dict[str, str]
) -> list[AnnotationRow]:
    """Rows in reading order: by article, then place in the text."""
    order = {key: n for n, key in enumerate(letters)}
    ordered = sorted(
        annotations,
        key=lambda a: (order.get(a.article_key, len(order)), a.anchor.start, a.created),
    )
    return [
        AnnotationRow(
            id=a.id,
            article=letters.get(a.article_key, "?"),
            quote=_shorten(a.anchor.exact),
            full_quote=a.anchor.exact,
            note=a.note,
            tag=a.tag,
            status=a.status,
            state=a.state,
        )
        for a in ordered
    ]


class AnnotationsModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[AnnotationRow] = []
        self._ink: QColor | None = None

    def set_annotations(self, annotations: tuple[Annotation, ...], letters: dict[str, str]) -> None:
        """``letters``: article key -> letter, in session order."""
        self.beginResetModel()
        self._rows = annotation_rows(annotations, letters)
        self.endResetModel()

    def set_ink(self, colour: QColor) -> None:
        """The colour of the fuzzy and orphaned marks."""
        self._ink = colour
        if self._rows:
            top = self.index(0, AnnotationColumn.PLACE)
            bottom = self.index(len(self._rows) - 1, AnnotationColumn.PLACE)
            self.dataChanged.emit(top, bottom, [Qt.ItemDataRole.ForegroundRole])

    def row_of(self, annotation_id: str) -> int:
        for n, row in enumerate(self._rows):
            if row.id == annotation_id:
                return n
        return -1

    # -- QAbstractItemModel ---------------------------------------------------

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(AnnotationColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(AnnotationColumn)
        ):
            return HEADERS[AnnotationColumn(section)]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if not 0 <= index.column() < len(AnnotationColumn):
            return None
        row, column = self._rows[index.row()], AnnotationColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                AnnotationColumn.ARTICLE: row.article,
                AnnotationColumn.QUOTE: row.quote,
                AnnotationColumn.NOTE: " ".join(row.note.split()),
                AnnotationColumn.TAG: row.tag,
                AnnotationColumn.STATUS: row.status.value,
                AnnotationColumn.PLACE: MARKS.get(row.state, ""),
            }[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == AnnotationColumn.PLACE and row.state in MARKS:
                return (
                    "The quote was only found approximately: check its place."
                    if row.state is AnchorState.FUZZY
                    else "The quote is no longer in the article's text."
                )
            if column == AnnotationColumn.QUOTE:
                return row.full_quote
            if column == AnnotationColumn.NOTE:
                return row.note or None
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == AnnotationColumn.PLACE and row.state in MARKS and self._ink is not None:
                return self._ink
            return None
        if role == AnnotationIdRole:
            return row.id
        if role == AnchorStateRole:
            return row.state.value
        return None
