"""Where a claim's words are someone's quoted words."""

from __future__ import annotations

import re

QUOTES_OPEN = '“"‘«'
_QUOTED = re.compile(r"[“\"][^”\"]*[”\"]")


def mostly_quoted(text: str) -> bool:
    """More than half of ``text`` lies between quotation marks."""
    return sum(len(m) for m in _QUOTED.findall(text)) > 0.5 * len(text)


def in_quotes(text: str, position: int) -> bool:
    """``text[position]`` lies inside a quotation opened before it in
    ``text`` (a quotation opened and not closed runs to the end: the first
    sentence of a quoted paragraph)."""
    curly = 0
    straight = False
    for ch in text[:position]:
        if ch == "“":
            curly += 1
        elif ch == "”":
            curly = max(0, curly - 1)
        elif ch == '"':
            straight = not straight
    return curly > 0 or straight
