"""The command line's parser, built from each command group's ``add_parsers``.

The groups are listed in the order ``crosscheck --help`` shows their verbs."""

from __future__ import annotations

import argparse

from app import __version__
from app.cli import analyze, annotating, desktop, export, restore, sessions, window
from app.cli.common import Parser

GROUPS = (window, analyze, sessions, annotating, restore, export, desktop)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="crosscheck",
        description=(
            "Compare news articles about one story: the claims they share, where they "
            "agree and where they contradict each other."
        ),
    )
    parser.add_argument("--version", action="version", version=f"crosscheck {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for group in GROUPS:
        group.add_parsers(commands)
    return parser
