"""Articles from the command line's files ('-': standard input), and their
comparison with its progress on the terminal."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli.common import warn
from app.errors import CrosscheckError, InputError

if TYPE_CHECKING:
    from app.domain import Article, Comparison, Settings

STDIN_ARGUMENT = "-"


def import_articles(paths: Sequence[str], *, title: str = "") -> list[Article]:
    """Import every file ('-': the article on standard input, named
    ``title``), collecting all refusals into one message."""
    from app.importing import import_file
    from app.session import article_letter

    _check_stdin_arguments(paths, title)
    articles: list[Article] = []
    problems: list[str] = []
    for index, path in enumerate(paths):
        try:
            if path == STDIN_ARGUMENT:
                article = _read_stdin(article_letter(index), title)
            else:
                article = import_file(path, article_id=article_letter(index))
        except CrosscheckError as exc:
            problems.append(exc.message())
            continue
        articles.append(article)
        for warning in article.warnings:
            warn(warning)
    if problems:
        raise InputError(" ".join(problems))
    return articles


def _check_stdin_arguments(paths: Sequence[str], title: str) -> None:
    if paths.count(STDIN_ARGUMENT) > 1:
        raise InputError(
            "'-' (standard input) was given more than once",
            "standard input holds one article and can be read only once",
            "Give '-' once and the other articles as files",
        )
    if title.strip() and STDIN_ARGUMENT not in paths:
        raise InputError(
            "--title was given, but no article is read from standard input",
            "--title names the article given as '-'; a file's title comes from the file",
            "Add '-' to the files and pipe the article in, or leave --title out",
        )


def _read_stdin(article_id: str, title: str) -> Article:
    """The article on standard input, read up to the importer's size limit
    (one byte more, so that a larger one is refused, never read whole)."""
    from app.importing import MAX_SOURCE_BYTES
    from app.importing.pasting import article_from_stdin

    stream = sys.stdin
    if stream is None:
        raise InputError(
            "There is no standard input to read the article '-' from",
            "this program was started without one",
            "Pipe the article in, for example: crosscheck analyze a.txt - < story.html",
        )
    if stream.isatty():
        sys.stderr.write(
            "crosscheck: reading the article '-' from the terminal; paste it, then press "
            "Ctrl+D on a line of its own (Ctrl+Z, Enter on Windows).\n"
        )
    data = stream.buffer.read(MAX_SOURCE_BYTES + 1)
    return article_from_stdin(data, title=title, article_id=article_id)


def shown_paths(paths: Sequence[str]) -> list[str]:
    """The files as a report names them: '-' is standard input."""
    return ["(standard input)" if p == STDIN_ARGUMENT else p for p in paths]


def compare_articles(articles: Sequence[Article], settings: Settings) -> Comparison:
    """compare(), with its progress on stderr when that is a terminal."""
    from app.engine import compare
    from app.jobs.terminal_progress import terminal_progress

    with terminal_progress() as progress:
        return compare(articles, settings=settings, progress=progress)


def refuse_writing_over_an_article(
    target: str, files: Sequence[str], option: str, example: str, *, any_article: bool
) -> None:
    """Refuse an output path that names one of the articles being compared,
    or (``any_article``: the output is never an article's format) an existing
    file with an article's ending: in "--json a.txt b.txt c.txt" the option
    takes a.txt as its path, and writing there would replace that article."""
    from app.importing import SUPPORTED_SUFFIXES

    out = Path(target)
    for path in files:
        if path == STDIN_ARGUMENT:
            continue
        if out.exists() and Path(path).exists():
            same = out.samefile(path)
        else:
            same = out.resolve() == Path(path).resolve()
        if same:
            raise InputError(
                f"{option} {target} names one of the articles to compare",
                "writing there would replace the article, so nothing was read or written",
                f"Give {option} a file name of its own, for example: {example}",
            )
    if any_article and out.is_file() and out.suffix.lower() in SUPPORTED_SUFFIXES:
        raise InputError(
            f"{option} {target} names an existing article file",
            f"{option} takes the path to write, so the file after it was read as that path "
            "and writing there would replace it; nothing was read or written",
            f"Give {option} a file name of its own, for example: {example}",
        )


def need_two(files: Sequence[str], example: str) -> None:
    if len(files) < 2:
        raise InputError(
            f"Only one article was given ({files[0]})",
            "a comparison needs at least two articles about the same story",
            f"Pass two or more files, for example: {example}",
        )
