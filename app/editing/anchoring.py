"""Anchoring annotations to article text, and placing them again when it changes.

An anchor is the annotated quote, up to ``CONTEXT_CHARS`` characters on each
side of it, its character span and the hash of the text it was made on (the
W3C Web Annotation TextQuoteSelector + TextPositionSelector).  When an
article's source changes, :func:`reanchor` looks for the quote again:

1. the quote and its context are where they were: ``ANCHORED``;
2. the exact quote is elsewhere: of its occurrences the one whose context
   matches best, ties going to the one nearest the old place: ``MOVED``; but
   ``FUZZY`` (needs review) when even that context is unlike the old one
   (``MOVED_MIN_CONTEXT``), since the annotated passage may have been deleted
   and this be another occurrence of the same words;
3. an approximate match of the quote, scored on the quote, the prefix and the
   suffix together (see ``QUOTE_WEIGHT`` and the ``FUZZY_MIN_*`` thresholds):
   ``FUZZY``, which needs review;
4. otherwise ``ORPHANED``: the anchor is returned unchanged, never dropped, and
   can be re-attached by hand with :func:`reattach`.

A repeated phrase never captures the annotation of another occurrence while
the annotated occurrence keeps its context: occurrences are told apart by
their context before their position.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from app.errors import InputError
from app.safe_text import refuse_undecodable
from app.session import CONTEXT_CHARS, Anchor, AnchorState

# Scoring a candidate place: similarity of the quote weighs this much, the
# likeness of its context (see _context) the rest.  Similarities are rapidfuzz
# ratios (normalized Indel similarity) scaled to 0..1.
QUOTE_WEIGHT = 0.5
# An approximate match is accepted (FUZZY) only when the quote alone is at least
# this similar and the weighted score reaches FUZZY_MIN_SCORE: "three people
# were killed" -> "two people were killed" with its context intact scores 0.89;
# a similar phrase in unrelated text (context ~0.25) stays below.
FUZZY_MIN_QUOTE = 0.6
FUZZY_MIN_SCORE = 0.7
# An exact quote elsewhere counts as MOVED when the similarity of its prefix
# and suffix reaches this; below, it is FUZZY (if it is the only
# occurrence, or scores FUZZY_MIN_SCORE) or ORPHANED.
MOVED_MIN_CONTEXT = 0.5
# An exact occurrence whose context is this like the old one is taken without
# looking for approximate matches: to beat it one would need an almost equal
# quote in an even better context, and the search is the slow part.
CONTEXT_SURE = 0.75
# Characters searched on each side of the old place for an approximate match.
FUZZY_WINDOW = 1000
# Occurrences of the old prefix or suffix (at least LANDMARK_MIN_CHARS long)
# tried as landmarks for an approximate match, nearest to the old place first.
LANDMARK_MIN_CHARS = 8
MAX_LANDMARKS = 8
# Words of the quote (its longest few, of 4 letters or more) whose occurrences
# are searched for an edited quote that drifted far.
MAX_SEED_WORDS = 3
_SEED_WORD = re.compile(r"\w{4,}")
# Approximate candidates whose boundaries are refined, best first, and how far
# below the thresholds a rough candidate may be for refining to be worth it.
MAX_REFINED = 2
REFINE_SLACK = 0.15


class AnchorError(InputError, ValueError):
    """A quote or span that cannot become an anchor."""


class QuoteNotFound(AnchorError):
    """The quote is not in the text, or not as many times as the occurrence asked."""

    def __init__(self, quote: str, count: int = 0, occurrence: int | None = None) -> None:
        if count == 0:
            what = f"the quote {_shown(quote)} is not in the article"
            why = "Quotes must match the article's text; spaces, quote marks and dashes may differ"
            todo = "Copy the quote from the article as it is shown, or shorten it"
        else:
            what = f"occurrence {occurrence} of the quote {_shown(quote)} does not exist"
            why = f"The quote appears {_times(count)} in the article"
            todo = f"Give an occurrence from 1 to {count}"
        super().__init__(what, why, todo)
        self.quote = quote
        self.count = count
        self.occurrence = occurrence


class QuoteAmbiguous(AnchorError):
    """The quote appears more than once and no occurrence was chosen."""

    def __init__(self, quote: str, count: int) -> None:
        super().__init__(
            f"the quote {_shown(quote)} appears {_times(count)} in the article",
            "It is not clear which occurrence to annotate",
            f"Choose one with --occurrence K (1 to {count}, in reading order), "
            "or make the quote longer",
        )
        self.quote = quote
        self.count = count


class SpanOutOfRange(AnchorError):
    """A start/end that is not a non-empty span of the text."""

    def __init__(self, start: int, end: int, length: int) -> None:
        super().__init__(
            f"characters {start} to {end} are not a passage of the article",
            f"A passage must start before it ends and lie within the text's {length} characters",
            "Select the passage again",
        )
        self.start = start
        self.end = end
        self.length = length


def _shown(quote: str) -> str:
    return f"“{quote}”" if len(quote) <= 60 else f"“{quote[:57]}...”"


def _times(count: int) -> str:
    return "once" if count == 1 else f"{count} times"


# ---------------------------------------------------------------------------
# Making anchors


def text_hash(text: str) -> str:
    """Hex SHA-256 of the text as UTF-8: equal to ``importing.text_sha256`` on
    normalized text, and total on any ``str``."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def make_anchor(text: str, start: int, end: int) -> Anchor:
    """The anchor of ``text[start:end]``; raises SpanOutOfRange for an empty or
    out-of-range span."""
    _check_span(text, start, end)
    return _anchor_at(text, start, end, text_hash(text))


