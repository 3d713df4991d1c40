"""Whether two values can both be true (app.engine.values), without spaCy."""

from __future__ import annotations

from app.domain import FactType
from app.engine.frames import Mention
from app.engine.values import coarser, compatible, dates_compatible, days_apart, place_size
from app.normalize import Quantity


def number(text: str, low: float, high: float | None = None, unit: str = "") -> Mention:
    high = low if high is None else high
    return Mention(FactType.NUMBER, 0, len(text), text, Quantity(low, high, low == high), unit=unit)


def test_counts_compare_as_intervals() -> None:
    assert compatible(number("three", 3), number("two", 2)) is False
    assert compatible(number("at least 120", 120, float("inf")), number("120", 120)) is True
    assert compatible(number("dozens", 24, 99), number("more than 30", 30, float("inf"))) is True
    assert compatible(number("1,187", 1187), number("about 1,200", 1080, 1320)) is True
    assert compatible(number("12", 12), number("17", 17)) is False


def test_units_convert_within_a_dimension_and_never_across() -> None:
    metres, feet = number("200m", 200, unit="m"), number("200 feet", 200, unit="feet")
    assert compatible(metres, feet) is False  # 200 m is 656 feet
    assert compatible(number("600m", 600, unit="m"), number("2,000 feet", 2000, unit="foot"))
    assert compatible(number("12%", 12, unit="percent"), number("12 km", 12, unit="km")) is None
    # Money in two currencies is not compared: exchange rates move.
    assert compatible(number("£1.7m", 1.7e6, unit="£"), number("$2.6m", 2.6e6, unit="$")) is None
    assert compatible(number("$4.2bn", 4.2e9, unit="$"), number("$3.8bn", 3.8e9, unit="$")) is False


def date(text: str, value: str) -> Mention:
    return Mention(FactType.DATE, 0, len(text), text, value)


def test_a_value_is_coarser_than_another_only_in_one_dimension() -> None:
    months, days = number("three months", 3, unit="month"), number("89 days", 89, unit="day")
    assert coarser(months, days)
    assert not coarser(days, months)
    assert not coarser(days, number("91 days", 91, unit="day"))
    assert not coarser(number("3 km", 3, unit="km"), days)  # two dimensions: not compared
    assert not coarser(number("14", 14), number("16", 16))
    assert coarser(date("June 2021", "2021-06"), date("June 3", "2021-06-03"))
    assert coarser(date("2021", "2021"), date("June 2021", "2021-06"))
    assert not coarser(date("Thursday", "weekday:3"), date("June 3", "2021-06-03"))
    assert not coarser(date("2021", "2021"), days)  # a date and a duration: two kinds


def test_dates_compare_at_the_precision_both_give() -> None:
    assert dates_compatible("2024-01-04", "weekday:3") is True  # that Thursday
    assert dates_compatible("2024-01-04", "weekday:2") is False
    assert dates_compatible("2025-03-14", "--03-14") is True
    assert dates_compatible("1999", "1999-06-02") is True
    assert dates_compatible("1998", "1999-06") is False
    assert dates_compatible("2025-03", "weekday:1") is None


def test_the_same_words_always_agree() -> None:
    # "today" in two articles of different dates resolves to two days; the
    # outlets did not disagree.
    a = Mention(FactType.DATE, 0, 5, "today", "2024-01-04")
    b = Mention(FactType.DATE, 0, 5, "Today", "2024-01-05")
    assert compatible(a, b) is True


def test_names_compare_through_their_variants() -> None:
    def person(key: str) -> Mention:
        return Mention(FactType.PERSON, 0, len(key), key, key)

    assert compatible(person("muammar gaddafi"), person("muammar qaddafi")) is True
    assert compatible(person("abu taqwa"), person("abu taqwa al-saadi")) is True
    assert compatible(person("jonas ekberg"), person("anders ekberg")) is False


def test_names_the_tagger_gave_two_kinds_still_compare() -> None:
    # The small model reads "Durban" as an organisation as often as a place.
    place = Mention(FactType.PLACE, 0, 6, "Palmer", "palmer")
    other = Mention(FactType.ORGANIZATION, 0, 6, "Durban", "durban")
    same = Mention(FactType.ORGANIZATION, 0, 6, "Palmer", "palmer")
    assert compatible(place, other) is False
    assert compatible(place, same) is True
    day = Mention(FactType.DATE, 0, 6, "Monday", "weekday:0")
    assert compatible(place, day) is None


def test_a_magnitude_given_with_or_without_its_unit_compares() -> None:
    with_unit = Mention(FactType.NUMBER, 0, 3, "6.7", Quantity(6.7, 6.7, True), unit="magnitude")
    bare = Mention(FactType.NUMBER, 0, 3, "6.9", Quantity(6.9, 6.9, True))
    assert compatible(with_unit, bare) is False


def test_a_count_of_things_is_no_age() -> None:
    counts = Mention(FactType.NUMBER, 0, 3, "two", Quantity(2, 2, True), noun="count")
    age = number("20-year-old", 20, unit="age")
    assert compatible(counts, age) is None
    # A bare figure after a name may be the age: "Comeaux, 49" / "a 49-year-old".
    assert compatible(number("49", 49), number("52-year-old", 52, unit="age")) is False


