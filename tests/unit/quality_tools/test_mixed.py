"""Links across unrelated stories in one session (tests/quality/mixed.py)."""

from __future__ import annotations

import random

from app.domain import Claim, ClaimKind, Comparison, Relation, RelationKind
from tests.quality.mixed import MixedCounts, count_session, story_of


def claim(claim_id: str, article_id: str) -> Claim:
    return Claim(claim_id, article_id, 0, 1, "x", ClaimKind.STATEMENT)


def relation(
    a: str, b: str, kind: RelationKind = RelationKind.MATCH, possible: bool = False
) -> Relation:
    return Relation(kind, (a, b), 0.9, possible=possible)


def test_shown_links_are_counted_within_and_across_stories() -> None:
    claims = (claim("A1", "a"), claim("B1", "b"), claim("C1", "c"), claim("C2", "c"))
    comparison = Comparison(
        articles=(),
        claims=claims,
        relations=(
            relation("A1", "B1"),  # one story
            relation("A1", "C1"),  # across
            relation("B1", "C2", RelationKind.CONFLICT),  # across, a conflict
            relation("B1", "C1", possible=True),  # not shown by default
        ),
        groups=(),
        engine="test",
    )
    counts = count_session(comparison, {"a": 0, "b": 0, "c": 1})
    assert (counts.sessions, counts.within, counts.across, counts.conflicts_across) == (1, 1, 2, 1)
    total = MixedCounts()
    total.add(counts)
    total.add(counts)
    assert (total.sessions, total.across) == (2, 4)


class Doc:
    def __init__(self, name: str, subtopic: str) -> None:
        self.name, self.subtopic = name, subtopic


def test_a_story_is_two_articles_of_one_event() -> None:
    docs = [Doc("1_1ecb", "ecb"), Doc("1_2ecb", "ecb"), Doc("1_1ecbplus", "ecbplus")]
    for seed in range(10):
        chosen = story_of(docs, random.Random(seed))  # type: ignore[arg-type]
        assert len(chosen) == 2
        assert {d.subtopic for d in chosen} == {"ecb"}  # the only event with two articles
