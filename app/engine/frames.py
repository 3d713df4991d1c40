"""What one claim says, read from its parse: the frame the engine compares.

A :class:`Frame` holds a claim's content words, names, predicates and their
arguments, and its *mentions*: every value a reader could check (numbers,
dates, clock times, names), each tied to the words that say what it is a value
of, found from the dependency parse for any verb and any noun:

- a number's counted noun ("three *fighters*"), its unit ("200 *feet*", "12
  *%*", "*$*4 million", "a 16-*year-old*"), the predicate it belongs to (the
  nearest verb above it: "were *killed*", "*arrested* 12") and its grammatical
  role there;
- a date's or a name's predicate and role ("*in* Baghdad" under "struck");
- whether that predicate is negated in the claim's own voice (not inside "if"
  or "unless"), and who is quoted saying it.

Word lists here are closed classes only: units, number and bound words, hedges,
the few verbs that negate what follows them ("declined to", "refused to").
This module reads spaCy tokens; nothing it returns holds one.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from typing import TYPE_CHECKING

from app.dates import MONTHS
from app.domain import Fact, FactType
from app.engine.quotes import QUOTES_OPEN
from app.engine.units import UNITS, dimension
from app.lexicon import (
    CURRENCY_SIGNS,
    DIRECTIONS,
    DOLLAR_COUNTRIES,
    HEDGES,
    RECURRING,
    SCOPE_ADVERBS,
    STOCK_EXCHANGES,
    TIME_ZONES,
    VAGUE_QUANTITIES,
)
from app.normalize import (
    CLOCK,
    Quantity,
    clock_range,
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

# --- closed classes ----------------------------------------------------------

# Letters of a lemma kept as its stem term.
STEM = 5
_CURRENCY_SIGNS = frozenset(CURRENCY_SIGNS)
_BOUND_WORDS = frozenset(
    "at least more than over about around nearly almost up to some approximately roughly "
    "fewer less under some estimated just".split()
)
# Verbs and adjectives that deny what follows them: "declined to comment",
# "refused to say", "failed to", "unlikely to meet".
NEGATING_HEADS = frozenset({"decline", "refuse", "fail", "deny", "unlikely", "unable"})
# Verbs too light to carry a fact of their own ("is not going to be").
LIGHT_VERBS = frozenset({"be", "have", "do", "go", "get", "make", "take", "come"})
# Kinds of name a statement is told to ("told People magazine", "told AFP").
_ADDRESSEE_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
_CONDITION_MARKS = frozenset({"if", "unless", "whether", "lest"})
_SPEECH_VERBS = frozenset(
    {
        "say",
        "tell",
        "state",
        "report",
        "add",
        "claim",
        "declare",
        "confirm",
        "announce",
        "write",
        "note",
        "explain",
        "insist",
        "acknowledge",
        "warn",
        "stress",
        "believe",
        "think",
        "estimate",
        "accord",
        "deny",
    }
)
_CONTENT_POS = frozenset({"NOUN", "VERB", "ADJ", "ADV", "NUM", "PROPN"})
_NAME_LABELS = {
    "PERSON": FactType.PERSON,
    "ORG": FactType.ORGANIZATION,
    "GPE": FactType.PLACE,
    "LOC": FactType.PLACE,
    "FAC": FactType.PLACE,
    "NORP": FactType.GROUP,
}
_OTHER_NAME_LABELS = frozenset({"EVENT", "PRODUCT", "LAW", "WORK_OF_ART"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "NORP"})
_NESTING_LABELS = frozenset({"GPE", "LOC", "FAC"})
_ARTICLES = frozenset({"the", "a", "an"})
# A person's name, which the small model sometimes tags as a place or a body.
_HOLDER_LABELS = frozenset({"PERSON", "ORG", "GPE"})
# Dimensions whose unit word English writes before the figure.
_UNITS_BEFORE = frozenset({"magnitude"})
_TENS = frozenset({"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"})
_UNITS_WORDS = frozenset({"one", "two", "three", "four", "five", "six", "seven", "eight", "nine"})
_SCALE = frozenset({"hundred", "thousand", "million", "billion", "trillion", "m", "bn", "mn", "k"})
# A figure and its scale in one token ("4.2bn", "300k"), which spaCy does not
# split; "60m" it does, and whether "m" scales is read in context.
_SCALED = re.compile(r"^\d+(?:\.\d+)?(?:bn|mn|k|Bn|BN)$")  # not "4K footage"
# After a figure and "m", the words that make it metres, not a million.
_MEASURE_WORDS = frozenset(
    {
        "tall",
        "high",
        "deep",
        "long",
        "wide",
        "thick",
        "away",
        "above",
        "below",
        "under",
        "across",
        "down",
        "up",
        "from",
        "into",
        "off",
        "onto",
        "over",
        "along",
        "beneath",
    }
)
_DURATION = re.compile(
    r"(?:the |a |an |another )?(?:past |last |next |first )?"
    r"((?:\d+(?:\.\d+)?|[a-z]+(?:-[a-z]+)?))[ -](year|month|week|day|hour)s?"
)


# A stock listing in parentheses: "(NYSE: AMD)", "(Nasdaq:AAPL)", "(TSX: RY.TO)";
# not a credit ("(Source: WHO)", "(PHOTO: AFP)").
_TICKER = re.compile(
    r"\(\s*(?i:" + "|".join(map(re.escape, STOCK_EXCHANGES)) + r")\s*:\s*[A-Z][A-Z0-9.\-]{0,7}\s*\)"
)
# A time zone after a clock time, across a sentence cut: "07:37 a.m. UTC (3:37 a.m. EDT)".
_ZONE_AFTER = re.compile(r"\s*\(?\s*([A-Za-z]{2,4})\b")


@dataclass(frozen=True, slots=True)
class Mention:
    """One checkable value in a claim and what it is a value of."""

    type: FactType
    start: int
    end: int
    text: str
    # NUMBER: a Quantity; DATE: ISO day, "--MM-DD", "YYYY-MM", "YYYY" or
    # "weekday:N"; TIME: (low, high, ambiguous) minutes; names: a name key.
    value: object
    noun: str = ""  # what a number counts; the title a name holds
    unit: str = ""  # a number's unit, a key of ``app.engine.units.UNITS`` ("%", "foot", "$")
    verb: str = ""  # the predicate the value belongs to
    role: str = ""  # its grammatical role there ("nsubj", "dobj", "pobj:in", "nummod")
    context: frozenset[str] = frozenset()  # content lemmas around it
    negated: bool = False  # its predicate is negated in the claim's own voice
    source: bool = False  # part of who said it, not of what was said
    # Whose value it is, when a name says so: the person an age is the age
    # of; the person who does the predicate a count belongs to; the one who
    # did, or to whom happened, what a date or a time dates.
    holder: str = ""
    left: str = ""  # the word before the value and the word after it
    right: str = ""
    # A count set apart from its clause's own: "19 staff" in "37 wounded,
    # including 19 staff" is a part of what the clause counts.
    part: bool = False
    zone: str = ""  # TIME: the time zone it is told in ("utc"), "" for local time


@dataclass(frozen=True, slots=True)
class Frame:
    """What the engine compares of one claim."""

    terms: tuple[str, ...]  # content lemma and name keys, in order, repeats kept
    entities: frozenset[str]  # name keys of what the claim is about
    predicates: frozenset[str]  # verb lemmas (not speech verbs)
    root: str  # the main predicate's lemma
    # The main predicate and those coordinated with it that share its
    # subject ("was arrested on Monday and charged with murder", not "Smith
    # was arrested and Jones charged"): what the claim itself states.
    mains: frozenset[str]
    subject: str  # its subject: a name key or a lemma
    object: str  # its object (or passive subject)
    mentions: tuple[Mention, ...]
    negated: frozenset[str]  # predicates negated in the claim's own voice
    asserted: frozenset[str]  # predicates asserted (not negated, not conditional)
    speaker: str  # who the claim says said it ("" when no one)
    speaker_named: bool  # ... a name ("Tom Hart"), not a noun ("a spokesman")
    hedged: bool
    quoted: bool
    words: int  # content words
    published: date | None = None  # the article's date, for dating what it says
    inside: tuple[tuple[str, str], ...] = ()  # (place, the place it lies in), as written


# --- small token helpers ----------------------------------------------------


def _alone(token: Token) -> bool:
    """A figure with no other figure hanging on it ("49", not "22-47"); a
    figure coordinated with it is another age ("the suspects, 19 and 20")."""
    return not any(
        t.like_num
        for child in token.children
        if child.dep_ not in ("conj", "cc")
        for t in child.subtree
    )


def _age_after_name(token: Token) -> bool:
    """A person's age whose closing comma the writer left out ("Andrew
    Lopez, 20 was found guilty", "Smith, 34 of Queens"), so the parse takes
    it for the subject: a name, a comma, a figure, then a singular verb or
    "of" and a place.  Not a count ("Tom Smith, 3 were injured") or a tally
    ("for Tom Smith, 5 to 4")."""
    doc, i = token.doc, token.i
    if i < 2 or i + 1 >= len(doc) or token.dep_ == "nummod" or not token.text.isdecimal():
        return False
    if doc[i - 1].text != "," or doc[i - 2].ent_type_ != "PERSON" or not 0 < int(token.text) < 120:
        return False
    following = doc[i + 1]
    if following.lower_ == "of":
        return i + 2 < len(doc) and doc[i + 2].pos_ == "PROPN"
    if following.lower_ == "were":
        return False
    return following.pos_ in ("AUX", "VERB") and following.tag_ in ("VBZ", "VBD", "MD")


def _lemma(token: Token) -> str:
    lemma = token.lemma_.lower()
    return lemma if lemma and lemma != "-pron-" else token.text.lower()


def _in(token: Token, first: int, last: int) -> bool:
    return first <= token.i < last


def _preposition_verb(token: Token) -> bool:
    """A participle serving as a preposition: "including", "excluding"."""
    return token.pos_ == "VERB" and token.dep_ == "prep"


def governing_verb(token: Token, first: int, last: int) -> Token | None:
    """The nearest verb above ``token`` inside the claim (itself when a verb);
    a participle serving as a preposition is passed over: the predicate of
    "wounded 37, including 19 staff" is "wound", not "include"."""
    current = token
    for _ in range(12):
        if current.pos_ == "VERB" and not _preposition_verb(current):
            return current
        if current.pos_ == "AUX" and current.dep_ == "ROOT":
            return current
        head = current.head
        if head.i == current.i or not _in(head, first, last):
            return None
        current = head
    return None


def _is_speech(verb: Token) -> bool:
    """A verb that introduces what someone said ("officials said ...")."""
    lemma = _lemma(verb)
    if lemma not in _SPEECH_VERBS:
        return False
    deps = {c.dep_ for c in verb.children}
    return bool(deps & {"ccomp", "parataxis"}) or verb.dep_ == "parataxis" or "dobj" not in deps


def _role(anchor: Token, verb: Token | None) -> str:
    """The grammatical role of ``anchor`` under ``verb``: the dependency of
    the highest node between them, with the preposition for an object of one."""
    if verb is None:
        return anchor.dep_
    current = anchor
    for _ in range(8):
        if current.head.i in (verb.i, current.i):
            break
        current = current.head
    if current.dep_ == "prep":
        return f"pobj:{current.lower_}"
    if current.dep_ == "pobj":
        return f"pobj:{current.head.lower_}"
    if current.dep_ == "agent":
        return "agent"
    return current.dep_


def _context(anchor: Token, verb: Token | None, first: int, last: int) -> frozenset[str]:
    """Content lemmas that say what a value is: the noun it sits on and its
    modifiers, the preposition and noun above it, the verb."""
    words: set[str] = set()
    for t in (anchor, *anchor.children):
        if _in(t, first, last) and t.pos_ in ("NOUN", "ADJ", "PROPN", "VERB") and not t.is_stop:
            words.add(_lemma(t))
    head = anchor.head
    if _in(head, first, last) and head.i != anchor.i:
        if head.pos_ == "ADP":
            words.add(head.lower_)
            if _in(head.head, first, last) and head.head.pos_ in ("NOUN", "VERB", "PROPN"):
                words.add(_lemma(head.head))
        elif head.pos_ in ("NOUN", "PROPN", "ADJ"):
            words.add(_lemma(head))
    if verb is not None:
        words.add(_lemma(verb))
        # "shares fell 12%" and "profits fell 12%" are two figures; "pulled a
        # gun on two guards": the verb's other arguments frame the value.
        for child in verb.children:
            if child.i == anchor.i or child.is_stop or not _in(child, first, last):
                continue
            if child.dep_ in ("nsubj", "nsubjpass", "dobj", "attr", "oprd"):
                words.add(_lemma(child))
            elif child.dep_ == "prep":
                words.update(
                    _lemma(g) for g in child.children if g.dep_ == "pobj" and g.i != anchor.i
                )
    return frozenset(words)


# What may close a claim after its last word: a closing quote or bracket.
_CLOSING_QUOTES = "\"\u201d\u2019'\u00bb)"


# A verb form that modifies a noun ("the leading scorer", "a running
# back") describes it; it asserts no happening and denies none.
_MODIFIER_DEPS = frozenset({"amod", "compound"})


def _conditional(token: Token, first: int, last: int) -> bool:
    """Inside "if ..." or "unless ...": asserts nothing."""
    current = token
    for _ in range(10):
        if any(
            c.dep_ == "mark" and c.lower_ in _CONDITION_MARKS for c in current.children
        ) and current.dep_ in ("advcl", "ccomp", "ROOT", "conj"):
            return True
        head = current.head
        if head.i == current.i or not _in(head, first, last):
            return False
        current = head
    return False


def _negated(verb: Token) -> bool:
    """A verb negated directly ("did not attend", "never met") or by a
    negating head above it ("declined to comment", "unlikely to meet").
    "Could not be rescued until morning" delays the rescue; it does not deny it."""
    head = verb.head
    negated = any(c.dep_ == "neg" or c.lower_ == "never" for c in verb.children) or (
        verb.dep_ in ("xcomp", "ccomp")
        and head.i != verb.i
        and _lemma(head) in NEGATING_HEADS
        and not any(c.dep_ == "neg" for c in head.children)
    )
    # The subtree is walked only for a negated verb: most are not.
    return (
        negated and not any(c.lower_ == "until" for c in verb.subtree) and not _manner_negated(verb)
    )


def _manner_negated(verb: Token) -> bool:
    """ "has not formally overturned it", "could not immediately be
    reached", "has not yet paid": the negation denies a manner or a moment
    (``lexicon.SCOPE_ADVERBS``), not the act, so the act is neither negated
    nor asserted.  ("has not actually paid" denies the act.)"""
    neg = next((c for c in verb.children if c.dep_ == "neg"), None)
    return neg is not None and any(
        c.dep_ == "advmod" and c.lower_ in SCOPE_ADVERBS and neg.i < c.i < verb.i
        for c in verb.children
    )


class DocEntities:
    """The named entities of a Doc, read once.

    ``Doc.ents`` builds a span for every entity of the whole Doc on each
    access, so asking it once per claim is quadratic in a long article; these
    lookups cost a binary search."""

    def __init__(self, doc: Doc) -> None:
        self.spans: tuple[Span, ...] = tuple(doc.ents)
        self._starts = [e.start for e in self.spans]

    def within(self, first: int, last: int) -> list[Span]:
        """The entities inside tokens ``first``..``last - 1``, in order (as
        ``Span.ents`` gives them)."""
        out: list[Span] = []
        for k in range(bisect_left(self._starts, first), len(self.spans)):
            if self.spans[k].end > last:
                break
            out.append(self.spans[k])
        return out

    def at(self, index: int) -> Span | None:
        """The entity that holds token ``index``, if any."""
        k = bisect_right(self._starts, index) - 1
        if k >= 0 and index < self.spans[k].end:
            return self.spans[k]
        return None


# --- the builder --------------------------------------------------------------


class FrameBuilder:
    """Reads one claim (tokens ``first``..``last - 1`` of ``doc``).

    Pass the Doc's :class:`DocEntities` when reading many claims of one Doc."""

    def __init__(
        self,
        doc: Doc,
        text: str,
        first: int,
        last: int,
        published: date | None,
        entities: DocEntities | None = None,
    ):
        self.doc = doc
        self.entities = entities if entities is not None else DocEntities(doc)
        self.text = text
        self.first = first
        self.last = last
        self.published = published
        self.used: set[int] = set()  # tokens already read as part of a value
        self.source: set[int] = set()  # tokens naming who said it
        self.mentions: list[Mention] = []
        self.notes: list[Fact] = []  # attribution, hedges, negations: shown, not compared
        self.speaker = ""
        self.speaker_named = False

    # spans and helpers

    def _chars(self, first: int, last: int) -> tuple[int, int]:
        return self.doc[first].idx, self.doc[last].idx + len(self.doc[last].text)

    def _mention(
        self,
        ftype: FactType,
        first: int,
        last: int,
        value: object,
        *,
        context: frozenset[str] = frozenset(),
        **kw: object,
    ) -> None:
        start, end = self._chars(first, last)
        # The value's own words ("Thursday", "Tony Thompson") say which value
        # it is, not what it is a value of: two claims agreeing on it would
        # share them, two disagreeing would not, whatever the slot.
        own = {_lemma(t) for t in self.doc[first : last + 1]}
        self.mentions.append(
            Mention(
                ftype,
                start,
                end,
                self.text[start:end],
                value,
                left=self._neighbour(first, -1),
                right=self._neighbour(last, 1),
                part=ftype is FactType.NUMBER and self._set_apart(first, last),
                context=context - own,
                **kw,  # type: ignore[arg-type]
            )
        )

    def _set_apart(self, first: int, last: int) -> bool:
        """Whether a participle serving as a preposition stands between the
        value and its predicate ("including 19 staff", "excluding 40
        contractors"): a count there is a part of the clause's count."""
        current = self.doc[first : last + 1].root
        for _ in range(12):
            if _preposition_verb(current):
                return True
            if current.pos_ == "VERB" or current.head.i == current.i:
                return False
            current = current.head
            if not _in(current, self.first, self.last):
                return False
        return False

    def _neighbour(self, index: int, step: int) -> str:
        """The word next to a value, for telling parallel sentences."""
        k = index + step
        while self.first <= k < self.last:
            token = self.doc[k]
            if not (token.is_punct or token.is_space or token.lower_ in _ARTICLES):
                return _lemma(token)
            k += step
        return ""

    def _verb_info(self, anchor: Token) -> tuple[Token | None, str, bool]:
        verb = governing_verb(anchor, self.first, self.last)
        lemma = _lemma(verb) if verb is not None else ""
        negated = (
            verb is not None and _negated(verb) and not _conditional(verb, self.first, self.last)
        )
        return verb, lemma, negated

    # the whole claim

    def build(self) -> Frame:
        span = self.doc[self.first : self.last]
        self._set_tickers_aside()
        self._attribution(span)
        self._clock_times()
        for ent in self.entities.within(self.first, self.last):
            self._entity(ent)
        self._numbers(span)
        return self._frame(span)

    def _set_tickers_aside(self) -> None:
        """ "Advanced Micro Devices (NYSE: AMD)": a stock listing says where a
        company trades, not what happened; its exchange is no slot."""
        start, end = self._chars(self.first, self.last - 1)
        for match in _TICKER.finditer(self.text, start, end):
            self.used.update(
                t.i
                for t in self.doc[self.first : self.last]
                if match.start() <= t.idx < match.end()
            )

    # who said it

    def _set_addressee_aside(self, verb: Token) -> None:
        """Whom a statement was told ("her rep told People.com that ...") is
        part of its source, not of what was said: two outlets quoting one
        statement name themselves there."""
        if not any(c.dep_ in ("ccomp", "parataxis") for c in verb.children):
            return
        for child in verb.children:
            if child.dep_ not in ("dobj", "dative") or not _in(child, self.first, self.last):
                continue
            # Only a name: "warned 3,000 residents that ..." counts residents,
            # and "warned 40 percent of residents" measures them.
            name = self.entities.at(child.i)
            if name is not None and name.label_ in _ADDRESSEE_LABELS:
                self.source.update(
                    t for t in range(name.start, name.end) if self.first <= t < self.last
                )

    def _attribution(self, span: Span) -> None:
        for token in span:
            source: Token | None = None
            if token.lower_ == "according":
                to = next((c for c in token.children if c.lower_ == "to"), None)
                if to is not None:
                    source = next((c for c in to.children if c.dep_ == "pobj"), None)
                    self.source.update((token.i, to.i))
            elif token.pos_ == "VERB" and _is_speech(token):
                source = next((c for c in token.children if c.dep_ in ("nsubj", "agent")), None)
                self._set_addressee_aside(token)
                if source is not None and source.dep_ == "agent":
                    source = next((c for c in source.children if c.dep_ == "pobj"), None)
            if source is None or not _in(source, self.first, self.last):
                continue
            tokens = [t for t in _source_tokens(source) if _in(t, self.first, self.last)]
            self.source.update(t.i for t in tokens)
            if source.pos_ != "PRON":
                name = self.entities.at(source.i)
                key = name_key(name.text) if name is not None else _lemma(source)
                if not self.speaker:
                    self.speaker, self.speaker_named = key, name is not None
                first = min(t.i for t in tokens)
                last = max(t.i for t in tokens)
                while last > first and self.doc[last].is_punct:
                    last -= 1
                start, end = self._chars(first, last)
                self.notes.append(
                    Fact(
                        FactType.ATTRIBUTION,
                        self.text[start:end],
                        key,
                        start,
                        end,
                        "",
                        _lemma(token),
                    )
                )

    # dates, times and names

    def _clock_times(self) -> None:
        doc = self.doc
        base = doc[self.first].idx
        end = doc[self.last - 1].idx + len(doc[self.last - 1].text)
        for m in CLOCK.finditer(self.text, base, end):
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is None or any(t.i in self.used for t in span):
                continue
            if span.root.ent_type_ in ("MONEY", "PERCENT", "QUANTITY"):
                continue
            self.used.update(t.i for t in span)
            verb, lemma, negated = self._verb_info(span.root)
            self._mention(
                FactType.TIME,
                span.start,
                span.end - 1,
                clock_range(m),
                holder=self._doer(verb, span.start, span.end - 1, undergoer=True),
                verb=lemma,
                role=_role(span.root, verb),
                context=_context(span.root, verb, self.first, self.last),
                negated=negated,
                zone=self._zone_after(m.end()),
            )

    def _zone_after(self, position: int) -> str:
        """The time zone written right after a clock time, read in the article
        text (the parse may have cut the sentence after "a.m.")."""
        match = _ZONE_AFTER.match(self.text, position)
        zone = match.group(1).lower() if match else ""
        return zone if zone in TIME_ZONES else ""

    def _entity(self, ent: Span) -> None:
        label = ent.label_
        first, last = ent.start, ent.end - 1
        first = _after_articles(self.doc, first, last)
        if any(i in self.used for i in range(first, last + 1)):
            return
        text = self.doc[first : last + 1].text
        if label in ("DATE", "TIME"):
            self._date(ent, first, last, text)
            return
        ftype = _NAME_LABELS.get(label)
        if ftype is None and label not in _OTHER_NAME_LABELS:
            return
        if all(t.like_num for t in self.doc[first : last + 1]) or not any(
            ch.isupper() for ch in text
        ):
            return  # a sentence-initial "Twelve" tagged as a name is a number
        key = name_key(text)
        if not key:
            return
        self.used.update(range(ent.start, ent.end))
        if ftype is None:
            return  # named, counted among the entities, not compared as a slot
        root = ent.root
        verb, lemma, negated = self._verb_info(root)
        if ftype is FactType.PLACE:
            before = self.doc[first - 1] if first > self.first else None
            if before is not None and before.lower_ in DIRECTIONS:
                first -= 1
                key = f"{DIRECTIONS[before.lower_]} {key}"
        self._mention(
            ftype,
            first,
            last,
            key,
            noun=_title_of(ent),
            verb=lemma,
            role=_role(root, verb),
            context=_context(root, verb, self.first, self.last),
            negated=negated,
            source=any(i in self.source for i in range(ent.start, ent.end)),
        )

    def _date(self, ent: Span, first: int, last: int, text: str) -> None:
        if self._duration(ent, first, last):
            return
        if _habitual(ent):
            self.used.update(range(ent.start, ent.end))
            return  # "every Monday", "the second Tuesday of each month": no one day
        future = _is_future(ent.root)
        value = date_value(text, self.published, future)
        if value is None:
            return  # "49", "a 16-year-old", "recent weeks": read as numbers, or nothing
        self.used.update(
            i for i in range(ent.start, ent.end) if parse_ordinal(self.doc[i].text) is None
        )
        verb, lemma, negated = self._verb_info(ent.root)
        self._mention(
            FactType.DATE,
            first,
            last,
            value,
            holder=self._doer(verb, first, last, undergoer=True),
            verb=lemma,
            role=_role(ent.root, verb),
            context=_context(ent.root, verb, self.first, self.last),
            negated=negated,
            # "police said on Thursday": when it was said, not when it happened.
            source=verb is not None and _is_speech(verb),
        )

    def _duration(self, ent: Span, first: int, last: int) -> bool:
        """ "18 months", "a two-year sentence": a length of time is a number."""
        match = _DURATION.fullmatch(ent.text.strip().lower())
        if not match:
            return False
        quantity = parse_quantity(match.group(1).replace("-", " ").split())
        if quantity is None:
            return False
        self.used.update(range(ent.start, ent.end))
        anchor = ent.root
        verb, lemma, negated = self._verb_info(anchor)
        head = anchor.head if anchor.dep_ in ("compound", "amod", "npadvmod") else anchor
        self._mention(
            FactType.NUMBER,
            first,
            last,
            quantity,
            noun=_lemma(head) if head.i != anchor.i and head.pos_ == "NOUN" else "",
            unit=match.group(2),
            verb=lemma,
            role=_role(anchor, verb),
            context=_context(anchor, verb, self.first, self.last),
            negated=negated,
        )
        return True

    # numbers

    def _numbers(self, span: Span) -> None:
        for token in span:
            if token.i in self.used:
                continue
            lower = token.lower_
            vague = lower in VAGUE_QUANTITIES and token.pos_ in ("NOUN", "NUM", "ADJ")
            rank = parse_ordinal(token.text)
            if rank is not None:
                self._rank(token, rank)
                continue
            if not (token.like_num or vague or _SCALED.match(token.text)):
                continue
            if token.ent_type_ == "ORDINAL":
                continue
            if lower in ("one", "a", "an") and token.dep_ != "nummod":
                continue
            if token.pos_ == "PROPN" and token.head.pos_ == "PROPN":
                continue  # part of a name: "Apollo 11"
            if self._names_a_version(token):
                continue
            self._number(token)

    def _names_a_version(self, token: Token) -> bool:
        """A number right after the name it modifies names a model, version or
        flight ("Internet Explorer 7", "Flight 2216"): English counts come
        before the noun.  After a place or a team a number is a tally
        ("Lombardy 5,000", "Liverpool 2 Everton 0"), and a score or range
        after a name ("Vale 2-1") counts too."""
        head = token.head
        if token.dep_ != "nummod" or head.pos_ != "PROPN" or head.i != token.i - 1:
            return False
        if "," in token.text or head.ent_type_ in _PLACE_LABELS or head.lower_ in _CURRENCY_SIGNS:
            return False  # "$US15m": the sign the parser took for a name
        doc = self.doc
        after = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if after is not None and after.text in ("-", "\u2013", "\u2014"):
            return False
        tally = after is not None and after.pos_ == "PROPN" and token.i + 2 < len(doc)
        return not (tally and doc[token.i + 2].like_num)

    def _rank(self, token: Token, rank: int) -> None:
        """ "the 23rd minute", "a third term": a rank is a number in the unit
        "rank" of what it ranks.  "first" and "second" are as often sequence
        words ("a second official") and are read only on a noun they rank."""
        head = token.head
        if head.pos_ not in ("NOUN", "PROPN") or token.dep_ != "amod":
            return
        if rank <= 2 and head.i != token.i + 1:
            return
        self.used.add(token.i)
        verb, lemma, negated = self._verb_info(head)
        self._mention(
            FactType.NUMBER,
            token.i,
            head.i if head.i == token.i + 1 else token.i,
            Quantity(float(rank), float(rank), True),
            noun=_lemma(head),
            unit="rank",
            verb=lemma,
            role=_role(head, verb),
            context=_context(head, verb, self.first, self.last),
            negated=negated,
        )

    def _number_phrase(self, token: Token) -> tuple[int, int]:
        doc = self.doc
        first = last = token.i
        while last + 1 < self.last and (
            doc[last + 1].like_num
            or self._hyphenated_number(last)
            or (doc[last + 1].lower_ in _SCALE and self._is_scale(doc[last + 1]))
            or doc[last + 1].lower_ in ("%", "percent")
        ):
            last += 1
        k = first - 1
        while (
            k >= self.first
            and k >= token.i - 3
            and (
                doc[k].lower_ in _BOUND_WORDS or doc[k].lower_ in _CURRENCY_SIGNS or doc[k].like_num
            )
        ):
            if doc[k].lower_ == "to" and not (k > self.first and doc[k - 1].lower_ == "up"):
                break
            first = k
            k -= 1
        return first, last

    def _hyphenated_number(self, last: int) -> bool:
        """A hyphen inside a number written in words ("forty-two", which
        the tokenizer splits in three), not one between two figures ("2-1")."""
        doc = self.doc
        return (
            last + 2 < self.last
            and doc[last + 1].text == "-"
            and doc[last].lower_ in _TENS
            and doc[last + 2].lower_ in _UNITS_WORDS
        )

    def _is_scale(self, word: Token) -> bool:
        """Whether a scale word scales: "m" is a million ("$60m", "turnout
        reached 3.1m", "60m viewers") unless a word of measure follows it
        ("320m tall", "fell 60m from a ridge")."""
        before = self.doc[max(self.first, word.i - 4) : word.i]
        if any(t.lower_ in _CURRENCY_SIGNS for t in before):
            return True
        if word.text == "K":
            return False  # "4K footage" is a resolution; "$300K" has its sign
        if word.lower_ not in UNITS:
            return True
        after = self.doc[word.i + 1] if word.i + 1 < self.last else None
        if after is not None and after.text in ("-", "\u2013") and word.i + 2 < self.last:
            after = self.doc[word.i + 2]  # "a 60m-long tunnel"
        return after is None or after.lower_ not in _MEASURE_WORDS

    def _number(self, token: Token) -> None:
        doc = self.doc
        first, last = self._number_phrase(token)
        words = [doc[i].text for i in range(first, last + 1)]
        quantity = parse_quantity([w for w in words if w.lower() not in _CURRENCY_SIGNS])
        if quantity is None:
            return
        self.used.update(range(first, last + 1))
        unit, noun, anchor = self._unit_and_noun(token, first, last)
        following = doc[last + 1] if last + 1 < self.last else None
        if (
            unit
            and following is not None
            and _lemma(following) in UNITS
            and dimension(_lemma(following)) == dimension(unit)
        ):
            # "200 feet", "4.2 billion dollars": the unit word is part of the
            # value a reporter reads ("about 200 feet" vs "about 200m").
            last += 1
            self.used.add(last)
        if unit == "age":
            # "a 16-year-old": the hyphenated phrase is the value shown.
            while last + 1 < self.last and doc[last + 1].lower_ in ("-", "year", "old", "years"):
                last += 1
                self.used.add(last)
        verb, lemma, negated = self._verb_info(anchor)
        if verb is not None and _is_speech(verb) and anchor.dep_ in ("nsubj", "nsubjpass"):
            return  # "two officials said": how many sources is not the story
        self._mention(
            FactType.NUMBER,
            first,
            last,
            quantity,
            holder=self._age_holder(token) if unit == "age" else self._doer(verb, first, last),
            noun=noun,
            unit=unit,
            verb=lemma,
            role=_role(anchor, verb),
            context=_context(anchor, verb, self.first, self.last),
            negated=negated,
            source=any(i in self.source for i in range(first, last + 1)),
        )

    def _doer(self, verb: Token | None, first: int, last: int, *, undergoer: bool = False) -> str:
        """The name that does what a value's predicate says ("Echenique
        grabbed 11 rebounds", "Artino ... adding six rebounds", "stopped by
        Klitschko in the sixth round"): the active subject or the passive
        agent, found on the verb or on the verbs it hangs from.  With
        ``undergoer``, for the day or hour of a happening, also whom it
        happened to: the passive subject ("Williams was arrested early
        Sunday"), a name in apposition to it ("Chargers tackle Jamal
        Williams was arrested"), the agent when the passive subject names no
        one ("the bill was signed by Obama"), or the name a participle
        describes ("Jackson, arrested Jan. 6")."""
        subjects = ("nsubj", "nsubjpass") if undergoer else ("nsubj",)
        current = verb
        for _ in range(4):
            if current is None or not _in(current, self.first, self.last):
                return ""
            if undergoer and current.dep_ == "acl" and current.tag_ == "VBN":
                return self._named_party(current.head, first, last, undergoer)
            parties = False
            for child in current.children:
                target = child
                if child.dep_ == "agent":
                    target = next((c for c in child.children if c.dep_ == "pobj"), child)
                elif child.dep_ not in subjects:
                    continue
                name = self._named_party(target, first, last, undergoer)
                if name or not undergoer:
                    return name
                parties = True
            if parties:
                return ""
            if current.dep_ not in ("advcl", "xcomp", "conj", "pcomp", "acl", "prep"):
                return ""
            current = current.head
        return ""

    def _named_party(self, target: Token, first: int, last: int, apposed: bool = False) -> str:
        """The name key of one party of a value's predicate, or "" when the
        party is the value itself, part of the source, two parties, or not
        a person or an organisation.  With ``apposed``, a noun that names no
        one stands for the name in apposition to it."""
        if first <= target.i <= last or target.i in self.source:
            return ""
        if apposed and self.entities.at(target.i) is None:
            target = next((c for c in target.children if c.dep_ == "appos"), target)
        if target.dep_ == "conj" or any(c.dep_ == "conj" for c in target.children):
            return ""  # "Israel and Hamas agreed ...": both do it
        name = self.entities.at(target.i)
        if name is None or name.label_ not in ("PERSON", "ORG"):
            # A country or a city stands for its government or army, named
            # many ways ("Israel", "the IDF"); a person's surname is often
            # tagged as an organization.
            return ""
        return name_key(name.text)

    def _age_holder(self, token: Token) -> str:
        """Whose age a figure is, when a name says it: "his wife, 23-year-old
        Laci", "the 32-year-old Peterson", "Comeaux, 49", "Raj Chohan, a
        59-year-old woman"."""
        # "Andrew Lopez, 20 was found guilty": the name before the comma.
        holder = token.doc[token.i - 2] if _age_after_name(token) else self._age_head(token)
        if holder.dep_ == "appos" and holder.pos_ == "NOUN":
            holder = holder.head  # "Raj Chohan, a 59-year-old woman"
        name = self.entities.at(holder.i)
        if name is None or name.label_ not in _HOLDER_LABELS or holder.i == token.i:
            return ""
        return name_key(name.text)

    @staticmethod
    def _age_head(token: Token) -> Token:
        """The noun an age figure hangs on."""
        holder = token
        for _ in range(4):  # 23 -> year -> old -> Laci
            if holder.dep_ not in ("nummod", "npadvmod", "amod", "appos", "quantmod"):
                break
            holder = holder.head
            if holder.pos_ in ("NOUN", "PROPN") and holder.lower_ not in ("year", "years"):
                break
        return holder

    def _unit_in_phrase(self, first: int, last: int) -> str:
        """A unit written inside the number phrase ("$", "%") or just before
        it ("a magnitude 6.7 earthquake", as "a 6.7-magnitude one")."""
        doc = self.doc
        unit = ""
        for i in range(first, last + 1):
            lowered = doc[i].lower_
            if lowered in _CURRENCY_SIGNS:
                unit = lowered
            elif lowered in ("%", "percent"):
                unit = "percent"
        before = doc[first - 1] if first > self.first else None
        if not unit and before is not None and dimension(_lemma(before)) in _UNITS_BEFORE:
            unit = _lemma(before)
        return unit

    def _unit_and_noun(self, token: Token, first: int, last: int) -> tuple[str, str, Token]:
        """The unit a number is in, the noun it counts, and the token that
        stands for the whole quantity in the sentence."""
        doc = self.doc
        unit = self._unit_in_phrase(first, last)
        # "4.2 billion dollars", "forty-two people": the phrase's last word,
        # not its first, hangs on the noun; its relations are read from it.
        scale = doc[last]
        # (an "m" in the phrase is a million: _number_phrase took it as one)
        if (
            scale.i > token.i
            and token.head.i == scale.i
            and (scale.lower_ in _SCALE or scale.like_num)
        ):
            token = scale
        following = doc[last + 1] if last + 1 < self.last else None
        if (
            following is not None
            and following.lower_ == "-"
            and last + 2 < self.last
            and doc[last + 2].lower_ == "year"
        ):
            return "age", "", token  # "a 16-year-old"
        head = token.head
        anchor = token
        noun = ""
        if token.dep_ in ("nummod", "quantmod", "compound", "amod") and head.pos_ in (
            "NOUN",
            "PROPN",
            "ADJ",
        ):
            anchor = head
            noun = _lemma(head)
            if noun in _SCALE and head.head.pos_ == "NOUN":
                anchor = head.head
                noun = _lemma(anchor)
        elif following is not None and following.pos_ == "NOUN" and following.head.i == token.i:
            noun = _lemma(following)
        elif token.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN":
            anchor = head.head  # "a crowd of 61,500"
            noun = _lemma(anchor)
        else:
            pobj = _partitive_whole(token)
            if pobj is not None and pobj.pos_ != "PRON":
                noun = _lemma(pobj)  # "three of the soldiers", not "three of them"
        if (
            not unit
            and not noun
            and following is not None
            and following.lower_ in UNITS
            and not doc[last].whitespace_
        ):
            unit = following.lower_  # "320m tall", whatever the tagger made of the "m"
        if noun in UNITS:
            unit = unit or noun
            if unit == "dollar":
                unit = next(
                    (
                        DOLLAR_COUNTRIES[c.lower_]
                        for c in anchor.children
                        if c.dep_ in ("amod", "compound") and c.lower_ in DOLLAR_COUNTRIES
                    ),
                    unit,
                )
            # "200 feet of cable": the unit's own "of" names what is measured.
            of = next((c for c in anchor.children if c.lower_ == "of"), None)
            pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of else None
            noun = _lemma(pobj) if pobj is not None else ""
        if noun == "year" and following is not None and following.lower_ == "old":
            unit, noun = "age", ""
        if not unit and (
            (token.dep_ == "appos" and head.pos_ in ("NOUN", "PROPN") and _alone(token))
            or head.lower_ == "aged"
            or _age_after_name(token)
        ):
            unit = "age"  # "Comeaux, 49, ...", "aged 49"; not "the game (22-47)", a score
        return unit, noun, anchor

    # the frame

    def _note(self, ftype: FactType, token: Token, value: str, head: str) -> None:
        start, end = token.idx, token.idx + len(token.text)
        self.notes.append(Fact(ftype, token.text, value, start, end, head, ""))

    def facts(self) -> tuple[Fact, ...]:
        """The claim's facts as the JSON and the store keep them."""
        out = [fact_of(m) for m in self.mentions] + self.notes
        return tuple(sorted(out, key=lambda f: (f.start, f.end, f.type)))

    def _frame(self, span: Span) -> Frame:
        reading = self._read_tokens(span)
        entities, value_terms = self._value_terms()
        main = _main_predicate(span.root)
        subject = _argument(main, ("nsubj", "nsubjpass"), self.entities)
        obj = _argument(main, ("dobj", "nsubjpass", "attr"), self.entities)
        stripped = self.text[span.start_char : span.end_char].strip()
        asks = stripped.rstrip(_CLOSING_QUOTES).endswith("?")
        return Frame(
            terms=(*reading.terms, *value_terms),
            entities=entities,
            predicates=frozenset(reading.predicates),
            root=_lemma(main) if main.pos_ in ("VERB", "AUX", "NOUN") else "",
            mains=frozenset(
                _lemma(t)
                for t in (main, *(c for c in main.children if c.dep_ == "conj"))
                if t.pos_ in ("VERB", "AUX")
                and (t is main or not any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children))
            ),
            subject=subject,
            object=obj if obj != subject else "",
            mentions=tuple(sorted(self.mentions, key=lambda m: (m.start, m.end))),
            # A question ("What is he pointing a gun at?") asserts nothing
            # and denies nothing.
            negated=frozenset() if asks else frozenset(reading.negated),
            asserted=frozenset() if asks else frozenset(reading.asserted),
            speaker=self.speaker,
            speaker_named=self.speaker_named,
            hedged=reading.hedged,
            quoted=stripped[:1] in QUOTES_OPEN,
            words=reading.words,
            published=self.published,
            inside=self._nested_places(),
        )

    def _nested_places(self) -> tuple[tuple[str, str], ...]:
        """Places the claim writes one inside the other: "Palmer, Alaska",
        "Indonesia's Aceh province", "the Nuba Mountains in South Kordofan",
        read from the parse, not from the words between them alone ("Russia's
        Ukraine invasion", "Russia, Ukraine swap prisoners" nest nothing)."""
        places = [
            e for e in self.entities.within(self.first, self.last) if e.label_ in _NESTING_LABELS
        ]
        starts = {e.start for e in places}
        out = []
        for first, second in pairwise(places):
            between = [t.lower_ for t in self.doc[first.end : second.start]]
            if between == [","]:
                if self._listed(second.end, starts) or not _apposed(first, second):
                    continue  # "Paris, London and Berlin"; "Russia, Ukraine swap ..."
                inner, outer = first, second
            elif between in (["'s"], ["\u2019s"]):
                if not (first.root.dep_ == "poss" and _holds(second, first.root.head)):
                    continue  # "Russia's Ukraine invasion"
                inner, outer = second, first
            elif between == ["in"]:
                preposition = self.doc[first.end]
                if not (_holds(first, preposition.head) and second.root.head.i == preposition.i):
                    continue  # "the war waged by Israel in Gaza"
                inner, outer = first, second
            else:
                continue
            pair = (_place_key(inner), _place_key(outer))
            if all(pair):
                out.append(pair)
        return tuple(out)

    def _listed(self, after: int, starts: set[int]) -> bool:
        """Whether a place ending before token ``after`` is followed by more
        of a list: "and", "or", or a comma and another place."""
        k = after
        while k < self.last and self.doc[k].text == ",":
            k += 1
        return k < self.last and (self.doc[k].lower_ in ("and", "or", "&") or k in starts)

    def _read_tokens(self, span: Span) -> _TokenReading:
        """Content terms, predicates in their polarity, hedges and negations
        (the last two also kept as notes)."""
        out = _TokenReading()
        for token in span:
            if token.is_punct or token.is_space:
                continue
            lemma = _lemma(token)
            if lemma in HEDGES or (lemma == "allege" and token.tag_ == "VBN"):
                out.hedged = True
                self._note(FactType.HEDGE, token, lemma, "")
            if token.dep_ == "neg" or token.lower_ == "never" or lemma in NEGATING_HEADS:
                self._note(FactType.NEGATION, token, token.lower_, _lemma(token.head))
            if token.pos_ == "VERB" and not _is_speech(token) and lemma not in NEGATING_HEADS:
                out.add_predicate(lemma, token, self.first, self.last)
            if self._is_content(token):
                out.words += 1
                out.terms.extend(_content_terms(token, lemma))
        return out

    def _is_content(self, token: Token) -> bool:
        if token.i in self.source or token.is_stop or not token.is_alpha:
            return False
        if token.pos_ not in _CONTENT_POS:
            return False
        return not (token.pos_ == "VERB" and _is_speech(token))

    def _value_terms(self) -> tuple[frozenset[str], list[str]]:
        """The names the claim is about, and a term for each of its values."""
        entities: set[str] = set()
        terms: list[str] = []
        for m in self.mentions:
            if m.source:
                continue
            if m.type in _NAME_TYPES:
                entities.add(str(m.value))
                terms.append("e:" + str(m.value))
            elif m.type is FactType.NUMBER and isinstance(m.value, Quantity):
                if m.value.exact:
                    terms.append(f"n:{m.value.low:g}")
                if m.value.low >= 1:
                    # Two reports of one quantity are of one order of magnitude.
                    terms.append(f"q:{dimension(m.unit)}:{math.floor(math.log10(m.value.low))}")
            elif m.type is FactType.DATE:
                terms.append(f"d:{m.value}")
            elif m.type is FactType.TIME and isinstance(m.value, tuple):
                terms.append(f"h:{(m.value[0] + m.value[1]) // 120 % 24}")
        return frozenset(entities), terms


