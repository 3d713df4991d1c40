"""Bytes to text (``app.importing.decode``): byte-order marks, UTF-16 and UTF-8,
legacy code pages, and bytes that could not be decoded."""

from __future__ import annotations

import codecs

import pytest

from app.importing import decode_text, import_bytes

ENGLISH = "The minister said “we will not back down” — and the café’s owner agreed."
FRENCH = "Le ministre a déclaré à la presse que l'élève était très fâché, où est la forêt ? "


@pytest.mark.parametrize(
    ("bom", "codec", "name"),
    [
        (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be"),
    ],
)
def test_byte_order_marks(bom: bytes, codec: str, name: str) -> None:
    data = bom + ENGLISH.encode(codec)
    assert decode_text(data) == (ENGLISH, name)
    article = import_bytes(data, name="bom.txt")
    assert article.text == ENGLISH
    assert article.source.encoding == name


def test_python_utf16_codec_output() -> None:
    article = import_bytes(f"Title\n\n{ENGLISH}".encode("utf-16"), name="u16.txt")
    assert article.text == f"Title\n\n{ENGLISH}"
    assert article.source.encoding.startswith("utf-16")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_recognised(codec: str) -> None:
    assert decode_text(ENGLISH.encode(codec)) == (ENGLISH, codec)


def test_utf8() -> None:
    assert decode_text(ENGLISH.encode()) == (ENGLISH, "utf-8")


def test_cp1252_with_curly_quotes() -> None:
    data = ENGLISH.encode("cp1252")
    assert decode_text(data) == (ENGLISH, "cp1252")
    long = (ENGLISH + "\n") * 10
    assert decode_text(long.encode("cp1252")) == (long, "cp1252")
    assert import_bytes(data, name="old.txt").text == ENGLISH


def test_long_western_text_is_not_misread_as_central_european() -> None:
    text = FRENCH * 6
    assert len(text.encode("latin-1")) >= 200
    assert decode_text(text.encode("latin-1")) == (text, "cp1252")


def test_latin1_is_the_last_resort() -> None:
    # 0x81 is undefined in cp1252, so only latin-1 can decode this.
    data = "Café".encode("latin-1") + b" \x81 ok"
    text, encoding = decode_text(data)
    assert encoding == "latin-1"
    assert text == "Café \x81 ok"
    assert import_bytes(data, name="x.txt").text == "Café  ok"


def test_detector_reads_other_scripts() -> None:
    russian = "Министр заявил, что удар был нанесён по зданию в центре города. " * 5
    text, encoding = decode_text(russian.encode("cp1251"))
    assert text == russian
    assert encoding == "cp1251"
