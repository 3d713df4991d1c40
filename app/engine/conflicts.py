"""Stage 6b: where two linked claims disagree, and how sure that is.

A conflict is one disagreement inside agreement: the two claims state the same
fact (the link) and give incompatible values for one slot of it (the slot
model says the two values are values of the same thing; ``values`` says they
cannot both be true).  A disagreement on a value carries its evidence
(``EVIDENCE``):

- P(same fact) it rests on: for two numbers, dates or times, the link's
  probability were the two values to agree (``features.as_if_agreeing``: the
  link model counts agreeing figures as strong evidence of one fact, and a
  conflict is the case where everything but the disputed figure agrees); for
  names, the link itself;
- the link itself, the disagreement counted;
- P(same slot) from the slot model;
- the doubts: other slots the two claims also disagree on (two disagreements
  are more likely two facts than one told two ways), a name of one known to
  the other article in another place, two claims both dated long before
  their articles (background, often told for another scope) or only one of
  them (the past told beside the news: "in 2008 he stopped him in the 11th
  round"), a vague amount ("several", "dozens"), a rank ("the sixth
  round": ranks are as often of two members of one series), a day and a
  date more than a month from it (two happenings, not a slip), a claim
  with more than two figures (a line of statistics: two outlets' lines
  give different figures of one game or one year far more often than two
  versions of one);
- how many other values of the two claims agree, and the disputed pair's
  own slot evidence (the same noun, unit, predicate and role, the words
  around each value).

Its confidence is the conflict model's probability over that evidence, never
more than the P(same fact) it rests on: no conflict is surer than that the
two claims state one fact.  The model is fitted on the development half
(``tests/quality/fit.py``): the natural gold's conflicts and injected ones
against the other disagreements of the same stories and article pairs, each
weight held to the sign its evidence must have (``EVIDENCE_SIGN``; a feature
the fit would weigh the wrong way is left out, so its weight is 0), because
the injected pool counts two outlets' real but uninjected disagreements as
wrong.  The fit may leave P(same fact) out (it has since 0.2.7, for
the link itself): then the anchors only cap the confidence.  A negation is
as sure as its link: it has no slot, so the model would tell it apart and
learn the injections' share of negations instead.  Last, each kind of
disagreement (a date, a time, a negation, a name; a number is the
reference) moves the log-odds by an offset fitted on the natural
disagreements alone (the gold's and the judged real pairs'): between two
real outlets a differing date, name or negation is genuine far less often
than a differing figure with the same evidence, and the injected pool's mix
of kinds is made, not found.  The claims do not conflict when

- a value of one agrees with some value of the other (two figures reported
  side by side: "14 killed ... the toll rose to 16"), unless that value is a
  rough amount ("many" holds 214 and 241 alike) or a count of another noun
  under another predicate, equal by chance ("damaged 120 schools" /
  "destroyed 120 homes"), or the other gives the
  same figure without its unit ("226 yards ... Hillis added 101");
- two figures told of two predicates lie more than an order of magnitude
  apart (``slots.ORDERS_APART``: "23 points" in a game, "2,117" in a career);
- a figure of one is the sum of two the other gives under one predicate
  (379 people: 367 passengers and 12 crew) or the gap between them (a
  margin of 230: 432 votes to 202), whichever of them it was paired with;
- one negates what the other asserts, but the predicate is not the main
  one of both claims (nor, for claims with one subject, a verb coordinated
  with it); each is a different party's stance ("the union says ... cannot
  be justified" / "the company justified ..."); the negation, or most of
  the asserting claim, is a party's quoted words (unless both claims give
  them to one named speaker); the asserting claim negates the same
  predicate too, of something else; each denies what the other asserts (a
  negation moved: "I didn't feel we were" / "I feel we weren't"); or the
  two main predicates' subjects are two names that are not one ("Smith
  attended" / "Jones did not attend").  A question asserts and denies
  nothing (``frames``);
- two counts of two different nouns under two different predicates are
  at most a possible conflict (``TWO_THINGS_CEILING``).

Attribution ("according to the Pentagon" vs "witnesses said") and hedging
("reportedly") are differences worth showing, never conflicts.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from app.domain import Claim, Difference, DifferenceType, Fact, FactType
from app.engine.frames import LIGHT_VERBS, Frame, Mention
from app.engine.model import LogisticModel
from app.engine.places import PlaceTree
from app.engine.quotes import in_quotes, mostly_quoted
from app.engine.slots import NAMES as SLOT_NAMES
from app.engine.slots import SlotPair, counts_of_two_things, mention_pairs, slot_matrix
from app.engine.values import VALUE_KINDS, coarser, date_parts, days_apart, kind_of_pair
from app.lexicon import NEG_RAISING
from app.normalize import NameIndex, Quantity, name_tokens, same_name, vague_amount

_TYPE_LABEL = {
    FactType.NUMBER: DifferenceType.NUMBER,
    FactType.DATE: DifferenceType.DATE,
    FactType.TIME: DifferenceType.TIME,
    FactType.PERSON: DifferenceType.PERSON,
    FactType.PLACE: DifferenceType.PLACE,
    FactType.ORGANIZATION: DifferenceType.ORGANIZATION,
}
# Below this slot probability two values are not taken as values of one thing.
SLOT_FLOOR = 0.2
# Two counts of two different nouns under two different predicates ("left two
# others wounded" / "killed a mother of 12") are far more often two things
# than one told with synonyms ("killed 12 soldiers" / "15 troops died"): such
# a disagreement is never surer than this, under every fitted "show"
# threshold, so it is offered as possible and never shown by default.
TWO_THINGS_CEILING = 0.2


# What the conflict model weighs of a disagreement on a value, in this order:
# how sure the two claims are of one fact and the two values of one slot,
# the doubts, and the disputed pair's own slot evidence (``SLOT_EVIDENCE``).
# The kind of value is left out on purpose, and negation is not weighed by
# the model at all: the injected conflicts it is fitted on come in kinds of
# a fixed mix, which real coverage does not share, and a negation, with no
# slot, would be told apart by its evidence alone.
# Each piece of evidence and the sign its weight must have: evidence of one
# fact and one slot speaks for a conflict, a doubt against it (0: either way).
_SLOT_EVIDENCE: tuple[tuple[str, int], ...] = (
    ("noun_same", 1),
    ("noun_both_empty", 0),
    ("unit_same", 1),
    ("verb_same", 1),
    ("verb_cross", 1),
    ("role_same", 1),
    ("context_overlap", 1),
    ("only_pair", 1),
    ("position_gap", -1),
    ("left_same", 1),
    ("right_same", 1),
)
SLOT_EVIDENCE: tuple[str, ...] = tuple(name for name, _ in _SLOT_EVIDENCE)
_EVIDENCE: tuple[tuple[str, int], ...] = (
    ("log_rests_on", 1),  # log P(same fact) the disagreement rests on
    ("log_slot", 1),  # log P(same slot)
    ("log_link", 1),  # log of the link itself, the disagreement counted
    ("other_disagreements", -1),  # further values the two claims likely disagree on
    ("vague", -1),  # a rough amount ("several", "dozens")
    ("background", -1),  # both claims told only of times long before their articles
    ("background_one", -1),  # one claim told only of such times, the other not: two facts
    ("name_known", -1),  # the other article names this name elsewhere
    ("rank", -1),  # a rank ("the sixth round"): often of two members of one series
    ("far_apart", -1),  # a day and a date more than a month from it: two happenings
    ("crowded", -1),  # figures beyond two in the busier claim: a line of statistics
    ("names_share_a_word", -1),  # two names with a word in common: two forms of one?
    ("agreeing", 1),  # values of the two claims that agree
    *((f"slot_{name}", sign) for name, sign in _SLOT_EVIDENCE),
)
EVIDENCE: tuple[str, ...] = tuple(name for name, _ in _EVIDENCE)
EVIDENCE_SIGN: dict[str, int] = dict(_EVIDENCE)
_SLOT_COLUMNS = [SLOT_NAMES.index(name) for name in SLOT_EVIDENCE]
_FLOOR = 1e-6


@dataclass(frozen=True, slots=True)
class Disagreement:
    """A candidate conflict between two linked claims: its evidence, the
    P(same fact) it rests on (its ceiling) and, once weighed, its confidence."""

    type: DifferenceType
    difference: Difference
    evidence: tuple[float, ...]  # () for a negation: its confidence is its ceiling
    ceiling: float
    confidence: float = 0.0


def _log(p: float) -> float:
    return math.log(max(p, _FLOOR))


def _evidence(
    rests_on: float,
    slot: float,
    link: float,
    slot_row: Sequence[float],
    *,
    others: int = 0,
    vague: bool = False,
    background: bool = False,
    background_one: bool = False,
    known: bool = False,
    rank: bool = False,
    far_apart: bool = False,
    crowded: int = 0,
    names_share_a_word: bool = False,
    agreeing: int = 0,
) -> tuple[float, ...]:
    """One value disagreement's evidence row."""
    return (
        _log(rests_on),
        _log(slot),
        _log(link),
        float(others),
        float(vague),
        float(background),
        float(background_one),
        float(known),
        float(rank),
        float(far_apart),
        float(crowded),
        float(names_share_a_word),
        float(agreeing),
        *(float(slot_row[c]) for c in _SLOT_COLUMNS),
    )


