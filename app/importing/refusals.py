"""What a refusal names (``Ctx``) and the refusals shared by every format:
too large, too much text, not an article, unreadable, damaged.  Each is an
``ImportRefused`` saying what happened, why, and what to do."""

from __future__ import annotations

from dataclasses import dataclass

from app.errors import ImportRefused
from app.importing import limits

SUPPORTED_HINT = "a .txt, .md, .html, .docx or .pdf file"


@dataclass(frozen=True, slots=True)
class Ctx:
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


def human_size(n: int) -> str:
    if n < 1024:
        return f"{n} bytes"
    if n < 1024 * 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")


def too_large(ctx: Ctx, size: int) -> ImportRefused:
    if ctx.label:  # standard input is read up to the limit only: its size is unknown
        return ctx.refuse(
            f"{ctx.quoted} is too large to import",
            f"it is more than {human_size(limits.MAX_SOURCE_BYTES)}, the most Crosscheck reads",
            "Copy or pass just the article you want to compare",
        )
    return ctx.refuse(
        f"{ctx.quoted} is too large to import",
        f"it is {human_size(size)} and Crosscheck reads files of up to "
        f"{human_size(limits.MAX_SOURCE_BYTES)}",
        "Split it into smaller files, one article each, or save just the article you "
        "want to compare",
    )


def too_much_text(ctx: Ctx, chars: int) -> ImportRefused:
    return ctx.refuse(
        f"{ctx.quoted} holds too much text to compare",
        f"it has {chars:,} characters of text and the limit is {limits.MAX_TEXT_CHARS:,}",
        "Split it into smaller files, one article each, and import those",
    )


def binary(ctx: Ctx, why: str, todo: str = "") -> ImportRefused:
    if not todo and ctx.label:
        todo = "Copy the article's text itself, or save it as a file and open that"
    return ctx.refuse(
        f"{ctx.quoted} is not an article Crosscheck can read",
        why,
        todo or f"Choose {SUPPORTED_HINT} that holds the article's text",
    )


def unreadable(ctx: Ctx) -> ImportRefused:
    return ctx.refuse(
        f"Cannot read {ctx.quoted}",
        "permission to read it was denied",
        "Check the file's permissions, or copy it to a folder you can read",
    )


def os_error(ctx: Ctx, exc: OSError) -> ImportRefused:
    return ctx.refuse(
        f"Cannot read {ctx.quoted}",
        f"the system reported: {exc.strerror or exc}",
        "Check that the disk or network share is available and try again",
    )


def damaged(ctx: Ctx, kind: str, exc: BaseException, todo: str) -> ImportRefused:
    detail = str(exc).strip().splitlines()[0][:160] if str(exc).strip() else ""
    reason = type(exc).__name__ + (f": {detail}" if detail else "")
    return ctx.refuse(
        f"{ctx.quoted} could not be read as a {kind}",
        f"the file is damaged or is not really a {kind} ({reason})",
        todo,
    )
