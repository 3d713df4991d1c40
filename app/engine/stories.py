"""Stage 5c: which articles of a session tell one story.

A reporter sometimes opens articles about unrelated stories together (the
day's wires, a wrong file).  Two sentences of two unrelated stories can look
alike ("rebels seize the capital" / "the senate passed the bill", both
leads), and the link model, which reads where a claim sits as well as what
it says, may join them.  Each pair of articles gets P(one story) from a small
model fitted on ECB+ sessions that mix articles of unrelated topics
(``tests/quality/fit_story.py``), over how alike the two articles are as
wholes.  With three articles or more, a relation between two articles under
its threshold is only possible: hidden by default, never lost (the
reporter who asks for the possible relations sees it).  Two articles alone
are compared as they are: whoever opened just those two means them to be
compared.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from app.engine.candidates import Vectors, article_vectors
from app.engine.model import LogisticModel
from app.normalize import NameIndex

NAMES: tuple[str, ...] = (
    "lead_cosine",  # cosine of the two leads' summed claim vectors
    "article_cosine",  # ... of the two whole articles'
    # The larger share of one article's names the other knows, in any
    # spelling the engine matches ("Barack Obama" / "Obama"); 0 when one
    # names no one (its relations then rest on its words).
    "names_shared",
)
# Fewer articles than this are compared as they are.
MIN_ARTICLES = 3


def article_pair_features(
    vectors: Vectors,
    article_names: Sequence[NameIndex],
    article_of: Sequence[int],
    n_articles: int,
    lead_similarity: np.ndarray,
) -> np.ndarray:
    """One row per pair of articles (i < j, in row-major order), columns as
    :data:`NAMES`."""
    whole = article_vectors(vectors, article_of, n_articles, limit=None)
    article_cosine = whole @ whole.T
    rows = []
    for i in range(n_articles):
        for j in range(i + 1, n_articles):
            a, b = article_names[i], article_names[j]
            shared = 0.0
            if a.names and b.names:
                shared = max(
                    sum(b.knows(n) for n in a.names) / len(a.names),
                    sum(a.knows(n) for n in b.names) / len(b.names),
                )
            rows.append((lead_similarity[i, j], article_cosine[i, j], shared))
    return np.asarray(rows, dtype=np.float64).reshape(-1, len(NAMES))


def one_story(model: LogisticModel, features: np.ndarray, n_articles: int) -> np.ndarray:
    """P(one story) of every two articles as a symmetric matrix (1 on the
    diagonal), from :func:`article_pair_features`' rows."""
    out = np.ones((n_articles, n_articles))
    upper = np.triu_indices(n_articles, 1)
    p = model.probabilities(features)
    out[upper] = p
    out[upper[1], upper[0]] = p
    return out


def together(
    model: LogisticModel | None,
    threshold: float,
    vectors: Vectors,
    article_names: Sequence[NameIndex],
    article_of: Sequence[int],
    n_articles: int,
    lead_similarity: np.ndarray,
) -> np.ndarray:
    """Whether each two articles tell one story, as a boolean matrix: P(one
    story) at least ``threshold``; every two articles without a fitted model
    or with fewer than :data:`MIN_ARTICLES` articles."""
    if model is None or n_articles < MIN_ARTICLES:
        return np.ones((n_articles, n_articles), dtype=bool)
    model.check(NAMES, "story")
    features = article_pair_features(
        vectors, article_names, article_of, n_articles, lead_similarity
    )
    return np.asarray(one_story(model, features, n_articles) >= threshold)
