"""What a relation is now: the engine's finding with the reporter's verdict.

The one home of that rule.  The window (panes, connectors, legend, status
bar, F8, relations table), the PDF summary and ``crosscheck session show``
all read it from here:

* a relation without a verdict, or confirmed, is what the engine found;
* a retyped one is the kind the reporter gave it;
* a rejected one is nothing any more (its effective kind is ``None``): it is
  listed and drawn as rejected, never counted as a match or a conflict;
* a relation the reporter judged is shown even when the engine marked it
  ``possible`` (hidden by default): the reporter has looked at it.

A relation is named by its id, its two claim ids in article order joined by
a hyphen (``A3-B7``): stable for a stored analysis, and readable.  Verdicts
are stored under :func:`app.session.relation_key`, which survives
re-analysis; :func:`judge` pairs the two.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum

from app.domain import Claim, Comparison, Difference, Relation, RelationKind
from app.errors import InputError
from app.session import RelationVerdict, Session, Verdict, relation_key


class RelationState(StrEnum):
    """What a relation counts as, now: one of its effective kinds, or rejected."""

    CONFLICT = "conflict"
    MATCH = "match"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class Judged:
    """One relation of a comparison, as the reporter's verdict leaves it."""

    index: int  # into Comparison.relations
    relation: Relation
    id: str  # "A3-B7": the two claim ids in article order
    claims: tuple[Claim, Claim]  # in article order, as in ``id``
    # Where a verdict on it is (or would be) stored; None when its articles
    # are not (or not yet) the session's.
    key: str | None
    verdict: RelationVerdict | None = None

    @property
    def found(self) -> RelationKind:
        """The kind the engine found."""
        return self.relation.kind

    @property
    def judgement(self) -> Verdict | None:
        return self.verdict.verdict if self.verdict is not None else None

    @property
    def rejected(self) -> bool:
        return self.judgement is Verdict.REJECTED

    @property
    def retyped(self) -> bool:
        return self.kind is not None and self.kind is not self.found

    @property
    def kind(self) -> RelationKind | None:
        """The effective kind: the retyped kind, the engine's, or None when
        rejected."""
        v = self.verdict
        if v is None:
            return self.found
        if v.verdict is Verdict.REJECTED:
            return None
        if v.verdict is Verdict.RETYPED and v.kind is not None:
            return v.kind
        return self.found

    @property
    def state(self) -> RelationState:
        kind = self.kind
        return RelationState.REJECTED if kind is None else RelationState(kind.value)

    @property
    def possible(self) -> bool:
        """The engine is not sure of it and the reporter has not judged it."""
        return self.relation.possible and self.verdict is None

    def shown(self, include_possible: bool = False) -> bool:
        """Shown by default: the engine is sure of it, or the reporter judged it."""
        return include_possible or not self.relation.possible or self.verdict is not None

    @property
    def disagreements(self) -> tuple[Difference, ...]:
        """The differences shown as the conflict's values: none unless it is a
        conflict now; the contradictions the engine found, or, when it found
        none (a match retyped as a conflict), whatever values its differences
        hold."""
        if self.kind is not RelationKind.CONFLICT:
            return ()
        conflicting = tuple(d for d in self.relation.differences if d.conflicting)
        return conflicting or self.relation.differences

    def describe(self) -> str:
        """The verdict in words, with its note: "" when there is none."""
        v = self.verdict
        if v is None:
            return ""
        if v.verdict is Verdict.RETYPED and self.kind is not None:
            text = f"retyped by the reporter as a {self.kind}; the engine found a {self.found}"
        elif v.verdict is Verdict.REJECTED:
            text = f"rejected by the reporter; the engine found a {self.found}"
        else:
            text = "confirmed by the reporter"
        return text + (f" (note: {v.note})" if v.note else "")


