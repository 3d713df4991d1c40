"""From a parsed article to claims, their facts and their linking signals.

This is the one module that reads spaCy tokens (with ``app.nlp``); what it
returns is plain data with character offsets into ``Article.text``.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from app.dates import MONTHS
from app.domain import Article, Claim, ClaimKind, Fact, FactType
from app.lexicon import (
    DIRECTIONS,
    EVENT_CLASS,
    EVENT_FAMILY,
    FURNITURE_PATTERNS,
    HEDGES,
    NOUN_EVENT,
    NOUN_SYNONYMS,
    PEOPLE_CLASSES,
    PERSON_GROUPS,
    PERSON_NOUNS,
    PLACE_NOUNS,
    REPORTING_VERBS,
    ROLE_NOUNS,
    VAGUE_QUANTITIES,
)
from app.normalize import (
    CLOCK,
    Quantity,
    clock_range,
    format_number,
    name_key,
    parse_ordinal,
    parse_quantity,
    phonetic_key,
    resolve_relative,
    resolve_weekday,
    weekday_index,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

_FURNITURE = [re.compile(p, re.IGNORECASE) for p in FURNITURE_PATTERNS]
_TERMINAL = tuple(".!?…:;\"”’'»)")
_QUOTES_OPEN = '“"‘«'
_SCORE = re.compile(r"(?<![\d.,/:-])(\d{1,3}) ?[-–] ?(\d{1,3})(?![\d.,/:-]|\s?(?:year|month))")
_DATE_LINE = re.compile(
    r"^(updated:?\s*)?((mon|tues|wednes|thurs|fri|satur|sun)day,?\s*)?"
    r"([a-z]{3,9}\.? \d{1,2},? \d{4}|\d{1,2} [a-z]{3,9}\.? \d{4}|\d{4}-\d{2}-\d{2})"
    r"([ ,]+\d{1,2}:\d{2}\s*([ap]\.?m\.?)?\s*[a-z]{0,4})?$",
    re.IGNORECASE,
)
# A wire dateline: "KARSA, Verana, March 14 (Wire) -", "CORROW (Meridian Sports) -",
# "WASHINGTON (AP) —".  Capitals, then an optional date and agency, then a dash.
_DATELINE = re.compile(
    r"(?:[A-Z][A-Z'’.\- ]{2,40}(?:,\s*[A-Z][\w'’. ]{1,30}){0,2}"
    r"(?:,?\s*[A-Z][a-z]{2,8}\.? \d{1,2})?\s*(?:\([^)\n]{1,40}\))?"
    r"|\([^)\n]{1,40}\))\s*[-–—]+\s+"
)
_DURATION = re.compile(
    r"(?:the |a |an |another )?(?:past |last |next |first )?"
    r"((?:\d+(?:\.\d+)?|[a-z]+(?:-[a-z]+)?))[ -](year|month|week|day|hour)s?"
)
_UNIT_DAYS = {"year": 365.0, "month": 30.0, "week": 7.0, "day": 1.0, "hour": 1 / 24}
# A dateline cut off from its sentence: "LINDQVAY", "KARSA, Verana".
_CAPS_FRAGMENT = re.compile(r"^[A-Z][A-Z'’.\- ]{1,40}(,\s*[A-Z][\w'’. ]{1,30})?\s*[(\-–—]?$")
_LIGHT_VERBS = frozenset(
    {
        "be",
        "have",
        "do",
        "name",
        "include",
        "identify",
        "call",
        "describe",
        "make",
        "take",
        "get",
        "go",
        "come",
        "give",
        "follow",
        "cite",
        "speak",
        "according",
        "accord",
    }
)
_NAME_LABELS = {
    "PERSON",
    "ORG",
    "GPE",
    "LOC",
    "FAC",
    "NORP",
    "EVENT",
    "PRODUCT",
    "LAW",
    "WORK_OF_ART",
}
_ENTITY_FACT = {
    "PERSON": FactType.PERSON,
    "ORG": FactType.ORGANIZATION,
    "GPE": FactType.PLACE,
    "LOC": FactType.PLACE,
    "FAC": FactType.PLACE,
    "NORP": FactType.GROUP,
}
_UNIT_NOUNS = frozenset(
    {
        "percent",
        "%",
        "km",
        "kilometre",
        "kilometer",
        "mile",
        "metre",
        "meter",
        "foot",
        "tonne",
        "ton",
        "magnitude",
        "degree",
        "year",
        "month",
        "week",
        "day",
        "hour",
        "minute",
        "acre",
        "hectare",
        "vote",
        "point",
        "share",
        "barrel",
        "dollar",
        "euro",
        "pound",
    }
)
_OTHER_PERSON = frozenset({"other", "others"})


# Weight of each family of linking terms before inverse document frequency.
# Measured with ``python -m tests.quality.signals`` (drop a family, watch AUC).
WEIGHTS: dict[str, float] = {
    "ent": 1.6,  # a whole name: "ent:kataib hezbollah"
    "tok": 0.6,  # one word of a name, transliteration-folded
    "propn": 0.8,  # a proper noun outside any entity
    "w": 1.0,  # a content lemma
    "w_event": 0.5,  # the lemma of an event word (its class carries the weight)
    "ev": 1.2,  # an event class: kill / die / death toll are one
    "q": 1.5,  # a quantity slot: what is counted and by which event
    "qn": 0.8,  # the counted thing alone ("magnitude", "people")
    "n": 1.5,  # an exact number
    "nb": 0.6,  # a number's order of magnitude
    "d": 1.5,  # a date or weekday
    "ds": 0.5,  # that an event of some family is dated at all
}


@dataclass(frozen=True, slots=True)
class ClaimSignals:
    """What the aligner needs to know about one claim, as plain strings."""

    terms: tuple[tuple[str, float], ...]
    events: frozenset[str]
    main_event: str

    @property
    def slots(self) -> frozenset[str]:
        """Quantity slots with a known event ("q:people:kill")."""
        return frozenset(
            t
            for t, _ in self.terms
            if t.startswith("q:") and all(part for part in t.split(":")[1:])
        )


@dataclass(frozen=True, slots=True)
class ArticleAnalysis:
    claims: tuple[Claim, ...]
    signals: tuple[ClaimSignals, ...]


# --- small token helpers -------------------------------------------------------


def _event_of_lemma(lemma: str) -> str:
    return EVENT_CLASS.get(lemma, lemma)


def _governing_event(token: Token, stop: int, start: int) -> str:
    """The event class of the predicate a token belongs to.

    Walks up the dependency tree (inside the claim) to the first verb or
    event noun that names an event; light verbs ("named", "included") are
    passed through so "a leader named X was killed" gives "kill".
    """
    current = token
    fallback = ""
    came_from: Token | None = None
    for _ in range(12):
        lemma = current.lemma_.lower()
        if current is not token or current.pos_ in ("VERB", "NOUN"):
            if lemma in NOUN_EVENT and current.pos_ in ("NOUN", "ADJ", "PROPN"):
                return NOUN_EVENT[lemma]
            if current.pos_ in ("VERB", "AUX"):
                # "fell ill", "carried out a strike", "the case was notified":
                # the event may sit in the complement or the object.
                for child in current.children:
                    child_lemma = child.lemma_.lower()
                    child_cls = NOUN_EVENT.get(child_lemma) or EVENT_CLASS.get(child_lemma, "say")
                    if child.dep_ in ("acomp", "oprd") and child_cls != "say":
                        return child_cls
                cls = _event_of_lemma(lemma)
                passive = any(c.dep_ == "nsubjpass" for c in current.children)
                if lemma in EVENT_CLASS and cls != "say":
                    return cls
                if lemma in REPORTING_VERBS:
                    if _introduces_speech(current):
                        if came_from is not None and came_from.dep_ in _REPORTED_DEPS:
                            # Inside what was said: the content keeps its own event.
                            return fallback
                        return fallback or "say"
                    # "announced the deal on Tuesday": the announcing is the news.
                    return "announce"
                if lemma not in _LIGHT_VERBS or passive:
                    for child in current.children:
                        child_lemma = child.lemma_.lower()
                        if child.dep_ in ("dobj", "nsubjpass", "attr"):
                            if child_lemma in NOUN_EVENT:
                                return NOUN_EVENT[child_lemma]
                            if EVENT_CLASS.get(child_lemma, "say") != "say":
                                return EVENT_CLASS[child_lemma]
                    if lemma in _LIGHT_VERBS:
                        # "were taken to hospital": a light verb's place says it.
                        for prep in current.children:
                            for pobj in prep.children if prep.dep_ == "prep" else ():
                                cls = EVENT_CLASS.get(pobj.lemma_.lower(), "say")
                                if pobj.dep_ == "pobj" and cls != "say":
                                    return cls
                    if lemma not in _LIGHT_VERBS:
                        # The nearest real verb is the event: "killed when the
                        # ferry capsized on Wednesday" dates the capsizing.
                        return fallback or lemma
            elif current.pos_ == "NOUN" and current is not token:
                cls = _event_of_lemma(lemma) if lemma in EVENT_CLASS else "say"
                if cls != "say":
                    return cls
                # "the remains of a wrecked car in eastern Baghdad": the
                # modifier names what happened there.
                for child in current.children:
                    child_cls = EVENT_CLASS.get(child.lemma_.lower(), "say")
                    if (
                        child.dep_ in ("amod", "compound")
                        and child_cls != "say"
                        and (child.i < current.i)
                    ):
                        return child_cls
        head = current.head
        if head is current or not (start <= head.i < stop):
            break
        came_from = current
        current = head
    return fallback


_REPORTED_DEPS = frozenset({"ccomp", "parataxis", "xcomp", "advcl", "conj"})


def _introduces_speech(verb: Token) -> bool:
    """ "officials said (that) ...", "..., he said": the verb introduces what
    someone said, rather than being the event itself ("announced the deal")."""
    if verb.dep_ in ("parataxis", "acl", "relcl") and verb.dep_ != "parataxis":
        return False
    if verb.dep_ == "parataxis":
        return True
    deps = {c.dep_ for c in verb.children}
    if deps & {"ccomp", "parataxis"}:
        return True
    if "dobj" in deps or any(c.dep_ == "nsubjpass" for c in verb.children):
        return False
    # "the fighting will go on, the minister said": the clause is the root's.
    return verb.dep_ in ("ROOT", "advcl", "conj") and any(
        c.dep_ in ("nsubj", "agent") for c in verb.children
    )


_ORG_WORDS = frozenset(
    """
    ministry institute college university company inc corp corporation group council party
    army forces force agency service office department court bank union committee commission
    association federation club united city fc hospital school police guard brigade movement
    front militia government authority board foundation network news times post wire press
    industries holdings marine airlines
    """.split()
)


def _role_title(noun: Token) -> str:
    """ "chief executive", "governor": a role noun with the words that make it
    one post ("chief", "managing"), and whose post it is when named."""
    words = [noun.lemma_.lower()]
    owner = ""
    for child in noun.children:
        if child.i < noun.i and child.lower_ in (
            "chief",
            "managing",
            "vice",
            "deputy",
            "prime",
            "executive",
            "head",
            "assistant",
        ):
            words.insert(0, child.lower_)
        elif child.dep_ in ("poss", "nmod", "compound") and child.ent_type_ in ("ORG", "GPE"):
            owner = name_key(child.text)
        elif child.dep_ == "poss" and child.pos_ == "PRON":
            # "their captain": whose is unknown here, so it matches no other.
            owner = f"#{noun.i}"
    title = " ".join(words)
    return f"{title}@{owner}" if owner else title


def _role_of(ent: Span) -> str:
    """The post a named person holds in this sentence, if it says so:
    "Governor Ilko Staver", "the captain, Jonas Ekberg", "named the captain as
    Anders Ekberg", "Halvorsen chief executive Jørgen Aasland"."""
    root = ent.root
    for child in root.children:
        if (
            child.i < ent.start
            and child.dep_ in ("compound", "amod", "appos")
            and (child.lemma_.lower() in ROLE_NOUNS)
        ):
            return _role_title(child)
    if root.dep_ == "appos" and root.head.lemma_.lower() in ROLE_NOUNS:
        return _role_title(root.head)
    for child in root.children:
        if child.dep_ == "appos" and child.lemma_.lower() in ROLE_NOUNS:
            return _role_title(child)
    doc = ent.doc
    if (
        ent.start >= 2
        and doc[ent.start - 1].text == ","
        and doc[ent.start - 2].lemma_.lower() in ROLE_NOUNS
    ):
        return _role_title(doc[ent.start - 2])  # "the captain, Erik Sandvold," (parse missed)
    if root.dep_ == "pobj" and root.head.lower_ == "as":
        verb = root.head.head
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if obj is not None and obj.lemma_.lower() in ROLE_NOUNS:
            return _role_title(obj)
    return ""


