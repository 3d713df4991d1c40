"""The analysis in a process of its own.

spaCy's parser holds Python's global lock for long stretches (100-200 ms in
its matchers), so a parse on a thread of the window's process freezes the
window however the work is scheduled.  A child process has its own lock: the
window stays responsive while it parses.  The child loads the pipeline once
and keeps it (and the engine's parse cache) between requests.

``AnalysisProcess.start`` starts the child at once and has it get ready (the
engine's modules, then the pipeline, warmed on a tiny comparison) without
waiting for it: the window calls it at launch, so the pipeline loads while Qt
starts and the files are read.  ``AnalysisProcess.analyse`` blocks its caller
(a worker thread of the window) until the child answers; progress comes back
as it happens and a cancel is passed on through a shared event.  Only plain
data crosses: requests, results and messages are pickled frozen dataclasses
and strings.  A child that dies is reported as an error and started again for
the next request.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import multiprocessing
import threading
import time
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.synchronize import Event
from typing import Any

from app.errors import Cancelled, CrosscheckError
from app.jobs.analysis import (
    AnalysisRequest,
    AnalysisResult,
    prepare_engine,
    run_analysis,
    warm_up,
)
from app.jobs.progress import Progress

log = logging.getLogger(__name__)

POLL_S = 0.05  # how often a waiting caller looks at its cancel flag
# How long a cancelled child may take to stop by itself (it checks between
# articles; one very long article can take a minute) before it is ended.
CANCEL_GRACE_S = 1.0


class AnalysisFailed(CrosscheckError):
    """The child reported an error; its message is already a whole paragraph."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self._message = message

    def message(self) -> str:
        return self._message


# -- the child ---------------------------------------------------------------


def serve(conn: Connection, cancel: Event) -> None:
    """The child's loop: one request at a time until "stop" or a closed pipe
    (the parent gone, for instance a window that could not open: the child
    then ends quietly, its work has no one to go to)."""
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message[0] == "stop":
            return
        try:
            _answer(conn, cancel, message)
        except _ParentGone:
            return


class _ParentGone(Exception):
    """The pipe to the parent broke while answering it."""


def _send(conn: Connection, message: tuple[Any, ...]) -> None:
    try:
        conn.send(message)
    except OSError as exc:  # BrokenPipeError, ConnectionResetError: no one listens
        raise _ParentGone() from exc


def _answer(conn: Connection, cancel: Event, message: tuple[Any, ...]) -> None:
    kind = message[0]
    try:
        if kind == "prepare":
            prepare_engine()
            _send(conn, ("prepared",))
        elif kind == "load":
            warm_up(message[1])
            _send(conn, ("loaded",))
        elif kind == "analyse":
            result = run_analysis(
                message[1],
                progress=lambda stage, done, total: _send(conn, ("progress", stage, done, total)),
                cancelled=cancel.is_set,
            )
            _send(conn, ("result", result))
    except Cancelled:
        _send(conn, ("cancelled",))
    except CrosscheckError as exc:
        _send(conn, ("error", exc.message()))
    except _ParentGone:
        raise
    except Exception as exc:  # a bug: send the traceback for the log
        _send(
            conn,
            (
                "internal",
                f"Internal error ({type(exc).__name__}: {exc}).",
                traceback.format_exc(),
            ),
        )


# -- the parent ----------------------------------------------------------------


