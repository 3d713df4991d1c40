"""The most recently updated sessions, for the window's empty state.

Like the sessions browser it only shows what it is given and emits requests:
``open_requested(name)`` when a row is clicked (or activated from the keyboard:
Tab to it, then Space or Enter) and ``browse_requested()`` for "All sessions…".
It stays hidden until ``set_sessions`` gives it at least one session.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from ui.sessions_browser import counted, describe_updated, local_now, newest_first

if TYPE_CHECKING:  # models.repository loads SQLAlchemy
    from models.repository import SessionSummary


DEFAULT_LIMIT = 6
NAME_CHARS = 60  # longer names are cut with "…" (the tooltip has them whole)


def describe_summary(summary: SessionSummary, now: datetime, tz: tzinfo | None = None) -> str:
    """ "3 articles · 2 notes · today 14:05"."""
    return " · ".join(
        (
            counted(summary.articles, "article"),
            counted(summary.annotations, "note"),
            describe_updated(summary.updated, now, tz),
        )
    )


class RecentSessionButton(QPushButton):
    """One session as a two-line button: its name, then what it holds and when
    it last changed."""

    def __init__(self, name: str, details: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recentSession")
        self.name = name
        self.setAutoDefault(True)  # Enter clicks it, not only Space
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        shown = name if len(name) <= NAME_CHARS else name[: NAME_CHARS - 1].rstrip() + "…"
        self.name_label = QLabel(shown)
        self.name_label.setObjectName("recentName")
        self.details_label = QLabel(details)
        self.details_label.setObjectName("recentMeta")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 7, 12, 7)
        layout.setSpacing(1)
        for label in (self.name_label, self.details_label):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            layout.addWidget(label)
        self.setToolTip(f"Open “{name}”\n{details}")
        self.setAccessibleName(f"Open session {name}")
        self.setAccessibleDescription(details)

    # QPushButton sizes itself from its own text; this one has labels instead.
    def sizeHint(self) -> QSize:
        layout = self.layout()
        return layout.sizeHint() if layout is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:
        layout = self.layout()
        return layout.minimumSize() if layout is not None else super().minimumSizeHint()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Up and Down walk the list, as in a menu.
        if event.key() == Qt.Key.Key_Down:
            self.focusNextChild()
        elif event.key() == Qt.Key.Key_Up:
            self.focusPreviousChild()
        else:
            super().keyPressEvent(event)


class RecentSessions(QWidget):
    """A heading, up to ``limit`` sessions newest first, and "All sessions…"."""

    open_requested = Signal(str)
    browse_requested = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        limit: int = DEFAULT_LIMIT,
        clock: Callable[[], datetime] = local_now,
        tz: tzinfo | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("recentSessions")
        self.limit = limit
        self._clock = clock
        self._tz = tz
        self.rows: list[RecentSessionButton] = []
        self.title = QLabel("Recent sessions")
        self.title.setObjectName("recentTitle")
        self.all_button = QPushButton("All sessions…")
        self.all_button.setObjectName("allSessionsButton")
        self.all_button.setFlat(True)
        self.all_button.setAutoDefault(True)
        self.all_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.all_button.clicked.connect(self.browse_requested)
        self._rows_layout = QVBoxLayout()
        self._rows_layout.setContentsMargins(0, 0, 0, 0)
        self._rows_layout.setSpacing(2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.title)
        layout.addLayout(self._rows_layout)
        layout.addWidget(self.all_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)  # spare height goes below, never between the rows
        self.hide()  # until there is something to show

    def set_sessions(self, sessions: list[SessionSummary]) -> None:
        """Show the ``limit`` most recently updated of ``sessions``; hide when
        there are none."""
        for row in self.rows:
            self._rows_layout.removeWidget(row)
            row.deleteLater()
        now = self._clock()
        self.rows = []
        for summary in newest_first(sessions)[: self.limit]:
            row = RecentSessionButton(summary.name, describe_summary(summary, now, self._tz), self)
            row.clicked.connect(lambda _checked=False, name=summary.name: self._on_row(name))
            self._rows_layout.addWidget(row)
            self.rows.append(row)
        self.setVisible(bool(self.rows))

    def names(self) -> list[str]:
        """The names shown, top to bottom."""
        return [row.name for row in self.rows]

    def _on_row(self, name: str) -> None:
        self.open_requested.emit(name)
