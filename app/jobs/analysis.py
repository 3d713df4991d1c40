"""Analysis as plain data in and out: import the new files (``import_new``),
then ``compare()``.

Qt-free, so the analysis process (``app.jobs.analysis_process``) runs it as well as
any thread could.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from app.domain import Article, Comparison, Settings, Source
from app.errors import Cancelled, CrosscheckError
from app.jobs.progress import Progress, Stage
from app.session import article_letter


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


@dataclass(frozen=True, slots=True)
class Imported:
    """The articles of a request once its files are read: the open ones, then
    the new ones; a message for each file refused; the new ones' warnings."""

    articles: tuple[Article, ...]
    refused: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()


def import_new(
    request: AnalysisRequest,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Imported:
    """Read the request's files after its open articles (a file already open
    is skipped), each under the first letter free.  Cheap next to the
    analysis, so the window runs it first and shows the text at once."""
    from app.importing import import_file

    articles = list(request.articles)
    refused: list[str] = []
    used = {a.id for a in articles}
    for n, path in enumerate(request.paths, start=1):
        if cancelled and cancelled():
            raise Cancelled()
        if progress:
            progress(Stage.IMPORTING, n, len(request.paths))
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
    fresh = articles[len(request.articles) :]
    warnings = tuple(w for a in fresh for w in a.warnings)
    return Imported(tuple(articles), tuple(refused), warnings)


def prepare_engine() -> None:
    """Import spaCy and the engine (a third of the pipeline's start-up),
    before anyone knows which pipeline is wanted."""
    import spacy  # noqa: F401

    import app.engine  # noqa: F401


# Two claims that differ in one value: comparing them runs every stage once.
_WARM_UP = (
    "Three people were killed when the ferry sank on Thursday, police said.",
    "Two people were killed when the ferry sank on Thursday, officials said.",
)


def warm_up(model: str = "") -> None:
    """Load the pipeline ``model`` and compare two sentences with it, so that
    the first real analysis finds every lazy part (the engine's modules, its
    weights and word lists) ready: 0.15-0.2 s less waiting on it."""
    from app import nlp
    from app.engine import compare

    nlp.load(model)
    source = Source(path="", format="text", encoding="utf-8", sha256="", size=0)
    articles = [Article(article_letter(n), "", text, source) for n, text in enumerate(_WARM_UP)]
    compare(articles, settings=Settings(spacy_model=model))


def run_analysis(
    request: AnalysisRequest,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> AnalysisResult:
    from app.engine import compare

    imported = import_new(request, progress, cancelled)
    if not imported.articles:
        return AnalysisResult((), None, imported.refused)
    comparison = compare(
        imported.articles, settings=request.settings, progress=progress, cancelled=cancelled
    )
    return AnalysisResult(imported.articles, comparison, imported.refused, imported.warnings)