class Judgements:
    """Every relation of a comparison as it is now, in the comparison's order
    (``judgements[n]`` is ``comparison.relations[n]``)."""

    def __init__(self, comparison: Comparison, relations: tuple[Judged, ...]) -> None:
        self.comparison = comparison
        self.relations = relations
        self._by_id = {j.id: j for j in reversed(relations)}  # the first wins

    def __len__(self) -> int:
        return len(self.relations)

    def __iter__(self) -> Iterator[Judged]:
        return iter(self.relations)

    def __getitem__(self, index: int) -> Judged:
        return self.relations[index]

    def counts(self) -> dict[str, int]:
        """How many relations are conflicts, matches and rejected, now (by
        RelationState, which reads as its plain word)."""
        out: dict[str, int] = dict.fromkeys(RelationState, 0)
        for j in self.relations:
            out[j.state] += 1
        return out

    def conflicts(self) -> list[Judged]:
        return [j for j in self.relations if j.kind is RelationKind.CONFLICT]

    def verdicts(self) -> dict[int, RelationVerdict]:
        """The verdicts by relation index."""
        return {j.index: j.verdict for j in self.relations if j.verdict is not None}

    def get(self, relation_id: str) -> Judged | None:
        """The relation named ``relation_id`` ("A3-B7", either order, any case)."""
        parts = [p.strip().upper() for p in relation_id.split("-")]
        if len(parts) != 2 or not all(parts):
            return None
        return self._by_id.get(f"{parts[0]}-{parts[1]}") or self._by_id.get(
            f"{parts[1]}-{parts[0]}"
        )

    def find(
        self,
        relation_id: str,
        where: str = "this comparison",
        listing: str = "crosscheck session show NAME --possible",
    ) -> Judged:
        """Like :meth:`get`, but an unknown id is an :class:`InputError`."""
        found = self.get(relation_id)
        if found is not None:
            return found
        example = self.relations[0].id if self.relations else "A3-B7"
        if len(relation_id.split("-")) != 2:
            why = f"A relation is named by its two claims joined by a hyphen, for example {example}"
        else:
            why = "No relation joins those two claims in the stored analysis"
        raise InputError(
            f"there is no relation {relation_id.strip()!r} in {where}",
            why,
            f"List the relations and their ids with `{listing}`, then give one of them",
        )


def relation_id(comparison: Comparison, relation: Relation) -> str:
    """The relation's id: its two claim ids in article order, "A3-B7"."""
    place = {a.id: n for n, a in enumerate(comparison.articles)}
    a, b = _ordered(
        comparison.claim(relation.claims[0]), comparison.claim(relation.claims[1]), place
    )
    return f"{a.id}-{b.id}"


def _ordered(a: Claim, b: Claim, place: Mapping[str, int]) -> tuple[Claim, Claim]:
    """The two claims in article order (then by position)."""
    if (place.get(b.article_id, 0), b.start) < (place.get(a.article_id, 0), a.start):
        return b, a
    return a, b


def relation_keys(keys: Mapping[str, str], a: Claim, b: Claim) -> tuple[str, str, str]:
    """The keys a verdict on the relation of ``a`` and ``b`` may be stored
    under: :func:`app.session.relation_key` first, then the two unsorted
    spellings older sessions may hold.  ``keys`` maps article ids to the
    session's article keys."""
    ka, kb = keys.get(a.article_id, a.article_id), keys.get(b.article_id, b.article_id)
    return (
        relation_key(ka, a.text, kb, b.text),
        f"{kb}:{b.text}|{ka}:{a.text}",
        f"{ka}:{a.text}|{kb}:{b.text}",
    )


def article_keys(comparison: Comparison, session: Session | None) -> dict[str, str]:
    """Article id -> the session's article key, for the comparison's articles
    the session holds at the same place with the same text (while a change
    of articles is analysed the two may differ; those get no key)."""
    if session is None:
        return {}
    return {
        article.id: item.key
        for item, article in zip(session.articles, comparison.articles, strict=False)
        if item.article.text == article.text
    }


def judge(comparison: Comparison, session: Session | None = None) -> Judgements:
    """Every relation of ``comparison`` with the verdict ``session`` holds on it."""
    keys = article_keys(comparison, session)
    verdicts = {v.relation_key: v for v in session.verdicts} if session is not None else {}
    claims = {c.id: c for c in comparison.claims}
    place = {a.id: n for n, a in enumerate(comparison.articles)}
    out: list[Judged] = []
    for n, rel in enumerate(comparison.relations):
        a, b = _ordered(claims[rel.claims[0]], claims[rel.claims[1]], place)
        key: str | None = None
        verdict: RelationVerdict | None = None
        if a.article_id in keys and b.article_id in keys:
            spellings = relation_keys(keys, a, b)
            key = spellings[0]
            for spelling in spellings:
                if spelling in verdicts:
                    key, verdict = spelling, verdicts[spelling]
                    break
        out.append(Judged(n, rel, f"{a.id}-{b.id}", (a, b), key, verdict))
    return Judgements(comparison, tuple(out))


def shown(
    comparison: Comparison, session: Session | None = None, include_possible: bool = False
) -> Comparison:
    """The comparison as shown by default (:meth:`Comparison.shown`), keeping
    the possible relations the reporter judged."""
    if include_possible:
        return comparison.shown(True)
    judged = {j.index for j in judge(comparison, session) if j.verdict is not None}
    return comparison.shown(False, keep=judged)
