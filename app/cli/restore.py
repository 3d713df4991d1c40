"""`crosscheck restore`: put back a backup of a damaged database file."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from app.cli.common import EXIT_OK
from app.cli.options import database_parent
from app.errors import InputError

if TYPE_CHECKING:
    from app.cli.common import Subcommands


def add_parsers(commands: Subcommands) -> None:
    restore = commands.add_parser(
        "restore",
        parents=[database_parent()],
        help="put back a backup of a damaged database (the damaged file is set aside)",
    )
    restore.add_argument(
        "--from", dest="backup", metavar="BACKUP", help="this backup (default: the newest good one)"
    )
    restore.set_defaults(handler=run_restore)


def run_restore(args: argparse.Namespace, out: TextIO) -> int:
    """Works on the file alone: the database is not opened (it may be damaged)."""
    from models.backups import restore
    from models.store import resolve

    path = resolve(args.db)[1]
    if path is None:
        raise InputError(
            "`crosscheck restore` works on a database file only",
            f"--db names a database server or an in-memory database ({args.db})",
            "Restore a server with its own tools (for PostgreSQL: pg_restore)",
        )
    backup = Path(args.backup).expanduser().absolute() if args.backup else None
    result = restore(path, backup)
    out.write(f"Restored {result.database} from the backup {result.backup}.\n")
    for aside in result.set_aside:
        out.write(f"The file it replaced was set aside, not deleted: {aside}\n")
    return EXIT_OK
