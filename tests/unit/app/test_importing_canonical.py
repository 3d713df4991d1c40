"""The canonical form of article text (``app.importing.canonical``): what
``normalize_text`` changes and what it leaves alone."""

from __future__ import annotations

import hashlib
import unicodedata

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from app.errors import ImportRefused
from app.importing import import_bytes, normalize_text, text_sha256

from .importing_helpers import BODY


def test_line_endings() -> None:
    assert normalize_text("a\r\nb\rc\nd\u2028e\x0cf") == "a\nb\nc\nd\ne\nf"
    assert normalize_text("a\u2029b") == "a\n\nb"


def test_nfc_and_nfd_give_the_same_article() -> None:
    nfc = unicodedata.normalize("NFC", f"Café Zoë in Montréal\n\n{BODY}")
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfc != nfd
    a = import_bytes(nfc.encode(), name="a.txt")
    b = import_bytes(nfd.encode(), name="b.txt")
    assert a.text == b.text == nfc
    assert a.title == b.title
    assert a.source.sha256 != b.source.sha256  # the bytes differ
    assert text_sha256(nfc) == text_sha256(nfd)


def test_invisible_and_space_characters() -> None:
    raw = "a\u00a0b\u202fc d\u200be\ufefff\u00adg\x07h\ti\x1bj\u200dk"
    assert normalize_text(raw) == "a b c de" + "fgh\tij\u200dk"
    assert normalize_text("\ufeffStart") == "Start"


def test_quotes_and_dashes_are_kept() -> None:
    text = "“Quote” – ‘single’ — dash… «guillemets»"
    assert normalize_text(text) == text


def test_whitespace_lines() -> None:
    raw = "\n\n  \nTitle   \n\n\n\n\nBody line \t\n  indented\n\n\n"
    assert normalize_text(raw) == "Title\n\nBody line\n  indented"
    assert normalize_text("a\n\nb") == "a\n\nb"
    assert normalize_text("a\n\n\nb") == "a\n\nb"


def test_text_sha256_is_of_the_normalized_text() -> None:
    expected = hashlib.sha256(b"a b\n\nc").hexdigest()
    assert text_sha256("a\u00a0b  \r\n\r\n\r\nc\n") == expected


def test_lone_surrogates_cannot_reach_the_text() -> None:
    assert normalize_text("a\ud800b") == "a\ufffdb"


@given(st.text())
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert unicodedata.is_normalized("NFC", once)
    assert "\r" not in once
    assert "\n\n\n" not in once
    assert once == once.strip("\n")


# Text a person could type: no control characters except tab and line breaks.
TYPED = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\t\n\r")
)


@given(st.text())
@settings(max_examples=200)
def test_any_utf8_text_imports_as_its_normalization_or_is_refused(text: str) -> None:
    try:
        article = import_bytes(text.encode("utf-8", "surrogatepass"), name="t.txt")
    except ImportRefused:
        return
    assert article.text == normalize_text(text)


@given(TYPED)
@settings(max_examples=200)
def test_typed_text_is_refused_only_when_empty(text: str) -> None:
    assume(not text.startswith("{\\rtf"))
    expected = normalize_text(text)
    if not expected.strip():
        with pytest.raises(ImportRefused):
            import_bytes(text.encode("utf-8"), name="t.txt")
        return
    article = import_bytes(text.encode("utf-8"), name="t.txt")
    assert article.text == expected
    assert article.title
    assert article.source.encoding in ("utf-8", "utf-8-sig")
