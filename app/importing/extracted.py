"""What a format's reader hands back, before normalization, title and date
fallbacks; and the values of ``Source.format``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import date

    from app.importing.decode import BadBytes

# Values of Source.format.

FORMAT_TEXT = "txt"
FORMAT_MARKDOWN = "md"
FORMAT_HTML = "html"
FORMAT_DOCX = "docx"
FORMAT_PDF = "pdf"


@dataclass(slots=True)
class Extracted:
    format: str
    text: str
    encoding: str = ""
    title: str | None = None
    published: date | None = None
    empty_why: str = "only whitespace was left after reading it"
    bad: BadBytes | None = None  # bytes the decoder replaced
    notes: tuple[str, ...] = ()  # other warnings, one paragraph each
    url: str = ""  # the page's own address, when an HTML page names it
