"""Linking claims across articles.

Every matchable claim becomes a sparse TF-IDF vector over its signals (content
lemmas folded into event classes, entity keys, name tokens, quantity slots,
numbers, dates).  One sparse product gives every cross-article similarity at
once, so the cost grows with the number of non-zero scores rather than with
the square of the number of claims in Python.  Links are then chosen per pair
of articles: each claim's best counterpart when it clears the threshold, with
a second counterpart allowed when one sentence covers two.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from app.claims import ClaimSignals


@dataclass(frozen=True, slots=True)
class Link:
    a: int  # global claim index
    b: int
    score: float


# A claim links to at most this many claims of any one other article, the
# second only when it scores nearly as well as the first.
MAX_COUNTERPARTS = 2
SECOND_LINK_RATIO = 0.9
SHORT_CLAIM_TERMS = 6
SHARED_SLOT_BONUS = 1.15
# How far below the threshold a pair may score and still be linked when its
# facts conflict on the same slot (see engine.compare).
NEAR_MISS_RATIO = 0.7
# Scores are scaled by min(1, DOC_FLOOR + DOC_SLOPE * lead similarity of the
# two articles); LEAD_CLAIMS claims make an article's lead.
DOC_FLOOR = 0.75
DOC_SLOPE = 2.0
LEAD_CLAIMS = 8
# Below this lead similarity two articles are taken to report different
# events: their links stand, but no conflict is inferred from near misses or
# from comparing their main events (ECB+ look-alike events sit near 0.065,
# the gold sets' same-event articles at 0.09 and above).
SAME_EVENT_LEAD = 0.08


def threshold_for(sensitivity: float) -> float:
    """Map the user's sensitivity (0 strict .. 1 generous) to a cosine threshold."""
    s = min(max(sensitivity, 0.0), 1.0)
    return 0.31 - 0.30 * s


def _matrix(signals: Sequence[ClaimSignals]) -> sparse.csr_matrix:
    """Claims x terms, weighted by term weight times inverse document frequency."""
    vocabulary: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for row, sig in enumerate(signals):
        seen: dict[int, float] = {}
        for term, weight in sig.terms:
            col = vocabulary.setdefault(term, len(vocabulary))
            # Repeats add little: a claim that says "strike" twice is no more
            # about strikes than one that says it once.
            seen[col] = max(seen.get(col, 0.0), weight)
        for col, weight in seen.items():
            rows.append(row)
            cols.append(col)
            vals.append(weight)
    n_rows = len(signals)
    matrix = sparse.csr_matrix(
        (np.asarray(vals, dtype=np.float64), (rows, cols)),
        shape=(n_rows, max(len(vocabulary), 1)),
    )
    if n_rows == 0:
        return matrix
    df = np.bincount(matrix.indices, minlength=matrix.shape[1]).astype(np.float64)
    idf = np.log((1.0 + n_rows) / (1.0 + df)) + 1.0
    return sparse.csr_matrix(matrix @ sparse.diags(idf))


def similarities(matrix: sparse.csr_matrix, floor: float) -> sparse.coo_matrix:
    """Similarity of every pair of claims (rows of ``matrix``), dropping
    scores below ``floor``.

    The score is the geometric mean of the cosine and the overlap coefficient
    (shared weight over the smaller claim's weight): cosine alone punishes a
    short sentence that another article says inside a longer one.
    """
    norms = np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel()
    norms[norms == 0] = 1.0
    product = (matrix @ matrix.T).tocoo()
    upper = product.row < product.col
    rows, cols, shared = product.row[upper], product.col[upper], product.data[upper]
    na, nb = norms[rows], norms[cols]
    cosine = shared / np.sqrt(na * nb)
    overlap = shared / np.minimum(na, nb)
    score = np.sqrt(cosine * np.minimum(overlap, 1.0))
    keep = score >= floor
    return sparse.coo_matrix((score[keep], (rows[keep], cols[keep])), shape=product.shape)


def _adjust(score: float, a: ClaimSignals, b: ClaimSignals) -> float:
    """Small corrections the bag of features cannot see."""
    # A fragment with three content words resembles too much to be trusted.
    shortest = min(len(a.terms), len(b.terms))
    if shortest < SHORT_CLAIM_TERMS:
        score *= (shortest / SHORT_CLAIM_TERMS) ** 0.5
    if a.main_event and a.main_event == b.main_event:
        score *= 1.08
    if a.slots & b.slots:
        # The same quantity of the same event ("killed: people") is the
        # strongest sign of the same fact, whether or not the values agree.
        score *= SHARED_SLOT_BONUS
    shared_events = a.events & b.events
    if a.events and b.events and not shared_events:
        score *= 0.9
    return min(score, 1.0)


