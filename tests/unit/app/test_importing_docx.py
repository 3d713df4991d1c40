"""Word documents (``app.importing.docx``): paragraphs, headings, tables, titles,
and the refusals of packages that are not Word's or unpack too far."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from typing import TYPE_CHECKING, Any

import pytest

from app.importing import docx as docx_reader
from app.importing import import_bytes

if TYPE_CHECKING:
    from collections.abc import Callable


from .importing_helpers import BODY, assert_readable, refusal


def docx_bytes(build: Callable[[Any], object] | None = None, *, core_title: str = "") -> bytes:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.core_properties.title = core_title
    if build is not None:
        build(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx_paragraphs_headings_and_tables() -> None:
    def build(document: Any) -> None:
        document.add_paragraph("Jan 5, 2024")
        document.add_paragraph("Strike kills militia leader", style="Title")
        document.add_heading("What happened", level=1)
        document.add_paragraph(BODY)
        document.add_paragraph("")
        table = document.add_table(rows=2, cols=2)
        table.cell(0, 0).text = "Killed"
        table.cell(0, 1).text = "3"
        table.cell(1, 0).merge(table.cell(1, 1)).text = "Merged cell"
        document.add_paragraph("After the table.")

    article = import_bytes(docx_bytes(build, core_title="Core title"), name="w.docx")
    assert article.source.format == "docx"
    assert article.title == "Strike kills militia leader"
    assert article.published == date(2024, 1, 5)
    assert article.text == (
        "Jan 5, 2024\n\nStrike kills militia leader\n\nWhat happened\n\n"
        f"{BODY}\n\nKilled\n\n3\n\nMerged cell\n\nAfter the table."
    )


def test_docx_title_fallbacks_and_no_date_from_properties() -> None:
    def heading(document: Any) -> None:
        document.add_paragraph(BODY)
        document.add_heading("First heading", level=2)

    assert import_bytes(docx_bytes(heading), name="a.docx").title == "First heading"

    def body_only(document: Any) -> None:
        document.add_paragraph(BODY)

    article = import_bytes(docx_bytes(body_only, core_title="From properties"), name="b.docx")
    assert article.title == "From properties"
    # The core "created" timestamp is when the file was made, not published.
    assert article.published is None
    assert import_bytes(docx_bytes(body_only), name="c.docx").title.startswith(BODY[:40])


def test_empty_docx_is_refused() -> None:
    error = refusal(docx_bytes(), "blank.docx")
    assert_readable(error, "blank.docx")
    assert "no text" in error.what


def test_zip_renamed_docx_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "hello")
    error = refusal(out.getvalue(), "fake.docx")
    assert_readable(error, "fake.docx")
    assert "not a Word document" in error.what
    assert "ZIP archive" in error.why


def test_other_office_zip_is_named() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    error = refusal(out.getvalue(), "sheet.docx")
    assert "Excel" in error.why


def test_damaged_docx_is_refused() -> None:
    good = docx_bytes(lambda d: d.add_paragraph("Hello"))
    error = refusal(good[: len(good) // 2], "cut.docx")
    assert_readable(error, "cut.docx")
    assert "could not be read as a Word document" in error.what
    assert "damaged" in error.why
    error = refusal(b"this is plain text, not a docx", "plain.docx")
    assert_readable(error, "plain.docx")
    assert "not a Word document" in error.what


def test_word_package_missing_its_document_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/styles.xml", "<styles/>")
    error = refusal(out.getvalue(), "broken.docx")
    assert_readable(error, "broken.docx")
    assert "damaged" in error.why


def test_docx_that_unpacks_too_far_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    data = docx_bytes(lambda d: d.add_paragraph("Hello"))
    monkeypatch.setattr(docx_reader, "_MAX_UNPACKED_BYTES", 1000)
    error = refusal(data, "bomb.docx")
    assert_readable(error, "bomb.docx")
    assert "unpacks" in error.why
