"""Stage 6a: which values of two linked claims are values of the same thing.

Two claims that state one fact each carry values: "three fighters were killed
on Thursday" and "two commanders died in the strike on Wednesday".  A number
is worth comparing with another only when both measure the same quantity (the
same counted thing under the same predicate, in units of one dimension), a
date with a date of the same happening, a name with a name in the same role.
Whether two values are values of one slot is a probability from the fitted
slot model over the features below, computed from the parse for any verb and
any noun; it was fitted on linked pairs whose values agree or not.  Before
that, values that cannot be of one thing are never paired: the ages of two
people, what two named parties did, a part and a whole, a start of a span
and a date, and figures an order of magnitude apart under two predicates.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from app.domain import FactType
from app.engine.frames import Frame, Mention
from app.engine.places import PlaceTree
from app.engine.units import UNITS, dimension
from app.engine.values import VALUE_KINDS, comparable_kinds, compatible
from app.normalize import Quantity, same_name

# Name types compared as slots; groups ("Iraqi", "Republicans") are not.
COMPARED = frozenset(
    {
        FactType.NUMBER,
        FactType.DATE,
        FactType.TIME,
        FactType.PERSON,
        FactType.PLACE,
        FactType.ORGANIZATION,
    }
)
NAMES: tuple[str, ...] = (
    "noun_same",  # the same counted noun (or title)
    "noun_both_empty",
    "noun_cross",  # one's noun appears among the other's context words
    "unit_same",
    "unit_both_empty",
    "verb_same",  # the same predicate
    "verb_cross",  # one's predicate is a predicate of the other claim
    "role_same",  # the same grammatical role under it
    "context_overlap",  # Jaccard of the context words
    "only_pair",  # the only value of comparable kind in both claims
    "position_gap",  # where each sits in its claim (0..1), apart
    "link_probability",
    "is_number",
    "is_date",
    "is_time",
    "is_name",
    "left_same",  # the word before the value is the same in both
    "right_same",  # ... the word after it
    "type_same",  # both of one kind (0 only for two names the tagger gave two kinds)
)


@dataclass(frozen=True, slots=True)
class SlotPair:
    a: Mention
    b: Mention
    verdict: bool | None  # compatible values?


def _position(m: Mention, start: int, end: int) -> float:
    return (m.start - start) / max(1, end - start)


def mention_pairs(fa: Frame, fb: Frame, places: PlaceTree | None = None) -> Iterator[SlotPair]:
    """Every pair of comparable values of the two claims."""
    for ma in fa.mentions:
        if not _compared(ma):
            continue
        for mb in fb.mentions:
            if not _compared(mb) or not comparable_kinds(ma.type, mb.type):
                continue
            if _period_bound(ma) != _period_bound(mb) or _held_apart(ma, mb, fa, fb):
                continue
            if ma.part != mb.part:
                continue  # a part of a count is no value of the whole count
            verdict = compatible(ma, mb, places)
            if verdict is None or (verdict is False and _orders_apart(ma, mb)):
                continue
            yield SlotPair(ma, mb, verdict)


# Two reports of one quantity are of one order of magnitude: figures more
# than this many times apart, told of two predicates ("finished with 23
# points" in a game, "became the leader with 2,117" in a career; "over
# 14,000 sheltering", "killing four"), count two things.  Of one predicate
# they may be a toll told early and late ("one killed", "14 killed").
ORDERS_APART = 10.0


def _orders_apart(a: Mention, b: Mention) -> bool:
    qa, qb = a.value, b.value
    if not (isinstance(qa, Quantity) and isinstance(qb, Quantity)) or a.verb == b.verb:
        return False
    if a.unit != b.unit and dimension(a.unit) == dimension(b.unit):
        fa, fb = UNITS.get(a.unit, ("", 1.0))[1], UNITS.get(b.unit, ("", 1.0))[1]
    else:
        fa = fb = 1.0
    # Intervals apart: "over 14,000" and "four" are; "several" and 40 are not.
    (low_a, high_a), (low_b, high_b) = (qa.low * fa, qa.high * fa), (qb.low * fb, qb.high * fb)
    if low_a > high_b:
        return high_b > 0 and low_a > ORDERS_APART * high_b
    return low_b > high_a > 0 and low_b > ORDERS_APART * high_a


# Plurals the lemmatizer keeps apart from their singular.
_NOUN_FORMS = {"people": "person"}


def _noun(m: Mention) -> str:
    return _NOUN_FORMS.get(m.noun, m.noun)


def counts_of_two_things(a: Mention, b: Mention) -> bool:
    """Two bare counts of two different nouns under two different predicates
    ("damaged 120 schools" / "destroyed 120 homes"), unless one counts people
    in general, which may be any of them."""
    if a.type is not FactType.NUMBER or b.type is not FactType.NUMBER:
        return False
    if a.unit or b.unit or not (a.noun and b.noun) or a.verb == b.verb:
        return False
    return _noun(a) != _noun(b) and "person" not in (_noun(a), _noun(b))


def _compared(m: Mention) -> bool:
    """A value of the claim's own fact, not of its source."""
    return not m.source and m.type in COMPARED