@dataclass
class _TokenReading:
    terms: list[str] = field(default_factory=list)
    predicates: set[str] = field(default_factory=set)
    negated: set[str] = field(default_factory=set)
    asserted: set[str] = field(default_factory=set)
    hedged: bool = False
    words: int = 0

    def add_predicate(self, lemma: str, token: Token, first: int, last: int) -> None:
        self.predicates.add(lemma)
        if token.dep_ in _MODIFIER_DEPS:
            return  # "their two leading running backs" says nothing of who led
        if _conditional(token, first, last) or _manner_negated(token):
            return
        (self.negated if _negated(token) else self.asserted).add(lemma)


def _content_terms(token: Token, lemma: str) -> list[str]:
    if token.pos_ == "PROPN" or token.ent_type_ in _NAME_LABELS:
        return ["t:" + phonetic_key(name_key(token.text) or lemma)]
    if len(lemma) >= STEM:
        # Derived words share their beginning: collide / collision,
        # elect / election, injure / injury.
        return [lemma, "s:" + lemma[:STEM]]
    return [lemma]


def _source_tokens(source: Token) -> list[Token]:
    """Who said it, without what a clause on it says: in "according to data
    from the count, which give it 37 seats" the 37 is news, not source."""
    clauses = [t for t in source.subtree if t.dep_ == "relcl"]
    inside = {t.i for c in clauses for t in c.subtree}
    return [t for t in source.subtree if t.i not in inside]


