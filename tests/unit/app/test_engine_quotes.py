"""Where a claim's words are someone's quoted words (app.engine.quotes)."""

from __future__ import annotations

from app.engine.quotes import in_quotes, mostly_quoted


def test_a_position_inside_curly_or_straight_quotes_is_quoted() -> None:
    text = '\u201cWe did not close it,\u201d he said, and added "never" twice.'
    assert in_quotes(text, text.index("not"))
    assert not in_quotes(text, text.index("said"))
    assert in_quotes(text, text.index("never"))
    assert not in_quotes(text, text.index("twice"))


def test_a_quotation_left_open_runs_to_the_end_of_the_claim() -> None:
    text = "\u201cThe plant was not closed because of the strike."
    assert in_quotes(text, text.index("not"))


def test_a_claim_is_mostly_quoted_only_when_most_of_it_is_inside_quotes() -> None:
    assert mostly_quoted("\u201cWe closed the plant on Monday morning,\u201d he said.")
    assert not mostly_quoted("\u201cRogue\u201d trader Kerviel resigned from the bank on Monday.")
