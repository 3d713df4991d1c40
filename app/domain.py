"""The plain data that crosses layers and threads.

Character offsets into ``Article.text`` are the only currency between layers:
no spaCy object and no ORM row ever leaves the module that made it.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum


class ClaimKind(StrEnum):
    STATEMENT = "statement"
    QUOTE = "quote"
    HEADING = "heading"
    BOILERPLATE = "boilerplate"


class FactType(StrEnum):
    NUMBER = "number"
    DATE = "date"
    TIME = "time"
    PERSON = "person"
    ORGANIZATION = "organization"
    PLACE = "place"
    GROUP = "group"
    NEGATION = "negation"
    ATTRIBUTION = "attribution"
    HEDGE = "hedge"


class DifferenceType(StrEnum):
    """What two linked claims differ on: a value of one slot (a number, a
    date, a name), or how the claim is told (negated, attributed, hedged)."""

    NUMBER = "number"
    DATE = "date"
    TIME = "time"
    PERSON = "person"
    ORGANIZATION = "organization"
    PLACE = "place"
    NEGATION = "negation"
    ATTRIBUTION = "attribution"
    HEDGE = "hedge"


class RelationKind(StrEnum):
    MATCH = "match"
    CONFLICT = "conflict"


# A fact's normalized value must survive a JSON round trip.
FactValue = str | int | float | None


class Origin(StrEnum):
    """Where an article's bytes came from: a file, or no file at all."""

    FILE = "file"
    CLIPBOARD = "clipboard"  # pasted in the window
    STDIN = "stdin"  # piped to `crosscheck analyze -`


@dataclass(frozen=True, slots=True)
class Source:
    """Where an article's text came from and how it was decoded.

    A pasted or piped article has no file: ``path`` is empty, ``origin``
    says where it came from and ``url`` the page it was copied from, when the
    clipboard said so ("" otherwise)."""

    path: str
    format: str
    encoding: str
    sha256: str
    size: int
    origin: Origin = Origin.FILE
    url: str = ""

    @property
    def has_file(self) -> bool:
        """Whether there is a file on disk to watch and read again."""
        return self.origin is Origin.FILE and bool(self.path)


@dataclass(frozen=True, slots=True)
class Article:
    """``warnings``: what the importer had to say about reading the file
    (one paragraph each, such as bytes it could not decode); not part of
    the article's identity and never stored."""

    id: str
    title: str
    text: str
    source: Source
    published: date | None = None
    warnings: tuple[str, ...] = field(default=(), compare=False)

    @property
    def word_count(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True, slots=True)
class Fact:
    """One checkable detail inside a claim.

    ``head`` names what the fact belongs to: for a number the thing it counts
    ("fighter"), for a date or place the event verb ("strike"), for an
    attribution the source.  ``event`` is the lemma of the predicate the fact
    hangs on ("kill"), used to compare only facts of the same event.
    """

    type: FactType
    text: str
    value: FactValue
    start: int
    end: int
    head: str = ""
    event: str = ""


@dataclass(frozen=True, slots=True)
class Claim:
    id: str
    article_id: str
    start: int
    end: int
    text: str
    kind: ClaimKind
    facts: tuple[Fact, ...] = ()

    @property
    def is_matchable(self) -> bool:
        """A claim the engine compares: a headline states a claim too;
        bylines, datelines and page furniture do not."""
        return self.kind is not ClaimKind.BOILERPLATE


@dataclass(frozen=True, slots=True)
class Difference:
    """One way two linked claims disagree, readable on its own."""

    type: DifferenceType
    values: tuple[str, str]
    spans: tuple[tuple[int, int], tuple[int, int]]
    note: str
    conflicting: bool = True


@dataclass(frozen=True, slots=True)
class Relation:
    """Two claims of two articles that state the same fact (``match``) or
    disagree on one slot of it (``conflict``).

    ``confidence`` is the engine's calibrated probability that the relation is
    right (for a conflict: that the two claims really disagree); ``possible``
    marks one the engine is not sure of, or one between two articles it finds
    to tell unrelated stories (``app.engine.stories``: then its confidence may
    be high), hidden unless asked for."""

    kind: RelationKind
    claims: tuple[str, str]
    score: float
    differences: tuple[Difference, ...] = ()
    confidence: float = 1.0
    possible: bool = False


@dataclass(frozen=True, slots=True)
class Settings:
    """Engine settings.  Part of the cache key of a comparison."""

    # 0 = only near-identical claims are linked, 1 = link generously.
    sensitivity: float = 0.5
    spacy_model: str = ""  # empty: CROSSCHECK_SPACY_MODEL, then the default
    max_chars: int = 2_000_000

    def cache_key(self) -> str:
        return f"sensitivity={self.sensitivity:.3f};model={self.spacy_model}"


@dataclass(frozen=True, slots=True)
class Comparison:
    articles: tuple[Article, ...]
    claims: tuple[Claim, ...]
    relations: tuple[Relation, ...]
    groups: tuple[tuple[str, ...], ...]
    engine: str
    settings: Settings = field(default_factory=Settings)

    @property
    def possible_count(self) -> int:
        return sum(r.possible for r in self.relations)

    def shown(self, include_possible: bool = False, keep: Collection[int] = ()) -> Comparison:
        """The comparison as shown by default: the relations the engine is
        sure of (with ``include_possible``, all of them), and those at the
        indices ``keep`` (the ones the reporter judged: ``app.editing.verdicts.shown``).
        The one rule the window, the report, the JSON and the PDF share."""
        if include_possible or not any(r.possible for r in self.relations):
            return self
        kept = tuple(r for n, r in enumerate(self.relations) if not r.possible or n in keep)
        if len(kept) == len(self.relations):
            return self
        ids = {c for r in kept for c in r.claims}
        groups = tuple(g for g in self.groups if all(c in ids for c in g))
        return replace(self, relations=kept, groups=groups)

    def claims_of(self, article_id: str) -> tuple[Claim, ...]:
        return tuple(c for c in self.claims if c.article_id == article_id)

    def claim(self, claim_id: str) -> Claim:
        for c in self.claims:
            if c.id == claim_id:
                return c
        raise KeyError(claim_id)
