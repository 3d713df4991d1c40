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

from app.conflicts import date_text, dates_agree
from app.domain import Claim, ClaimKind, Difference, Fact, FactType
from app.lexicon import EVENT_FAMILY
from app.normalize import same_name

# How many statements from the top of an article count as its lead section.
LEAD_CLAIMS = 8
_PAST_MARKERS = (
    "last month",
    "last year",
    "last week",
    "earlier this",
    "previously",
    "in the past",
    "ago",
)


@dataclass(frozen=True, slots=True)
class KeyFact:
    claim: Claim
    fact: Fact


@dataclass(frozen=True, slots=True)
class Profile:
    family: str  # "" when the lead reports no incident
    victims: tuple[KeyFact, ...]
    places: tuple[KeyFact, ...]
    dates: tuple[KeyFact, ...]  # when the main event happened
    roles: tuple[KeyFact, ...]  # the first person named for each post
    names: frozenset[str]  # every name the article mentions, in any role


def _family(event: str) -> str:
    return EVENT_FAMILY.get(event, event)


def _lead(claims: Sequence[Claim]) -> list[Claim]:
    statements = [c for c in claims if c.kind in (ClaimKind.STATEMENT, ClaimKind.QUOTE)]
    return statements[:LEAD_CLAIMS]


def about_the_past(claim: Claim) -> bool:
    """A lead sentence about an earlier, other event ("the attack in Jordan last
    month") is background, not the main event."""
    dates = " ".join(f.text.lower() for f in claim.facts if f.type is FactType.DATE)
    return any(marker in dates for marker in _PAST_MARKERS)


def _roles(claims: Sequence[Claim]) -> tuple[KeyFact, ...]:
    seen: dict[str, KeyFact] = {}
    for claim in claims:
        if claim.kind not in (ClaimKind.STATEMENT, ClaimKind.QUOTE):
            continue
        for fact in claim.facts:
            if fact.type is FactType.PERSON and fact.head.startswith("role:"):
                seen.setdefault(fact.head, KeyFact(claim, fact))
    return tuple(seen.values())


def profile(claims: Sequence[Claim]) -> Profile:
    roles = _roles(claims)
    names = frozenset(
        str(f.value)
        for c in claims
        for f in c.facts
        if f.type in (FactType.PLACE, FactType.PERSON, FactType.ORGANIZATION)
    )
    lead = [c for c in _lead(claims) if not about_the_past(c)]
    families = Counter(
        _family(f.event) for c in lead[:3] for f in c.facts if f.event and f.event != "say"
    )
    incident = [fam for fam, _ in families.most_common() if fam == "incident"]
    if not incident:
        return Profile("", (), (), (), roles, names)
    family = incident[0]
    victims: list[KeyFact] = []
    places: list[KeyFact] = []
    dates: list[KeyFact] = []
    for claim in lead:
        for fact in claim.facts:
            if fact.type is FactType.DATE and _family(fact.event) == family:
                dates.append(KeyFact(claim, fact))
            if fact.type is FactType.PERSON and fact.event == "kill":
                victims.append(KeyFact(claim, fact))
            elif (
                fact.type is FactType.PLACE
                and fact.head == "loc"
                and _family(fact.event) == family
                # where the injured were treated is not where it happened
                and fact.event != "injure"
            ):
                places.append(KeyFact(claim, fact))
    return Profile(family, tuple(victims), tuple(places), tuple(dates), roles, names)


def _unmatched(
    mine: Sequence[KeyFact], theirs: Sequence[KeyFact], their_names: frozenset[str]
) -> list[KeyFact]:
    """My facts the other article's facts do not match, and whose name it never
    mentions at all (an article that names Ostrel elsewhere does not put the
    quake somewhere else by saying "northern Verana" in its lead)."""
    return [
        k
        for k in mine
        if not any(_same_place_or_name(str(k.fact.value), str(o.fact.value)) for o in theirs)
        and not any(
            str(k.fact.value) == name
            or (" " not in str(k.fact.value) and same_name(str(k.fact.value), name))
            for name in their_names
        )
    ]


def _same_place_or_name(a: str, b: str) -> bool:
    # A direction makes a place more precise; here "eastern Baghdad" is not
    # "Baghdad's Green Zone", although both are in Baghdad.
    return same_name(a, b) and (
        a.split()[0] == b.split()[0] or a == b or (" " not in a and " " not in b)
    )


def _most_specific(keys: Sequence[KeyFact]) -> KeyFact:
    return max(keys, key=lambda k: (len(k.fact.text), -k.fact.start))


def _conflict(
    ka: KeyFact, kb: KeyFact, dtype: str, values: tuple[str, str], note: str
) -> tuple[Claim, Claim, Difference]:
    spans = ((ka.fact.start, ka.fact.end), (kb.fact.start, kb.fact.end))
    return ka.claim, kb.claim, Difference(dtype, values, spans, note)


def profile_differences(first: Profile, second: Profile) -> list[tuple[Claim, Claim, Difference]]:
    """Conflicts between the main events of two articles, each with the two
    claims that carry the differing values."""
    out: list[tuple[Claim, Claim, Difference]] = []
    theirs = {k.fact.head: k for k in second.roles}
    for ka in first.roles:
        kb = theirs.get(ka.fact.head)
        if kb is not None and not same_name(str(ka.fact.value), str(kb.fact.value)):
            title = ka.fact.head.split(":", 1)[1].split("@", 1)[0]
            out.append(
                _conflict(
                    ka,
                    kb,
                    "person",
                    (ka.fact.text, kb.fact.text),
                    f"{title}: {ka.fact.text} vs {kb.fact.text}",
                )
            )
    if not first.family or first.family != second.family:
        return out
    if first.dates and second.dates:
        ka, kb = first.dates[0], second.dates[0]
        if dates_agree(ka.fact.value, kb.fact.value) is False and not any(
            dates_agree(k.fact.value, kb.fact.value) for k in first.dates
        ):
            out.append(
                _conflict(
                    ka,
                    kb,
                    "date",
                    (ka.fact.text, kb.fact.text),
                    f"when it happened: {date_text(ka.fact)} vs {date_text(kb.fact)}",
                )
            )
    if first.victims and second.victims:
        only_a = _unmatched(first.victims, second.victims, second.names)
        only_b = _unmatched(second.victims, first.victims, first.names)
        if only_a and only_b:
            shown_a = ", ".join(dict.fromkeys(k.fact.text for k in only_a))
            shown_b = ", ".join(dict.fromkeys(k.fact.text for k in only_b))
            ka, kb = only_a[0], only_b[0]
            out.append(
                _conflict(
                    ka, kb, "person", (shown_a, shown_b), f"killed (named): {shown_a} vs {shown_b}"
                )
            )
    if first.places and second.places:
        only_a = _unmatched(first.places, second.places, second.names)
        only_b = _unmatched(second.places, first.places, first.names)
        if only_a and only_b:
            ka, kb = _most_specific(only_a), _most_specific(only_b)
            out.append(
                _conflict(
                    ka,
                    kb,
                    "place",
                    (ka.fact.text, kb.fact.text),
                    f"where it happened: {ka.fact.text} vs {kb.fact.text}",
                )
            )
    return out
