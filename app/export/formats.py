"""The export formats, their file endings and names."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from app.errors import InputError

Format = Literal["pdf", "md", "docx", "csv"]
FORMATS: tuple[Format, ...] = ("pdf", "md", "docx", "csv")
# The first ending is the one a file name gets when it has none.
SUFFIXES: dict[Format, tuple[str, ...]] = {
    "pdf": (".pdf",),
    "md": (".md", ".markdown"),
    "docx": (".docx",),
    "csv": (".csv",),
}
LABELS: dict[Format, str] = {
    "pdf": "PDF summary (annotated)",
    "md": "Markdown summary",
    "docx": "Word summary (DOCX)",
    "csv": "Relations table (CSV)",
}
# What the file is called in messages: "cannot write the PDF to ...".
WHAT: dict[Format, str] = {
    "pdf": "the PDF",
    "md": "the Markdown summary",
    "docx": "the Word document",
    "csv": "the CSV table",
}


def parse_format(name: str) -> Format:
    """``name`` ("md", "DOCX", ".csv") as a format; InputError if unknown."""
    wanted = name.strip().lower().lstrip(".")
    for fmt in FORMATS:
        if wanted == fmt or f".{wanted}" in SUFFIXES[fmt]:
            return fmt
    raise InputError(
        f"unknown export format {name!r}",
        f"the summary can be written as {', '.join(FORMATS)}",
        "Give one of those, for example --format md.",
    )


def format_of(path: str | os.PathLike[str]) -> Format:
    """The format a file name asks for by its ending; a name without one gets
    the PDF.  An ending that names no format is an InputError (a typo there
    would otherwise write a PDF under a name that says something else)."""
    suffix = Path(path).suffix.lower()
    if not suffix:
        return "pdf"
    for fmt in FORMATS:
        if suffix in SUFFIXES[fmt]:
            return fmt
    endings = ", ".join(s for fmt in FORMATS for s in SUFFIXES[fmt])
    raise InputError(
        f"cannot tell which format to write to {path}",
        f"its ending {suffix!r} is none of {endings}",
        "End the file name with one of those, or name the format with "
        "--format pdf, md, docx or csv.",
    )


def with_suffix(path: Path, fmt: Format) -> Path:
    """``path`` ending as ``fmt`` files do: an ending of another format is
    replaced, any other ending is kept and the format's added after it."""
    if not path.name:
        return path
    suffix = path.suffix.lower()
    if suffix in SUFFIXES[fmt]:
        return path
    if any(suffix in SUFFIXES[other] for other in FORMATS):
        return path.with_suffix(SUFFIXES[fmt][0])
    return path.with_name(path.name + SUFFIXES[fmt][0])
