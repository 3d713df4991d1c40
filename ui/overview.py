"""The overview ruler beside a pane's text: where the article's conflicts
(and the reporter's notes) are in the whole text, and which part is on screen.

A tick sits at the height of its claim in the whole article, as a diff tool's
overview strip does; clicking a tick goes to that claim (and, through the
pane, brings its counterparts into view), clicking elsewhere scrolls there.
It is a mouse aid: from the keyboard F8 steps through the same conflicts.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QHelpEvent, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QPlainTextEdit, QToolTip, QWidget

from ui.theme import Theme

RULER_WIDTH = 10
TICK_HEIGHT = 3
HIT_PIXELS = 5  # a click this close to a tick goes to its claim


@dataclass(frozen=True, slots=True)
class Mark:
    start: int  # code-point offsets of the claim or note
    end: int
    ink: str  # the theme's colour key: "conflict_ink" or "annotation_ink"


class OverviewRuler(QWidget):
    mark_clicked = Signal(int, int)  # start, end (code points) of the mark clicked
    position_clicked = Signal(float)  # a fraction of the text, 0 at the top

    def __init__(
        self,
        text: QPlainTextEdit,
        to_qt: Callable[[int], int],
        tooltip_at: Callable[[int], str],
        parent: QWidget | None = None,
    ) -> None:
        """``to_qt``: code points to the text's positions; ``tooltip_at``:
        what hovering a mark at that offset says."""
        super().__init__(parent)
        self.setObjectName("overviewRuler")
        self.setFixedWidth(RULER_WIDTH)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # F8 does this from the keyboard
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.text = text
        self.theme: Theme | None = None
        self.marks: list[Mark] = []
        self._fractions: list[float] | None = None  # by mark, made when painted
        self.to_qt = to_qt
        self.tooltip_at = tooltip_at
        bar = text.verticalScrollBar()
        bar.valueChanged.connect(self.update)
        bar.rangeChanged.connect(self._on_layout_changed)
        text.document().documentLayout().documentSizeChanged.connect(self._on_layout_changed)

    def sizeHint(self) -> QSize:
        return QSize(RULER_WIDTH, 100)

    def set_marks(self, marks: list[Mark], theme: Theme) -> None:
        self.marks = sorted(marks, key=lambda m: m.start)
        self.theme = theme
        self._fractions = None
        self.update()

    def _on_layout_changed(self, *_args: object) -> None:
        self._fractions = None  # lines moved: a resize, a new font
        self.update()

    # -- geometry ----------------------------------------------------------------

    def _lines(self) -> int:
        return max(1, self.text.document().lineCount())

    def fraction_of(self, offset: int) -> float:
        """Where ``offset`` (code points) is in the text, 0 (top) to 1."""
        document = self.text.document()
        position = self.to_qt(offset)
        block = document.findBlock(position)
        if not block.isValid():
            return 1.0
        line = block.firstLineNumber()
        # A block not painted yet is not laid out (no lines): asking for its
        # bounding rectangle lays it out, so a mark's place never depends on
        # what was scrolled past.
        document.documentLayout().blockBoundingRect(block)
        layout = block.layout()
        if layout is not None and layout.lineCount() > 0:
            inner = layout.lineForTextPosition(position - block.position())
            if inner.isValid():
                line += inner.lineNumber()
        return min(1.0, line / self._lines())

    def mark_fractions(self) -> list[float]:
        if self._fractions is None:
            self._fractions = [self.fraction_of(m.start) for m in self.marks]
        return self._fractions

    def _y(self, fraction: float) -> float:
        return fraction * max(1, self.height() - TICK_HEIGHT)

    def visible_band(self) -> tuple[float, float]:
        """The part of the text on screen: top and height, as fractions."""
        bar = self.text.verticalScrollBar()
        lines = self._lines()
        return min(1.0, bar.value() / lines), min(1.0, max(1, bar.pageStep()) / lines)

    def mark_at(self, y: float) -> Mark | None:
        """The mark drawn nearest ``y`` (pixels), if one is close enough."""
        ys = [self._y(f) + TICK_HEIGHT / 2 for f in self.mark_fractions()]
        if not ys:
            return None
        order = sorted(range(len(ys)), key=lambda i: ys[i])
        sorted_ys = [ys[i] for i in order]
        i = bisect_left(sorted_ys, y)
        near = [j for j in (i - 1, i) if 0 <= j < len(sorted_ys)]
        best = min(near, key=lambda j: abs(sorted_ys[j] - y))
        return self.marks[order[best]] if abs(sorted_ys[best] - y) <= HIT_PIXELS else None

    # -- events ------------------------------------------------------------------

    def paintEvent(self, _event: QPaintEvent) -> None:
        theme = self.theme
        if theme is None:
            return
        painter = QPainter(self)
        painter.fillRect(self.rect(), theme.colour("alternate_base"))
        top, height = self.visible_band()
        band = QColor(theme.colour("border"))
        band.setAlpha(140)
        h = max(1, self.height() - TICK_HEIGHT)
        painter.fillRect(QRectF(0, top * h, self.width(), max(4.0, height * h)), band)
        width = float(self.width())
        # Notes on the right half, conflicts across: a conflict is never hidden.
        for mark, fraction in sorted(
            zip(self.marks, self.mark_fractions(), strict=True),
            key=lambda pair: pair[0].ink == "conflict_ink",
        ):
            left = width / 2 if mark.ink == "annotation_ink" else 1.0
            painter.fillRect(
                QRectF(left, self._y(fraction), width - left - 1, TICK_HEIGHT),
                theme.colour(mark.ink),
            )
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() is not Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        y = event.position().y()
        mark = self.mark_at(y)
        if mark is not None:
            self.mark_clicked.emit(mark.start, mark.end)
        else:
            self.position_clicked.emit(min(1.0, max(0.0, y / max(1, self.height()))))
        event.accept()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            mark = self.mark_at(event.pos().y())
            tip = self.tooltip_at(mark.start) if mark is not None else ""
            if tip:
                QToolTip.showText(event.globalPos(), tip, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)
