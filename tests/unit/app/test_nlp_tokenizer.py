"""The pipeline as app.nlp loads it: the extra em-dash infix behaves as the
pipeline's infix pattern joined with it, a dollar sign with a country's
letters is a word of its own, and the loaded pipeline is left out of garbage
collection."""

from __future__ import annotations

import functools
import gc

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app import nlp

_DASHED = [
    "CITY,\u2014At least 52 died.",
    "the U.S.\u2014China talks:\u2014yes; \u2014 no",
    "a\u2014b 3\u20144, x,\u2014\u2014y word,\u2014",
    "\u2014\u2014,\u2014 ...\u2014 e,\u2014\u2026 (\u2014) \u201cso,\u2014\u201d",
    "no dash at all, here: none; really",
]
_PIECES = st.lists(
    st.sampled_from(["a", "B", "3", ",", ";", ":", ".", "\u2014", "-", " ", "...", "\u201c", ")"]),
    max_size=30,
).map("".join)


@functools.cache
def _tokenizers() -> tuple[object, object]:
    """The loaded pipeline's tokenizer, and a copy of it whose infixes are
    compiled from the pipeline's pattern joined with the dash (what the rule
    must equal)."""
    from spacy.tokenizer import Tokenizer
    from spacy.util import compile_infix_regex

    loaded = nlp.load()
    joined = Tokenizer(loaded.vocab).from_bytes(loaded.tokenizer.to_bytes())
    joined.infix_finditer = compile_infix_regex(
        [*(loaded.Defaults.infixes or ()), "(?<=[,;:])\u2014"]
    ).finditer
    return loaded.tokenizer, joined


def _words(tokenizer: object, text: str) -> list[str]:
    return [t.text for t in tokenizer(text)]  # type: ignore[operator]


@pytest.mark.parametrize("text", _DASHED)
def test_an_em_dash_after_a_comma_colon_or_semicolon_is_split_as_the_joined_pattern_splits_it(
    text: str,
) -> None:
    loaded, joined = _tokenizers()
    assert _words(loaded, text) == _words(joined, text)


def test_the_dash_after_a_dateline_is_a_word_of_its_own() -> None:
    assert _words(_tokenizers()[0], "CITY,\u2014At least")[:3] == ["CITY,", "\u2014", "At"]


@given(_PIECES)
@settings(max_examples=300, deadline=None)
def test_any_mix_of_dashes_and_punctuation_splits_as_the_joined_pattern(text: str) -> None:
    loaded, joined = _tokenizers()
    assert _words(loaded, text) == _words(joined, text)


def test_a_saved_tokenizer_keeps_the_rule() -> None:
    from spacy.tokenizer import Tokenizer

    loaded = nlp.load()
    restored = Tokenizer(loaded.vocab).from_bytes(loaded.tokenizer.to_bytes())
    assert _words(restored, "CITY,\u2014At least")[:3] == ["CITY,", "\u2014", "At"]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("$US1 million", ["$US", "1", "million"]),
        ("NZ$2.5m", ["NZ$", "2.5", "m"]),
        ("(A$40)", ["(", "A$", "40", ")"]),
        ("US$1", ["US$", "1"]),
        ("$5 to AB", ["$", "5", "to", "AB"]),  # a plain dollar as before
        ("$US alone", ["$", "US", "alone"]),  # no figure: no currency code
        ("AU$3 and HK$4", ["AU$", "3", "and", "HK$", "4"]),
    ],
)
def test_a_dollar_sign_with_a_countrys_letters_is_a_word_before_the_figure(
    text: str, words: list[str]
) -> None:
    assert _words(nlp.load().tokenizer, text) == words


def test_a_currency_the_lexicon_does_not_know_is_left_as_the_pipeline_reads_it() -> None:
    # "R$5": Brazil's real is not a dollar the engine can compare; it must not
    # lose its sign and become a bare 5.
    loaded, joined = _tokenizers()
    assert _words(loaded, "paid R$5 million") == _words(joined, "paid R$5 million")
    assert "5" not in _words(loaded, "paid R$5 million")


def test_a_saved_tokenizer_keeps_the_currency_rule() -> None:
    from spacy.tokenizer import Tokenizer

    loaded = nlp.load()
    restored = Tokenizer(loaded.vocab).from_bytes(loaded.tokenizer.to_bytes())
    for text in ("$US1 million", "spent NZ$2 and $3, (C$4)", "a $ 5 US$"):
        assert _words(restored, text) == _words(loaded.tokenizer, text)


def test_a_figure_in_millions_ends_its_sentence_with_a_full_stop() -> None:
    from spacy.tokenizer import Tokenizer

    loaded = nlp.load()
    text = "The club paid $15m. The tower was built in 1990."
    assert _words(loaded.tokenizer, text)[:7] == ["The", "club", "paid", "$", "15", "m", "."]
    assert len(list(loaded(text).sents)) == 2
    restored = Tokenizer(loaded.vocab).from_bytes(loaded.tokenizer.to_bytes())
    assert _words(restored, text) == _words(loaded.tokenizer, text)
    assert "a.m." in _words(loaded.tokenizer, "He left at 8 a.m. on Friday.")


def test_the_loaded_pipeline_is_frozen_out_of_garbage_collection() -> None:
    nlp.load()
    assert gc.get_freeze_count() > 0


@pytest.mark.parametrize("own", [",\u2014", "\u2014+", "[a-z]\u2014[a-z]", ";", "x"])
@pytest.mark.parametrize(
    "text", ["a,\u2014b", "a;\u2014\u2014b", "x:\u2014y,\u2014", "a\u2014b;\u2014c"]
)
def test_a_dash_inside_a_match_of_the_pipeline_is_no_second_match(own: str, text: str) -> None:
    import re

    rule = nlp._InfixesAndEmDash(re.compile(own).finditer)
    joined = re.compile(rule.pattern)
    spans = [(m.start(), m.end()) for m in rule.finditer(text)]
    assert spans == [(m.start(), m.end()) for m in joined.finditer(text)]
