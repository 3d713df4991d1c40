"""Stage 4: candidate pairs of claims, cheaply, before any pair is scored.

Every matchable claim becomes a TF-IDF vector over its frame's terms (content
lemmas, name keys, numbers, dates); the inverse document frequency is taken
over the claims of this comparison, so a word every article repeats ("strike"
in a story about a strike) says little and a rare shared name says much.
Sparse products (``sparse_rows``) give the cross-article cosines; a claim
keeps its best few candidates in each other article, so the cost grows with
the number of claims, not with its square, once the products are sparse; they
are taken between articles only, block by block (a long article is never
multiplied with itself).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from app.engine.frames import Frame
from app.engine.sparse_rows import SparseRows

# A pair is a candidate when its cosine reaches this, and it is among the
# best few of each of its claims in the other's article.
CANDIDATE_FLOOR = 0.06
PER_CLAIM = 3
# Claims from the top of an article that make its lead: two articles whose
# leads share little report different events.
LEAD_CLAIMS = 8


@dataclass(frozen=True, slots=True)
class Candidate:
    a: int  # row of the first claim (its article comes first)
    b: int
    cosine: float


@dataclass(frozen=True, slots=True)
class Vectors:
    matrix: SparseRows  # rows: claims, L2-normalised TF-IDF
    idf: dict[str, float]  # term -> inverse document frequency


def vectorize(frames: Sequence[Frame]) -> Vectors:
    vocabulary: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    for row, frame in enumerate(frames):
        for term in set(frame.terms):
            rows.append(row)
            cols.append(vocabulary.setdefault(term, len(vocabulary)))
    n = len(frames)
    term_of = np.asarray(cols, dtype=np.int64)
    df = np.bincount(term_of, minlength=max(len(vocabulary), 1)).astype(float)
    idf = np.log((1.0 + n) / (1.0 + df)) + 1.0
    weighted = SparseRows.from_entries(rows, cols, idf[term_of], n)
    norms = np.sqrt(np.bincount(weighted.row_of_entries(), weighted.data**2, minlength=n))
    norms[norms == 0] = 1.0
    normalised = SparseRows(
        weighted.indptr,
        weighted.indices,
        weighted.data / norms[weighted.row_of_entries()],
        max(len(vocabulary), 1),
    )
    names = sorted(vocabulary, key=vocabulary.__getitem__)
    return Vectors(normalised, dict(zip(names, idf.tolist(), strict=False)))


def article_vectors(
    vectors: Vectors, article_of: Sequence[int], n_articles: int, limit: int | None
) -> np.ndarray:
    """Each article's first ``limit`` claims (all: None) as one unit vector."""
    chosen: list[list[int]] = [[] for _ in range(n_articles)]
    for row, art in enumerate(article_of):
        if limit is None or len(chosen[art]) < limit:
            chosen[art].append(row)
    out = np.zeros((n_articles, vectors.matrix.n_columns))
    for art, rows in enumerate(chosen):
        if rows:
            out[art] = vectors.matrix.take(np.asarray(rows, dtype=np.int64)).sum()
    norms = np.linalg.norm(out, axis=1)
    norms[norms == 0] = 1.0
    out /= norms[:, None]
    return out


def article_similarity(vectors: Vectors, article_of: Sequence[int], n_articles: int) -> np.ndarray:
    """Cosine between the leads of every two articles: whether they report
    the same event at all (articles about a look-alike event share words, not
    a lead)."""
    leads = article_vectors(vectors, article_of, n_articles, LEAD_CLAIMS)
    return np.asarray(leads @ leads.T)