def _holds(span: Span, token: Token) -> bool:
    return span.start <= token.i < span.end


def _apposed(first: Span, second: Span) -> bool:
    """ "Palmer, Alaska" as the parse reads a place and its region (the second
    in apposition, or the first a modifier of it), and not as the subject
    pair of a headline ("Russia, Ukraine swap prisoners")."""
    if first.root.dep_ in ("nsubj", "nsubjpass") or second.root.dep_ in ("nsubj", "nsubjpass"):
        return False
    return (second.root.dep_ == "appos" and _holds(first, second.root.head)) or (
        first.root.dep_ in ("nmod", "compound", "npadvmod") and _holds(second, first.root.head)
    )


def _after_articles(doc: Doc, first: int, last: int) -> int:
    """The first token of a name after its articles ("the Nuba Mountains")."""
    while first < last and doc[first].lower_ in _ARTICLES:
        first += 1
    return first


def _place_key(ent: Span) -> str:
    first = _after_articles(ent.doc, ent.start, ent.end - 1)
    return name_key(ent.doc[first : ent.end].text)


def _partitive_whole(token: Token) -> Token | None:
    """The noun a number takes a part of: "three of the soldiers", "five out
    of the six members" (the number counts members too)."""
    of = next((c for c in token.children if c.lower_ == "of"), None)
    if of is None:
        out = next((c for c in token.children if c.lower_ == "out"), None)
        of = next((c for c in out.children if c.lower_ == "of"), None) if out else None
    return next((c for c in of.children if c.dep_ == "pobj"), None) if of else None


