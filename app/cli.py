"""The command line, and the one composition root of the program.

It may reach ``models`` (persistence) and, inside the function that opens the
window only, ``ui``.  Nothing heavy is imported at module level: ``crosscheck
--help`` and ``--version`` must not load spaCy, SQLAlchemy or Qt.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from app import __version__
from app.errors import CrosscheckError, InputError

if TYPE_CHECKING:
    from app.domain import Article, Settings

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_BAD_INPUT = 2


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors in our one-paragraph style."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(
            f"crosscheck: {message}. The command line could not be understood; "
            f"run '{self.prog} --help' for the accepted arguments.\n"
        )
        raise SystemExit(EXIT_BAD_INPUT)


def _sensitivity(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"sensitivity must be between 0 and 1, got {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="crosscheck",
        description=(
            "Compare news articles about one story: the claims they share, where they "
            "agree and where they contradict each other."
        ),
    )
    parser.add_argument("--version", action="version", version=f"crosscheck {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    analyze = commands.add_parser(
        "analyze",
        help="compare two or more article files and report matches and conflicts",
        description=(
            "Compare two or more articles (.txt, .md, .html, .docx, .pdf). Without --json, "
            "print a readable report: per pair of articles the conflicts first, then the "
            "matches, then counts."
        ),
    )
    analyze.add_argument("files", nargs="+", metavar="FILE", help="article files (two or more)")
    analyze.add_argument(
        "--json", metavar="PATH", help="write the JSON contract to PATH ('-' for stdout)"
    )
    analyze.add_argument(
        "--sensitivity",
        type=_sensitivity,
        default=None,
        help="0 links only near-identical claims, 1 links generously (default 0.5)",
    )
    analyze.add_argument(
        "--model", metavar="NAME", default="", help="spaCy pipeline to use (an installed one)"
    )
    analyze.add_argument(
        "--matches",
        action="store_true",
        help="in the readable report, list every match (default: conflicts and a summary)",
    )
    analyze.add_argument("--db", metavar="PATH", help=argparse.SUPPRESS)
    return parser


def _settings(args: argparse.Namespace) -> Settings:
    from app.domain import Settings

    defaults = Settings()
    return Settings(
        sensitivity=defaults.sensitivity if args.sensitivity is None else args.sensitivity,
        spacy_model=args.model or "",
    )


def import_articles(paths: Sequence[str]) -> list[Article]:
    """Import every file, collecting all refusals into one message."""
    from app.importing import import_file
    from app.session import article_letter

    articles: list[Article] = []
    problems: list[str] = []
    for index, path in enumerate(paths):
        try:
            articles.append(import_file(path, article_id=article_letter(index)))
        except CrosscheckError as exc:
            problems.append(exc.message())
    if problems:
        raise InputError(" ".join(problems))
    return articles


def _cmd_analyze(args: argparse.Namespace, out: TextIO) -> int:
    if len(args.files) < 2:
        raise InputError(
            f"Only one article was given ({args.files[0]})",
            "a comparison needs at least two articles about the same story",
            "Pass two or more files, for example: crosscheck analyze a.txt b.txt",
        )
    articles = import_articles(args.files)
    from app.engine import compare

    comparison = compare(articles, settings=_settings(args))
    if args.json:
        from app.serialize import comparison_to_json

        payload = json.dumps(
            comparison_to_json(comparison, args.files), ensure_ascii=False, indent=2
        )
        if args.json == "-":
            out.write(payload + "\n")
        else:
            _write_text(Path(args.json), payload + "\n")
    else:
        from app.report import text_report

        out.write(text_report(comparison, args.files, show_matches=args.matches))
    return EXIT_OK


def _write_text(path: Path, text: str) -> None:
    try:
        if path.exists() and not path.is_file():
            # /dev/null, a FIFO, a terminal: write into it, never replace it.
            with path.open("w", encoding="utf-8") as out:
                out.write(text)
            return
        # A regular file is replaced whole, so a crash never leaves half a file.
        tmp = path.with_name(path.name + ".part")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        raise InputError(
            f"Could not write {path}",
            exc.strerror or str(exc),
            "Choose a writable location with free space",
        ) from None


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_OK
    handlers = {"analyze": _cmd_analyze}
    try:
        return handlers[args.command](args, sys.stdout)
    except CrosscheckError as exc:
        sys.stderr.write(f"crosscheck: {exc.message()}\n")
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        sys.stderr.write("crosscheck: interrupted.\n")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # an internal error: say so, keep the traceback
        import traceback

        traceback.print_exc()
        sys.stderr.write(
            f"crosscheck: internal error ({type(exc).__name__}: {exc}). This is a bug in "
            "Crosscheck, not in your files; please report it with the message above.\n"
        )
        return EXIT_INTERNAL
