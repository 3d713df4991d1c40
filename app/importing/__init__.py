"""Turn a file on disk into an ``Article``: decode, extract, normalize, title, date.

``Article.text`` is the normalized text exactly as the window shows it; every
character offset anywhere in Crosscheck points into it, so everything that
changes text happens here, once, before any offset exists.

Formats (by suffix, but content wins when the signature says otherwise):

- plain text (``.txt``, ``.text``) and Markdown (``.md``, ``.markdown``; kept as
  written, minus pure-markup lines such as horizontal rules and front matter);
- HTML (``.html``, ``.htm``): the main article only, without navigation, page
  header and footer, asides, scripts, forms, comments and frames (read by
  ``app.importing.html_article``).  Nothing is ever fetched and no external entity or DTD
  is resolved.  Text is never lost silently: a page nested too deep to parse
  is read as plain paragraphs, and prose of the page left out of the article
  is counted; both are reported in ``Article.warnings``;
- Word (``.docx``): paragraphs, headings and table cells, in order;
- PDF (``.pdf``): the text layer, lines reflowed into paragraphs.  Scanned PDFs
  (no text layer) and password-protected ones are refused with a clear message.

A file with an unknown suffix is sniffed: a PDF or Word signature is read as
such, anything that decodes as text is read as plain text (or as HTML when it
starts like a web page), anything else is refused.

``Source.format`` is one of ``txt``, ``md``, ``html``, ``docx``, ``pdf`` (the
format actually read); ``Source.encoding`` names the codec the bytes were
decoded with, and is empty for .docx and .pdf, which carry their own.

Title: HTML ``<h1>`` in the article, og:title, JSON-LD headline, ``<title>``
(site name cut off); the Word Title style, first heading, or document title;
the first Markdown ``#`` heading or front-matter title; PDF metadata title;
else the first line of the text when it reads like a headline; else the file
name's stem.  Published date: HTML metadata (meta tags, JSON-LD, ``<time>``),
Markdown front matter, else a dateline near the top of the text.  Never a
file's creation date: that is not when the article was published.

Every refusal is an ``ImportRefused`` naming the file, what happened, why, and
what to do.  The heavy parsers (lxml, python-docx, pypdf, charset-normalizer)
are imported only when a file needs them; this module never imports spaCy or Qt.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import json
import logging
import os
import re
import stat
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from app.dates import parse_date_string, parse_month
from app.domain import Article, Origin, Source
from app.errors import ImportRefused, one_paragraph
from app.safe_text import replace_undecodable

if TYPE_CHECKING:
    from collections.abc import Iterator

    from app.importing.html_article import PageText

__all__ = [
    "MAX_SOURCE_BYTES",
    "MAX_TEXT_CHARS",
    "SUPPORTED_SUFFIXES",
    "decode_text",
    "import_bytes",
    "import_file",
    "import_pasted",
    "normalize_text",
    "text_sha256",
]

#: Largest source file we read (bytes).  Checked before reading a file.
MAX_SOURCE_BYTES: int = 50 * 1024 * 1024
#: Most characters of article text after extraction and normalization; the
#: engine's default ``Settings.max_chars`` is the same.
MAX_TEXT_CHARS: int = 2_000_000
# A .docx is a ZIP, read part by part through bounded streams (never whole),
# so a ZIP bomb is refused after a few MB of output, not after gigabytes.
# Its XML parts together may not unpack to more than the largest file we read
# (the markup of 2 M characters of text fits with room to spare) ...
_MAX_UNPACKED_BYTES = MAX_SOURCE_BYTES
# ... and no part may unpack to more than this many times its packed size once
# past _RATIO_GRACE bytes (Apache POI's bound; real Word XML packs 5-20 times).
_MAX_PACKING_RATIO = 100
_RATIO_GRACE = 1024 * 1024
_ZIP_CHUNK = 256 * 1024

_TEXT_SUFFIXES = frozenset({".txt", ".text"})
_MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
_HTML_SUFFIXES = frozenset({".html", ".htm"})
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(
    _TEXT_SUFFIXES | _MARKDOWN_SUFFIXES | _HTML_SUFFIXES | {".docx", ".pdf"}
)

# Values of Source.format.
FORMAT_TEXT = "txt"
FORMAT_MARKDOWN = "md"
FORMAT_HTML = "html"
FORMAT_DOCX = "docx"
FORMAT_PDF = "pdf"

_SUPPORTED_HINT = "a .txt, .md, .html, .docx or .pdf file"
_TITLE_MAX_CHARS = 200
_DATELINE_WINDOW = 15  # non-empty lines at the top searched for a dateline
_BODY_WORDS = 25  # a line this long is a body paragraph


# ---------------------------------------------------------------------------
# Normalization


_LINE_BREAK = re.compile("\r\n?|[\x0b\x0c\x85\u2028]")
# C0 and C1 controls except \t and \n (line breaks are already \n), zero-width
# space, word joiner, BOM and soft hyphen: all invisible, all break matching.
# Zero-width (non-)joiners are kept: they change how Persian, Arabic, Indic
# scripts and emoji render.
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200b\u2060\ufeff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_BLANK_RUN = re.compile(r"\n{3,}")


def normalize_text(text: str) -> str:
    """The canonical form of article text: what is shown and what offsets index.

    NFC; ``\\r\\n``, ``\\r`` and other line separators become ``\\n``; control
    characters other than ``\\n`` and ``\\t`` and zero-width characters are
    removed; no-break spaces become spaces; trailing whitespace is stripped from
    every line; runs of blank lines become one blank line; leading and trailing
    blank lines go.  Quotes, dashes and tabs are left as they are.  The function
    is idempotent.
    """
    text = _LINE_BREAK.sub("\n", text).replace("\u2029", "\n\n")
    text = _INVISIBLE.sub("", text)
    text = _SURROGATE.sub("\ufffd", text)
    text = text.replace("\u00a0", " ").replace("\u202f", " ")
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    text = _BLANK_RUN.sub("\n\n", text)
    return text.strip("\n")


def text_sha256(text: str) -> str:
    """Hex SHA-256 of the normalized text (UTF-8)."""
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()


# ---------------------------------------------------------------------------
# Decoding


_BOMS: tuple[tuple[bytes, str, str], ...] = (
    # UTF-32 LE before UTF-16 LE: its BOM starts with UTF-16 LE's.
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
)
_DETECT_MIN_BYTES = 200
_DETECT_MAX_CHAOS = 0.1
# Declared charsets that browsers read as windows-1252 (WHATWG encoding spec).
_READ_AS_CP1252 = frozenset({"ascii", "latin-1", "iso8859-1", "cp1252"})


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode bytes of unknown encoding; return the text and the encoding used.

    Order: byte-order mark (UTF-8, UTF-16, UTF-32), UTF-16 without a mark when
    the NUL pattern shows it, strict UTF-8, UTF-8 with a few bad bytes
    replaced by U+FFFD (when valid UTF-8 characters outnumber them),
    charset-normalizer for 200+ bytes when it is confident and finds a
    non-Latin script, cp1252, then latin-1 (which never fails).  Never raises.
    """
    decoded = _decode(data, declared=None)
    return decoded.text, decoded.encoding


@dataclass(frozen=True, slots=True)
class _BadBytes:
    """Byte sequences the codec could not decode, each replaced by U+FFFD."""

    encoding: str
    count: int
    first: tuple[tuple[int, int, int], ...]  # (line, column, byte offset) of the first few