# Kinds of disagreement whose share of genuine ones between two real outlets
# differs from a number's, given the same evidence: each has a fitted offset
# on the log-odds (``weights.json``'s "conflict_kinds"; a number's is 0).
KIND_GROUPS: tuple[str, ...] = ("date", "time", "negation", "name")
_KIND_GROUP: dict[str, str] = {
    DifferenceType.DATE.value: "date",
    DifferenceType.TIME.value: "time",
    DifferenceType.NEGATION.value: "negation",
    DifferenceType.PERSON.value: "name",
    DifferenceType.ORGANIZATION.value: "name",
    DifferenceType.PLACE.value: "name",
}


def kind_group(kind: str) -> str:
    """The group of a disagreement's type whose offset applies ("" for a number)."""
    return _KIND_GROUP.get(str(kind), "")


def with_kind(probability: float, kind: str, offsets: Mapping[str, float]) -> float:
    """A probability moved by its kind's offset on the log-odds."""
    offset = offsets.get(kind_group(kind), 0.0)
    if offset == 0.0:
        return probability
    p = min(max(probability, _FLOOR), 1.0 - _FLOOR)
    return 1.0 / (1.0 + math.exp(-(math.log(p / (1.0 - p)) + offset)))


def weigh(
    found: Sequence[Disagreement],
    model: LogisticModel,
    kinds: Mapping[str, float] | None = None,
) -> list[Disagreement]:
    """Each disagreement with its confidence, strongest first: on a value,
    the conflict model's probability; a negation, its link's; each moved by
    its kind's offset (``kinds``, fitted on disagreements between real
    outlets: dates, names and negations are genuine less often than numbers
    with the same evidence), and never above the P(same fact) it rests on
    (the pipeline skips pairs whose anchors are under the "possible"
    threshold on that account)."""
    offsets = kinds or {}
    values = [d for d in found if d.evidence]
    probabilities = [d.ceiling for d in found if not d.evidence]
    negations = [d for d in found if not d.evidence]
    if values:
        rows = np.asarray([d.evidence for d in values], dtype=np.float64)
        probabilities += model.probabilities(rows).tolist()
    weighed = [
        replace(d, confidence=min(d.ceiling, with_kind(p, d.type, offsets)))
        for d, p in zip([*negations, *values], probabilities, strict=True)
    ]
    return strongest_first(weighed)


