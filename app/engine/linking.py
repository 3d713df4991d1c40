"""Stage 5b: which candidate pairs state the same fact.

Each candidate's probability comes from the fitted link model; links are then
chosen greedily, most probable first: a claim takes at most three counterparts
in any other article (a headline and a lead restate one claim that another
article tells in several sentences), each further one only when it is not far
less probable than the first.  Hub sentences that resemble
everything cannot collect links this way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from app.engine.candidates import Candidate

MAX_COUNTERPARTS = 3
SECOND_RATIO = 0.6


@dataclass(frozen=True, slots=True)
class Link:
    a: int  # row of the claim whose article comes first
    b: int
    probability: float
    possible: bool  # below the threshold for showing it by default


def choose(
    candidates: Sequence[Candidate],
    probabilities: np.ndarray,
    article_of: Sequence[int],
    show: float,
    possible: float,
) -> list[Link]:
    order = sorted(range(len(candidates)), key=lambda k: (-probabilities[k], k))
    first: dict[tuple[int, int], float] = {}
    taken: dict[tuple[int, int], int] = {}
    out: list[Link] = []
    for k in order:
        p = float(probabilities[k])
        if p < possible:
            break
        c = candidates[k]
        keys = ((c.a, article_of[c.b]), (c.b, article_of[c.a]))
        if any(taken.get(key, 0) >= MAX_COUNTERPARTS for key in keys):
            continue
        if any(key in first and p < first[key] * SECOND_RATIO for key in keys):
            continue
        for key in keys:
            taken[key] = taken.get(key, 0) + 1
            first.setdefault(key, p)
        out.append(Link(c.a, c.b, p, p < show))
    out.sort(key=lambda lk: (lk.a, lk.b))
    return out


def groups(links: Sequence[Link], article_of: Sequence[int]) -> list[list[int]]:
    """Claims several articles share: connected components of the shown links
    that span at least three articles (pairs are already relations)."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for lk in links:
        if lk.possible:
            continue
        ra, rb = find(lk.a), find(lk.b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    members: dict[int, list[int]] = {}
    for x in parent:
        members.setdefault(find(x), []).append(x)
    out = [sorted(g) for g in members.values() if len({article_of[m] for m in g}) >= 3]
    out.sort()
    return out