@dataclass(frozen=True, slots=True)
class _Decoded:
    text: str
    encoding: str
    bad: _BadBytes | None = None


_SHOWN_BAD_BYTES = 5  # places named in the warning
_LINE_END = re.compile("\r\n?|\n")


def _decode(data: bytes, declared: str | None) -> _Decoded:
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            return _replacing(data, codec, name, len(bom))
    utf16 = _bomless_utf16(data)
    if utf16 is not None:
        try:
            return _Decoded(data.decode(utf16), utf16)
        except UnicodeDecodeError:
            pass
    try:
        return _Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    mostly_utf8 = _mostly_utf8(data)
    if mostly_utf8 is not None:
        return mostly_utf8
    if declared is not None:
        try:
            codec = codecs.lookup(declared).name
        except LookupError:
            codec = ""
        if codec in _READ_AS_CP1252:
            codec = "cp1252"
        if codec and not codec.startswith(("utf-8", "utf-16", "utf-32")):
            try:
                return _Decoded(data.decode(codec), codec)
            except UnicodeDecodeError:
                pass
    latin_guess: _Decoded | None = None
    if len(data) >= _DETECT_MIN_BYTES:
        guess = _detect(data)
        if guess is not None:
            text, codec, non_latin = guess
            if non_latin:
                return _Decoded(text, codec)
            latin_guess = _Decoded(text, codec)
    try:
        return _Decoded(data.decode("cp1252"), "cp1252")
    except UnicodeDecodeError:
        pass
    if latin_guess is not None:
        return latin_guess
    return _Decoded(data.decode("latin-1"), "latin-1")


def _mostly_utf8(data: bytes) -> _Decoded | None:
    """UTF-8 with its few undecodable sequences replaced by U+FFFD, when the
    valid multi-byte characters outnumber them; ``None`` otherwise.

    Text in a legacy code page (cp1252, cp1251...) almost never forms a valid
    UTF-8 sequence by chance, and nearly every one of its accented letters
    breaks one, so it is left to the detectors below.
    """
    text = data.decode("utf-8", errors="replace")
    genuine = data.count("\ufffd".encode())  # U+FFFD written in the file itself
    replaced = text.count("\ufffd") - genuine
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))
    valid = non_ascii - replaced
    if valid < 1 or replaced > valid:
        return None
    return _Decoded(text, "utf-8", _BadBytes("UTF-8", replaced, _first_bad(data, "utf-8", 0)))


def _replacing(data: bytes, codec: str, name: str, skip: int) -> _Decoded:
    """``data[skip:]`` decoded with ``codec``, any bad sequence replaced (and reported)."""
    body = data[skip:]
    text = body.decode(codec, errors="replace")
    replaced = text.count("\ufffd") - body.count("\ufffd".encode(codec))
    if replaced <= 0:
        return _Decoded(text, name)
    first = _first_bad(body, codec, skip)
    label = "UTF-" + codec.split("-")[1]  # every codec with a byte-order mark is UTF
    return _Decoded(text, name, _BadBytes(label, max(replaced, len(first)), first))


def _first_bad(data: bytes, codec: str, skip: int) -> tuple[tuple[int, int, int], ...]:
    """(line, column, byte offset) of the first few sequences of ``data`` that
    ``codec`` cannot decode; lines and columns count from 1, offsets from 0
    and include the ``skip`` bytes before ``data`` (a byte-order mark)."""
    decode = codecs.lookup(codec).decode
    view = memoryview(data)
    found: list[tuple[int, int, int]] = []
    pos, line, column = 0, 1, 1
    while len(found) < _SHOWN_BAD_BYTES and pos < len(view):
        try:
            decode(view[pos:], "strict")
        except UnicodeDecodeError as exc:
            before = decode(view[pos : pos + exc.start], "strict")[0]
            breaks = [m.end() for m in _LINE_END.finditer(before)]
            if breaks:
                line += len(breaks)
                column = 1 + len(before) - breaks[-1]
            else:
                column += len(before)
            found.append((line, column, skip + pos + exc.start))
            column += 1  # the U+FFFD that replaces it
            pos += max(exc.end, exc.start + 1)
        else:
            break
    return tuple(found)


