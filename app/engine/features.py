"""Stage 5a: what the same-fact decision looks at, for one candidate pair.

Each feature is a number computed from the two claims' frames, their articles
and the other candidates; the weights that turn them into a probability are
fitted on labelled pairs (``app.engine.model``, ``tests/quality/fit.py``), not
set here.  The order of :data:`NAMES` is the order of the fitted weights.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz, process

from app.domain import Claim, ClaimKind, FactType
from app.engine.candidates import Candidate, Vectors
from app.engine.frames import Frame, Mention
from app.engine.lexical import Covering, best_likeness, covered_share, covering, is_word, stems_of
from app.engine.places import PlaceTree
from app.engine.values import VALUE_KINDS, compatible
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


def _mass(terms: Iterable[str], idf: dict[str, float]) -> float:
    return sum(idf.get(t, 1.0) for t in terms)


@dataclass(frozen=True, slots=True)
class _Side:
    """What the features read of one claim, worked out once per comparison
    rather than once per candidate pair it takes part in."""

    terms: frozenset[str]
    mass: float
    words: frozenset[str]  # plain lemma terms
    stems: frozenset[str]  # their beginnings, for derivations
    covering: Covering  # the words, ready to be covered by another claim's
    names: frozenset[str]  # "e:" name keys
    names_mass: float
    values: tuple[Mention, ...]  # numbers, dates and times the claim itself states
    verbs: frozenset[str]  # predicates and the root
    verb_stems: frozenset[str]
    verb_covering: Covering

    @classmethod
    def of(cls, frame: Frame, idf: dict[str, float]) -> _Side:
        terms = frozenset(frame.terms)
        words = frozenset(t for t in terms if is_word(t))
        names = frozenset("e:" + e for e in frame.entities)
        verbs = frozenset(v for v in frame.predicates | {frame.root} if v)
        return cls(
            terms,
            _mass(terms, idf),
            words,
            stems_of(words),
            covering(words, idf),
            names,
            _mass(names, idf),
            tuple(m for m in frame.mentions if m.type in VALUE_KINDS and not m.source),
            verbs,
            stems_of(verbs),
            covering(verbs, {}),
        )


def _value_agreement(a: Sequence[Mention], b: Sequence[Mention]) -> tuple[int, int, int, int]:
    """For each side: its values that some value of the other of the same
    kind agrees with, and those that only disagree with the other's of the
    same kind ("compatible" is symmetric, so each pair is judged once)."""
    if not a or not b:
        return 0, 0, 0, 0
    verdicts = [[compatible(ma, mb) if ma.type is mb.type else None for mb in b] for ma in a]
    agree_a = differ_a = agree_b = differ_b = 0
    for x, ma in enumerate(a):
        row = verdicts[x]
        if any(v is True and _telling(ma, b[y]) for y, v in enumerate(row)):
            agree_a += 1
        elif any(v is False for v in row):
            differ_a += 1
    for y, mb in enumerate(b):
        column = [verdicts[x][y] for x in range(len(a))]
        if any(v is True and _telling(mb, a[x]) for x, v in enumerate(column)):
            agree_b += 1
        elif any(v is False for v in column):
            differ_b += 1
    return agree_a, differ_a, agree_b, differ_b


def _telling(a: Mention, b: Mention) -> bool:
    """Agreeing values that say something: a small count agrees by chance
    ("four runways" / "four taken to hospital") unless it counts the same."""
    if a.type is not FactType.NUMBER or not isinstance(a.value, Quantity):
        return True
    if a.value.low > 10 or a.unit:
        return True
    return (bool(a.noun) and a.noun == b.noun) or (bool(a.verb) and a.verb == b.verb)


class _Pairs:
    """Feature rows for the candidate pairs of one comparison."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self._sides: dict[int, _Side] = {}
        self._foreign: dict[tuple[int, int], tuple[int, int]] = {}

    def side(self, row: int) -> _Side:
        found = self._sides.get(row)
        if found is None:
            found = self._sides[row] = _Side.of(self.ctx.frames[row], self.ctx.vectors.idf)
        return found

    def foreign(self, row: int, article: int) -> tuple[int, int]:
        """(names of the claim the other article never mentions, names)."""
        key = (row, article)
        found = self._foreign.get(key)
        if found is None:
            entities = self.ctx.frames[row].entities
            unknown = sum(not self.ctx.known_to(e, article) for e in entities)
            found = self._foreign[key] = (unknown, len(entities))
        return found

    def text_features(self, cand: Candidate) -> tuple[float, ...]:
        """The columns that compare the two claims' words, names and values
        (:data:`_TEXT_COLUMNS`), one pair at a time."""
        ctx = self.ctx
        i, j = cand.a, cand.b
        fa, fb = ctx.frames[i], ctx.frames[j]
        sa, sb = self.side(i), self.side(j)
        art_a, art_b = ctx.article_of[i], ctx.article_of[j]
        idf = ctx.vectors.idf
        overlap = min(1.0, _mass(sa.terms & sb.terms, idf) / (min(sa.mass, sb.mass) or 1.0))
        if sa.names and sb.names:
            names_shared = _mass(sa.names & sb.names, idf) / min(sa.names_mass, sb.names_mass)
        else:
            names_shared = 0.0
        unknown_a, count_a = self.foreign(i, art_b)
        unknown_b, count_b = self.foreign(j, art_a)
        count = count_a + count_b
        names_foreign = (unknown_a + unknown_b) / count if count else 0.0
        agree_a, differ_a, agree_b, differ_b = _value_agreement(sa.values, sb.values)
        cover_ab = covered_share(sa.covering, sb.words, sb.stems)
        cover_ba = covered_share(sb.covering, sa.words, sa.stems)
        return (
            overlap,
            names_shared,
            names_foreign,
            float(min(agree_a, agree_b, 3)),
            float(min(differ_a + differ_b, 3)),
            float(bool(fa.predicates & fb.predicates)),
            float(bool(fa.root) and fa.root == fb.root),
            float(bool(fa.subject) and fa.subject == fb.subject),
            float(bool(fa.object) and fa.object == fb.object),
            min(cover_ab, cover_ba),
            max(cover_ab, cover_ba),
            best_likeness(sa.verb_covering, sb.verbs, sb.verb_stems),
        )


