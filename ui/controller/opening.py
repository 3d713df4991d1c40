"""Opening and closing: files, pasted articles and stored sessions.

Files opened join the comparison (and the open session, as edits); a file
already open is not added twice (app.open_files says which and how to say
it).  A stored session is read on the store's worker with its cached
comparison; closing goes back to the empty window, everything being saved
already.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from app import ENGINE_VERSION
from app import open_files as opened_files
from app.domain import Article
from app.editing.commands import AddArticle, RemoveArticle, RenameSession
from app.errors import CrosscheckError
from app.session import Session
from ui.controller.session_editing import SessionEditing
from ui.controller.source_watch import SOURCE_CHECK_DELAY_MS
from ui.prepared import Prepared, prepare

if TYPE_CHECKING:  # models loads SQLAlchemy: on the store's worker, after the first paint
    from app.importing.pasting import Clipboard
    from models.repository import Repository, SessionSummary


class Opening(SessionEditing):
    def open_files(self, paths: list[str]) -> None:
        """Add files to the open articles (and to the open session) and analyse
        them all again.  A file already open (or given twice) is not added
        again; the status bar says so."""
        known = self.already_open(paths)
        fresh = [p for p in dict.fromkeys(paths) if p not in known]
        if known:
            self.status_reported.emit(self.already_open_message(known))
        if fresh:
            self._start(self._inflight_paths + tuple(fresh), self._current_articles())

    def read_clipboard(self, clipboard: Clipboard) -> None:
        """Make an article of what the clipboard held, off the GUI thread (a
        copied page can be megabytes of HTML): ``paste_read`` brings it, or
        ``paste_refused`` says why not."""

        def call() -> Article:
            from app.importing.pasting import (
                article_from_clipboard,  # the importer, when first needed
            )

            return article_from_clipboard(clipboard)

        self._files.submit(call, self.paste_read.emit, self.paste_refused.emit)

    def add_article(self, article: Article) -> None:
        """Add an article that came from no file to the comparison, as an
        opened file is: in a session an undoable edit, else shown and
        analysed with the others.  The same text is never added twice."""
        current = self._current_articles()
        twin = next((a for a in (*current, *self.articles) if a.text == article.text), None)
        if twin is not None:
            self.status_reported.emit(
                f"This text is already open in this comparison (article {twin.id}); "
                "it is not added twice."
            )
            return
        if self.session is not None:
            try:
                self.push(AddArticle.create(self.session, article))
            except CrosscheckError as exc:
                self.edit_failed.emit("The article was not added", exc.message())
            return
        letter = opened_files.free_letter(a.id for a in current)
        self._start(self._inflight_paths, (*current, replace(article, id=letter)))

    def imported_at(self, article_id: str) -> datetime | None:
        """When the session took in the article (None: not in a session yet)."""
        if self.session is None:
            return None
        found = next((a for a in self.session.articles if a.article.id == article_id), None)
        return found.imported if found is not None else None

    def open_new(self, paths: list[str]) -> None:
        """Open ``paths`` as a new comparison: the open session (already saved)
        is closed first, so nothing of it mixes with the new files."""
        self.close_session()
        self.open_files(paths)

    def open_paths(self) -> dict[str, str]:
        """The files open or on their way, by their real path: the article's
        letter, or "" while the analysis that brings it runs."""
        return opened_files.open_paths(
            (*self._current_articles(), *self.articles), self._inflight_paths
        )

    def already_open(self, paths: Iterable[str]) -> dict[str, str]:
        """Those of ``paths`` already open (see open_paths): path -> letter."""
        return opened_files.already_open(paths, self.open_paths())

    @staticmethod
    def already_open_message(known: dict[str, str]) -> str:
        """ "“a.txt” is already open in this comparison (article A)."; one
        sentence however many files."""
        return opened_files.already_open_message(known)

    def close_article(self, article_id: str) -> None:
        """Take an article out of the comparison; in a session this is an edit
        (undo brings it back with its notes)."""
        key = self.article_key(article_id)
        if self.session is not None and key is not None and len(self.session.articles) == 1:
            name = self.session.name
            self.close_session()  # a session keeps at least one article
            self.status_reported.emit(
                f"Session “{name}” closed; it is saved and listed under File > Sessions."
            )
            return
        if self.session is not None and key is not None:
            try:
                command = RemoveArticle.create(self.session, key)
            except CrosscheckError as exc:
                self.edit_failed.emit("The article stays open", exc.message())
                return
            notes = len(command.annotations)
            self.push(command)
            if notes:
                self.status_reported.emit(
                    f"Article {article_id} closed with its {notes} "
                    f"annotation{'s' if notes != 1 else ''}; Ctrl+Z brings them back."
                )
            return
        if self.session is not None:
            # The pane shows an article the session is still catching up with.
            self.status_reported.emit(
                f"Article {article_id} can be closed once the analysis under way has finished."
            )
            return
        closed = next((a for a in self.articles if a.id == article_id), None)
        if closed is not None:
            # Shown while its analysis runs, it is still among the files in flight.
            path = opened_files.real_path(closed.source.path) if closed.source.path else None
            paths = tuple(p for p in self._inflight_paths if opened_files.real_path(p) != path)
            self._start(paths, tuple(a for a in self.articles if a is not closed))

    # -- sessions ------------------------------------------------------------

    def open_session(self, name: str) -> None:
        """Show a stored session with its cached comparison (analysed and
        saved when there is none for its texts)."""
        if self.store is None:
            return
        settings, show = self.settings, self.show_possible
        self._opening += 1

        def call(repo: Repository) -> tuple[Session, Prepared | None]:
            session, comparison = repo.open_session(name, engine=ENGINE_VERSION, settings=settings)
            return session, (prepare(comparison, show, session) if comparison is not None else None)

        self.store.submit(call, self._on_session_opened, self._on_session_open_failed)

    def list_sessions(self, on_listed: Callable[[list[SessionSummary]], None]) -> None:
        """The stored sessions, handed to ``on_listed`` on the GUI thread."""
        if self.store is not None:
            self.store.submit(lambda repo: repo.list_sessions(), on_listed)

    def rename_session(self, old: str, new: str) -> None:
        """Rename a stored session; the open one through an undoable command."""
        if self.session is not None and self.session.name == old:
            try:
                self.push(RenameSession.create(self.session, new))
            except CrosscheckError as exc:
                self.edit_failed.emit("The session was not renamed", exc.message())
                return
            self.session_changed.emit()
            self.sessions_changed.emit()
            return
        if self.store is not None:
            self.store.submit(
                lambda repo: repo.rename_session(old, new),
                lambda _none: self.sessions_changed.emit(),
                lambda message: self.edit_failed.emit("The session was not renamed", message),
            )

    def delete_session(self, name: str) -> None:
        """Delete a stored session (the daily backups still hold it); deleting
        the open one closes it."""
        if self.store is None:
            return
        if self.session is not None and self.session.name == name:
            self.close_session()

        def done(_session: Session) -> None:
            self.status_reported.emit(f"Session “{name}” deleted.")
            self.sessions_changed.emit()

        self.store.submit(
            lambda repo: repo.delete_session(name),
            done,
            lambda message: self.edit_failed.emit("The session was not deleted", message),
        )

    def close_session(self) -> None:
        """Back to the empty window; everything is already saved."""
        self._generation += 1
        self._cancel.set()
        if self._running:
            self._finish()
        self._sync += 1
        self._after_view.clear()
        self._inflight_paths = ()
        self.articles = ()
        self.comparison = None
        self.full_comparison = None
        self.prepared = None
        self._base_index = None
        self._set_session(None)
        self.comparison_changed.emit()

    def _on_session_opened(self, result: tuple[Session, Prepared | None]) -> None:
        self._opening -= 1
        session, prepared = result
        self._set_session(session)
        articles = tuple(a.article for a in session.articles)
        if prepared is None:
            self._start((), articles)  # analysed, then saved (see _on_job_finished)
        else:
            self._show_comparison(articles, prepared)
        QTimer.singleShot(SOURCE_CHECK_DELAY_MS, self.check_sources)

    def _on_session_open_failed(self, message: str) -> None:
        self._opening -= 1
        self.edit_failed.emit("The session could not be opened", message)
