"""Export (PDF, Markdown, Word, CSV) off the GUI thread.

``Exporter`` runs ``app.export.write.export_summary`` on its own single-thread
pool, so a long export never freezes the window and never waits behind the
NLP worker or the store.  The job gets plain data (the comparison, the session,
the options and the format, all frozen) and returns plain data (an
``ExportResult`` for the PDF, a ``DocumentResult`` for the others).  It
reports through an ``_ExportSignals`` object that lives on the GUI thread, so
every signal arrives queued; a generation counter drops what a superseded job
still reports, and a ``threading.Event`` per job is its cancel flag.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from app.domain import Comparison
from app.errors import Cancelled, CrosscheckError
from app.export.formats import WHAT, Format
from app.export.pdf.options import ExportOptions, ExportResult
from app.export.write import DocumentResult, export_summary
from app.jobs.progress import Progress, Stage
from app.session import Session

log = logging.getLogger(__name__)


STAGE_TEXT: dict[str, str] = {
    Stage.PREPARING: "Preparing {what}…",
    Stage.LAYOUT: "Laying out page content {done} of {total}…",
    Stage.WRITING: "Writing {what}…",
}


def export_message(stage: str, done: int, total: int, fmt: Format = "pdf") -> str:
    """The status-bar text for one of the export's progress stages."""
    return STAGE_TEXT.get(stage, stage).format(done=done, total=total, what=WHAT[fmt])


@dataclass(frozen=True, slots=True)
class ExportRequest:
    path: str
    comparison: Comparison
    session: Session | None
    options: ExportOptions
    format: Format = "pdf"


def run_export(
    request: ExportRequest,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ExportResult | DocumentResult:
    return export_summary(
        request.path,
        request.format,
        comparison=request.comparison,
        session=request.session,
        options=request.options,
        progress=progress,
        cancelled=cancelled,
    )


class _ExportSignals(QObject):
    """Created on the GUI thread; emitted from the worker (so delivered queued)."""

    progressed = Signal(int, str, int, int)  # generation, stage, done, total
    finished = Signal(int, object)  # generation, ExportResult or DocumentResult
    failed = Signal(int, str)  # generation, message
    cancelled = Signal(int)  # generation


class _ExportTask(QRunnable):
    def __init__(
        self,
        generation: int,
        request: ExportRequest,
        signals: _ExportSignals,
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
        if self._cancel.is_set():  # superseded or cancelled while queued
            signals.cancelled.emit(gen)
            return
        try:
            result = run_export(
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
            log.error("Export failed:\n%s", traceback.format_exc())
            signals.failed.emit(gen, f"Internal error ({type(exc).__name__}: {exc}).")
        else:
            signals.finished.emit(gen, result)


class Exporter(QObject):
    """Writes one export at a time, off the GUI thread.

    Each ``start`` ends with exactly one of ``finished``, ``failed`` or
    ``cancelled`` -- unless another ``start`` supersedes it first, which cancels
    it and silences it.  A ``cancel`` that comes once the file is being written
    is too late: ``finished`` follows, and the file is there.
    """

    progressed = Signal(str, int, int)  # message, done, total
    finished = Signal(object)  # ExportResult (PDF) or DocumentResult
    failed = Signal(str)  # a readable paragraph
    cancelled = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._signals = _ExportSignals(self)
        self._signals.progressed.connect(self._on_task_progressed)
        self._signals.finished.connect(self._on_task_finished)
        self._signals.failed.connect(self._on_task_failed)
        self._signals.cancelled.connect(self._on_task_cancelled)
        self._generation = 0
        self._cancel: threading.Event | None = None  # the current job's flag
        self._format: Format = "pdf"  # the current job's

    @property
    def busy(self) -> bool:
        """True from ``start`` until the current job reports its end."""
        return self._cancel is not None

    def start(
        self,
        path: str,
        comparison: Comparison,
        session: Session | None,
        options: ExportOptions,
        export_format: Format = "pdf",
    ) -> None:
        if self._cancel is not None:
            self._cancel.set()  # the job under way is superseded
        self._generation += 1
        self._cancel = threading.Event()
        self._format = export_format
        request = ExportRequest(path, comparison, session, options, export_format)
        self._pool.start(_ExportTask(self._generation, request, self._signals, self._cancel))

    def cancel(self) -> None:
        """Ask the current job to stop; ``cancelled`` follows when it has."""
        if self._cancel is not None:
            self._cancel.set()

    def wait(self, msecs: int = -1) -> bool:
        """Block until the pool is idle (tests and shutdown only).

        The job's signals are still queued when this returns: they arrive once
        the event loop runs.
        """
        return self._pool.waitForDone(msecs)

    def _current(self, generation: int) -> bool:
        return generation == self._generation and self._cancel is not None

    def _end(self) -> None:
        self._cancel = None

    @Slot(int, str, int, int)
    def _on_task_progressed(self, generation: int, stage: str, done: int, total: int) -> None:
        if self._current(generation):
            self.progressed.emit(export_message(stage, done, total, self._format), done, total)

    @Slot(int, object)
    def _on_task_finished(self, generation: int, result: ExportResult | DocumentResult) -> None:
        if self._current(generation):
            self._end()
            self.finished.emit(result)

    @Slot(int, str)
    def _on_task_failed(self, generation: int, message: str) -> None:
        if self._current(generation):
            self._end()
            self.failed.emit(message)

    @Slot(int)
    def _on_task_cancelled(self, generation: int) -> None:
        if self._current(generation):
            self._end()
            self.cancelled.emit()