def candidates(
    vectors: Vectors,
    article_of: Sequence[int],
    floor: float = CANDIDATE_FLOOR,
    per_claim: int = PER_CLAIM,
) -> list[Candidate]:
    """Cross-article pairs worth scoring, in a fixed order.

    A pair is kept when it is among the ``per_claim`` best of either of its
    claims in the other's article (best: highest cosine, then lowest row).

    Only the cosines between articles are computed, a block of rows of one
    article against a slice of later articles at a time, and each block is
    reduced at once to the best few of each row and of each column: the
    claims of one long article are never multiplied with each other, and
    memory does not grow with the product of two articles' lengths."""
    arts = np.asarray(article_of, dtype=np.int64)
    n_articles = int(arts.max()) + 1 if len(arts) else 0
    rows_of = [np.flatnonzero(arts == a) for a in range(n_articles)]
    found: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    # Each article is multiplied with all later ones at once (in slices of
    # whole articles, see COLUMN_BLOCK): with dozens of short articles, one
    # product per pair of articles costs more in overhead than in arithmetic.
    for p in range(n_articles - 1):
        if not len(rows_of[p]):
            continue
        left = vectors.matrix.take(rows_of[p])
        for right in _column_slices(rows_of[p + 1 :]):
            other = vectors.matrix.take(right)
            found.extend(_best_between((rows_of[p], left), (right, other), arts, floor, per_claim))
    if not found:
        return []
    first = np.concatenate([f[0] for f in found])
    second = np.concatenate([f[1] for f in found])
    cosine = np.concatenate([f[2] for f in found])
    low, high = np.minimum(first, second), np.maximum(first, second)
    order = np.lexsort((high, low))
    low, high, cosine = low[order], high[order], cosine[order]
    fresh = np.ones(len(low), dtype=bool)
    fresh[1:] = (low[1:] != low[:-1]) | (high[1:] != high[:-1])
    out = []
    for i, j, c in zip(
        low[fresh].tolist(), high[fresh].tolist(), cosine[fresh].tolist(), strict=True
    ):
        a, b = (i, j) if arts[i] <= arts[j] else (j, i)
        out.append(Candidate(a, b, c))
    return out


# Rows of one article multiplied at a time with the claims of later articles.
ROW_BLOCK = 512
# Claims of later articles multiplied at a time (whole articles; one longer
# article is a slice of its own).
COLUMN_BLOCK = 4096


def _column_slices(articles: Sequence[np.ndarray]) -> list[np.ndarray]:
    """The rows of consecutive articles, grouped into slices of at most
    COLUMN_BLOCK rows unless one article alone is longer."""
    out: list[np.ndarray] = []
    group: list[np.ndarray] = []
    size = 0
    for rows in articles:
        if group and size + len(rows) > COLUMN_BLOCK:
            out.append(np.concatenate(group))
            group, size = [], 0
        group.append(rows)
        size += len(rows)
    if size:
        out.append(np.concatenate(group))
    return out


def _best_between(
    left_side: tuple[np.ndarray, SparseRows],
    right_side: tuple[np.ndarray, SparseRows],
    arts: np.ndarray,
    floor: float,
    per_claim: int,
) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """(row, row, cosine) of the pairs between one article's claims (left)
    and those of some later articles (right) that are among the best
    ``per_claim`` of their left claim in the right claim's article, or of
    their right claim in the left article.  Each side is (its rows, their
    vectors)."""
    left, vectors = left_side
    right, other = right_side
    n_articles = int(arts.max()) + 1
    by_row: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    empty = np.zeros(0, dtype=np.int64)
    by_column = (empty, empty, np.zeros(0))  # (right claim, left claim, cosine)
    for start in range(0, len(left), ROW_BLOCK):
        rows = left[start : start + ROW_BLOCK]
        part = (
            vectors
            if len(left) <= ROW_BLOCK
            else vectors.take(np.arange(start, start + len(rows), dtype=np.int64))
        )
        here, there, cosine = part.products(other)
        keep = cosine >= floor
        i, j, s = rows[here[keep]], right[there[keep]], cosine[keep]
        # A left claim's best in each right article: keyed by both.
        kept = top_per_key(i * n_articles + arts[j], j, s, per_claim)
        by_row.append((kept[0] // n_articles, kept[1], kept[2]))
        # A right claim's best so far, merged with this block's.
        by_column = top_per_key(
            np.concatenate([by_column[0], j]),
            np.concatenate([by_column[1], i]),
            np.concatenate([by_column[2], s]),
            per_claim,
        )
    return [*by_row, (by_column[1], by_column[0], by_column[2])]


def top_per_key(
    key: np.ndarray, other: np.ndarray, score: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The ``k`` best entries of every key: highest score first, ties to the
    lowest ``other``."""
    order = np.lexsort((other, -score, key))
    key, other, score = key[order], other[order], score[order]
    if not len(key):
        return key, other, score
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    sizes = np.diff(np.r_[starts, len(key)])
    rank = np.arange(len(key)) - np.repeat(starts, sizes)
    keep = rank < k
    return key[keep], other[keep], score[keep]