def _bomless_utf16(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when NULs sit on every other byte, as in UTF-16 text."""
    sample = data[:4096]
    # A few bytes prove nothing: "0\x00\xc2\x80" is as likely binary as UTF-16.
    if len(sample) < 32 or b"\x00" not in sample:
        return None
    sample = sample[: len(sample) // 2 * 2]
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) >= 0.4 * len(odd) and even.count(0) <= 0.02 * len(even):
        return "utf-16-le"
    if even.count(0) >= 0.4 * len(even) and odd.count(0) <= 0.02 * len(odd):
        return "utf-16-be"
    return None


def _detect(data: bytes) -> tuple[str, str, bool] | None:
    """charset-normalizer's confident guess: (text, codec, is a non-Latin script).

    Its choice among Latin code pages is unreliable for short Western texts (it
    reads French cp1252 as cp1250 and turns "à" into "ŕ"), so the caller trusts
    it only when the text is mostly in another script, such as Cyrillic.
    """
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.chaos > _DETECT_MAX_CHAOS:
        return None
    text = str(best)
    latin = other = 0
    for ch in text[:20_000]:
        if ord(ch) < 0x80 or not ch.isalpha():
            continue
        if ord(ch) < 0x250 or 0x1E00 <= ord(ch) <= 0x1EFF:
            latin += 1
        else:
            other += 1
    return text, str(best.encoding), other > latin


# ---------------------------------------------------------------------------
# Refusals


@dataclass(frozen=True, slots=True)
class _Ctx:
    """What messages need to name the file (or, for text that came from no
    file, ``label``: "The pasted text", "The text on standard input")."""

    name: str
    path: str
    label: str = ""

    def refuse(self, what: str, why: str = "", todo: str = "") -> ImportRefused:
        # message() joins the parts as sentences: each starts with a capital.
        return ImportRefused(self.path, what, why[:1].upper() + why[1:], todo)

    @property
    def quoted(self) -> str:
        return self.label or f'"{self.name}"'


def _human_size(n: int) -> str:
    if n < 1024:
        return f"{n} bytes"
    if n < 1024 * 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")


def _too_large(ctx: _Ctx, size: int) -> ImportRefused:
    if ctx.label:  # standard input is read up to the limit only: its size is unknown
        return ctx.refuse(
            f"{ctx.quoted} is too large to import",
            f"it is more than {_human_size(MAX_SOURCE_BYTES)}, the most Crosscheck reads",
            "Copy or pass just the article you want to compare",
        )
    return ctx.refuse(
        f"{ctx.quoted} is too large to import",
        f"it is {_human_size(size)} and Crosscheck reads files of up to "
        f"{_human_size(MAX_SOURCE_BYTES)}",
        "Split it into smaller files, one article each, or save just the article you "
        "want to compare",
    )


def _too_much_text(ctx: _Ctx, chars: int) -> ImportRefused:
    return ctx.refuse(
        f"{ctx.quoted} holds too much text to compare",
        f"it has {chars:,} characters of text and the limit is {MAX_TEXT_CHARS:,}",
        "Split it into smaller files, one article each, and import those",
    )


def _binary(ctx: _Ctx, why: str, todo: str = "") -> ImportRefused:
    if not todo and ctx.label:
        todo = "Copy the article's text itself, or save it as a file and open that"
    return ctx.refuse(
        f"{ctx.quoted} is not an article Crosscheck can read",
        why,
        todo or f"Choose {_SUPPORTED_HINT} that holds the article's text",
    )


# ---------------------------------------------------------------------------
# Signatures


_OLD_OFFICE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# (signature, what it is, only when a NUL byte follows soon: "GIF89a ..." and
# "MZ ..." could start a text file).
_SIGNATURES: tuple[tuple[bytes, str, bool], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image", False),
    (b"\xff\xd8\xff", "a JPEG image", False),
    (b"GIF87a", "a GIF image", True),
    (b"GIF89a", "a GIF image", True),
    (b"II*\x00", "a TIFF image", False),
    (b"MM\x00*", "a TIFF image", False),
    (b"\x7fELF", "a program (ELF executable)", False),
    (b"MZ", "a Windows program or library (EXE/DLL)", True),
    (b"\xca\xfe\xba\xbe", "a program (Mach-O or Java class)", False),
    (b"\xcf\xfa\xed\xfe", "a program (Mach-O executable)", False),
    (b"\x1f\x8b", "a gzip-compressed archive", False),
    (b"BZh91AY&SY", "a bzip2-compressed archive", False),
    (b"\xfd7zXZ\x00", "an xz-compressed archive", False),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive", False),
    (b"Rar!\x1a\x07", "a RAR archive", False),
    (b"SQLite format 3\x00", "an SQLite database", False),
    (b"\x00asm", "a WebAssembly module", False),
    (b"OggS", "an Ogg audio or video file", True),
    (b"fLaC", "a FLAC audio file", True),
    (b"ID3", "an MP3 audio file", True),
    (b"\x1aE\xdf\xa3", "a Matroska/WebM video", False),
)
_RIFF_KINDS = {b"WEBP": "a WebP image", b"WAVE": "a WAV audio file", b"AVI ": "an AVI video"}


@dataclass(frozen=True, slots=True)
class _Sniffed:
    kind: str  # "pdf", "zip", "binary", "old-office", "rtf" or "" (nothing special)
    description: str = ""


def _sniff(data: bytes) -> _Sniffed:
    head = data[:64]
    # The PDF header may legally follow up to 1 KB of junk.
    if b"%PDF-" in data[:1024]:
        return _Sniffed("pdf")
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return _Sniffed("zip")
    if head.startswith(_OLD_OFFICE):
        return _Sniffed("old-office", "an old-style Microsoft Office file (.doc, .xls or .ppt)")
    if head.startswith(b"{\\rtf"):
        return _Sniffed("rtf", "a Rich Text Format (RTF) document")
    if head.startswith(b"RIFF") and head[8:12] in _RIFF_KINDS:
        return _Sniffed("binary", _RIFF_KINDS[head[8:12]])
    if head[4:12] in (b"ftypisom", b"ftypmp42", b"ftypM4A ", b"ftypheic", b"ftypqt  "):
        return _Sniffed("binary", "an audio, video or HEIC image file")
    for signature, description, needs_nul in _SIGNATURES:
        if head.startswith(signature) and (not needs_nul or b"\x00" in head):
            return _Sniffed("binary", description)
    return _Sniffed("")


_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _ensure_textual(ctx: _Ctx, text: str) -> None:
    """Refuse decoded 'text' that is really binary data."""
    if "\x00" in text:
        raise _binary(
            ctx,
            "it contains NUL bytes, which text files never do: it is binary data, not text",
        )
    sample = text[:8192]
    if len(_CONTROL.findall(sample)) > max(8, len(sample) // 20):
        raise _binary(ctx, "it is full of control characters: it is binary data, not text")


# ---------------------------------------------------------------------------
# Entry points


@dataclass(slots=True)
class _Extracted:
    format: str
    text: str
    encoding: str = ""
    title: str | None = None
    published: date | None = None
    empty_why: str = "only whitespace was left after reading it"
    bad: _BadBytes | None = None  # bytes the decoder replaced
    notes: tuple[str, ...] = ()  # other warnings, one paragraph each
    url: str = ""  # the page's own address, when an HTML page names it


def import_file(path: str | os.PathLike[str], *, article_id: str = "A") -> Article:
    """Read one article from a file.  Raises ``ImportRefused`` with a readable reason."""
    shown = os.fspath(path)
    p = Path(shown)
    ctx = _Ctx(p.name or shown, shown)
    try:
        st = p.stat()
    except (FileNotFoundError, NotADirectoryError):
        raise ctx.refuse(
            f"Cannot open {ctx.quoted}",
            f"there is no file at {shown}",
            "Check the path and its spelling, or choose the file again",
        ) from None
    except PermissionError:
        raise _unreadable(ctx) from None
    except OSError as exc:
        raise _os_error(ctx, exc) from None
    if stat.S_ISDIR(st.st_mode):
        raise ctx.refuse(
            f"{ctx.quoted} is a folder, not a file",
            "Crosscheck reads one article per file",
            f"Choose {_SUPPORTED_HINT} inside it",
        )
    if not stat.S_ISREG(st.st_mode):
        raise ctx.refuse(
            f"{ctx.quoted} is not a regular file",
            "it is a device, a pipe or a socket, which has no fixed content to read",
            f"Choose {_SUPPORTED_HINT}",
        )
    if st.st_size > MAX_SOURCE_BYTES:
        raise _too_large(ctx, st.st_size)
    try:
        with p.open("rb") as handle:
            # Sized by the file, not the limit: read(limit) reserves the limit.
            data = handle.read(st.st_size + 1)
            if len(data) > st.st_size:  # it grew since: read on, up to the limit
                data += handle.read(MAX_SOURCE_BYTES + 1 - len(data))
    except PermissionError:
        raise _unreadable(ctx) from None
    except OSError as exc:
        raise _os_error(ctx, exc) from None
    return _import(data, ctx, article_id=article_id, source_path=shown)


def import_bytes(data: bytes, *, name: str, article_id: str = "A", path: str = "") -> Article:
    """Read one article from bytes; ``name``'s suffix gives the format."""
    ctx = _Ctx(PurePath(name).name or name, path or name)
    return _import(data, ctx, article_id=article_id, source_path=path)


PASTED_HTML = "html"  # import_pasted's kinds: read as a web page,
PASTED_TEXT = "text"  # as plain text,
PASTED_ANY = ""  # or as the bytes say (a page when it starts like one)


def import_pasted(
    data: bytes,
    *,
    kind: str,
    label: str,
    origin: Origin,
    article_id: str = "A",
) -> Article:
    """Read one article from bytes that came from no file: the clipboard or
    standard input.  The same rules as a file (limits, decoding, binary
    refused, HTML read by ``app.importing.html_article``); ``label`` names the input in
    messages.  ``Article.title`` is "" when nothing in the text names it (the
    caller asks, or takes the first line); ``Source.url`` is the page's own
    address when the HTML names it (``<base href>``, canonical link, og:url)."""
    name = {PASTED_HTML: "pasted.html", PASTED_TEXT: "pasted.txt"}.get(kind, "pasted")
    ctx = _Ctx(name, "", label)
    if not data:
        raise ctx.refuse(
            f"{label} is empty",
            "there was no text to read",
            "Pipe the article in, for example: crosscheck analyze a.txt - < story.html"
            if origin is Origin.STDIN
            else "Copy the article's text first, then try again",
        )
    return _import(data, ctx, article_id=article_id, source_path="", origin=origin)


def _unreadable(ctx: _Ctx) -> ImportRefused:
    return ctx.refuse(
        f"Cannot read {ctx.quoted}",
        "permission to read it was denied",
        "Check the file's permissions, or copy it to a folder you can read",
    )


def _os_error(ctx: _Ctx, exc: OSError) -> ImportRefused:
    return ctx.refuse(
        f"Cannot read {ctx.quoted}",
        f"the system reported: {exc.strerror or exc}",
        "Check that the disk or network share is available and try again",
    )


def _import(
    data: bytes, ctx: _Ctx, *, article_id: str, source_path: str, origin: Origin = Origin.FILE
) -> Article:
    if len(data) > MAX_SOURCE_BYTES:
        raise _too_large(ctx, len(data))
    if not data:
        raise ctx.refuse(
            f"{ctx.quoted} is empty",
            "the file has 0 bytes",
            "Check that it was saved or downloaded completely, then import it again",
        )
    extracted = _extract(data, ctx)
    text = normalize_text(extracted.text)
    if not text.strip():
        raise ctx.refuse(
            f"{ctx.quoted} contains no text",
            extracted.empty_why,
            "Select the article's text in the page and copy it again"
            if ctx.label
            else "Check that you chose the right file; if the article is visible when you "
            "open it elsewhere, copy its text into a .txt file",
        )
    if len(text) > MAX_TEXT_CHARS:
        raise _too_much_text(ctx, len(text))
    pasted = origin is not Origin.FILE
    # Text from no file has no file name to fall back on: its caller asks.
    title = (
        extracted.title
        or _title_from_text(text)
        or ("" if pasted else first_line_title(text) or _stem(ctx.name))
    )
    published = extracted.published or _find_published(text)
    source = Source(
        path=source_path,
        format=extracted.format,
        encoding=extracted.encoding,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        origin=origin,
        # Kept for pasted text only: a file's own path says where it is.
        url=extracted.url if pasted else "",
    )
    bad = () if extracted.bad is None else (_replaced_warning(ctx, extracted.bad),)
    return Article(
        id=article_id,
        title=title,
        text=text,
        source=source,
        published=published,
        warnings=bad + extracted.notes,
    )


def _replaced_warning(ctx: _Ctx, bad: _BadBytes) -> str:
    places = [f"line {line}, column {col} (byte {offset:,})" for line, col, offset in bad.first]
    if bad.count > len(places):
        places.append(f"{bad.count - len(places):,} more")
    where = places[0] if len(places) == 1 else ", ".join(places[:-1]) + " and " + places[-1]
    sequences = "1 byte sequence" if bad.count == 1 else f"{bad.count:,} byte sequences"
    return one_paragraph(
        f"{ctx.quoted} was read as {bad.encoding}, but {sequences} in it could not be "
        f"decoded and {'was' if bad.count == 1 else 'were'} replaced by \ufffd: at {where}",
        f"the rest of the file is valid {bad.encoding}; those bytes were damaged or written "
        "in another encoding",
        "Check those places against the original; the \ufffd marks them in the text",
    )


def _stem(name: str) -> str:
    # A title is text people read: a file name's stray bytes become U+FFFD.
    return replace_undecodable(PurePath(name).stem or name)


def _extract(data: bytes, ctx: _Ctx) -> _Extracted:
    suffix = PurePath(ctx.name).suffix.lower()
    sniffed = _sniff(data)
    if sniffed.kind == "pdf":
        # A real PDF is read as one whatever its name; under a text-like name,
        # text that merely starts with "%PDF-" stays text.
        try:
            return _read_pdf(data, ctx)
        except ImportRefused:
            if suffix not in (".pdf", ".docx") and _is_textual(data):
                return _read_by_suffix(data, ctx, suffix)
            raise
    if sniffed.kind == "zip":
        kind = _zip_kind(data)
        if kind == FORMAT_DOCX:
            return _read_docx(data, ctx)
        if suffix == ".docx" and kind == _DAMAGED_ZIP:
            raise ctx.refuse(
                f"{ctx.quoted} could not be read as a Word document",
                "its ZIP package is incomplete or corrupt: the file is damaged, perhaps cut "
                "short by a download or a copy",
                _DOCX_TODO,
            )
        if suffix == ".docx":
            raise ctx.refuse(
                f"{ctx.quoted} is not a Word document",
                f"it is {kind}, not a .docx file, even though its name ends in .docx",
                "Open it in the program that made it and save the article as .docx, .txt or .pdf",
            )
        raise _binary(ctx, f"it is {kind}")
    if sniffed.kind == "old-office":
        raise _binary(
            ctx,
            f"it is {sniffed.description}, a format Crosscheck does not read",
            "Open it in Word or LibreOffice and save it as .docx, or save the article as .txt",
        )
    if sniffed.kind == "rtf":
        raise _binary(
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
        raise _binary(ctx, f"it is {sniffed.description}", todo)
    return _read_by_suffix(data, ctx, suffix)


def _is_textual(data: bytes) -> bool:
    """Whether the bytes decode to text rather than binary data."""
    text, _encoding = decode_text(data)
    sample = text[:8192]
    return "\x00" not in text and len(_CONTROL.findall(sample)) <= max(8, len(sample) // 20)


def _read_by_suffix(data: bytes, ctx: _Ctx, suffix: str) -> _Extracted:
    if suffix == ".docx":
        raise ctx.refuse(
            f"{ctx.quoted} is not a Word document",
            "a .docx file is a ZIP package and this one does not start like one: it is "
            "damaged or was renamed",
            _DOCX_TODO,
        )
    if suffix == ".pdf":
        why = "it does not start with the PDF signature: it is damaged or not a PDF"
        if _looks_like_html(data[:2048].decode("latin-1")):
            why = (
                "it is a web page (HTML), not a PDF; perhaps an error page was saved "
                "instead of the document"
            )
        raise ctx.refuse(
            f"{ctx.quoted} is not a PDF document",
            why,
            "Download or export the PDF again, or save the article as .txt or .html",
        )
    if suffix in _HTML_SUFFIXES:
        return _read_html(data, ctx)
    if suffix in _MARKDOWN_SUFFIXES:
        return _read_markdown(data, ctx)
    if suffix in _TEXT_SUFFIXES:
        return _read_plain(data, ctx)
    # Unknown suffix: whatever decodes as text is text.
    decoded = _decode(data, declared=None)
    _ensure_textual(ctx, decoded.text)
    if _looks_like_html(decoded.text[:2048]):
        return _read_html(data, ctx)
    return _Extracted(FORMAT_TEXT, decoded.text, decoded.encoding, bad=decoded.bad)


# ---------------------------------------------------------------------------
# Plain text and Markdown


def _read_plain(data: bytes, ctx: _Ctx) -> _Extracted:
    decoded = _decode(data, declared=None)
    _ensure_textual(ctx, decoded.text)
    return _Extracted(FORMAT_TEXT, decoded.text, decoded.encoding, bad=decoded.bad)


_FENCE = re.compile(r"^ {0,3}(?:```|~~~)")
_ATX_H1 = re.compile(r"^ {0,3}#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$")
_SETEXT_H1 = re.compile(r"^ {0,3}=+[ \t]*$")
_MARKUP_LINE = re.compile(
    r"^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}|={3,}[ \t]*)$"
)
_FRONT_FIELD = re.compile(r"^([A-Za-z][\w-]*)\s*[:=]\s*(.*?)\s*$")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(?<!\w)[*_](\S(?:[^*_]*?\S)?)[*_](?!\w)")


def _read_markdown(data: bytes, ctx: _Ctx) -> _Extracted:
    decoded = _decode(data, declared=None)
    raw, encoding = decoded.text, decoded.encoding
    _ensure_textual(ctx, raw)
    text = normalize_text(raw)
    front, text = _split_front_matter(text)
    lines = text.split("\n")
    heading: str | None = None
    kept: list[str] = []
    in_fence = False
    for i, line in enumerate(lines):
        if _FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence:
            if heading is None:
                match = _ATX_H1.match(line)
                if match:
                    heading = match[1]
                elif (
                    line.strip()
                    and i + 1 < len(lines)
                    and _SETEXT_H1.match(lines[i + 1])
                    and not _MARKUP_LINE.match(line)
                ):
                    heading = line.strip()
            if _MARKUP_LINE.match(line):
                continue
        kept.append(line)
    title_source = heading if heading is not None else front.get("title")
    title = _clean_title(_md_inline(title_source)) if title_source else None
    published = None
    for key in ("date", "published", "pubdate", "publishdate", "published_at"):
        if key in front:
            published = parse_date_string(front[key])
            if published is not None:
                break
    return _Extracted(
        FORMAT_MARKDOWN, "\n".join(kept), encoding, title or None, published, bad=decoded.bad
    )


def _split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """YAML (``---``) or TOML (``+++``) front matter: its simple fields, and the rest."""
    lines = text.split("\n", 201)
    if not lines or lines[0].strip() not in ("---", "+++"):
        return {}, text
    fence = lines[0].strip()
    closers = {fence, "..."} if fence == "---" else {fence}
    for end in range(1, min(len(lines), 200)):
        if lines[end].strip() in closers:
            fields: dict[str, str] = {}
            for line in lines[1:end]:
                match = _FRONT_FIELD.match(line)
                if match and match[1].lower() not in fields:
                    fields[match[1].lower()] = match[2].strip().strip("\"'")
            return fields, "\n".join(lines[end + 1 :])
    return {}, text


def _md_inline(text: str) -> str:
    """Markdown inline markup off a title: links, emphasis, code."""
    text = _MD_LINK.sub(r"\1", text)
    for mark in ("**", "__", "`"):
        text = text.replace(mark, "")
    text = _MD_EMPHASIS.sub(r"\1", text)
    return text.strip().strip("*_").strip()


# ---------------------------------------------------------------------------
# Title and published date from the text itself


_NOT_A_TITLE_END = (".", ",", ";", ":")
_CLOSERS = "\"'”’)]»*_"


def _clean_title(title: str | None) -> str:
    if not title:
        return ""
    title = " ".join(normalize_text(title).split())
    if len(title) > 300:
        title = title[:300].rsplit(" ", 1)[0] + "…"
    return title


def _title_from_text(text: str) -> str:
    """The first non-empty line, if it reads like a headline (dates skipped)."""
    for count, line in enumerate(text.split("\n", 60)):
        if count >= 60:
            break
        candidate = line.strip().lstrip("#").strip()
        if not candidate or _date_line(candidate) is not None:
            continue
        candidate = _md_inline(candidate)
        core = candidate.rstrip(_CLOSERS)
        if len(candidate) <= _TITLE_MAX_CHARS and core and not core.endswith(_NOT_A_TITLE_END):
            return _clean_title(candidate)
        return ""
    return ""


FIRST_LINE_CHARS = 160  # a first line standing in for a title is cut here


def first_line_title(text: str, limit: int = FIRST_LINE_CHARS) -> str:
    """The text's first line, cut at a word before ``limit`` characters: what
    stands for a title when the text has no headline line (a reader knows an
    article by its words, not by its file's name)."""
    lines = (" ".join(line.split()) for line in text.split("\n", 60)[:60])
    first = next((line for line in lines if line and _date_line(line) is None), "")
    if len(first) > limit:
        first = first[: limit - 1].rsplit(" ", 1)[0] + "…"
    return first


_DECORATION = " \t*_#>"
_SEGMENT_SPLIT = re.compile(r"\s*[|•·]\s*")
_WIRE_DATELINE = re.compile(
    r"^[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,3}"  # BAGHDAD, NEW YORK, ST. LOUIS
    r"(?:,\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2})?"  # , Iraq  /  , N.Y.
    r",?\s+(?P<month>[A-Za-z]{3,9})\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?"
    r"(?:,?\s+(?P<year>\d{4}))?"
    r"\s*(?:\([^()\n]{1,40}\)\s*)?[-–—]"
)


def _date_line(line: str) -> date | None:
    """The date a line consists of (decorations, labels and bylines allowed)."""
    line = line.strip(_DECORATION)
    if not line or len(line) > 120:
        return None
    found = parse_date_string(line)
    if found is not None:
        return found
    # "Published Jan 5, 2024 | Updated Jan 6, 2024", "By Staff · Jan 5, 2024".
    segments = [s for s in _SEGMENT_SPLIT.split(line) if s]
    if len(segments) < 2:
        return None
    dates: list[date] = []
    for segment in segments:
        if segment.lower().startswith("by "):
            continue
        parsed = parse_date_string(segment.strip(_DECORATION))
        if parsed is None:
            return None
        dates.append(parsed)
    return dates[0] if dates else None


def _wire_dateline(line: str) -> date | None:
    """The date of a wire dateline ("WASHINGTON, Jan. 5, 2024 (Reuters) -") with a year."""
    match = _WIRE_DATELINE.match(line)
    if match is None or match["year"] is None:
        return None
    month = parse_month(match["month"])
    if month is None:
        return None
    try:
        return date(int(match["year"]), month, int(match["day"]))
    except ValueError:
        return None


def _head_lines(text: str, count: int) -> list[str]:
    """The first ``count`` non-empty lines, stripped, without splitting all the text."""
    lines: list[str] = []
    pos = 0
    while len(lines) < count and pos <= len(text):
        end = text.find("\n", pos)
        if end < 0:
            end = len(text)
        line = text[pos:end].strip()
        if line:
            lines.append(line)
        pos = end + 1
    return lines


def _find_published(text: str) -> date | None:
    """A dateline near the top of the text.

    A wire dateline with a year ("BAGHDAD, Jan. 5, 2024 (AP) -") wins.  Then,
    among the standalone date lines in the first lines, the last one that still
    has a body paragraph (25+ words) after it: sites often print today's date
    in the page header, above the headline, the byline, a blurb and the real
    date of the article.  Failing that, the date line closest to the top of the
    body.
    """
    lines = _head_lines(text, 2 * _DATELINE_WINDOW)
    is_body = [len(line.split()) >= _BODY_WORDS for line in lines]
    dates: list[tuple[int, date]] = []
    for index, line in enumerate(lines[:_DATELINE_WINDOW]):
        found = _date_line(line)
        if found is not None:
            dates.append((index, found))
            continue
        wire = _wire_dateline(line)
        if wire is not None:
            return wire
    if not dates:
        return None
    last_body = max((i for i, body in enumerate(is_body) if body), default=-1)
    before_body = [found for index, found in dates if index < last_body]
    if before_body:
        return before_body[-1]
    if last_body >= 0:
        return dates[0][1]  # only after the body: the first such line
    return dates[-1][1]  # no long paragraph at all: the one nearest the text


# ---------------------------------------------------------------------------
# HTML


_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# A doctype with an internal subset: libxml2's HTML parser would show "]>" as text.
# Removed, never read: its entities are never expanded.
_DOCTYPE_SUBSET = re.compile(r"<!DOCTYPE[^>\[]*\[.*?\]\s*>", re.I | re.S)
_HTML_START = re.compile(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html\b|head\b)", re.I | re.S)

_META_DATE_KEYS = (
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "date",
    "sailthru.date",
    "parsely-pub-date",
    "citation_publication_date",
)
_TITLE_SEPARATORS = (" | ", " – ", " — ", " - ", " :: ", " · ")
_WS = re.compile(r"\s+")


def _looks_like_html(head: str) -> bool:
    head = _XML_DECLARATION.sub("", head.lstrip("\ufeff"), count=1)
    return _HTML_START.match(head) is not None


def _declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    return match[1].decode("ascii") if match else None


def _text_of(el: Any) -> str:
    return str(_WS.sub(" ", el.text_content()).strip())


def _read_html(data: bytes, ctx: _Ctx) -> _Extracted:
    decoded = _decode(data, _declared_charset(data))
    source, encoding = decoded.text, decoded.encoding
    _ensure_textual(ctx, source)
    source = _XML_DECLARATION.sub("", source, count=1)
    source = _DOCTYPE_SUBSET.sub("", source[:100_000], count=1) + source[100_000:]
    result = _Extracted(
        FORMAT_HTML,
        "",
        encoding,
        empty_why="the page holds no article text, only markup, scripts or navigation",
        bad=decoded.bad,
    )
    if not source.strip():
        return result
    from app.importing.html_article import parse_page, read_article

    page = parse_page(source)
    if page is None:
        return result
    root = page.root
    meta = _html_meta(root)
    ld_headline, ld_published = _json_ld(root)
    any_h1 = next((t for h in root.iter("h1") if (t := _text_of(h))), "")
    title_tag = next((t for h in root.iter("title") if (t := _text_of(h))), "")
    published = _html_meta_date(root, meta) or ld_published

    article = read_article(page, source)
    container = article.container
    if published is None:
        published = _html_time(root, container)

    in_article_h1 = next((t for h in container.iter("h1") if (t := _text_of(h))), "")
    has_h1 = bool(in_article_h1 or any_h1)
    title = (
        in_article_h1
        or _strip_site_suffix(meta.get("og:title", ""), has_h1)
        or _strip_site_suffix(meta.get("twitter:title", ""), has_h1)
        or ld_headline
        or _strip_site_suffix(title_tag, has_h1)
        or any_h1
    )
    result.text = "\n\n".join(article.blocks)
    result.title = _clean_title(title) or None
    result.published = published
    result.notes = _html_notes(ctx, article)
    result.url = _page_url(root, meta)
    return result


def _page_url(root: Any, meta: dict[str, str]) -> str:
    """The address the page gives itself: ``<base href>`` (what browsers put
    in copied HTML, when they do), the canonical link, og:url; absolute
    http(s) addresses only."""
    candidates = [el.get("href") or "" for el in root.iter("base")]
    candidates += [
        el.get("href") or ""
        for el in root.iter("link")
        if "canonical" in (el.get("rel") or "").lower().split()
    ]
    candidates.append(meta.get("og:url", ""))
    return next((url for c in candidates if (url := web_address(c))), "")


_WEB_ADDRESS = re.compile(r"https?://[^\s/?#]+[^\s]*", re.I)


def web_address(text: str) -> str:
    """``text`` when it is one absolute http(s) address, else ""."""
    text = text.strip()
    return text if len(text) <= 2048 and _WEB_ADDRESS.fullmatch(text) else ""


def _html_notes(ctx: _Ctx, article: PageText) -> tuple[str, ...]:
    """What the reader of the page should know: text read without the page's
    structure, or prose of the page left out of the article."""
    from app.importing.html_article import MAX_DEPTH

    if article.stopped:
        why = (
            f"its elements are nested more than {MAX_DEPTH:,} levels deep, deeper than the "
            "HTML reader follows"
            if "depth" in article.stopped.lower()
            else f"the HTML reader stopped before the end of the page ({article.stopped})"
        )
        return (
            one_paragraph(
                f"{ctx.quoted} was read as plain text, without telling its article from "
                "menus, captions or comments",
                f"{why}, so all {article.words:,} words of the page's visible text were kept",
                "Check the text; if it holds more than the article, copy the article into a "
                ".txt file and import that",
            ),
        )
    if not article.much_left_out:
        return ()
    words = "1 word" if article.left_out == 1 else f"{article.left_out:,} words"
    start = f', and starts "{article.left_out_sample} …"' if article.left_out_sample else ""
    return (
        one_paragraph(
            f"{ctx.quoted} may be missing part of its article: {words} of text on the page "
            "were left out of it",
            f"Crosscheck kept the {article.words:,} words of the part of the page that reads "
            f"as the article; the text left out is prose, not menus or lists of links{start}",
            "Open the page in a browser and compare; if the article is cut short, copy all "
            "of it into a .txt file and import that",
        ),
    )


def _html_meta(root: Any) -> dict[str, str]:
    meta: dict[str, str] = {}
    for el in root.iter("meta"):
        key = el.get("property") or el.get("name") or el.get("itemprop") or ""
        content = el.get("content")
        key = key.strip().lower()
        if key and content and key not in meta:
            meta[key] = content.strip()
    return meta


def _html_meta_date(root: Any, meta: dict[str, str]) -> date | None:
    for key in _META_DATE_KEYS:
        if key in meta:
            found = parse_date_string(meta[key])
            if found is not None:
                return found
    for el in root.iter():
        if (el.get("itemprop") or "").lower() == "datepublished":
            value = el.get("content") or el.get("datetime") or _text_of(el)
            found = parse_date_string(value)
            if found is not None:
                return found
    return None


def _json_ld(root: Any) -> tuple[str, date | None]:
    """headline and datePublished from JSON-LD (schema.org NewsArticle and friends)."""
    headline = ""
    published: date | None = None
    for script in root.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        raw = script.text or ""
        if len(raw) > 1_000_000:
            continue
        try:
            stack: list[Any] = [json.loads(raw)]
        except (ValueError, RecursionError):
            continue
        visited = 0
        while stack and visited < 10_000:
            item = stack.pop()
            visited += 1
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                value = item.get("datePublished")
                if published is None and isinstance(value, str):
                    published = parse_date_string(value)
                value = item.get("headline")
                if not headline and isinstance(value, str):
                    headline = value.strip()
                stack.extend(reversed([v for v in item.values() if isinstance(v, list | dict)]))
    return headline, published


def _html_time(root: Any, container: Any) -> date | None:
    """<time pubdate> anywhere, else the first <time datetime> in the article."""
    for el in root.iter("time"):
        if el.get("pubdate") is not None:
            found = parse_date_string(el.get("datetime") or _text_of(el))
            if found is not None:
                return found
    for el in container.iter("time"):
        value = el.get("datetime")
        if value:
            found = parse_date_string(value)
            if found is not None:
                return found
    return None


def _strip_site_suffix(title: str, has_h1: bool) -> str:
    """Cut a site name off a title: "Headline | Site" -> "Headline".

    " | " always; " - ", " – " and the like only when the page has an <h1>,
    since a headline itself may contain a dash.
    """
    title = _WS.sub(" ", title).strip()
    for _ in range(3):
        for separator in _TITLE_SEPARATORS:
            if separator not in title or (separator != " | " and not has_h1):
                continue
            head, _sep, tail = title.rpartition(separator)
            if head.strip() and len(tail.split()) <= 5:
                title = head.strip()
                break
        else:
            break
    return title


# ---------------------------------------------------------------------------
# Word (.docx)


_DAMAGED_ZIP = "a damaged ZIP archive"
_DOCX_TODO = (
    "Open it in Word or LibreOffice and save it again as .docx, or save the article as .txt"
)


# Only stored and deflated members: Word writes nothing else, and the other
# methods (bzip2, LZMA) inflate a whole compressed block at once, unbounded.
_ZIP_METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})
# The parts that hold text, styles, relationships and properties; the rest
# (pictures, embedded objects, fonts, macros) is never unpacked.
_DOCX_TEXT_PARTS = (".xml", ".rels")


def _zip_kind(data: bytes) -> str:
    """FORMAT_DOCX for a Word package, else a description of the ZIP."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            mimetype = b""
            if "mimetype" in names:
                info = archive.getinfo("mimetype")
                # 100 bytes out of a stream: the member may be a bomb.
                if info.compress_type in _ZIP_METHODS:
                    with archive.open(info) as member:
                        mimetype = member.read(100)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, KeyError):
        return _DAMAGED_ZIP
    if "[Content_Types].xml" in names and any(n.startswith("word/") for n in names):
        return FORMAT_DOCX
    if any(n.startswith("xl/") for n in names):
        return "an Excel workbook (.xlsx)"
    if any(n.startswith("ppt/") for n in names):
        return "a PowerPoint presentation (.pptx)"
    if mimetype.startswith(b"application/vnd.oasis.opendocument.text"):
        return "an OpenDocument text (.odt)"
    if mimetype.startswith(b"application/epub"):
        return "an EPUB e-book"
    if mimetype.startswith(b"application/vnd.oasis.opendocument"):
        return "an OpenDocument file"
    return "a ZIP archive"


def _damaged(ctx: _Ctx, kind: str, exc: BaseException, todo: str) -> ImportRefused:
    detail = str(exc).strip().splitlines()[0][:160] if str(exc).strip() else ""
    reason = type(exc).__name__ + (f": {detail}" if detail else "")
    return ctx.refuse(
        f"{ctx.quoted} could not be read as a {kind}",
        f"the file is damaged or is not really a {kind} ({reason})",
        todo,
    )


def _read_docx(data: bytes, ctx: _Ctx) -> _Extracted:
    todo = _DOCX_TODO
    try:
        package = _docx_text_package(data, ctx)
    except ImportRefused:
        raise
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, KeyError) as exc:
        raise _damaged(ctx, "Word document", exc, todo) from None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import docx

            document = docx.Document(io.BytesIO(package))
            styles = _DocxStyles(document)
            blocks: list[str] = []
            styled_title = ""
            first_heading = ""
            chars = 0
            for text, paragraph in _docx_blocks(document.iter_inner_content()):
                blocks.append(text)
                chars += len(text)
                if chars > 2 * MAX_TEXT_CHARS:  # the final check is after normalizing
                    raise _too_much_text(ctx, chars)
                if paragraph is None or (styled_title and first_heading):
                    continue
                style = styles.name_of(paragraph)
                if not styled_title and style == "title":
                    styled_title = text
                if not first_heading and style.startswith("heading"):
                    first_heading = text
            core_title = document.core_properties.title or ""
    except ImportRefused:
        raise
    except Exception as exc:  # python-docx and lxml raise many types on bad input
        raise _damaged(ctx, "Word document", exc, todo) from None
    title = _clean_title(styled_title or first_heading or core_title)
    return _Extracted(
        FORMAT_DOCX,
        "\n\n".join(blocks),
        "",
        title or None,
        None,
        empty_why="the document has no text in its paragraphs or tables",
    )


def _docx_text_package(data: bytes, ctx: _Ctx) -> bytes:
    """The Word package with only its XML parts, each read through a stream
    that stops at the limits, and every other part left empty (never unpacked,
    but refused when it declares the packing of a ZIP bomb).

    python-docx reads every part it finds whole; it is given this copy, never
    the original archive.  Declared sizes are checked first (a refusal costs
    nothing), and the bytes actually unpacked are counted again, since a
    damaged or hostile archive may declare anything.
    """
    parts: dict[str, bytes] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = [info for info in archive.infolist() if not info.is_dir()]
        for info in members:
            _check_packing(ctx, info, info.file_size, len(data))
        texts = [info for info in members if info.filename.lower().endswith(_DOCX_TEXT_PARTS)]
        declared = 0
        for info in texts:
            declared += info.file_size
            _check_part(ctx, info, info.file_size, declared, len(data))
        unpacked = 0
        for info in texts:
            parts[info.filename] = _read_part(archive, info, ctx, unpacked, len(data))
            unpacked += len(parts[info.filename])
        for info in members:
            parts.setdefault(info.filename, b"")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as package:
        for name, blob in parts.items():
            package.writestr(name, blob)
    return out.getvalue()


def _read_part(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, ctx: _Ctx, before: int, packed: int
) -> bytes:
    """One member's bytes, read a chunk at a time and refused as soon as it
    passes a limit (``before``: what the package's earlier parts unpacked to;
    ``packed``: the size of the whole archive)."""
    chunks: list[bytes] = []
    size = 0
    with archive.open(info) as member:
        while chunk := member.read(_ZIP_CHUNK):
            size += len(chunk)
            _check_part(ctx, info, size, before + size, packed)
            chunks.append(chunk)
    return b"".join(chunks)


def _check_part(ctx: _Ctx, info: zipfile.ZipInfo, size: int, total: int, packed: int) -> None:
    """Refuse a part that unpacks too far: ``size`` is this part's unpacked
    bytes (declared or counted so far), ``total`` the package's."""
    if info.compress_type not in _ZIP_METHODS:
        raise ctx.refuse(
            f"{ctx.quoted} could not be read as a Word document",
            f"its part {info.filename} is packed with a method Word never uses "
            f"(ZIP method {info.compress_type}): the file is damaged or was not made by a "
            "word processor",
            _DOCX_TODO,
        )
    if total > _MAX_UNPACKED_BYTES:
        raise ctx.refuse(
            f"{ctx.quoted} is too large to import",
            f"it unpacks to more than {_human_size(_MAX_UNPACKED_BYTES)}, the most Crosscheck "
            "accepts for a Word document",
            "Split it into smaller documents, one article each",
        )
    _check_packing(ctx, info, size, packed)


def _check_packing(ctx: _Ctx, info: zipfile.ZipInfo, size: int, packed: int) -> None:
    """Refuse a part whose unpacked ``size`` is out of all proportion to its
    packed size, which is never more than the archive's (``packed``) whatever
    the archive declares."""
    compressed = max(min(info.compress_size, packed), 1)
    if size > _RATIO_GRACE and size > _MAX_PACKING_RATIO * compressed:
        raise ctx.refuse(
            f"{ctx.quoted} could not be read as a Word document",
            f"its part {info.filename} unpacks from {_human_size(compressed)} to "
            f"{_human_size(size)} or more, over {_MAX_PACKING_RATIO} times its packed size, which "
            "no word processor writes: it looks like a ZIP bomb, made to exhaust memory",
            "Ask the sender for the article as .txt or .pdf; if you trust the file, open it in "
            "Word or LibreOffice and copy the article into a .txt file",
        )


class _DocxStyles:
    """Lower-case style names of paragraphs, looked up once per style.

    python-docx's ``Paragraph.style`` scans every style of the document for
    each paragraph, which makes a long document take seconds.
    """

    def __init__(self, document: Any) -> None:
        self._document = document
        self._names: dict[str, str] | None = None

    def name_of(self, paragraph: Any) -> str:
        try:
            ppr = paragraph._p.pPr
            style_id = ppr.style if ppr is not None else None
        except AttributeError:  # a python-docx without these internals
            return self._slow(paragraph)
        if not style_id:
            return ""  # the default paragraph style: body text
        if self._names is None:
            self._names = {}
            for style in self._document.styles:
                if style.style_id and style.name:
                    self._names[str(style.style_id)] = str(style.name).lower()
        return self._names.get(str(style_id), "")

    @staticmethod
    def _slow(paragraph: Any) -> str:
        try:
            style = paragraph.style
            return str(style.name).lower() if style is not None and style.name else ""
        except (KeyError, AttributeError, ValueError):
            return ""


def _docx_blocks(items: Iterator[Any]) -> Iterator[tuple[str, Any]]:
    """(text, paragraph) of every paragraph, (text, None) of every table cell, in order."""
    from docx.table import Table

    for item in items:
        if isinstance(item, Table):
            # A merged cell is returned once per grid column it spans.  The dict
            # keeps each element alive, so no id is reused for another one.
            seen: dict[int, Any] = {}
            for row in item.rows:
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue
                    seen[id(cell._tc)] = cell._tc
                    lines = [t for t, _para in _docx_blocks(cell.iter_inner_content())]
                    if lines:
                        yield "\n".join(lines), None
        else:
            text = item.text.strip()
            if text:
                yield text, item


# ---------------------------------------------------------------------------
# PDF


_PAGE_NUMBER = re.compile(
    r"(?:page\s+)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?|[-–—]\s*\d{1,4}\s*[-–—]",
    re.I,
)
_SENTENCE_END = (".", "!", "?", ":")
_BULLETS = ("•", "◦", "▪", "‣", "- ", "* ")
_JUNK_PDF_TITLE = re.compile(
    r"^(?:untitled\b.*|.*\.(?:docx?|pdf|txt|rtf|odt|html?|indd|qxd|qxp|tmp)|"
    r"\s*|[\w-]*\d{4,}[\w-]*)$",
    re.I,
)


def _quiet_pypdf() -> None:
    """Keep pypdf's warnings about sloppy files off stderr when nobody set up logging.

    A NullHandler stops Python's last-resort handler from printing them; they
    still reach any handler the application configures.
    """
    logger = logging.getLogger("pypdf")
    if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
        logger.addHandler(logging.NullHandler())


def _read_pdf(data: bytes, ctx: _Ctx) -> _Extracted:
    todo = "Export or download the PDF again, or save the article as .txt"
    _quiet_pypdf()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            from pypdf import PasswordType, PdfReader
            from pypdf.errors import DependencyError, FileNotDecryptedError

            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                try:
                    unlocked = reader.decrypt("")
                except (DependencyError, NotImplementedError):
                    raise _encrypted(ctx, needs_library=True) from None
                if unlocked == PasswordType.NOT_DECRYPTED:
                    raise _encrypted(ctx, needs_library=False)
            pages: list[str] = []
            total = 0
            for page in reader.pages:
                text = _reflow_pdf_page(page.extract_text() or "")
                total += len(text)
                if total > 2 * MAX_TEXT_CHARS:
                    raise _too_much_text(ctx, total)
                pages.append(text)
            title = _pdf_title(reader)
        except ImportRefused:
            raise
        except FileNotDecryptedError:
            raise _encrypted(ctx, needs_library=False) from None
        except Exception as exc:  # pypdf raises many types on bad input
            raise _damaged(ctx, "PDF document", exc, todo) from None
    if not pages:
        raise ctx.refuse(f"{ctx.quoted} has no pages", "the PDF contains no page at all", todo)
    if not any(page.strip() for page in pages):
        raise ctx.refuse(
            f"{ctx.quoted} has no text layer",
            "it looks like a scanned document: its pages are images, with no text to extract",
            "Run it through OCR (text recognition), for example with ocrmypdf or your "
            "scanner's software, and import the result",
        )
    return _Extracted(
        FORMAT_PDF,
        "\n\n".join(page for page in pages if page),
        "",
        title,
        None,
    )


def _encrypted(ctx: _Ctx, *, needs_library: bool) -> ImportRefused:
    if needs_library:
        return ctx.refuse(
            f"{ctx.quoted} is encrypted",
            "it uses an encryption method that needs the optional 'cryptography' package, "
            "which is not installed",
            "Install it (pip install cryptography), or open the PDF and save an unencrypted copy",
        )
    return ctx.refuse(
        f"{ctx.quoted} is password-protected",
        "the PDF is encrypted and its text cannot be read without the password",
        "Open it with the password and save or print an unprotected copy, or copy the "
        "article's text into a .txt file",
    )


def _pdf_title(reader: Any) -> str | None:
    try:
        metadata = reader.metadata
        raw = metadata.title if metadata is not None else None
    except Exception:  # a broken info dictionary is not worth refusing the file
        return None
    if not isinstance(raw, str):
        return None
    title = raw.strip()
    if title.lower().startswith("microsoft word - "):
        title = title[len("microsoft word - ") :]
    if _JUNK_PDF_TITLE.fullmatch(title.strip()):
        return None
    return _clean_title(_strip_site_suffix(title, has_h1=True)) or None


def _reflow_pdf_page(raw: str) -> str:
    """Join the hard-wrapped lines of a PDF page into paragraphs.

    A line ends its paragraph when it is much shorter than the page's usual
    line, or ends a sentence while being somewhat short, or the next line is a
    bullet.  Lone page numbers are dropped.
    """
    lines = [line.strip() for line in _LINE_BREAK.sub("\n", raw).split("\n")]
    lines = [line for line in lines if not _PAGE_NUMBER.fullmatch(line)]
    lengths = sorted(len(line) for line in lines if line)
    if not lengths:
        return ""
    typical = lengths[int(0.8 * (len(lengths) - 1))]
    paragraphs: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            paragraphs.append(" ".join(current))
            current.clear()

    for line in lines:
        if not line:
            flush()
            continue
        if current:
            prev = current[-1]
            ends_sentence = prev.rstrip(_CLOSERS).endswith(_SENTENCE_END)
            if (
                typical < 40
                or len(prev) < 0.6 * typical
                or (ends_sentence and len(prev) < 0.9 * typical)
                or line.startswith(_BULLETS)
            ):
                flush()
            elif prev.endswith("-") and prev[-2:-1].isalpha() and line[:1].islower():
                current[-1] = prev + line  # a word broken at a hyphen
                continue
        current.append(line)
    flush()
    return "\n\n".join(paragraphs)
