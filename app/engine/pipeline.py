"""``compare()``: the stages of the engine, in order, once.

:func:`prepare` runs everything up to the scored candidate pairs; the fitting
tool (``tests/quality/fit.py``) uses it too, so the engine is fitted on exactly
what it computes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from app import ENGINE_VERSION
from app.domain import Article, Claim, Comparison, Difference, Relation, RelationKind, Settings
from app.engine import features as link_features
from app.engine import slots as slot_features
from app.engine import stories as story_stage
from app.engine.candidates import Candidate, article_similarity, candidates, vectorize
from app.engine.conflicts import (
    EVIDENCE,
    KIND_GROUPS,
    Disagreement,
    candidates_of,
    non_conflicting,
    weigh,
)
from app.engine.features import Context, as_if_agreeing, best_candidates, feature_matrix
from app.engine.frames import Frame
from app.engine.linking import Link, choose, groups
from app.engine.model import LogisticModel, Weights, weights
from app.engine.parse import analyze_articles
from app.engine.places import PlaceTree
from app.engine.segment import ArticleAnalysis
from app.errors import Cancelled
from app.jobs.progress import IsCancelled, Progress, Stage
from app.normalize import NameIndex

# How far the user's sensitivity (0 strict .. 1 generous, 0.5 as fitted)
# moves the link threshold, in log-odds.
SENSITIVITY_LOGIT_RANGE = 4.0
# Candidate pairs less likely than this to state one fact are not searched
# for conflicts at all.
CONFLICT_LINK_FLOOR = 0.02


@dataclass(frozen=True, slots=True)
class Prepared:
    articles: tuple[Article, ...]
    claims: tuple[Claim, ...]  # every claim, article by article
    rows: tuple[int, ...]  # index in ``claims`` of each matchable claim
    frames: tuple[Frame, ...]  # frame of each matchable claim
    article_of: tuple[int, ...]  # article index of each matchable claim
    context: Context
    candidates: tuple[Candidate, ...]
    features: np.ndarray  # one row per candidate, columns as features.NAMES


def prepare(
    articles: Sequence[Article],
    settings: Settings,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
) -> Prepared:
    ids = [a.id for a in articles]
    if len(set(ids)) != len(ids):
        raise ValueError(f"article ids must be unique, got {ids}")
    analyses: list[ArticleAnalysis] = analyze_articles(articles, settings, progress, cancelled)
    claims: list[Claim] = []
    rows: list[int] = []
    frames: list[Frame] = []
    article_of: list[int] = []
    order: list[int] = []
    position: list[float] = []
    for index, analysis in enumerate(analyses):
        matchable = [
            (offset, frame)
            for offset, (claim, frame) in enumerate(
                zip(analysis.claims, analysis.frames, strict=True)
            )
            if frame is not None and claim.is_matchable
        ]
        for rank, (offset, frame) in enumerate(matchable):
            rows.append(len(claims) + offset)
            frames.append(frame)
            article_of.append(index)
            order.append(rank)
            position.append(rank / max(1, len(matchable) - 1))
        claims.extend(analysis.claims)
    if progress:
        progress(Stage.LINKING, 0, 1)
    vectors = vectorize(frames)
    pairs = candidates(vectors, article_of)
    names: list[set[str]] = [set() for _ in articles]
    for frame, art in zip(frames, article_of, strict=True):
        names[art] |= frame.entities
    context = Context(
        claims=[claims[r] for r in rows],
        frames=frames,
        article_of=article_of,
        position=position,
        order=order,
        vectors=vectors,
        article_names=[NameIndex(n) for n in names],
        article_similarity=article_similarity(vectors, article_of, len(articles)),
        best=best_candidates(pairs, article_of),
        places=PlaceTree(pair for frame in frames for pair in frame.inside),
    )
    if cancelled and cancelled():
        raise Cancelled()
    return Prepared(
        articles=tuple(articles),
        claims=tuple(claims),
        rows=tuple(rows),
        frames=tuple(frames),
        article_of=tuple(article_of),
        context=context,
        candidates=tuple(pairs),
        features=feature_matrix(context, pairs),
    )


def _shifted(p: float, sensitivity: float) -> float:
    """A threshold moved by a sensitivity (0.5: as fitted; 1: the most
    generous) on the log-odds."""
    s = min(max(sensitivity, 0.0), 1.0)
    p = min(max(p, 1e-6), 1 - 1e-6)
    return 1 / (1 + math.exp(-(math.log(p / (1 - p)) + (0.5 - s) * SENSITIVITY_LOGIT_RANGE)))


def told_together(prep: Prepared, w: Weights, sensitivity: float) -> np.ndarray:
    """Whether each two articles tell one story (``app.engine.stories``),
    the story threshold moved by the sensitivity as the link's is."""
    model = w.story
    threshold = _shifted(model.show, sensitivity) if model is not None else 0.0
    ctx = prep.context
    return story_stage.together(
        model,
        threshold,
        ctx.vectors,
        ctx.article_names,
        ctx.article_of,
        len(prep.articles),
        ctx.article_similarity,
    )


