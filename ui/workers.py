"""Work that runs off the GUI thread, with plain data in and out.

``run_analysis`` is a pure function (import the new files, then
``compare()``); ``AnalysisTask`` and ``PreloadTask`` wrap work for a
``QThreadPool`` and report through a ``JobSignals`` object that lives on the
GUI thread, so every signal reaches the controller queued.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Signal

from app.domain import Article, Comparison, Settings
from app.errors import Cancelled, CrosscheckError
from app.session import article_letter

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True, slots=True)
class AnalysisRequest:
    articles: tuple[Article, ...]  # already open, kept in this order
    paths: tuple[str, ...]  # files to import and add after them
    settings: Settings = field(default_factory=Settings)


@dataclass(frozen=True, slots=True)
class AnalysisResult:
    articles: tuple[Article, ...]
    comparison: Comparison | None  # None with no article at all
    refused: tuple[str, ...]  # the importer's message for each bad file


def _same_file(a: str, b: str) -> bool:
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:
        return a == b


def run_analysis(
    request: AnalysisRequest,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> AnalysisResult:
    from app.engine import compare
    from app.importing import import_file

    articles = list(request.articles)
    refused: list[str] = []
    used = {a.id for a in articles}
    for n, path in enumerate(request.paths, start=1):
        if cancelled and cancelled():
            raise Cancelled()
        if progress:
            progress("importing", n, len(request.paths))
        if any(_same_file(path, a.source.path) for a in articles):
            continue  # already open
        index = 0
        while article_letter(index) in used:
            index += 1
        try:
            article = import_file(path, article_id=article_letter(index))
        except CrosscheckError as exc:
            refused.append(exc.message())
            continue
        used.add(article.id)
        articles.append(article)
    if not articles:
        return AnalysisResult((), None, tuple(refused))
    comparison = compare(
        articles, settings=request.settings, progress=progress, cancelled=cancelled
    )
    return AnalysisResult(tuple(articles), comparison, tuple(refused))


class JobSignals(QObject):
    """Created on the GUI thread; emitted from workers (so delivered queued)."""

    progressed = Signal(int, str, int, int)  # generation, stage, done, total
    finished = Signal(int, object)  # generation, AnalysisResult
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
    ) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._generation = generation
        self._request = request
        self._signals = signals
        self._cancel = cancel

    def run(self) -> None:
        gen, signals = self._generation, self._signals
        if self._cancel.is_set():
            signals.cancelled.emit(gen)
            return
        try:
            result = run_analysis(
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
            signals.finished.emit(gen, result)


class PreloadTask(QRunnable):
    """Loads the spaCy pipeline so the first analysis does not wait for it."""

    def __init__(self, settings: Settings, signals: JobSignals) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._settings = settings
        self._signals = signals

    def run(self) -> None:
        from app import nlp

        try:
            nlp.load(self._settings.spacy_model)
        except CrosscheckError as exc:
            self._signals.model_failed.emit(exc.message())
        except Exception as exc:
            log.error("loading the language model failed:\n%s", traceback.format_exc())
            self._signals.model_failed.emit(f"{type(exc).__name__}: {exc}")
        else:
            self._signals.model_loaded.emit()
