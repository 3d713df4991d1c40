"""Stage 5b, first: which articles of a session tell one story.

A reporter sometimes opens articles about unrelated stories together (the
day's wires, a wrong file).  Two sentences of two unrelated stories can look
alike ("rebels seize the capital" / "the senate passed the bill", both
leads), and the link model, which reads where a claim sits as well as what
it says, may join them.  Each pair of articles gets P(one story) from a small
model fitted on ECB+ sessions that mix articles of unrelated topics
(``tests/quality/fit_story.py``), over how alike the two articles are as
wholes; the pairs of claims of two articles under its threshold are never
scored, so no link is made between them.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from app.engine.candidates import Vectors, article_vectors
from app.engine.frames import Frame
from app.engine.model import LogisticModel

NAMES: tuple[str, ...] = (
    "lead_cosine",  # cosine of the two leads' summed claim vectors
    "article_cosine",  # ... of the two whole articles'
    "names_shared",  # names both mention, over the fewer names of the two
)


def article_pair_features(
    vectors: Vectors,
    frames: Sequence[Frame],
    article_of: Sequence[int],
    n_articles: int,
    lead_similarity: np.ndarray,
) -> np.ndarray:
    """One row per pair of articles (i < j, in row-major order), columns as
    :data:`NAMES`."""
    whole = article_vectors(vectors, article_of, n_articles, limit=None)
    article_cosine = whole @ whole.T
    names: list[set[str]] = [set() for _ in range(n_articles)]
    for frame, art in zip(frames, article_of, strict=True):
        names[art] |= frame.entities
    rows = []
    for i in range(n_articles):
        for j in range(i + 1, n_articles):
            fewer = min(len(names[i]), len(names[j]))
            shared = len(names[i] & names[j]) / fewer if fewer else 0.0
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
    vectors: Vectors,
    frames: Sequence[Frame],
    article_of: Sequence[int],
    n_articles: int,
    lead_similarity: np.ndarray,
) -> np.ndarray:
    """Whether each two articles tell one story, as a boolean matrix: P(one
    story) at least the model's threshold; every two articles without a
    fitted model."""
    if model is None or n_articles < 2:
        return np.ones((n_articles, n_articles), dtype=bool)
    model.check(NAMES, "story")
    features = article_pair_features(vectors, frames, article_of, n_articles, lead_similarity)
    return np.asarray(one_story(model, features, n_articles) >= model.show)
