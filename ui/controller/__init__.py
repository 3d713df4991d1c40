"""The controller: the one owner of what the window shows (DESIGN.md section 5).

Lives on the GUI thread.  Analysis runs on a single-thread pool (one NLP
worker, so spaCy loads once); each request gets a generation number and a
cancel flag, and results of an older generation are dropped.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QFileSystemWatcher, QObject, QThreadPool, QTimer, Signal, Slot

from app import ENGINE_VERSION
from app.domain import Article, Comparison, RelationKind, Settings
from app.editing.anchoring import make_anchor, text_hash
from app.editing.commands import (
    AddAnnotation,
    AddArticle,
    Command,
    DeleteAnnotation,
    EditAnnotation,
    ReloadArticle,
    RemoveArticle,
    RenameSession,
    SetVerdict,
    UndoStack,
)
from app.editing.verdicts import Judged, Judgements, judge
from app.errors import Cancelled, CrosscheckError
from app.jobs.analysis import Imported, import_new
from app.session import (
    AnchorState,
    Annotation,
    AnnotationStatus,
    RelationVerdict,
    Session,
    SessionArticle,
    Verdict,
    article_letter,
)
from ui.highlighter import HighlightIndex
from ui.persistence import SessionStore, absolute_source, create_session
from ui.prepared import Prepared, prepare
from ui.tasks import TaskRunner
from ui.workers import AnalysisRequest, AnalysisResult, AnalysisTask, JobSignals, PreloadTask

if TYPE_CHECKING:  # models loads SQLAlchemy: on the store's worker, after the first paint
    from app.pasting import Clipboard
    from models.repository import Repository, SessionSummary

# Sources are checked for changes a moment after a session opens, once the
# window has drawn it: the check reads every file.
SOURCE_CHECK_DELAY_MS = 1500

# Commands that change which articles the session holds: the comparison
# shown must follow them.
ARTICLE_COMMANDS = (AddArticle, RemoveArticle, ReloadArticle)

STAGE_TEXT = {
    "importing": "Importing file {done} of {total}…",
    "reading": "Reading {total} files…",
    "analysing": "Analysing {total} articles…",
    "loading model": "Loading language model…",
    "parsing": "Parsing the articles ({done} of {total} parts)…",
    "linking": "Linking claims…",
    "conflicts": "Looking for conflicts…",
}


def stage_message(stage: str, done: int, total: int) -> str:
    if stage in ("importing", "parsing") and done == 0:
        stage = "reading" if stage == "importing" else "analysing"
    text = STAGE_TEXT.get(stage, stage).format(done=done, total=total)
    return text.replace(" 1 files", " 1 file").replace(" 1 articles", " 1 article")


class Controller(QObject):
    busy_changed = Signal(bool)
    progress_reported = Signal(str, int, int)  # message, done, total
    comparison_changed = Signal()
    files_refused = Signal(list)  # the importer's messages
    paste_read = Signal(object)  # the Article on the clipboard (its title may be "")
    paste_refused = Signal(str)  # why the clipboard could not become an article
    analysis_failed = Signal(str)
    analysis_cancelled = Signal()
    model_state_changed = Signal(str)  # "loading", "ready", or an error message
    session_changed = Signal()  # another session, or none
    annotations_changed = Signal()
    save_state_changed = Signal(str)  # "", "saving…", "saved", "not saved"
    undo_changed = Signal()
    # What the relations are now changed (app.editing.verdicts): True after an edit
    # (a verdict, or undoing or redoing one), when the table keeps its rows
    # where they are; False when a session or a comparison came in.
    verdicts_changed = Signal(bool)
    edit_failed = Signal(str, str)  # title, message
    status_reported = Signal(str)  # a short message for the status bar
    sources_changed = Signal()  # see changed_sources
    article_reloaded = Signal(str, str)  # article id, what happened to its notes
    sessions_changed = Signal()  # a session was renamed or deleted

    def __init__(
        self,
        settings: Settings | None = None,
        parent: QObject | None = None,
        *,
        store: SessionStore | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings or Settings()
        self.store = store  # None: nothing is saved (a throwaway window)
        self.session: Session | None = None
        self.undo_stack = UndoStack()
        self._history: list[Command] = []  # the stack's commands, for storing undo/redo
        self._store_failed = False
        self._opening = 0  # sessions being read from the store
        if store is not None:
            store.setParent(self)
            store.pending_changed.connect(self._on_store_pending_changed)
        self.articles: tuple[Article, ...] = ()
        self.comparison: Comparison | None = None  # as shown (see show_possible)
        self.full_comparison: Comparison | None = None  # as found and stored
        self.show_possible = False  # also show the relations the engine is not sure of
        self.prepared: Prepared | None = None  # index and table rows of the comparison
        self._base_index: HighlightIndex | None = None  # the prepared one
        # What each relation shown is now (app.editing.verdicts), and the highlight
        # index with it, made again only when the comparison or the session's
        # articles or verdicts change (see judgements).
        self._judged: tuple[tuple[object, ...], Judgements] | None = None
        self._judged_index: HighlightIndex | None = None
        self.model_state = "idle"
        self._generation = 0
        self._cancel = threading.Event()
        self._running = False
        self._analysing = False  # the articles have gone to the analysis process
        self._inflight_paths: tuple[str, ...] = ()
        self._inflight_base = 0  # articles the run under way started from
        self._sync = 0  # bumped by every change of the session's articles
        self._reload_token = 0  # the latest re-read of the session after a failure
        # Sources edited on disk: session article key -> the file's new text.
        self.changed_sources: dict[str, Article] = {}
        self._files = TaskRunner(self)
        # Work held back while the window draws a new comparison (see view_busy).
        self._view_busy = False
        self._after_view: list[Callable[[], None]] = []
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._on_watcher_file_changed)
        self._shut_down = False
        self.runs_ended = 0  # analyses that finished, failed or were cancelled
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # one NLP worker
        self._signals = JobSignals(self)
        self._signals.progressed.connect(self._on_job_progressed)
        self._signals.finished.connect(self._on_job_finished)
        self._signals.failed.connect(self._on_job_failed)
        self._signals.cancelled.connect(self._on_job_cancelled)
        self._signals.model_loaded.connect(self._on_job_model_loaded)
        self._signals.model_failed.connect(self._on_job_model_failed)

    # -- state -------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._running

    @property
    def idle(self) -> bool:
        """No analysis, model loading or store work under way or queued."""
        stored = self.store is None or self.store.pending == 0
        files = self._files.pending == 0 and not self._after_view
        return not self._running and self.model_state != "loading" and stored and files

    @property
    def opening(self) -> bool:
        """A session is being read from the store."""
        return self._opening > 0

    @property
    def save_state(self) -> str:
        if self.store is None or self.session is None:
            return ""
        if self.store.pending:
            return "saving…"
        return "not saved" if self._store_failed else "saved"

    @property
    def generation(self) -> int:
        return self._generation

    @property
    def judgements(self) -> Judgements | None:
        """Every relation shown as the reporter's verdicts leave it
        (app.editing.verdicts: the one rule), by its index in ``comparison``."""
        comparison, session = self.comparison, self.session
        if comparison is None:
            return None
        stamp = (
            comparison,
            session.articles if session else None,
            session.verdicts if session else None,
        )
        cached = self._judged
        if cached is None or any(a is not b for a, b in zip(cached[0], stamp, strict=True)):
            cached = self._judged = (stamp, judge(comparison, session))
        return cached[1]

    @property
    def index(self) -> HighlightIndex | None:
        """The highlight index of the comparison shown, with the verdicts."""
        base, judgements = self._base_index, self.judgements
        if base is None or judgements is None or base.comparison is not judgements.comparison:
            return base
        index = self._judged_index
        if index is None or index.judgements is not judgements:
            index = self._judged_index = (
                base if base.judgements is judgements else base.rejudged(judgements)
            )
        return index

    # -- commands ----------------------------------------------------------

    def preload_model(self) -> None:
        if self.model_state in ("loading", "ready"):
            return
        self.model_state = "loading"
        self.model_state_changed.emit("loading")
        self._pool.start(PreloadTask(self.settings, self._signals))

    def set_settings(self, settings: Settings) -> None:
        """New engine settings: the open articles are analysed again with them."""
        if settings == self.settings:
            return
        model_changed = settings.spacy_model != self.settings.spacy_model
        self.settings = settings
        if model_changed:
            self.model_state = "idle"
        if self.articles or self.session is not None:
            self._start(self._inflight_paths, self._current_articles())
        elif model_changed:
            self.preload_model()

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
            from app.pasting import article_from_clipboard  # the importer, when first needed

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
        used = {a.id for a in current}
        index = 0
        while article_letter(index) in used:
            index += 1
        self._start(self._inflight_paths, (*current, replace(article, id=article_letter(index))))

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
        out: dict[str, str] = {}
        for article in (*self._current_articles(), *self.articles):
            if article.source.path:
                out.setdefault(_real(article.source.path), article.id)
        for path in self._inflight_paths:
            out.setdefault(_real(path), "")
        return out

    def already_open(self, paths: Iterable[str]) -> dict[str, str]:
        """Those of ``paths`` already open (see open_paths): path -> letter."""
        shown = self.open_paths()
        return {p: shown[_real(p)] for p in paths if _real(p) in shown}

    @staticmethod
    def already_open_message(known: dict[str, str]) -> str:
        """ "“a.txt” is already open in this comparison (article A)."; one
        sentence however many files."""
        letters = sorted({letter for letter in known.values() if letter})
        where = (
            f" (article{'s' if len(letters) > 1 else ''} {', '.join(letters)})" if letters else ""
        )
        if len(known) == 1:
            name = Path(next(iter(known))).name
            return f"“{name}” is already open in this comparison{where}; it is not added twice."
        return f"{len(known)} of these files are already open in this comparison{where}; " + (
            "they are not added twice."
        )

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
            path = _real(closed.source.path) if closed.source.path else None
            paths = tuple(p for p in self._inflight_paths if _real(p) != path)
            self._start(paths, tuple(a for a in self.articles if a is not closed))

    def _current_articles(self) -> tuple[Article, ...]:
        """The articles as they stand: the session's (an edit may not be
        analysed yet), else the ones shown."""
        if self.session is not None:
            return tuple(a.article for a in self.session.articles)
        return self.articles

    def cancel(self) -> None:
        self._cancel.set()

    def shutdown(self) -> None:
        """Stop and wait for the workers (spaCy loading cannot be interrupted),
        finish the store calls under way and close the database."""
        self.view_busy(False)  # held-back saves go to the store before it closes
        self._generation += 1
        self._cancel.set()
        self._pool.clear()
        self._pool.waitForDone()
        self._files.clear()
        self._files.wait()
        if not self._shut_down:
            # The watcher's socket notifier goes at a safe point of the event
            # loop: a controller collected later by Python's cyclic GC (which
            # may run inside the event dispatcher) would delete it mid-dispatch.
            self._shut_down = True
            self._watcher.deleteLater()
        if self.store is not None:
            self.store.close()

    def view_busy(self, busy: bool) -> None:
        """The window says it is drawing (True) or done (False).  Saving a
        new comparison waits until it is done: the store's worker and the
        drawing compete for Python's lock, and together they froze the window
        for 60-110 ms (tests/benchmarks/bench_window.py)."""
        self._view_busy = busy
        while not busy and self._after_view:
            self._after_view.pop(0)()

    def _when_view_idle(self, work: Callable[[], None]) -> None:
        if self._view_busy:
            self._after_view.append(work)
        else:
            work()

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

    def _show_comparison(self, articles: tuple[Article, ...], prepared: Prepared) -> None:
        self._generation += 1  # an analysis under way is now stale
        self._cancel.set()
        self._inflight_paths = ()
        self.articles = articles
        self.comparison = prepared.comparison
        self.full_comparison = prepared.full
        self.prepared = prepared
        self._base_index = prepared.index
        if self._running:
            self._finish()
        self.comparison_changed.emit()
        self.verdicts_changed.emit(False)

    def set_show_possible(self, show: bool) -> None:
        """Show (or hide again) the relations the engine is not sure of; the
        view is rebuilt off the GUI thread from the comparison as found."""
        if show == self.show_possible:
            return
        self.show_possible = show
        self._reprepare()

    def _reprepare(self) -> None:
        full, generation, show = self.full_comparison, self._generation, self.show_possible
        session = self.session
        if full is None or self._running:
            return  # the analysis under way brings its own view (see _on_job_finished)

        def done(prepared: Prepared) -> None:
            if (
                generation == self._generation
                and self.full_comparison is full
                and not self._running
                and prepared.show_possible == self.show_possible
            ):
                self._show_comparison(self.articles, prepared)

        self._files.submit(lambda: prepare(full, show, session), done)

    def _on_session_open_failed(self, message: str) -> None:
        self._opening -= 1
        self.edit_failed.emit("The session could not be opened", message)

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
        typed = _typed_note(command)
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

    # -- articles of the session ---------------------------------------------

    def article_key(self, article_id: str) -> str | None:
        """The session's key of a shown article (by place, same text), if any."""
        for item, article in self._pairs():
            if article.id == article_id:
                return item.key
        return None

    def article_id(self, article_key: str) -> str | None:
        """The shown article (its pane's id) for a session's article key."""
        for item, article in self._pairs():
            if item.key == article_key:
                return article.id
        return None

    def _pairs(self) -> list[tuple[SessionArticle, Article]]:
        """Session articles and the shown ones, paired by place when the texts
        agree (while a change of articles is being analysed they may not)."""
        if self.session is None:
            return []
        return [
            (item, article)
            for item, article in zip(self.session.articles, self.articles, strict=False)
            if item.article.text == article.text
        ]

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

    # -- sources changed on disk ----------------------------------------------

    def _watch_sources(self) -> None:
        if self._shut_down:
            return
        watched = self._watcher.files()
        if watched:
            self._watcher.removePaths(watched)
        if self.session is None:
            return
        paths = sorted({a.article.source.path for a in self.session.articles} - {""})
        existing = [p for p in paths if Path(p).is_file()]
        if existing:
            self._watcher.addPaths(existing)

    def check_sources(self) -> None:
        """Read each article's source file again (off the GUI thread) and
        offer a reload for those whose text changed."""
        if self.session is not None:
            for item in self.session.articles:
                if item.article.source.path:
                    self._check_source(item)

    @Slot(str)
    def _on_watcher_file_changed(self, path: str) -> None:
        if self.session is None or self._shut_down:
            return
        # Editors often save by replacing the file, which ends the watch.
        if path not in self._watcher.files() and Path(path).is_file():
            self._watcher.addPath(path)
        for item in self.session.articles:
            if item.article.source.path == path:
                self._check_source(item)

    def _check_source(self, item: SessionArticle) -> None:
        source, letter, key = item.article.source, item.article.id, item.key

        def call() -> Article | None:
            """The file's article when its bytes changed; None otherwise (a
            pipe or a device in its place is never read: app.sources)."""
            from app.importing import import_file  # on the worker: it loads parsers
            from app.sources import SourceState, source_state

            if source_state(source) is not SourceState.CHANGED:
                return None

            return import_file(source.path, article_id=letter)

        self._files.submit(call, lambda article: self._on_source_read(key, article), None)

    def _on_source_read(self, key: str, article: Article | None) -> None:
        articles = self.session.articles if self.session else ()
        current = next((a for a in articles if a.key == key), None)
        if current is None:
            return
        if article is not None and article.text != current.article.text:
            self.changed_sources[key] = article
        elif self.changed_sources.pop(key, None) is None:
            return
        self.sources_changed.emit()

    def source_changed(self, article_id: str) -> bool:
        key = self.article_key(article_id)
        return key is not None and key in self.changed_sources

    def dismiss_source_change(self, article_id: str) -> None:
        key = self.article_key(article_id)
        if key is not None and self.changed_sources.pop(key, None) is not None:
            self.sources_changed.emit()

    def reload_article(self, article_id: str) -> None:
        """Take the edited source's text; annotations are re-anchored and the
        report says which moved and which could not be placed."""
        key = self.article_key(article_id)
        new = self.changed_sources.get(key or "")
        if self.session is None or key is None or new is None:
            return
        try:
            command = ReloadArticle.create(self.session, key, absolute_source(new))
        except CrosscheckError as exc:
            self.edit_failed.emit("The article was not reloaded", exc.message())
            return
        del self.changed_sources[key]
        self.push(command)
        self.sources_changed.emit()
        self.article_reloaded.emit(article_id, reload_report(command))

    # -- annotations ---------------------------------------------------------

    @property
    def annotations(self) -> tuple[Annotation, ...]:
        return self.session.annotations if self.session else ()

    def annotation(self, annotation_id: str) -> Annotation | None:
        return next((a for a in self.annotations if a.id == annotation_id), None)

    def target(self, article_id: str, start: int, end: int) -> Target | None:
        """What a note is about, fixed when its editor opens: the session's
        article key and text, not the pane's letter, which an analysis
        finishing meanwhile may give to another article."""
        key = self.article_key(article_id)
        if self.session is None or key is None:
            self.edit_failed.emit(
                "Nothing to annotate yet",
                "The session is still being saved or analysed. Try again in a moment.",
            )
            return None
        text = next(a.article.text for a in self.session.articles if a.key == key)
        return Target(key, text_hash(text), start, end)

    def relation_target(self, relation: int) -> Target | None:
        """The target of a note on a relation: its first claim, and its key."""
        key = self.relation_key_of(relation)
        if key is None or self.index is None or self.comparison is None:
            self.edit_failed.emit(
                "Nothing to annotate yet",
                "The session is still being saved or analysed. Try again in a moment.",
            )
            return None
        claim = self.index.claim(self.comparison.relations[relation].claims[0])
        found = self.target(claim.article_id, claim.start, claim.end)
        return replace(found, relation=key) if found is not None else None

    def add_annotation(
        self,
        article_id: str,
        start: int,
        end: int,
        *,
        note: str,
        tag: str,
        status: AnnotationStatus = AnnotationStatus.OPEN,
    ) -> bool:
        """Annotate ``start:end`` of a shown article now."""
        target = self.target(article_id, start, end)
        return target is not None and self.annotate(target, note=note, tag=tag, status=status)

    def annotate(
        self,
        target: Target,
        *,
        note: str,
        tag: str,
        status: AnnotationStatus = AnnotationStatus.OPEN,
    ) -> bool:
        """Store a note on ``target``; False (and ``edit_failed``, quoting the
        note so nothing typed is lost) when the text it was made on is gone."""
        session = self.session
        item = (
            next((a for a in session.articles if a.key == target.article_key), None)
            if (session is not None)
            else None
        )
        if session is None or item is None or item.text_sha256 != target.text_sha256:
            self.edit_failed.emit(
                "The annotation was not added",
                "The article it was written on was closed, reloaded or replaced while the "
                "editor was open. Select the passage again and paste your note: "
                f"“{note}”",
            )
            return False
        try:
            command = AddAnnotation.create(
                session,
                article_key=target.article_key,
                anchor=make_anchor(item.article.text, target.start, target.end),
                note=note,
                tag=tag,
                relation_key=target.relation,
            )
        except CrosscheckError as exc:
            self.edit_failed.emit("The annotation was not added", exc.message())
            return False
        if status is not AnnotationStatus.OPEN:
            command = replace(command, annotation=replace(command.annotation, status=status))
        self.push(command)
        return True

    def annotate_relation(
        self,
        relation: int,
        *,
        note: str,
        tag: str,
        status: AnnotationStatus = AnnotationStatus.OPEN,
    ) -> bool:
        """A note on a relation now, anchored on its first claim."""
        target = self.relation_target(relation)
        return target is not None and self.annotate(target, note=note, tag=tag, status=status)

    def edit_annotation(
        self,
        annotation_id: str,
        *,
        note: str | None = None,
        tag: str | None = None,
        status: AnnotationStatus | None = None,
    ) -> None:
        if self.session is None:
            return
        try:
            command = EditAnnotation.create(
                self.session, annotation_id, note=note, tag=tag, status=status
            )
        except CrosscheckError as exc:
            if exc.message().lower().startswith("nothing to change"):
                return  # the editor was closed with the same values
            self.edit_failed.emit("The annotation was not changed", exc.message())
            return
        self.push(command)

    def toggle_resolved(self, annotation_id: str) -> None:
        annotation = self.annotation(annotation_id)
        if annotation is not None:
            resolved = annotation.status is AnnotationStatus.RESOLVED
            self.edit_annotation(
                annotation_id,
                status=AnnotationStatus.OPEN if resolved else AnnotationStatus.RESOLVED,
            )

    def delete_annotation(self, annotation_id: str) -> None:
        if self.session is None:
            return
        try:
            command = DeleteAnnotation.create(self.session, annotation_id)
        except CrosscheckError as exc:
            self.edit_failed.emit("The annotation was not deleted", exc.message())
            return
        self.push(command)
        self.status_reported.emit("Annotation deleted; Ctrl+Z brings it back.")

    def reattach_annotation(
        self, annotation_id: str, article_id: str, start: int, end: int
    ) -> None:
        """Place an annotation (an orphan, or a fuzzy one) on ``start:end``."""
        annotation = self.annotation(annotation_id)
        if self.session is None or annotation is None:
            return
        if self.article_key(article_id) != annotation.article_key:
            self.edit_failed.emit(
                "The annotation was not moved",
                "The selection is in another article. Select the passage in the "
                "annotation's own article, then re-attach it.",
            )
            return
        try:
            command = EditAnnotation.reattach(self.session, annotation_id, start, end)
        except CrosscheckError as exc:
            self.edit_failed.emit("The annotation was not moved", exc.message())
            return
        self.push(command)

    # -- verdicts --------------------------------------------------------------

    def judged(self, relation: int) -> Judged | None:
        """Relation ``relation`` of the comparison shown, as it is now."""
        judgements = self.judgements
        if judgements is None or not 0 <= relation < len(judgements):
            return None
        return judgements[relation]

    def relation_key_of(self, relation: int) -> str | None:
        """The key a verdict on ``relation`` is stored under (None before the
        session is saved)."""
        judged = self.judged(relation)
        return judged.key if judged is not None and self.session is not None else None

    def verdict_of(self, relation: int) -> RelationVerdict | None:
        judged = self.judged(relation)
        return judged.verdict if judged is not None else None

    def verdicts(self) -> dict[int, RelationVerdict]:
        """Verdicts by relation index, for the relations shown."""
        judgements = self.judgements
        return judgements.verdicts() if judgements is not None else {}

    def set_verdict(
        self, relation: int, verdict: Verdict | None, kind: RelationKind | None = None
    ) -> None:
        """Confirm, reject or retype (to ``kind``) a relation; None clears it."""
        key = self.relation_key_of(relation)
        if self.session is None or key is None:
            self.edit_failed.emit(
                "No verdict yet",
                "The session is still being saved. Try again in a moment.",
            )
            return
        try:
            command = SetVerdict.create(self.session, key, verdict, kind=kind)
        except CrosscheckError as exc:
            self.edit_failed.emit("The verdict was not changed", exc.message())
            return
        self.push(command)

    # -- undo ------------------------------------------------------------------

    def push(self, command: Command, *, sync: bool = True) -> None:
        if self.session is None:
            return
        name = self.session.name
        done = self.undo_stack.index
        try:
            self.session = self.undo_stack.push(command, self.session)
        except CrosscheckError as exc:
            self.edit_failed.emit("The change was not made", exc.message())
            return
        self._history[done:] = [command]
        self._store(command, name, sync=sync)

    def undo(self) -> None:
        if self.session is None or not self.undo_stack.can_undo:
            return
        name = self.session.name
        command = self._history[self.undo_stack.index - 1]
        try:
            self.session = self.undo_stack.undo(self.session)
        except CrosscheckError as exc:
            self.edit_failed.emit("Nothing was undone", exc.message())
            return
        self._store(command.inverse(), name)
        self.status_reported.emit(f"Undone: {command.label.lower()}.")
        self._after_reload_moved(command)

    def redo(self) -> None:
        if self.session is None or not self.undo_stack.can_redo:
            return
        name = self.session.name
        command = self._history[self.undo_stack.index]
        try:
            self.session = self.undo_stack.redo(self.session)
        except CrosscheckError as exc:
            self.edit_failed.emit("Nothing was redone", exc.message())
            return
        self._store(command, name)
        self.status_reported.emit(f"Redone: {command.label.lower()}.")
        self._after_reload_moved(command)

    def _after_reload_moved(self, command: Command) -> None:
        """Undoing or redoing a reload: its report no longer holds, and the
        file may again differ from the text shown."""
        if not isinstance(command, ReloadArticle) or self.session is None:
            return
        article_id = self.article_id(command.before.key) or command.before.article.id
        self.article_reloaded.emit(article_id, "")
        item = next((a for a in self.session.articles if a.key == command.before.key), None)
        if item is not None and item.article.source.path:
            self._check_source(item)

    def _store(self, command: Command, name: str, *, sync: bool = True) -> None:
        """Save one change at once, on the store's worker; ``name`` is the
        session's name before the change."""
        assert self.session is not None
        if isinstance(command, RenameSession):
            self.session_changed.emit()
        if isinstance(command, SetVerdict):
            self.verdicts_changed.emit(True)
        self.annotations_changed.emit()
        self.undo_changed.emit()
        if self.store is not None:

            def call(repo: Repository) -> None:
                from models.apply import apply_command

                apply_command(repo, command, session=name)

            self.store.submit(
                call,
                None,
                lambda message: self._on_store_failed(message, stored_as=name, command=command),
            )
        if isinstance(command, ARTICLE_COMMANDS):
            self._watch_sources()
            if sync:
                self._sync_articles()

    # -- analysis --------------------------------------------------------------

    def _start(self, paths: tuple[str, ...], articles: tuple[Article, ...]) -> None:
        """Analyse ``articles`` and the files ``paths`` after them.  The files
        are read first, on the file worker, and every article is shown at
        once; the highlights follow when the analysis comes back."""
        self._cancel.set()  # the run under way, if any, is now stale
        self._cancel = threading.Event()
        self._generation += 1
        self._inflight_paths = paths
        self._inflight_base = len(articles)
        self._analysing = False
        if not self._running:
            self._running = True
            self.busy_changed.emit(True)
        if not paths:
            self._analyse(articles)
            return
        generation, cancel, signals = self._generation, self._cancel, self._signals
        request = AnalysisRequest(articles, paths, self.settings)

        def call() -> Imported | None:
            try:
                return import_new(
                    request,
                    progress=lambda stage, done, total: signals.progressed.emit(
                        generation, stage, done, total
                    ),
                    cancelled=cancel.is_set,
                )
            except Cancelled:
                return None

        self.progress_reported.emit(stage_message("importing", 0, len(paths)), 0, len(paths))
        self._files.submit(
            call,
            lambda imported: self._on_files_imported(generation, imported),
            lambda message: self._on_job_failed(generation, message),
        )

    def _on_files_imported(self, generation: int, imported: Imported | None) -> None:
        if generation != self._generation:
            return  # stale: a newer request is under way
        if imported is None:
            self._on_job_cancelled(generation)
            return
        self._analyse(imported.articles)
        if imported.refused:
            self.files_refused.emit(list(imported.refused))

    def _analyse(self, articles: tuple[Article, ...]) -> None:
        """Show ``articles`` (without highlights when they are not the ones
        shown) and send them to the analysis."""
        changed = [id(a) for a in articles] != [id(a) for a in self.articles]
        if changed:
            self.articles = articles
            self.comparison = self.full_comparison = None
            self.prepared = None
            self._base_index = None
        if not articles:
            self._finish()
        if changed or not articles:
            self.comparison_changed.emit()
        if not articles:
            return
        request = AnalysisRequest(articles, (), self.settings)
        self._analysing = True
        self._pool.start(
            AnalysisTask(
                self._generation,
                request,
                self._signals,
                self._cancel,
                self.show_possible,
                self.session,
            )
        )
        loading = self.model_state in ("idle", "loading")
        self.progress_reported.emit(
            stage_message("loading model" if loading else "analysing", 0, len(articles)), 0, 0
        )

    def _finish(self) -> None:
        self._analysing = False
        self._inflight_paths = ()
        self._running = False
        self.runs_ended += 1
        self.busy_changed.emit(False)

    # -- worker results (queued, GUI thread) --------------------------------

    @Slot(int, str, int, int)
    def _on_job_progressed(self, generation: int, stage: str, done: int, total: int) -> None:
        if generation == self._generation:
            self.progress_reported.emit(stage_message(stage, done, total), done, total)

    @Slot(int, object)
    def _on_job_finished(
        self, generation: int, payload: tuple[AnalysisResult, Prepared | None]
    ) -> None:
        if generation != self._generation:
            return  # stale: a newer request is under way
        result, prepared = payload
        base = self._inflight_base
        self.articles = result.articles
        self.comparison = prepared.comparison if prepared is not None else result.comparison
        self.full_comparison = result.comparison
        self.prepared = prepared
        self._base_index = prepared.index if prepared is not None else None
        if self.model_state != "ready" and result.comparison is not None:
            self.model_state = "ready"
            self.model_state_changed.emit("ready")
        self._finish()
        self.comparison_changed.emit()
        self.verdicts_changed.emit(False)
        if result.comparison is not None and result.articles:
            if self.session is not None:
                self._adopt(result.articles[base:])  # files added to the session
                self._sync_articles()  # the session changed while this ran: catch up
            articles, comparison = result.articles, result.comparison
            self._when_view_idle(lambda: self._save_if_current(generation, articles, comparison))
        if result.refused:
            self.files_refused.emit(list(result.refused))
        if prepared is not None and prepared.show_possible != self.show_possible:
            self._reprepare()  # the view was asked for while this ran

    @Slot(int, str)
    def _on_job_failed(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self._finish()
            self.analysis_failed.emit(message)

    @Slot(int)
    def _on_job_cancelled(self, generation: int) -> None:
        if generation == self._generation:
            self._finish()
            self.analysis_cancelled.emit()

    @Slot()
    def _on_job_model_loaded(self) -> None:
        self.model_state = "ready"
        self.model_state_changed.emit("ready")
        if self._analysing:  # it runs from now on; the child reports its stages
            self.progress_reported.emit(stage_message("analysing", 0, len(self.articles)), 0, 0)

    @Slot(str)
    def _on_job_model_failed(self, message: str) -> None:
        self.model_state = message
        self.model_state_changed.emit(message)


@dataclass(frozen=True, slots=True)
class Target:
    """A passage of one session article as it was when a note was begun."""

    article_key: str
    text_sha256: str
    start: int
    end: int
    relation: str | None = None  # the relation key, for a note on a relation


def _typed_note(command: Command | None) -> str:
    """The note a failed command carried, if the user typed one."""
    if isinstance(command, AddAnnotation):
        return command.annotation.note
    if isinstance(command, EditAnnotation) and command.after.note != command.before.note:
        return command.after.note
    return ""


def _real(path: str) -> str:
    """One spelling per file: absolute, links resolved, case as the system compares."""
    return os.path.normcase(os.path.realpath(path))


def _texts(articles: Iterable[Article]) -> list[str]:
    return [a.text for a in articles]


def reload_report(command: ReloadArticle) -> str:
    """What happened to an article's annotations when its text was reloaded."""
    states = [a.state for a in command.annotations_after]
    if not states:
        return "Reloaded; it had no annotations."
    counts = {state: states.count(state) for state in AnchorState}
    parts = []
    for state, words in (
        (AnchorState.ANCHORED, "in place"),
        (AnchorState.MOVED, "moved with their quote"),
        (AnchorState.FUZZY, "placed approximately (check them)"),
        (AnchorState.ORPHANED, "not found in the new text (kept, listed to re-attach)"),
    ):
        if counts[state]:
            parts.append(f"{counts[state]} {words}")
    total = len(states)
    return (
        f"Reloaded; of its {total} annotation{'s' if total != 1 else ''}: " + ", ".join(parts) + "."
    )