def reattach(anchor: Anchor, new_text: str, start: int, end: int) -> Anchor:
    """Re-attach an anchor (typically an orphan) by hand to ``new_text[start:end]``."""
    _check_span(new_text, start, end)
    fresh = _anchor_at(new_text, start, end, text_hash(new_text))
    # replace() rather than the fresh anchor: fields added to Anchor later survive.
    return replace(
        anchor,
        exact=fresh.exact,
        prefix=fresh.prefix,
        suffix=fresh.suffix,
        start=fresh.start,
        end=fresh.end,
        text_sha256=fresh.text_sha256,
    )


def _check_span(text: str, start: int, end: int) -> None:
    if not 0 <= start < end <= len(text):
        raise SpanOutOfRange(start, end, len(text))


def _anchor_at(text: str, start: int, end: int, sha256: str) -> Anchor:
    return Anchor(
        exact=text[start:end],
        prefix=text[max(0, start - CONTEXT_CHARS) : start],
        suffix=text[end : end + CONTEXT_CHARS],
        start=start,
        end=end,
        text_sha256=sha256,
    )


# ---------------------------------------------------------------------------
# Finding a typed quote

_LOOSE = {
    "'": "'’‘`´ʼ",
    '"': '"“”„«»',
    "-": "-‐‑‒–—",
}
_LOOSE_CLASS = {ch: "[" + re.escape(group) + "]" for group in _LOOSE.values() for ch in group}


def find_quote(text: str, quote: str, occurrence: int | None = None) -> tuple[int, int]:
    """The span of ``quote`` in ``text``; ``occurrence`` counts from 1 in reading order.

    Runs of whitespace, quote marks and dashes in the quote match any of their
    kind, so a quote typed on a command line finds the article's own characters.
    Raises QuoteNotFound, QuoteAmbiguous (several occurrences and none chosen)
    or AnchorError (an empty quote, an occurrence below 1).
    """
    if occurrence is not None and occurrence < 1:
        raise AnchorError(
            f"occurrence {occurrence} is not valid",
            "Occurrences count from 1",
            "Give 1 for the first time the quote appears, 2 for the second, and so on",
        )
    spans = _quote_spans(text, quote)
    if not spans:
        raise QuoteNotFound(quote)
    if occurrence is None:
        if len(spans) > 1:
            raise QuoteAmbiguous(quote, len(spans))
        return spans[0]
    if occurrence > len(spans):
        raise QuoteNotFound(quote, len(spans), occurrence)
    return spans[occurrence - 1]


