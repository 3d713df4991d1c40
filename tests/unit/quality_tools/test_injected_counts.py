"""What ``make injected`` counts: only the conflicts shown by default."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from app.domain import (
    Article,
    Claim,
    ClaimKind,
    Comparison,
    Difference,
    DifferenceType,
    Relation,
    RelationKind,
)
from tests.quality.ecbplus import EcbDoc
from tests.quality.injected import Injection, Tally, run_topic
from tests.unit.quality_tools.test_gold_and_score import make_article

FIRST = "Police arrested 12 protesters on Monday.\n"
SECOND = "The march began at noon.\n"


def _doc(name: str) -> EcbDoc:
    text = FIRST + SECOND
    spans = {0: (0, len(FIRST)), 1: (len(FIRST), len(text))}
    return EcbDoc(name, "t", "ecbplus", Path(name), make_article(name, text), spans, {})


def _claims(article: Article) -> tuple[Claim, ...]:
    first = Claim(f"{article.id}1", article.id, 0, len(FIRST), FIRST, ClaimKind.STATEMENT)
    end = len(article.text)
    second = Claim(f"{article.id}2", article.id, len(FIRST), end, SECOND, ClaimKind.STATEMENT)
    return first, second


def _conflicting(possible: bool) -> Callable[[Sequence[Article]], Comparison]:
    """A compare() that finds the changed count and a clash on the untouched
    second sentences, both shown or both only "possible"."""

    def compare(articles: Sequence[Article]) -> Comparison:
        a, b = articles
        (a1, a2), (b1, b2) = _claims(a), _claims(b)
        count = Difference(DifferenceType.NUMBER, ("12", b.text[17:19]), ((17, 19), (17, 19)), "")
        noon = Difference(DifferenceType.TIME, ("noon", "noon"), ((0, 1), (0, 1)), "")
        relations = (
            Relation(RelationKind.CONFLICT, (a1.id, b1.id), 0.9, (count,), 0.3, possible),
            Relation(RelationKind.CONFLICT, (a2.id, b2.id), 0.9, (noon,), 0.3, possible),
        )
        return Comparison((a, b), (a1, a2, b1, b2), relations, (), "test")

    return compare


@pytest.mark.parametrize(("possible", "counted"), [(True, 0), (False, 1)])
def test_only_conflicts_shown_by_default_are_counted(possible: bool, counted: int) -> None:
    docs = [_doc("a"), _doc("b")]
    pairs = {frozenset({("a", 0), ("b", 0)}), frozenset({("a", 1), ("b", 1)})}
    start = FIRST.index("12")
    injection = Injection("t", "number", "a", 0, "b", 0, "12", "17", start, start + 2)
    tally = Tally.empty()
    run_topic(docs, pairs, [injection], _conflicting(possible), tally)
    assert sum(tally.named.values()) == counted
    assert (tally.alarm_pairs, tally.untouched_pairs) == (counted, 1)
