"""Turning surface strings into comparable values.

Names become keys that fold spelling variants (Kata'ib / Kataib, al-Saadi /
Al Saadi, U.S. / United States); numbers become intervals so that "at least
120" and "120" overlap and "three" and "two" do not.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from rapidfuzz import fuzz, process

from app.lexicon import (
    ALIAS,
    APPROXIMATE,
    LOWER_BOUND,
    NAME_ABBREVIATIONS_BEFORE_LAST,
    NAME_ABBREVIATIONS_LAST,
    NUMBER_WORDS,
    ORDINAL_WORDS,
    SCALE_WORDS,
    VAGUE_QUANTITIES,
    WEEKDAYS,
)

_APOSTROPHES = "'’‘`´ʼʻ"
_NAME_DROP = re.compile(r"[" + _APOSTROPHES + r"\.\u00b7]")
_NAME_SPLIT = re.compile(r"[\s\-‐‑–—_/,]+")
_LEADING_ARTICLE = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"[" + _APOSTROPHES + r"]s\b", re.IGNORECASE)
_HONORIFICS = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "dr",
        "gen",
        "maj",
        "col",
        "lt",
        "sgt",
        "capt",
        "president",
        "prime",
        "minister",
        "sen",
        "rep",
        "gov",
        "judge",
        "justice",
        "sheikh",
        "sir",
        "prof",
    }
)
_NAME_PARTICLES = frozenset({"al", "el", "ul", "bin", "ibn", "abu", "de", "van", "von", "da"})


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def name_key(name: str) -> str:
    """A folded key for a name: case, accents, apostrophes, hyphens, articles.

    ``name_key("Kata'ib Hezbollah") == name_key("Kataib Hezbollah")``, and
    aliases resolve: ``name_key("U.S.") == name_key("United States")``.
    """
    text = strip_accents(name).strip().lower()
    text = _POSSESSIVE.sub("", text)
    text = _LEADING_ARTICLE.sub("", text)
    alias = ALIAS.get(text) or ALIAS.get(_NAME_DROP.sub("", text))
    if alias:
        return alias
    text = _NAME_DROP.sub("", text)
    words = [w for w in _NAME_SPLIT.split(text) if w]
    while words and words[0] in _HONORIFICS:
        words.pop(0)
    words = [_spelled_out(w, i, len(words)) for i, w in enumerate(words)]
    joined = " ".join(words)
    return ALIAS.get(joined, joined)


def _spelled_out(word: str, index: int, count: int) -> str:
    """A place-name abbreviation in full, read by its place in a name of two
    words or more: "Mt Cook" is "Mount Cook", "Port St. Lucie" "Port Saint
    Lucie", "Main St" "Main Street"; "FT" alone stays "ft"."""
    if count < 2:
        return word
    table = NAME_ABBREVIATIONS_LAST if index == count - 1 else NAME_ABBREVIATIONS_BEFORE_LAST
    return table.get(word, word)


@lru_cache(maxsize=65536)
def phonetic_key(key: str) -> str:
    """Fold transliteration variants: Qaddafi / Gaddafi / Kadhafi -> kadafi."""
    text = key.replace(" ", "")
    for old, new in (
        ("dh", "d"),
        ("kh", "k"),
        ("gh", "g"),
        ("q", "k"),
        ("ph", "f"),
        ("ou", "u"),
        ("ee", "i"),
        ("oo", "u"),
        ("y", "i"),
        ("c", "k"),
        ("j", "i"),
        ("w", "u"),
        ("e", "a"),
        ("o", "u"),
    ):
        text = text.replace(old, new)
    if text.startswith("g"):
        text = "k" + text[1:]
    return re.sub(r"(.)\1+", r"\1", text)


def name_tokens(key: str) -> frozenset[str]:
    return frozenset(w for w in key.split() if w not in _NAME_PARTICLES and len(w) > 1)


# Words an acronym leaves out: "NUM" for "National Union of Mineworkers".
_ACRONYM_SKIPS = frozenset({"of", "the", "and", "for", "on", "in", "de", "&"})


