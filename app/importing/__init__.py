"""Turn a file, or text from no file, into an ``Article``: decode, extract,
normalize, title, date.

``Article.text`` is the normalized text exactly as the window shows it; every
character offset anywhere in Crosscheck points into it, so everything that
changes text happens here, once, before any offset exists.

One module per concern (this file only names the public API):

- ``reader``: the entry points (``import_file``, ``import_bytes``,
  ``import_pasted``) and what every format shares after reading;
- ``registry``: which reader reads which bytes (signature first, then the
  suffix table); ``sniff``: what the bytes are, whatever the file's name;
- ``text`` (plain text, Markdown), ``html`` (+ ``html_article``, the article
  in a page), ``docx`` (bounded ZIP reading), ``pdf``: one module per format;
- ``decode`` (bytes to text, encodings, bad bytes), ``canonical`` (the
  normalized form of text), ``titles`` (title and published date from the
  text), ``refusals`` (what a refusal names and the shared refusals),
  ``limits`` (the sizes), ``extracted`` (what a reader hands back);
- ``pasting``: articles from the clipboard or standard input.

``Source.format`` is one of ``txt``, ``md``, ``html``, ``docx``, ``pdf`` (the
format actually read); ``Source.encoding`` names the codec the bytes were
decoded with, and is empty for .docx and .pdf, which carry their own.

Every refusal is an ``ImportRefused`` naming the file, what happened, why, and
what to do.  The heavy parsers (lxml, python-docx, pypdf, charset-normalizer)
are imported only when a file needs them; this package never imports spaCy or Qt.
"""

from __future__ import annotations

from app.importing.canonical import normalize_text, text_sha256
from app.importing.decode import decode_text
from app.importing.extracted import (
    FORMAT_DOCX,
    FORMAT_HTML,
    FORMAT_MARKDOWN,
    FORMAT_PDF,
    FORMAT_TEXT,
)
from app.importing.html import web_address
from app.importing.limits import MAX_SOURCE_BYTES, MAX_TEXT_CHARS
from app.importing.reader import (
    PASTED_ANY,
    PASTED_HTML,
    PASTED_TEXT,
    import_bytes,
    import_file,
    import_pasted,
)
from app.importing.registry import SUPPORTED_SUFFIXES
from app.importing.titles import FIRST_LINE_CHARS, first_line_title

__all__ = [
    "FIRST_LINE_CHARS",
    "FORMAT_DOCX",
    "FORMAT_HTML",
    "FORMAT_MARKDOWN",
    "FORMAT_PDF",
    "FORMAT_TEXT",
    "MAX_SOURCE_BYTES",
    "MAX_TEXT_CHARS",
    "PASTED_ANY",
    "PASTED_HTML",
    "PASTED_TEXT",
    "SUPPORTED_SUFFIXES",
    "decode_text",
    "first_line_title",
    "import_bytes",
    "import_file",
    "import_pasted",
    "normalize_text",
    "text_sha256",
    "web_address",
]