def clock(text: str, low: int, zone: str = "") -> Mention:
    return Mention(FactType.TIME, 0, len(text), text, (low, low, False), zone=zone)


def test_a_clock_time_in_a_named_zone_is_not_compared_with_a_local_one() -> None:
    utc = clock("07:37 a.m.", 7 * 60 + 37, zone="utc")
    assert compatible(clock("2:37 p.m.", 14 * 60 + 37), utc) is None
    assert compatible(clock("3:37 a.m.", 3 * 60 + 37, zone="edt"), utc) is None  # not converted
    assert compatible(clock("9:00 a.m.", 9 * 60, zone="utc"), utc) is False
    assert compatible(clock("9:00 a.m.", 9 * 60), clock("7:37 a.m.", 7 * 60 + 37)) is False


def day(text: str, value: str) -> Mention:
    return Mention(FactType.DATE, 0, len(text), text, value)


def test_a_day_told_as_today_or_yesterday_agrees_with_a_date_a_day_off() -> None:
    """The page's date it is told from is often a reprint's or an update's."""
    saturday = day("Saturday", "2012-07-07")
    assert compatible(day("today", "2012-07-08"), saturday) is True
    assert compatible(saturday, day("yesterday", "2012-07-08")) is True
    assert compatible(day("today", "2012-07-10"), saturday) is False
    assert compatible(day("Sunday", "2012-07-08"), saturday) is False  # named days stay exact


def place(text: str, key: str) -> Mention:
    return Mention(FactType.PLACE, 0, len(text), text, key)


def test_places_of_two_sizes_are_not_compared() -> None:
    texas, ohio = place("Texas", "texas"), place("Ohio", "ohio")
    san_antonio, houston = place("San Antonio", "san antonio"), place("Houston", "houston")
    assert compatible(texas, san_antonio) is None  # which town lies where is not known
    assert compatible(place("Ga.", "ga"), place("Atlanta", "atlanta")) is None
    assert compatible(place("Fulton County", "fulton county"), place("Atlanta", "atlanta")) is None
    assert compatible(place("Harris County", "harris county"), texas) is None
    assert (
        compatible(place("Aceh province", "aceh province"), place("Indonesia", "indonesia")) is None
    )
    assert compatible(place("Asia", "asia"), place("Japan", "japan")) is None
    assert compatible(place("Plateau State", "plateau state"), place("Jos", "jos")) is None
    sichuan = place("Sichuan province", "sichuan province")
    wenchuan = place("Wenchuan county", "wenchuan county")
    assert compatible(sichuan, wenchuan) is None
    assert compatible(place("L.A.", "la"), place("California", "california")) is None
    # Two places of one size still disagree.
    assert compatible(texas, ohio) is False
    assert compatible(place("Georgia", "georgia"), place("Alabama", "alabama")) is False
    assert compatible(san_antonio, houston) is False
    assert compatible(place("Taiwan", "taiwan"), place("Italy", "italy")) is False
    sizes = ("europe", "japan", "texas", "aceh province", "fulton county", "paris")
    assert [place_size(k) for k in sizes] == [0, 1, 2, 2, 3, 4]


def test_days_apart_counts_a_month_or_a_year_as_all_its_days() -> None:
    assert days_apart("2013-05-02", "2013-05-05") == 3
    assert days_apart("2013-05-02", "2013-05") == 0  # within the month
    assert days_apart("2013-05-02", "2012-04") == 367  # from April 30, 2012
    assert days_apart("2004", "2013-01-08") == 2930  # from Dec 31, 2004
    # Two months or years, or an unresolved weekday: no day to count from.
    assert days_apart("2012", "2004") is None
    assert days_apart("2012-04", "2012-06") is None
    assert days_apart("weekday:3", "2013-05-02") is None


def test_a_bare_figure_is_compared_with_an_age_only_if_it_could_be_one() -> None:
    age = Mention(FactType.NUMBER, 0, 15, "three-year-old", Quantity(3, 3, True), unit="age")
    crowd = Mention(FactType.NUMBER, 0, 12, "around 3,000", Quantity(2700, 3300, False))
    twenty = Mention(FactType.NUMBER, 0, 2, "20", Quantity(20, 20, True))
    exact = Mention(FactType.NUMBER, 0, 5, "3,000", Quantity(3000, 3000, True))
    oldest = Mention(FactType.NUMBER, 0, 3, "125", Quantity(125, 125, True))
    assert compatible(age, crowd) is None
    assert compatible(age, exact) is None
    assert compatible(age, twenty) is False
    assert compatible(age, oldest) is False


def test_a_bare_year_says_nothing_against_a_day_whose_year_is_not_written() -> None:
    year = Mention(FactType.DATE, 0, 4, "2013", "2013")
    sunday = Mention(FactType.DATE, 0, 6, "Sunday", "2012-12-30")
    dated = Mention(FactType.DATE, 0, 17, "December 30, 2012", "2012-12-30")
    assert compatible(year, sunday) is None
    assert compatible(sunday, year) is None
    assert compatible(year, dated) is False
