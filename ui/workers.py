"""Work that runs off the GUI thread, with plain data in and out.

``AnalysisTask`` and ``PreloadTask`` run on a ``QThreadPool`` thread that
hands the work to the analysis process (``app.jobs.analysis_process``: spaCy in
the window's own process would hold its lock and freeze the window) and
waits; they report through a ``JobSignals`` object that lives on the GUI
thread, so every signal reaches the controller queued.
"""

from __future__ import annotations

import logging
import threading
import traceback
from dataclasses import replace

from PySide6.QtCore import QObject, QRunnable, Signal

from app.domain import Article, Settings
from app.errors import Cancelled, CrosscheckError
from app.jobs.analysis import AnalysisRequest, AnalysisResult, run_analysis
from app.jobs.analysis_process import shared_process
from app.session import Session
from ui.prepared import prepare

__all__ = ["AnalysisRequest", "AnalysisResult", "AnalysisTask", "PreloadTask", "run_analysis"]

log = logging.getLogger(__name__)


class JobSignals(QObject):
    """Created on the GUI thread; emitted from workers (so delivered queued)."""

    progressed = Signal(int, str, int, int)  # generation, stage, done, total
    finished = Signal(int, object)  # generation, (AnalysisResult, Prepared | None)
    failed = Signal(int, str)  # generation, message
    cancelled = Signal(int)  # generation
    model_loaded = Signal()
    model_failed = Signal(str)


class AnalysisTask(QRunnable):
    def __init__(
        self,
        generation: int,
        request: AnalysisRequest,
        signals: JobSignals,
        cancel: threading.Event,
        show_possible: bool = False,
        session: Session | None = None,
    ) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._generation = generation
        self._request = request
        self._signals = signals
        self._cancel = cancel
        self._show_possible = show_possible
        self._session = session  # its verdicts keep the possible relations judged in view

    def run(self) -> None:
        gen, signals = self._generation, self._signals
        if self._cancel.is_set():
            signals.cancelled.emit(gen)
            return
        try:
            result = shared_process().analyse(
                self._request,
                progress=lambda stage, done, total: signals.progressed.emit(
                    gen, stage, done, total
                ),
                cancelled=self._cancel.is_set,
            )
        except Cancelled:
            signals.cancelled.emit(gen)
        except CrosscheckError as exc:
            signals.failed.emit(gen, exc.message())
        except Exception as exc:  # a bug: keep the traceback, tell the user
            log.error("analysis failed:\n%s", traceback.format_exc())
            signals.failed.emit(gen, f"Internal error ({type(exc).__name__}: {exc}).")
        else:
            result = same_articles(result, self._request.articles)
            prepared = (
                prepare(result.comparison, self._show_possible, self._session)
                if result.comparison is not None
                else None
            )
            signals.finished.emit(gen, (result, prepared))


def same_articles(result: AnalysisResult, sent: tuple[Article, ...]) -> AnalysisResult:
    """``result`` with the very article objects that were sent (the process
    returns copies): the window, already showing them, then only adds the
    highlights instead of building its panes again."""
    if result.comparison is None or result.articles != sent:
        return result
    return replace(result, articles=sent, comparison=replace(result.comparison, articles=sent))


class PreloadTask(QRunnable):
    """Loads the spaCy pipeline so the first analysis does not wait for it."""

    def __init__(self, settings: Settings, signals: JobSignals) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._settings = settings
        self._signals = signals

    def run(self) -> None:
        try:
            shared_process().load(self._settings.spacy_model)
        except CrosscheckError as exc:
            self._signals.model_failed.emit(exc.message())
        except Exception as exc:
            log.error("loading the language model failed:\n%s", traceback.format_exc())
            self._signals.model_failed.emit(f"{type(exc).__name__}: {exc}")
        else:
            self._signals.model_loaded.emit()
