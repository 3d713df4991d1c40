"""Whether two values of one kind can both be true: the one home of that rule.

Numbers are intervals ("at least 120" holds 120, "dozens" holds 30) in units
converted to one scale per dimension (200 m is not 200 feet; 600 m is about
2,000 feet); money in two currencies is not compared (rates move).  Dates
compare at the precision both give (a year against a full date compares the
year; a weekday against a date, the weekday); a day told as "today" or
"yesterday" agrees with a date a day off.  Clock times compare only in one
zone.  Names compare through their spelling-variant keys.  Every function
answers ``True`` (compatible), ``False`` (they cannot both be true) or
``None`` (not comparable).
"""

from __future__ import annotations

import re
from datetime import date

from app.domain import FactType
from app.engine.frames import Mention
from app.engine.places import PlaceTree
from app.engine.units import CONVERSION_SLACK, UNITS, dimension
from app.lexicon import AREA_WORDS, CONTINENTS, COUNTRIES, FIRST_LEVEL_WORDS, STATES
from app.normalize import (
    Quantity,
    clocks_agree,
    is_relative_day,
    quantities_compatible,
    same_name,
)

# Dimensions a figure written without its unit may still be in: "12%" / "12
# percent of voters", "aged 49" / "49", "a magnitude 6.7 quake" / "a 6.9 quake".
_BARE_FIGURE_DIMENSIONS = frozenset({"percent", "age", "magnitude"})


def _scaled(q: Quantity, factor: float) -> Quantity:
    return Quantity(q.low * factor, q.high * factor, q.exact)


def numbers_compatible(a: Mention, b: Mention) -> bool | None:
    qa, qb = a.value, b.value
    if not isinstance(qa, Quantity) or not isinstance(qb, Quantity):
        return None
    if (a.unit == "age") != (b.unit == "age") and not _could_be_age(b if a.unit == "age" else a):
        # "two counts" is no one's age, whatever "a 20-year-old" is; nor is
        # "around 3,000": a bare figure is an age only if it could be one.
        return None
    da, db = dimension(a.unit), dimension(b.unit)
    if da != db:
        # A bare number against a counted one ("killed 3" / "3 people") is the
        # same dimension; a unit against another dimension is not comparable.
        if a.unit and b.unit:
            return None
        if (a.unit or b.unit) and dimension(a.unit or b.unit) not in _BARE_FIGURE_DIMENSIONS:
            return None
    if da.startswith("money") and da != db:
        return None
    fa = UNITS.get(a.unit, ("", 1.0))[1]
    fb = UNITS.get(b.unit, ("", 1.0))[1]
    if fa != fb:
        sa, sb = _scaled(qa, fa), _scaled(qb, fb)
        slack = CONVERSION_SLACK * max(abs(sa.value), abs(sb.value))
        return sa.low - slack <= sb.high and sb.low - slack <= sa.high
    return quantities_compatible(qa, qb)


# The oldest age a bare figure may be read as ("Lopez, 20, was found guilty").
OLDEST_AGE = 125


def _grain(m: Mention) -> float | None:
    """The step a value is told in, in its dimension's base unit (days for
    a duration or a date): 1 for "89 days", 30.44 for "three months", 365
    for "2013"; None for a name or a value without a known step."""
    if m.type is FactType.NUMBER and isinstance(m.value, Quantity):
        return UNITS.get(m.unit, ("", 1.0))[1]
    if m.type is FactType.DATE:
        year, month, day, weekday = date_parts(m.value)
        if day is not None or weekday is not None:
            return 1.0
        if month is not None:
            return 30.44
        if year is not None:
            return 365.25
    return None


def coarser(a: Mention, b: Mention) -> bool:
    """Whether ``a`` is told in a coarser step than ``b`` of one dimension
    ("three months" against "89 days", "June" against "June 3"): an
    agreement with ``a`` is within its rounding, so it cannot settle a
    disagreement with ``b``."""
    if a.type is not b.type:
        return False
    if a.type is FactType.NUMBER and dimension(a.unit) != dimension(b.unit):
        return False
    ga, gb = _grain(a), _grain(b)
    return ga is not None and gb is not None and ga > gb


def _could_be_age(m: Mention) -> bool:
    q = m.value
    return (
        not m.noun
        and isinstance(q, Quantity)
        and q.exact
        and q.low == int(q.low)
        and 0 < q.low <= OLDEST_AGE
    )


def date_parts(value: object) -> tuple[int | None, int | None, int | None, int | None]:
    """(year, month, day, weekday) of a date value, each None when unknown."""
    text = str(value)
    if text.startswith("weekday:"):
        return None, None, None, int(text.split(":", 1)[1])
    if text.startswith("--") and len(text) == 7:
        return None, int(text[2:4]), int(text[5:7]), None
    parts = text.split("-")
    try:
        if len(parts) == 3:
            day = date(int(parts[0]), int(parts[1]), int(parts[2]))
            return day.year, day.month, day.day, day.weekday()
        if len(parts) == 2:
            return int(parts[0]), int(parts[1]), None, None
        if len(parts) == 1 and len(text) == 4:
            return int(text), None, None, None
    except ValueError:
        pass
    return None, None, None, None


