"""Find across all panes: a small bar with a query, a "k of N" count and arrows.

Matches are plain, case-insensitive substrings of each ``Article.text`` (code
point offsets), ordered pane by pane; Enter moves to the next, Shift+Enter to
the previous, Esc closes the bar.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget


def find_all(text: str, query: str) -> list[tuple[int, int]]:
    """Non-overlapping case-insensitive matches of ``query`` in ``text``."""
    if not query:
        return []
    haystack, needle = text.casefold(), query.casefold()
    if len(haystack) != len(text) or len(needle) != len(query):
        # casefold changed lengths (ß -> ss...): fall back to lower(), which keeps them
        # for almost every text, and to exact matching when even that does not.
        haystack, needle = text.lower(), query.lower()
        if len(haystack) != len(text) or len(needle) != len(query):
            haystack, needle = text, query
    out: list[tuple[int, int]] = []
    start = haystack.find(needle)
    while start >= 0:
        out.append((start, start + len(needle)))
        start = haystack.find(needle, start + len(needle))
    return out


class FindBar(QWidget):
    query_changed = Signal(str)
    step_requested = Signal(int)  # +1 next, -1 previous
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self.edit = QLineEdit(self)
        self.edit.setObjectName("findEdit")
        self.edit.setPlaceholderText("Find in all articles")
        self.edit.setClearButtonEnabled(True)
        self.edit.setMaximumWidth(320)
        self.edit.setAccessibleName("Find in all articles")
        self.edit.setAccessibleDescription("Enter: next match; Shift+Enter: previous; Esc: close")
        self.edit.installEventFilter(self)
        self.edit.textChanged.connect(self.query_changed)
        self.count = QLabel(self)
        self.count.setObjectName("findCount")
        previous = QToolButton(self)
        previous.setText("▲")
        previous.setToolTip("Previous match (Shift+Enter)")
        previous.setAccessibleName("Previous match")
        previous.clicked.connect(lambda: self.step_requested.emit(-1))
        following = QToolButton(self)
        following.setText("▼")
        following.setToolTip("Next match (Enter)")
        following.setAccessibleName("Next match")
        following.clicked.connect(lambda: self.step_requested.emit(+1))
        close = QToolButton(self)
        close.setText("✕")
        close.setToolTip("Close (Esc)")
        close.setAccessibleName("Close the find bar")
        # The keys do what these buttons do: Tab leaves the field for the articles.
        for button in (previous, following, close):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        close.clicked.connect(self.close_bar)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.setSpacing(6)
        layout.addWidget(QLabel("Find:", self))
        layout.addWidget(self.edit, 1)
        layout.addWidget(previous)
        layout.addWidget(following)
        layout.addWidget(self.count)
        layout.addStretch(1)
        layout.addWidget(close)

    def open_bar(self) -> None:
        self.show()
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.closed.emit()

    def set_count(self, current: int, total: int) -> None:
        """``current`` counts from 1; 0 when no match is chosen yet."""
        if not self.edit.text():
            self.count.setText("")
        elif total == 0:
            self.count.setText("No matches")
        elif current == 0:
            self.count.setText(f"{total} match{'es' if total != 1 else ''}")
        else:
            self.count.setText(f"{current} of {total}")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
                self.step_requested.emit(-1 if shift else +1)
                return True
            if key == Qt.Key.Key_Escape:
                self.close_bar()
                return True
        return super().eventFilter(watched, event)