def _label(m: Mention, kind: DifferenceType) -> str:
    """What the value is a value of, as the note names it: "people (pull)",
    "date (capsize)", "person (nsubj of stop)"."""
    if m.type is FactType.NUMBER:
        thing = m.noun or ("" if m.unit in ("", "age", "rank") else m.unit)
        if m.unit == "age":
            thing = "age"
        if thing and m.verb:
            return f"{thing} ({m.verb})"
        return thing or m.verb or "number"
    if m.type in (FactType.DATE, FactType.TIME):
        return f"{kind} ({m.verb})" if m.verb else kind
    return f"{kind} ({m.role.split(':')[0]} of {m.verb})" if m.verb else kind


def _known_to(m: Mention, names: NameIndex) -> bool:
    return names.knows(str(m.value))


def _settled(
    m: Mention, disputed: Mention, pairs: Sequence[tuple[SlotPair, float]], side: int
) -> bool:
    """A value that some value of the other claim agrees with, as closely as
    it is disputed by ``disputed``; a rough amount ("many", "dozens") holds
    almost any figure and settles none but another rough amount, a count of
    another thing under another predicate that happens to be equal settles
    nothing ("damaged 120 schools" / "destroyed 120 homes" leaves "destroyed
    40 homes" in dispute), and a coarser value settles no finer dispute
    ("three months, 89 days in office" / "91 days in office": three months
    holds 91 days, 89 days does not)."""
    return any(
        pair.verdict
        and (pair.a if side == 0 else pair.b) is m
        and p >= SLOT_FLOOR
        and not counts_of_two_things(pair.a, pair.b)
        and (_vague(m) or not _vague(pair.b if side == 0 else pair.a))
        and not _looser(pair.b if side == 0 else pair.a, m, disputed)
        for pair, p in pairs
    )


