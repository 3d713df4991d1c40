"""File > New article from clipboard, the Qt half: what the clipboard holds
as plain data (``app.importing.pasting.Clipboard``), and the small dialog that names an
article whose text names none.  Everything else is ``app.importing.pasting``."""

from __future__ import annotations

from PySide6.QtCore import QMimeData
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.importing.pasting import CLIPBOARD_FORMATS, Clipboard


def clipboard_contents(mime: QMimeData | None) -> Clipboard:
    """The clipboard's HTML (preferred), plain text and the formats that
    name the page it was copied from, copied out of Qt."""
    if mime is None:
        return Clipboard()
    offered = set(mime.formats())
    return Clipboard(
        html=mime.html() if mime.hasHtml() else "",
        text=mime.text() if mime.hasText() else "",
        formats={f: bytes(mime.data(f).data()) for f in CLIPBOARD_FORMATS if f in offered},
    )


class PasteTitleDialog(QDialog):
    """Asks for a pasted article's title, proposing one (its first line)."""

    def __init__(self, proposal: str, words: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pasteTitleDialog")
        self.setWindowTitle("Title of the pasted article")
        self.setMinimumWidth(480)
        intro = QLabel(
            f"The pasted text ({words:,} words) does not say what it is called. "
            "Give it a title to tell it from the other articles:",
            self,
        )
        intro.setWordWrap(True)
        self.title_edit = QLineEdit(proposal, self)
        self.title_edit.setAccessibleName("Title")
        # All selected (typing replaces it), shown from its start.
        self.title_edit.setSelection(len(proposal), -len(proposal))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Add article")
        self.ok_button.setAccessibleName("Add the pasted article")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        # An empty title is no title: the proposal stays the only way out but Cancel.
        self.title_edit.textChanged.connect(
            lambda text: self.ok_button.setEnabled(bool(text.strip()))
        )
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.title_edit)
        layout.addWidget(buttons)

    def title(self) -> str:
        return " ".join(self.title_edit.text().split())
