"""Slot-by-slot differences on hand-built claims (no spaCy)."""

from __future__ import annotations

from app.conflicts import dates_agree, differences
from app.domain import Claim, ClaimKind, Fact, FactType


def claim(cid: str, text: str, *facts: Fact) -> Claim:
    return Claim(cid, cid[0], 0, len(text), text, ClaimKind.STATEMENT, facts)


def number(text: str, value: object, head: str = "people", event: str = "kill") -> Fact:
    return Fact(FactType.NUMBER, text, value, 0, len(text), head, event)  # type: ignore[arg-type]


def test_same_slot_different_values_conflict() -> None:
    a = claim("A1", "three killed", number("three", 3))
    b = claim("B1", "two killed", number("two", 2))
    (diff,) = differences(a, b)
    assert diff.type == "number" and diff.conflicting
    assert diff.values == ("three", "two")
    assert diff.note == "killed: three vs two"


def test_bounds_vague_amounts_and_rounding_agree() -> None:
    pairs = [
        (number("at least 120", ">=120"), number("120", 120)),
        (number("dozens", "24..99"), number("more than 30", ">=30")),
        (number("1,200", 1200), number("1200", 1200)),
    ]
    for fa, fb in pairs:
        assert differences(claim("A1", "x", fa), claim("B1", "y", fb)) == ()


def test_different_quantities_are_never_compared() -> None:
    a = claim("A1", "14 killed", number("14", 14))
    b = claim("B1", "80 injured", number("80", 80, event="injure"))
    assert differences(a, b) == ()
    # A group marked as part of the toll is not the toll.
    students = claim("B2", "eleven students died there", number("eleven", 11, head="children"))
    assert differences(a, students) == ()


def test_a_specific_group_and_a_generic_count_of_one_event_compare() -> None:
    a = claim("A1", "11 people were taken to hospital", number("11", 11, event="injure"))
    b = claim("B1", "Nine passengers", number("Nine", 9, head="passengers", event="injure"))
    (diff,) = differences(a, b)
    assert diff.values == ("11", "Nine")


def test_weekdays_and_dates() -> None:
    assert dates_agree("2024-01-04", "weekday:3") is True  # that Thursday
    assert dates_agree("2024-01-04", "weekday:2") is False
    assert dates_agree("weekday:3", "weekday:2") is False
    assert dates_agree("2025-03-14", "--03-14") is True
    assert dates_agree("2025-03-03", "2025-03-05") is False
    assert dates_agree("2025-03", "weekday:1") is None
    a = claim(
        "A1", "on Thursday", Fact(FactType.DATE, "Thursday", "2024-01-04", 0, 8, "", "attack")
    )
    b = claim("B1", "on Wednesday", Fact(FactType.DATE, "Wednesday", "weekday:2", 0, 9, "", "kill"))
    (diff,) = differences(a, b)
    assert diff.type == "date" and "Thursday (2024-01-04)" in diff.note


def test_a_date_of_saying_is_not_the_event_date() -> None:
    a = claim("A1", "said on Monday", Fact(FactType.DATE, "Monday", "weekday:0", 0, 6, "", "say"))
    b = claim("B1", "on Tuesday", Fact(FactType.DATE, "Tuesday", "weekday:1", 0, 7, "", "attack"))
    assert differences(a, b) == ()


def test_spelling_variants_of_a_person_are_not_a_conflict() -> None:
    def person(text: str, key: str) -> Fact:
        return Fact(FactType.PERSON, text, key, 0, len(text), "nsubj", "kill")

    a = claim("A1", "x", person("Andrei Polansky", "andrei polansky"))
    b = claim("B1", "y", person("Andrej Polanski", "andrej polanski"))
    assert differences(a, b) == ()
    c = claim("C1", "z", person("Luka Ferrant", "luka ferrant"))
    (diff,) = differences(a, c)
    assert diff.type == "person"


def test_attribution_and_hedge_are_differences_but_not_conflicts() -> None:
    src_a = Fact(FactType.ATTRIBUTION, "the Pentagon", "department of defense", 0, 12, "", "say")
    src_b = Fact(FactType.ATTRIBUTION, "witnesses", "witness", 0, 9, "", "say")
    hedge = Fact(FactType.HEDGE, "reportedly", "reportedly", 0, 10, "", "")
    diffs = differences(claim("A1", "x", src_a, hedge), claim("B1", "y", src_b))
    assert {d.type for d in diffs} == {"attribution", "hedge"}
    assert not any(d.conflicting for d in diffs)
