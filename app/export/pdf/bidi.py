"""The essentials of the Unicode bidirectional algorithm (UAX #9).

Enough for what a news summary holds: Hebrew and Arabic names, quotes and
whole notes inside left-to-right text, and right-to-left paragraphs with
Latin words and numbers in them.  Implemented: paragraph direction (P2-P3),
weak types (W1-W7), neutrals (N1-N2), implicit levels (I1-I2), line-end
whitespace (L1), reordering (L2) and mirrored brackets (L4).  Explicit
embeddings, overrides and isolates (LRE ... PDI) are not: those controls are
treated as neutral; the marks LRM, RLM and ALM act as the strong characters
they are.  Bidi classes come from ``unicodedata``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from typing import TypeVar

T = TypeVar("T")

_STRONG_R = frozenset({"R", "AL"})
_NEUTRAL = frozenset({"B", "S", "WS", "ON", "BN"})
_EXPLICIT = frozenset({"LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"})
_WHITESPACE = frozenset({"WS", "BN", *_EXPLICIT})
# Bidi_Mirroring_Glyph for the characters news text uses (a subset of
# BidiMirroring.txt).
_PAIRS = "()<>[]{}«»‹›⁅⁆⁽⁾₍₎≤≥∈∋⟨⟩⟪⟫〈〉《》「」『』【】〔〕"
MIRROR = {a: b for a, b in zip(_PAIRS[::2], _PAIRS[1::2], strict=True)} | {
    b: a for a, b in zip(_PAIRS[::2], _PAIRS[1::2], strict=True)
}


def bidi_class(ch: str) -> str:
    cls = unicodedata.bidirectional(ch) or "L"
    return "ON" if cls in _EXPLICIT else cls


def has_rtl(text: Iterable[str]) -> bool:
    """Whether any character of ``text`` is strongly right-to-left (a quick
    test that spares left-to-right text the whole algorithm)."""
    return any(unicodedata.bidirectional(ch) in _STRONG_R for ch in text)


def paragraph_level(text: str) -> int:
    """0 (left to right) or 1: the direction of the first strong character."""
    for ch in text:
        cls = unicodedata.bidirectional(ch)
        if cls == "L":
            return 0
        if cls in _STRONG_R:
            return 1
    return 0


def levels(text: str, base: int | None = None) -> tuple[int, list[int]]:
    """The paragraph level and the embedding level of each character."""
    para = paragraph_level(text) if base is None else base
    types = [bidi_class(ch) for ch in text]
    _weak_types(types, para)
    _neutral_types(types, para)
    out = []
    for cls in types:
        if para == 0:
            out.append(1 if cls == "R" else 2 if cls in ("AN", "EN") else 0)
        else:
            out.append(2 if cls in ("L", "AN", "EN") else 1)
    return para, out


def _weak_types(types: list[str], para: int) -> None:
    """W1-W7, in place."""
    sos = "R" if para else "L"
    prev, strong = sos, sos
    for i, cls in enumerate(types):
        if cls == "NSM":  # W1
            cls = types[i] = prev
        if cls in ("L", "R", "AL"):
            strong = cls
        elif cls == "EN" and strong == "AL":  # W2
            types[i] = "AN"
        prev = types[i]
    for i, cls in enumerate(types):
        if cls == "AL":  # W3
            types[i] = "R"
    for i in range(1, len(types) - 1):  # W4
        before, cls, after = types[i - 1], types[i], types[i + 1]
        if before == after and (
            (cls == "ES" and before == "EN") or (cls == "CS" and before in ("EN", "AN"))
        ):
            types[i] = before
    _european_terminators(types)  # W5
    for i, cls in enumerate(types):
        if cls in ("ES", "ET", "CS"):  # W6
            types[i] = "ON"
    strong = sos
    for i, cls in enumerate(types):  # W7
        if cls in ("L", "R"):
            strong = cls
        elif cls == "EN" and strong == "L":
            types[i] = "L"


def _european_terminators(types: list[str]) -> None:
    """W5: a run of ET next to a European number becomes EN ("$5", "5%")."""
    i, n = 0, len(types)
    while i < n:
        if types[i] != "ET":
            i += 1
            continue
        j = i
        while j < n and types[j] == "ET":
            j += 1
        if (i > 0 and types[i - 1] == "EN") or (j < n and types[j] == "EN"):
            types[i:j] = ["EN"] * (j - i)
        i = j


def _neutral_types(types: list[str], para: int) -> None:
    """N1-N2: a run of neutrals between two strong characters of the same
    direction takes it (numbers count as right to left); else the paragraph's."""
    embedding = "R" if para else "L"
    i, n = 0, len(types)
    while i < n:
        if types[i] not in _NEUTRAL:
            i += 1
            continue
        j = i
        while j < n and types[j] in _NEUTRAL:
            j += 1
        before = _direction(types[i - 1]) if i > 0 else embedding
        after = _direction(types[j]) if j < n else embedding
        types[i:j] = [before if before == after else embedding] * (j - i)
        i = j


def _direction(cls: str) -> str:
    return "L" if cls == "L" else "R"


def line_levels(text: str, char_levels: Sequence[int], para: int) -> list[int]:
    """L1 for one line: separators and the whitespace before them or at the
    end of the line go back to the paragraph level."""
    out = list(char_levels)
    trailing = True
    for i in range(len(text) - 1, -1, -1):
        cls = unicodedata.bidirectional(text[i]) or "L"
        if cls in ("S", "B"):
            out[i] = para
            trailing = True
        elif trailing and cls in _WHITESPACE:
            out[i] = para
        else:
            trailing = False
    return out


def reorder(items: Sequence[T], item_levels: Sequence[int]) -> list[T]:
    """L2: the items in visual order, left to right: from the highest level
    down to the lowest odd one, reverse every run at that level or above."""
    order = list(range(len(items)))
    lv = list(item_levels)
    if not lv:
        return []
    lowest_odd = min(lv) | 1
    for level in range(max(lv), lowest_odd - 1, -1):
        i, n = 0, len(lv)
        while i < n:
            if lv[i] < level:
                i += 1
                continue
            j = i
            while j < n and lv[j] >= level:
                j += 1
            order[i:j] = order[i:j][::-1]
            lv[i:j] = lv[i:j][::-1]
            i = j
    return [items[k] for k in order]


def clusters(text: str) -> list[str]:
    """``text`` cut into base characters with the marks that follow them, so a
    reversed run keeps each mark after its base (where a PDF draws it)."""
    out: list[str] = []
    for ch in text:
        if out and unicodedata.category(ch) in ("Mn", "Me"):
            out[-1] += ch
        else:
            out.append(ch)
    return out


def reverse_run(text: str) -> str:
    """A right-to-left run in visual order: clusters reversed, brackets mirrored."""
    return "".join(MIRROR.get(c, c) if len(c) == 1 else c for c in reversed(clusters(text)))
