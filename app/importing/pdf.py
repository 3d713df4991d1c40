"""PDF (``.pdf``): the text layer, its hard-wrapped lines reflowed into
paragraphs, lone page numbers dropped; the title from the metadata when it is
not a file name.  Scanned PDFs (no text layer) and password-protected ones
are refused with what to do instead."""

from __future__ import annotations

import io
import logging
import re
import warnings
from typing import Any

from app.errors import ImportRefused
from app.importing import limits
from app.importing.canonical import LINE_BREAK
from app.importing.extracted import FORMAT_PDF, Extracted
from app.importing.refusals import Ctx, damaged, too_much_text
from app.importing.titles import CLOSERS, clean_title, strip_site_suffix

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


def read_pdf(data: bytes, ctx: Ctx) -> Extracted:
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
                if total > 2 * limits.MAX_TEXT_CHARS:
                    raise too_much_text(ctx, total)
                pages.append(text)
            title = _pdf_title(reader)
        except ImportRefused:
            raise
        except FileNotDecryptedError:
            raise _encrypted(ctx, needs_library=False) from None
        except Exception as exc:  # pypdf raises many types on bad input
            raise damaged(ctx, "PDF document", exc, todo) from None
    if not pages:
        raise ctx.refuse(f"{ctx.quoted} has no pages", "the PDF contains no page at all", todo)
    if not any(page.strip() for page in pages):
        raise ctx.refuse(
            f"{ctx.quoted} has no text layer",
            "it looks like a scanned document: its pages are images, with no text to extract",
            "Run it through OCR (text recognition), for example with ocrmypdf or your "
            "scanner's software, and import the result",
        )
    return Extracted(
        FORMAT_PDF,
        "\n\n".join(page for page in pages if page),
        "",
        title,
        None,
    )


def _encrypted(ctx: Ctx, *, needs_library: bool) -> ImportRefused:
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
    return clean_title(strip_site_suffix(title, has_h1=True)) or None


def _reflow_pdf_page(raw: str) -> str:
    """Join the hard-wrapped lines of a PDF page into paragraphs.

    A line ends its paragraph when it is much shorter than the page's usual
    line, or ends a sentence while being somewhat short, or the next line is a
    bullet.  Lone page numbers are dropped.
    """
    lines = [line.strip() for line in LINE_BREAK.sub("\n", raw).split("\n")]
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
            ends_sentence = prev.rstrip(CLOSERS).endswith(_SENTENCE_END)
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