def lead_similarity(
    matrix: sparse.csr_matrix,
    article_of: Sequence[int],
    matchable: Sequence[bool],
    n_articles: int,
) -> np.ndarray:
    """Cosine between the leads of every two articles (their first
    ``LEAD_CLAIMS`` matchable claims): whether they report the same event at
    all.  Measured on ECB+, it separates articles about one event from
    articles about a look-alike event with an AUC of about 0.92."""
    lead_rows: list[list[int]] = [[] for _ in range(n_articles)]
    for row, (art, ok) in enumerate(zip(article_of, matchable, strict=True)):
        if ok and len(lead_rows[art]) < LEAD_CLAIMS:
            lead_rows[art].append(row)
    vectors = np.zeros((n_articles, matrix.shape[1]))
    for art, rows in enumerate(lead_rows):
        if rows:
            vectors[art] = np.asarray(matrix[rows].sum(axis=0)).ravel()
    norms = np.linalg.norm(vectors, axis=1)
    norms[norms == 0] = 1.0
    vectors /= norms[:, None]
    return vectors @ vectors.T


def candidate_pairs(
    signals: Sequence[ClaimSignals],
    article_of: Sequence[int],
    matchable: Sequence[bool],
    floor: float,
    n_articles: int,
) -> tuple[list[Link], np.ndarray]:
    """Every pair of matchable claims from two articles scoring at least
    ``floor``, best first (one sparse product computes them all), and the
    lead similarity of every two articles."""
    matrix = _matrix(signals)
    leads = lead_similarity(matrix, article_of, matchable, n_articles)
    sims = similarities(matrix, floor * DOC_FLOOR)
    out: list[Link] = []
    for i, j, raw in zip(sims.row.tolist(), sims.col.tolist(), sims.data.tolist(), strict=True):
        if article_of[i] == article_of[j] or not (matchable[i] and matchable[j]):
            continue
        score = _adjust(raw, signals[i], signals[j])
        # Two articles about different events share words, not claims.
        score *= min(1.0, DOC_FLOOR + DOC_SLOPE * float(leads[article_of[i], article_of[j]]))
        if score >= floor:
            out.append(Link(i, j, round(score, 6)))
    out.sort(key=lambda lk: (-lk.score, lk.a, lk.b))
    return out, leads


def link(candidates: Sequence[Link], article_of: Sequence[int], sensitivity: float) -> list[Link]:
    """Choose the links between claims of different articles.

    Greedy by score: a claim takes its best counterpart in each other article,
    and a second one only when that scores nearly as well (one sentence that
    covers two of the other article's).  Hub sentences that resemble
    everything cannot collect links this way.
    """
    threshold = threshold_for(sensitivity)
    first_score: dict[tuple[int, int], float] = {}
    taken: dict[tuple[int, int], int] = {}
    links: list[Link] = []
    for lk in candidates:
        score, i, j = lk.score, lk.a, lk.b
        if score < threshold:
            break
        key_i, key_j = (i, article_of[j]), (j, article_of[i])
        n_i, n_j = taken.get(key_i, 0), taken.get(key_j, 0)
        if n_i >= MAX_COUNTERPARTS or n_j >= MAX_COUNTERPARTS:
            continue
        if n_i and score < first_score[key_i] * SECOND_LINK_RATIO:
            continue
        if n_j and score < first_score[key_j] * SECOND_LINK_RATIO:
            continue
        for key, n in ((key_i, n_i), (key_j, n_j)):
            taken[key] = n + 1
            first_score.setdefault(key, score)
        links.append(lk)
    links.sort(key=lambda lk: (lk.a, lk.b))
    return links


def near_misses(
    candidates: Sequence[Link], links: Sequence[Link], sensitivity: float
) -> list[Link]:
    """Pairs left unlinked that score near or above the link threshold, best
    first: below it, or above it but crowded out by a claim's better links.
    Candidates a caller may still link when their facts show they report the
    same quantity, date or place differently."""
    threshold = threshold_for(sensitivity)
    linked = {(lk.a, lk.b) for lk in links}
    return [
        lk
        for lk in candidates
        if lk.score >= threshold * NEAR_MISS_RATIO and (lk.a, lk.b) not in linked
    ]


def groups(links: Sequence[Link], article_of: Sequence[int]) -> list[list[int]]:
    """Claims that several articles share: connected components of the links
    that span at least three articles (pairs are already relations)."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for lk in links:
        ra, rb = find(lk.a), find(lk.b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    members: dict[int, list[int]] = {}
    for x in parent:
        members.setdefault(find(x), []).append(x)
    out = []
    for group in members.values():
        if len({article_of[m] for m in group}) >= 3:
            out.append(sorted(group))
    out.sort()
    return out
