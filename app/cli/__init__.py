"""The command line, and the one composition root of the program.

One module per command group (``window``, ``analyze``, ``sessions``,
``annotating``, ``restore``, ``export``, ``desktop``), each with its
``add_parsers`` and its ``run_*`` handlers; ``parser`` puts them together.
Only the handlers may reach ``models`` (persistence) and, in ``window``
only, ``ui``.  Nothing heavy is imported at module level: ``crosscheck
--help`` and ``--version`` must not load spaCy, SQLAlchemy or Qt.
"""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Sequence

from app.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_INTERNAL,
    EXIT_OK,
    Handler,
    escape_what_cannot_be_printed,
    refuse_undecodable_arguments,
)
from app.cli.parser import build_parser
from app.errors import CrosscheckError
from app.safe_text import terminal_safe

__all__ = ["build_parser", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    # A frozen build (PyInstaller and the like) starts the analysis process
    # through this entry point; elsewhere this does nothing.
    multiprocessing.freeze_support()
    escape_what_cannot_be_printed()
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args(["gui"])  # plain `crosscheck` opens the window
    handler: Handler = args.handler
    try:
        refuse_undecodable_arguments(args)
        return handler(args, sys.stdout)
    except CrosscheckError as exc:
        sys.stderr.write(f"crosscheck: {terminal_safe(exc.message())}\n")
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
