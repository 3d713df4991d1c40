"""The words every report format shares."""

from __future__ import annotations

from app.domain import Difference, DifferenceType
from app.export.wording import counts_sentence, plural, sureness, values_text


def test_one_of_a_thing_is_singular() -> None:
    assert plural(1, "conflict") == "1 conflict"
    assert plural(0, "conflict") == "0 conflicts"
    assert plural(2, "match", "matches") == "2 matches"


def test_the_counts_sentence_says_one_match_not_one_matches() -> None:
    counts = {
        "relations": {"match": 1, "conflict": 3},
        "now": {"match": 1, "conflict": 2, "rejected": 1},
    }
    assert counts_sentence(12, counts) == (
        "12 claims; the engine found 1 match and 3 conflicts; after the reporter's "
        "verdicts 2 conflicts, 1 match, 1 rejected."
    )


def test_how_sure_the_engine_is_never_reads_as_certainty() -> None:
    assert sureness(0.874) == "87% sure"
    assert sureness(0.996) == "99% sure"
    assert sureness(1.0) == "99% sure"
    assert sureness(0.0) == "0% sure"


def _difference(kind: DifferenceType, a: str, b: str, conflicting: bool) -> Difference:
    return Difference(kind, (a, b), ((0, len(a)), (0, len(b))), f"{a} vs {b}", conflicting)


def test_values_read_as_a_contradiction_or_as_a_doubt() -> None:
    toll = _difference(DifferenceType.NUMBER, "128", "126", True)
    day = _difference(DifferenceType.DATE, "Wednesday", "Tuesday night", False)
    assert values_text([toll], contradicting=True) == "128 ≠ 126"
    assert values_text([day], contradicting=False) == "(Wednesday / Tuesday night)"
    assert values_text([toll, day], contradicting=True) == "128 ≠ 126; Wednesday ≠ Tuesday night"
    assert values_text([], contradicting=True) == ""


def test_a_side_with_no_value_reads_as_a_dash_and_no_value_at_all_is_left_out() -> None:
    hedge = _difference(DifferenceType.HEDGE, "reportedly", "", False)  # as the engine makes it
    day = _difference(DifferenceType.DATE, "Friday", "Saturday", False)
    assert values_text([hedge, day], contradicting=False) == "(reportedly / —); (Friday / Saturday)"
    assert values_text([hedge], contradicting=True) == "reportedly ≠ —"
    empty = _difference(DifferenceType.ATTRIBUTION, "", "", False)
    assert values_text([empty, day], contradicting=False) == "(Friday / Saturday)"
