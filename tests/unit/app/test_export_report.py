"""The readable report of `crosscheck analyze`, on a hand-built comparison."""

from __future__ import annotations

import pytest

from app.domain import (
    Claim,
    ClaimKind,
    Comparison,
    Difference,
    DifferenceType,
    Relation,
    RelationKind,
)
from app.export.report import text_report
from tests.unit.app.helpers import article

TEXT_A = "Twelve protesters were arrested on Monday.\n"
TEXT_B = "Police arrested 17 protesters on Monday.\n"


def _comparison(confidence: float, possible: bool = False) -> Comparison:
    a, b = article("A", TEXT_A), article("B", TEXT_B)
    ca = Claim("A1", "A", 0, len(TEXT_A) - 1, TEXT_A.strip(), ClaimKind.STATEMENT)
    cb = Claim("B1", "B", 0, len(TEXT_B) - 1, TEXT_B.strip(), ClaimKind.STATEMENT)
    diff = Difference(
        DifferenceType.NUMBER,
        ("Twelve", "17"),
        ((0, 6), (16, 18)),
        "protester (arrest): Twelve vs 17",
    )
    relation = Relation(RelationKind.CONFLICT, ("A1", "B1"), 0.9, (diff,), confidence, possible)
    return Comparison((a, b), (ca, cb), (relation,), (), "crosscheck test")


@pytest.mark.parametrize(
    ("confidence", "shown"),
    [(0.996, "99% sure"), (0.99, "99% sure"), (0.874, "87% sure"), (0.004, "0% sure")],
)
def test_a_conflict_says_how_sure_the_engine_is_and_never_claims_certainty(
    confidence: float, shown: str
) -> None:
    report = text_report(_comparison(confidence), ["a.txt", "b.txt"])
    assert f"protester (arrest): Twelve vs 17  ({shown})" in report
    assert "100%" not in report


def test_a_possible_conflict_is_marked_possible() -> None:
    report = text_report(_comparison(0.5, possible=True), ["a.txt", "b.txt"])
    assert "(possible, 50% sure)" in report
