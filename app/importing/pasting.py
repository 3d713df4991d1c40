"""Articles that come from no file: a story copied from a browser and pasted
in the window (File > New article from clipboard), or text piped to
``crosscheck analyze -``.

Qt-free: the window hands over what the clipboard held as plain data
(``Clipboard``), and everything else happens here and in the importer,
the one home of turning bytes and HTML into article text, with the same
limits and refusals as a file.

Where a copied story came from, when the clipboard says so: Firefox adds the
page's address as ``text/x-moz-url-priv``, Chromium-based browsers as a
"source URL" format of their own (and, on Windows, as the ``SourceURL:``
header of the clipboard's "HTML Format"); a saved or generated fragment may
carry ``<base href>``, a canonical link or og:url, which the importer reads.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime

from app.domain import Article, Origin, Source
from app.errors import ImportRefused, InputError
from app.importing.html import web_address
from app.importing.reader import PASTED_ANY, PASTED_HTML, PASTED_TEXT, import_pasted
from app.importing.titles import first_line_title

CLIPBOARD_LABEL = "The pasted text"
STDIN_LABEL = "The text on standard input"

# Clipboard formats holding the address of the page a selection was copied
# from, in the order they are trusted.  (text/x-moz-url and text/uri-list are
# left out: they hold a copied *link*, not the page it was on.)
SOURCE_URL_FORMATS = (
    "text/x-moz-url-priv",
    "chromium/x-source-url",
    'application/x-qt-windows-mime;value="Chromium internal source URL"',
)
# Windows' raw "HTML Format" (CF_HTML): its header may name the page.
CF_HTML_FORMAT = 'application/x-qt-windows-mime;value="HTML Format"'
CLIPBOARD_FORMATS = (*SOURCE_URL_FORMATS, CF_HTML_FORMAT)

PROPOSED_TITLE_CHARS = 120


@dataclass(frozen=True, slots=True)
class Clipboard:
    """What the clipboard held: its HTML and plain text (either may be "")
    and the raw bytes of those of ``CLIPBOARD_FORMATS`` it offered."""

    html: str = ""
    text: str = ""
    formats: Mapping[str, bytes] = field(default_factory=dict)


def article_from_clipboard(clipboard: Clipboard, *, article_id: str = "A") -> Article:
    """The article on the clipboard: its HTML read like a web page when it
    has any (plain text otherwise, or when the HTML holds no text), with the
    page's address when the clipboard or the HTML names one.  The title is
    "" when nothing names it: ask, proposing ``proposed_title``.  Raises
    ``InputError`` (an ``ImportRefused`` for what the importer refuses)."""

    html, header_url = split_cf_html(clipboard.html)
    article: Article | None = None
    if html.strip():
        try:
            article = _read(html.encode("utf-8"), PASTED_HTML, article_id)
        except ImportRefused:
            if not clipboard.text.strip():
                raise
    if article is None:
        if not clipboard.text.strip():
            raise InputError(
                "The clipboard holds no text to make an article of",
                "it is empty, or holds only a picture or files",
                "Select the article in your browser, copy it (Ctrl+C), then try again",
            )
        article = _read(clipboard.text.encode("utf-8"), PASTED_TEXT, article_id)
    url = _clipboard_url(clipboard) or header_url or article.source.url
    return replace(article, source=replace(article.source, url=url))


def article_from_stdin(data: bytes, *, title: str = "", article_id: str = "A") -> Article:
    """The article piped in: a web page when it starts like one (a PDF or
    Word document when its signature says so), else plain text.  Named
    ``title``, else what the text calls itself, else its first line."""

    article = import_pasted(
        data, kind=PASTED_ANY, label=STDIN_LABEL, origin=Origin.STDIN, article_id=article_id
    )
    return with_title(article, title or article.title or proposed_title(article))


def _read(data: bytes, kind: str, article_id: str) -> Article:

    return import_pasted(
        data, kind=kind, label=CLIPBOARD_LABEL, origin=Origin.CLIPBOARD, article_id=article_id
    )


def with_title(article: Article, title: str) -> Article:
    """``article`` named ``title`` (spaces collapsed; unchanged when blank)."""
    title = " ".join(title.split())
    return replace(article, title=title) if title else article


def proposed_title(article: Article) -> str:
    """A title for an article that names none: its first line, by the rule
    files follow (``titles.first_line_title``: date lines skipped, cut at a
    word with "…"), only shorter, since the reporter can edit it."""
    return first_line_title(article.text, PROPOSED_TITLE_CHARS) or "Pasted article"


def _clipboard_url(clipboard: Clipboard) -> str:

    for name in SOURCE_URL_FORMATS:
        data = clipboard.formats.get(name)
        if data:
            lines = decode_format(data).strip().splitlines()
            url = web_address(lines[0]) if lines else ""
            if url:
                return url
    raw = clipboard.formats.get(CF_HTML_FORMAT)
    return split_cf_html(decode_format(raw))[1] if raw else ""


def decode_format(data: bytes) -> str:
    """A side format's bytes as text: Firefox writes UTF-16, others UTF-8."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace").replace("\x00", "")
    if len(data) >= 2 and data[1::2].count(0) > len(data) // 4:  # UTF-16LE, no BOM
        return data.decode("utf-16-le", errors="replace").replace("\x00", "")
    return data.decode("utf-8", errors="replace").replace("\x00", "")


def split_cf_html(html: str) -> tuple[str, str]:
    """Windows' clipboard HTML ("Version:0.9", "StartHTML:...", "SourceURL:..."
    lines before the markup) as (the markup, the SourceURL); other HTML as
    it is, with no address."""
    if not html.lstrip().lower().startswith("version:"):
        return html, ""

    start = html.find("<")
    header, markup = (html, "") if start < 0 else (html[:start], html[start:])
    for line in header.splitlines():
        key, _, value = line.partition(":")
        if key.strip().lower() == "sourceurl":
            return markup, web_address(value)
    return markup, ""


def describe_origin(source: Source, when: datetime | None = None) -> str:
    """Where an article without a file came from, for a person: "pasted
    from the clipboard on 5 Mar 2025, 14:02 (https://...)"; "" for a file."""
    if source.origin is Origin.FILE:
        return ""
    what = {
        Origin.CLIPBOARD: "pasted from the clipboard",
        Origin.STDIN: "read from standard input",
    }[source.origin]
    if when is not None:
        local = when.astimezone()
        what += f" on {local.day} {local:%b %Y, %H:%M}"
    return what + (f" ({source.url})" if source.url else "")


def source_label(source: Source) -> str:
    """Where an article came from, as the exports print it: the file's path,
    or for text from no file where it came from."""
    return source.path if source.origin is Origin.FILE else describe_origin(source)