def initials(key: str) -> frozenset[str]:
    """The acronyms a name of three to six words may have, with and without
    its small words: ``initials("department of justice") == {"dj", "doj"}``.
    No acronym for a name with an initial in it ("sarah a miller"): a person's."""
    words = key.split()
    if not 3 <= len(words) <= 6 or any(len(w) == 1 for w in words):
        return frozenset()
    content = [w for w in words if w not in _ACRONYM_SKIPS]
    return frozenset({"".join(w[0] for w in words), "".join(w[0] for w in content)})


def is_acronym_of(short: str, long: str) -> bool:
    """``short`` (one word of three letters or more) spells the initials of
    ``long``; two-letter ones ("UN", "EU") are aliases in ``app.lexicon``."""
    return " " not in short and len(short) >= 3 and short in initials(long)


@lru_cache(maxsize=262144)
def same_name(a: str, b: str) -> bool:
    """Whether two name keys plausibly name the same entity.

    Equal keys, equal transliteration keys, one name the acronym of the other
    ("AFC", "American Football Conference"), one name contained in the other
    ("Abu Taqwa" in "Abu Taqwa al-Saadi"), or a close fuzzy match.
    """
    if a == b:
        return True
    if not a or not b:
        return False
    if phonetic_key(a) == phonetic_key(b):
        return True
    if is_acronym_of(a, b) or is_acronym_of(b, a):
        return True
    ta, tb = name_tokens(a), name_tokens(b)
    if ta and tb and (ta <= tb or tb <= ta):
        return True
    if ta and tb:
        pa = {phonetic_key(t) for t in ta}
        pb = {phonetic_key(t) for t in tb}
        if pa <= pb or pb <= pa:
            return True
    return fuzz.ratio(a, b) >= 88


class NameIndex:
    """The names of one article, to ask whether it knows a name in any
    spelling: ``index.knows(name)`` is ``any(same_name(name, o) for o in
    names)``, without comparing the name with every name of a long article
    one by one."""

    def __init__(self, names: Iterable[str]) -> None:
        self.names = frozenset(names)
        usable = sorted(n for n in self.names if n)
        self._choices = usable
        self._phonetic = {phonetic_key(n) for n in usable}
        # Two token sets one of which holds the other share a token; so do
        # their phonetic keys, which is the looser of the two tests.
        self._by_sound: dict[str, list[frozenset[str]]] = {}
        for name in usable:
            sounds = frozenset(phonetic_key(t) for t in name_tokens(name))
            for sound in sounds:
                self._by_sound.setdefault(sound, []).append(sounds)
        self._initials = {i for name in usable for i in initials(name) if len(i) >= 3}
        self._known: dict[str, bool] = {}

    def knows(self, name: str) -> bool:
        if name not in self._known:
            self._known[name] = self._knows(name)
        return self._known[name]

    def _knows(self, name: str) -> bool:
        if name in self.names:
            return True
        if not name or not self._choices:
            return False
        if phonetic_key(name) in self._phonetic:
            return True
        if (" " not in name and name in self._initials) or any(
            i in self.names for i in initials(name) if len(i) >= 3
        ):
            return True  # an acronym of a name the article spells out, or the other way
        sounds = frozenset(phonetic_key(t) for t in name_tokens(name))
        for sound in sounds:
            for other in self._by_sound.get(sound, ()):
                if sounds <= other or other <= sounds:
                    return True
        best = process.extractOne(name, self._choices, scorer=fuzz.ratio, score_cutoff=88)
        return best is not None


# --- numbers -----------------------------------------------------------------

