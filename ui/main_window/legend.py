"""The legend over the panes: a swatch per highlight role, with the counts.

A widget of its own that owns its swatches and labels: the window gives it
the theme (``set_theme``) and what the relations are now (``show_counts``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from app.editing.verdicts import Judgements, RelationState
from ui.highlighter import Role
from ui.theme import Theme

# A swatch per role; the relation roles carry their counts now (see
# Legend.show_counts), and "Rejected" shows only when there are some.
LEGEND = (
    (Role.CONFLICT, "Conflicting claim"),
    (Role.VALUE, "Differing value"),
    (Role.MATCH, "Shared claim"),
    (Role.REJECTED, "Rejected by you"),
    (Role.UNIQUE, "Only in this article"),
    (Role.ANNOTATION, "Annotation"),
)
LEGEND_COUNTS = {
    Role.CONFLICT: RelationState.CONFLICT,
    Role.MATCH: RelationState.MATCH,
    Role.REJECTED: RelationState.REJECTED,
}
LEGEND_WORDS = {
    RelationState.CONFLICT: ("conflict", "conflicts"),
    RelationState.MATCH: ("match", "matches"),
    RelationState.REJECTED: ("relation", "relations"),
}


class Legend(QWidget):
    """The swatches and their labels, in one row."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.labels: dict[Role, QLabel] = {}
        self._swatches: dict[Role, QLabel] = {}
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(14)

    def set_theme(self, theme: Theme) -> None:
        """Build the row again in ``theme``'s colours (the counts follow with
        ``show_counts``)."""
        while (item := self._layout.takeAt(0)) is not None:
            widget = item.widget()
            if widget is not None:
                widget.deleteLater()
        self.labels, self._swatches = {}, {}
        for role, text in LEGEND:
            swatch = QLabel()
            swatch.setPixmap(_swatch(theme, role).pixmap(14, 14))
            label = QLabel(text)
            label.setObjectName("legendText")
            self._layout.addWidget(swatch)
            self._layout.addWidget(label)
            self.labels[role] = label
            self._swatches[role] = swatch

    def show_counts(self, judgements: Judgements | None) -> None:
        """The relation counts in the legend, as the verdicts leave them."""
        counts = judgements.counts() if judgements is not None else {}
        for role, text in LEGEND:
            label = self.labels.get(role)
            if label is None:
                continue
            state = LEGEND_COUNTS.get(role)
            if state is not None and judgements is not None:
                n = counts[state]
                label.setText(f"{text} ({n} {LEGEND_WORDS[state][n != 1]})")
            else:
                label.setText(text)
            if role is Role.REJECTED:
                rejected = bool(counts.get(RelationState.REJECTED))
                label.setVisible(rejected)
                self._swatches[role].setVisible(rejected)


def _swatch(theme: Theme, role: Role) -> QIcon:
    pixmap = QPixmap(14, 14)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(theme.colour("border"))
    painter.setBrush(theme.colour(role.value))
    painter.drawRoundedRect(0, 0, 13, 13, 3, 3)
    painter.end()
    return QIcon(pixmap)
