"""Watching the session's source files and reloading those edited on disk.

A ``QFileSystemWatcher`` follows every source file of the open session; a
changed file is read again off the GUI thread (app.sources says whether its
bytes changed) and, when its text differs, the window offers a reload.
Reloading is an undoable edit (``push``, SessionEditing) that re-anchors the
article's annotations; app.editing.reports says what became of them.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Slot

from app.domain import Article, Settings
from app.editing.commands import ReloadArticle
from app.editing.reports import reload_report
from app.errors import CrosscheckError
from app.session import SessionArticle
from ui.controller.analysis_runs import AnalysisRuns
from ui.persistence import SessionStore, absolute_source

# Sources are checked for changes a moment after a session opens, once the
# window has drawn it: the check reads every file.
SOURCE_CHECK_DELAY_MS = 1500


class SourceWatch(AnalysisRuns):
    def __init__(
        self,
        settings: Settings | None = None,
        parent: QObject | None = None,
        *,
        store: SessionStore | None = None,
    ) -> None:
        super().__init__(settings, parent, store=store)
        self._watcher.fileChanged.connect(self._on_watcher_file_changed)

    def _watch_sources(self) -> None:
        if self._shut_down:
            return
        watched = self._watcher.files()
        if watched:
            self._watcher.removePaths(watched)
        if self.session is None:
            return
        paths = sorted({a.article.source.path for a in self.session.articles} - {""})
        existing = [p for p in paths if Path(p).is_file()]
        if existing:
            self._watcher.addPaths(existing)

    def check_sources(self) -> None:
        """Read each article's source file again (off the GUI thread) and
        offer a reload for those whose text changed."""
        if self.session is not None:
            for item in self.session.articles:
                if item.article.source.path:
                    self._check_source(item)

    @Slot(str)
    def _on_watcher_file_changed(self, path: str) -> None:
        if self.session is None or self._shut_down:
            return
        # Editors often save by replacing the file, which ends the watch.
        if path not in self._watcher.files() and Path(path).is_file():
            self._watcher.addPath(path)
        for item in self.session.articles:
            if item.article.source.path == path:
                self._check_source(item)

    def _check_source(self, item: SessionArticle) -> None:
        source, letter, key = item.article.source, item.article.id, item.key

        def call() -> Article | None:
            """The file's article when its bytes changed; None otherwise (a
            pipe or a device in its place is never read: app.sources)."""
            from app.importing import import_file  # on the worker: it loads parsers
            from app.sources import SourceState, source_state

            if source_state(source) is not SourceState.CHANGED:
                return None

            return import_file(source.path, article_id=letter)

        self._files.submit(call, lambda article: self._on_source_read(key, article), None)

    def _on_source_read(self, key: str, article: Article | None) -> None:
        articles = self.session.articles if self.session else ()
        current = next((a for a in articles if a.key == key), None)
        if current is None:
            return
        if article is not None and article.text != current.article.text:
            self.changed_sources[key] = article
        elif self.changed_sources.pop(key, None) is None:
            return
        self.sources_changed.emit()

    def source_changed(self, article_id: str) -> bool:
        key = self.article_key(article_id)
        return key is not None and key in self.changed_sources

    def dismiss_source_change(self, article_id: str) -> None:
        key = self.article_key(article_id)
        if key is not None and self.changed_sources.pop(key, None) is not None:
            self.sources_changed.emit()

    def reload_article(self, article_id: str) -> None:
        """Take the edited source's text; annotations are re-anchored and the
        report says which moved and which could not be placed."""
        key = self.article_key(article_id)
        new = self.changed_sources.get(key or "")
        if self.session is None or key is None or new is None:
            return
        try:
            command = ReloadArticle.create(self.session, key, absolute_source(new))
        except CrosscheckError as exc:
            self.edit_failed.emit("The article was not reloaded", exc.message())
            return
        del self.changed_sources[key]
        self.push(command)
        self.sources_changed.emit()
        self.article_reloaded.emit(article_id, reload_report(command))
