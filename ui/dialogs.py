"""Small dialogs: annotating a selection, choosing a stored session."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.session import FIXED_TAGS, AnnotationStatus
from models.repository import SessionSummary

QUOTE_PREVIEW_CHARS = 180


class AnnotationDialog(QDialog):
    """Note, tag (a fixed one or free) and status for a quote."""

    def __init__(self, article: str, quote: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("annotationDialog")
        self.setWindowTitle("Annotate selection")
        self.setMinimumWidth(420)
        shown = " ".join(quote.split())
        if len(shown) > QUOTE_PREVIEW_CHARS:
            shown = shown[: QUOTE_PREVIEW_CHARS - 1].rstrip() + "…"
        self.quote = QLabel(f"{article}: “{shown}”")
        self.quote.setObjectName("annotationQuote")
        self.quote.setWordWrap(True)
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText("What to check, or what you found")
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(90)
        self.tag = QComboBox()
        self.tag.setEditable(True)  # a free tag besides the fixed ones
        self.tag.addItems(list(FIXED_TAGS))
        self.tag.setCurrentText("discrepancy")
        self.status = QComboBox()
        for status in AnnotationStatus:
            self.status.addItem(status.value.capitalize(), status.value)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Annotate")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Note", self.note)
        form.addRow("Tag", self.tag)
        form.addRow("Status", self.status)
        layout = QVBoxLayout(self)
        layout.addWidget(self.quote)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.note.setFocus()

    def values(self) -> tuple[str, str, AnnotationStatus]:
        return (
            self.note.toPlainText(),
            self.tag.currentText(),
            AnnotationStatus(self.status.currentData()),
        )


class SessionsDialog(QDialog):
    """The stored sessions; the list fills in when the store answers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sessionsDialog")
        self.setWindowTitle("Open session")
        self.resize(520, 380)
        self.list = QListWidget()
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        self.hint = QLabel("Reading the sessions…")
        self.hint.setObjectName("legendText")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel
        )
        self.open_button = buttons.button(QDialogButtonBox.StandardButton.Open)
        self.open_button.setEnabled(False)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)

    def set_sessions(self, sessions: list[SessionSummary]) -> None:
        self.list.clear()
        for s in sorted(sessions, key=lambda s: s.updated, reverse=True):
            notes = f", {s.annotations} notes" if s.annotations else ""
            updated = f"{s.updated.astimezone():%Y-%m-%d %H:%M}"  # stored in UTC
            item = QListWidgetItem(
                f"{s.name}\n    {s.articles} articles{notes} · updated {updated}"
            )
            item.setData(Qt.ItemDataRole.UserRole, s.name)
            self.list.addItem(item)
        self.hint.setText("Choose a session:" if sessions else "No saved sessions yet.")
        if sessions:
            self.list.setCurrentRow(0)
        self.open_button.setEnabled(bool(sessions))

    def chosen(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))
