"""Reading calendar dates written the way news sites and wire services write them.

``parse_date_string`` accepts a string that is *only* a date, optionally
dressed with the things pages put around one: a label ("Updated",
"Published on"), a weekday, a clock time and a time zone.  Anything else in
the string makes it return ``None``, so it can be used to ask "is this line a
dateline?" as well as to read metadata values such as ISO timestamps.

Accepted shapes (case-insensitive, month names in full or abbreviated, with or
without a dot, "Sept" included):

- ``2024-01-05``, ``2024/01/05``, ``2024-01-05T10:32:00Z``, ``2024-01-05 10:32``
- ``January 5, 2024``, ``Jan 5 2024``, ``Jan. 5th, 2024``
- ``5 January 2024``, ``5 Jan. 2024``, ``5th of January, 2024``
- ``Friday, January 5, 2024``, ``Fri, 05 Jan 2024 10:32:00 +0000``
- ``Updated 3:15 PM EST, Fri January 5, 2024``

Purely numeric day/month forms (``01/05/2024``) are refused on purpose: they
read differently in the US and in Europe.
"""

from __future__ import annotations

import re
from datetime import date
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["MONTHS", "WEEKDAYS", "parse_date_string", "parse_month", "parse_weekday"]

_MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _month_table() -> dict[str, int]:
    table: dict[str, int] = {}
    for number, name in enumerate(_MONTH_NAMES, start=1):
        table[name] = number
        table[name[:3]] = number
    table["sept"] = 9
    return table


def _weekday_table() -> dict[str, int]:
    table: dict[str, int] = {}
    for number, name in enumerate(_WEEKDAY_NAMES):
        table[name] = number
        table[name[:3]] = number
    table.update({"tues": 1, "weds": 2, "thur": 3, "thurs": 3})
    return table


#: Lower-case month names and abbreviations ("jan", "sept") -> 1..12.
MONTHS: Mapping[str, int] = MappingProxyType(_month_table())
#: Lower-case weekday names and abbreviations ("fri", "thurs") -> 0 (Monday)..6.
WEEKDAYS: Mapping[str, int] = MappingProxyType(_weekday_table())


def _alternation(names: Mapping[str, int]) -> str:
    # Longest first, so "sept" wins over "sep" and "june" over "jun".
    return "|".join(sorted(names, key=len, reverse=True))


_MONTH = rf"(?:{_alternation(MONTHS)})"
_WEEKDAY = rf"(?:{_alternation(WEEKDAYS)})"
_ORDINAL = r"(?:st|nd|rd|th)?"

_ISO = re.compile(
    r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})"
    r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)?"
    r"\s*(?:Z|[+-]\d{2}(?::?\d{2})?|UTC|GMT)?",
    re.IGNORECASE,
)
_MONTH_FIRST = re.compile(
    rf"(?P<month>{_MONTH})\.?\s+(?P<d>\d{{1,2}}){_ORDINAL},?\s+(?P<y>\d{{4}})",
    re.IGNORECASE,
)
_DAY_FIRST = re.compile(
    rf"(?P<d>\d{{1,2}}){_ORDINAL}\.?\s+(?:of\s+)?(?P<month>{_MONTH})\.?,?\s+(?P<y>\d{{4}})",
    re.IGNORECASE,
)

_LABEL = re.compile(
    r"^(?:(?:last\s+|first\s+|originally\s+)?"
    r"(?:updated|published|posted|modified|released|issued|dated|date)\b)"
    r"\s*(?:on|at)?\s*:?\s*",
    re.IGNORECASE,
)
# A clock time (10:32, 12.30, 3 p.m.) with an optional time zone after it.  The zone is matched case
# sensitively (EST, GMT+2, +0000) so that "10:00 Jan 5" keeps its month.
_TIME = re.compile(
    r"(?:\bat\s+)?"
    r"\b\d{1,2}(?:[:.]\d{2}(?::\d{2})?\b(?:\s*[ap]\.?\s?m\b\.?)?|\s*[ap]\.?\s?m\b\.?)"
    r"(?:\s*(?-i:(?:UTC|GMT)[+-]\d{1,2}(?::?\d{2})?|[+-]\d{2}:?\d{2}"
    r"|(?!(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)\b)[A-Z]{1,5})\b)?",
    re.IGNORECASE,
)
_WEEKDAY_WORD = re.compile(rf"\b{_WEEKDAY}\b\.?,?", re.IGNORECASE)
_EDGE_JUNK = " \t,;:|/·•–—-"
_SPACES = re.compile(r"\s+")


def parse_month(name: str) -> int | None:
    """Return 1..12 for a month name or abbreviation ("Sept.", "jan"), else None."""
    return MONTHS.get(name.strip().rstrip(".").lower())


def parse_weekday(name: str) -> int | None:
    """Return 0 (Monday)..6 for a weekday name or abbreviation, else None."""
    return WEEKDAYS.get(name.strip().rstrip(".").lower())


def _make(year: str, month: int | None, day: str) -> date | None:
    if month is None:
        return None
    try:
        return date(int(year), month, int(day))
    except ValueError:
        return None


def _full_match(s: str) -> date | None:
    m = _ISO.fullmatch(s)
    if m:
        return _make(m["y"], int(m["m"]), m["d"])
    m = _MONTH_FIRST.fullmatch(s) or _DAY_FIRST.fullmatch(s)
    if m:
        return _make(m["y"], parse_month(m["month"]), m["d"])
    return None


def parse_date_string(s: str) -> date | None:
    """The calendar date a string consists of, or None if it is anything more.

    Never raises: impossible dates ("February 30, 2024") give None.
    """
    s = s.strip()
    if not s or len(s) > 120 or not any(ch.isdigit() for ch in s):
        return None
    found = _full_match(s)
    if found is not None:
        return found
    rest = _LABEL.sub("", s, count=1)
    rest = _TIME.sub(" ", rest)
    rest = _WEEKDAY_WORD.sub(" ", rest)
    rest = _SPACES.sub(" ", rest).strip(_EDGE_JUNK)
    # A comma left behind where a weekday or time was cut out ("Jan 5, 2024, ").
    rest = re.sub(r"\s+,", ",", rest)
    if not rest or rest == s:
        return None
    return _full_match(rest)
