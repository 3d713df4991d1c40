"""`crosscheck gui` (and plain `crosscheck`): open the window.  The only
command that loads Qt, inside its handler."""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING, TextIO

from app.errors import InputError

if TYPE_CHECKING:
    from app.cli.common import Subcommands


def _window_size(text: str) -> tuple[int, int]:
    """ "1280x800" -> (1280, 800)."""
    width, sep, height = text.lower().partition("x")
    try:
        size = (int(width), int(height))
    except ValueError:
        size = (0, 0)
    if not sep or not (640 <= size[0] <= 10_000 and 480 <= size[1] <= 10_000):
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a window size: give WIDTHxHEIGHT in pixels, such as 1280x800"
        )
    return size


def add_parsers(commands: Subcommands) -> None:
    gui = commands.add_parser(
        "gui",
        help="open the window, optionally on article files",
        description=(
            "Open the Crosscheck window. Files given are imported and compared; more can "
            "be dropped onto the window or opened from the File menu."
        ),
    )
    gui.add_argument("files", nargs="*", metavar="FILE", help="article files to open")
    gui.add_argument(
        "--screenshot",
        metavar="PNG",
        help="once the analysis is done and drawn, save the window to PNG and exit",
    )
    gui.add_argument(
        "--size",
        type=_window_size,
        metavar="WIDTHxHEIGHT",
        help="the window's size in pixels, such as 1280x800 (default: as last left; "
        "with --screenshot, 1440x900)",
    )
    gui.add_argument(
        "--theme",
        choices=("system", "light", "dark"),
        help="colour theme for this run (default: the one chosen in Preferences)",
    )
    gui.add_argument(
        "--session",
        metavar="NAME",
        help="reopen a saved session instead of opening files",
    )
    gui.add_argument(
        "--db",
        metavar="PATH",
        help="the database the sessions are saved in (default: $CROSSCHECK_DB, "
        "then the one in your data folder)",
    )
    gui.set_defaults(handler=run_gui)


def _has_display() -> bool:
    """Whether Qt can show a window here (a desktop, or a chosen platform)."""
    if sys.platform in ("win32", "darwin") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run_gui(args: argparse.Namespace, out: TextIO) -> int:
    # Qt is imported here only: no other command loads it.
    if args.session and args.files:
        raise InputError(
            "both files and --session were given",
            "The window opens either new articles (a new session) or a saved session",
            "Give the files, or --session NAME, not both",
        )
    if args.screenshot and not _has_display():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # a picture needs no screen
    elif not _has_display():
        raise InputError(
            "there is no display to open the window on",
            "Neither DISPLAY nor WAYLAND_DISPLAY is set (a remote shell or a server)",
            "Run crosscheck in a desktop session; here, 'crosscheck analyze FILE FILE' "
            "prints the comparison and 'crosscheck --help' lists every command",
        )
    from app.jobs.analysis_process import shared_process

    # Before Qt is even imported: the analysis process loads spaCy meanwhile.
    shared_process().start()
    try:
        from ui.app import run
    except ModuleNotFoundError as exc:
        if not (exc.name or "").startswith("PySide6"):
            raise
        raise InputError(
            "the window cannot open: Qt for Python (PySide6) is not installed here",
            "This environment has Crosscheck's core without its window",
            "Install Crosscheck with its dependencies (pip install crosscheck, or "
            "scripts/sample); meanwhile 'crosscheck analyze FILE FILE' prints the comparison",
        ) from exc

    return run(
        args.files,
        screenshot=args.screenshot,
        db=args.db,
        theme=args.theme,
        session=args.session,
        size=args.size,
    )
