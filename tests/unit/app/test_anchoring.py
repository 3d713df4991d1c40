"""Anchors: making them, finding typed quotes, and placing them again in edited text."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from app.editing.anchoring import (
    FUZZY_WINDOW,
    AnchorError,
    QuoteAmbiguous,
    QuoteNotFound,
    SpanOutOfRange,
    find_quote,
    make_anchor,
    reanchor,
    reanchor_all,
    reattach,
    text_hash,
)
from app.errors import InputError
from app.session import CONTEXT_CHARS, Anchor, AnchorState

TEXT = (
    "On Thursday, a car bomb in eastern Baghdad killed three people, police said. "
    "The minister said the attack had been planned for weeks.\n\n"
    "Later the minister said nothing more about the bomb, and officials in the "
    "Green Zone declined to comment."
)


def anchor_on(text: str, quote: str, occurrence: int | None = None) -> Anchor:
    return make_anchor(text, *find_quote(text, quote, occurrence))


def filler(words: int, seed: str) -> str:
    """Distinct, deterministic prose-like padding."""
    return " ".join(f"{seed}{i}" for i in range(words))


# ---------------------------------------------------------------------------
# make_anchor and reattach


def test_make_anchor_keeps_quote_context_and_hash() -> None:
    start, end = find_quote(TEXT, "killed three people")
    anchor = make_anchor(TEXT, start, end)
    assert anchor.exact == "killed three people" == TEXT[anchor.start : anchor.end]
    assert anchor.prefix == TEXT[start - CONTEXT_CHARS : start]
    assert anchor.suffix == TEXT[end : end + CONTEXT_CHARS]
    assert len(anchor.prefix) == len(anchor.suffix) == CONTEXT_CHARS
    assert anchor.text_sha256 == hashlib.sha256(TEXT.encode("utf-8")).hexdigest()


def test_context_is_cut_at_the_text_edges() -> None:
    assert make_anchor("abc def", 0, 3).prefix == ""
    assert make_anchor("abc def", 0, 3).suffix == " def"
    assert make_anchor("abc def", 4, 7).suffix == ""


@pytest.mark.parametrize(("start", "end"), [(3, 3), (5, 2), (-1, 2), (0, 999)])
def test_make_anchor_refuses_bad_spans(start: int, end: int) -> None:
    with pytest.raises(SpanOutOfRange) as caught:
        make_anchor("some text", start, end)
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, InputError)
    assert "Select the passage again" in caught.value.message()


def test_reattach_describes_the_new_place() -> None:
    orphan = anchor_on(TEXT, "killed three people")
    new_text = "Something else entirely was written here."
    anchor = reattach(orphan, new_text, 15, 29)
    assert anchor == make_anchor(new_text, 15, 29)
    with pytest.raises(SpanOutOfRange):
        reattach(orphan, new_text, 10, 100)


def test_text_hash_is_total_on_any_str() -> None:
    assert text_hash("a") == hashlib.sha256(b"a").hexdigest()
    assert len(text_hash("\ud800")) == 64  # a lone surrogate does not raise


# ---------------------------------------------------------------------------
# find_quote


def test_find_quote_finds_a_unique_quote() -> None:
    start, end = find_quote(TEXT, "car bomb")
    assert TEXT[start:end] == "car bomb"


def test_a_missing_quote_is_refused_with_its_count() -> None:
    with pytest.raises(QuoteNotFound) as caught:
        find_quote(TEXT, "four people")
    assert caught.value.count == 0
    assert isinstance(caught.value, ValueError)
    assert "not in the article" in caught.value.message()


def test_an_ambiguous_quote_is_refused_with_its_count() -> None:
    with pytest.raises(QuoteAmbiguous) as caught:
        find_quote(TEXT, "minister said")
    assert caught.value.count == 2
    assert "--occurrence" in caught.value.message()


def test_occurrences_count_from_one_in_reading_order() -> None:
    first = find_quote(TEXT, "minister said", 1)
    second = find_quote(TEXT, "minister said", 2)
    assert first[0] < second[0]
    assert TEXT[second[0] - 10 : second[0]] == "Later the "


def test_an_occurrence_beyond_the_count_is_refused() -> None:
    with pytest.raises(QuoteNotFound) as caught:
        find_quote(TEXT, "minister said", 3)
    assert (caught.value.count, caught.value.occurrence) == (2, 3)
    assert "from 1 to 2" in caught.value.message()


@pytest.mark.parametrize(("quote", "occurrence"), [("", None), ("   ", None), ("bomb", 0)])
def test_empty_quotes_and_occurrence_zero_are_refused(quote: str, occurrence: int | None) -> None:
    with pytest.raises(AnchorError):
        find_quote(TEXT, quote, occurrence)


def test_whitespace_quote_marks_and_dashes_may_differ() -> None:
    text = "The minister’s\nstatement – “not true” – was read out."
    start, end = find_quote(text, 'minister\'s statement - "not true"')
    assert text[start:end] == "minister’s\nstatement – “not true”"


def test_overlapping_occurrences_count() -> None:
    with pytest.raises(QuoteAmbiguous) as caught:
        find_quote("ha ha ha", "ha ha")
    assert caught.value.count == 2


def test_regex_characters_in_a_quote_are_literal() -> None:
    text = "Prices rose (by 4.2%) [officially] in 2024."
    assert find_quote(text, "(by 4.2%) [officially]") == (12, 34)
    with pytest.raises(QuoteNotFound):
        find_quote(text, "by 4x2%")


# ---------------------------------------------------------------------------
# reanchor: the four outcomes


def test_the_same_text_leaves_the_anchor_as_it_is() -> None:
    anchor = anchor_on(TEXT, "killed three people")
    assert reanchor(anchor, TEXT) == (anchor, AnchorState.ANCHORED)


def test_an_edit_after_the_quote_keeps_it_anchored_in_place() -> None:
    anchor = anchor_on(TEXT, "killed three people")
    new, state = reanchor(anchor, TEXT + " More details followed on Friday.")
    assert state is AnchorState.ANCHORED
    assert (new.start, new.end, new.exact) == (anchor.start, anchor.end, anchor.exact)
    assert new.text_sha256 != anchor.text_sha256


def test_an_edit_in_the_context_keeps_it_anchored_with_the_new_context() -> None:
    anchor = anchor_on(TEXT, "killed three people")
    new_text = TEXT.replace("eastern Baghdad", "western Baghdad")
    new, state = reanchor(anchor, new_text)
    assert state is AnchorState.ANCHORED
    assert new == make_anchor(new_text, anchor.start, anchor.end)


def test_an_insertion_before_the_quote_moves_it() -> None:
    anchor = anchor_on(TEXT, "killed three people")
    new_text = "UPDATED 14:05. " + TEXT
    new, state = reanchor(anchor, new_text)
    assert state is AnchorState.MOVED
    assert new == make_anchor(new_text, anchor.start + 15, anchor.end + 15)


def test_an_edited_quote_is_found_fuzzily_with_its_new_words() -> None:
    anchor = anchor_on(TEXT, "killed three people")
    new_text = TEXT.replace("killed three people", "killed two people")
    new, state = reanchor(anchor, new_text)
    assert state is AnchorState.FUZZY
    assert new.exact == "killed two people"
    assert new == make_anchor(new_text, new.start, new.end)


def test_an_edited_quote_is_found_far_from_its_old_place_by_its_context() -> None:
    anchor = anchor_on(TEXT, "killed three people")
    moved = "\n\n".join(filler(40, f"w{i}x") for i in range(10))
    assert len(moved) > 2 * FUZZY_WINDOW
    new_text = moved + "\n\n" + TEXT.replace("killed three people", "killed at least three people")
    new, state = reanchor(anchor, new_text)
    assert state is AnchorState.FUZZY
    assert new.exact == "killed at least three people"


def test_an_edited_quote_that_lost_its_context_and_drifted_far_is_found_by_its_words() -> None:
    anchor = anchor_on(TEXT, "killed three people")
    moved = "\n\n".join(filler(40, f"w{i}x") for i in range(10))
    edited = TEXT.replace("eastern", "east").replace("police said", "police say")
    edited = edited.replace("killed three people", "killed three persons")
    new, state = reanchor(anchor, moved + "\n\n" + edited)
    assert state is AnchorState.FUZZY
    assert new.exact == "killed three persons"


def test_a_deleted_quote_is_orphaned_and_kept_unchanged() -> None:
    anchor = anchor_on(TEXT, "killed three people")
    new_text = TEXT.replace("a car bomb in eastern Baghdad killed three people, police said", "x")
    assert reanchor(anchor, new_text) == (anchor, AnchorState.ORPHANED)
    assert reanchor(anchor, "") == (anchor, AnchorState.ORPHANED)


def test_a_rewritten_quote_is_orphaned_even_with_its_context_intact() -> None:
    anchor = anchor_on(TEXT, "killed three people")
    new_text = TEXT.replace("killed three people", "was defused by the army")
    assert reanchor(anchor, new_text)[1] is AnchorState.ORPHANED


def test_a_unique_quote_in_new_surroundings_needs_review() -> None:
    anchor = anchor_on(TEXT, "declined to comment")
    new_text = "Nobody from the ministry declined to comment. " + filler(30, "z")
    new, state = reanchor(anchor, new_text)
    assert state is AnchorState.FUZZY
    assert new.exact == "declined to comment"


# ---------------------------------------------------------------------------
# reanchor: repeated phrases


def test_the_occurrence_with_the_old_context_wins_over_the_old_position() -> None:
    # The first occurrence shifts onto the old position of the second one; the
    # annotation on the second must follow its own context, not the position.
    one = "Alpha bravo charlie delta echo foxtrot golf: the minister said so. "
    two = "India juliett kilo lima mike november oscar: the minister said no. "
    text = one + two
    anchor = anchor_on(text, "the minister said", 2)
    new_text = two + one
    assert new_text[anchor.start : anchor.end] == anchor.exact  # another occurrence is there
    new, state = reanchor(anchor, new_text)
    assert state is AnchorState.MOVED
    assert new_text[new.start - 7 : new.end] == "oscar: the minister said"


def test_a_repeated_phrase_does_not_capture_an_annotation_whose_passage_was_deleted() -> None:
    paragraphs = [
        "Rescue teams worked through the night. The minister said nothing. Roads stayed shut.",
        "Families waited outside the hospital. The minister said nothing. Two doctors spoke.",
        "By morning the smoke had cleared. The minister said nothing. Schools reopened.",
    ]
    text = "\n\n".join(paragraphs)
    anchor = anchor_on(text, "The minister said nothing", 2)
    new_text = "\n\n".join(paragraphs[:1] + paragraphs[2:])
    assert reanchor(anchor, new_text) == (anchor, AnchorState.ORPHANED)


def test_look_alike_surroundings_make_a_repeated_phrase_a_guess_to_review() -> None:
    paragraphs = [
        f"{filler(12, f'p{i}x')}. The minister said nothing. {filler(12, f'q{i}y')}."
        for i in range(4)
    ]
    text = "\n\n".join(paragraphs)
    anchor = anchor_on(text, "The minister said nothing", 2)
    new_text = "\n\n".join(paragraphs[:1] + paragraphs[2:])
    assert reanchor(anchor, new_text)[1] in (AnchorState.FUZZY, AnchorState.ORPHANED)


def test_each_occurrence_of_a_repeated_phrase_keeps_its_annotation() -> None:
    parts = [filler(8, f"s{i}k") + " the fire spread. " for i in range(5)]
    text = "".join(parts)
    anchors = [anchor_on(text, "the fire spread", k) for k in range(1, 6)]
    new_text = "Breaking: " + "".join(parts[:2]) + "An inserted sentence. " + "".join(parts[2:])
    placed = reanchor_all(anchors, new_text)
    starts = _all_starts(new_text, "the fire spread")
    assert [a.start for a, _ in placed] == starts
    assert {state for _, state in placed} == {AnchorState.MOVED}


def _all_starts(text: str, quote: str) -> list[int]:
    return [i for i in range(len(text)) if text.startswith(quote, i)]


def test_reanchor_all_matches_reanchor_one_by_one() -> None:
    anchors = [anchor_on(TEXT, q) for q in ("car bomb", "killed three people", "Green Zone")]
    new_text = "Intro. " + TEXT.replace("three", "3")
    assert reanchor_all(anchors, new_text) == [reanchor(a, new_text) for a in anchors]


def test_an_inconsistent_anchor_with_the_same_hash_is_placed_again() -> None:
    good = anchor_on(TEXT, "car bomb")
    wrong = Anchor(good.exact, good.prefix, good.suffix, 0, 8, good.text_sha256)
    new, state = reanchor(wrong, TEXT)
    assert state is AnchorState.MOVED
    assert new == good


# ---------------------------------------------------------------------------
# Properties

_WORDS = st.sampled_from(
    "the fire police said three people killed on Thursday in Baghdad , . minister "
    "at least 120 “ ” Kata’ib officials reportedly not \n".split(" ")
)
_NEWSY = st.lists(_WORDS, min_size=1, max_size=80).map(" ".join)
_ANY = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)
_EDITS = st.lists(
    st.tuples(st.floats(0, 1), st.integers(0, 20), st.one_of(_NEWSY, _ANY)), max_size=4
)


def _edited(text: str, edits: list[tuple[float, int, str]]) -> str:
    """Apply (where, how many characters to delete, what to insert) edits."""
    for where, cut, insert in edits:
        at = int(where * len(text))
        text = text[:at] + insert + text[at + cut :]
    return text


def _outside(
    text: str,
    start: int,
    end: int,
    left: list[tuple[float, int, str]],
    right: list[tuple[float, int, str]],
) -> tuple[str, int]:
    """Edit ``text`` only farther than CONTEXT_CHARS from ``start:end``; return
    the new text and where the quote now starts."""
    lo, hi = max(0, start - CONTEXT_CHARS), min(len(text), end + CONTEXT_CHARS)
    before = _edited(text[:lo], left) if lo > 0 else ""
    after = _edited(text[hi:], right) if hi < len(text) else ""
    return before + text[lo:hi] + after, len(before) + start - lo


def _count(text: str, needle: str) -> int:
    """Occurrences of ``needle``, overlapping ones included (unlike str.count)."""
    return sum(text.startswith(needle, i) for i in range(len(text)))


def _assert_kept(anchor: Anchor, new_text: str, expected_start: int) -> None:
    new, state = reanchor(anchor, new_text)
    assert state in (AnchorState.ANCHORED, AnchorState.MOVED)
    assert new.exact == anchor.exact == new_text[new.start : new.end]
    # The occurrence with the same context: the old prefix and suffix are around it.
    assert new_text[new.start - len(anchor.prefix) : new.start] == anchor.prefix
    assert new_text[new.end : new.end + len(anchor.suffix)] == anchor.suffix
    whole = anchor.prefix + anchor.exact + anchor.suffix
    if _count(new_text, whole) == 1:
        assert new.start == expected_start
    assert (state is AnchorState.ANCHORED) == (new.start == anchor.start)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_NEWSY, _ANY), st.data(), _EDITS, _EDITS)
def test_edits_away_from_a_quote_and_its_context_never_lose_it(
    text: str,
    data: st.DataObject,
    left: list[tuple[float, int, str]],
    right: list[tuple[float, int, str]],
) -> None:
    assume(text)
    start = data.draw(st.integers(0, len(text) - 1), label="start")
    end = data.draw(st.integers(start + 1, min(len(text), start + 60)), label="end")
    anchor = make_anchor(text, start, end)
    new_text, expected = _outside(text, start, end, left, right)
    _assert_kept(anchor, new_text, expected)


_PHRASE = "the minister said"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_NEWSY, min_size=3, max_size=7), st.data(), _EDITS, _EDITS)
def test_a_repeated_phrase_keeps_each_annotation_on_its_own_occurrence(
    fillers: list[str],
    data: st.DataObject,
    left: list[tuple[float, int, str]],
    right: list[tuple[float, int, str]],
) -> None:
    text = f" {_PHRASE} ".join(fillers)
    starts = _all_starts(text, _PHRASE)
    assume(len(starts) >= 2)
    k = data.draw(st.integers(0, len(starts) - 1), label="occurrence")
    anchor = make_anchor(text, starts[k], starts[k] + len(_PHRASE))
    whole = anchor.prefix + _PHRASE + anchor.suffix
    assume(_count(text, whole) == 1)  # otherwise the occurrences cannot be told apart
    new_text, expected = _outside(text, anchor.start, anchor.end, left, right)
    assume(_count(new_text, whole) == 1)
    new, state = reanchor(anchor, new_text)
    assert new.start == expected
    assert state in (AnchorState.ANCHORED, AnchorState.MOVED)


def _any_anchor() -> st.SearchStrategy[Anchor]:
    small = st.text(max_size=40)
    return st.builds(
        Anchor, small, small, small, st.integers(-50, 500), st.integers(-50, 500), small
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_NEWSY, _ANY), st.one_of(_NEWSY, _ANY), st.data())
def test_reanchor_never_raises_and_its_anchor_is_true_to_the_text(
    old_text: str, new_text: str, data: st.DataObject
) -> None:
    if old_text and data.draw(st.booleans(), label="made from text"):
        start = data.draw(st.integers(0, len(old_text) - 1), label="start")
        end = data.draw(st.integers(start + 1, len(old_text)), label="end")
        anchor = make_anchor(old_text, start, end)
    else:
        anchor = data.draw(_any_anchor(), label="anchor")
    new, state = reanchor(anchor, new_text)
    if state is AnchorState.ORPHANED:
        assert new == anchor
    elif new is not anchor:
        assert new == make_anchor(new_text, new.start, new.end)
        if state is not AnchorState.FUZZY:
            assert new.exact == anchor.exact