def _span_of(value: object) -> tuple[date, date] | None:
    """The first and last day a dated value can mean (a year: all of it)."""
    year, month, day, _ = date_parts(value)
    if year is None:
        return None
    if month is None:
        return date(year, 1, 1), date(year, 12, 31)
    if day is None:
        following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
        return date(year, month, 1), date.fromordinal(following.toordinal() - 1)
    return date(year, month, day), date(year, month, day)


def days_apart(a: object, b: object) -> int | None:
    """How many days lie between two dated values, at least one of them a
    day ("Thursday" resolved, "May 3, 2012"), counting a month or a year as
    all its days; None when either is undated or neither is a day."""
    sa, sb = _span_of(a), _span_of(b)
    if sa is None or sb is None or (sa[0] != sa[1] and sb[0] != sb[1]):
        return None
    return max(0, (sb[0] - sa[1]).days, (sa[0] - sb[1]).days)


def dates_compatible(a: object, b: object) -> bool | None:
    """Compare two date values at the precision both give."""
    pa, pb = date_parts(a), date_parts(b)
    compared = False
    for x, y in zip(pa, pb, strict=True):
        if x is not None and y is not None:
            compared = True
            if x != y:
                return False
    return True if compared else None


# Kinds of name the tagger often mixes up ("Durban" read as an organisation,
# "Governor Ilko Staver" as one): names of these kinds compare with each other.
NAME_KINDS = frozenset({FactType.PERSON, FactType.ORGANIZATION, FactType.PLACE})
# Values that are amounts or moments, not names; the link's "values_agree"
# and "values_differ" features count these.
VALUE_KINDS = frozenset({FactType.NUMBER, FactType.DATE, FactType.TIME})


def _within_a_day(a: object, b: object) -> bool | None:
    """ "today" or "yesterday" is dated from the page's date, which for a
    reprint or an update is often a day after the writing: such a day agrees
    with a date one day off."""
    try:
        return abs((date.fromisoformat(str(a)) - date.fromisoformat(str(b))).days) <= 1
    except ValueError:
        return dates_compatible(a, b)


_WRITTEN_YEAR = re.compile(r"\b\d{4}\b")


def _year_against_unwritten_year(year: Mention, day: Mention) -> bool:
    """A bare year ("the 2013 draft") against a day whose year the text
    does not write ("Sunday", "yesterday": dated from the page) and that
    falls within a year of it: the day's year is the page's, inferred, and
    a season, a draft or a fiscal year is named by the year next to it.  (A
    year long before, "toppled in 1962" against "toppled on Wednesday",
    still disagrees.)"""
    written, month, _, _ = date_parts(year.value)
    inferred, _, day_of_month, _ = date_parts(day.value)
    return (
        written is not None
        and month is None
        and inferred is not None
        and day_of_month is not None
        and abs(written - inferred) <= 1
        and not _WRITTEN_YEAR.search(day.text)
    )


def comparable_kinds(a: FactType, b: FactType) -> bool:
    """Whether values of two kinds may be values of one thing: the same kind,
    or two kinds of name."""
    return a is b or (a in NAME_KINDS and b in NAME_KINDS)


def kind_of_pair(a: FactType, b: FactType) -> FactType:
    """The kind two comparable values are reported as: of two names the
    tagger gave two kinds, the one that is not "organisation" (its most
    frequent misreading); a person against a place keeps the first."""
    return b if a is FactType.ORGANIZATION else a


def compatible(a: Mention, b: Mention, places: PlaceTree | None = None) -> bool | None:
    """Whether two comparable mentions (see :func:`comparable_kinds`) can
    both be true.  Two places one of which the articles put inside the other
    can ("Aceh", "Indonesia"); two places of two sizes (a country, a state
    or province, a county, a town: ``place_size``) are not compared
    ("Texas", "San Antonio"): without a map, which lies in which is not
    known."""
    if not comparable_kinds(a.type, b.type):
        return None
    if " ".join(a.text.lower().split()) == " ".join(b.text.lower().split()):
        return True  # the same words: any difference is the resolution's, not the outlets'
    if a.type is FactType.NUMBER:
        return numbers_compatible(a, b)
    if a.type is FactType.DATE:
        if _year_against_unwritten_year(a, b) or _year_against_unwritten_year(b, a):
            return None
        if is_relative_day(a.text) or is_relative_day(b.text):
            return _within_a_day(a.value, b.value)
        return dates_compatible(a.value, b.value)
    if a.type is FactType.TIME:
        if a.zone != b.zone:
            # 07:37 UTC is the afternoon in Aceh: local zones are not known,
            # and two named zones are not converted (ET is EST or EDT).
            return None
        if isinstance(a.value, tuple) and isinstance(b.value, tuple):
            return clocks_agree(a.value, b.value)
        return None
    if same_name(str(a.value), str(b.value)):
        return True
    if FactType.PLACE not in (a.type, b.type):
        return False
    if places is not None and places.nested(str(a.value), str(b.value)):
        return True
    if place_size(str(a.value)) != place_size(str(b.value)):
        return None  # a state against a town in it or not: two sizes, unknown
    return False


def place_size(key: str) -> int:
    """0 a continent, 1 a country, 2 a state, province or other first-level
    area, 3 a county or another area below it, 4 a town or anything smaller
    or unknown."""
    if key in CONTINENTS:
        return 0
    if key in COUNTRIES:
        return 1
    last = key.rsplit(" ", 1)[-1]
    if key in STATES or last in FIRST_LEVEL_WORDS:
        return 2
    return 3 if last in AREA_WORDS else 4
