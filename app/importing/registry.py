"""Which reader reads which bytes: the signature first (a PDF or Word file is
read as one whatever its name; pictures, programs and archives are refused),
then the suffix (one table), and for an unknown suffix whatever decodes as
text is text (or a web page, when it starts like one)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import PurePath

from app.errors import ImportRefused
from app.importing.decode import decode_bytes
from app.importing.docx import DAMAGED_ZIP, DOCX_TODO, read_docx, zip_kind
from app.importing.extracted import FORMAT_DOCX, FORMAT_TEXT, Extracted
from app.importing.html import read_html
from app.importing.pdf import read_pdf
from app.importing.refusals import Ctx, binary
from app.importing.sniff import ensure_textual, is_textual, looks_like_html, sniff
from app.importing.text import read_markdown, read_plain

Reader = Callable[[bytes, Ctx], Extracted]

# The formats told by their suffix alone.  A .docx or .pdf is told by its
# signature; under those suffixes, bytes without one are refused.
READERS_BY_SUFFIX: Mapping[str, Reader] = {
    ".txt": read_plain,
    ".text": read_plain,
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".html": read_html,
    ".htm": read_html,
}
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(READERS_BY_SUFFIX) | {".docx", ".pdf"}


def extract(data: bytes, ctx: Ctx) -> Extracted:
    suffix = PurePath(ctx.name).suffix.lower()
    sniffed = sniff(data)
    if sniffed.kind == "pdf":
        # A real PDF is read as one whatever its name; under a text-like name,
        # text that merely starts with "%PDF-" stays text.
        try:
            return read_pdf(data, ctx)
        except ImportRefused:
            if suffix not in (".pdf", ".docx") and is_textual(data):
                return _read_by_suffix(data, ctx, suffix)
            raise
    if sniffed.kind == "zip":
        kind = zip_kind(data)
        if kind == FORMAT_DOCX:
            return read_docx(data, ctx)
        if suffix == ".docx" and kind == DAMAGED_ZIP:
            raise ctx.refuse(
                f"{ctx.quoted} could not be read as a Word document",
                "its ZIP package is incomplete or corrupt: the file is damaged, perhaps cut "
                "short by a download or a copy",
                DOCX_TODO,
            )
        if suffix == ".docx":
            raise ctx.refuse(
                f"{ctx.quoted} is not a Word document",
                f"it is {kind}, not a .docx file, even though its name ends in .docx",
                "Open it in the program that made it and save the article as .docx, .txt or .pdf",
            )
        raise binary(ctx, f"it is {kind}")
    if sniffed.kind == "old-office":
        raise binary(
            ctx,
            f"it is {sniffed.description}, a format Crosscheck does not read",
            "Open it in Word or LibreOffice and save it as .docx, or save the article as .txt",
        )
    if sniffed.kind == "rtf":
        raise binary(
            ctx,
            f"it is {sniffed.description}, a format Crosscheck does not read",
            "Open it in a word processor and save it as .docx or .txt",
        )
    if sniffed.kind == "binary":
        todo = ""
        if "image" in sniffed.description:
            todo = (
                "If it is a picture of an article, run it through OCR (text recognition) "
                "and import the text"
            )
        raise binary(ctx, f"it is {sniffed.description}", todo)
    return _read_by_suffix(data, ctx, suffix)


def _read_by_suffix(data: bytes, ctx: Ctx, suffix: str) -> Extracted:
    if suffix == ".docx":
        raise ctx.refuse(
            f"{ctx.quoted} is not a Word document",
            "a .docx file is a ZIP package and this one does not start like one: it is "
            "damaged or was renamed",
            DOCX_TODO,
        )
    if suffix == ".pdf":
        why = "it does not start with the PDF signature: it is damaged or not a PDF"
        if looks_like_html(data[:2048].decode("latin-1")):
            why = (
                "it is a web page (HTML), not a PDF; perhaps an error page was saved "
                "instead of the document"
            )
        raise ctx.refuse(
            f"{ctx.quoted} is not a PDF document",
            why,
            "Download or export the PDF again, or save the article as .txt or .html",
        )
    reader = READERS_BY_SUFFIX.get(suffix)
    if reader is not None:
        return reader(data, ctx)
    # Unknown suffix: whatever decodes as text is text.
    decoded = decode_bytes(data, declared=None)
    ensure_textual(ctx, decoded.text)
    if looks_like_html(decoded.text[:2048]):
        return read_html(data, ctx)
    return Extracted(FORMAT_TEXT, decoded.text, decoded.encoding, bad=decoded.bad)
