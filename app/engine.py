"""``compare()``: articles in, claims, links, conflicts and groups out.

Synchronous, deterministic and unaware of threads; the window runs it in a
worker, the command line calls it directly.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import replace
from itertools import combinations

import numpy as np

from app import ENGINE_VERSION, align
from app.align import NEAR_MISS_RATIO, Link, candidate_pairs, link, near_misses, threshold_for
from app.align import groups as find_groups
from app.claims import ArticleAnalysis, ClaimSignals, analyze
from app.conflicts import differences
from app.domain import (
    Article,
    Claim,
    Comparison,
    Difference,
    FactType,
    Relation,
    RelationKind,
    Settings,
)
from app.errors import Cancelled
from app.keyfacts import Profile, about_the_past, profile, profile_differences

# progress(stage, done, total): stage is "loading model", "parsing", "linking",
# "conflicts".
Progress = Callable[[str, int, int], None]
IsCancelled = Callable[[], bool]

_CACHE_SIZE = 256
_cache: OrderedDict[str, ArticleAnalysis] = OrderedDict()
_cache_lock = threading.Lock()


def _cache_key(article: Article, settings: Settings) -> str:
    digest = hashlib.sha256(article.text.encode("utf-8")).hexdigest()
    published = article.published.isoformat() if article.published else "-"
    from app.nlp import model_name

    return f"{ENGINE_VERSION}|{model_name(settings.spacy_model)}|{published}|{article.id}|{digest}"


def analyze_articles(
    articles: Sequence[Article],
    settings: Settings,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
) -> list[ArticleAnalysis]:
    """Claims of every article, parsing only texts not seen before."""
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
            progress("loading model", 0, 1)
        nlp.load(settings.spacy_model)
        texts = [articles[i].text for i in missing]
        for done, (index, doc) in enumerate(
            zip(missing, nlp.parse(texts, settings.spacy_model), strict=True), start=1
        ):
            if cancelled and cancelled():
                raise Cancelled()
            analysis = analyze(doc, articles[index])
            results[index] = analysis
            with _cache_lock:
                _cache[_cache_key(articles[index], settings)] = analysis
                while len(_cache) > _CACHE_SIZE:
                    _cache.popitem(last=False)
            if progress:
                progress("parsing", done, len(missing))
    return [results[i] for i in range(len(articles))]


def _different_events(a: Claim, b: Claim, diffs: Sequence[Difference]) -> bool:
    """Two sentences that disagree on both when and where describe two
    events ("the strike in Baghdad on Thursday" and "the attack in Jordan on
    January 28"), not one event told two ways: they are not linked.  A
    sentence about an earlier event ("the assault in Jordan last month")
    counts as disagreeing on when."""
    kinds = {d.type for d in diffs if d.conflicting}
    if about_the_past(a) != about_the_past(b):
        kinds.add("date")
    return "date" in kinds and "place" in kinds


def _historical(claim: Claim) -> bool:
    """A claim dated by a bare year or month ("in 1987", "in March 2019")."""
    return any(
        f.type is FactType.DATE and len(str(f.value)) in (4, 7) and str(f.value)[:4].isdigit()
        for f in claim.facts
    )


def _counted(signal: ClaimSignals) -> set[str]:
    """What a claim's numbers count ("qn:people", "qn:percent:halvorsen")."""
    return {term for term, _ in signal.terms if term.startswith("qn:")}


def _near_miss_conflicts(
    claims: Sequence[Claim],
    signals: Sequence[ClaimSignals],
    candidates: Sequence[Link],
    links: Sequence[Link],
    article_of: Sequence[int],
    settings: Settings,
    profiles: Sequence[Profile],
    same_event: np.ndarray,
) -> list[Relation]:
    """Conflicting pairs the similarity alone would miss.

    Two sentences that give the same quantity of the same event different
    values ("34 cases" / "at least 40 people have fallen ill") often share few
    other words; they are exactly what a fact-checker needs to see.  At most
    one such link per claim and other article."""
    used: set[tuple[int, int]] = set()
    out: list[Relation] = []
    for lk in near_misses(candidates, links, settings.sensitivity):
        if not same_event[article_of[lk.a], article_of[lk.b]]:
            continue
        key_a, key_b = (lk.a, article_of[lk.b]), (lk.b, article_of[lk.a])
        if key_a in used or key_b in used:
            continue
        a, b = claims[lk.a], claims[lk.b]
        if _historical(a) or _historical(b):
            continue  # "last struck in 1987, killing more than 100" is another event
        context = (profiles[article_of[lk.a]].names, profiles[article_of[lk.b]].names)
        diffs = differences(a, b, context)
        if _different_events(a, b, diffs):
            continue
        # A rank ("the 23rd minute") is too weak to stand for the same fact.
        shared = _counted(signals[lk.a]) & _counted(signals[lk.b])
        wanted = {"date", "time", "number", "place"} if shared else {"date", "time", "place"}
        if any(d.conflicting and d.type in wanted for d in diffs):
            used.update((key_a, key_b))
            out.append(Relation(RelationKind.CONFLICT, (a.id, b.id), lk.score, diffs))
    return out


def _with_main_event_conflicts(
    relations: list[Relation], profiles: Sequence[Profile], same_event: np.ndarray
) -> list[Relation]:
    """Add what the articles' main events disagree on (see ``app.keyfacts``):
    onto the relation between the two claims when they are linked, otherwise
    as a relation of its own (score 0: found from the events, not from the
    sentences' similarity)."""
    by_pair = {frozenset(r.claims): n for n, r in enumerate(relations)}
    for (i, pa), (j, pb) in combinations(enumerate(profiles), 2):
        if not same_event[i, j]:
            continue
        for ca, cb, diff in profile_differences(pa, pb):
            index = by_pair.get(frozenset((ca.id, cb.id)))
            if index is not None:
                rel = relations[index]
                if any(d.type == diff.type for d in rel.differences):
                    continue
                if rel.claims[0] != ca.id:
                    diff = replace(diff, values=diff.values[::-1], spans=diff.spans[::-1])
                relations[index] = Relation(
                    RelationKind.CONFLICT, rel.claims, rel.score, (diff, *rel.differences)
                )
                continue
            articles = {ca.article_id, cb.article_id}
            if any(
                d.type == diff.type
                and set(d.values) == set(diff.values)
                and {c.rstrip("0123456789") for c in r.claims} == articles
                for r in relations
                for d in r.differences
                if d.conflicting
            ):
                continue  # the sentence links already say it
            by_pair[frozenset((ca.id, cb.id))] = len(relations)
            relations.append(Relation(RelationKind.CONFLICT, (ca.id, cb.id), 0.0, (diff,)))
    return relations


def compare(
    articles: Sequence[Article],
    *,
    settings: Settings | None = None,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
) -> Comparison:
    settings = settings or Settings()
    ids = [a.id for a in articles]
    if len(set(ids)) != len(ids):
        raise ValueError(f"article ids must be unique, got {ids}")
    analyses = analyze_articles(articles, settings, progress, cancelled)
    claims: list[Claim] = []
    signals: list[ClaimSignals] = []
    article_of: list[int] = []
    for index, analysis in enumerate(analyses):
        claims.extend(analysis.claims)
        signals.extend(analysis.signals)
        article_of.extend([index] * len(analysis.claims))
    if progress:
        progress("linking", 0, 1)
    matchable = [c.is_matchable for c in claims]
    candidates, leads = candidate_pairs(
        signals,
        article_of,
        matchable,
        threshold_for(settings.sensitivity) * NEAR_MISS_RATIO,
        len(articles),
    )
    same_event = leads >= align.SAME_EVENT_LEAD
    links = link(candidates, article_of, settings.sensitivity)
    if cancelled and cancelled():
        raise Cancelled()
    profiles = [profile(a.claims) for a in analyses]
    relations: list[Relation] = []
    for n, lk in enumerate(links):
        if progress and n % 200 == 0:
            progress("conflicts", n, len(links))
        a, b = claims[lk.a], claims[lk.b]
        context = (profiles[article_of[lk.a]].names, profiles[article_of[lk.b]].names)
        diffs = differences(a, b, context)
        if _different_events(a, b, diffs):
            continue
        kind = RelationKind.CONFLICT if any(d.conflicting for d in diffs) else RelationKind.MATCH
        relations.append(Relation(kind, (a.id, b.id), lk.score, diffs))
    relations.extend(
        _near_miss_conflicts(
            claims, signals, candidates, links, article_of, settings, profiles, same_event
        )
    )
    relations = _with_main_event_conflicts(relations, profiles, same_event)
    groups = tuple(tuple(claims[i].id for i in group) for group in find_groups(links, article_of))
    if progress:
        progress("conflicts", len(links), len(links))
    return Comparison(
        articles=tuple(articles),
        claims=tuple(claims),
        relations=tuple(relations),
        groups=groups,
        engine=ENGINE_VERSION,
        settings=settings,
    )
