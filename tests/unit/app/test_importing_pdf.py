"""PDF (``app.importing.pdf``): the text layer reflowed, the metadata title, and
the refusals of scanned, encrypted, damaged and fake PDFs."""

from __future__ import annotations

import io
import textwrap
from datetime import date

import pytest

from app.importing import import_bytes

from .importing_helpers import BODY, assert_readable, refusal


def pdf_bytes(pages: list[list[str]], *, title: str | None = None) -> bytes:
    pytest.importorskip(
        "reportlab", reason="reportlab (in the 'test' extra) is needed to build PDF fixtures"
    )
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    if title is not None:
        pdf.setTitle(title)
    for lines in pages:
        y = 800
        for line in lines:
            pdf.drawString(72, y, line)
            y -= 14
        if not lines:
            pdf.rect(72, 500, 200, 200, fill=1)  # a picture, no text
        pdf.showPage()
    pdf.save()
    return out.getvalue()


PDF_LINES = [
    "US strike kills militia leader",
    "January 5, 2024",
    "",
    *textwrap.wrap(BODY + " " + BODY, 80),
    "",
    "A short closing paragraph.",
]


def test_pdf_text_layer_is_reflowed_into_paragraphs() -> None:
    data = pdf_bytes([PDF_LINES, ["Second page text.", "2"]])
    article = import_bytes(data, name="story.pdf")
    assert article.source.format == "pdf"
    assert article.source.encoding == ""
    assert article.title == "US strike kills militia leader"
    assert article.published == date(2024, 1, 5)
    assert article.text == (
        "US strike kills militia leader\n\nJanuary 5, 2024\n\n"
        f"{BODY} {BODY}\n\nA short closing paragraph.\n\nSecond page text."
    )


def test_pdf_title_from_metadata_without_site_name() -> None:
    data = pdf_bytes([PDF_LINES], title="Metadata headline | Example News")
    assert import_bytes(data, name="a.pdf").title == "Metadata headline"
    junk = pdf_bytes([PDF_LINES], title="Microsoft Word - draft3.docx")
    assert import_bytes(junk, name="a.pdf").title == "US strike kills militia leader"


def test_pdf_renamed_txt_is_read_as_pdf() -> None:
    article = import_bytes(pdf_bytes([PDF_LINES]), name="saved.txt")
    assert article.source.format == "pdf"
    assert BODY in article.text


def test_scanned_pdf_is_refused_with_ocr_advice() -> None:
    error = refusal(pdf_bytes([[]]), "scan.pdf")
    assert_readable(error, "scan.pdf")
    assert "scanned" in error.why
    assert "OCR" in error.todo


def test_encrypted_pdf_is_refused() -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(pdf_bytes([PDF_LINES]))))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    error = refusal(out.getvalue(), "locked.pdf")
    assert_readable(error, "locked.pdf")
    assert "password" in error.what


def test_pdf_with_only_an_owner_password_is_read() -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(pdf_bytes([PDF_LINES]))))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    assert BODY in import_bytes(out.getvalue(), name="restricted.pdf").text


@pytest.mark.parametrize("cut", [0.3, 0.6])
def test_damaged_pdf_is_refused(cut: float) -> None:
    good = pdf_bytes([PDF_LINES])
    error = refusal(good[: int(len(good) * cut)], "cut.pdf")
    assert_readable(error, "cut.pdf")
    assert "damaged" in error.why


def test_pdf_suffix_without_pdf_content_is_refused() -> None:
    error = refusal(b"<!DOCTYPE html><html><body>Not found</body></html>", "report.pdf")
    assert_readable(error, "report.pdf")
    assert "web page" in error.why
    error = refusal(b"plain words", "words.pdf")
    assert "not a PDF" in error.what
