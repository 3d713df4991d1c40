"""Properties of compare() that must hold for any input text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.engine import compare

from .helpers import article

# Text that looks like news often enough to exercise the parser, and raw
# Unicode (controls, surrogates excluded) to make sure nothing breaks on it.
_WORDS = st.sampled_from(
    "the strike killed three people on Thursday in Baghdad , . at least 120 dozens "
    "“ ” Kata’ib U.S. officials said reportedly not 6-3 12% $4.2 billion \n \n\n".split(" ")
)
_NEWSY = st.lists(_WORDS, min_size=1, max_size=60).map(" ".join)
_ANY = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=300)
_TEXT = st.one_of(_NEWSY, _ANY)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT, _TEXT)
def test_compare_never_raises_and_offsets_hold(text_a: str, text_b: str) -> None:
    comparison = compare([article("A", text_a), article("B", text_b)])
    texts = {a.id: a.text for a in comparison.articles}
    ids = [c.id for c in comparison.claims]
    assert len(ids) == len(set(ids))
    for claim in comparison.claims:
        assert texts[claim.article_id][claim.start : claim.end] == claim.text
        for fact in claim.facts:
            assert texts[claim.article_id][fact.start : fact.end] == fact.text
    owner = {c.id: c.article_id for c in comparison.claims}
    for rel in comparison.relations:
        assert owner[rel.claims[0]] != owner[rel.claims[1]]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_NEWSY, _NEWSY, _NEWSY)
def test_compare_is_deterministic(text_a: str, text_b: str, text_c: str) -> None:
    articles = [article("A", text_a), article("B", text_b), article("C", text_c)]
    first = compare(articles)
    from app.engine import parse

    parse._cache.clear()
    assert compare(articles) == first