_VENUE_WORDS = frozenset(
    """
    hotel pavilion stadium hall hospital school church mosque temple airport station arena
    centre center park square building plaza museum theatre theater terminal port harbour
    harbor market mall tower bridge
    """.split()
)
# Common nouns a direction can locate: "the northern end of the runway".
_SPATIAL_NOUNS = frozenset(
    "end side edge part bank shore wing flank tip corner section slope perimeter".split()
)


def _fact_type_of(label: str, ent: Span) -> FactType | None:
    """The fact type of a named entity, correcting the small model's usual
    confusions: a town after "in"/"between" tagged as a person is a place; a
    two-word title-case name tagged as an organisation is a person."""
    words = ent.text.split()
    lowered = {w.lower().strip(".,") for w in words}
    if (
        label == "PERSON"
        and _is_locative(ent.root)
        and not lowered & _ORG_WORDS
        and ent.root.head.lower_ in ("in", "between", "near", "outside")
    ):
        return FactType.PLACE
    if (
        label == "ORG"
        and 2 <= len(words) <= 3
        and not lowered & _ORG_WORDS
        and all(w[:1].isupper() and w[1:].islower() for w in words)
        and ent.root.dep_ in ("nsubj", "nsubjpass", "appos", "dobj", "pobj")
    ):
        return FactType.PERSON
    if label == "PERSON" and lowered & _ORG_WORDS:
        return FactType.ORGANIZATION
    if label == "ORG" and lowered & _VENUE_WORDS and _is_locative(ent.root):
        return FactType.PLACE  # "at the Grand Hotel"
    return _ENTITY_FACT.get(label)