def apart_possible(
    relations: Sequence[Relation], prep: Prepared, together: np.ndarray
) -> list[Relation]:
    """Every relation between two articles that tell unrelated stories,
    only possible: hidden by default, never lost (two reports of one story
    told in other words, or with names spelled otherwise, can look apart)."""
    article = {c.id: prep.article_of[i] for i, c in enumerate(prep.context.claims)}
    out = []
    for r in relations:
        a, b = (article[cid] for cid in r.claims)
        out.append(r if together[a, b] else replace(r, possible=True))
    return out


def link_thresholds(w: Weights, sensitivity: float) -> tuple[float, float]:
    """(show, possible) link probabilities for a sensitivity (0.5: as fitted)."""
    show = _shifted(w.link.show, sensitivity)
    return show, min(w.link.possible, show)


Scored = list[Disagreement]


def anchor_probabilities(
    link_model: LogisticModel, features: np.ndarray, links: np.ndarray
) -> np.ndarray:
    """Each candidate pair's link were one pair of its disagreeing values to
    agree (``features.as_if_agreeing``): what a conflict on a number, date
    or time takes as "the same fact", never less than the link itself."""
    anchored: np.ndarray = link_model.probabilities(as_if_agreeing(features))
    return np.asarray(np.maximum(links, anchored))


def pair_disagreements(
    prep: Prepared, k: int, link: float, anchor: float, slot_model: LogisticModel
) -> list[Disagreement]:
    """The candidate conflicts of candidate pair ``k``, not yet weighed
    (``link``: its link's probability, ``anchor``: see
    :func:`anchor_probabilities`)."""
    cand = prep.candidates[k]
    return candidates_of(
        prep.context.claims[cand.a],
        prep.context.claims[cand.b],
        prep.frames[cand.a],
        prep.frames[cand.b],
        link,
        slot_model,
        (
            prep.context.article_names[prep.article_of[cand.a]],
            prep.context.article_names[prep.article_of[cand.b]],
        ),
        prep.context.places,
        anchor_probability=anchor,
    )


def disagreements(prep: Prepared, probabilities: np.ndarray, w: Weights) -> dict[int, Scored]:
    """Candidate conflicts of every candidate pair worth a look (by index),
    strongest first, each with the conflict model's confidence; only those
    at least "possible" are kept."""
    out: dict[int, Scored] = {}
    anchors = anchor_probabilities(w.link, prep.features, probabilities)
    # A disagreement's confidence never exceeds its anchors' probability, so
    # a pair below the "possible" threshold cannot keep one: skip its search.
    floor = max(CONFLICT_LINK_FLOOR, w.conflict_possible)
    for k in range(len(prep.candidates)):
        p, anchor = float(probabilities[k]), float(anchors[k])
        if anchor < floor:
            continue
        found = pair_disagreements(prep, k, p, anchor, w.slot)
        if not found:
            continue
        weighed = weigh(found, w.conflict, w.conflict_kinds)
        kept = [d for d in weighed if d.confidence >= w.conflict_possible]
        if kept:
            out[k] = kept
    return out


