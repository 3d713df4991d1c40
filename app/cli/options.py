"""Options several commands share: --db, --title, --sensitivity and --model."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.cli.common import Parser

if TYPE_CHECKING:
    from app.domain import Settings


def database_parent() -> Parser:
    """A parent parser holding --db, for the commands that open the database."""
    db = Parser(add_help=False)
    db.add_argument(
        "--db",
        metavar="PATH",
        help="the database: a file or a SQLAlchemy URL (default: $CROSSCHECK_DB, then "
        "crosscheck.sqlite3 in your user data folder)",
    )
    return db


def title_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--title",
        default="",
        metavar="TEXT",
        help="the title of the article read from standard input ('-'); default: the "
        "title its HTML gives, else its first line",
    )


def _sensitivity(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"sensitivity must be between 0 and 1, got {value}")
    return value


def engine_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--sensitivity",
        type=_sensitivity,
        default=None,
        help="0 links only near-identical claims, 1 links generously (default 0.5)",
    )
    parser.add_argument(
        "--model", metavar="NAME", default="", help="spaCy pipeline to use (an installed one)"
    )


def settings(args: argparse.Namespace) -> Settings:
    """The engine's settings from --sensitivity and --model."""
    from app.domain import Settings

    defaults = Settings()
    return Settings(
        sensitivity=defaults.sensitivity if args.sensitivity is None else args.sensitivity,
        spacy_model=args.model or "",
    )