def _locative_phrase(token: Token) -> tuple[int, int]:
    """Token range of the place phrase around a locative name, without the
    preposition: "the highway between Dorsk and Velmar"."""
    top = token
    for _ in range(4):
        head = top.head
        if top.dep_ in ("pobj", "conj", "appos", "compound", "poss", "amod", "nmod") and (
            head.pos_ in ("NOUN", "PROPN", "ADP", "CCONJ")
        ):
            if (
                head.pos_ == "ADP"
                and head.head.pos_ in ("NOUN", "PROPN")
                and (head.head.lemma_.lower() in PLACE_NOUNS or head.head.lower_ in DIRECTIONS)
            ):
                top = head.head
                continue
            if head.pos_ == "ADP":
                break
            top = head
            continue
        break
    first = top.left_edge.i
    last = max(t.i for t in top.subtree if t.dep_ != "relcl" and not t.is_punct)
    # Stop at a relative clause or a comma: "Dorsk, residents said".
    for t in top.subtree:
        if t.i > token.i and (t.is_punct or t.dep_ == "relcl"):
            last = min(last, t.i - 1)
            break
    return first, max(last, token.i)


_LOCATIVE_PREPS = frozenset(
    {
        "in",
        "at",
        "near",
        "inside",
        "outside",
        "on",
        "across",
        "around",
        "off",
        "between",
        "into",
        "within",
        "throughout",
        "of",
        "along",
        "beyond",
    }
)


def _is_locative(token: Token) -> bool:
    """Whether a place name says where something happened ("in Baghdad",
    "Baghdad's Green Zone", "an eastern Baghdad neighborhood"), rather than
    who acted ("U.S. officials", "Baghdad said")."""
    current = token
    for _ in range(4):
        dep = current.dep_
        if dep == "pobj":
            prep = current.head
            # "the attacks in Syria, Iraq and Jordan": places of a run of
            # events in the background, not where this one happened.
            background = (
                prep.head.tag_ == "NNS"
                and EVENT_CLASS.get(prep.head.lemma_.lower(), "say") != "say"
            )
            return prep.lower_ in _LOCATIVE_PREPS and not background
        if dep in ("conj", "appos", "poss") and current.head.pos_ in ("PROPN", "NOUN"):
            current = current.head
            continue
        if dep in ("compound", "amod", "nmod") and current.head.lemma_.lower() in PLACE_NOUNS:
            # "an eastern Baghdad neighborhood", not "US forces"
            current = current.head
            continue
        return False
    return False


def _to_float(text: str) -> float:
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return 0.0


def _located_subgroup(token: Token) -> bool:
    """Whether the people a number counts are restricted to a place: "three
    people in the lead car", "eleven students at the school"."""
    noun = token.head if token.dep_ == "nummod" else token
    return any(
        child.dep_ == "prep" and child.lower_ in ("in", "at", "inside", "aboard", "on")
        for child in noun.children
    )


def _norm_token(token: Token) -> str:
    lemma = token.lemma_.lower()
    return lemma if lemma and lemma != "-pron-" else token.text.lower()


# --- claim kinds -----------------------------------------------------------------


def _is_whole_line(text: str, start: int, end: int) -> bool:
    before = text[:start].rstrip(" \t")
    after = text[end:].lstrip(" \t")
    return (not before or before.endswith("\n")) and (not after or after.startswith("\n"))


def _looks_like_heading(line: str) -> bool:
    words = line.split()
    if not words or len(words) > 20:
        return False
    if not line.rstrip().endswith(_TERMINAL):
        if len(words) <= 4:
            return True
        long_words = [w for w in words if len(w.strip("“”\"'‘’()")) > 3]
        capitalized = [w for w in long_words if w.strip("“”\"'‘’(")[:1].isupper()]
        return bool(long_words) and len(capitalized) / len(long_words) >= 0.6
    if line.rstrip().endswith(("?", "!")) and len(words) <= 14:
        long_words = [w for w in words if len(w) > 3]
        capitalized = [w for w in long_words if w[:1].isupper()]
        return bool(long_words) and len(capitalized) / len(long_words) >= 0.6
    return False


def _line_key(line: str) -> str:
    return re.sub(r"\W+", " ", line.lower()).strip()


def classify(
    text: str, start: int, end: int, repeated_lines: set[str], first_line_end: int
) -> ClaimKind:
    """Heading, boilerplate, quote or statement, from the text alone."""
    sentence = text[start:end]
    stripped = sentence.strip()
    whole_line = _is_whole_line(text, start, end)
    if any(p.search(stripped) for p in _FURNITURE):
        return ClaimKind.BOILERPLATE
    if _DATE_LINE.match(stripped.rstrip(".")) or _CAPS_FRAGMENT.match(stripped):
        return ClaimKind.BOILERPLATE
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : len(text) if line_end < 0 else line_end]
    if len(line) > 20 and _line_key(line) in repeated_lines:
        return ClaimKind.BOILERPLATE
    first_line_headline = start < first_line_end and not (
        stripped.endswith(".") and len(stripped.split()) > 8
    )
    if whole_line and (first_line_headline or _looks_like_heading(stripped)):
        return ClaimKind.HEADING
    if stripped[:1] in _QUOTES_OPEN:
        return ClaimKind.QUOTE
    quoted = sum(len(m) for m in re.findall(r"[“\"][^”\"]*[”\"]", stripped))
    if quoted > 0.5 * len(stripped):
        return ClaimKind.QUOTE
    return ClaimKind.STATEMENT