_NUMERIC = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
_SUFFIXED = re.compile(r"^(\d+(?:\.\d+)?)(k|m|mn|bn|b)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number as the interval it may stand for."""

    low: float
    high: float
    exact: bool

    def overlaps(self, other: Quantity) -> bool:
        return self.low <= other.high and other.low <= self.high

    @property
    def value(self) -> float:
        return self.low if self.low == self.high else (self.low + self.high) / 2


def parse_number_token(text: str) -> float | None:
    """One token: "1,200", "3.5", "three", "12%", "4.2bn"."""
    t = text.strip().lower().rstrip("%").replace("\u2009", "")
    if not t:
        return None
    if _NUMERIC.match(t):
        return float(t.replace(",", ""))
    m = _SUFFIXED.match(t)
    if m:
        return float(m.group(1)) * SCALE_WORDS[m.group(2).lower()]
    if t in NUMBER_WORDS:
        return float(NUMBER_WORDS[t])
    if "-" in t:  # twenty-five
        parts = t.split("-")
        if len(parts) == 2 and parts[0] in NUMBER_WORDS and parts[1] in NUMBER_WORDS:
            return float(NUMBER_WORDS[parts[0]] + NUMBER_WORDS[parts[1]])
    return None


_ORDINAL_DIGITS = re.compile(r"^(\d+)(st|nd|rd|th)$", re.IGNORECASE)


def parse_ordinal(text: str) -> int | None:
    """ "23rd" -> 23, "third" -> 3."""
    t = text.strip().lower()
    m = _ORDINAL_DIGITS.match(t)
    if m:
        return int(m.group(1))
    return ORDINAL_WORDS.get(t)


_VAGUE_PATTERNS = [
    (v, re.compile(r"(^|\s)" + re.escape(v) + r"($|\s)"))
    for v in sorted(VAGUE_QUANTITIES, key=len, reverse=True)
]


def vague_amount(phrase: str) -> str | None:
    """The vague amount a number phrase gives ("dozens", "a few"), if any:
    "about 150" is a rounded figure, not a vague amount."""
    lowered = " ".join(phrase.lower().split())
    return next((v for v, pattern in _VAGUE_PATTERNS if pattern.search(lowered)), None)


def parse_quantity(words: list[str]) -> Quantity | None:
    """Words of a number phrase ("at least 120", "more than 30", "dozens of",
    "about 3,000", "4.2 billion") as an interval.  ``None`` if not a number."""
    lowered = [w.lower() for w in words if w.strip()]
    if not lowered:
        return None
    phrase = " ".join(lowered)
    vague = vague_amount(phrase)
    if vague is not None:
        lo, hi = VAGUE_QUANTITIES[vague]
        return Quantity(lo, hi, lo == hi)
    value: float | None = None
    for w in lowered:
        if w in ("a", "an") and value is None:
            continue
        n = parse_number_token(w)
        if n is not None and w not in ("no", "none"):
            value = n if value is None else (value + n if n < value else value * n)
            continue
        if w in SCALE_WORDS and value is not None:
            value *= SCALE_WORDS[w]
    if value is None:
        return None
    modifiers = set(lowered)
    if modifiers & LOWER_BOUND and not modifiers & {"nearly", "almost"} and "up to" not in phrase:
        return Quantity(value, float("inf"), False)
    if modifiers & {"fewer", "less", "under", "below"}:
        return Quantity(0.0, value, False)
    if "up to" in phrase or "at most" in phrase:
        return Quantity(0.0, value, False)
    if modifiers & APPROXIMATE - {"an", "or", "so"} or phrase.endswith("or so"):
        return Quantity(value * 0.9, value * 1.1, False)
    return Quantity(value, value, True)


def quantities_compatible(a: Quantity, b: Quantity) -> bool:
    """Overlap, allowing the rounding news copy does ("1,187" vs "about 1,200")."""
    if a.overlaps(b):
        return True
    if a.exact and b.exact:
        big = max(abs(a.value), abs(b.value))
        # Rounded figures: 3.5 million vs 3,512,000; 12.4% vs 12%.
        if big >= 1000 and abs(a.value - b.value) / big < 0.02:
            return True
        da, db = _decimals(a.value), _decimals(b.value)
        if da != db:
            # The figure with fewer decimals may round the other (12.4% vs
            # 12%), if the other is strictly within half its last digit
            # (0.5 vs 1 and 7.5 vs 7 are two figures).  Two figures given to
            # one precision (a magnitude 6.7 vs 6.9) are two readings.
            half = 0.5 * 10.0 ** -min(da, db)
            return abs(a.value - b.value) < half - 1e-9
    return False


def _decimals(value: float) -> int:
    """How many decimals a figure has (0 to 3; 4 for more), read from its
    value: "7.0" reads as 7, with no decimals."""
    if not math.isfinite(value):
        return 0
    for places in range(4):
        if abs(value * 10**places - round(value * 10**places)) < 1e-6:
            return places
    return 4


def format_number(value: float) -> str:
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


# --- dates -------------------------------------------------------------------


def weekday_index(word: str) -> int | None:
    w = word.lower().rstrip(".,").removesuffix("s")
    for i, name in enumerate(WEEKDAYS):
        if w == name or (len(w) >= 3 and name.startswith(w) and w in name[:3]):
            return i
    return None


def resolve_weekday(weekday: int, published: date, future: bool = False) -> date:
    """The most recent day with that weekday on or before the publication date,
    or for something still to come the next one on or after it."""
    if future:
        return published + timedelta(days=(weekday - published.weekday()) % 7)
    back = (published.weekday() - weekday) % 7
    return published - timedelta(days=back)


_RELATIVE_DAYS = {"today": 0, "tonight": 0, "yesterday": 1, "this morning": 0}


def _days_back(phrase: str) -> int | None:
    key = phrase.lower().strip()
    return next((back for word, back in _RELATIVE_DAYS.items() if key.startswith(word)), None)


def is_relative_day(phrase: str) -> bool:
    """ "today", "yesterday", "tonight": a day told from the day of writing."""
    return _days_back(phrase) is not None


def resolve_relative(phrase: str, published: date | None) -> date | None:
    back = _days_back(phrase)
    if published is None or back is None:
        return None
    return published - timedelta(days=back)


# --- clock times -------------------------------------------------------------

CLOCK = re.compile(
    r"(?:(?P<qual>about|around|approximately|roughly|nearly|almost|just before|just after|"
    r"shortly before|shortly after|soon after|before|after|by)\s+)?"
    r"(?:(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s*(?P<ampm>[ap]\.?\s?m\.?)(?![a-z])"
    r"|(?P<h24>\d{1,2}):(?P<m24>\d{2})(?!\d)"
    r"|\b(?P<word>midnight|noon|midday)\b)",
    re.IGNORECASE,
)


def clock_range(match: re.Match[str]) -> tuple[int, int, bool]:
    """A clock time as (earliest, latest) minutes after midnight, and whether
    it may also be twelve hours later (a bare "7:42" without a.m./p.m.)."""
    word = (match.group("word") or "").lower()
    ambiguous = False
    if word:
        minute = 24 * 60 if word == "midnight" else 12 * 60
    elif match.group("h24") is not None:
        hour, mins = int(match.group("h24")), int(match.group("m24"))
        ambiguous = 1 <= hour <= 12
        minute = hour * 60 + mins
    else:
        hour = int(match.group("h")) % 12
        if match.group("ampm").lower().startswith("p"):
            hour += 12
        minute = hour * 60 + int(match.group("m") or 0)
    qual = (match.group("qual") or "").lower()
    if qual.endswith("before") or qual == "by":  # "put out by 7 a.m.": no later than
        low, high = minute - (30 if "shortly" in qual or "just" in qual else 120), minute
    elif qual.endswith("after"):
        low, high = minute, minute + (30 if qual != "after" else 120)
    elif qual:
        low, high = minute - 15, minute + 15
    else:
        low, high = minute - 5, minute + 5
    return low, high, ambiguous


def clocks_agree(a: tuple[int, int, bool], b: tuple[int, int, bool]) -> bool:
    def shifts(c: tuple[int, int, bool]) -> list[tuple[int, int]]:
        return [(c[0], c[1]), (c[0] + 720, c[1] + 720)] if c[2] else [(c[0], c[1])]

    return any(
        lo_a <= hi_b and lo_b <= hi_a for lo_a, hi_a in shifts(a) for lo_b, hi_b in shifts(b)
    )
