"""A label that keeps to a few lines: the text wraps at word boundaries over
at most ``max_lines`` lines, the last one cut with "…", and the whole text is
in the tooltip (and the accessible name) when it had to be cut."""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent, QTextLayout
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


def wrap_lines(text: str, font: QFont, width: int, max_lines: int) -> tuple[list[str], bool]:
    """``text`` broken into lines at most ``width`` pixels wide, at most
    ``max_lines`` of them; True when something was cut."""
    text = " ".join(text.split())
    metrics = QFontMetrics(font)
    width = max(width, 1)
    layout = QTextLayout(text, font)
    layout.beginLayout()
    starts: list[int] = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        starts.append(line.textStart())
    layout.endLayout()
    starts.append(len(text))
    pieces = [text[a:b].strip() for a, b in pairwise(starts)]
    pieces = [p for p in pieces if p] or [""]
    cut = len(pieces) > max_lines
    if cut:
        pieces = [*pieces[: max_lines - 1], text[starts[max_lines - 1] :].strip()]
    lines = []
    for piece in pieces:
        shown = metrics.elidedText(piece, Qt.TextElideMode.ElideRight, width)
        cut = cut or shown != piece
        lines.append(shown)
    return lines, cut


class ElidedLabel(QLabel):
    """Plain text over at most ``max_lines`` lines of the width it is given."""

    def __init__(self, text: str, max_lines: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.max_lines = max(1, max_lines)
        self._full = text
        self._laid_out_for = -1
        self.elided = False
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(False)
        # The width comes from the layout; the height follows the lines shown.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setAccessibleName(" ".join(text.split()))
        self._relayout()

    def full_text(self) -> str:
        return self._full

    def set_full_text(self, text: str) -> None:
        self._full = text
        self.setAccessibleName(" ".join(text.split()))
        self._laid_out_for = -1
        self._relayout()

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        lines = max(1, self.text().count("\n") + 1)
        margins = self.contentsMargins()
        width = metrics.horizontalAdvance(" ".join(self._full.split())) + 2
        height = lines * metrics.lineSpacing()
        return QSize(
            width + margins.left() + margins.right(), height + margins.top() + margins.bottom()
        )

    def minimumSizeHint(self) -> QSize:
        return QSize(0, self.sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._relayout()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._laid_out_for = -1  # the style sheet's font arrives after creation
            self._relayout()

    def _relayout(self) -> None:
        width = self.contentsRect().width()
        if width == self._laid_out_for:
            return
        self._laid_out_for = width
        lines, self.elided = wrap_lines(self._full, self.font(), width, self.max_lines)
        text = "\n".join(lines)
        if text != self.text():
            self.setText(text)
            self.updateGeometry()
        self.setToolTip(self._full if self.elided else "")