def repeated_lines_of(text: str) -> set[str]:
    counts = Counter(_line_key(line) for line in text.split("\n") if len(line.strip()) > 20)
    return {key for key, n in counts.items() if n > 1}


# --- clause splitting -------------------------------------------------------------


def _clause_bounds(sent: Span) -> list[tuple[int, int]]:
    """Token ranges of the claims inside one sentence.

    A sentence is split where it joins two independent clauses that each
    have their own subject ("X was killed, and Y said ..."; or a semicolon),
    and only when both parts are long enough to be claims on their own.
    """
    cuts: list[int] = []
    for token in sent:
        if token.text == ";" and sent.start < token.i < sent.end - 1:
            cuts.append(token.i + 1)
            continue
        if (
            token.dep_ == "conj"
            and token.pos_ in ("VERB", "AUX")
            and token.head == sent.root
            and any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in token.children)
        ):
            left = token.left_edge.i
            # Cut before the coordinating word (and its comma).
            for child in token.head.children:
                if child.dep_ == "cc" and child.i < left and child.i > token.head.i:
                    left = min(left, child.i)
            if left > sent.start:
                cuts.append(left)
    bounds: list[tuple[int, int]] = []
    previous = sent.start
    for cut in sorted(set(cuts)):
        if cut - previous >= 6 and sent.end - cut >= 6:
            bounds.append((previous, cut))
            previous = cut
    bounds.append((previous, sent.end))
    return bounds


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    while start < end and (doc[start].is_space or doc[start].text in (",", ";")):
        start += 1
    # A clause cut before its coordinator leaves "..., and" at the end.
    while end > start and (
        doc[end - 1].is_space
        or doc[end - 1].text in (",", ";")
        or (doc[end - 1].dep_ == "cc" and end - 1 > start)
    ):
        end -= 1
    return start, end


# --- facts ---------------------------------------------------------------------------


