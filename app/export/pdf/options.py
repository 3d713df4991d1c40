"""What the caller asks of an export, and what it gets back."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from app.editing.commands import os_user_name

Paper = Literal["A4", "Letter"]
KINDS = frozenset({"conflict", "match"})


@dataclass(frozen=True, slots=True)
class ExportOptions:
    include_texts: bool = True
    # Only open annotations, and no relations the user rejected.  When False,
    # rejected conflicts are listed last in the table, marked as rejected.
    only_open: bool = False
    kinds: frozenset[str] = KINDS  # which relation kinds: "conflict", "match"
    paper: Paper = "A4"
    title: str | None = None  # default: the session name
    author: str = field(default_factory=os_user_name)

    def __post_init__(self) -> None:
        unknown = set(self.kinds) - KINDS
        if unknown:
            raise ValueError(f"unknown relation kinds: {sorted(unknown)}")
        if self.paper not in ("A4", "Letter"):
            raise ValueError(f"unknown paper size: {self.paper!r}")


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    pages: int
    discrepancies: int  # rows of the discrepancy table
    annotations: int  # user annotations listed
    highlights: int  # real /Highlight annotations written
    font: str  # the embedded font family
    seconds: float
    fallback_fonts: tuple[str, ...] = ()  # families drawing what the main font lacks
    unprintable: tuple[str, ...] = ()  # characters no font on this computer has
