"""Places the articles put one inside another (app.engine.places), read from
the parse (app.engine.frames) and used by the conflict stage."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain import Article, Settings
from app.engine.parse import analyze_articles
from app.engine.pipeline import compare
from app.engine.places import PlaceTree
from app.normalize import name_key

from .helpers import article


def test_nesting_is_transitive_and_spelling_blind() -> None:
    tree = PlaceTree([("palmer", "alaska"), ("alaska", "united states")])
    assert tree.nested("palmer", "united states")
    assert tree.nested("united states", "palmer")  # either way round
    assert tree.nested(name_key("Palmer"), name_key("U.S."))
    assert not tree.nested("alaska", "texas")
    assert not PlaceTree().nested("palmer", "alaska")


def test_a_place_never_holds_itself() -> None:
    tree = PlaceTree([("quito", "quito"), ("aceh", "aceh province")])
    assert not tree


def inside(sentence: str) -> tuple[tuple[str, str], ...]:
    (analysis,) = analyze_articles([article("A", sentence + "\n", date(2024, 1, 5))], Settings())
    return tuple(pair for f in analysis.frames if f is not None for pair in f.inside)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "The fire destroyed a building in Palmer, Alaska, early on Tuesday.",
            ("palmer", "alaska"),
        ),
        ("A strong earthquake struck Indonesia's Aceh province.", ("aceh province", "indonesia")),
        (
            "Thousands fled the Nuba Mountains in South Kordofan.",
            ("nuba mountains", "south kordofan"),
        ),
    ],
)
def test_the_parse_reads_which_place_lies_in_which(
    sentence: str, expected: tuple[str, str]
) -> None:
    assert inside(sentence) == (expected,)


@pytest.mark.slow
@pytest.mark.parametrize(
    "sentence",
    [
        "Protests spread to Paris, Lyon and Marseille on Saturday.",
        "Ministers from France, Germany, Italy and Spain met on Monday.",
        "Russia, Ukraine swap 90 prisoners.",  # a headline's two parties
        "Russia's Ukraine invasion began two years ago.",  # the possessive is not the place's
        "The war waged by Israel in Gaza continues.",  # "in" hangs on the verb
        "After Syria, Iraq is next.",
    ],
)
def test_places_side_by_side_are_not_always_nested(sentence: str) -> None:
    assert inside(sentence) == ()


@pytest.mark.slow
def test_places_one_article_nests_do_not_conflict_anywhere_in_the_comparison() -> None:
    texts = {
        "A": "A strong earthquake struck the Nuba Mountains on Tuesday, killing five people.",
        "B": "A strong earthquake struck South Kordofan on Tuesday, killing five people.",
        "C": "The quake hit the Nuba Mountains in South Kordofan on Tuesday, officials said.",
    }
    arts = [article(k, v + "\n", date(2024, 1, 5)) for k, v in texts.items()]

    def place_conflicts(articles: list[Article]) -> list[tuple[str, str]]:
        result = compare(articles, settings=Settings())
        return [
            d.values
            for r in result.relations
            for d in r.differences
            if d.conflicting and d.type == "place"
        ]

    # Nothing says where the mountains are.
    assert place_conflicts(arts[:2]) == [("Nuba Mountains", "South Kordofan")]
    # A country against a province is two sizes, whatever any article says.
    sizes = [
        article("A", "A strong earthquake struck Indonesia on Tuesday, killing five people.\n"),
        article("B", "A strong earthquake struck Aceh on Tuesday, killing five people.\n"),
    ]
    assert place_conflicts(sizes) == []
    assert place_conflicts(arts) == []
