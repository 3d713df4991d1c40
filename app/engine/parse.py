"""Stage 1-3: parse every article once and cut it into claims and frames.

The spaCy pipeline runs with ``nlp.pipe`` over the texts not seen before; the
result is cached by text, publication date, pipeline and engine version.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Sequence

from app import ENGINE_VERSION
from app.domain import Article, Settings
from app.engine.segment import ArticleAnalysis, analyze
from app.errors import Cancelled
from app.jobs.progress import IsCancelled, Progress, Stage

_CACHE_SIZE = 256
_cache: OrderedDict[str, ArticleAnalysis] = OrderedDict()
_cache_lock = threading.Lock()


def _cache_key(article: Article, settings: Settings) -> str:
    from app.nlp import model_name

    digest = hashlib.sha256(article.text.encode("utf-8")).hexdigest()
    published = article.published.isoformat() if article.published else "-"
    return f"{ENGINE_VERSION}|{model_name(settings.spacy_model)}|{published}|{article.id}|{digest}"


def analyze_articles(
    articles: Sequence[Article],
    settings: Settings,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
) -> list[ArticleAnalysis]:
    """Claims and frames of every article, parsing only texts not seen before."""
    results: dict[int, ArticleAnalysis] = {}
    missing: list[int] = []
    for index, article in enumerate(articles):
        with _cache_lock:
            cached = _cache.get(_cache_key(article, settings))
        if cached is not None:
            results[index] = cached
        else:
            missing.append(index)
    if missing:
        from app import nlp

        if not nlp.is_loaded(settings.spacy_model) and progress:
            progress(Stage.LOADING_MODEL, 0, 1)
        nlp.load(settings.spacy_model)
        texts = [articles[i].text for i in missing]

        def parsed(done: int, total: int) -> None:
            if cancelled and cancelled():
                raise Cancelled()
            if progress:
                progress(Stage.PARSING, done, total)

        docs = nlp.parse(texts, settings.spacy_model, on_piece=parsed)
        for index, doc in zip(missing, docs, strict=True):
            analysis = analyze(doc, articles[index])
            results[index] = analysis
            with _cache_lock:
                _cache[_cache_key(articles[index], settings)] = analysis
                while len(_cache) > _CACHE_SIZE:
                    _cache.popitem(last=False)
    return [results[i] for i in range(len(articles))]
