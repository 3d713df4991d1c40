"""The controller: the one owner of what the window shows (DESIGN.md section 5).

Lives on the GUI thread.  Analysis runs on a single-thread pool (one NLP
worker, so spaCy loads once); each request gets a generation number and a
cancel flag, and results of an older generation are dropped.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import date

from PySide6.QtCore import QObject, QThreadPool, Signal, Slot

from app import ENGINE_VERSION
from app.anchoring import make_anchor
from app.commands import AddAnnotation, Command, UndoStack
from app.domain import Article, Comparison, Settings
from app.errors import CrosscheckError
from app.session import Annotation, AnnotationStatus, Session, SessionArticle
from models.apply import apply_command
from models.repository import Repository, SessionSummary
from ui.highlighter import HighlightIndex
from ui.persistence import SessionStore, create_session
from ui.workers import AnalysisRequest, AnalysisResult, AnalysisTask, JobSignals, PreloadTask

STAGE_TEXT = {
    "importing": "Importing file {done} of {total}…",
    "loading model": "Loading language model…",
    "parsing": "Parsing article {done} of {total}…",
    "linking": "Linking claims…",
    "conflicts": "Looking for conflicts…",
}


def stage_message(stage: str, done: int, total: int) -> str:
    return STAGE_TEXT.get(stage, stage).format(done=done, total=total)


class Controller(QObject):
    busy_changed = Signal(bool)
    progress_reported = Signal(str, int, int)  # message, done, total
    comparison_changed = Signal()
    files_refused = Signal(list)  # the importer's messages
    analysis_failed = Signal(str)
    analysis_cancelled = Signal()
    model_state_changed = Signal(str)  # "loading", "ready", or an error message
    session_changed = Signal()  # another session, or none
    annotations_changed = Signal()
    save_state_changed = Signal(str)  # "", "saving…", "saved", "not saved"
    undo_changed = Signal()
    edit_failed = Signal(str, str)  # title, message

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
        self.comparison: Comparison | None = None
        self.index: HighlightIndex | None = None
        self.model_state = "idle"
        self._generation = 0
        self._cancel = threading.Event()
        self._running = False
        self._inflight_paths: tuple[str, ...] = ()
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
        return not self._running and self.model_state != "loading" and stored

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

    # -- commands ----------------------------------------------------------

    def preload_model(self) -> None:
        if self.model_state in ("loading", "ready"):
            return
        self.model_state = "loading"
        self.model_state_changed.emit("loading")
        self._pool.start(PreloadTask(self.settings, self._signals))

    def open_files(self, paths: list[str]) -> None:
        """Add files to the open articles and analyse them all again."""
        if paths:
            self._start(self._inflight_paths + tuple(paths), self.articles)

    def close_article(self, article_id: str) -> None:
        remaining = tuple(a for a in self.articles if a.id != article_id)
        if len(remaining) != len(self.articles):
            self._start(self._inflight_paths, remaining)

    def cancel(self) -> None:
        self._cancel.set()

    def shutdown(self) -> None:
        """Stop and wait for the worker (spaCy loading cannot be interrupted),
        finish the store calls under way and close the database."""
        self._generation += 1
        self._cancel.set()
        self._pool.clear()
        self._pool.waitForDone()
        if self.store is not None:
            self.store.close()

    # -- sessions ------------------------------------------------------------

    def open_session(self, name: str) -> None:
        """Show a stored session with its cached comparison (analysed and
        saved when there is none for its texts)."""
        if self.store is None:
            return
        settings = self.settings
        self._opening += 1

        def call(repo: Repository) -> tuple[Session, Comparison | None]:
            return repo.open_session(name, engine=ENGINE_VERSION, settings=settings)

        self.store.submit(call, self._on_session_opened, self._on_session_open_failed)

    def list_sessions(self, on_listed: Callable[[list[SessionSummary]], None]) -> None:
        """The stored sessions, handed to ``on_listed`` on the GUI thread."""
        if self.store is not None:
            self.store.submit(lambda repo: repo.list_sessions(), on_listed)

    def _on_session_opened(self, result: tuple[Session, Comparison | None]) -> None:
        self._opening -= 1
        session, comparison = result
        self._set_session(session)
        articles = tuple(a.article for a in session.articles)
        if comparison is None:
            self._start((), articles)  # analysed, then saved (see _on_job_finished)
            return
        self._generation += 1  # an analysis under way is now stale
        self._cancel.set()
        self._inflight_paths = ()
        self.articles = articles
        self.comparison = comparison
        self.index = HighlightIndex(comparison)
        if self._running:
            self._finish()
        self.comparison_changed.emit()

    def _on_session_open_failed(self, message: str) -> None:
        self._opening -= 1
        self.edit_failed.emit("The session could not be opened", message)

    def _set_session(self, session: Session | None) -> None:
        self.session = session
        self._store_failed = False
        self.undo_stack.clear()
        self._history.clear()
        self.session_changed.emit()
        self.annotations_changed.emit()
        self.undo_changed.emit()
        self.save_state_changed.emit(self.save_state)

    def _save_analysis(self, articles: tuple[Article, ...], comparison: Comparison) -> None:
        if self.store is None:
            return
        session = self.session
        if session is not None and [a.article.text for a in session.articles] == [
            a.text for a in articles
        ]:
            name = session.name
            self.store.submit(
                lambda repo: repo.save_comparison(name, comparison), None, self._on_store_failed
            )
            return
        # Another set of articles: a session of its own.
        self._set_session(None)
        self.store.submit(
            create_session(articles, comparison, date.today()),
            self._on_session_created,
            self._on_store_failed,
        )

    def _on_session_created(self, session: Session) -> None:
        if [a.article.text for a in session.articles] == [a.text for a in self.articles]:
            self._set_session(session)

    @Slot(int)
    def _on_store_pending_changed(self, _pending: int) -> None:
        self.save_state_changed.emit(self.save_state)

    def _on_store_failed(self, message: str) -> None:
        self._store_failed = True
        self.save_state_changed.emit(self.save_state)
        self.edit_failed.emit("The change could not be saved", message)
        session = self.session
        if session is not None and self.store is not None:
            # Show what the database holds; the history no longer applies to it.
            name = session.name
            self.store.submit(lambda repo: repo.load_session(name), self._on_session_reloaded)

    def _on_session_reloaded(self, session: Session) -> None:
        if self.session is not None and session.name == self.session.name:
            self._set_session(session)
            self._store_failed = True
            self.save_state_changed.emit(self.save_state)

    # -- annotations and undo ------------------------------------------------

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
        agree (pane ids keep their letters when an article is closed; the
        session's are renumbered)."""
        if self.session is None:
            return []
        return [
            (item, article)
            for item, article in zip(self.session.articles, self.articles, strict=False)
            if item.article.text == article.text
        ]

    @property
    def annotations(self) -> tuple[Annotation, ...]:
        return self.session.annotations if self.session else ()

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
        """Annotate ``start:end`` of an article; False (and ``edit_failed``)
        when it cannot be done."""
        session, key = self.session, self.article_key(article_id)
        if session is None or key is None:
            self.edit_failed.emit(
                "Nothing to annotate yet",
                "The session is still being saved. Try again in a moment.",
            )
            return False
        text = next(a.article.text for a in session.articles if a.key == key)
        try:
            command = AddAnnotation.create(
                session, article_key=key, anchor=make_anchor(text, start, end), note=note, tag=tag
            )
        except CrosscheckError as exc:
            self.edit_failed.emit("The annotation was not added", exc.message())
            return False
        if status is not AnnotationStatus.OPEN:
            command = replace(command, annotation=replace(command.annotation, status=status))
        self.push(command)
        return True

    def push(self, command: Command) -> None:
        if self.session is None:
            return
        done = self.undo_stack.index
        self.session = self.undo_stack.push(command, self.session)
        self._history[done:] = [command]
        self._store(command)

    def undo(self) -> None:
        if self.session is None or not self.undo_stack.can_undo:
            return
        command = self._history[self.undo_stack.index - 1]
        try:
            self.session = self.undo_stack.undo(self.session)
        except CrosscheckError as exc:
            self.edit_failed.emit("Nothing was undone", exc.message())
            return
        self._store(command.inverse())

    def redo(self) -> None:
        if self.session is None or not self.undo_stack.can_redo:
            return
        command = self._history[self.undo_stack.index]
        try:
            self.session = self.undo_stack.redo(self.session)
        except CrosscheckError as exc:
            self.edit_failed.emit("Nothing was redone", exc.message())
            return
        self._store(command)

    def _store(self, command: Command) -> None:
        """Save one change at once, on the store's worker."""
        assert self.session is not None
        self.annotations_changed.emit()
        self.undo_changed.emit()
        if self.store is not None:
            name = self.session.name

            def call(repo: Repository) -> None:
                apply_command(repo, command, session=name)

            self.store.submit(call, None, self._on_store_failed)

    def _start(self, paths: tuple[str, ...], articles: tuple[Article, ...]) -> None:
        self._cancel.set()  # the run under way, if any, is now stale
        self._cancel = threading.Event()
        self._generation += 1
        self._inflight_paths = paths
        request = AnalysisRequest(articles, paths, self.settings)
        self._pool.start(AnalysisTask(self._generation, request, self._signals, self._cancel))
        if not self._running:
            self._running = True
            self.busy_changed.emit(True)
        self.progress_reported.emit("Waiting for the language model…", 0, 0)

    def _finish(self) -> None:
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
    def _on_job_finished(self, generation: int, result: AnalysisResult) -> None:
        if generation != self._generation:
            return  # stale: a newer request is under way
        self.articles = result.articles
        self.comparison = result.comparison
        self.index = HighlightIndex(result.comparison) if result.comparison else None
        if self.model_state != "ready" and result.comparison is not None:
            self.model_state = "ready"
            self.model_state_changed.emit("ready")
        self._finish()
        self.comparison_changed.emit()
        if result.comparison is not None and result.articles:
            self._save_analysis(result.articles, result.comparison)
        if result.refused:
            self.files_refused.emit(list(result.refused))

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

    @Slot(str)
    def _on_job_model_failed(self, message: str) -> None:
        self.model_state = message
        self.model_state_changed.emit(message)