_TEXT_COLUMNS = [
    NAMES.index(name)
    for name in (
        "overlap",
        "names_shared",
        "names_foreign",
        "values_agree",
        "values_differ",
        "predicate_shared",
        "root_same",
        "subject_same",
        "object_same",
        "coverage_min",
        "coverage_max",
        "predicate_similarity",
    )
]


def _string_columns(ctx: Context, candidates: Sequence[Candidate], out: np.ndarray) -> None:
    """The two rapidfuzz likenesses, for all pairs in one call each: of the
    term strings (word order aside) and of the raw texts (copied wire text)."""
    terms = [" ".join(f.terms) for f in ctx.frames]
    texts = [c.text.lower() for c in ctx.claims]
    a = [c.a for c in candidates]
    b = [c.b for c in candidates]
    for name, strings, scorer in (
        ("token_set", terms, fuzz.token_set_ratio),
        ("characters", texts, fuzz.ratio),
    ):
        scores = process.cpdist(
            [strings[i] for i in a], [strings[j] for j in b], scorer=scorer, dtype=np.float64
        )
        out[:, NAMES.index(name)] = scores / 100.0


def _best_of(ctx: Context, rows: np.ndarray, other: np.ndarray, cosine: np.ndarray) -> np.ndarray:
    """(best, runner-up) cosine of each row's candidates in the other article."""
    found = [
        ctx.best.get((row, art), (c, 0.0))
        for row, art, c in zip(rows.tolist(), other.tolist(), cosine.tolist(), strict=True)
    ]
    return np.array(found, dtype=np.float64).reshape(-1, 2)


