"""Words the reports share, whatever their format."""

from __future__ import annotations


def plural(n: int, word: str, many: str | None = None) -> str:
    """ "1 conflict", "3 conflicts", "2 matches" (``many``: an irregular plural)."""
    return f"{n} {word if n == 1 else (many or word + 's')}"
