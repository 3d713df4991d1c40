"""Reading a claim's frame from its parse (app.engine.frames), with spaCy."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain import FactType, Settings
from app.engine.frames import _TICKER, Frame, Mention
from app.engine.parse import analyze_articles
from app.engine.values import compatible

from .helpers import article

pytestmark = pytest.mark.slow


def frame(sentence: str, published: date | None = date(2024, 1, 5)) -> Frame:
    (analysis,) = analyze_articles([article("A", sentence + "\n", published)], Settings())
    frames = [f for f in analysis.frames if f is not None]
    assert len(frames) == 1, [c.text for c in analysis.claims]
    return frames[0]


def numbers(f: Frame) -> list[Mention]:
    return [m for m in f.mentions if m.type is FactType.NUMBER]


def test_a_count_knows_its_noun_and_its_predicate_for_any_verb() -> None:
    (m,) = numbers(frame("Police arrested 12 protesters outside the embassy on Friday."))
    assert (m.noun, m.verb, m.role, m.unit) == ("protester", "arrest", "dobj", "")
    (m,) = numbers(frame("Three militia fighters were evacuated from the base."))
    assert (m.noun, m.verb) == ("fighter", "evacuate")


def test_a_count_under_including_takes_the_predicate_of_its_clause() -> None:
    """A participle serving as a preposition is not the predicate."""
    _, part = numbers(frame("At least 37 people were wounded, including 19 staff members."))
    assert (part.text, part.noun, part.verb) == ("19", "member", "wound")
    whole, part = numbers(frame("The storm killed 12 people, including three children, on Monday."))
    assert (part.text, part.noun, part.verb) == ("three", "child", "kill")
    assert (whole.part, part.part) == (False, True)
    # Only a count is a part; a date there is compared as any other.
    (day,) = [m for m in frame("Troops withdrew following the vote on Tuesday.").mentions]
    assert day.type is FactType.DATE and not day.part


@pytest.mark.parametrize(
    "sentence",
    [
        "Five of the six crew members were killed in the collision.",
        "Tragically, five out of the six crew members were killed in the collision.",
    ],
)
def test_a_part_counts_what_its_whole_counts(sentence: str) -> None:
    part, whole = numbers(frame(sentence))
    assert (part.text.lower(), part.noun, part.verb) == ("five", "member", "kill")
    assert (whole.text, whole.noun) == ("six", "member")


@pytest.mark.parametrize(
    ("sentence", "holder"),
    [
        ("He was convicted in the death of his wife, 23-year-old Laci, and his son.", "laci"),
        ("The jury convicted the 32-year-old Peterson on Nov. 12.", "peterson"),
        ("Police arrested Tom Smith, 32, on Friday.", "tom smith"),
        ("A 16-year-old boy was injured in the crash.", ""),  # no name says whose
    ],
)
def test_an_age_knows_whose_it_is(sentence: str, holder: str) -> None:
    (m,) = numbers(frame(sentence))
    assert (m.unit, m.holder) == ("age", holder)


def test_a_count_knows_who_did_what_it_counts() -> None:
    (points, rebounds) = numbers(
        frame("Artino backed Echenique by scoring 14 points and adding six rebounds.")
    )
    assert (points.holder, rebounds.holder) == ("artino", "artino")
    (m,) = numbers(frame("Police arrested 12 protesters outside the embassy."))
    assert m.holder == ""  # no name does it
    (m,) = numbers(frame("The strike killed 14 people, the Health Ministry said."))
    assert m.holder == ""  # who said it does not count


def test_a_clause_on_the_source_is_news_not_source() -> None:
    f = frame(
        "The party will be the largest, according to data from the official count, "
        "which give it 37 of the 150 seats."
    )
    seats = {m.text: m for m in numbers(f)}
    assert not seats["37"].source and not seats["150"].source
    assert f.speaker  # "data" is who says it


def test_whom_a_statement_was_told_is_part_of_its_source() -> None:
    f = frame("The actress has checked into a clinic, her spokesman told People magazine.")
    (told,) = [m for m in f.mentions if m.text.startswith("People")]
    assert told.source
    # Only a name: whom a warning reached, counted, is the news.
    f = frame("The governor warned 3,000 residents that the dam could fail.")
    (residents,) = numbers(f)
    assert residents.text == "3,000" and not residents.source
    f = frame("The governor warned 40 percent of residents that the dam could fail.")
    assert [m.source for m in numbers(f)] == [False]


def test_a_negated_manner_or_moment_neither_negates_nor_asserts_the_act() -> None:
    f = frame("The administration has not formally overturned the rule.")
    assert "overturn" not in f.negated and "overturn" not in f.asserted
    f = frame("The administration has not overturned the rule.")
    assert "overturn" in f.negated
    # "actually" denies the act itself.
    f = frame("The company has not actually paid the fine.")
    assert "pay" in f.negated
    for sentence, act in (
        ("Reuters could not independently verify the video.", "verify"),
        ("Police have not yet identified the victim.", "identify"),
        ("Police did not initially release the name of the victim.", "release"),
    ):
        f = frame(sentence)
        assert act not in f.negated and act not in f.asserted, sentence


def test_units_and_ages() -> None:
    f = frame("The climber, 49, fell 200 feet while shares fell 12% to $4.5 million.")
    by_text = {m.text: m for m in numbers(f)}
    assert by_text["49"].unit == "age"
    assert by_text["200 feet"].unit == "foot"  # the unit word is part of the value shown
    assert by_text["12%"].unit == "percent"
    assert by_text["$4.5 million"].unit == "$"
    (m,) = numbers(frame("A 16-year-old boy was injured in the crash."))
    assert m.unit == "age" and m.value.low == 16  # type: ignore[attr-defined]
    (m,) = numbers(frame("The company agreed to buy the rival for 4.2 billion dollars."))
    assert (m.text, m.unit, m.verb) == ("4.2 billion dollars", "dollar", "buy")


@pytest.mark.parametrize(
    ("sentence", "shown", "unit", "low"),
    [
        ("The climber fell about 60m from a ridge.", "about 60m", "m", 54.0),
        ("The tower is 320m tall.", "320m", "m", 320.0),
        ("The club paid £60m for the striker.", "£60m", "£", 60e6),
        ("The deal is worth $4.2bn in cash.", "$4.2bn", "$", 4.2e9),
        ("The final drew 60m viewers.", "60m", "", 60e6),
        ("Turnout reached 3.1m, officials said.", "3.1m", "", 3.1e6),
        ("He earns $300K a year.", "$300K", "$", 3e5),
    ],
)
def test_an_m_after_a_figure_is_metres_or_a_million_by_what_follows(
    sentence: str, shown: str, unit: str, low: float
) -> None:
    (m,) = numbers(frame(sentence))
    assert (m.text, m.unit) == (shown, unit)
    assert m.value.low == pytest.approx(low)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("sentence", "unit", "low"),
    [
        ("The insurer paid $US1 million to the church.", "$us", 1e6),
        ("The council set aside A$1.5 million for repairs.", "a$", 1.5e6),
        ("The club paid NZ$2 million for the site.", "nz$", 2e6),
        ("The company paid $US15m for the site.", "$us", 15e6),  # "$US" is no name
        ("The deal was worth 2.8 million Australian dollars.", "a$", 2.8e6),
        ("The firm paid 5 million New Zealand dollars for the site.", "nz$", 5e6),
        ("The club paid $15m.", "$", 15e6),  # the full stop is no part of "m"
    ],
)
def test_a_dollar_with_a_countrys_letters_is_that_countrys_dollar(
    sentence: str, unit: str, low: float
) -> None:
    (m,) = numbers(frame(sentence))
    assert m.unit == unit
    assert m.value.low == pytest.approx(low)  # type: ignore[attr-defined]


def test_dollars_of_two_countries_are_never_compared_and_the_us_dollar_is_one() -> None:
    (us,) = numbers(frame("Damage was estimated at $US1 million, police said."))
    (plain,) = numbers(frame("Damage was estimated at $1 million, police said."))
    (australian,) = numbers(frame("Damage was estimated at A$1.5 million, police said."))
    assert compatible(us, plain) is True
    assert compatible(australian, plain) is None  # not one currency: not compared


def test_a_capital_k_without_a_currency_is_no_thousand() -> None:
    found = numbers(frame("The agency released 4K footage of the launch."))
    assert all(m.value.low < 1000 for m in found)  # type: ignore[attr-defined]


def test_a_number_after_a_name_names_a_version_not_a_count() -> None:
    f = frame("The flaw affects Internet Explorer 7 and killed 3 servers on Flight 2216.")
    assert [m.text for m in numbers(f)] == ["3"]
    score = frame("Harlsby Rovers beat Kestrel Vale 2-1 in the final.")
    assert [m.text for m in numbers(score)] == ["2", "1"]  # a score after a name counts


def test_dates_resolve_against_the_article_date() -> None:
    f = frame("The strike hit the base on Thursday, officials said.")
    (m,) = [m for m in f.mentions if m.type is FactType.DATE]
    assert m.value == "2024-01-04" and m.verb == "hit"
    assert f.speaker == "official"


def test_negation_has_a_scope() -> None:
    assert "comment" in frame("The ministry declined to comment on the strike.").negated
    assert "comment" in frame("The ministry would not comment on the strike.").negated
    conditional = frame("If the talks do not succeed, the strike will continue.")
    assert not conditional.negated
    delayed = frame("The climbers could not be rescued until the next morning.")
    assert "rescue" not in delayed.negated


def test_who_said_it_is_kept_out_of_what_was_said() -> None:
    f = frame("According to the Pentagon, the drone killed two commanders in Baghdad.")
    assert f.speaker == "department of defense"
    assert "department of defense" not in f.entities
    assert "baghdad" in f.entities


def test_a_number_written_in_words_with_a_hyphen_is_one_value() -> None:
    (m,) = numbers(frame("Forty-two people were killed after the earthquake."))
    assert (m.text, m.value.low, m.noun, m.verb) == ("Forty-two", 42.0, "people", "kill")


def test_two_number_words_joined_by_a_hyphen_are_not_one_number() -> None:
    values = [
        m.value.low for m in numbers(frame("The vote split fifty-fifty among the 300 members."))
    ]
    assert 2500.0 not in values


def test_a_score_in_apposition_is_no_age() -> None:
    f = frame("The Jays shot 46.8 percent for the game (22-47) and won the glass.")
    assert all(m.unit != "age" for m in numbers(f))
    (m,) = numbers(frame("Police said the climber, 49, fell from the ridge."))
    assert m.unit == "age"
    # A second age coordinated with the first leaves the first an age.
    first = numbers(frame("The suspects, 19 and 20, were arrested in Lisbon on Friday."))[0]
    assert (first.text, first.unit) == ("19", "age")


def test_an_age_after_a_name_keeps_its_unit_without_its_closing_comma() -> None:
    (m,) = numbers(frame("Andrew Lopez, 20 was found guilty of the murder in Brooklyn."))
    assert (m.text, m.unit, m.holder) == ("20", "age", "andrew lopez")
    # A count after a name and a comma is still a count.
    f = frame("The court convicted Andrew Lopez, 3 other men and a woman in Brooklyn.")
    assert [m.unit for m in numbers(f)] == [""]
    f = frame("Andrew Lopez, 1 of 3 men charged, was found guilty in Brooklyn.")
    assert [m.unit for m in numbers(f)] == ["", ""]
    # "of" and a place after it: still an age.
    (m,) = numbers(frame("John Smith, 34 of Queens was charged with murder on Monday."))
    assert (m.text, m.unit, m.holder) == ("34", "age", "john smith")
    # A count with a plural verb, and a tally, are no ages.
    f = frame("In the crash on Route 9 that killed driver Tom Smith, 3 were injured.")
    assert [m.unit for m in numbers(f)] == [""]
    f = frame("The court ruled for Tom Smith, 5 to 4 on Monday.")
    assert [m.unit for m in numbers(f)] == ["", ""]


def test_a_score_keeps_its_two_figures() -> None:
    f = frame("Harlsby Rovers beat Kestrel Vale 2-1 in the cup final on Saturday.")
    assert [m.text for m in numbers(f)] == ["2", "1"]


@pytest.mark.parametrize(
    "sentence",
    [
        "A magnitude 6.7 earthquake struck the island on Monday.",
        "A 6.7-magnitude earthquake struck the island on Monday.",
    ],
)
def test_a_magnitude_is_the_unit_before_or_after_its_figure(sentence: str) -> None:
    (m,) = numbers(frame(sentence))
    assert (m.value.low, m.unit) == (6.7, "magnitude")


@pytest.mark.parametrize(
    ("sentence", "value", "around"),
    [
        ("Klitschko stopped Tony Thompson in Bern on Saturday.", "Saturday", {"stop"}),
        ("Klitschko stopped Tony Thompson in Bern on Saturday.", "Tony Thompson", {"stop"}),
        ("A refugee camp was bombed on Thursday.", "Thursday", {"bomb", "camp"}),
    ],
)
def test_what_a_value_is_of_leaves_out_the_value_itself(
    sentence: str, value: str, around: set[str]
) -> None:
    """Two claims that agree on a value would otherwise share its words as
    evidence of one slot, and two that disagree would lack them."""
    (m,) = [m for m in frame(sentence).mentions if m.text == value]
    own = {w.lower() for w in value.split()}
    assert around <= m.context
    assert not own & m.context


def test_a_stock_listing_is_no_value_of_the_claim() -> None:
    f = frame("Advanced Micro Devices (NYSE: AMD) agreed to buy ATI for $5.4 billion on Monday.")
    assert not any("NYSE" in m.text or m.text == "AMD" for m in f.mentions)
    assert any(m.type is FactType.NUMBER and "5.4" in m.text for m in f.mentions)
    shares = frame("Shares of Apple (Nasdaq: AAPL) fell 3% on Monday.")
    assert [m.text for m in shares.mentions if m.type is FactType.ORGANIZATION] == ["Apple"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Microsoft releases its patches on the second Tuesday of each month.",
        "Protesters gather every Friday after prayers in the main square.",
        "The rally was held every Friday in March outside parliament.",  # "every" outside the date
        "The council meets on Mondays in the town hall.",
    ],
)
def test_a_recurring_day_dates_no_event(sentence: str) -> None:
    assert not [m for m in frame(sentence).mentions if m.type is FactType.DATE]


def test_a_day_after_a_recurring_one_is_still_dated() -> None:
    f = frame("Every Monday since March 3, protesters have gathered outside the court.")
    assert [m.text for m in f.mentions if m.type is FactType.DATE] == ["March 3"]


def test_a_clock_time_keeps_the_zone_written_after_it_even_across_a_sentence_cut() -> None:
    (analysis,) = analyze_articles(
        [article("A", "The quake struck at 07:37 a.m. UTC on Wednesday, killing one.\n", None)],
        Settings(),
    )
    times = [m for f in analysis.frames if f for m in f.mentions if m.type is FactType.TIME]
    assert [(m.text, m.zone) for m in times] == [("07:37 a.m.", "utc")]
    (local,) = [
        m
        for m in frame("The quake struck at 2:37 p.m. on Wednesday.").mentions
        if m.type is FactType.TIME
    ]
    assert local.zone == ""


@pytest.mark.parametrize(
    ("text", "listing"),
    [
        ("(NYSE: AMD)", True),
        ("(Nasdaq:AAPL)", True),
        ("(TSX: RY.TO)", True),
        ("(Xetra: SAP)", True),
        ("(Source: WHO)", False),
        ("(PHOTO: AFP)", False),
        ("(UPDATE: UN)", False),
    ],
)
def test_a_stock_listing_is_an_exchange_in_capitals_and_a_ticker(text: str, listing: bool) -> None:
    assert bool(_TICKER.search(text)) is listing


@pytest.mark.parametrize(
    ("sentence", "day"),
    [
        # A purpose told after the event is not still to come.
        (
            "Klitschko stopped Thompson in the sixth round to keep his titles Saturday night.",
            "2012-07-07",
        ),
        ("The minister is due to meet the unions on Saturday.", "2012-07-14"),
        ("He will travel to Paris on Saturday.", "2012-07-14"),
    ],
)
def test_a_weekday_is_placed_before_the_article_unless_it_is_still_to_come(
    sentence: str, day: str
) -> None:
    (m,) = [m for m in frame(sentence, date(2012, 7, 8)).mentions if m.type is FactType.DATE]
    assert m.value == day


def test_a_clock_time_after_by_is_a_latest_time() -> None:
    a = frame("The fire was put out by 7 a.m., after crews attacked it from all sides.")
    b = frame("The fire was put out at 6:40 a.m., the chief said.")
    (by,) = [m for m in a.mentions if m.type is FactType.TIME]
    (at,) = [m for m in b.mentions if m.type is FactType.TIME]
    assert by.text == "by 7 a.m."
    assert compatible(by, at) is True
    assert compatible(by, frame("The fire was put out at 7:20 a.m.").mentions[0]) is False


@pytest.mark.parametrize(
    ("sentence", "holder"),
    [
        ("Defensive tackle Jamal Williams was arrested early Sunday.", "jamal williams"),
        ("The bill was signed by Barack Obama on Tuesday.", "barack obama"),
        ("Vincent Jackson, arrested on Jan. 6, was released the next day.", "vincent jackson"),
        ("Two players, John Smith and Bob Jones, were arrested on Tuesday.", ""),
        ("The storm hit the coast on Tuesday.", ""),
    ],
)
def test_the_day_of_a_happening_knows_whom_it_is_of(sentence: str, holder: str) -> None:
    (day,) = [m for m in frame(sentence).mentions if m.type is FactType.DATE]
    assert day.holder == holder


def test_the_hour_of_a_happening_knows_who_did_it() -> None:
    (hour,) = [
        m
        for m in frame("Echenique scored at 10:03 in the third quarter.").mentions
        if m.type is FactType.TIME
    ]
    assert hour.holder == "echenique"