def _looser(settling: Mention, m: Mention, disputed: Mention) -> bool:
    """An agreement of ``m`` with ``settling`` told in a coarser step than
    the dispute of ``m`` with ``disputed``."""
    return coarser(settling, m) and coarser(settling, disputed)


# Figures that are not amounts: an age or a rank echoes no count.
_NOT_AMOUNTS = frozenset({"age", "rank"})


def _echoed(m: Mention, frame: Frame) -> bool:
    """An exact amount the other claim also gives, one of the two without
    its unit: "rushed for 101 yards" against "... while Hillis added 101"
    (a bare figure and a counted one are compared already; one in a unit
    is not, as "101" alone may be of anything).  An age or a rank is no
    such echo ("killed 20, including Khan, 25" / "killed 25")."""
    value = m.value
    if not isinstance(value, Quantity) or not value.exact or m.unit in _NOT_AMOUNTS:
        return False
    return any(
        q.low == value.low and n.unit not in _NOT_AMOUNTS and (_bare(m) or _bare(n))
        for n, q in _exact_figures(frame)
    )


def _share_a_word(a: Mention, b: Mention) -> bool:
    """Two names with a word of four letters or more in common ("Pacific
    Ocean" / "Pacific Basin", "National Oceanic and Atmospheric
    Administration" / "National Marine Fisheries Service"): two forms of one
    name, or two bodies of one family, more often than one outlet naming the
    wrong one."""
    if a.type in VALUE_KINDS or b.type in VALUE_KINDS:
        return False
    words_a, words_b = ({w for w in name_tokens(str(m.value)) if len(w) > 3} for m in (a, b))
    return bool(words_a & words_b)


def _figures(frame: Frame) -> int:
    """The figures a claim itself states (not its source's)."""
    return sum(1 for m in frame.mentions if m.type is FactType.NUMBER and not m.source)


def _bare(m: Mention) -> bool:
    return not m.unit and not m.noun


