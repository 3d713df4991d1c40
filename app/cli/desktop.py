"""`crosscheck install-desktop` and `uninstall-desktop` (Linux: the
applications menu and Open With; app.desktop_entry does the work)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, TextIO

from app.cli.common import EXIT_OK

if TYPE_CHECKING:
    from app.cli.common import Subcommands


def add_parsers(commands: Subcommands) -> None:
    install_desktop = commands.add_parser(
        "install-desktop",
        help="Linux: add Crosscheck to the applications menu, with Open With for articles",
        description=(
            "Write a desktop entry and the icon into your data folder ($XDG_DATA_HOME, "
            "else ~/.local/share), so that the applications menu lists Crosscheck and "
            "file managers offer it for text, HTML, DOCX and PDF files. On macOS and "
            "Windows it says what to do instead."
        ),
    )
    install_desktop.set_defaults(handler=run_install_desktop)
    uninstall_desktop = commands.add_parser(
        "uninstall-desktop",
        help="Linux: remove what install-desktop wrote",
        description="Remove the desktop entry and the icon install-desktop wrote, nothing else.",
    )
    uninstall_desktop.set_defaults(handler=run_uninstall_desktop)


def run_install_desktop(args: argparse.Namespace, out: TextIO) -> int:
    from app import desktop_entry

    advice = desktop_entry.elsewhere_advice()
    if advice is not None:
        raise advice
    home = desktop_entry.data_home()
    command = desktop_entry.launcher()
    outcome = desktop_entry.install(home, command)
    for path in outcome.files:
        out.write(f"Wrote {path}\n")
    for note in outcome.notes:
        out.write(f"{note}\n")
    out.write(
        f"Crosscheck is in the applications menu and under Open With, starting {command}. "
        "'crosscheck uninstall-desktop' removes these files.\n"
    )
    return EXIT_OK


def run_uninstall_desktop(args: argparse.Namespace, out: TextIO) -> int:
    from app import desktop_entry

    advice = desktop_entry.elsewhere_advice()
    if advice is not None:
        raise advice
    outcome = desktop_entry.uninstall(desktop_entry.data_home())
    for path in outcome.files:
        out.write(f"Removed {path}\n")
    for note in outcome.notes:
        out.write(f"{note}\n")
    if not outcome.files:
        out.write(
            f"Nothing to remove: no desktop entry of Crosscheck's in {desktop_entry.data_home()}.\n"
        )
    return EXIT_OK
