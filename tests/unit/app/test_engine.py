"""compare() on small hand-written articles: what links and what conflicts."""

from __future__ import annotations

from datetime import date

from app.domain import ClaimKind, Comparison, FactType, RelationKind, Settings
from app.engine import compare

from .helpers import article

QUAKE_A = """Strong quake shakes Verana

March 14, 2025

A magnitude 6.4 earthquake struck the province of Verana on Thursday, killing at least 120 people.

Rescuers pulled 14 survivors from a collapsed school in Karsa, the provincial governor said.

By Staff Reporter
"""

QUAKE_B = """Death toll rises after Verana earthquake

The 6.4-magnitude quake hit Verana on Wednesday and killed 120 people, officials said.

Fourteen survivors were rescued from the ruins of a school in the town of Karsa.

Related Posts
"""


def _relation_between(comparison: Comparison, needle_a: str, needle_b: str):  # type: ignore[no-untyped-def]
    for rel in comparison.relations:
        texts = [comparison.claim(c).text for c in rel.claims]
        if any(needle_a in t for t in texts) and any(needle_b in t for t in texts):
            return rel
    return None


def _compare() -> Comparison:
    return compare(
        [article("A", QUAKE_A, date(2025, 3, 14)), article("B", QUAKE_B)], settings=Settings()
    )


def test_claims_point_into_the_text_and_furniture_is_kept_out() -> None:
    comparison = _compare()
    for claim in comparison.claims:
        text = next(a.text for a in comparison.articles if a.id == claim.article_id)
        assert text[claim.start : claim.end] == claim.text
        for fact in claim.facts:
            assert text[fact.start : fact.end] == fact.text
    kinds = {c.text: c.kind for c in comparison.claims}
    assert kinds["Strong quake shakes Verana"] is ClaimKind.HEADING
    assert kinds["March 14, 2025"] is ClaimKind.BOILERPLATE
    assert kinds["By Staff Reporter"] is ClaimKind.BOILERPLATE
    assert kinds["Related Posts"] is ClaimKind.BOILERPLATE
    ids = [c.id for c in comparison.claims]
    assert len(ids) == len(set(ids))


def test_weekday_conflict_is_found_and_explained() -> None:
    comparison = _compare()
    rel = _relation_between(comparison, "struck the province", "hit Verana on Wednesday")
    assert rel is not None
    assert rel.kind is RelationKind.CONFLICT
    dates = [d for d in rel.differences if d.type == "date"]
    assert dates, rel.differences
    assert "Thursday" in dates[0].values[0] and "Wednesday" in dates[0].values[1]
    assert "Thursday" in dates[0].note and "Wednesday" in dates[0].note


def test_at_least_120_agrees_with_120() -> None:
    comparison = _compare()
    rel = _relation_between(comparison, "struck the province", "hit Verana on Wednesday")
    assert rel is not None
    assert not [d for d in rel.differences if d.type == "number"]


def test_fourteen_and_14_survivors_match() -> None:
    comparison = _compare()
    rel = _relation_between(comparison, "14 survivors", "Fourteen survivors")
    assert rel is not None
    assert not [d for d in rel.differences if d.conflicting], rel.differences


def test_numbers_carry_what_they_count() -> None:
    comparison = _compare()
    claim = next(c for c in comparison.claims if "killing at least 120" in c.text)
    numbers = [f for f in claim.facts if f.type is FactType.NUMBER]
    killed = [f for f in numbers if f.event == "kill"]
    assert killed and killed[0].head == "people"


def test_output_is_deterministic() -> None:
    first = _compare()
    second = _compare()
    assert first == second


def test_a_different_death_toll_is_a_number_conflict() -> None:
    a = article("A", "Officials said three fighters were killed in the strike on the depot.\n")
    b = article("B", "Two fighters were killed when the strike hit the depot, officials said.\n")
    comparison = compare([a, b])
    assert len(comparison.relations) == 1
    rel = comparison.relations[0]
    assert rel.kind is RelationKind.CONFLICT
    diff = next(d for d in rel.differences if d.type == "number")
    assert diff.values == ("three", "Two")
    assert "killed" in diff.note


def test_different_quantities_in_linked_claims_are_not_a_conflict() -> None:
    a = article("A", "The storm killed 14 people and injured 80 in the coastal town of Mera.\n")
    b = article("B", "In Mera, 14 people died in the storm and 80 were hurt, the mayor said.\n")
    comparison = compare([a, b])
    assert comparison.relations
    assert all(r.kind is RelationKind.MATCH for r in comparison.relations), [
        d.note for r in comparison.relations for d in r.differences
    ]


def test_unrelated_sentences_are_not_linked() -> None:
    a = article("A", "The central bank raised interest rates by half a point on Tuesday.\n")
    b = article("B", "Heavy rain flooded the village school and the roads were closed.\n")
    assert compare([a, b]).relations == ()


def test_an_article_without_claims_is_compared_without_error() -> None:
    comparison = compare(
        [
            article("A", "Three people died.\n"),
            article("B", "Two people died.\n"),
            article("C", "\n"),
        ]
    )
    assert {a.id for a in comparison.articles} == {"A", "B", "C"}
    assert comparison.claims_of("C") == ()


def test_a_sentence_initial_number_word_is_a_count_not_a_name() -> None:
    # en_core_web_sm tags this "Twelve" as a PRODUCT entity.
    a = article(
        "A",
        "Twelve people were killed when the Selka Dawn sank in the Strait of Harrow, police "
        "said on Thursday, as divers continued to search the wreck.",
    )
    b = article("B", "Nine people are confirmed dead, according to the Harrow coastguard.")
    comparison = compare([a, b])
    (relation,) = comparison.relations
    assert relation.kind is RelationKind.CONFLICT
    assert ("Twelve", "Nine") in {d.values for d in relation.differences}
