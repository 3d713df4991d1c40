"""Reading date strings as news pages write them."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.dates import MONTHS, WEEKDAYS, parse_date_string, parse_month, parse_weekday

JAN5 = date(2024, 1, 5)


@pytest.mark.parametrize(
    "text",
    [
        "2024-01-05",
        "2024/01/05",
        "2024-1-5",
        "2024-01-05T10:32:00Z",
        "2024-01-05T10:32:00.123+01:00",
        "2024-01-05 10:32",
        "January 5, 2024",
        "january 5 2024",
        "Jan 5, 2024",
        "Jan. 5, 2024",
        "JAN 05, 2024",
        "Jan 5th, 2024",
        "5 January 2024",
        "5 Jan. 2024",
        "05 Jan 2024",
        "5th of January, 2024",
        "Friday, January 5, 2024",
        "Fri, January 5, 2024",
        "Fri. Jan. 5, 2024",
        "Friday 5 January 2024",
        "Fri, 05 Jan 2024 10:32:00 +0000",
        "Fri, 05 Jan 2024 10:32:00 GMT",
        "Updated 3:15 PM EST, Fri January 5, 2024",
        "Published on Jan 5, 2024 at 10:32 a.m. ET",
        "Last updated: 2024/01/05",
        "Posted: 5 Jan. 2024 | 10:32",
        "Jan 5, 2024, 10:32 AM",
        "Friday 5 January 2024 12.30 GMT",
        "  January 5, 2024  ",
    ],
)
def test_accepted_shapes(text: str) -> None:
    assert parse_date_string(text) == JAN5


def test_month_names_and_abbreviations() -> None:
    assert parse_date_string("Sept. 3, 2023") == date(2023, 9, 3)
    assert parse_date_string("Sep 3, 2023") == date(2023, 9, 3)
    assert parse_date_string("3 June 2023") == date(2023, 6, 3)
    assert parse_date_string("May 31, 2023") == date(2023, 5, 31)
    assert parse_date_string("Dec. 25, 1999") == date(1999, 12, 25)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "2024",
        "May 2024",
        "Jan 5",
        "Friday",
        "01/05/2024",  # US or European? Refused on purpose.
        "February 30, 2024",
        "2024-13-01",
        "The strike on Jan 5, 2024",
        "Jan 5, 2024 Reuters",
        "Jan 5, 2024 and Jan 6, 2024",
        "Smarch 5, 2024",
        "US Carries Out Strike in Baghdad",
        "x" * 500,
    ],
)
def test_refused(text: str) -> None:
    assert parse_date_string(text) is None


def test_month_and_weekday_tables() -> None:
    assert parse_month("Sept.") == 9
    assert parse_month(" jan ") == 1
    assert parse_month("Smarch") is None
    assert parse_weekday("Thurs.") == 3
    assert parse_weekday("sunday") == 6
    assert parse_weekday("someday") is None
    assert set(MONTHS.values()) == set(range(1, 13))
    assert set(WEEKDAYS.values()) == set(range(7))


@given(st.text(max_size=80))
def test_never_raises(text: str) -> None:
    result = parse_date_string(text)
    assert result is None or isinstance(result, date)


@given(st.dates(min_value=date(1000, 1, 1)))
def test_round_trips(day: date) -> None:
    assert parse_date_string(day.isoformat()) == day
    assert parse_date_string(day.strftime("%B %d, %Y").replace(" 0", " ")) == day
    assert parse_date_string(day.strftime("%A, %d %b %Y")) == day