# A date or time that bounds a span of time ("the first such vote since
# 1962" says nothing of when the vote was) is compared only with another
# bound ("held since March 3" / "since March 5").
_PERIOD_BOUNDS = frozenset({"pobj:since", "pobj:until", "pobj:till"})


def _period_bound(m: Mention) -> bool:
    return m.type in (FactType.DATE, FactType.TIME) and m.role in _PERIOD_BOUNDS


def _held_apart(a: Mention, b: Mention, fa: Frame, fb: Frame) -> bool:
    """Values of two different holders, never one thing: the ages of two
    people; counts of what two named parties did ("Echenique grabbed 11
    rebounds" / "Artino grabbed six") and the days or hours of what they did
    or what happened to them ("Williams was arrested early Sunday" /
    "Jackson was arrested on Tuesday"), unless a claim names the other's
    party too (the same event told with the parties the other way round)."""
    if not (a.holder and b.holder) or same_name(a.holder, b.holder):
        return False
    if a.unit == "age" and b.unit == "age":
        return True
    return not (_names(fb, a.holder) or _names(fa, b.holder))


def _names(frame: Frame, name: str) -> bool:
    return any(same_name(name, e) for e in frame.entities)


def slot_features(
    pair: SlotPair,
    fa: Frame,
    fb: Frame,
    spans: tuple[tuple[int, int], tuple[int, int]],
    link_probability: float,
) -> list[float]:
    a, b = pair.a, pair.b
    same_kind = [m for m in fa.mentions if _compared(m) and comparable_kinds(m.type, a.type)]
    same_kind_b = [m for m in fb.mentions if _compared(m) and comparable_kinds(m.type, b.type)]
    union = a.context | b.context
    is_name = a.type not in VALUE_KINDS
    return [
        float(bool(a.noun) and _noun(a) == _noun(b)),
        float(not a.noun and not b.noun),
        float((bool(a.noun) and a.noun in b.context) or (bool(b.noun) and b.noun in a.context)),
        float(bool(a.unit) and a.unit == b.unit),
        float(not a.unit and not b.unit),
        float(bool(a.verb) and a.verb == b.verb),
        float(
            (bool(a.verb) and a.verb in fb.predicates) or (bool(b.verb) and b.verb in fa.predicates)
        ),
        float(a.role == b.role),
        len(a.context & b.context) / len(union) if union else 0.0,
        float(len(same_kind) == 1 and len(same_kind_b) == 1),
        abs(_position(a, *spans[0]) - _position(b, *spans[1])),
        link_probability,
        float(a.type is FactType.NUMBER),
        float(a.type is FactType.DATE),
        float(a.type is FactType.TIME),
        float(is_name),
        float(bool(a.left) and a.left == b.left),
        float(bool(a.right) and a.right == b.right),
        float(a.type is b.type),
    ]


def slot_matrix(
    pairs: Sequence[SlotPair],
    fa: Frame,
    fb: Frame,
    spans: tuple[tuple[int, int], tuple[int, int]],
    link_probability: float,
) -> np.ndarray:
    if not pairs:
        return np.zeros((0, len(NAMES)))
    return np.asarray(
        [slot_features(p, fa, fb, spans, link_probability) for p in pairs], dtype=np.float64
    )