def slot_disagreements(
    ca: Claim,
    cb: Claim,
    fa: Frame,
    fb: Frame,
    link_probability: float,
    slot_model: LogisticModel,
    names: tuple[NameIndex, NameIndex],
    places: PlaceTree | None = None,
    *,
    anchor_probability: float,
) -> list[Disagreement]:
    """Candidate conflicts on values (numbers, dates, times, names).
    ``anchor_probability`` is the link's probability were the disputed
    values to agree (``pipeline.anchor_probabilities``): what a disagreement
    on a number, date or time rests on; one on a name rests on the link."""
    pairs = list(mention_pairs(fa, fb, places))
    if not any(pair.verdict is False for pair in pairs):
        return []
    spans = ((ca.start, ca.end), (cb.start, cb.end))
    rows = slot_matrix(pairs, fa, fb, spans, link_probability)
    probabilities = slot_model.probabilities(rows)
    scored = list(zip(pairs, probabilities.tolist(), strict=True))
    found: list[tuple[SlotPair, float, np.ndarray]] = []
    for (pair, p), row in sorted(zip(scored, rows, strict=True), key=lambda x: -x[0][1]):
        if pair.verdict or p < SLOT_FLOOR:
            continue
        if _settled(pair.a, pair.b, scored, 0) or _settled(pair.b, pair.a, scored, 1):
            continue
        if _echoed(pair.a, fb) or _echoed(pair.b, fa):
            continue
        if _sum_of_two(pair.a, fb) or _sum_of_two(pair.b, fa):
            continue
        if _gap_of_two(pair.a, fb) or _gap_of_two(pair.b, fa):
            continue
        if any(pair.a is f.a or pair.b is f.b for f, _, _ in found):
            continue
        found.append((pair, p, row))
    likely = sum(1 for _, p, _ in found if p >= 0.5)
    agreeing = sum(1 for pair, p in scored if pair.verdict and p >= SLOT_FLOOR)
    old_a, old_b = _background(fa), _background(fb)
    crowded = max(0, max(_figures(fa), _figures(fb)) - 2)
    out = []
    for pair, p, row in found:
        a, b = pair.a, pair.b
        kind = _TYPE_LABEL[kind_of_pair(a.type, b.type)]
        note = f"{_label(a, kind)}: {a.text} vs {b.text}"
        diff = Difference(kind, (a.text, b.text), ((a.start, a.end), (b.start, b.end)), note)
        rests_on = anchor_probability if a.type in VALUE_KINDS else link_probability
        evidence = _evidence(
            rests_on,
            p,
            link_probability,
            row.tolist(),
            others=likely - (p >= 0.5),
            vague=_vague(a) or _vague(b),
            background=old_a and old_b,
            background_one=old_a != old_b,
            known=a.type not in VALUE_KINDS and (_known_to(a, names[1]) or _known_to(b, names[0])),
            rank="rank" in (a.unit, b.unit),
            far_apart=_far_apart(a, b),
            crowded=crowded,
            names_share_a_word=_share_a_word(a, b),
            agreeing=agreeing,
        )
        ceiling = min(rests_on, TWO_THINGS_CEILING) if counts_of_two_things(a, b) else rests_on
        out.append(Disagreement(kind, diff, evidence, ceiling))
    return out


def _exact_figures(frame: Frame) -> Iterator[tuple[Mention, Quantity]]:
    """The exact figures a claim itself states (not its source's)."""
    for m in frame.mentions:
        value = m.value
        if not m.source and isinstance(value, Quantity) and value.exact:
            yield m, value


# Characters between the two figures of a range or a change told as one
# ("10 to 12", "between 10 and 12", "from 14 to 16").
_RANGE_GAP = 5


def _two_figures(frame: Frame) -> Iterator[tuple[Mention, Quantity, Mention, Quantity]]:
    """Every two exact figures a claim itself states of one predicate and
    one unit as two groups or two sides: not a part with its whole ("12
    people, including three children"), not the two figures of a score
    ("3-1"), and not a range or a rise ("10 to 12", "from 14 to 16"), whose
    gap is no margin."""
    figures = [(m, q) for m, q in _exact_figures(frame) if not m.part]
    for i, (x, qx) in enumerate(figures):
        for y, qy in figures[i + 1 :]:
            if x.unit != y.unit or x.verb != y.verb:
                continue
            first, second = (x, y) if x.start < y.start else (y, x)
            between = second.start - first.end
            if between <= 1:
                continue
            low, high = (qx, qy) if first is x else (qy, qx)
            if between <= _RANGE_GAP and low.low < high.low:
                continue
            yield x, qx, y, qy


def _sum_of_two(total: Mention, frame: Frame) -> bool:
    """A total one claim gives as the sum of two groups the other counts
    under the total's predicate: "379 people were evacuated" against "367
    passengers and 12 crew were evacuated" (not "five officers" against
    "handcuffed two officers and stole three guns", nor 9 killed against 7
    passengers and 2 drivers carried, nor five soldiers against two soldiers
    and three civilians: a total is named by neither group's noun)."""
    t = total.value
    if not (isinstance(t, Quantity) and t.exact):
        return False
    return any(
        x.noun
        and y.noun
        and x.noun != y.noun
        and total.noun not in (x.noun, y.noun)
        and total.unit == x.unit
        and total.verb in ("", x.verb)
        and qx.low + qy.low == t.low
        for x, qx, y, qy in _two_figures(frame)
    )


