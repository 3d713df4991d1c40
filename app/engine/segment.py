"""Cutting an article into claims and telling what kind each one is.

Claims are sentences, split where one sentence joins two independent clauses;
headings, bylines, datelines and page furniture are kept out of matching.  Each
matchable claim gets its :class:`~app.engine.frames.Frame` and its facts.
This module and ``app.engine.frames`` are the only readers of spaCy tokens.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from itertools import accumulate
from typing import TYPE_CHECKING

from app.dates import MONTHS, WEEKDAYS
from app.domain import Article, Claim, ClaimKind, Fact
from app.engine.frames import DocEntities, Frame, FrameBuilder
from app.engine.quotes import QUOTES_OPEN
from app.lexicon import FURNITURE_PATTERNS, TIMESTAMP_WORDS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

_FURNITURE = [re.compile(p, re.IGNORECASE) for p in FURNITURE_PATTERNS]
_TERMINAL = tuple(".!?…:;\"”’'»)")
# A wire dateline: "KARSA, Verana, March 14 (Wire) -", "CORROW (Meridian Sports) -",
# "WASHINGTON (AP) —", "DUMAGUETE CITY,—At least ...".  Capitals, then an
# optional date and agency, then a dash.
_DATELINE = re.compile(
    r"(?:[A-Z][A-Z'’.\- ]{2,40}(?:,\s*[A-Z][\w'’. ]{1,30}){0,2}"
    r"(?:,?\s*[A-Z][a-z]{2,8}\.? \d{1,2})?\s*(?:\([^)\n]{1,40}\))?"
    r"|\([^)\n]{1,40}\))(?:\s*,?\s*[-–—]+\s+|(?<=[,)])—(?=[A-Z0-9\"“])|,—(?=[A-Z0-9\"“]))"
)
# A dateline cut off from its sentence: "LINDQVAY", "KARSA, Verana".
_CAPS_FRAGMENT = re.compile(r"^[A-Z][A-Z'’.\- ]{1,40}(,\s*[A-Z][\w'’. ]{1,30})?\s*[(\-–—]?$")


# Figures that can only be a date or a clock: "14/09/2013", "2013-09-14", "13:26", "2013".
_DATE_OR_CLOCK = re.compile(r"\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}|\d{1,2}[:.]\d{2}|\b(19|20)\d{2}\b")


def _is_timestamp(line: str) -> bool:
    """A line that only dates the page: "Last updated 13:26 14/09/2013",
    "August 7, 2012-5:46 pm", "Posted Tue 3 Mar 2015, 10:02 GMT".  It holds
    a date or a clock, and all its words are of a date, a clock, a zone or a
    publishing verb; two such lines differ by when each page was written,
    not by what happened."""
    words = re.findall(r"[^\W\d_]+", line.lower())
    dated = any(w in MONTHS or w in WEEKDAYS for w in words) or _DATE_OR_CLOCK.search(line)
    return bool(dated) and all(w in MONTHS or w in WEEKDAYS or w in TIMESTAMP_WORDS for w in words)


def _is_whole_line(text: str, start: int, end: int) -> bool:
    """Whether only blanks stand between the span and the line's ends
    (looked at from the span outwards: copying what lies before it would cost
    the length of the article for every claim)."""
    k = start
    while k > 0 and text[k - 1] in " \t":
        k -= 1
    if k > 0 and text[k - 1] != "\n":
        return False
    k = end
    while k < len(text) and text[k] in " \t":
        k += 1
    return k == len(text) or text[k] == "\n"


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
    if _CAPS_FRAGMENT.match(stripped) or (whole_line and _is_timestamp(stripped)):
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
    if stripped[:1] in QUOTES_OPEN:
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


@dataclass(frozen=True, slots=True)
class ArticleAnalysis:
    """An article's claims, and the frame of each (``None`` for claims that are
    not matched: headings, boilerplate)."""

    claims: tuple[Claim, ...]
    frames: tuple[Frame | None, ...]


def analyze(doc: Doc, article: Article) -> ArticleAnalysis:
    """Claims, facts and frames of one parsed article."""
    text = article.text
    repeated = repeated_lines_of(text)
    first_line_end = _first_line_end(text)
    datelines = Datelines(text)
    entities = DocEntities(doc)
    claims: list[Claim] = []
    frames: list[Frame | None] = []
    for sent in doc.sents:
        for first, last in _clause_bounds(sent):
            first, last = _trim(doc, first, last)
            if first >= last:
                continue
            # "KARSA, Verana, March 14 (Wire) - ..." says where the story was
            # filed, not where it happened: leave it out of the claim.
            dateline_end = datelines.end_holding(doc[first].idx)
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
            frame: Frame | None = None
            facts: tuple[Fact, ...] = ()
            if kind is not ClaimKind.BOILERPLATE:
                builder = FrameBuilder(doc, text, first, last, article.published, entities)
                frame = builder.build()
                facts = builder.facts()
            claims.append(
                Claim(
                    f"{article.id}{len(claims) + 1}",
                    article.id,
                    start,
                    end,
                    text[start:end],
                    kind,
                    facts,
                )
            )
            frames.append(frame)
    return ArticleAnalysis(tuple(claims), tuple(frames))


class Datelines:
    """The wire datelines at the starts of an article's lines."""

    def __init__(self, text: str) -> None:
        self.spans = [
            (m.start(), m.end())
            for m in (_DATELINE.match(text, n) for n in _line_starts(text))
            if m is not None
        ]
        # Running maximum of the ends: the first dateline still open at a
        # position is found by bisection even if two datelines overlap.
        self._reach = list(accumulate((e for _, e in self.spans), max))

    def end_holding(self, position: int) -> int:
        """The end of the first dateline holding ``position``, else -1."""
        k = bisect_right(self._reach, position)
        if k < len(self.spans) and self.spans[k][0] <= position:
            return self.spans[k][1]
        return -1


def _line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer(r"\n", text) if m.end() < len(text)]


def _first_line_end(text: str) -> int:
    stripped = text.lstrip("\n")
    offset = len(text) - len(stripped)
    newline = stripped.find("\n")
    return len(text) if newline < 0 else offset + newline