def _main_predicate(root: Token) -> Token:
    """ "Officials said the strike killed three": the news is the complement."""
    if not _is_speech(root):
        return root
    return next((c for c in root.children if c.dep_ in ("ccomp", "parataxis")), root)


_NAME_TYPES = frozenset({FactType.PERSON, FactType.ORGANIZATION, FactType.PLACE, FactType.GROUP})


def _argument(verb: Token, deps: tuple[str, ...], entities: DocEntities) -> str:
    for child in verb.children:
        if child.dep_ in deps:
            name = entities.at(child.i)
            if name is not None:
                return name_key(name.text)
            return _lemma(child)
    return ""


def _title_of(ent: Span) -> str:
    """The title a named person holds in this sentence: "Governor X", "the
    captain, X", "X, the company's chief executive" (any common noun in
    apposition or compound, read from the parse)."""
    root = ent.root
    for child in root.children:
        if child.i < ent.start and child.dep_ in ("compound", "appos") and child.pos_ == "NOUN":
            return _lemma(child)
    if root.dep_ == "appos" and root.head.pos_ == "NOUN":
        return _lemma(root.head)
    for child in root.children:
        if child.dep_ == "appos" and child.pos_ == "NOUN":
            return _lemma(child)
    return ""


def _habitual(ent: Span) -> bool:
    """A time that recurs ("every Monday", "on Tuesdays", "the second Tuesday
    of each month") dates a habit, not the day something happened.  The
    parse may leave "every" just outside the date."""
    before = ent.doc[ent.start - 1].lower_ if ent.start > 0 else ""
    return before in RECURRING or any(
        t.lower_ in RECURRING or (t.lower_.endswith("days") and weekday_index(t.text) is not None)
        for t in ent
    )


