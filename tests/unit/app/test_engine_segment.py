"""Claims: how an article is cut into claims and what kind each is
(app.engine.segment), with spaCy."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain import ClaimKind, FactType, Settings
from app.engine.parse import analyze_articles
from app.engine.segment import ArticleAnalysis, Datelines, classify, repeated_lines_of

from .helpers import article

pytestmark = pytest.mark.slow


def analysis(text: str) -> ArticleAnalysis:
    (result,) = analyze_articles([article("A", text, date(2024, 3, 15))], Settings())
    return result


def kinds(text: str) -> list[tuple[str, ClaimKind]]:
    return [(c.text, c.kind) for c in analysis(text).claims]


def test_claims_are_sentences_with_offsets_into_the_text() -> None:
    text = "Quake hits Verana\n\nThe quake killed 31 people. Rescuers searched all night.\n"
    result = analysis(text)
    for claim in result.claims:
        assert text[claim.start : claim.end] == claim.text
    assert [c.id for c in result.claims] == ["A1", "A2", "A3"]
    assert [c.kind for c in result.claims] == [
        ClaimKind.HEADING,
        ClaimKind.STATEMENT,
        ClaimKind.STATEMENT,
    ]
    assert len(result.frames) == len(result.claims)


def test_coordinated_clauses_with_their_own_subjects_become_two_claims() -> None:
    text = "Headline\n\nThe strike killed 14 people, and the army denied any role in it.\n"
    texts = [c.text for c in analysis(text).claims[1:]]
    assert len(texts) == 2, texts
    assert texts[0] == "The strike killed 14 people"  # the comma trimmed off
    assert texts[1] == "and the army denied any role in it."


def test_a_paragraph_opening_with_a_quote_mark_keeps_it() -> None:
    # After a blank line the parser used to cut the opening mark off as a
    # claim of its own, and the quote then read as a statement.
    for opening, closing in (("\u201c", "\u201d"), ('"', '"')):
        text = f"Quake hits Verana\n\n{opening}We lost everything,{closing} said one farmer.\n"
        (_, quote) = kinds(text)
        assert quote == (f"{opening}We lost everything,{closing} said one farmer.", ClaimKind.QUOTE)


def test_a_sentence_is_not_cut_after_its_first_word() -> None:
    # The parser used to make "Harlsby" a claim of its own here.
    text = (
        "CUP KINGS! Rovers end long wait in style\nSunday 18 May 2025\n\n"
        "By Mark Tennant, Chief Sports Writer\n\n"
        "Harlsby Rovers are cup winners again after seeing off Kestrel Vale 3-1 in "
        "yesterday's Aldmoor Cup final.\n"
    )
    texts = [c.text for c in analysis(text).claims]
    assert "Harlsby" not in texts, texts
    assert any(t.startswith("Harlsby Rovers are cup winners") for t in texts), texts


def test_quotes_and_boilerplate_are_told_apart_from_statements() -> None:
    text = (
        "Quake hits Verana\n\n"
        "\u201cWe lost everything,\u201d said one farmer.\n"
        "The quake struck at dawn.\n"
        "Copyright 2024 Wire Service. All rights reserved.\n"
    )
    by_text = dict(kinds(text))
    quote = next(k for t, k in by_text.items() if t.startswith("\u201cWe lost"))
    assert quote is ClaimKind.QUOTE
    assert by_text["The quake struck at dawn."] is ClaimKind.STATEMENT
    assert ClaimKind.BOILERPLATE in by_text.values()


def test_boilerplate_and_headings_get_no_frame_but_statements_do() -> None:
    result = analysis("Quake hits Verana\n\nThe quake killed 31 people on Thursday.\n")
    heading, statement = result.claims
    assert heading.kind is ClaimKind.HEADING
    frame = result.frames[1]
    assert frame is not None and statement.is_matchable
    assert {f.type for f in statement.facts} >= {FactType.NUMBER, FactType.DATE}


def test_a_wire_dateline_is_left_out_of_the_claim_it_opens() -> None:
    text = "Headline\n\nKARSA, Verana, March 14 (Wire) - The quake killed 31 people.\n"
    claims = analysis(text).claims
    statement = next(c for c in claims if "killed" in c.text)
    assert statement.text.startswith("The quake killed")
    assert Datelines(text).end_holding(text.index("KARSA")) > text.index("(Wire)")


def test_a_dateline_glued_to_its_sentence_by_an_em_dash_keeps_the_first_word() -> None:
    text = "Headline\n\nDUMAGUETE CITY,\u2014At least 52 people were killed.\n"
    statement = next(c for c in analysis(text).claims if "killed" in c.text)
    assert statement.text.startswith("At least 52 people")
    number = next(f for f in statement.facts if f.type is FactType.NUMBER)
    assert number.text == "At least 52"


def test_capitals_joined_by_an_em_dash_are_no_dateline() -> None:
    for line in ("U.S.\u2014China talks resumed on Monday.", "NATO\u2014Russia talks resumed."):
        text = f"Headline\n\n{line}\n"
        assert Datelines(text).end_holding(text.index(line)) == -1


def test_a_line_repeated_in_the_article_is_page_furniture() -> None:
    line = "Read more stories from our newsroom every day"
    text = f"Headline\n\n{line}\nThe quake killed 31 people.\n{line}\n"
    repeated = repeated_lines_of(text)
    start = text.index(line)
    assert classify(text, start, start + len(line), repeated, text.index("\n")) is (
        ClaimKind.BOILERPLATE
    )


@pytest.mark.parametrize(
    "line",
    [
        "Last updated 13:26 14/09/2013",
        "August 7, 2012-5:46 pm",
        "Posted Tue 3 Mar 2015, 10:02 GMT",
        "Published 7:02 pm ET, March 3, 2015",
    ],
)
def test_a_line_that_only_dates_the_page_is_page_furniture(line: str) -> None:
    text = f"Headline\n\n{line}\nThe quake killed 31 people.\n"
    start = text.index(line)
    assert classify(text, start, start + len(line), set(), text.index("\n")) is (
        ClaimKind.BOILERPLATE
    )


@pytest.mark.parametrize(
    "line",
    [
        "At 5 pm on Monday, 12 people died.",  # a claim with a date and a figure
        "Updated",  # no date in it
        "31",  # a figure is no date
    ],
)
def test_a_line_that_dates_nothing_or_tells_more_is_no_timestamp(line: str) -> None:
    text = f"Headline\n\n{line}\n"
    start = text.index(line)
    assert classify(text, start, start + len(line), set(), text.index("\n")) is not (
        ClaimKind.BOILERPLATE
    )


def test_a_date_inside_a_paragraph_is_no_page_timestamp() -> None:
    """Only a whole line dates the page; a sentence cut after "a.m." keeps
    the zone, the day and the time that follow."""
    fragment = "UTC (3:37 a.m. EDT) on Wednesday."
    text = f"Headline\n\nThe quake struck at 07:37 a.m. {fragment} It killed one.\n"
    start = text.index(fragment)
    assert classify(text, start, start + len(fragment), set(), text.index("\n")) is not (
        ClaimKind.BOILERPLATE
    )
