"""What a saved comparison holds: articles in order, annotations, verdicts.

Plain frozen data shared by the pure editing commands (``app.editing.commands``), the
re-anchoring (``app.editing.anchoring``) and the store (``models``).  Anchors count
characters of the article's normalized text (``Article.text``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from app.domain import Article, RelationKind

# Tags every annotation can take; free tags are allowed besides these.
FIXED_TAGS = ("discrepancy", "verified", "needs source", "opinion", "other")
# Characters of context kept on each side of an anchored quote.
CONTEXT_CHARS = 32
# Control characters no note or title needs (they would drive the terminal it
# is printed on): every C0 and C1 control but the line break and the tab.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def article_letter(index: int) -> str:
    """A, B, ..., Z, AA, AB, ... for a 0-based position in a session."""
    letters = ""
    n = index
    while n >= 0:
        letters = chr(ord("A") + n % 26) + letters
        n = n // 26 - 1
    return letters


def relation_key(article_a: str, text_a: str, article_b: str, text_b: str) -> str:
    """The key a verdict is stored under: the two claims by their articles'
    stable keys and their text, in a fixed order, so it survives re-analysis
    (claim ids do not) and reads the same whichever claim comes first."""
    sides = sorted((f"{article_a}:{text_a}", f"{article_b}:{text_b}"))
    return "|".join(sides)


class AnnotationStatus(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"


class AnchorState(StrEnum):
    ANCHORED = "anchored"  # the quote is where it was
    MOVED = "moved"  # the exact quote was found elsewhere (the text changed)
    FUZZY = "fuzzy"  # only an approximate match: needs review
    ORPHANED = "orphaned"  # could not be placed; kept and listed, never dropped


class Verdict(StrEnum):
    CONFIRMED = "confirmed"
    REJECTED = "rejected"
    RETYPED = "retyped"  # the user says it is a match, not a conflict (or the reverse)


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where an annotation sits, in the manner of a W3C Web Annotation
    TextQuoteSelector + TextPositionSelector, plus the hash of the text it was
    made on."""

    exact: str
    prefix: str
    suffix: str
    start: int
    end: int
    text_sha256: str


@dataclass(frozen=True, slots=True)
class Annotation:
    id: str  # a uuid4 hex, stable across sessions and databases
    article_key: str  # SessionArticle.key of the annotated article
    anchor: Anchor
    note: str
    tag: str
    status: AnnotationStatus
    author: str
    created: datetime
    updated: datetime
    state: AnchorState = AnchorState.ANCHORED
    relation_key: str | None = None  # RelationVerdict.relation_key when tied to one
    version: int = 1  # optimistic concurrency: bumped by every stored change


@dataclass(frozen=True, slots=True)
class RelationVerdict:
    """A user's judgement of a machine relation.  The key names the relation by
    its two claims' article keys and texts, so it survives re-analysis."""

    relation_key: str
    verdict: Verdict
    kind: RelationKind | None  # the kind it was retyped to
    note: str
    updated: datetime


@dataclass(frozen=True, slots=True)
class SessionArticle:
    key: str  # a uuid4 hex: stable when articles are added, removed or reordered
    position: int  # 0-based order in the session
    article: Article  # Article.id is the letter for this position (A, B, ...)
    text_sha256: str  # hash of article.text (normalized), for anchors
    imported: datetime


@dataclass(frozen=True, slots=True)
class Session:
    name: str
    created: datetime
    updated: datetime
    articles: tuple[SessionArticle, ...]
    annotations: tuple[Annotation, ...] = ()
    verdicts: tuple[RelationVerdict, ...] = ()
