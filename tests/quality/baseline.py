"""The naive baseline every engine figure is printed next to.

What a hurried script would do, fixed once and never tuned on the gold:

- Sentences: every non-empty line, split after ``.``/``!``/``?`` (plus closing
  quotes or brackets) when whitespace and an upper-case letter, digit, opening
  quote or bracket follow.
- Links: for each sentence, its best counterpart in each other article by
  ``difflib.SequenceMatcher`` ratio on the lower-cased, whitespace-folded
  characters (``autojunk=False``); kept when the ratio is at least
  :data:`THRESHOLD` = 0.5.  The links found from either side are united, so a
  sentence can take part in several links.  (Character ratio 0.5 is the usual
  "half the characters line up" rule of thumb; unrelated news sentences score
  about 0.3 to 0.45 on it.)
- Conflicts: a link is a conflict whenever the two sentences contain different
  sets of numbers (digits, with thousands separators dropped, or the words
  one..twenty).  The Difference names the numbers only one side has.

It returns an ordinary :class:`app.domain.Comparison`, so it is scored by the
same function as the engine.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

from app.domain import (
    Article,
    Claim,
    ClaimKind,
    Comparison,
    Difference,
    Relation,
    RelationKind,
    Settings,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

THRESHOLD = 0.5
ENGINE_NAME = "naive-baseline (difflib >= 0.5, number sets)"

_SENTENCE_END = re.compile(r"([.!?]+[\"'”’)\]]*)(\s+)(?=[\"'“‘(\[]?[A-Z0-9])")
_NUMBER = re.compile(
    r"\b\d+(?:[.,]\d+)*\b|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
    r"twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty)\b",
    re.IGNORECASE,
)
_WORDS = {
    w: i
    for i, w in enumerate(
        (
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        )
    )
}


def split_sentences(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` spans of the sentences of ``text`` (stripped, non-empty)."""
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in text.split("\n"):
        cursor = 0
        for m in _SENTENCE_END.finditer(line):
            spans.append((offset + cursor, offset + m.end(1)))
            cursor = m.end(2)
        spans.append((offset + cursor, offset + len(line)))
        offset += len(line) + 1
    out = []
    for start, end in spans:
        chunk = text[start:end]
        stripped = chunk.strip()
        if not stripped:
            continue
        lead = len(chunk) - len(chunk.lstrip())
        out.append((start + lead, start + lead + len(stripped)))
    return out


def number_value(surface: str) -> str:
    """ "1,200" -> "1200", "three" -> "3", "2.5" -> "2.5"."""
    low = surface.lower()
    if low in _WORDS:
        return str(_WORDS[low])
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", surface):
        return surface.replace(",", "")
    return surface.replace(",", ".") if re.fullmatch(r"\d+,\d{1,2}", surface) else surface


def numbers(text: str) -> dict[str, str]:
    """Canonical value -> first surface form, for every number in ``text``."""
    found: dict[str, str] = {}
    for m in _NUMBER.finditer(text):
        found.setdefault(number_value(m.group()), m.group())
    return found


def _folded(text: str) -> str:
    return " ".join(text.lower().split())


def _ratio(a: str, b: str, floor: float) -> float:
    """SequenceMatcher ratio, or 0.0 as soon as its upper bounds show it is below ``floor``."""
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
        return 0.0
    return matcher.ratio()


def naive_compare(articles: Sequence[Article], *, threshold: float = THRESHOLD) -> Comparison:
    claims: list[Claim] = []
    by_article: dict[str, list[Claim]] = {}
    for article in articles:
        mine = []
        for number, (start, end) in enumerate(split_sentences(article.text), start=1):
            mine.append(
                Claim(
                    f"{article.id}{number}",
                    article.id,
                    start,
                    end,
                    article.text[start:end],
                    ClaimKind.STATEMENT,
                )
            )
        by_article[article.id] = mine
        claims.extend(mine)

    folded = {c.id: _folded(c.text) for c in claims}
    pairs: dict[tuple[str, str], float] = {}
    ids = [a.id for a in articles]
    for i, x in enumerate(ids):
        for y in ids[i + 1 :]:
            xs, ys = by_article[x], by_article[y]
            # One ratio per sentence pair, used from both sides.
            ratio = [[_ratio(folded[s.id], folded[t.id], threshold) for t in ys] for s in xs]
            for si, row in enumerate(ratio):
                if row:
                    ti = max(range(len(row)), key=row.__getitem__)
                    if row[ti] >= threshold:
                        pairs[(xs[si].id, ys[ti].id)] = row[ti]
            for ti in range(len(ys)):
                if xs:
                    si = max(range(len(xs)), key=lambda k, t=ti: ratio[k][t])
                    if ratio[si][ti] >= threshold:
                        pairs[(xs[si].id, ys[ti].id)] = ratio[si][ti]

    claim_by_id = {c.id: c for c in claims}
    relations = []
    for (left, right), score in pairs.items():
        a, b = claim_by_id[left], claim_by_id[right]
        na, nb = numbers(a.text), numbers(b.text)
        if set(na) == set(nb):
            relations.append(Relation(RelationKind.MATCH, (left, right), score))
            continue
        only_a = ", ".join(na[v] for v in na if v not in nb) or "none"
        only_b = ", ".join(nb[v] for v in nb if v not in na) or "none"
        diff = Difference(
            "number",
            (only_a, only_b),
            ((a.start, a.end), (b.start, b.end)),
            f"numbers: {only_a} vs {only_b}",
        )
        relations.append(Relation(RelationKind.CONFLICT, (left, right), score, (diff,)))

    return Comparison(
        articles=tuple(articles),
        claims=tuple(claims),
        relations=tuple(relations),
        groups=(),
        engine=ENGINE_NAME,
        settings=Settings(),
    )
