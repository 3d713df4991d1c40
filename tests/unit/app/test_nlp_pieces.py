"""How text is fed to spaCy (app.nlp): sentence starts at line breaks set in
one pass, long texts parsed in pieces and joined back into one Doc."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app import nlp

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

_TEXTS = [
    "",
    "One line only.",
    "Headline\n\nFirst sentence. Second one.\nByline\n",
    "A\n\nB  \n c\n",
    "\n\nstarts with breaks",
    "One.\nTwo\n\n\n  Three four.\n\t\nFive",
    "  \n  \n",
]
_CHUNKY = st.lists(
    st.sampled_from(["word", "Word.", "  ", "\n", "\n\n", " \t", ".", "“Quote”", "x"]),
    max_size=60,
).map(" ".join)


def _blank() -> Language:
    import spacy

    return spacy.blank("en")


def _starts_one_by_one(doc: Doc) -> None:
    """The former component: one ``is_sent_start`` assignment per token."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if previous.is_space and "\n" in previous.text:
            token.is_sent_start = True
        elif (token.is_space and "\n" in token.text) or (
            not previous.is_space and previous.text[-1].isalnum()
        ):
            token.is_sent_start = False


@pytest.mark.parametrize("text", _TEXTS)
def test_line_break_starts_are_set_as_one_assignment_per_token_set_them(text: str) -> None:
    blank = _blank()
    one_by_one, at_once = blank(text), blank(text)
    _starts_one_by_one(one_by_one)
    nlp.set_line_break_starts(at_once)
    assert [t.is_sent_start for t in at_once] == [t.is_sent_start for t in one_by_one]


@settings(max_examples=150, deadline=None)
@given(_CHUNKY, st.integers(1, 40), st.integers(0, 30))
def test_pieces_join_back_into_the_text(text: str, size: int, reach: int) -> None:
    pieces = nlp.split_text(text, size, reach)
    assert "".join(pieces) == text
    assert all(pieces) or pieces == [""]
    assert all(len(p) >= size for p in pieces[:-1])
    for piece in pieces[1:]:
        assert not piece[0].isspace()  # the blanks stay with the piece before


def test_a_short_text_is_one_piece_and_a_long_one_is_cut_after_line_breaks() -> None:
    assert nlp.split_text("short.\nText.", 100) == ["short.\nText."]
    text = "First line here.\n\n  Second line here.\nThird.\n"
    assert nlp.split_text(text, 5) == ["First line here.\n\n  ", "Second line here.\n", "Third.\n"]


def test_without_a_line_break_a_piece_ends_at_a_sentence_end_then_a_blank() -> None:
    text = "Alpha beta. Gamma delta! Epsilon"
    assert nlp.split_text(text, 3, reach=20) == ["Alpha beta. ", "Gamma delta! ", "Epsilon"]
    assert nlp.split_text("aaaa bbbb cccc", 2, reach=3) == ["aaaa ", "bbbb ", "cccc"]
    assert nlp.split_text("x" * 50, 10) == ["x" * 50]


def test_batches_hold_less_text_when_pieces_are_long() -> None:
    assert nlp.batch_size_for(["x" * 1000] * 3) == 8
    assert nlp.batch_size_for(["x" * nlp.PIECE_CHARS]) == nlp.BATCH_CHARS // nlp.PIECE_CHARS
    assert nlp.batch_size_for(["x" * (10 * nlp.BATCH_CHARS)]) == 1
    assert nlp.batch_size_for([]) == 8


@settings(max_examples=60, deadline=None)
@given(_CHUNKY, st.integers(1, 30))
def test_joined_pieces_tokenize_as_the_whole_text(text: str, size: int) -> None:
    blank = _blank()
    pieces = nlp.split_text(text, size, reach=10)
    joined = nlp.join_docs([blank(p) for p in pieces])
    whole = blank(text)
    assert joined.text == text
    assert [(t.idx, t.text, t.whitespace_) for t in joined] == [
        (t.idx, t.text, t.whitespace_) for t in whole
    ]


@pytest.mark.slow
def test_a_long_article_is_parsed_in_pieces_with_progress_in_pieces(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from app.engine import compare
    from app.engine import parse as parse_stage

    from .helpers import article

    paragraph = (
        "Three people were killed on Thursday when a car bomb exploded in eastern Baghdad, "
        "police said.\nThe Green Zone was not hit, officials told reporters.\n\n"
    )
    long_text = "Bomb kills three in Baghdad\n\n" + paragraph * 12
    short_text = "Car bomb kills two in Baghdad\n\n" + paragraph.replace("Three", "Two")
    monkeypatch.setattr(nlp, "PIECE_CHARS", 400)
    monkeypatch.setattr(nlp, "PIECE_REACH", 400)
    parse_stage._cache.clear()
    reports: list[tuple[str, int, int]] = []
    comparison = compare(
        [article("A", long_text), article("B", short_text)],
        progress=lambda stage, done, total: reports.append((stage, done, total)),
    )
    parse_stage._cache.clear()
    parsing = [(done, total) for stage, done, total in reports if stage == "parsing"]
    pieces = len(nlp.split_text(long_text, 400, 400)) + 1
    assert pieces > 3
    assert parsing == [(n, pieces) for n in range(0, pieces + 1)]  # (0, n) before the first batch
    texts = {a.id: a.text for a in comparison.articles}
    long_claims = [c for c in comparison.claims if c.article_id == "A"]
    assert len(long_claims) >= 24  # every sentence of every piece
    for claim in comparison.claims:
        assert texts[claim.article_id][claim.start : claim.end] == claim.text
    assert any(r.kind.value == "conflict" for r in comparison.relations)
