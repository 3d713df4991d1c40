"""Stage 5a: what the same-fact decision looks at, for one candidate pair.

Each feature is a number computed from the two claims' frames, their articles
and the other candidates; the weights that turn them into a probability are
fitted on labelled pairs (``app.engine.model``, ``tests/quality/fit.py``), not
set here.  The order of :data:`NAMES` is the order of the fitted weights.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz

from app.domain import Claim, ClaimKind, FactType
from app.engine.candidates import Candidate, Vectors
from app.engine.frames import Frame, Mention
from app.engine.lexical import coverage, is_word, similarity
from app.engine.places import PlaceTree
from app.engine.values import compatible
from app.normalize import NameIndex, Quantity

NAMES: tuple[str, ...] = (
    "cosine",  # TF-IDF cosine of the two claims' terms
    "overlap",  # IDF mass of shared terms over the smaller claim's mass
    "token_set",  # rapidfuzz token_set_ratio of the term strings
    "characters",  # rapidfuzz ratio of the raw texts (copied wire text)
    "names_shared",  # IDF mass of shared names over the smaller name mass
    "names_foreign",  # share of names absent from the other article altogether
    "values_agree",  # numbers, dates and times of one kind that agree
    "values_differ",  # ... and that disagree (same kind, no agreeing partner)
    "predicate_shared",  # a verb lemma in both
    "root_same",  # the same main predicate
    "subject_same",
    "object_same",
    "length_ratio",  # content words, smaller over larger
    "short",  # one claim has fewer than 6 content words
    "position_gap",  # distance of the relative positions in the articles
    "lead_both",  # both among their articles' first three claims
    "best_both",  # each is the other's best candidate in its article
    "best_one",  # one is the other's best, not the other way round
    "margin",  # cosine over the runner-up's, for the weaker of the two sides
    "articles_similar",  # how alike the two articles' leads are
    "quote_mix",  # one is a quotation, the other not
    "cosine_x_articles",
    "cosine_x_best",
    "coverage_min",  # share of each claim's words the other covers (same word,
    "coverage_max",  # derivation or learned association), smaller and larger
    "predicate_similarity",  # best likeness of a verb of one to a verb of the other
    "heading_one",  # exactly one of the two is a headline
    "heading_both",
)
LEAD = 3
SHORT_WORDS = 6


@dataclass(frozen=True, slots=True)
class Context:
    """What the features of a whole comparison share."""

    claims: Sequence[Claim]  # matchable claims, row order
    frames: Sequence[Frame]
    article_of: Sequence[int]
    position: Sequence[float]  # rank of the claim in its article, 0..1
    order: Sequence[int]  # rank of the claim in its article, 0, 1, 2, ...
    vectors: Vectors
    article_names: Sequence[NameIndex]  # every name each article mentions
    article_similarity: np.ndarray
    best: dict[tuple[int, int], tuple[float, float]]  # (row, article) -> best, runner-up
    places: PlaceTree = field(default_factory=PlaceTree)  # which place the articles put in which

    def known_to(self, name: str, article: int) -> bool:
        """Whether an article mentions a name, in any spelling."""
        return self.article_names[article].knows(name)


def best_candidates(
    candidates: Sequence[Candidate], article_of: Sequence[int]
) -> dict[tuple[int, int], tuple[float, float]]:
    """Per claim and other article: the best and the second-best cosine."""
    scores: dict[tuple[int, int], list[float]] = {}
    for c in candidates:
        scores.setdefault((c.a, article_of[c.b]), []).append(c.cosine)
        scores.setdefault((c.b, article_of[c.a]), []).append(c.cosine)
    out = {}
    for key, values in scores.items():
        values.sort(reverse=True)
        out[key] = (values[0], values[1] if len(values) > 1 else 0.0)
    return out


def _mass(terms: set[str], idf: dict[str, float]) -> float:
    return sum(idf.get(t, 1.0) for t in terms)


def _value_agreement(a: Sequence[Mention], b: Sequence[Mention]) -> tuple[int, int]:
    """(values of ``a`` that some value of ``b`` of the same kind agrees with,
    values of ``a`` that only disagree with ``b``'s of the same kind)."""
    agree = differ = 0
    for ma in a:
        if ma.type not in (FactType.NUMBER, FactType.DATE, FactType.TIME) or ma.source:
            continue
        same_kind = [mb for mb in b if mb.type is ma.type and not mb.source]
        verdicts = [(compatible(ma, mb), mb) for mb in same_kind]
        if any(v is True and _telling(ma, mb) for v, mb in verdicts):
            agree += 1
        elif any(v is False for v, _ in verdicts):
            differ += 1
    return agree, differ


def _telling(a: Mention, b: Mention) -> bool:
    """Agreeing values that say something: a small count agrees by chance
    ("four runways" / "four taken to hospital") unless it counts the same."""
    if a.type is not FactType.NUMBER or not isinstance(a.value, Quantity):
        return True
    if a.value.low > 10 or a.unit:
        return True
    return (bool(a.noun) and a.noun == b.noun) or (bool(a.verb) and a.verb == b.verb)


def pair_features(ctx: Context, cand: Candidate) -> list[float]:
    i, j = cand.a, cand.b
    fa, fb = ctx.frames[i], ctx.frames[j]
    ca, cb = ctx.claims[i], ctx.claims[j]
    art_a, art_b = ctx.article_of[i], ctx.article_of[j]
    idf = ctx.vectors.idf
    terms_a, terms_b = set(fa.terms), set(fb.terms)
    shared = terms_a & terms_b
    smaller = min(_mass(terms_a, idf), _mass(terms_b, idf)) or 1.0
    overlap = min(1.0, _mass(shared, idf) / smaller)

    names_a = {"e:" + e for e in fa.entities}
    names_b = {"e:" + e for e in fb.entities}
    if names_a and names_b:
        names_shared = _mass(names_a & names_b, idf) / min(_mass(names_a, idf), _mass(names_b, idf))
    else:
        names_shared = 0.0
    foreign = [not ctx.known_to(e, art_b) for e in fa.entities] + [
        not ctx.known_to(e, art_a) for e in fb.entities
    ]
    names_foreign = sum(foreign) / len(foreign) if foreign else 0.0

    agree_a, differ_a = _value_agreement(fa.mentions, fb.mentions)
    agree_b, differ_b = _value_agreement(fb.mentions, fa.mentions)

    best_a, second_a = ctx.best.get((i, art_b), (cand.cosine, 0.0))
    best_b, second_b = ctx.best.get((j, art_a), (cand.cosine, 0.0))
    is_best_a = cand.cosine >= best_a - 1e-9
    is_best_b = cand.cosine >= best_b - 1e-9
    margin_a = cand.cosine - (second_a if is_best_a else best_a)
    margin_b = cand.cosine - (second_b if is_best_b else best_b)
    articles_similar = float(ctx.article_similarity[art_a, art_b])
    best_both = float(is_best_a and is_best_b)
    words_a = frozenset(t for t in fa.terms if is_word(t))
    words_b = frozenset(t for t in fb.terms if is_word(t))
    cover_ab, cover_ba = coverage(words_a, words_b, idf), coverage(words_b, words_a, idf)
    predicates = max(
        (
            similarity(p, q)
            for p in fa.predicates | {fa.root}
            for q in fb.predicates | {fb.root}
            if p and q
        ),
        default=0.0,
    )
    headings = (ca.kind is ClaimKind.HEADING) + (cb.kind is ClaimKind.HEADING)
    return [
        cand.cosine,
        overlap,
        fuzz.token_set_ratio(" ".join(fa.terms), " ".join(fb.terms)) / 100.0,
        fuzz.ratio(ca.text.lower(), cb.text.lower()) / 100.0,
        names_shared,
        names_foreign,
        float(min(agree_a, agree_b, 3)),
        float(min(differ_a + differ_b, 3)),
        float(bool(fa.predicates & fb.predicates)),
        float(bool(fa.root) and fa.root == fb.root),
        float(bool(fa.subject) and fa.subject == fb.subject),
        float(bool(fa.object) and fa.object == fb.object),
        min(fa.words, fb.words) / max(fa.words, fb.words, 1),
        float(min(fa.words, fb.words) < SHORT_WORDS),
        abs(ctx.position[i] - ctx.position[j]),
        float(ctx.order[i] < LEAD and ctx.order[j] < LEAD),
        best_both,
        float(is_best_a != is_best_b),
        min(margin_a, margin_b),
        articles_similar,
        float(fa.quoted != fb.quoted),
        cand.cosine * articles_similar,
        cand.cosine * best_both,
        min(cover_ab, cover_ba),
        max(cover_ab, cover_ba),
        predicates,
        float(headings == 1),
        float(headings == 2),
    ]


def feature_matrix(ctx: Context, candidates: Sequence[Candidate]) -> np.ndarray:
    if not candidates:
        return np.zeros((0, len(NAMES)))
    return np.asarray([pair_features(ctx, c) for c in candidates], dtype=np.float64)
