from __future__ import annotations

from datetime import date

import pytest

from app.normalize import (
    NameIndex,
    name_key,
    parse_quantity,
    quantities_compatible,
    resolve_weekday,
    same_name,
    vague_amount,
    weekday_index,
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Kata'ib Hezbollah", "Kataib Hezbollah"),
        ("Kata’ib Hezbollah", "Kataib Hezbollah"),
        ("U.S.", "United States"),
        ("US", "American"),
        ("the Pentagon", "Department of Defense"),
        ("Muammar Qaddafi", "Muammar Gaddafi"),
        ("Kadhafi", "Gaddafi"),
        ("Abu Baqir al-Saadi", "Abu Baqir al Saadi"),
        ("Abu Taqwa", "Abu Taqwa al-Saadi"),
        ("José Álvarez", "Jose Alvarez"),
        ("AFC", "American Football Conference"),
        ("NUM", "the National Union of Mineworkers"),
        ("DOJ", "Department of Justice"),
        ("Mt. Cook", "Aoraki Mount Cook"),  # an abbreviation spelled out
        ("St. Louis", "Saint Louis"),
        ("Port St. Lucie", "Port Saint Lucie"),
        ("St Helens", "Mount St Helens"),
        ("St. John", "Fort St. John"),
    ],
)
def test_spelling_variants_are_one_name(a: str, b: str) -> None:
    assert same_name(name_key(a), name_key(b))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Abu Taqwa", "Arkan al-Elayawi"),
        ("Iraq", "Iran"),
        ("Green Zone", "eastern Baghdad"),
        ("NFL", "American Football Conference"),
        ("AFC", "Asian Football Confederation Cup"),
        ("AP", "Andrew Parker"),  # two-letter acronyms are aliases only
        ("Sam", "Sarah A. Miller"),  # a name with an initial is a person's
        ("FT", "Fort Worth"),  # one word is no abbreviation of a place
    ],
)
def test_different_names_stay_different(a: str, b: str) -> None:
    assert not same_name(name_key(a), name_key(b))


def test_an_article_knows_a_name_by_its_acronym_and_the_other_way_round() -> None:
    spelled_out = NameIndex([name_key("American Football Conference"), name_key("Jaguars")])
    assert spelled_out.knows(name_key("AFC"))
    assert not spelled_out.knows(name_key("NFL"))
    assert NameIndex([name_key("AFC")]).knows(name_key("American Football Conference"))


def q(text: str) -> tuple[float, float]:
    quantity = parse_quantity(text.split())
    assert quantity is not None, text
    return quantity.low, quantity.high


def test_quantities_are_intervals() -> None:
    assert q("three") == (3, 3)
    assert q("1,200") == (1200, 1200)
    assert q("at least 120") == (120, float("inf"))
    assert q("more than 30")[0] == 30
    assert q("dozens") == (24, 99)
    assert q("a dozen") == (12, 12)
    assert q("4.2 billion") == (4.2e9, 4.2e9)
    assert q("up to 50") == (0, 50)
    low, high = q("about 3,000")
    assert low < 2950 < high


@pytest.mark.parametrize(
    ("phrase", "vague"),
    [
        ("dozens of", "dozens"),
        ("Several", "several"),
        ("tens of thousands", "tens of thousands"),
        ("about 150", None),
        ("more than 30", None),
        ("three", None),
    ],
)
def test_vague_amounts_are_words_not_rounded_figures(phrase: str, vague: str | None) -> None:
    assert vague_amount(phrase) == vague


@pytest.mark.parametrize(
    ("a", "b", "compatible"),
    [
        ("at least 120", "120", True),
        ("dozens", "more than 30", True),
        ("1,200", "1200", True),
        ("hundreds", "312", True),
        ("about 3,000", "2,950", True),
        ("3.5 million", "3,512,000", True),
        ("three", "two", False),
        ("14", "11", False),
        ("at least 120", "80", False),
        ("a dozen", "12", True),
        ("12.4", "12", True),
        ("3.46", "3.5", True),
        ("6.7", "6.9", False),
        ("6.8", "7", True),
        ("12.6", "12", False),
        ("0.5", "1", False),
        ("7.5", "7", False),
        ("2,800", "3,000", False),
        ("9,000", "10,000", False),
    ],
)
def test_compatible_values(a: str, b: str, compatible: bool) -> None:
    qa, qb = parse_quantity(a.split()), parse_quantity(b.split())
    assert qa is not None and qb is not None
    assert quantities_compatible(qa, qb) is compatible


def test_weekdays_resolve_backwards_from_the_publication_date() -> None:
    friday = date(2024, 1, 5)
    thursday = weekday_index("Thursday")
    assert thursday == 3
    assert resolve_weekday(thursday, friday) == date(2024, 1, 4)
    assert resolve_weekday(4, friday) == friday
    assert weekday_index("Wed.") == 2
    assert weekday_index("weekend") is None


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Main St.", "main street"),
        ("St. Louis", "saint louis"),
        ("Port St. Lucie", "port saint lucie"),
        ("Ft Worth", "fort worth"),
        ("Mt Cook", "mount cook"),
        ("FT", "ft"),
    ],
)
def test_place_abbreviations_are_spelled_out_by_where_they_stand(name: str, key: str) -> None:
    assert name_key(name) == key
