"""Where a claim's words are someone's quoted words."""

from __future__ import annotations

QUOTES_OPEN = '“"‘«'
_PAIRS = {"“": "”", "‘": "’", "«": "»"}
_CLOSING = {close: open_ for open_, close in _PAIRS.items()}


def _is_apostrophe(text: str, k: int) -> bool:
    """A ’ that is an apostrophe, not a closing quote: between two letters
    ("don’t"), before a figure ("’90s"), or a plural's possessive in the
    middle of a sentence ("the officers’ rules")."""
    before = text[k - 1] if k > 0 else ""
    after = text[k + 1] if k + 1 < len(text) else ""
    if before.isalpha() and after.isalpha():
        return True
    if after.isdigit():
        return True
    return before in "sS" and after == " " and text[k + 2 : k + 3].islower()


def _straight_closes_unopened(text: str, k: int) -> bool:
    """A straight double quote written the way a closing one is (after a
    word or a stop, before a space or the end): the last sentence of a
    quotation opened before the claim."""
    before = text[k - 1] if k > 0 else " "
    after = text[k + 1] if k + 1 < len(text) else " "
    return not before.isspace() and (after.isspace() or after in ".,;:")


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """The stretches of ``text`` inside quotation marks.  A quotation opened
    and not closed runs to the end (the first sentence of a quoted
    paragraph); one closed and never opened runs from the start (its last
    sentence).  A straight quote after a figure is an inch mark (6\'2")."""
    spans: list[tuple[int, int]] = []
    opened: list[tuple[str, int]] = []
    straight: int | None = None
    for k, ch in enumerate(text):
        if ch == '"':
            if k > 0 and text[k - 1].isdigit():
                continue
            if straight is not None:
                spans.append((straight, k + 1))
                straight = None
            elif not spans and not opened and _straight_closes_unopened(text, k):
                spans.append((0, k + 1))
            else:
                straight = k
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
