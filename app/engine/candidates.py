"""Stage 4: candidate pairs of claims, cheaply, before any pair is scored.

Every matchable claim becomes a TF-IDF vector over its frame's terms (content
lemmas, name keys, numbers, dates); the inverse document frequency is taken
over the claims of this comparison, so a word every article repeats ("strike"
in a story about a strike) says little and a rare shared name says much.  One
sparse product gives every cross-article cosine at once; a claim keeps its best
few candidates in each other article, so the cost grows with the number of
claims, not with its square, once the product is sparse.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from app.engine.frames import Frame

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
    matrix: sparse.csr_matrix  # rows: claims, L2-normalised TF-IDF
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
    matrix = sparse.csr_matrix(
        (np.ones(len(rows)), (rows, cols)), shape=(n, max(len(vocabulary), 1))
    )
    df = np.bincount(np.asarray(cols, dtype=np.int64), minlength=matrix.shape[1]).astype(float)
    idf = np.log((1.0 + n) / (1.0 + df)) + 1.0
    weighted = sparse.csr_matrix(matrix @ sparse.diags(idf))
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    normalised = sparse.csr_matrix(sparse.diags(1.0 / norms) @ weighted)
    names = sorted(vocabulary, key=vocabulary.__getitem__)
    return Vectors(normalised, dict(zip(names, idf.tolist(), strict=False)))


def article_similarity(vectors: Vectors, article_of: Sequence[int], n_articles: int) -> np.ndarray:
    """Cosine between the leads of every two articles: whether they report
    the same event at all (articles about a look-alike event share words, not
    a lead)."""
    lead_rows: list[list[int]] = [[] for _ in range(n_articles)]
    for row, art in enumerate(article_of):
        if len(lead_rows[art]) < LEAD_CLAIMS:
            lead_rows[art].append(row)
    out = np.zeros((n_articles, vectors.matrix.shape[1]))
    for art, rows in enumerate(lead_rows):
        if rows:
            out[art] = np.asarray(vectors.matrix[rows].sum(axis=0)).ravel()
    norms = np.linalg.norm(out, axis=1)
    norms[norms == 0] = 1.0
    out /= norms[:, None]
    return np.asarray(out @ out.T)


def candidates(
    vectors: Vectors,
    article_of: Sequence[int],
    floor: float = CANDIDATE_FLOOR,
    per_claim: int = PER_CLAIM,
) -> list[Candidate]:
    """Cross-article pairs worth scoring, in a fixed order.

    A pair is kept when it is among the ``per_claim`` best of either of its
    claims in the other's article."""
    product = (vectors.matrix @ vectors.matrix.T).tocoo()
    arts = np.asarray(article_of)
    keep = (product.row < product.col) & (product.data >= floor)
    keep &= arts[product.row] != arts[product.col]
    rows, cols, sims = product.row[keep], product.col[keep], product.data[keep]
    best: dict[tuple[int, int], list[tuple[float, int]]] = {}
    cosine: dict[tuple[int, int], float] = {}
    for i, j, s in zip(rows.tolist(), cols.tolist(), sims.tolist(), strict=True):
        cosine[(i, j)] = s
        best.setdefault((i, int(arts[j])), []).append((s, j))
        best.setdefault((j, int(arts[i])), []).append((s, i))
    chosen: set[tuple[int, int]] = set()
    for (i, _), options in best.items():
        options.sort(key=lambda o: (-o[0], o[1]))
        for _, j in options[:per_claim]:
            chosen.add((min(i, j), max(i, j)))
    out = []
    for i, j in sorted(chosen):
        a, b = (i, j) if arts[i] <= arts[j] else (j, i)
        out.append(Candidate(a, b, cosine[(i, j)]))
    return out
