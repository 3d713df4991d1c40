"""Where a claim's words are someone's quoted words."""

from __future__ import annotations

QUOTES_OPEN = '“"‘«'
_PAIRS = {"“": "”", "‘": "’", "«": "»"}
_CLOSING = {close: open_ for open_, close in _PAIRS.items()}


def _is_apostrophe(text: str, k: int) -> bool:
    """A ’ between two letters is an apostrophe ("don’t"), not a closing quote."""
    return 0 < k < len(text) - 1 and text[k - 1].isalpha() and text[k + 1].isalpha()


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """The stretches of ``text`` inside quotation marks.  A quotation opened
    and not closed runs to the end (the first sentence of a quoted
    paragraph); one closed and never opened runs from the start (its last
    sentence)."""
    spans: list[tuple[int, int]] = []
    opened: list[tuple[str, int]] = []
    straight: int | None = None
    for k, ch in enumerate(text):
        if ch == '"':
            if straight is None:
                straight = k
            else:
                spans.append((straight, k + 1))
                straight = None
        elif ch in _PAIRS:
            opened.append((ch, k))
        elif ch in _CLOSING and not (ch == "’" and _is_apostrophe(text, k)):
            if opened and opened[-1][0] == _CLOSING[ch]:
                spans.append((opened.pop()[1], k + 1))
            elif not opened and ch != "’":
                spans.append((0, k + 1))
    spans += [(start, len(text)) for _, start in opened]
    if straight is not None:
        spans.append((straight, len(text)))
    return spans


def in_quotes(text: str, position: int) -> bool:
    """``text[position]`` lies inside a quotation (see :func:`quoted_spans`)."""
    return any(start <= position < end for start, end in quoted_spans(text))


def mostly_quoted(text: str) -> bool:
    """More than half of ``text`` lies inside quotations."""
    return sum(end - start for start, end in quoted_spans(text)) > 0.5 * len(text)
