"""Connectors in the gutters between adjacent article panes.

The pane splitter's handles are the gutters: each one draws, for every
relation between the articles on its two sides whose claims are both (at
least partly) on screen, a band from the claim's lines on the left to its
counterpart's lines on the right, as a diff tool joins changed lines.
Only the visible claims are measured, so repainting on every scroll is cheap.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen, QTextCursor
from PySide6.QtWidgets import QSplitter, QSplitterHandle, QWidget

from app.domain import Claim, RelationKind
from ui.article_view import ArticlePane, ArticleText
from ui.highlighter import HighlightIndex
from ui.theme import Theme

GUTTER_WIDTH = 36


@dataclass(frozen=True, slots=True)
class Connector:
    """One band, in the gutter's coordinates (y grows downwards)."""

    relation: int  # index into Comparison.relations
    kind: RelationKind  # as it is now (app.editing.verdicts): a retyped relation takes its new kind
    left: tuple[int, int]  # top, bottom of the claim in the left pane
    right: tuple[int, int]  # top, bottom of its counterpart in the right pane
    colour: QColor


class ConnectorSplitter(QSplitter):
    """The horizontal strip of panes; its handles draw the connectors."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.index: HighlightIndex | None = None
        self.theme: Theme | None = None
        # (left article, right article) -> (relation, kind, left claim, right claim)
        self._pairs: dict[tuple[str, str], list[tuple[int, RelationKind, Claim, Claim]]] = {}
        self.splitterMoved.connect(self.update_gutters)

    def createHandle(self) -> QSplitterHandle:
        return ConnectorGutter(self.orientation(), self)

    def set_index(self, index: HighlightIndex | None, theme: Theme) -> None:
        if index is not self.index:
            self.index = index
            self._pairs = {}
            if index is not None:
                comparison = index.comparison
                for n, rel in enumerate(comparison.relations):
                    kind = index.kind_of(n)
                    if kind is None:
                        continue  # rejected by the reporter: no band
                    a, b = (index.claim(c) for c in rel.claims)
                    self._pairs.setdefault((a.article_id, b.article_id), []).append((n, kind, a, b))
                    self._pairs.setdefault((b.article_id, a.article_id), []).append((n, kind, b, a))
        self.theme = theme
        self.update_gutters()

    def watch(self, pane: ArticlePane) -> None:
        """Repaint the gutters when ``pane`` scrolls, relays out or resizes."""
        pane.text.verticalScrollBar().valueChanged.connect(self.update_gutters)
        pane.text.updateRequest.connect(self.update_gutters)
        pane.text.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self.update_gutters()
        return super().eventFilter(watched, event)

    def update_gutters(self, *_args: object) -> None:
        for i in range(1, self.count()):
            self.handle(i).update()

    def pair_relations(self, left: str, right: str) -> list[tuple[int, RelationKind, Claim, Claim]]:
        return self._pairs.get((left, right), [])

    def connectors(self) -> dict[tuple[str, str], list[Connector]]:
        """The bands every gutter draws now, by (left article, right article)."""
        out: dict[tuple[str, str], list[Connector]] = {}
        for i in range(1, self.count()):
            gutter = self.handle(i)
            left, right = self.widget(i - 1), self.widget(i)
            if (
                isinstance(gutter, ConnectorGutter)
                and isinstance(left, ArticlePane)
                and isinstance(right, ArticlePane)
            ):
                out[(left.article.id, right.article.id)] = gutter.connector_geometry()
        return out


def _vertical_span(text: ArticleText, claim: Claim) -> tuple[int, int]:
    """Top and bottom of ``claim`` in ``text``'s viewport coordinates."""
    to_qt = text.offsets.to_qt
    cursor = QTextCursor(text.document())
    cursor.setPosition(to_qt(claim.start))
    top = text.cursorRect(cursor).top()
    cursor.setPosition(to_qt(claim.end))
    return top, text.cursorRect(cursor).bottom()


def _visible_range(text: ArticleText) -> tuple[int, int]:
    """Qt positions of the blocks at least partly on screen."""
    viewport = text.viewport()
    first = text.firstVisibleBlock().position()
    block = text.cursorForPosition(QPoint(viewport.width() - 1, viewport.height() - 1)).block()
    return first, block.position() + block.length()


class ConnectorGutter(QSplitterHandle):
    def __init__(self, orientation: Qt.Orientation, parent: ConnectorSplitter) -> None:
        super().__init__(orientation, parent)
        self.strip = parent

    def _panes(self) -> tuple[ArticlePane, ArticlePane] | None:
        i = self.strip.indexOf(self)
        if i < 1:
            return None
        left, right = self.strip.widget(i - 1), self.strip.widget(i)
        if isinstance(left, ArticlePane) and isinstance(right, ArticlePane):
            return left, right
        return None

    def connector_geometry(self) -> list[Connector]:
        panes, theme = self._panes(), self.strip.theme
        if panes is None or theme is None:
            return []
        left, right = panes
        relations = self.strip.pair_relations(left.article.id, right.article.id)
        if not relations:
            return []
        inks = {
            RelationKind.CONFLICT: theme.colour("conflict_ink"),
            RelationKind.MATCH: theme.colour("match_ink"),
        }
        ranges = {id(pane): _visible_range(pane.text) for pane in panes}

        def shown(pane: ArticlePane, claim: Claim) -> tuple[int, int] | None:
            lo, hi = ranges[id(pane)]
            to_qt = pane.text.offsets.to_qt
            if to_qt(claim.end) < lo or to_qt(claim.start) > hi:
                return None  # not measured: far off screen
            top, bottom = _vertical_span(pane.text, claim)
            height = pane.text.viewport().height()
            if bottom <= 0 or top >= height:
                return None
            # Clamp to the viewport, then into the gutter's coordinates.
            origin = pane.text.viewport().mapTo(self.strip, QPoint(0, 0)).y() - self.y()
            return origin + max(top, 0), origin + min(bottom, height)

        out: list[Connector] = []
        for relation, kind, a, b in relations:
            span_a = shown(left, a)
            if span_a is None:
                continue
            span_b = shown(right, b)
            if span_b is not None:
                out.append(Connector(relation, kind, span_a, span_b, inks[kind]))
        return out

    def paintEvent(self, _event: QPaintEvent) -> None:
        theme = self.strip.theme
        painter = QPainter(self)
        if theme is not None:
            painter.fillRect(self.rect(), theme.colour("window"))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        w = float(self.width())
        # Matches first, so conflicts are drawn on top.
        connectors = sorted(
            self.connector_geometry(), key=lambda c: c.kind is RelationKind.CONFLICT
        )
        for c in connectors:
            (lt, lb), (rt, rb) = c.left, c.right
            path = QPainterPath(QPointF(0, lt))
            path.cubicTo(QPointF(w / 2, lt), QPointF(w / 2, rt), QPointF(w, rt))
            path.lineTo(QPointF(w, rb))
            path.cubicTo(QPointF(w / 2, rb), QPointF(w / 2, lb), QPointF(0, lb))
            path.closeSubpath()
            fill = QColor(c.colour)
            fill.setAlpha(60)
            edge = QColor(c.colour)
            edge.setAlpha(190)
            painter.setPen(QPen(edge, 1.0))
            painter.setBrush(fill)
            painter.drawPath(path)
        painter.end()
