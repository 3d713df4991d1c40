"""The window's one way to the database: store calls on a worker thread.

``SessionStore`` runs each call (a plain function of a ``Repository``, plain
data in and out) on its own single-thread pool, so writes keep their order and
never wait behind the NLP worker.  Results come back to the GUI thread through
queued signals and are handed to the caller's callbacks there.  The store is
opened by the first call, on the worker, and closed by the last one.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from app.anchoring import text_hash
from app.commands import MAX_NAME_CHARS, clean_session_name
from app.domain import Article, Comparison
from app.errors import CrosscheckError
from app.session import Session

if TYPE_CHECKING:
    from models.repository import Repository
    from models.store import Store

log = logging.getLogger(__name__)

Call = Callable[["Repository"], Any]
Done = Callable[[Any], None]
Failed = Callable[[str], None]
TITLE_CHARS = 60


class _StoreSignals(QObject):
    done = Signal(int, object)  # job, result
    failed = Signal(int, str)  # job, message


class _Holder:
    """The open store, touched only on the worker thread."""

    def __init__(self, target: str | None) -> None:
        self.target = target
        self.store: Store | None = None

    def repository(self) -> Repository:
        # Imported here, on the worker: SQLAlchemy takes half a second to load
        # and the window must paint before that.
        from models.repository import Repository
        from models.store import open_store

        if self.store is None:
            self.store = open_store(self.target)
        return Repository(self.store)

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None


class _StoreTask(QRunnable):
    def __init__(self, job: int, holder: _Holder, call: Call, signals: _StoreSignals) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._job, self._holder, self._call, self._signals = job, holder, call, signals

    def run(self) -> None:
        try:
            result = self._call(self._holder.repository())
        except CrosscheckError as exc:
            self._signals.failed.emit(self._job, exc.message())
        except Exception as exc:  # a bug: keep the traceback, tell the user
            log.error("store call failed:\n%s", traceback.format_exc())
            self._signals.failed.emit(self._job, f"Internal error ({type(exc).__name__}: {exc}).")
        else:
            self._signals.done.emit(self._job, result)


class _CloseTask(QRunnable):
    def __init__(self, holder: _Holder) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._holder = holder

    def run(self) -> None:
        self._holder.close()


class SessionStore(QObject):
    """Store calls off the GUI thread; ``pending`` counts the ones not done."""

    pending_changed = Signal(int)

    def __init__(self, target: str | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.target = target
        self._holder = _Holder(target)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # one writer: calls run in order
        self._signals = _StoreSignals(self)
        self._signals.done.connect(self._on_done)
        self._signals.failed.connect(self._on_failed)
        self._callbacks: dict[int, tuple[Done | None, Failed | None]] = {}
        self._jobs = 0
        self._closed = False

    @property
    def pending(self) -> int:
        return len(self._callbacks)

    def submit(
        self, call: Call, on_done: Done | None = None, on_fail: Failed | None = None
    ) -> None:
        if self._closed:
            return
        self._jobs += 1
        self._callbacks[self._jobs] = (on_done, on_fail)
        self._pool.start(_StoreTask(self._jobs, self._holder, call, self._signals))
        self.pending_changed.emit(self.pending)

    def wait(self, msecs: int = -1) -> bool:
        """Block until every call is done (tests and shutdown only)."""
        return self._pool.waitForDone(msecs)

    def close(self) -> None:
        """Finish the calls under way, then close the database."""
        if self._closed:
            return
        self._closed = True
        self._pool.start(_CloseTask(self._holder))
        self._pool.waitForDone()

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


# -- store calls (run on the worker) ------------------------------------------


def session_name(articles: tuple[Article, ...], taken: set[str], today: date) -> str:
    """``<first title> <date>``, made unique with `` (2)``, `` (3)``…"""
    title = " ".join((articles[0].title if articles else "").split()) or "Session"
    if len(title) > TITLE_CHARS:
        title = title[: TITLE_CHARS - 1].rstrip() + "…"
    base = clean_session_name(f"{title} {today.isoformat()}"[:MAX_NAME_CHARS])
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base} ({n})"
    return name


def absolute_source(article: Article) -> Article:
    """``article`` with its source path made absolute, as sessions store it."""
    if not article.source.path:
        return article
    path = str(Path(article.source.path).absolute())
    return replace(article, source=replace(article.source, path=path))


def create_session(
    articles: tuple[Article, ...], comparison: Comparison, today: date
) -> Callable[[Repository], tuple[Session, bool]]:
    """The session holding exactly these texts when there is one (True:
    resumed), else a new session of ``articles``; ``comparison`` is cached."""

    def call(repo: Repository) -> tuple[Session, bool]:
        existing = repo.find_session([text_hash(a.text) for a in articles])
        if existing is not None:
            repo.save_comparison(existing, comparison)
            return repo.load_session(existing), True
        taken = {s.name for s in repo.list_sessions()}
        name = session_name(articles, taken, today)
        # Stored with absolute paths, as `crosscheck session new` does.
        session = repo.create_session(name, [absolute_source(a) for a in articles])
        repo.save_comparison(name, comparison)
        return session, False

    return call