def _gap_of_two(margin: Mention, frame: Frame) -> bool:
    """A margin one claim gives as the gap between two figures the other
    gives of one predicate: "rejected by 230 votes" against "defeated by 432
    votes to 202", all of one thing (not 2 killed against 5 killed and 3
    missing, two predicates)."""
    gap = margin.value
    if not (isinstance(gap, Quantity) and gap.exact):
        return False
    for x, qx, y, qy in _two_figures(frame):
        noun = x.noun or y.noun  # "432 votes to 202": one noun for both
        if (
            margin.unit == x.unit
            and x.noun in ("", noun)
            and y.noun in ("", noun)
            and margin.noun in ("", noun)
            and abs(qx.low - qy.low) == gap.low
        ):
            return True
    return False


# Days between two dates beyond which one outlet's date is more likely of
# another happening than a slip: a month.
FAR_APART_DAYS = 31


def _far_apart(a: Mention, b: Mention) -> bool:
    if a.type is not FactType.DATE or b.type is not FactType.DATE:
        return False
    pa, pb = date_parts(a.value), date_parts(b.value)
    if None not in pa[:3] and pa[1:3] == pb[1:3]:
        return False  # "January 8, 2012" / "January 8, 2013": a slip in the year
    gap = days_apart(a.value, b.value)
    return gap is not None and gap > FAR_APART_DAYS


def _vague(m: Mention) -> bool:
    return isinstance(m.value, Quantity) and vague_amount(m.text) is not None


def _background(frame: Frame) -> bool:
    """A claim told only of times more than a year before its article:
    background, not the news, and often told from another source or for
    another scope.  ("The quake, the strongest since 2004, killed 40 on
    Tuesday" is news: it also tells of Tuesday.)"""
    if frame.published is None:
        return False
    old = False
    for d in frame.mentions:
        if d.type is not FactType.DATE or d.source:
            continue
        year = date_parts(d.value)[0]
        if year is None or year >= frame.published.year - 1:
            return False
        old = True
    return old


def _negation_fact(claim: Claim, predicate: str) -> Fact | None:
    return next(
        (f for f in claim.facts if f.type is FactType.NEGATION and f.head == predicate),
        next((f for f in claim.facts if f.type is FactType.NEGATION), None),
    )


def negation_disagreements(
    ca: Claim,
    cb: Claim,
    fa: Frame,
    fb: Frame,
    link_probability: float,
) -> list[Disagreement]:
    """One claim negates, in its own voice, a predicate the other asserts."""
    a_denies, b_denies = fa.negated & fb.asserted, fa.asserted & fb.negated
    if a_denies and b_denies and (a_denies | b_denies) & NEG_RAISING:
        # Each denies what the other asserts, one of them a verb whose
        # negation is read on the clause under it: the negation moved ("I
        # didn't feel we were executing" / "I feel we weren't executing").
        return []
    # Only the main predicate of both claims, or, when the two claims have
    # one subject, a predicate coordinated with it ("the suspect was
    # arrested and charged" / "the suspect was not charged"): a negation in
    # a clause of one ("after he was not charged"), or of another subject
    # ("results have not been released" / "he was booked and released on
    # bail"), is of another fact than the other's.
    clashes = (a_denies | b_denies) - LIGHT_VERBS
    main = clashes & {fa.root} & {fb.root}
    if not main and _one_subject(fa, fb):
        main = clashes & fa.mains & fb.mains
    if not main:
        return []
    predicate = min(main)
    negated_a = predicate in fa.negated
    if predicate in (fb if negated_a else fa).negated:
        # The claim that asserts it negates it too, of something else:
        # "didn't hear a gunshot but heard noise"; "can't play the way I
        # played", quoted by both.  Told alike, not denied.
        return []
    if _two_named_doers(fa, fb):
        return []  # "Smith attended" / "Jones did not attend": two people, two facts
    (denying, asserting), (stance, other) = (
        ((ca, cb), (fa.speaker, fb.speaker)) if negated_a else ((cb, ca), (fb.speaker, fa.speaker))
    )
    if stance and not same_name(stance, other):
        return []  # a party denying what the outlet reports is the story, not a discrepancy
    fact = _negation_fact(denying, predicate)
    if fact is None:
        return []
    quoted = in_quotes(denying.text, fact.start - denying.start) or mostly_quoted(asserting.text)
    if quoted and not _one_named_speaker(fa, fb):
        # A party's quoted words are its stance, not an outlet's claim; two
        # outlets quoting one named speaker two ways is a discrepancy.
        return []
    neg_span = (fact.start, fact.end)
    if negated_a:
        values, spans = (f"{fact.text} {predicate}", predicate), (neg_span, (cb.start, cb.end))
    else:
        values, spans = (predicate, f"{fact.text} {predicate}"), ((ca.start, ca.end), neg_span)
    note = f"{predicate}: negated in one, asserted in the other"
    # The predicate is a main one of both claims (see the filter above): the
    # clash is about what the claims say, as sure as the link.
    negation = DifferenceType.NEGATION
    return [Disagreement(negation, Difference(negation, values, spans, note), (), link_probability)]