def _quote_spans(text: str, quote: str) -> list[tuple[int, int]]:
    refuse_undecodable(quote, "quote")
    words = unicodedata.normalize("NFC", quote).split()
    if not words:
        raise AnchorError(
            "the quote is empty", "An annotation needs a passage", "Give the words to annotate"
        )
    pattern = re.compile(r"\s+".join(_loose_word(w) for w in words))
    spans: list[tuple[int, int]] = []
    match = pattern.search(text)
    while match is not None:
        spans.append(match.span())
        # Overlapping occurrences count: "ha ha" is twice in "ha ha ha".
        match = pattern.search(text, match.start() + 1)
    return spans


def _loose_word(word: str) -> str:
    return "".join(_LOOSE_CLASS.get(ch) or re.escape(ch) for ch in word)


# ---------------------------------------------------------------------------
# Re-anchoring


@dataclass(frozen=True, slots=True)
class _Place:
    start: int
    end: int
    quote: float  # similarity of the quote, 0..1
    context: float  # similarity of prefix and suffix, 0..1
    distance: int  # from the old start

    @property
    def score(self) -> float:
        return QUOTE_WEIGHT * self.quote + (1 - QUOTE_WEIGHT) * self.context

    def rank(self) -> tuple[float, int]:
        return (self.score, -self.distance)


