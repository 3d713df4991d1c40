"""The compact annotation editor: note, tag and status for a quote or a relation."""

from __future__ import annotations

import html

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.session import FIXED_TAGS, AnnotationStatus

QUOTE_PREVIEW_CHARS = 180


class AnnotationDialog(QDialog):
    """Note, tag (a fixed one or free) and status for a quote."""

    def __init__(
        self,
        quotes: list[tuple[str, str]],
        parent: QWidget | None = None,
        *,
        title: str = "Annotate selection",
        action: str = "Annotate",
        note: str = "",
        tag: str = "discrepancy",
        status: AnnotationStatus = AnnotationStatus.OPEN,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("annotationDialog")
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        # (article letter, quote): the selection, or a relation's two claims.
        self.quote = QLabel("<br>".join(_quoted(letter, text) for letter, text in quotes))
        self.quote.setObjectName("annotationQuote")
        self.quote.setWordWrap(True)
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText("What to check, or what you found (Ctrl+Enter saves)")
        self.note.setAccessibleName("Note")
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(90)
        self.tag = QComboBox()
        self.tag.setEditable(True)  # a free tag besides the fixed ones
        self.tag.addItems(list(FIXED_TAGS))
        self.tag.setCurrentText(tag)
        self.tag.setAccessibleName("Tag")
        self.note.setPlainText(note)
        self.status = QComboBox()
        self.status.setAccessibleName("Status")
        for value in AnnotationStatus:
            self.status.addItem(value.value.capitalize(), value.value)
        self.status.setCurrentIndex(self.status.findData(status.value))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(action)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button.setAccessibleName(action)
        self.cancel_button.setAccessibleName("Cancel")
        # Enter in the note starts a new line; Ctrl+Enter saves from anywhere.
        for key in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(key), self, self.accept)
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


def _quoted(letter: str, quote: str) -> str:
    """``A: “quote”`` for the dialog's header, shortened."""
    shown = " ".join(quote.split())
    if len(shown) > QUOTE_PREVIEW_CHARS:
        shown = shown[: QUOTE_PREVIEW_CHARS - 1].rstrip() + "…"
    return f"<b>{html.escape(letter)}</b>: “{html.escape(shown)}”"
