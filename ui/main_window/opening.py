"""Opening: files (dialog or drop), a pasted article, stored sessions.

Files dropped or chosen open at once in an empty window; on an open
comparison the reporter chooses to add them or open a new one.  A pasted
article without a title asks for one.  The sessions browser and the recent
sessions (File menu and empty window) open stored sessions.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QFileDialog, QMessageBox

from app.domain import Article
from app.importing.pasting import proposed_title, with_title
from ui.main_window.base import MESSAGE_MS
from ui.main_window.exporting import Exporting
from ui.paste import PasteTitleDialog, clipboard_contents
from ui.sessions_browser import SessionsBrowser

if TYPE_CHECKING:
    from models.repository import (
        SessionSummary,  # imported when first used: reportlab is slow to load
    )

RECENT_IN_MENU = 8  # sessions in File > Recent sessions
FILE_FILTER = "Articles (*.txt *.md *.markdown *.html *.htm *.docx *.pdf);;All files (*)"


class Opening(Exporting):
    """Files, the clipboard, the sessions browser and the recent sessions."""

    @Slot()
    def open_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Open articles", "", FILE_FILTER)
        if paths:
            self.open_paths(paths)

    def open_paths(self, paths: list[str], *, onto_panes: bool = False) -> None:
        """Open ``paths``.  Into an empty window at once; on an open
        comparison the reporter chooses: add them to it, or open a new
        comparison (the default, unless they were dropped onto the panes).
        Files already open are said so and never added twice."""
        controller = self.controller
        if not controller.open_paths():
            controller.open_files(paths)
            return
        known = controller.already_open(paths)
        fresh = [p for p in dict.fromkeys(paths) if p not in known]
        if not fresh:
            self._show_already_open(known)
            return
        self._ask_how_to_open(paths, fresh, known, add=onto_panes)

    def _show_already_open(self, known: dict[str, str]) -> None:
        self.statusBar().showMessage(self.controller.already_open_message(known), MESSAGE_MS)
        pane = self.panes.get(next((k for k in known.values() if k), ""))
        if pane is not None:  # show it: the reporter was looking for it
            self.pane_area.ensureWidgetVisible(pane, 0, 0)
            pane.text.setFocus(Qt.FocusReason.OtherFocusReason)

    def _ask_how_to_open(
        self, paths: list[str], fresh: list[str], known: dict[str, str], *, add: bool
    ) -> None:
        session = self.controller.session
        count = len(self.controller.articles)
        this = f"“{session.name}”" if session is not None else "the open comparison"
        files = f"“{Path(fresh[0]).name}”" if len(fresh) == 1 else f"these {len(fresh)} files"
        box = QMessageBox(self)
        box.setObjectName("openQuestion")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Open articles")
        box.setText(f"Add {files} to {this}, or open a new comparison?")
        details = [
            f"{this[0].upper()}{this[1:]} holds {count} article{'s' if count != 1 else ''} "
            "and stays saved either way. A new comparison is saved as a session of its own."
        ]
        if known:
            details.append(self.controller.already_open_message(known))
        box.setInformativeText("\n\n".join(details))
        new_button = box.addButton("Open as a &new comparison", QMessageBox.ButtonRole.AcceptRole)
        add_button = box.addButton("&Add to this comparison", QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(add_button if add else new_button)
        box.setEscapeButton(cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def clicked(button: QAbstractButton) -> None:
            self.open_question = None
            if button is new_button:
                self.controller.open_new(paths)
            elif button is add_button:
                self.controller.open_files(fresh)

        box.buttonClicked.connect(clicked)
        box.rejected.connect(lambda: setattr(self, "open_question", None))
        self.open_question = box
        box.open()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        mime = event.mimeData()
        if mime.hasUrls() and any(url.isLocalFile() for url in mime.urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            target = self.childAt(event.position().toPoint())
            onto = target is not None and (
                target is self.pane_area or self.pane_area.isAncestorOf(target)
            )
            self.open_paths(paths, onto_panes=onto and self.stack.currentIndex() == 1)

    @Slot()
    def paste_article(self) -> None:
        """Add the article on the clipboard (read off the GUI thread; see
        _on_controller_paste_read)."""
        self.controller.read_clipboard(clipboard_contents(QApplication.clipboard().mimeData()))
        self.statusBar().showMessage("Reading the clipboard…", MESSAGE_MS)

    @Slot(object)
    def _on_controller_paste_read(self, article: Article) -> None:
        self.statusBar().clearMessage()  # "Reading the clipboard…" is over
        if article.title:
            self.controller.add_article(article)
            return
        dialog = PasteTitleDialog(proposed_title(article), article.word_count, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def accepted() -> None:
            self.controller.add_article(with_title(article, dialog.title()))

        def finished(_result: int) -> None:
            if self.title_dialog is dialog:  # a second paste may have opened another
                self.title_dialog = None

        dialog.accepted.connect(accepted)
        dialog.finished.connect(finished)
        self.title_dialog = dialog
        dialog.open()

    @Slot(str)
    def _on_controller_paste_refused(self, message: str) -> None:
        self._problem("Nothing was pasted", message)

    @Slot()
    def open_sessions_browser(self) -> None:
        if self.controller.store is None:
            return
        if self.browser is None:
            browser = SessionsBrowser(self)
            browser.open_requested.connect(self._on_browser_open_requested)
            browser.rename_requested.connect(self.controller.rename_session)
            browser.delete_requested.connect(self.controller.delete_session)
            browser.finished.connect(lambda _code: setattr(self, "browser", None))
            browser.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.browser = browser
        session = self.controller.session
        self.browser.set_current(session.name if session else None)
        self.controller.list_sessions(self._on_sessions_listed)
        self.browser.open()

    @Slot(str)
    def _on_browser_open_requested(self, name: str) -> None:
        self.open_session(name)  # the browser closes itself

    def open_session(self, name: str) -> None:
        self.status_text.setText(f"Opening {name}…")
        self.controller.open_session(name)

    def _on_sessions_listed(self, sessions: list[SessionSummary]) -> None:
        self.recent_sessions.set_sessions(sessions)
        self._fill_recent_menu(sessions)
        if self.browser is not None:
            session = self.controller.session
            self.browser.set_current(session.name if session else None)
            self.browser.set_sessions(sessions)

    @Slot()
    def _on_controller_sessions_changed(self) -> None:
        self.controller.list_sessions(self._on_sessions_listed)

    @Slot()
    def _refresh_recent(self) -> None:
        self.controller.list_sessions(self._on_sessions_listed)

    def _fill_recent_menu(self, sessions: list[SessionSummary]) -> None:
        self.recent_menu.clear()
        newest = sorted(sessions, key=lambda s: s.updated, reverse=True)[:RECENT_IN_MENU]
        for summary in newest:
            action = self.recent_menu.addAction(summary.name)
            action.triggered.connect(lambda _=False, n=summary.name: self.open_session(n))
        if not newest:
            self.recent_menu.addAction("No saved sessions yet").setEnabled(False)
        self.recent_menu.addSeparator()
        self.recent_menu.addAction(self.sessions_action)
