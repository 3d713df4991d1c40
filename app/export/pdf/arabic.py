"""Arabic contextual shaping with the presentation forms of Unicode.

A PDF draws glyphs, not letters: without a shaping engine an Arabic word would
print as a row of isolated letters.  Every letter that joins has its
initial, medial, final and isolated shapes encoded in the Arabic
Presentation Forms blocks, and ``unicodedata.decomposition`` names the letter
and the shape of each (``<final> 0628``), so the table is derived here rather
than typed in.  A letter with initial or medial forms joins on both sides;
one with only final and isolated forms (alef, dal, reh, waw...) joins only to
the letter before it.  Lam followed by alef becomes one ligature.  Letters
without presentation forms are left as they are.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import cache

_FORMS = ("isolated", "final", "initial", "medial")
_TATWEEL, _ZWJ = "\u0640", "\u200d"


@cache
def _tables() -> tuple[dict[str, dict[str, str]], dict[tuple[str, str], dict[str, str]]]:
    """letter -> {form: presentation character}, and (lam, alef) -> the same."""
    forms: dict[str, dict[str, str]] = {}
    ligatures: dict[tuple[str, str], dict[str, str]] = {}
    for block in (range(0xFB50, 0xFE00), range(0xFE70, 0xFF00)):
        for code in block:
            parts = unicodedata.decomposition(chr(code)).split()
            if len(parts) < 2 or parts[0].strip("<>") not in _FORMS:
                continue
            form, letters = parts[0].strip("<>"), [chr(int(p, 16)) for p in parts[1:]]
            if len(letters) == 1:
                forms.setdefault(letters[0], {}).setdefault(form, chr(code))
            elif len(letters) == 2 and letters[0] == "\u0644" and _is_alef(letters[1]):
                ligatures.setdefault((letters[0], letters[1]), {}).setdefault(form, chr(code))
    return forms, ligatures


def _is_alef(ch: str) -> bool:
    return ch in "\u0622\u0623\u0625\u0627"


def _joins_both(ch: str) -> bool:
    """Dual-joining: connects to the letter before and the letter after."""
    if ch in (_TATWEEL, _ZWJ):
        return True
    shapes = _tables()[0].get(ch, {})
    return "initial" in shapes or "medial" in shapes


def _joins_before(ch: str) -> bool:
    """Connects to the letter before it (right-joining or dual-joining)."""
    return ch in (_TATWEEL, _ZWJ) or ch in _tables()[0]


def _transparent(ch: str) -> bool:
    """Marks (harakat) do not break a join."""
    return unicodedata.category(ch) in ("Mn", "Me")


def needs_shaping(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" for ch in text)


def shape(text: str, has_glyph: Callable[[str], bool] = lambda ch: True) -> list[str]:
    """One entry per character of ``text``: what to draw for it, in logical
    order.  A lam-alef ligature stands at the lam and the alef's entry is
    empty, so offsets into ``text`` still index the result.  A shape no
    installed font has (``has_glyph``) is left as the plain letter."""
    forms, ligatures = _tables()
    out = list(text)
    solid = [i for i, ch in enumerate(text) if not _transparent(ch)]
    for k, i in enumerate(solid):
        ch = text[i]
        if ch not in forms:
            continue
        before = text[solid[k - 1]] if k > 0 else ""
        after = text[solid[k + 1]] if k + 1 < len(solid) else ""
        joined_before = _joins_before(ch) and before != "" and _joins_both(before)
        if (ch, after) in ligatures and solid[k + 1] == i + 1:
            liga = ligatures[(ch, after)].get("final" if joined_before else "isolated", "")
            if liga and has_glyph(liga):
                out[i], out[i + 1] = liga, ""
                continue
        joined_after = _joins_both(ch) and after != "" and _joins_before(after)
        if out[i] == "":  # the alef of a ligature already drawn
            continue
        form = _FORMS[joined_before + 2 * joined_after]
        shaped = forms[ch].get(form, ch)
        out[i] = shaped if has_glyph(shaped) else ch
    return out