def relation_of(
    prep: Prepared, a: int, b: int, link_p: float, link_possible: bool, scored: Scored, w: Weights
) -> Relation:
    ca, cb = prep.context.claims[a], prep.context.claims[b]
    notes = non_conflicting(ca, cb, prep.frames[a], prep.frames[b])
    shown = [d for d in scored if d.confidence >= w.conflict_show]
    doubtful = [d for d in scored if d.confidence < w.conflict_show]
    claims = (ca.id, cb.id)
    score = round(link_p, 4)
    if shown:
        diffs: list[Difference] = [d.difference for d in shown]
        diffs += [_doubt(d.difference) for d in doubtful]
        return Relation(
            RelationKind.CONFLICT,
            claims,
            score,
            (*diffs, *notes),
            round(shown[0].confidence, 4),
            False,
        )
    if doubtful and link_possible:
        return Relation(
            RelationKind.CONFLICT,
            claims,
            score,
            (*(d.difference for d in doubtful), *notes),
            round(doubtful[0].confidence, 4),
            True,
        )
    diffs = [_doubt(d.difference) for d in doubtful]
    return Relation(RelationKind.MATCH, claims, score, (*diffs, *notes), score, link_possible)


def _doubt(diff: Difference) -> Difference:
    """A disagreement the engine is not sure of, shown on a match as a note."""
    return Difference(diff.type, diff.values, diff.spans, f"possibly: {diff.note}", False)


def relations_of(
    prep: Prepared, probabilities: np.ndarray, links: Sequence[Link], w: Weights
) -> list[Relation]:
    """A relation for every link, then a conflict relation for pairs that are
    not links but whose disagreement the conflict model is sure enough of
    (two sentences giving one quantity different values share fewer words
    than two that agree); at most one conflict per claim and other article."""
    found = disagreements(prep, probabilities, w)
    index = {(c.a, c.b): k for k, c in enumerate(prep.candidates)}
    art = prep.article_of
    out: list[tuple[int, int, Relation]] = []
    taken: set[tuple[int, int]] = set()
    for link in links:
        k = index[(link.a, link.b)]
        relation = relation_of(
            prep, link.a, link.b, link.probability, link.possible, found.get(k, []), w
        )
        out.append((link.a, link.b, relation))
        if relation.kind is RelationKind.CONFLICT:
            taken.update({(link.a, art[link.b]), (link.b, art[link.a])})
    linked = {(link.a, link.b) for link in links}
    extra = sorted(
        ((scored[0].confidence, k) for k, scored in found.items()), key=lambda x: (-x[0], x[1])
    )
    for best, k in extra:
        cand = prep.candidates[k]
        keys = {(cand.a, art[cand.b]), (cand.b, art[cand.a])}
        if (cand.a, cand.b) in linked or keys & taken:
            continue
        taken |= keys
        relation = relation_of(prep, cand.a, cand.b, float(probabilities[k]), True, found[k], w)
        if best >= w.conflict_show:
            relation = replace(relation, possible=False)
        out.append((cand.a, cand.b, relation))
    out.sort(key=lambda x: (x[0], x[1]))
    return [r for _, _, r in out]


def compare(
    articles: Sequence[Article],
    *,
    settings: Settings | None = None,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
) -> Comparison:
    settings = settings or Settings()
    prep = prepare(articles, settings, progress, cancelled)
    w = weights()
    w.link.check(link_features.NAMES, "link")
    w.slot.check(slot_features.NAMES, "slot")
    w.conflict.check(EVIDENCE, "conflict")
    w.check_kinds(KIND_GROUPS)
    show, possible = link_thresholds(w, settings.sensitivity)
    probabilities = w.link.probabilities(prep.features)
    links = choose(prep.candidates, probabilities, prep.article_of, show, possible)
    if progress:
        progress(Stage.CONFLICTS, 0, 1)
    if cancelled and cancelled():
        raise Cancelled()
    # Two articles told apart keep what their claims are to each other (a
    # match stays a match), only hidden: marked after the relations are made.
    together = told_together(prep, w, settings.sensitivity)
    relations = apart_possible(relations_of(prep, probabilities, links, w), prep, together)
    joined = [lk for lk in links if together[prep.article_of[lk.a], prep.article_of[lk.b]]]
    found_groups = tuple(
        tuple(prep.context.claims[row].id for row in group)
        for group in groups(joined, prep.article_of)
    )
    if progress:
        progress(Stage.CONFLICTS, 1, 1)
    return Comparison(
        articles=tuple(articles),
        claims=prep.claims,
        relations=tuple(relations),
        groups=found_groups,
        engine=ENGINE_VERSION,
        settings=settings,
    )
