"""Which files a comparison already holds, and the letter a new article gets.

Qt-free lookups the window's controller makes when files are opened or an
article is pasted: one spelling per file (so a file opened twice, through a
link or in another case, is seen as the same), the sentence that says a file
is not added twice, and the first free article letter.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from app.domain import Article
from app.session import article_letter


def real_path(path: str) -> str:
    """One spelling per file: absolute, links resolved, case as the system compares."""
    return os.path.normcase(os.path.realpath(path))


def open_paths(articles: Iterable[Article], inflight: Iterable[str]) -> dict[str, str]:
    """The files of ``articles`` and those on their way (``inflight``), by
    their real path: the article's letter, or "" for a file still on its way.
    The first article of a file gives its letter."""
    out: dict[str, str] = {}
    for article in articles:
        if article.source.path:
            out.setdefault(real_path(article.source.path), article.id)
    for path in inflight:
        out.setdefault(real_path(path), "")
    return out


def already_open(paths: Iterable[str], shown: dict[str, str]) -> dict[str, str]:
    """Those of ``paths`` among ``shown`` (see open_paths): path -> letter."""
    return {p: shown[real_path(p)] for p in paths if real_path(p) in shown}


def already_open_message(known: dict[str, str]) -> str:
    """ "“a.txt” is already open in this comparison (article A)."; one
    sentence however many files."""
    letters = sorted({letter for letter in known.values() if letter})
    where = f" (article{'s' if len(letters) > 1 else ''} {', '.join(letters)})" if letters else ""
    if len(known) == 1:
        name = Path(next(iter(known))).name
        return f"“{name}” is already open in this comparison{where}; it is not added twice."
    return f"{len(known)} of these files are already open in this comparison{where}; " + (
        "they are not added twice."
    )


def free_letter(used: Iterable[str]) -> str:
    """The first article letter (A, B, … Z, AA, …) not in ``used``."""
    taken = set(used)
    index = 0
    while article_letter(index) in taken:
        index += 1
    return article_letter(index)
