"""The controller: the one owner of what the window shows (DESIGN.md section 5).

Lives on the GUI thread.  Analysis runs on a single-thread pool (one NLP
worker, so spaCy loads once); each request gets a generation number and a
cancel flag, and results of an older generation are dropped.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, QThreadPool, Signal, Slot

from app.domain import Article, Comparison, Settings
from ui.highlighter import HighlightIndex
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

    def __init__(self, settings: Settings | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings or Settings()
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
        """No analysis and no model loading under way or queued."""
        return not self._running and self.model_state != "loading"

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
        """Stop and wait for the worker (spaCy loading cannot be interrupted)."""
        self._generation += 1
        self._cancel.set()
        self._pool.clear()
        self._pool.waitForDone()

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