def _one_subject(fa: Frame, fb: Frame) -> bool:
    """The two main predicates have one subject, told alike."""
    a, b = fa.subject, fb.subject
    return bool(a and b) and (a == b or same_name(a, b))


def _one_named_speaker(fa: Frame, fb: Frame) -> bool:
    """Both claims give their words to one speaker, a name ("Smith told
    reporters"; "a spokesman" may be two people)."""
    return fa.speaker_named and fb.speaker_named and same_name(fa.speaker, fb.speaker)


def _two_named_doers(fa: Frame, fb: Frame) -> bool:
    """The two main predicates' subjects are two names that are not one
    (a noun or a pronoun may be either name: "the president", "he")."""
    a, b = fa.subject, fb.subject
    return a in fa.entities and b in fb.entities and not same_name(a, b)


def non_conflicting(ca: Claim, cb: Claim, fa: Frame, fb: Frame) -> list[Difference]:
    """Attribution and hedging: worth showing, never conflicts."""
    out = []
    src_a = [f for f in ca.facts if f.type is FactType.ATTRIBUTION]
    src_b = [f for f in cb.facts if f.type is FactType.ATTRIBUTION]
    if src_a and src_b and not same_name(fa.speaker, fb.speaker):
        a, b = src_a[0], src_b[0]
        out.append(
            Difference(
                DifferenceType.ATTRIBUTION,
                (a.text, b.text),
                ((a.start, a.end), (b.start, b.end)),
                f"source: {a.text} vs {b.text}",
                conflicting=False,
            )
        )
    hedge_a = [f for f in ca.facts if f.type is FactType.HEDGE]
    hedge_b = [f for f in cb.facts if f.type is FactType.HEDGE]
    if bool(hedge_a) != bool(hedge_b):
        h = (hedge_a or hedge_b)[0]
        values = (h.text, "") if hedge_a else ("", h.text)
        spans = (
            ((h.start, h.end), (cb.start, cb.start))
            if hedge_a
            else (
                (ca.start, ca.start),
                (h.start, h.end),
            )
        )
        hedge = DifferenceType.HEDGE
        out.append(
            Difference(hedge, values, spans, f"hedged in one only: \u201c{h.text}\u201d", False)
        )
    return out


def candidates_of(
    ca: Claim,
    cb: Claim,
    fa: Frame,
    fb: Frame,
    link_probability: float,
    slot_model: LogisticModel,
    names: tuple[NameIndex, NameIndex],
    places: PlaceTree | None = None,
    *,
    anchor_probability: float,
) -> list[Disagreement]:
    """Every candidate conflict between two claims, each with its features
    (``anchor_probability``: see :func:`slot_disagreements`)."""
    return [
        *slot_disagreements(
            ca,
            cb,
            fa,
            fb,
            link_probability,
            slot_model,
            names,
            places,
            anchor_probability=anchor_probability,
        ),
        *negation_disagreements(ca, cb, fa, fb, link_probability),
    ]


def strongest_first(found: Iterable[Disagreement]) -> list[Disagreement]:
    return sorted(found, key=lambda d: -d.confidence)
