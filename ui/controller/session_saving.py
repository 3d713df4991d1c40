"""Keeping the session and the store in step with what the window shows.

A finished analysis becomes a session (a new one, or the one that already
holds these texts) or is saved as the open session's comparison; articles
shown but not yet in the session are added to it as edits; after an edit
changed the session's articles the stored comparison of those texts is shown,
or a new analysis started.  When the store refuses a change, the session is
read back from the database so the window shows what is really saved.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Slot

from app import ENGINE_VERSION
from app.domain import Article, Comparison, Settings
from app.editing.commands import AddArticle, Command
from app.editing.reports import typed_note
from app.errors import CrosscheckError
from app.session import Session
from ui.controller.source_watch import SOURCE_CHECK_DELAY_MS, SourceWatch
from ui.persistence import SessionStore, absolute_source, create_session
from ui.prepared import Prepared, prepare

if TYPE_CHECKING:  # models loads SQLAlchemy: on the store's worker, after the first paint
    from models.repository import Repository


class SessionSaving(SourceWatch):
    def __init__(
        self,
        settings: Settings | None = None,
        parent: QObject | None = None,
        *,
        store: SessionStore | None = None,
    ) -> None:
        super().__init__(settings, parent, store=store)
        if store is not None:
            store.pending_changed.connect(self._on_store_pending_changed)

    def _keep_run(
        self,
        generation: int,
        articles: tuple[Article, ...],
        comparison: Comparison,
        base: int,
    ) -> None:
        if self.session is not None:
            self._adopt(articles[base:])  # files added to the session
            self._sync_articles()  # the session changed while this ran: catch up
        self._when_view_idle(lambda: self._save_if_current(generation, articles, comparison))

    def _set_session(self, session: Session | None) -> None:
        self.session = session
        self._store_failed = False
        self.undo_stack.clear()
        self._history.clear()
        self.changed_sources.clear()
        self._watch_sources()
        self.session_changed.emit()
        self.annotations_changed.emit()
        self.verdicts_changed.emit(False)
        self.undo_changed.emit()
        self.save_state_changed.emit(self.save_state)
        self.sources_changed.emit()

    def _save_if_current(
        self, generation: int, articles: tuple[Article, ...], comparison: Comparison
    ) -> None:
        """A held-back save, unless the window has moved on since (another
        analysis, another session, or the session closed)."""
        if generation == self._generation and self.full_comparison is comparison:
            self._save_analysis(articles, comparison)

    def _save_analysis(self, articles: tuple[Article, ...], comparison: Comparison) -> None:
        if self.store is None:
            return
        session = self.session
        if session is not None:
            if _texts(a.article for a in session.articles) == _texts(articles):
                name = session.name
                self.store.submit(
                    lambda repo: repo.save_comparison(name, comparison),
                    None,
                    self._on_store_failed,
                )
            return
        # No session yet: the one holding these texts, or a new one.
        self.store.submit(
            create_session(articles, comparison, date.today()),
            self._on_session_created,
            self._on_store_failed,
        )

    def _on_session_created(self, result: tuple[Session, bool]) -> None:
        session, resumed = result
        if self.session is not None:
            return  # another session was opened meanwhile
        stored = _texts(a.article for a in session.articles)
        shown = _texts(self.articles)
        if shown[: len(stored)] != stored:
            return  # the articles changed meanwhile; the next analysis saves them
        self._set_session(session)
        if resumed:
            notes = len(session.annotations)
            self.status_reported.emit(
                f"These articles are in the session “{session.name}”: reopened it"
                + (f" with its {notes} annotation{'s' if notes != 1 else ''}." if notes else ".")
            )
        extra = self.articles[len(stored) :]
        self._adopt(extra)
        if extra and self.full_comparison is not None:
            self._save_analysis(self.articles, self.full_comparison)
        QTimer.singleShot(SOURCE_CHECK_DELAY_MS, self.check_sources)

    def _adopt(self, extra: tuple[Article, ...]) -> None:
        """Add articles shown but not yet in the session to it, as edits."""
        for article in extra:
            if self.session is None:
                return
            try:
                self.push(AddArticle.create(self.session, absolute_source(article)), sync=False)
            except CrosscheckError as exc:
                self.edit_failed.emit("The article was not added to the session", exc.message())
                return

    @Slot(int)
    def _on_store_pending_changed(self, _pending: int) -> None:
        self.save_state_changed.emit(self.save_state)

    def _on_store_failed(
        self, message: str, *, stored_as: str | None = None, command: Command | None = None
    ) -> None:
        """A store call failed: say so (quoting a note that was not saved, so
        nothing typed is lost) and show what the database holds, read under
        ``stored_as`` (the session's name there: a refused rename left the
        old one)."""
        self._store_failed = True
        self.save_state_changed.emit(self.save_state)
        typed = typed_note(command)
        if typed:
            message += f" Your note was not saved; here it is to add again: “{typed}”"
        self.edit_failed.emit("The change could not be saved", message)
        session = self.session
        if session is not None and self.store is not None:
            # The history no longer applies to what the database holds.
            name = stored_as or session.name
            self._reload_token += 1
            token = self._reload_token
            self.store.submit(
                lambda repo: repo.load_session(name),
                lambda loaded: self._on_session_reloaded(token, loaded),
            )

    def _on_session_reloaded(self, token: int, session: Session) -> None:
        if token == self._reload_token and self.session is not None:
            self._set_session(session)
            self._store_failed = True
            self.save_state_changed.emit(self.save_state)
            self._sync_articles()

    def _sync_articles(self) -> None:
        """Show the session's articles after an edit changed them: the stored
        comparison of these texts when there is one, else a new analysis."""
        session = self.session
        if session is None:
            return
        wanted = tuple(a.article for a in session.articles)
        if _texts(wanted) == _texts(self.articles) and [a.id for a in wanted] == [
            a.id for a in self.articles
        ]:
            return
        self._sync += 1
        if self._running or self.store is None:
            self._start(self._inflight_paths, wanted)
            return
        token, settings, name = self._sync, self.settings, session.name
        show = self.show_possible

        def call(repo: Repository) -> Prepared | None:
            comparison = repo.load_comparison(name, engine=ENGINE_VERSION, settings=settings)
            return prepare(comparison, show, session) if comparison is not None else None

        def done(prepared: Prepared | None) -> None:
            if token != self._sync or self.session is None:
                return  # the articles changed again since
            now = tuple(a.article for a in self.session.articles)
            if prepared is not None and _texts(prepared.comparison.articles) == _texts(now):
                self._show_comparison(now, prepared)
            else:
                self._start(self._inflight_paths, now)

        def failed(_message: str) -> None:
            if token == self._sync and self.session is not None:
                self._start(self._inflight_paths, tuple(a.article for a in self.session.articles))

        self.store.submit(call, done, failed)


def _texts(articles: Iterable[Article]) -> list[str]:
    return [a.text for a in articles]