class _FactCollector:
    def __init__(self, doc: Doc, text: str, start: int, end: int, published: date | None) -> None:
        self.doc = doc
        self.text = text  # == doc.text, which spaCy rebuilds on every access
        self.start = start
        self.end = end
        self.published = published
        self.facts: list[Fact] = []
        self.terms: list[tuple[str, float]] = []
        self.events: set[str] = set()
        self.used: set[int] = set()
        self.source_tokens: set[int] = set()

    def _char_span(self, first: int, last: int) -> tuple[int, int]:
        return self.doc[first].idx, self.doc[last].idx + len(self.doc[last].text)

    def event_of(self, token: Token) -> str:
        return _governing_event(token, self.end, self.start)

    def add(
        self,
        ftype: FactType,
        first: int,
        last: int,
        value: str | int | float | None,
        head: str = "",
        event: str = "",
    ) -> None:
        cs, ce = self._char_span(first, last)
        self.facts.append(Fact(ftype, self.text[cs:ce], value, cs, ce, head, event))

    def collect(self) -> None:
        doc = self.doc
        span = doc[self.start : self.end]
        # Sources first: who said it is shown as a fact but is not what the
        # claim is about, so its words stay out of the linking terms.
        self._attribution(span)
        self._clock_times()
        for ent in span.ents:
            if ent.start < self.start or ent.end > self.end:
                continue
            self._entity(ent)
        self._scores()
        self._numbers(span)
        self._directional_places(span)
        self._words(span)

    # entities: names, dates, times
    def _entity(self, ent: Span) -> None:
        label = ent.label_
        first, last = ent.start, ent.end - 1
        while first < last and ent.doc[first].lower_ in ("the", "a", "an"):
            first += 1
        text = self.doc[first : last + 1].text
        if label in _NAME_LABELS:
            key = name_key(text)
            if not key or not any(ch.isupper() for ch in text):
                return
            if all(t.like_num for t in self.doc[first : last + 1]):
                # The small model sometimes calls a sentence-initial "Twelve"
                # a PRODUCT: it is a number, counted below.
                return
            self.used.update(range(ent.start, ent.end))
            ftype = _fact_type_of(label, ent)
            # A name inside "according to ..." is who said it.
            in_source = any(i in self.source_tokens for i in range(ent.start, ent.end))
            if ftype is FactType.PLACE:
                # "eastern Baghdad", "12 km south of Ostrel", "the northern
                # outskirts of Tarlo": the direction is part of where it was.
                before = self.doc[first - 1] if first > self.start else None
                if before is not None and before.lower_ in DIRECTIONS:
                    first -= 1
                    key = f"{DIRECTIONS[before.lower_]} {key}"
                else:
                    direction, phrase_start = self._direction_of(ent.root)
                    if direction:
                        key = f"{direction} {key}"
                        first = max(self.start, min(first, phrase_start))
            if ftype is not None:
                event = "say" if in_source else self.event_of(self.doc[ent.root.i])
                role = ent.root.dep_
                if ftype is FactType.PERSON:
                    title = _role_of(ent)
                    if title:
                        role = "role:" + title
                if ftype is FactType.PLACE and _is_locative(ent.root):
                    role = "loc"
                    # Show the whole place phrase: "the Sadri district of Dorsk".
                    phrase_first, phrase_last = _locative_phrase(ent.root)
                    first = max(self.start, min(first, phrase_first))
                    last = min(self.end - 1, max(last, phrase_last))
                self.add(ftype, first, last, key, role, event)
            if in_source:
                return
            self.terms.append(("ent:" + key, WEIGHTS["ent"]))
            for word in key.split():
                if len(word) > 2:
                    self.terms.append(("tok:" + phonetic_key(word), WEIGHTS["tok"]))
            return
        if label == "DATE" and self._duration(ent, first, last):
            return
        if label == "TIME" and any(i in self.used for i in range(ent.start, ent.end)):
            return  # already read as a clock time
        if label in ("DATE", "TIME"):
            # "the 23rd minute" is a TIME entity whose rank is the fact.
            self.used.update(
                i for i in range(ent.start, ent.end) if parse_ordinal(self.doc[i].text) is None
            )
            future = self._is_future(ent.root)
            value = self._date_value(text, future) if label == "DATE" else text.lower()
            if value is None:
                return
            event = self.event_of(self.doc[ent.root.i])
            ftype = FactType.DATE if label == "DATE" else FactType.TIME
            self.add(ftype, first, last, value, "", event)
            if label == "TIME":
                wd = self._weekday_in(text, future)
                if wd is not None:
                    self.add(FactType.DATE, first, last, wd, "", event)
                    self.terms.append(("d:" + wd, WEIGHTS["d"]))
            else:
                self.terms.append(("d:" + value, WEIGHTS["d"]))
            if event and event != "say":
                # Two claims that date the same kind of event are about the same
                # thing even when they disagree on the day.
                family = EVENT_FAMILY.get(event, event)
                self.terms.append(("ds:" + family, WEIGHTS["ds"]))

    def _duration(self, ent: Span, first: int, last: int) -> bool:
        """ "18 months", "a two-year sentence", "three days of mourning": a
        length of time is a quantity of the event it measures."""
        match = _DURATION.fullmatch(ent.text.strip().lower())
        if not match:
            return False
        quantity = parse_quantity(match.group(1).replace("-", " ").split())
        if quantity is None or not quantity.exact:
            return False
        self.used.update(range(ent.start, ent.end))
        days = quantity.low * _UNIT_DAYS[match.group(2)]
        anchor = ent.root
        event = self.event_of(anchor)
        self.add(FactType.NUMBER, first, last, round(days, 3), "duration", event)
        self.terms.append((f"q:duration:{event}", WEIGHTS["q"]))
        return True

    def _direction_of(self, token: Token) -> tuple[str, int]:
        """A compass direction governing a place through "of" chains: "south of
        the town of Ostrel" -> ("south", index of "south")."""
        current = token
        if current.dep_ == "compound" and current.head.lemma_.lower() in PLACE_NOUNS:
            current = current.head  # "the north of Verana province"
        for _ in range(3):
            if current.dep_ != "pobj" or current.head.lower_ != "of":
                return "", current.i
            noun = current.head.head
            if noun.lower_ in DIRECTIONS:
                return DIRECTIONS[noun.lower_], noun.left_edge.i
            for child in noun.children:
                if child.dep_ == "amod" and child.lower_ in DIRECTIONS:
                    return DIRECTIONS[child.lower_], child.i
            current = noun
        return "", current.i

    def _weekday_in(self, text: str, future: bool = False) -> str | None:
        for word in re.findall(r"[A-Za-z]+", text):
            wd = weekday_index(word)
            if wd is not None and len(word) > 5:
                if self.published is not None:
                    return resolve_weekday(wd, self.published, future=future).isoformat()
                return f"weekday:{wd}"
        return None

    def _is_future(self, token: Token) -> bool:
        """Whether a date phrase dates something still to come ("will parade on
        Monday", "next Friday"): weekdays then resolve forwards."""
        if any(t.lower_ in ("next", "coming") for t in token.subtree):
            return True
        current = token
        for _ in range(6):
            if current.pos_ in ("VERB", "AUX"):
                return any(
                    c.dep_ == "aux" and c.lower_ in ("will", "shall", "'ll", "wo")
                    for c in current.children
                ) or any(c.dep_ == "aux" and c.lower_ == "to" for c in current.children)
            if current.head is current:
                break
            current = current.head
        return False

    def _date_value(self, text: str, future: bool = False) -> str | None:
        """ISO date when resolvable, ``weekday:N`` for a bare weekday, else
        the lowered phrase (kept for display, compared only for equality)."""
        lowered = text.lower()
        relative = resolve_relative(lowered, self.published)
        if relative is not None:
            return relative.isoformat()
        words = re.findall(r"[a-z]+|\d+", lowered)
        month = next((MONTHS[w] for w in words if w in MONTHS), None)
        numbers = [int(w) for w in words if w.isdigit()]
        year = next((n for n in numbers if 1900 <= n <= 2100), None)
        day = next((n for n in numbers if 1 <= n <= 31), None)
        if month and day:
            if year is None and self.published is not None:
                year = self.published.year
                if month > self.published.month + 1:
                    year -= 1
            if year is not None:
                try:
                    return date(year, month, day).isoformat()
                except ValueError:
                    return None
            return f"--{month:02d}-{day:02d}"
        weekday = self._weekday_in(text, future)
        if weekday is not None:
            return weekday
        if month and year:
            return f"{year:04d}-{month:02d}"
        return lowered

    def _clock_times(self) -> None:
        """ "7:42 p.m.", "19:42", "shortly before midnight": times of day as
        ranges, whatever the entity recognizer made of them."""
        doc = self.doc
        base = doc[self.start].idx
        text = self.text[base : doc[self.end - 1].idx + len(doc[self.end - 1].text)]
        for m in CLOCK.finditer(text):
            cs, ce = base + m.start(), base + m.end()
            span = doc.char_span(cs, ce, alignment_mode="expand")
            if span is None or any(t.i in self.used for t in span):
                continue
            if span.root.ent_type_ in ("MONEY", "PERCENT", "QUANTITY"):
                continue  # "3.50" in a price
            low, high, ambiguous = clock_range(m)
            self.used.update(t.i for t in span)
            value = f"{low}..{high}" + ("?" if ambiguous else "")
            self.facts.append(
                Fact(
                    FactType.TIME,
                    self.text[cs:ce],
                    value,
                    cs,
                    ce,
                    "clock",
                    self.event_of(span.root),
                )
            )
            centre = (low + high) // 2 % 720
            self.terms.append((f"t:{centre // 30}", WEIGHTS["d"]))
            self.terms.append(("ts:clock", WEIGHTS["ds"]))  # timed at all

    # numbers
    def _scores(self) -> None:
        doc = self.doc
        base = doc[self.start].idx
        text = self.text[base : doc[self.end - 1].idx + len(doc[self.end - 1].text)]
        for m in _SCORE.finditer(text):
            cs, ce = base + m.start(), base + m.end()
            token = doc.char_span(cs, cs + len(m.group(1)), alignment_mode="expand")
            if token is None:
                continue
            tok = token.root
            if tok.i in self.used:
                continue
            for t in doc.char_span(cs, ce, alignment_mode="expand") or ():
                self.used.add(t.i)
            a, b = sorted((int(m.group(1)), int(m.group(2))), reverse=True)
            event = self.event_of(tok) or "score"
            head = tok.head.lemma_.lower() if tok.head.pos_ == "NOUN" else "score"
            self.facts.append(
                Fact(FactType.NUMBER, m.group(0), f"{a}-{b}", cs, ce, f"score:{head}", event)
            )
            self.terms.append((f"q:score:{event}", WEIGHTS["q"]))

    def _number_phrase(self, token: Token) -> tuple[int, int]:
        """Token range of a number with its modifiers ("at least", "more than")."""
        first = last = token.i
        doc = self.doc
        while last + 1 < self.end and (
            doc[last + 1].like_num
            or doc[last + 1].lower_ in ("million", "billion", "trillion", "%", "percent")
            or (doc[last + 1].lower_ in ("m", "bn", "mn", "k") and not doc[last].whitespace_)
        ):
            last += 1
        k = first - 1
        while (
            k >= self.start
            and k >= token.i - 3
            and (
                doc[k].lower_
                in (
                    "at",
                    "least",
                    "more",
                    "than",
                    "over",
                    "about",
                    "around",
                    "nearly",
                    "almost",
                    "up",
                    "to",
                    "some",
                    "approximately",
                    "roughly",
                    "fewer",
                    "less",
                    "under",
                    "$",
                    "€",
                    "£",
                    "us$",
                )
                or doc[k].like_num
            )
        ):
            if doc[k].lower_ == "to" and not (k > self.start and doc[k - 1].lower_ == "up"):
                break
            if doc[k].lower_ == "up" and doc[k + 1].lower_ != "to":
                break
            first = k
            k -= 1
        return first, last

    def _counted(self, token: Token, last: int) -> tuple[str, str]:
        """What a number counts and the event it belongs to.

        Returns (noun class, event class).  "Three fighters were killed" ->
        ("people", "kill"); "the death toll rose to 14" -> ("people", "kill");
        "shares fell 12%" -> ("percent", "fall").
        """
        doc = self.doc
        following = doc[last + 1] if last + 1 < self.end else None
        if (following is not None and following.lower_ in ("%", "percent", "per")) or (
            doc[last].lower_ in ("%", "percent")
        ):
            return "percent" + self._owner(token), self.event_of(token)
        head = token.head
        noun = ""
        anchor = token
        if token.dep_ in ("nummod", "quantmod", "compound") and head.pos_ in ("NOUN", "PROPN"):
            noun = head.lemma_.lower()
            anchor = head
            if noun in ("million", "billion", "thousand", "hundred") and head.head.pos_ == "NOUN":
                noun = head.head.lemma_.lower()
                anchor = head.head
        elif following is not None and following.pos_ == "NOUN" and following.head == token:
            noun = following.lemma_.lower()
        elif token.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN":
            noun = head.head.lemma_.lower()  # "a crowd of 61,500", "a payroll of 540"
            anchor = head.head
        if not noun:
            # "three of the soldiers", "14 of the 31 seats"
            of = next((c for c in token.children if c.lower_ == "of"), None)
            if of is not None:
                pobj = next((c for c in of.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    noun = pobj.lemma_.lower()
        if any(doc[i].ent_type_ == "MONEY" for i in range(token.i, last + 1)):
            return "money" + self._owner(token), self.event_of(anchor)
        event = self.event_of(anchor)
        for child in anchor.children:
            # "two children who died this week": the relative clause says what
            # happened to the people counted.
            child_cls = EVENT_CLASS.get(child.lemma_.lower(), "say")
            if child.dep_ == "relcl" and child_cls != "say":
                event = child_cls
        if noun in NOUN_EVENT:
            event = NOUN_EVENT[noun]
            noun = "people" if event in ("kill", "injure") else noun
        noun = NOUN_SYNONYMS.get(noun, noun)
        if noun == "case" and event == "infect":
            noun = "people"
        noun = PERSON_GROUPS.get(noun, noun)
        if noun in _OTHER_PERSON:
            noun = "people"
        if not noun:
            # A bare number: "killed 14", "rose to 14" (toll), "injuring 80".
            verb = token.head if token.head.pos_ in ("VERB", "AUX", "ADP") else token
            if verb.pos_ == "ADP":
                verb = verb.head
            subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None and subject.lemma_.lower() in NOUN_EVENT:
                event = NOUN_EVENT[subject.lemma_.lower()]
                noun = "people" if event in ("kill", "injure") else subject.lemma_.lower()
            elif event in ("kill", "injure", "arrest", "evacuate", "infect"):
                noun = "people"
            elif subject is not None:
                noun = subject.lemma_.lower()
        noun = NOUN_SYNONYMS.get(noun, noun)
        if EVENT_CLASS.get(noun) == "quake" and not _to_float(token.text).is_integer():
            noun = "magnitude"  # "a 6.4 earthquake" measures it; it does not count quakes
        return PERSON_GROUPS.get(noun, noun), event

    def _owner(self, token: Token) -> str:
        """Whose figure it is: "Halvorsen's shares rose 18%" -> ":halvorsen"."""
        current = token
        for _ in range(6):
            if current.pos_ in ("VERB", "AUX"):
                break
            if current.head is current:
                return ""
            current = current.head
        subject = next((c for c in current.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None:
            return ""
        for t in subject.subtree:
            if t.ent_type_ in ("ORG", "PERSON", "GPE", "NORP") and t.pos_ == "PROPN":
                return ":" + name_key(t.text)
        return ":" + subject.lemma_.lower()

    def _named_owner(self, token: Token) -> str:
        """ ":halvorsen" when a named entity is the active subject of the verb a
        count belongs to (through "which"/"who" to the noun it stands for)."""
        verb = token
        for _ in range(6):
            if verb.pos_ in ("VERB", "AUX") or verb.head is verb:
                break
            verb = verb.head
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if (
            subject is not None
            and subject.lower_ in ("which", "who", "that")
            and (verb.dep_ == "relcl")
        ):
            subject = verb.head
        if subject is None:
            return ""
        for t in subject.subtree:
            if t.ent_type_ in ("ORG", "PERSON", "GPE") and t.pos_ == "PROPN":
                return ":" + name_key(t.text)
        return ""

    def _coordinated_people(self, token: Token, first: int, last: int) -> tuple[int, int, int]:
        """ "the driver and two passengers", "a woman and her two children":
        people named one by one beside a count add to it.  Returns the extra
        people and the widened token range of the whole phrase."""
        anchor = token.head if token.dep_ == "nummod" else token
        siblings: list[Token] = []
        if anchor.dep_ == "conj":
            siblings.append(anchor.head)
            siblings.extend(c for c in anchor.head.children if c.dep_ == "conj" and c != anchor)
        siblings.extend(c for c in anchor.children if c.dep_ == "conj")
        extra = 0
        for sib in siblings:
            if not (self.start <= sib.i < self.end):
                continue
            if (
                sib.tag_ == "NN"
                and sib.lemma_.lower() in PERSON_NOUNS
                and not any(c.dep_ == "nummod" for c in sib.children)
            ):
                extra += 1
                first = min(first, sib.left_edge.i)
                last = max(last, anchor.i, sib.i)
        if extra:
            last = max(last, anchor.i)
        return extra, first, last

    def _coordinated_total(self, token: Token, own: float, event: str) -> None:
        """ "68 passengers, two pilots and two cabin crew": counted groups in
        one coordination also make a total (72 people), kept beside the
        individual counts so either can agree with another article."""
        anchor = token.head if token.dep_ == "nummod" else token
        if anchor.dep_ == "conj" or not (self.start <= anchor.i < self.end):
            return  # the first conjunct speaks for the whole coordination
        total, last = own, anchor.i
        counted = 0
        for sib in anchor.conjuncts:
            if not (self.start <= sib.i < self.end):
                continue
            # "two cabin crew": the count may sit on a compound of the noun.
            number = next((t for t in sib.subtree if t.dep_ == "nummod" and t.i < sib.i), None)
            if number is None:
                continue
            group = PERSON_GROUPS.get(NOUN_SYNONYMS.get(sib.lemma_.lower(), sib.lemma_.lower()))
            value = parse_quantity([number.text])
            if group is None or value is None or not value.exact:
                continue
            total += value.low
            counted += 1
            last = max(last, sib.right_edge.i)
        if counted:
            first = token.left_edge.i if token.dep_ != "nummod" else anchor.left_edge.i
            self.add(
                FactType.NUMBER,
                max(first, self.start),
                min(last, self.end - 1),
                int(total),
                "people",
                event,
            )

    def _numbers(self, span: Span) -> None:
        doc = self.doc
        for token in span:
            if token.i in self.used:
                continue
            lower = token.lower_
            vague = lower in VAGUE_QUANTITIES and token.pos_ in ("NOUN", "NUM", "ADJ")
            if token.ent_type_ == "ORDINAL" or parse_ordinal(token.text) is not None:
                self._ordinal(token)
                continue
            if not (token.like_num or vague) or token.ent_type_ in ("DATE", "TIME"):
                continue
            if lower in ("one", "a", "an") and token.dep_ not in ("nummod",):
                continue
            if token.pos_ == "PROPN" and token.head.pos_ == "PROPN":
                continue  # part of a name: "Apollo 11", "Route 66"
            first, last = self._number_phrase(token)
            self.used.update(range(first, last + 1))
            words = [doc[i].text for i in range(first, last + 1)]
            quantity = parse_quantity(words)
            if quantity is None:
                continue
            noun, event = self._counted(token, last)
            if noun in PEOPLE_CLASSES and quantity.exact:
                extra, first, last = self._coordinated_people(token, first, last)
                if extra:
                    # "the mother and two children": three people of mixed kinds.
                    quantity = Quantity(quantity.low + extra, quantity.high + extra, True)
                    noun = "people"
            if event == "say":
                continue  # "two officials said": how many sources is not the story
            if noun in PEOPLE_CLASSES and quantity.exact:
                self._coordinated_total(token, quantity.low, event)
            if noun in PEOPLE_CLASSES and _located_subgroup(token):
                # "all three people in the lead car": part of a toll, not the toll.
                noun = f"people:part#{token.i}"
            elif noun in PEOPLE_CLASSES and event not in EVENT_CLASS:
                # "Halvorsen employs 6,800" and "the Skarvik plant employs 540"
                # count different workforces: a named subject owns the count.
                noun += self._named_owner(token)
            value: int | float | str = (
                int(quantity.low)
                if quantity.exact and quantity.low == int(quantity.low)
                else quantity.low
                if quantity.exact
                else f"{format_number(quantity.low)}..{format_number(quantity.high)}"
                if quantity.high != float("inf")
                else f">={format_number(quantity.low)}"
            )
            self.add(FactType.NUMBER, first, last, value, noun, event)
            self.terms.append((f"q:{noun}:{event}", WEIGHTS["q"]))
            if noun:
                # The same quantity reported with another verb ("measured 6.4").
                self.terms.append((f"qn:{noun}", WEIGHTS["qn"]))
            if quantity.exact:
                self.terms.append((f"n:{format_number(quantity.low)}", WEIGHTS["n"]))
            if quantity.low >= 10:
                # "61,500" and "more than 61,000" land in one bucket of magnitude.
                self.terms.append((f"nb:{round(math.log10(quantity.low) * 20)}", WEIGHTS["nb"]))
            self.events.add(event)

    def _ordinal(self, token: Token) -> None:
        """ "the 23rd minute", "its third title": a rank of something."""
        value = parse_ordinal(token.text)
        if value is None or token.ent_type_ == "DATE" or token.i in self.used:
            return
        # "first"/"second" are as often sequence words as facts ("a second official").
        if token.lower_ in ("first", "second") and token.head.lemma_.lower() not in (
            "minute",
            "half",
            "round",
            "place",
            "term",
        ):
            return
        self.used.add(token.i)
        noun = token.head.lemma_.lower() if token.head.pos_ in ("NOUN", "PROPN") else ""
        event = self.event_of(token)
        self.add(FactType.NUMBER, token.i, token.i, value, f"ord:{noun}", event)
        self.terms.append((f"q:ord:{noun}", WEIGHTS["q"]))

    def _directional_places(self, span: Span) -> None:
        """ "the northern end of the runway" vs "the southern end": a direction
        on a spatial noun is a place even without a name."""
        for token in span:
            if token.lower_ not in DIRECTIONS or token.dep_ != "amod" or token.i in self.used:
                continue
            noun = token.head
            lemma = noun.lemma_.lower()
            if noun.ent_type_ or not (lemma in _SPATIAL_NOUNS or lemma in PLACE_NOUNS):
                continue
            key = f"{DIRECTIONS[token.lower_]} {lemma}"
            self.add(FactType.PLACE, token.i, noun.i, key, "loc", self.event_of(noun))

    # words: content lemmas, events, hedges, negation
    def _words(self, span: Span) -> None:
        for token in span:
            if token.is_punct or token.is_space:
                continue
            lemma = _norm_token(token)
            if lemma in HEDGES or (lemma == "allege" and token.tag_ == "VBN"):
                self.add(FactType.HEDGE, token.i, token.i, lemma, "", self.event_of(token))
                continue
            if token.dep_ == "neg" or lemma in ("never", "deny"):
                self.add(
                    FactType.NEGATION,
                    token.i,
                    token.i,
                    lemma,
                    token.head.lemma_.lower(),
                    self.event_of(token),
                )
                continue
            if token.i in self.used or token.is_stop or not token.is_alpha:
                continue
            if token.i in self.source_tokens:
                continue
            if token.pos_ not in ("NOUN", "PROPN", "VERB", "ADJ", "ADV", "NUM"):
                continue
            cls = EVENT_CLASS.get(lemma)
            if cls is not None and cls != "say":
                self.events.add(cls)
                self.terms.append(("ev:" + cls, WEIGHTS["ev"]))
                self.terms.append(("w:" + lemma, WEIGHTS["w_event"]))
            elif cls == "say":
                if token.pos_ == "VERB" and not _introduces_speech(token):
                    self.terms.append(("ev:announce", WEIGHTS["ev"]))
                continue
            elif token.pos_ == "PROPN":
                key = phonetic_key(name_key(lemma) or lemma)
                self.terms.append(("tok:" + key, WEIGHTS["propn"]))
            else:
                self.terms.append(("w:" + lemma, WEIGHTS["w"]))

    # attribution: "according to X", "X said"
    def _attribution(self, span: Span) -> None:
        doc = self.doc
        for token in span:
            lemma = token.lemma_.lower()
            source: Token | None = None
            if lemma == "accord" or token.lower_ == "according":
                to = next((c for c in token.children if c.lower_ == "to"), None)
                if to is not None:
                    source = next((c for c in to.children if c.dep_ == "pobj"), None)
            elif lemma in REPORTING_VERBS and token.pos_ == "VERB" and _introduces_speech(token):
                source = next((c for c in token.children if c.dep_ in ("nsubj", "agent")), None)
                if source is not None and source.dep_ == "agent":
                    source = next((c for c in source.children if c.dep_ == "pobj"), None)
                if source is not None and source.pos_ == "PRON":
                    source = None
            if source is None:
                continue
            first = max(source.left_edge.i, self.start)
            last = source.i
            for child in source.children:
                if (
                    child.i > source.i
                    and child.dep_ in ("compound", "prep", "pobj", "conj", "cc", "acl")
                    and child.dep_ != "relcl"
                ):
                    last = max(last, child.right_edge.i)
            last = min(last, self.end - 1)
            while last > first and doc[last].is_punct:
                last -= 1
            while first < last and doc[first].lower_ in ("the", "a", "an"):
                first += 1
            ents = [e for e in doc[first : last + 1].ents if e.label_ in _NAME_LABELS]
            keys = sorted({name_key(e.text) for e in ents} | {source.lemma_.lower()})
            key = "|".join(k for k in keys if k)
            self.add(FactType.ATTRIBUTION, first, last, key, lemma, "say")
            self.source_tokens.update(range(first, last + 1))
            if lemma == "accord" or token.lower_ == "according":
                self.source_tokens.update((token.i, token.i + 1))


# --- the article ------------------------------------------------------------------


def analyze(doc: Doc, article: Article) -> ArticleAnalysis:
    """Claims and linking signals of one parsed article."""
    text = article.text
    repeated = repeated_lines_of(text)
    first_line_end = _first_line_end(text)
    datelines = [
        (m.start(), m.end())
        for m in (_DATELINE.match(text, n) for n in _line_starts(text))
        if m is not None
    ]
    claims: list[Claim] = []
    signals: list[ClaimSignals] = []
    previous_event = ""
    previous_end = 0
    for sent in doc.sents:
        for first, last in _clause_bounds(sent):
            first, last = _trim(doc, first, last)
            if first >= last:
                continue
            # "KARSA, Verana, March 14 (Wire) - ..." says where the story was
            # filed, not where it happened: leave it out of the claim, and
            # make the pieces spaCy may cut it into furniture.
            dateline_end = next((e for s_, e in datelines if s_ <= doc[first].idx < e), -1)
            in_dateline = dateline_end >= 0 and doc[last - 1].idx < dateline_end
            if dateline_end >= 0 and not in_dateline:
                while first < last and doc[first].idx < dateline_end:
                    first += 1
            start = doc[first].idx
            end = doc[last - 1].idx + len(doc[last - 1].text)
            if not text[start:end].strip():
                continue
            kind = (
                ClaimKind.BOILERPLATE
                if in_dateline
                else classify(text, start, end, repeated, first_line_end)
            )
            collector = _FactCollector(doc, text, first, last, article.published)
            root = doc[first:last].root
            main = collector.event_of(root) if root.pos_ in ("VERB", "AUX", "NOUN") else ""
            facts = collector.facts
            if kind in (ClaimKind.STATEMENT, ClaimKind.QUOTE):
                collector.collect()
                facts = collector.facts
                same_paragraph = "\n\n" not in text[previous_end:start]
                if same_paragraph and previous_event and main in ("", "say", "announce"):
                    # "X and Y were named as the dead": a sentence with no event
                    # of its own continues the one before it.
                    facts = [
                        replace(f, event=previous_event) if f.event in ("", "announce") else f
                        for f in facts
                    ]
                    main = previous_event
                previous_event = main if main not in ("", "say", "announce") else previous_event
                previous_end = end
            facts.sort(key=lambda f: (f.start, f.end, f.type))
            claims.append(
                Claim(
                    f"{article.id}{len(claims) + 1}",
                    article.id,
                    start,
                    end,
                    text[start:end],
                    kind,
                    tuple(facts),
                )
            )
            signals.append(ClaimSignals(tuple(collector.terms), frozenset(collector.events), main))
    return ArticleAnalysis(tuple(claims), tuple(signals))


def _line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer(r"\n", text) if m.end() < len(text)]


def _first_line_end(text: str) -> int:
    stripped = text.lstrip("\n")
    offset = len(text) - len(stripped)
    newline = stripped.find("\n")
    return len(text) if newline < 0 else offset + newline


def iter_fact_types(facts: Iterable[Fact], ftype: FactType) -> list[Fact]:
    return [f for f in facts if f.type is ftype]
