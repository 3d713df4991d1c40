"""Running analyses: importing files, the analysis worker, progress, the model.

Every request gets a generation number and a cancel flag; what an older
generation still reports is dropped.  Files are read on the file worker and
shown at once; the analysis itself runs on a single-thread pool (one NLP
worker, so spaCy loads once) and its results arrive queued on the GUI thread.
A finished run goes to ``_keep_run`` (SessionEditing) to be saved.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Slot

from app.domain import Article, Settings
from app.errors import Cancelled
from app.jobs.analysis import Imported, import_new
from app.jobs.analysis_stages import stage_message
from app.jobs.progress import Stage
from ui.controller.base import ControllerBase, PipelineState
from ui.persistence import SessionStore
from ui.prepared import Prepared, prepare
from ui.workers import AnalysisRequest, AnalysisResult, AnalysisTask, PreloadTask


class AnalysisRuns(ControllerBase):
    def __init__(
        self,
        settings: Settings | None = None,
        parent: QObject | None = None,
        *,
        store: SessionStore | None = None,
    ) -> None:
        super().__init__(settings, parent, store=store)
        self._signals.progressed.connect(self._on_job_progressed)
        self._signals.finished.connect(self._on_job_finished)
        self._signals.failed.connect(self._on_job_failed)
        self._signals.cancelled.connect(self._on_job_cancelled)
        self._signals.model_loaded.connect(self._on_job_model_loaded)
        self._signals.model_failed.connect(self._on_job_model_failed)

    def preload_model(self) -> None:
        if self.model_state in (PipelineState.LOADING, PipelineState.READY):
            return
        self._set_model_state(PipelineState.LOADING)
        self._pool.start(PreloadTask(self.settings, self._signals))

    def set_settings(self, settings: Settings) -> None:
        """New engine settings: the open articles are analysed again with them."""
        if settings == self.settings:
            return
        model_changed = settings.spacy_model != self.settings.spacy_model
        self.settings = settings
        if model_changed:
            self.model_state = PipelineState.IDLE
        if self.articles or self.session is not None:
            self._start(self._inflight_paths, self._current_articles())
        elif model_changed:
            self.preload_model()

    def cancel(self) -> None:
        self._cancel.set()

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

        self.progress_reported.emit(stage_message(Stage.IMPORTING, 0, len(paths)), 0, len(paths))
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
        loading = self.model_state in (PipelineState.IDLE, PipelineState.LOADING)
        stage = Stage.LOADING_MODEL if loading else Stage.ANALYSING
        self.progress_reported.emit(stage_message(stage, 0, len(articles)), 0, 0)

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
        if self.model_state is not PipelineState.READY and result.comparison is not None:
            self._set_model_state(PipelineState.READY)
        self._finish()
        self.comparison_changed.emit()
        self.verdicts_changed.emit(False)
        if result.comparison is not None and result.articles:
            self._keep_run(generation, result.articles, result.comparison, base)
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
        self._set_model_state(PipelineState.READY)
        if self._analysing:  # it runs from now on; the child reports its stages
            self.progress_reported.emit(stage_message(Stage.ANALYSING, 0, len(self.articles)), 0, 0)

    @Slot(str)
    def _on_job_model_failed(self, message: str) -> None:
        self.model_error = message
        self._set_model_state(PipelineState.FAILED)

    def _set_model_state(self, state: PipelineState) -> None:
        self.model_state = state
        self.model_state_changed.emit(state.value)
