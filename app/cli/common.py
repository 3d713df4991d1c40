"""What every command shares: exit codes, the usage-error style, output
(JSON, files, warnings, terminal-safe text) and opening the database."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from app.errors import one_paragraph
from app.safe_text import (
    TERMINAL_ERRORS,
    has_undecodable,
    refuse_undecodable,
    replace_undecodable,
    terminal_safe,
)

if TYPE_CHECKING:
    from typing import TypeAlias

    # Types only: models/ is imported at run time inside the handlers.
    from models.repository import Repository

    # What add_subparsers() returns: each command group adds its verbs to it.
    Subcommands: TypeAlias = argparse._SubParsersAction[argparse.ArgumentParser]

Handler = Callable[[argparse.Namespace, TextIO], int]

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_BAD_INPUT = 2
# Arguments that name files: they may hold any bytes the system allows
# (app.safe_text).  Every other text argument is words to keep or look up.
_PATH_ARGUMENTS = frozenset({"files", "json", "pdf", "out", "db", "screenshot", "backup"})
_ARGUMENT_NAMES = {"name": "session name", "old": "session name", "new": "new session name"}


class Parser(argparse.ArgumentParser):
    """argparse that reports usage errors in our one-paragraph style."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(
            f"crosscheck: {message}. The command line could not be understood; "
            f"run '{self.prog} --help' for the accepted arguments.\n"
        )
        raise SystemExit(EXIT_BAD_INPUT)


@contextmanager
def repository(args: argparse.Namespace) -> Iterator[Repository]:
    """The database --db names (else the default one), as a repository."""
    from models.repository import Repository
    from models.store import open_store

    with open_store(args.db) as store:
        yield Repository(store)


def quoted(text: str, limit: int = 100) -> str:
    text = " ".join(text.split())
    return f"“{text}”" if len(text) <= limit else f"“{text[: limit - 3]}...”"


def local(when: datetime) -> str:
    return when.astimezone().strftime("%Y-%m-%d %H:%M")


def write_json(out: TextIO, data: object) -> None:
    out.write(json_text(data))


def json_text(data: object) -> str:
    """JSON is UTF-8 text: a stray byte of a file name becomes U+FFFD, and the
    user is told (the file itself is still read by its exact name)."""
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if not has_undecodable(text):
        return text
    warn(
        one_paragraph(
            "a file name holds bytes that are not UTF-8; in the JSON each of them is "
            "written as \ufffd",
            "JSON is UTF-8 text, and those bytes are in another encoding (Latin-1, "
            "Windows-1252, ...); Crosscheck still reads and stores the files by their "
            "exact names",
            "To keep the names exact in JSON, rename the files to UTF-8 names "
            "(for example with convmv)",
        )
    )
    return replace_undecodable(text)


def warn(message: str) -> None:
    sys.stderr.write(f"crosscheck: warning: {terminal_safe(message)}\n")


def refuse_undecodable_arguments(args: argparse.Namespace) -> None:
    """Names, notes, quotes and tags must be UTF-8 text; paths may hold any
    bytes (they are used as they are)."""
    for name, value in vars(args).items():
        if isinstance(value, str) and name not in _PATH_ARGUMENTS:
            refuse_undecodable(value, _ARGUMENT_NAMES.get(name, f"{name} given with --{name}"))


def escape_what_cannot_be_printed() -> None:
    """stdout and stderr show what their encoding cannot carry (a stray byte
    of a file name, a character a non-UTF-8 terminal lacks) as an escape such
    as \\xe9, instead of failing half-way through the output."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors=TERMINAL_ERRORS)


def write_text(path: Path, text: str) -> None:
    from app.files import replace_with

    replace_with(path, lambda where: where.write_text(text, encoding="utf-8"), "the JSON")