class _Target:
    """The new text, hashed once, with the occurrences of every quote looked up
    once: re-anchoring many annotations shares it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.sha256 = text_hash(text)
        self._hits: dict[str, tuple[int, ...]] = {}

    def occurrences(self, needle: str) -> tuple[int, ...]:
        hits = self._hits.get(needle)
        if hits is None:
            hits = tuple(_find_all(self.text, needle))
            self._hits[needle] = hits
        return hits


def _find_all(text: str, needle: str) -> Iterable[int]:
    at = text.find(needle)
    while at >= 0:
        yield at
        at = text.find(needle, at + 1)


def reanchor(anchor: Anchor, new_text: str) -> tuple[Anchor, AnchorState]:
    """Place ``anchor`` in ``new_text``; see the module docstring for the order.

    The returned anchor describes the new place (quote, context, span, hash of
    ``new_text``); an ORPHANED anchor is returned as it was.  Never raises.
    """
    return _reanchor(anchor, _Target(new_text))


def reanchor_all(anchors: Iterable[Anchor], new_text: str) -> list[tuple[Anchor, AnchorState]]:
    """:func:`reanchor` for many anchors on the same text, in order."""
    target = _Target(new_text)
    return [_reanchor(anchor, target) for anchor in anchors]


def _reanchor(anchor: Anchor, target: _Target) -> tuple[Anchor, AnchorState]:
    text = target.text
    exact = anchor.exact
    if anchor.text_sha256 == target.sha256 and _slice(text, anchor.start, len(exact)) == exact:
        return anchor, AnchorState.ANCHORED
    if not exact:
        return anchor, AnchorState.ORPHANED
    if _intact_at(anchor, text, anchor.start):
        return _exact_result(anchor, target, anchor.start)
    best, count = _best_exact(anchor, target)
    if best is not None and best.context >= CONTEXT_SURE:
        return _exact_result(anchor, target, best.start)
    fuzzy = _best_fuzzy(anchor, target)
    if fuzzy is not None and not _acceptable(fuzzy):
        fuzzy = None
    if best is not None and (fuzzy is None or best.rank() >= fuzzy.rank()):
        if best.context >= MOVED_MIN_CONTEXT:
            return _exact_result(anchor, target, best.start)
        # The quote is there but in other surroundings: probably the place if it
        # is the only one, a guess among several; either way it needs review.
        fuzzy = best if count == 1 or _acceptable(best) else None
    if fuzzy is None:
        return anchor, AnchorState.ORPHANED
    return _anchor_at(text, fuzzy.start, fuzzy.end, target.sha256), AnchorState.FUZZY


def _exact_result(anchor: Anchor, target: _Target, start: int) -> tuple[Anchor, AnchorState]:
    state = AnchorState.ANCHORED if start == anchor.start else AnchorState.MOVED
    return _anchor_at(target.text, start, start + len(anchor.exact), target.sha256), state


def _acceptable(place: _Place) -> bool:
    return place.quote >= FUZZY_MIN_QUOTE and place.score >= FUZZY_MIN_SCORE


def _may_pass(place: _Place) -> bool:
    """Whether refining the boundaries could make a rough match acceptable."""
    return (
        place.quote >= FUZZY_MIN_QUOTE - REFINE_SLACK
        and place.score >= FUZZY_MIN_SCORE - REFINE_SLACK
    )


def _slice(text: str, start: int, length: int) -> str:
    if start < 0:
        return ""
    return text[start : start + length]


def _intact_at(anchor: Anchor, text: str, start: int) -> bool:
    """The quote, its prefix and its suffix are all unchanged at ``start``."""
    end = start + len(anchor.exact)
    return (
        _slice(text, start, len(anchor.exact)) == anchor.exact
        and _slice(text, start - len(anchor.prefix), len(anchor.prefix)) == anchor.prefix
        and text[end : end + len(anchor.suffix)] == anchor.suffix
    )


def _best_exact(anchor: Anchor, target: _Target) -> tuple[_Place | None, int]:
    """The best occurrence of the exact quote and how many there are."""
    whole = anchor.prefix + anchor.exact + anchor.suffix
    intact = [at + len(anchor.prefix) for at in _find_all(target.text, whole)]
    if intact:
        start = min(intact, key=lambda s: abs(s - anchor.start))
        place = _Place(start, start + len(anchor.exact), 1.0, 1.0, abs(start - anchor.start))
        return place, len(target.occurrences(anchor.exact))
    starts = target.occurrences(anchor.exact)
    places = (
        _Place(
            s,
            s + len(anchor.exact),
            1.0,
            _context(anchor, target.text, s, s + len(anchor.exact)),
            abs(s - anchor.start),
        )
        for s in starts
    )
    return max(places, key=_Place.rank, default=None), len(starts)


def _context(anchor: Anchor, text: str, start: int, end: int) -> float:
    """How much the text around ``start:end`` is like the old prefix and suffix,
    0..1, each side weighted by its length (a suffix cut short by the end of the
    text says little).  Half of it is the overall similarity, half the share
    of the old context that still touches the quote unchanged: text that merely
    looks alike does not pass for the annotated place."""
    size = len(anchor.prefix) + len(anchor.suffix)
    if size == 0:
        return 1.0
    prefix = text[max(0, start - len(anchor.prefix)) : start]
    suffix = text[end : end + len(anchor.suffix)]
    similar = (
        fuzz.ratio(anchor.prefix, prefix) * len(anchor.prefix)
        + fuzz.ratio(anchor.suffix, suffix) * len(anchor.suffix)
    ) / 100
    touching = _common_head(anchor.prefix[::-1], prefix[::-1]) + _common_head(anchor.suffix, suffix)
    return (similar + touching) / (2 * size)


def _common_head(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _place(anchor: Anchor, text: str, start: int, end: int) -> _Place:
    return _Place(
        start,
        end,
        fuzz.ratio(anchor.exact, text[start:end]) / 100,
        _context(anchor, text, start, end),
        abs(start - anchor.start),
    )


def _best_fuzzy(anchor: Anchor, target: _Target) -> _Place | None:
    """The best approximate place of the quote, or None when nothing is close."""
    spans = set(_bridges(anchor, target))
    for lo, hi in _windows(anchor, target):
        span = _align(anchor.exact, target.text, lo, hi)
        if span is not None:
            spans.add(span)
    rough = [_place(anchor, target.text, s, e) for s, e in spans]
    hopeful = sorted((p for p in rough if _may_pass(p)), key=_Place.rank, reverse=True)
    refined = [_refine(anchor, target.text, p) for p in hopeful[:MAX_REFINED]]
    return max(refined, key=_Place.rank, default=None)


def _context_marks(anchor: Anchor, target: _Target, context: str) -> list[int]:
    """Occurrences of the old prefix or suffix, when it is long enough to tell."""
    if len(context) < LANDMARK_MIN_CHARS:
        return []
    return _landmarks(anchor, target, context)


def _landmarks(anchor: Anchor, target: _Target, needle: str, offset: int = 0) -> list[int]:
    """Occurrences of a context string or of a word ``offset`` characters into
    the quote, nearest the old place first."""
    hits = target.occurrences(needle)
    old = anchor.start + offset
    return sorted(hits, key=lambda at: abs(at - old))[:MAX_LANDMARKS]


def _reach(anchor: Anchor) -> int:
    """How far from a landmark an edited quote may end."""
    return 2 * len(anchor.exact) + CONTEXT_CHARS


def _bridges(anchor: Anchor, target: _Target) -> Iterable[tuple[int, int]]:
    """Text between an intact old prefix and an intact old suffix: the quote
    edited in place."""
    suffixes = _context_marks(anchor, target, anchor.suffix)
    for at in _context_marks(anchor, target, anchor.prefix):
        start = at + len(anchor.prefix)
        for end in suffixes:
            if start < end <= start + _reach(anchor):
                yield start, end


def _windows(anchor: Anchor, target: _Target) -> Iterable[tuple[int, int]]:
    """Stretches of the new text worth aligning the quote in."""
    length = len(target.text)
    yield max(0, anchor.start - FUZZY_WINDOW), min(length, anchor.end + FUZZY_WINDOW)
    for at in _context_marks(anchor, target, anchor.prefix):
        start = at + len(anchor.prefix)
        yield start, min(length, start + _reach(anchor))
    for at in _context_marks(anchor, target, anchor.suffix):
        yield max(0, at - _reach(anchor)), at
    # An edited quote that also lost its context and drifted far: around the
    # occurrences of its longest words (aligning in the whole text instead
    # costs about 0.5 ms per annotation).
    slack = len(anchor.exact) // 2 + 8
    for offset, word in _seed_words(anchor.exact):
        for at in _landmarks(anchor, target, word, offset):
            yield max(0, at - offset - slack), min(length, at - offset + len(anchor.exact) + slack)


def _seed_words(quote: str) -> list[tuple[int, str]]:
    """The longest words of the quote, with their offsets in it."""
    words = {m.group(): m.start() for m in _SEED_WORD.finditer(quote)}
    longest = sorted(words, key=len, reverse=True)[:MAX_SEED_WORDS]
    return [(words[w], w) for w in longest]


def _align(quote: str, text: str, lo: int, hi: int) -> tuple[int, int] | None:
    if hi <= lo:
        return None
    found = fuzz.partial_ratio_alignment(
        quote, text[lo:hi], score_cutoff=FUZZY_MIN_QUOTE * 100 - 10
    )
    if found is None or found.dest_end <= found.dest_start:
        return None
    return lo + found.dest_start, lo + found.dest_end


def _refine(anchor: Anchor, text: str, place: _Place) -> _Place:
    """Move the boundaries of an approximate match to where quote and context fit
    best: an edited quote is rarely as long as the old one."""
    reach = max(3, min(12, len(anchor.exact) // 3))
    best = place
    for _ in range(2):
        before = best
        starts = range(max(0, best.start - reach), min(best.end, best.start + reach + 1))
        best = max((_place(anchor, text, s, best.end) for s in starts), key=_Place.rank)
        ends = range(max(best.start + 1, best.end - reach), min(len(text), best.end + reach) + 1)
        best = max((_place(anchor, text, best.start, e) for e in ends), key=_Place.rank)
        if best == before:
            break
    return best
