"""The controller's state and signals, shared by the parts that act on them.

``ControllerBase`` is the QObject every part of the controller builds on: the
signals the window listens to, the state (the session, the articles and the
comparison shown, the analysis generation, the workers), what the window
reads of it (busy, idle, judgements, the highlight index) and the lookups
between a pane's article letter and the session's article key.

The parts call one another through the few hooks at the end of this class:
a part lower in the chain (see ``ui.controller``) names a method that a part
higher up provides, so each module reads on its own and mypy checks the calls.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from enum import StrEnum

from PySide6.QtCore import QFileSystemWatcher, QObject, QThreadPool, Signal

from app.domain import Article, Comparison, Settings
from app.editing.commands import Command, UndoStack
from app.editing.verdicts import Judgements, judge
from app.session import Session, SessionArticle
from ui.highlighter import HighlightIndex
from ui.persistence import SessionStore
from ui.prepared import Prepared
from ui.tasks import TaskRunner
from ui.workers import JobSignals


class PipelineState(StrEnum):
    """Where the language pipeline the analyses need stands."""

    IDLE = "idle"  # not asked for yet (or the model setting changed)
    LOADING = "loading"
    READY = "ready"
    FAILED = "failed"  # ``ControllerBase.model_error`` says why


class ControllerBase(QObject):
    busy_changed = Signal(bool)
    progress_reported = Signal(str, int, int)  # message, done, total
    comparison_changed = Signal()
    files_refused = Signal(list)  # the importer's messages
    paste_read = Signal(object)  # the Article on the clipboard (its title may be "")
    paste_refused = Signal(str)  # why the clipboard could not become an article
    analysis_failed = Signal(str)
    analysis_cancelled = Signal()
    model_state_changed = Signal(str)  # a PipelineState
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
        self.model_state = PipelineState.IDLE
        self.model_error = ""  # why the pipeline could not be loaded, when FAILED
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
        self._shut_down = False
        self.runs_ended = 0  # analyses that finished, failed or were cancelled
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # one NLP worker
        self._signals = JobSignals(self)

    # -- state -------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._running

    @property
    def idle(self) -> bool:
        """No analysis, model loading or store work under way or queued."""
        stored = self.store is None or self.store.pending == 0
        files = self._files.pending == 0 and not self._after_view
        loading = self.model_state is PipelineState.LOADING
        return not self._running and not loading and stored and files

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

    def _current_articles(self) -> tuple[Article, ...]:
        """The articles as they stand: the session's (an edit may not be
        analysed yet), else the ones shown."""
        if self.session is not None:
            return tuple(a.article for a in self.session.articles)
        return self.articles

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

    # -- drawing -------------------------------------------------------------

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

    # -- hooks: provided by the parts higher in the chain ----------------------

    def push(self, command: Command, *, sync: bool = True) -> None:
        """Apply an edit to the session, undoably, and save it (SessionEditing)."""
        raise NotImplementedError

    def _keep_run(
        self,
        generation: int,
        articles: tuple[Article, ...],
        comparison: Comparison,
        base: int,
    ) -> None:
        """Take a finished analysis into the session and save it, the
        articles from ``base`` on being new to it (SessionEditing)."""
        raise NotImplementedError