def _is_future(token: Token) -> bool:
    """A date of something still to come ("will parade on Monday", "next
    Friday", "is due to meet on Monday"); not of a purpose ("stopped him in
    the sixth round to keep his belts Saturday night")."""
    if any(t.lower_ in ("next", "coming") for t in token.subtree):
        return True
    current = token
    for _ in range(6):
        if current.pos_ in ("VERB", "AUX"):
            return any(
                c.dep_ == "aux"
                and (
                    c.lower_ in ("will", "shall", "'ll", "wo")
                    or (c.lower_ == "to" and current.dep_ == "xcomp")
                )
                for c in current.children
            )
        if current.head.i == current.i:
            break
        current = current.head
    return False


def date_value(text: str, published: date | None, future: bool = False) -> str | None:
    """A date phrase as a comparable value: an ISO day when it resolves,
    ``--MM-DD`` without a year, ``YYYY-MM``, ``YYYY``, ``weekday:N`` for a
    weekday that cannot be placed; ``None`` for phrases that date nothing
    precisely ("recent weeks", "the past")."""
    lowered = text.lower()
    relative = resolve_relative(lowered, published)
    if relative is not None:
        return relative.isoformat()
    tokens = re.findall(r"[a-z]+|\d+", lowered)
    month = next((MONTHS[w] for w in tokens if w in MONTHS), None)
    numbers = [int(w) for w in tokens if w.isdigit()]
    year = next((n for n in numbers if 1900 <= n <= 2100), None)
    day = next((n for n in numbers if 1 <= n <= 31), None)
    if month and day:
        # Without a written year only the day of the month is compared: the
        # year an article leaves out is a guess.
        if year is not None:
            try:
                return date(year, month, day).isoformat()
            except ValueError:
                return None
        return f"--{month:02d}-{day:02d}"
    for word in tokens:
        weekday = weekday_index(word)
        if weekday is not None and len(word) > 5:
            if published is not None:
                return resolve_weekday(weekday, published, future=future).isoformat()
            return f"weekday:{weekday}"
    if month and year:
        return f"{year:04d}-{month:02d}"
    if year is not None and len(tokens) <= 2:
        return f"{year:04d}"
    return None


def fact_of(m: Mention) -> Fact:
    """A mention as a plain :class:`Fact` (JSON-safe value)."""
    value: str | int | float | None
    if isinstance(m.value, Quantity):
        q = m.value
        if q.exact:
            value = int(q.low) if q.low == int(q.low) else q.low
        elif q.high == float("inf"):
            value = f">={q.low:g}"
        else:
            value = f"{q.low:g}..{q.high:g}"
    elif isinstance(m.value, tuple):
        low, high, ambiguous = m.value
        value = f"{low}..{high}" + ("?" if ambiguous else "")
    else:
        value = str(m.value)
    head = m.noun or (m.unit if m.type is FactType.NUMBER else "")
    return Fact(m.type, m.text, value, m.start, m.end, head, m.verb)
