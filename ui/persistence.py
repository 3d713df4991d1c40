"""The window's one way to the database: store calls on a worker thread.

``SessionStore`` is a ``TaskRunner``: each call (a plain function of a
``Repository``, plain data in and out) runs on its own single-thread pool, so
writes keep their order and never wait behind the analysis; results reach the
caller's callbacks on the GUI thread.  The store is
opened by the first call, on the worker, and closed by the last one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from app.domain import Article, Comparison
from app.editing.anchoring import text_hash
from app.editing.commands import MAX_NAME_CHARS, clean_session_name
from app.session import Session
from ui.tasks import Done, Failed, TaskRunner

if TYPE_CHECKING:
    from models.repository import Repository
    from models.store import Store

log = logging.getLogger(__name__)

Call = Callable[["Repository"], Any]
TITLE_CHARS = 60


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


class SessionStore(TaskRunner):
    """Store calls off the GUI thread: each a function of a ``Repository``,
    run in order on the one writer thread."""

    def __init__(self, target: str | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.target = target
        self._holder = _Holder(target)
        self._closed = False

    def submit(  # type: ignore[override]
        self, call: Call, on_done: Done | None = None, on_fail: Failed | None = None
    ) -> None:
        if self._closed:
            return
        holder = self._holder
        super().submit(lambda: call(holder.repository()), on_done, on_fail)

    def close(self) -> None:
        """Finish the calls under way, then close the database."""
        if self._closed:
            return
        self._closed = True
        super().submit(self._holder.close)
        self.wait()


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
        session = repo.create_session(name, [absolute_source(a) for a in articles], comparison)
        return session, False

    return call
