"""Differences between two linked claims, slot by slot.

A quantity is compared only with the same quantity (same counted thing, same
event); values are compared as intervals, so bounds, vague amounts and
rounding are not conflicts.  Dates are compared only when they date the same
event; names go through spelling-variant keys.  Attribution and hedging are
reported as differences that are not conflicts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date

from app.domain import Claim, Difference, Fact, FactType
from app.lexicon import EVENT_CLASS, EVENT_FAMILY, PEOPLE_CLASSES
from app.normalize import (
    Quantity,
    clocks_agree,
    parse_quantity,
    quantities_compatible,
    same_name,
)

_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_EVENT_LABEL = {
    "kill": "killed",
    "injure": "injured",
    "infect": "cases",
    "arrest": "arrested",
    "evacuate": "evacuated",
    "cut": "cut",
    "score": "score",
    "destroy": "destroyed",
    "acquire": "deal",
    "sentence": "sentence",
    "attack": "attack",
    "quake": "quake",
}


def _facts(claim: Claim, ftype: FactType) -> list[Fact]:
    return [f for f in claim.facts if f.type is ftype]


def _span(f: Fact) -> tuple[int, int]:
    return (f.start, f.end)


def _quantity(fact: Fact) -> Quantity | None:
    """The interval a number fact stands for, from its normalized value
    (``3``, ``"990..1,210"``, ``">=120"``), which already folds in sums such as
    "the driver and two passengers"."""
    value = fact.value
    if isinstance(value, int | float):
        return Quantity(float(value), float(value), True)
    text = str(value).replace(",", "")
    try:
        if text.startswith(">="):
            return Quantity(float(text[2:]), float("inf"), False)
        if ".." in text:
            low, high = text.split("..", 1)
            return Quantity(float(low), float(high), False)
    except ValueError:
        pass
    return parse_quantity(fact.text.replace("$", " ").replace("€", " ").replace("£", " ").split())


def _slot(fact: Fact) -> tuple[str, str]:
    return fact.head, fact.event


def _slot_label(fact: Fact) -> str:
    noun, event = fact.head, fact.event
    if noun in PEOPLE_CLASSES and event in _EVENT_LABEL:
        return _EVENT_LABEL[event] if noun == "people" else f"{noun} {_EVENT_LABEL[event]}"
    if noun.startswith("score:"):
        return noun.split(":", 1)[1] if noun != "score:score" else "score"
    label = _EVENT_LABEL.get(event, event)
    if noun and noun not in PEOPLE_CLASSES:
        return f"{noun} ({label})" if label and label != noun else noun
    return label or "number"


def _comparable_slots(a: Fact, b: Fact) -> bool:
    na, ea = _slot(a)
    nb, eb = _slot(b)
    if not na or not nb:
        return False
    if ":" in na and ":" in nb and not na.startswith(("score:", "ord:")):
        # Owned figures ("percent:halvorsen") compare whatever verb reports them.
        return na == nb
    na, nb = na.split(":", 1)[0], nb.split(":", 1)[0]
    if na in PEOPLE_CLASSES and nb in PEOPLE_CLASSES:
        # "Nine passengers" and "11 people" taken to hospital are one count; a
        # specific group against a generic one is compared unless the claim
        # marks it as a part ("including", "of them", "there").
        if na != nb and "people" not in (na, nb):
            return False
        if ea and ea == eb:
            return True
        # Two verbs the lexicon does not know ("orders cover 6,500 residents",
        # "4,200 people were ordered out"): the link says it is one event.
        return bool(ea) and bool(eb) and ea not in EVENT_CLASS and eb not in EVENT_CLASS
    if na != nb:
        return False
    return not (ea and eb and ea != eb)


def _ordinals(claim: Claim) -> list[Fact]:
    return [f for f in claim.facts if f.type is FactType.NUMBER and f.head.startswith("ord:")]


def ordinal_differences(a: Claim, b: Claim) -> list[Difference]:
    """Ranks: "the 23rd minute" vs "the 27th minute", "third title" vs "fourth time".

    Same counted noun, or the only rank in each of two linked claims.
    """
    ords_a, ords_b = _ordinals(a), _ordinals(b)
    out = []
    for fa in ords_a:
        same = [fb for fb in ords_b if fb.head == fa.head and fa.head != "ord:"]
        if not same and len(ords_a) == 1 and len(ords_b) == 1:
            same = ords_b
        if same and all(fb.value != fa.value for fb in same):
            fb = same[0]
            noun = fa.head.split(":", 1)[1] or "rank"
            out.append(_diff("number", fa, fb, f"{noun}: {fa.text} vs {fb.text}"))
    return out


_PART_MARKERS = re.compile(
    r"\b(including|among|of them|of whom|there|itself|alone|at least \w+ of)\b",
    re.IGNORECASE,
)
# Amounts too loose to contradict a figure ("several" of 11 is not a dispute).
_LOOSE = frozenset({"several", "a few", "few", "many", "numerous", "some", "a handful"})


def _part_of_whole(a: Claim, b: Claim, fa: Fact, fb: Fact) -> bool:
    """A count of a specific group next to a generic toll, where the claim
    with the specific group says it is a part ("eleven students died there")."""
    if fa.head == fb.head:
        return False
    specific = a if fb.head == "people" else b
    return bool(_PART_MARKERS.search(specific.text))


def _loose(f: Fact) -> bool:
    return f.text.lower().strip() in _LOOSE


def number_differences(a: Claim, b: Claim) -> list[Difference]:
    out: list[Difference] = ordinal_differences(a, b)
    nums_a = [f for f in _facts(a, FactType.NUMBER) if not f.head.startswith("ord:")]
    nums_b = [f for f in _facts(b, FactType.NUMBER) if not f.head.startswith("ord:")]
    for fa in nums_a:
        if _loose(fa):
            continue
        same_slot = [
            fb
            for fb in nums_b
            if _comparable_slots(fa, fb) and not _loose(fb) and not _part_of_whole(a, b, fa, fb)
        ]
        if not same_slot and not fa.head.startswith("score:"):
            continue
        if fa.head.startswith("score:"):
            # A result is a result whatever verb reports it ("beat", "saw off").
            same_slot = [fb for fb in nums_b if fb.head.startswith("score:")]
            if same_slot and all(fb.value != fa.value for fb in same_slot):
                fb = same_slot[0]
                out.append(_diff("number", fa, fb, f"{_slot_label(fa)}: {fa.text} vs {fb.text}"))
            continue
        if fa.head == "duration":
            durations = [fb for fb in same_slot if isinstance(fb.value, int | float)]
            va = fa.value
            if (
                durations
                and isinstance(va, int | float)
                and all(abs(float(fb.value or 0) - va) > 0.05 * max(va, 1) for fb in durations)
            ):
                fb = durations[0]
                label = _EVENT_LABEL.get(fa.event, fa.event) or "duration"
                out.append(_diff("number", fa, fb, f"{label}: {fa.text} vs {fb.text}"))
            continue
        qa = _quantity(fa)
        if qa is None:
            continue
        # Another number in A for the same slot may be the one B agrees with
        # ("14 killed ... toll rose to 16"): only flag when no pairing fits.
        compatible = False
        first_b: Fact | None = None
        for fb in same_slot:
            qb = _quantity(fb)
            if qb is None:
                continue
            first_b = first_b or fb
            if quantities_compatible(qa, qb):
                compatible = True
                break
        if compatible or first_b is None:
            continue
        others_a = [f for f in nums_a if f is not fa and _comparable_slots(f, first_b)]
        if any(_compatible_facts(f, first_b) for f in others_a):
            continue
        note = f"{_slot_label(fa)}: {fa.text} vs {first_b.text}"
        out.append(_diff("number", fa, first_b, note))
    return _unique(out)


def _compatible_facts(a: Fact, b: Fact) -> bool:
    qa, qb = _quantity(a), _quantity(b)
    return qa is not None and qb is not None and quantities_compatible(qa, qb)


def _date_parts(value: object) -> tuple[str, int | None]:
    """(ISO day, or "--MM-DD" when the year is unknown, or ''; weekday or None)."""
    text = str(value)
    if text.startswith("weekday:"):
        return "", int(text.split(":", 1)[1])
    if len(text) == 7 and text.startswith("--"):
        return text, None
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        try:
            return text, date.fromisoformat(text).weekday()
        except ValueError:
            return "", None
    return "", None


def dates_agree(a: object, b: object) -> bool | None:
    """Whether two date values name the same day; None when they cannot be
    compared (a month against a weekday, a phrase we could not resolve)."""
    iso_a, wd_a = _date_parts(a)
    iso_b, wd_b = _date_parts(b)
    if iso_a and iso_b:
        return iso_a[-5:] == iso_b[-5:] if "--" in (iso_a[:2], iso_b[:2]) else iso_a == iso_b
    if wd_a is not None and wd_b is not None:
        return wd_a == wd_b
    return None


def date_text(f: Fact) -> str:
    iso, weekday = _date_parts(f.value)
    shown = f.text.strip()
    if iso and weekday is not None and shown.lower().find(_WEEKDAY_NAMES[weekday].lower()) >= 0:
        return f"{shown} ({iso})"
    return shown


def date_differences(a: Claim, b: Claim) -> list[Difference]:
    out: list[Difference] = []
    dates_a = [f for f in _facts(a, FactType.DATE) if f.event != "say"]
    dates_b = [f for f in _facts(b, FactType.DATE) if f.event != "say"]
    for fa in dates_a:
        verdicts = [
            (verdict, fb)
            for fb in dates_b
            if _same_event(fa, fb) and (verdict := dates_agree(fa.value, fb.value)) is not None
        ]
        if verdicts and not any(ok for ok, _ in verdicts):
            fb = verdicts[0][1]
            out.append(_diff("date", fa, fb, f"date: {date_text(fa)} vs {date_text(fb)}"))
    return _unique(out)


_STREET_WORDS = frozenset(
    "street road avenue lane boulevard square drive way alley highway bridge".split()
)
_DISTRICT_WORDS = frozenset("district neighborhood neighbourhood quarter suburb ward".split())
_SPATIAL_WORDS = frozenset(
    "end side edge part bank shore wing flank tip corner section slope perimeter".split()
)


def _place_level(f: Fact) -> str:
    """Street, district or town-and-larger: "Kalvar Street" is not a different
    place from "Tarlo", only a smaller one; "the northern end" (of something
    unnamed) compares only with another end or side."""
    words = set(str(f.value).split()) | set(f.text.lower().split())
    if f.start >= 0 and str(f.value).split()[-1] in _SPATIAL_WORDS:
        return "spatial"
    if words & _STREET_WORDS:
        return "street"
    if words & _DISTRICT_WORDS:
        return "district"
    return "area"


def _clock(f: Fact) -> tuple[int, int, bool] | None:
    text = str(f.value)
    ambiguous = text.endswith("?")
    try:
        low, high = (int(x) for x in text.rstrip("?").split(".."))
    except ValueError:
        return None
    return low, high, ambiguous


def time_differences(a: Claim, b: Claim) -> list[Difference]:
    """ "touched down at 7:42 p.m." vs "shortly after 8:15 p.m."."""
    times_a = [f for f in _facts(a, FactType.TIME) if f.head == "clock" and f.event != "say"]
    times_b = [f for f in _facts(b, FactType.TIME) if f.head == "clock" and f.event != "say"]
    out = []
    for fa in times_a:
        ca = _clock(fa)
        comparable = [
            (fb, cb)
            for fb in times_b
            if _same_or_unknown_event(fa, fb) and (cb := _clock(fb)) is not None
        ]
        if ca is None or not comparable:
            continue
        if not any(clocks_agree(ca, cb) for _, cb in comparable):
            fb = comparable[0][0]
            out.append(_diff("time", fa, fb, f"time: {fa.text} vs {fb.text}"))
    return out[:1]


def _same_or_unknown_event(fa: Fact, fb: Fact) -> bool:
    """For places in linked claims: the same event, or a verb the lexicon does
    not know ("produced in Marnow" against "traced to ... Tarlo")."""
    return _same_event(fa, fb) or fa.event not in EVENT_CLASS or fb.event not in EVENT_CLASS


def _same_event(fa: Fact, fb: Fact) -> bool:
    if not fa.event or not fb.event or fa.event == fb.event:
        return True
    return EVENT_FAMILY.get(fa.event, fa.event) == EVENT_FAMILY.get(fb.event, fb.event)


def _name_differences(
    a: Claim,
    b: Claim,
    ftype: FactType,
    label: str,
    keep: Callable[[Fact], bool],
    context: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset()),
) -> list[Difference]:
    names_a = [f for f in _facts(a, ftype) if keep(f)]
    names_b = [f for f in _facts(b, ftype) if keep(f)]
    if not names_a or not names_b:
        return []
    # A name the other claim mentions in any role (the small model may call a
    # town an organisation) is not missing from it.
    only_a = [
        f for f in names_a if not any(same_name(str(f.value), str(g.value)) for g in _names(b))
    ]
    only_b = [
        f for f in names_b if not any(same_name(str(f.value), str(g.value)) for g in _names(a))
    ]
    # ... nor one the other article names elsewhere ("off Oster Island" vs "in
    # the Strait of Harrow" when both articles mention both).
    names_in_a, names_in_b = context
    only_a = [f for f in only_a if str(f.value) not in names_in_b]
    only_b = [f for f in only_b if str(f.value) not in names_in_a]
    if not only_a or not only_b:
        return []
    # Both sides name something the other does not: a real disagreement.
    same = _same_event if ftype is FactType.PERSON else _same_or_unknown_event
    event_pairs = [
        (fa, fb)
        for fa in only_a
        for fb in only_b
        if same(fa, fb) and (ftype is not FactType.PLACE or _place_level(fa) == _place_level(fb))
    ]
    if not event_pairs:
        return []
    fa, fb = event_pairs[0]
    shown_a = ", ".join(dict.fromkeys(f.text for f in only_a if same(f, fb)))
    shown_b = ", ".join(dict.fromkeys(f.text for f in only_b if same(fa, f)))
    return [
        Difference(
            label,
            (shown_a, shown_b),
            (_span(fa), _span(fb)),
            f"{label}: {shown_a} vs {shown_b}",
        )
    ]


def role_differences(a: Claim, b: Claim) -> list[Difference]:
    """ "The captain, Jonas Ekberg" vs "the captain, Anders Ekberg"."""
    out = []
    for fa in _facts(a, FactType.PERSON):
        if not fa.head.startswith("role:"):
            continue
        for fb in _facts(b, FactType.PERSON):
            if fb.head == fa.head and not same_name(str(fa.value), str(fb.value)):
                title = fa.head.split(":", 1)[1].split("@", 1)[0]
                out.append(_diff("person", fa, fb, f"{title}: {fa.text} vs {fb.text}"))
                break
    return out


def _locative(f: Fact) -> bool:
    return f.head == "loc" and f.event != "say"


_NAME_TYPES = (FactType.PLACE, FactType.PERSON, FactType.ORGANIZATION, FactType.GROUP)


def _names(claim: Claim) -> list[Fact]:
    return [f for f in claim.facts if f.type in _NAME_TYPES]


def _not_source(f: Fact) -> bool:
    return f.event != "say"


def _agent(f: Fact) -> bool:
    return f.event not in ("say", "") and f.head in ("nsubj", "nsubjpass", "pobj", "dobj")


def _source_keys(facts: list[Fact]) -> set[str]:
    return {key for f in facts for key in str(f.value).split("|") if key}


def attribution_differences(a: Claim, b: Claim) -> list[Difference]:
    src_a = _facts(a, FactType.ATTRIBUTION)
    src_b = _facts(b, FactType.ATTRIBUTION)
    if not src_a or not src_b:
        return []
    keys_a, keys_b = _source_keys(src_a), _source_keys(src_b)
    if any(same_name(ka, kb) for ka in keys_a for kb in keys_b):
        return []
    fa, fb = src_a[0], src_b[0]
    return [
        Difference(
            "attribution",
            (fa.text, fb.text),
            (_span(fa), _span(fb)),
            f"source: {fa.text} vs {fb.text}",
            conflicting=False,
        )
    ]


def hedge_differences(a: Claim, b: Claim) -> list[Difference]:
    ha = _facts(a, FactType.HEDGE)
    hb = _facts(b, FactType.HEDGE)
    if bool(ha) == bool(hb):
        return []
    if ha:
        f = ha[0]
        return [
            Difference(
                "hedge",
                (f.text, ""),
                (_span(f), (b.start, b.start)),
                f"hedged in one only: \u201c{f.text}\u201d",
                conflicting=False,
            )
        ]
    f = hb[0]
    return [
        Difference(
            "hedge",
            ("", f.text),
            ((a.start, a.start), _span(f)),
            f"hedged in one only: \u201c{f.text}\u201d",
            conflicting=False,
        )
    ]


def negation_differences(a: Claim, b: Claim) -> list[Difference]:
    na = _facts(a, FactType.NEGATION)
    nb = _facts(b, FactType.NEGATION)
    if bool(na) == bool(nb):
        return []
    neg, other, first = (na[0], b, True) if na else (nb[0], a, False)
    # Only a negated event that the other claim asserts is a contradiction.
    stem = neg.head[: max(4, len(neg.head) - 2)]
    if len(neg.head) < 3 or stem not in other.text.lower():
        return []
    spans = ((neg.start, neg.end), (other.start, other.end))
    values = (neg.text, "affirmed")
    if not first:
        spans = (spans[1], spans[0])
        values = ("affirmed", neg.text)
    return [
        Difference("negation", values, spans, f"negated in one: \u201c{neg.text} {neg.head}\u201d")
    ]


def _diff(dtype: str, fa: Fact, fb: Fact, note: str, conflicting: bool = True) -> Difference:
    return Difference(dtype, (fa.text, fb.text), (_span(fa), _span(fb)), note, conflicting)


def _unique(diffs: Iterable[Difference]) -> list[Difference]:
    seen: set[tuple[str, tuple[str, str]]] = set()
    out = []
    for d in diffs:
        key = (d.type, d.values)
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out


def differences(
    a: Claim,
    b: Claim,
    context: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset()),
) -> tuple[Difference, ...]:
    """Every difference between two linked claims, conflicts first.

    ``context`` holds every name each claim's whole article mentions: a place
    the other article also names somewhere is not where they disagree."""
    found = [
        *number_differences(a, b),
        *date_differences(a, b),
        *time_differences(a, b),
        *_name_differences(a, b, FactType.PLACE, "place", _locative, context),
        *(
            role_differences(a, b)
            or _name_differences(a, b, FactType.PERSON, "person", _not_source)
        ),
        *_name_differences(a, b, FactType.ORGANIZATION, "organization", _agent),
        *negation_differences(a, b),
        *attribution_differences(a, b),
        *hedge_differences(a, b),
    ]
    found.sort(key=lambda d: not d.conflicting)
    return tuple(found)
