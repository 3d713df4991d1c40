"""`crosscheck analyze`: compare files and print the report or the JSON."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from app.cli.articles import (
    compare_articles,
    import_articles,
    need_two,
    refuse_writing_over_an_article,
    shown_paths,
)
from app.cli.common import EXIT_OK, json_text, write_text
from app.cli.options import engine_options, settings, title_option

if TYPE_CHECKING:
    from app.cli.common import Subcommands


def add_parsers(commands: Subcommands) -> None:
    analyze = commands.add_parser(
        "analyze",
        help="compare two or more article files and report matches and conflicts",
        description=(
            "Compare two or more articles (.txt, .md, .html, .docx, .pdf). Without --json, "
            "print a readable report: per pair of articles the conflicts first, then the "
            "matches, then counts."
        ),
    )
    analyze.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="article files (two or more); '-' reads one article from standard input",
    )
    title_option(analyze)
    analyze.add_argument(
        "--json", metavar="PATH", help="write the JSON contract to PATH ('-' for stdout)"
    )
    engine_options(analyze)
    analyze.add_argument(
        "--matches",
        action="store_true",
        help="in the readable report, list every match (default: conflicts and a summary)",
    )
    analyze.add_argument(
        "--possible",
        action="store_true",
        help="also report the links and conflicts the engine is not sure of, each marked "
        "possible (default: only those it is sure of)",
    )
    analyze.add_argument("--db", metavar="PATH", help=argparse.SUPPRESS)
    analyze.set_defaults(handler=run_analyze)


def run_analyze(args: argparse.Namespace, out: TextIO) -> int:
    need_two(args.files, "crosscheck analyze a.txt b.txt")
    if args.json and args.json != "-":
        refuse_writing_over_an_article(
            args.json,
            args.files,
            "--json",
            "crosscheck analyze --json out.json a.txt b.txt",
            any_article=True,
        )
    articles = import_articles(args.files, title=args.title)

    found = compare_articles(articles, settings(args))
    comparison = found.shown(args.possible)
    if args.json:
        from app.export.serialize import comparison_to_json

        payload = json_text(comparison_to_json(comparison, args.files))
        if args.json == "-":
            out.write(payload)
        else:
            write_text(Path(args.json), payload)
    else:
        from app.export.report import text_report

        out.write(
            text_report(
                comparison,
                shown_paths(args.files),
                show_matches=args.matches,
                hidden=len(found.relations) - len(comparison.relations),
            )
        )
    return EXIT_OK
