"""Analysis as plain data in and out: import the new files, then ``compare()``.

Qt-free, so the analysis process (``app.analysis_process``) runs it as well as
any thread could.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from app.domain import Article, Comparison, Settings
from app.errors import Cancelled, CrosscheckError
from app.session import article_letter

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
    # What the importer said about files it read all the same (bytes it
    # could not decode...): the ``warnings`` of the articles imported now.
    warnings: tuple[str, ...] = ()


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
    fresh = articles[len(request.articles) :]
    warnings = tuple(w for a in fresh for w in a.warnings)
    return AnalysisResult(tuple(articles), comparison, tuple(refused), warnings)
