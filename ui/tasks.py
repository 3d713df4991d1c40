"""Plain functions off the GUI thread, one at a time, in order.

``TaskRunner`` runs each submitted call on its own one-thread pool and hands
the result (or a readable message) to the caller's callbacks on the GUI
thread, through queued signals.  The store's worker (``ui.persistence``) is
one; checking whether sources changed on disk is another, so that neither
waits behind the other or behind a long analysis.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from app.errors import CrosscheckError

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[str], None]


class _TaskSignals(QObject):
    done = Signal(int, object)
    failed = Signal(int, str)


class _Task(QRunnable):
    def __init__(self, job: int, call: Callable[[], Any], signals: _TaskSignals) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._job, self._call, self._signals = job, call, signals

    def run(self) -> None:
        try:
            result = self._call()
        except CrosscheckError as exc:
            self._signals.failed.emit(self._job, exc.message())
        except Exception as exc:  # a bug: keep the traceback, report it
            log.error("background task failed:\n%s", traceback.format_exc())
            self._signals.failed.emit(self._job, f"Internal error ({type(exc).__name__}: {exc}).")
        else:
            self._signals.done.emit(self._job, result)


class TaskRunner(QObject):
    """Runs ``submit``-ted calls one at a time, in order, off the GUI thread;
    ``pending`` counts the ones whose callbacks have not run yet."""

    pending_changed = Signal(int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._signals = _TaskSignals(self)
        self._signals.done.connect(self._on_done)
        self._signals.failed.connect(self._on_failed)
        self._callbacks: dict[int, tuple[Done | None, Failed | None]] = {}
        self._jobs = 0

    @property
    def pending(self) -> int:
        return len(self._callbacks)

    def submit(
        self, call: Callable[[], Any], on_done: Done | None = None, on_fail: Failed | None = None
    ) -> None:
        self._jobs += 1
        self._callbacks[self._jobs] = (on_done, on_fail)
        self._pool.start(_Task(self._jobs, call, self._signals))
        self.pending_changed.emit(self.pending)

    def wait(self, msecs: int = -1) -> bool:
        """Block until every call has run (tests and shutdown only)."""
        return self._pool.waitForDone(msecs)

    def clear(self) -> None:
        """Drop the calls not started yet and forget every callback."""
        self._pool.clear()
        self._callbacks.clear()
        self.pending_changed.emit(0)

    @Slot(int, object)
    def _on_done(self, job: int, result: object) -> None:
        on_done, _ = self._callbacks.pop(job, (None, None))
        self.pending_changed.emit(self.pending)
        if on_done is not None:
            on_done(result)

    @Slot(int, str)
    def _on_failed(self, job: int, message: str) -> None:
        _, on_fail = self._callbacks.pop(job, (None, None))
        self.pending_changed.emit(self.pending)
        if on_fail is not None:
            on_fail(message)
