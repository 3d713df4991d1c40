"""The main event of each article, compared across articles.

Sentence links miss discrepancies that two articles spread over different
sentences: one says "a building in the Green Zone was hit", the other shows
"a wrecked car in an eastern Baghdad neighborhood"; one names the dead in the
toll sentence, the other two sentences later.  Here every article gets a
profile of its main event (taken from its lead: the event family of its first
statements) with the victims named and the place it happened, gathered from
the lead section; two profiles that disagree give a conflict between the
claims that carry the two values.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from app.domain import Claim, ClaimKind, Difference, Fact, FactType
from app.lexicon import EVENT_FAMILY
from app.normalize import same_name

# How many statements from the top of an article count as its lead section.
LEAD_CLAIMS = 8
_PAST_MARKERS = ("last month", "last year", "last week", "earlier this", "previously",
                 "in the past", "ago")


@dataclass(frozen=True, slots=True)
class KeyFact:
    claim: Claim
    fact: Fact


@dataclass(frozen=True, slots=True)
class Profile:
    family: str
    victims: tuple[KeyFact, ...]
    places: tuple[KeyFact, ...]


def _family(event: str) -> str:
    return EVENT_FAMILY.get(event, event)


def _lead(claims: Sequence[Claim]) -> list[Claim]:
    statements = [c for c in claims if c.kind in (ClaimKind.STATEMENT, ClaimKind.QUOTE)]
    return statements[:LEAD_CLAIMS]


def _about_the_past(claim: Claim) -> bool:
    """A lead sentence about an earlier, other event ("the attack in Jordan last
    month") is background, not the main event."""
    dates = " ".join(f.text.lower() for f in claim.facts if f.type is FactType.DATE)
    return any(marker in dates for marker in _PAST_MARKERS)


def profile(claims: Sequence[Claim]) -> Profile | None:
    lead = [c for c in _lead(claims) if not _about_the_past(c)]
    families = Counter(
        _family(f.event) for c in lead[:3] for f in c.facts if f.event and f.event != "say"
    )
    incident = [fam for fam, _ in families.most_common() if fam == "incident"]
    if not incident:
        return None
    family = incident[0]
    victims: list[KeyFact] = []
    places: list[KeyFact] = []
    for claim in lead:
        for fact in claim.facts:
            if fact.type is FactType.PERSON and fact.event == "kill":
                victims.append(KeyFact(claim, fact))
            elif fact.type is FactType.PLACE and fact.head == "loc" and (
                _family(fact.event) == family
            ):
                places.append(KeyFact(claim, fact))
    return Profile(family, tuple(victims), tuple(places))


def _unmatched(mine: Sequence[KeyFact], theirs: Sequence[KeyFact]) -> list[KeyFact]:
    return [
        k for k in mine
        if not any(_same_place_or_name(str(k.fact.value), str(o.fact.value)) for o in theirs)
    ]


def _same_place_or_name(a: str, b: str) -> bool:
    # A direction makes a place more precise; here "eastern Baghdad" is not
    # "Baghdad's Green Zone", although both are in Baghdad.
    return same_name(a, b) and (a.split()[0] == b.split()[0] or a == b or
                                (" " not in a and " " not in b))


def _most_specific(keys: Sequence[KeyFact]) -> KeyFact:
    return max(keys, key=lambda k: (len(k.fact.text), -k.fact.start))


def profile_differences(
    first: Profile, second: Profile
) -> list[tuple[Claim, Claim, Difference]]:
    """Conflicts between the main events of two articles, each with the two
    claims that carry the differing values."""
    if first.family != second.family:
        return []
    out: list[tuple[Claim, Claim, Difference]] = []
    if first.victims and second.victims:
        only_a = _unmatched(first.victims, second.victims)
        only_b = _unmatched(second.victims, first.victims)
        if only_a and only_b:
            shown_a = ", ".join(dict.fromkeys(k.fact.text for k in only_a))
            shown_b = ", ".join(dict.fromkeys(k.fact.text for k in only_b))
            ka, kb = only_a[0], only_b[0]
            out.append((ka.claim, kb.claim, Difference(
                "person", (shown_a, shown_b),
                ((ka.fact.start, ka.fact.end), (kb.fact.start, kb.fact.end)),
                f"killed (named): {shown_a} vs {shown_b}",
            )))
    if first.places and second.places:
        only_a = _unmatched(first.places, second.places)
        only_b = _unmatched(second.places, first.places)
        if only_a and only_b:
            ka, kb = _most_specific(only_a), _most_specific(only_b)
            out.append((ka.claim, kb.claim, Difference(
                "place", (ka.fact.text, kb.fact.text),
                ((ka.fact.start, ka.fact.end), (kb.fact.start, kb.fact.end)),
                f"where it happened: {ka.fact.text} vs {kb.fact.text}",
            )))
    return out