class AnalysisProcess:
    """The parent's handle on one child; calls are serialized by a lock."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: Any = None  # multiprocessing's process type is context-specific
        self._conn: Connection | None = None
        self._cancel: Event | None = None
        # Sent by start() to the child running now; their answers are unread.
        self._owed: list[tuple[str, ...]] = []

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.is_alive()

    def start(self, model: str | None = None) -> None:
        """Start the child now and, without waiting for it, have it import the
        engine and spaCy, then load and warm ``model`` (when given).  The next
        call reads those answers first; ``load`` of the same model waits for
        the one under way instead of asking again."""
        message = ("prepare",) if model is None else ("load", model)
        # Never waits: a call under way holds the lock, and the child is up.
        if not self._lock.acquire(blocking=False):
            return
        try:
            conn, _ = self._ensure()
            if message in self._owed:
                return
            conn.send(message)
            self._owed.append(message)
        except OSError:
            self._stop()  # the next call starts a new child
        finally:
            self._lock.release()

    def load(self, model: str) -> None:
        """Load the spaCy pipeline in the child (it keeps it) and warm it."""
        self._call(("load", model), None, None)

    def analyse(
        self,
        request: AnalysisRequest,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> AnalysisResult:
        result = self._call(("analyse", request), progress, cancelled)
        assert isinstance(result, AnalysisResult)
        return result

    def close(self) -> None:
        with self._lock:
            self._stop()

    def _call(
        self,
        message: tuple[Any, ...],
        progress: Progress | None,
        cancelled: Callable[[], bool] | None,
    ) -> object:
        with self._lock:
            if cancelled is not None and cancelled():
                raise Cancelled()  # cancelled while waiting for the lock
            conn, cancel = self._ensure()
            cancel.clear()
            answered = False  # the child sent its last word on this request
            cancel_at: float | None = None
            sent, skip = self._take_owed(message)
            try:
                if not sent:
                    conn.send(message)
                while True:
                    if cancelled is not None and cancelled():
                        if cancel_at is None:
                            cancel.set()  # the child stops at its next check
                            cancel_at = time.monotonic()
                        elif time.monotonic() - cancel_at > CANCEL_GRACE_S:
                            # Deep in one long parse: end the child, a new one
                            # takes the next request.
                            raise Cancelled()
                    if not conn.poll(POLL_S):
                        continue
                    reply = conn.recv()
                    if reply[0] == "progress":
                        if progress is not None:
                            progress(reply[1], reply[2], reply[3])
                        continue
                    if skip:
                        skip -= 1
                        _skipped(reply)
                        continue
                    answered = True
                    return _outcome(reply)
            except (EOFError, OSError):
                code = self._process.exitcode if self._process is not None else None
                self._stop()
                raise AnalysisFailed(
                    "The analysis stopped unexpectedly: its process ended"
                    + (f" with exit code {code}" if code is not None else "")
                    + ". This can happen when the computer runs out of memory. "
                    "Try again; with very long articles, compare fewer at a time."
                ) from None
            finally:
                if not answered:
                    # Left mid-request (a progress callback raised, or the
                    # child died): its late replies must not answer the next
                    # request, so this child goes.
                    self._stop()

    def _take_owed(self, message: tuple[Any, ...]) -> tuple[bool, int]:
        """Answers to start()'s messages come first: whether ``message`` is
        one of them (so sent already), and how many answers come before its."""
        owed, self._owed = self._owed, []
        if message in owed:
            skip = owed.index(message)
            self._owed = owed[skip + 1 :]
            return True, skip
        return False, len(owed)

    def _ensure(self) -> tuple[Connection, Event]:
        if self._conn is not None and self._cancel is not None and self.running:
            return self._conn, self._cancel
        self._stop()
        context = multiprocessing.get_context("spawn")  # no fork of a Qt process
        parent, child = context.Pipe()
        cancel = context.Event()
        process = context.Process(
            target=serve, args=(child, cancel), name="crosscheck-analysis", daemon=True
        )
        process.start()
        child.close()
        self._process, self._conn, self._cancel = process, parent, cancel
        return parent, cancel

    def _stop(self) -> None:
        process, conn = self._process, self._conn
        self._process = self._conn = self._cancel = None
        self._owed = []
        if conn is not None:
            with contextlib.suppress(OSError):
                conn.send(("stop",))
            conn.close()
        if process is not None:
            process.join(timeout=2)
            if process.is_alive():
                process.kill()
                process.join(timeout=2)


def _outcome(reply: tuple[Any, ...]) -> object:
    """What a call returns for the child's last word on it (or raises)."""
    match reply[0]:
        case "loaded" | "prepared":
            return None
        case "result":
            return reply[1]
        case "cancelled":
            raise Cancelled()
        case "error":
            raise AnalysisFailed(reply[1])
        case _:
            log.error("analysis failed in the child:\n%s", reply[2])
            raise AnalysisFailed(reply[1])


def _skipped(reply: tuple[Any, ...]) -> None:
    """The answer to a message of start(), read and dropped by a later call."""
    if reply[0] not in ("loaded", "prepared"):
        # Whoever needs that pipeline meets the error again, and reports it.
        log.info("getting ready in the analysis process failed: %s", reply[1])


_shared: AnalysisProcess | None = None
_shared_lock = threading.Lock()


def shared_process() -> AnalysisProcess:
    """The one analysis process of this program (started on first use)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = AnalysisProcess()
            atexit.register(_shared.close)
        return _shared
