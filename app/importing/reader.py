"""The entry points: an article from a file, from bytes with a name, or from
text that came from no file (the clipboard, standard input).

Each reads the bytes with the reader the registry picks, then does what every
format shares: the size and text limits, normalization, the title and date
fallbacks, the ``Source`` record and the warnings."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path, PurePath

from app.domain import Article, Origin, Source
from app.importing import limits
from app.importing.canonical import normalize_text
from app.importing.decode import bad_bytes_warning
from app.importing.refusals import (
    SUPPORTED_HINT,
    Ctx,
    os_error,
    too_large,
    too_much_text,
    unreadable,
)
from app.importing.registry import extract
from app.importing.titles import find_published, first_line_title, title_from_text
from app.safe_text import replace_undecodable


def import_file(path: str | os.PathLike[str], *, article_id: str = "A") -> Article:
    """Read one article from a file.  Raises ``ImportRefused`` with a readable reason."""
    shown = os.fspath(path)
    p = Path(shown)
    ctx = Ctx(p.name or shown, shown)
    try:
        st = p.stat()
    except (FileNotFoundError, NotADirectoryError):
        raise ctx.refuse(
            f"Cannot open {ctx.quoted}",
            f"there is no file at {shown}",
            "Check the path and its spelling, or choose the file again",
        ) from None
    except PermissionError:
        raise unreadable(ctx) from None
    except OSError as exc:
        raise os_error(ctx, exc) from None
    if stat.S_ISDIR(st.st_mode):
        raise ctx.refuse(
            f"{ctx.quoted} is a folder, not a file",
            "Crosscheck reads one article per file",
            f"Choose {SUPPORTED_HINT} inside it",
        )
    if not stat.S_ISREG(st.st_mode):
        raise ctx.refuse(
            f"{ctx.quoted} is not a regular file",
            "it is a device, a pipe or a socket, which has no fixed content to read",
            f"Choose {SUPPORTED_HINT}",
        )
    if st.st_size > limits.MAX_SOURCE_BYTES:
        raise too_large(ctx, st.st_size)
    try:
        with p.open("rb") as handle:
            # Sized by the file, not the limit: read(limit) reserves the limit.
            data = handle.read(st.st_size + 1)
            if len(data) > st.st_size:  # it grew since: read on, up to the limit
                data += handle.read(limits.MAX_SOURCE_BYTES + 1 - len(data))
    except PermissionError:
        raise unreadable(ctx) from None
    except OSError as exc:
        raise os_error(ctx, exc) from None
    return _import(data, ctx, article_id=article_id, source_path=shown)


def import_bytes(data: bytes, *, name: str, article_id: str = "A", path: str = "") -> Article:
    """Read one article from bytes; ``name``'s suffix gives the format."""
    ctx = Ctx(PurePath(name).name or name, path or name)
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
    ctx = Ctx(name, "", label)
    if not data:
        raise ctx.refuse(
            f"{label} is empty",
            "there was no text to read",
            "Pipe the article in, for example: crosscheck analyze a.txt - < story.html"
            if origin is Origin.STDIN
            else "Copy the article's text first, then try again",
        )
    return _import(data, ctx, article_id=article_id, source_path="", origin=origin)


def _import(
    data: bytes, ctx: Ctx, *, article_id: str, source_path: str, origin: Origin = Origin.FILE
) -> Article:
    if len(data) > limits.MAX_SOURCE_BYTES:
        raise too_large(ctx, len(data))
    if not data:
        raise ctx.refuse(
            f"{ctx.quoted} is empty",
            "the file has 0 bytes",
            "Check that it was saved or downloaded completely, then import it again",
        )
    extracted = extract(data, ctx)
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
    if len(text) > limits.MAX_TEXT_CHARS:
        raise too_much_text(ctx, len(text))
    pasted = origin is not Origin.FILE
    # Text from no file has no file name to fall back on: its caller asks.
    title = (
        extracted.title
        or title_from_text(text)
        or ("" if pasted else first_line_title(text) or _stem(ctx.name))
    )
    published = extracted.published or find_published(text)
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
    bad = () if extracted.bad is None else (bad_bytes_warning(ctx, extracted.bad),)
    return Article(
        id=article_id,
        title=title,
        text=text,
        source=source,
        published=published,
        warnings=bad + extracted.notes,
    )


def _stem(name: str) -> str:
    # A title is text people read: a file name's stray bytes become U+FFFD.
    return replace_undecodable(PurePath(name).stem or name)