def _place_columns(ctx: Context, candidates: Sequence[Candidate], out: np.ndarray) -> None:
    """The columns that read where the two claims sit and how they rank
    against the other candidates, for all pairs at once."""
    a = np.fromiter((c.a for c in candidates), dtype=np.int64, count=len(candidates))
    b = np.fromiter((c.b for c in candidates), dtype=np.int64, count=len(candidates))
    cosine = np.fromiter((c.cosine for c in candidates), dtype=np.float64, count=len(candidates))
    article = np.asarray(ctx.article_of, dtype=np.int64)
    words = np.fromiter((f.words for f in ctx.frames), dtype=np.float64, count=len(ctx.frames))
    quoted = np.fromiter((f.quoted for f in ctx.frames), dtype=bool, count=len(ctx.frames))
    heading = np.fromiter(
        (c.kind is ClaimKind.HEADING for c in ctx.claims), dtype=np.int64, count=len(ctx.claims)
    )
    position = np.asarray(ctx.position, dtype=np.float64)
    lead = np.asarray(ctx.order, dtype=np.int64) < LEAD
    art_a, art_b = article[a], article[b]
    best_a = _best_of(ctx, a, art_b, cosine)
    best_b = _best_of(ctx, b, art_a, cosine)
    is_best_a = cosine >= best_a[:, 0] - 1e-9
    is_best_b = cosine >= best_b[:, 0] - 1e-9
    margin_a = cosine - np.where(is_best_a, best_a[:, 1], best_a[:, 0])
    margin_b = cosine - np.where(is_best_b, best_b[:, 1], best_b[:, 0])
    similar = ctx.article_similarity[art_a, art_b].astype(np.float64)
    best_both = (is_best_a & is_best_b).astype(np.float64)
    smaller = np.minimum(words[a], words[b])
    headings = heading[a] + heading[b]
    columns = {
        "cosine": cosine,
        "length_ratio": smaller / np.maximum(np.maximum(words[a], words[b]), 1.0),
        "short": smaller < SHORT_WORDS,
        "position_gap": np.abs(position[a] - position[b]),
        "lead_both": lead[a] & lead[b],
        "best_both": best_both,
        "best_one": is_best_a != is_best_b,
        "margin": np.minimum(margin_a, margin_b),
        "articles_similar": similar,
        "quote_mix": quoted[a] != quoted[b],
        "cosine_x_articles": cosine * similar,
        "cosine_x_best": cosine * best_both,
        "heading_one": headings == 1,
        "heading_both": headings == 2,
    }
    for name, values in columns.items():
        out[:, NAMES.index(name)] = values


def pair_features(ctx: Context, cand: Candidate) -> list[float]:
    """The features of one candidate pair (see :data:`NAMES`)."""
    row: list[float] = feature_matrix(ctx, [cand])[0].tolist()
    return row


def feature_matrix(ctx: Context, candidates: Sequence[Candidate]) -> np.ndarray:
    out = np.zeros((len(candidates), len(NAMES)))
    if not candidates:
        return out
    pairs = _Pairs(ctx)
    out[:, _TEXT_COLUMNS] = np.array([pairs.text_features(c) for c in candidates])
    _string_columns(ctx, candidates, out)
    _place_columns(ctx, candidates, out)
    return out


_AGREE, _DIFFER = NAMES.index("values_agree"), NAMES.index("values_differ")


def as_if_agreeing(features: np.ndarray) -> np.ndarray:
    """The rows as they would be if one pair of disagreeing values agreed.

    The link model counts agreeing values as strong evidence of one fact
    and a disagreeing one as little evidence of two, so a pair told with one
    value changed loses the agreement that value would give it.  A conflict
    is exactly that case: everything but the compared value agrees.  These
    rows give the link the pair would have without the disagreement: the
    evidence for the fact's other anchors (what happened, to whom, where,
    when), which is what a conflict's confidence needs.  "values_differ"
    counts each side's value, so one pair takes up to two from it;
    "values_agree" counts the pairs both sides share, so it gains one.
    """
    out = features.copy()
    differ = out[:, _DIFFER] > 0
    out[differ, _DIFFER] = np.maximum(0.0, out[differ, _DIFFER] - 2)
    out[differ, _AGREE] = np.minimum(3.0, out[differ, _AGREE] + 1)
    return out
