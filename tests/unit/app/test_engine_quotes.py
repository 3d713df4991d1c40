"""Where a claim's words are someone's quoted words (app.engine.quotes)."""

from __future__ import annotations

from app.engine.quotes import in_quotes, mostly_quoted, quoted_spans


def test_a_position_inside_curly_or_straight_quotes_is_quoted() -> None:
    text = '\u201cWe did not close it,\u201d he said, and added "never" twice.'
    assert in_quotes(text, text.index("not"))
    assert not in_quotes(text, text.index("said"))
    assert in_quotes(text, text.index("never"))
    assert not in_quotes(text, text.index("twice"))


def test_single_quotes_and_guillemets_quote_but_an_apostrophe_closes_nothing() -> None:
    text = "\u2018We don\u2019t close plants,\u2019 she said."
    assert quoted_spans(text) == [(0, text.index("she") - 1)]
    assert in_quotes("\u00abNous ne fermons pas\u00bb, a-t-il dit.", 6)
    assert quoted_spans("He doesn\u2019t talk.") == []


def test_a_quotation_left_open_or_closed_without_opening_reaches_the_edge() -> None:
    opened = "\u201cThe plant was not closed because of the strike."
    assert in_quotes(opened, opened.index("not"))
    closed = "The plant was not closed because of the strike.\u201d"
    assert in_quotes(closed, closed.index("not"))


def test_a_claim_is_mostly_quoted_only_when_most_of_it_is_inside_quotes() -> None:
    assert mostly_quoted("\u201cWe closed the plant on Monday morning,\u201d he said.")
    assert not mostly_quoted("\u201cRogue\u201d trader Kerviel resigned from the bank on Monday.")


def test_a_plural_possessive_or_an_elision_does_not_close_a_single_quote() -> None:
    text = "\u2018Under the officers\u2019 rules, he was not arrested,\u2019 police said."
    assert in_quotes(text, text.index("not"))
    assert quoted_spans("in the \u201990s he was not there") == []


def test_a_straight_quote_after_a_figure_is_an_inch_mark() -> None:
    assert quoted_spans("The 6'2\" man shot by officers was not armed.") == []


def test_a_straight_quote_written_as_a_closing_one_ends_a_quotation_opened_before() -> None:
    text = 'The driver was not arrested on Monday," a police spokesman said.'
    assert in_quotes(text, text.index("not"))
    assert not in_quotes(text, text.index("spokesman"))
    assert quoted_spans('He said "no" twice.') == [(8, 12)]
