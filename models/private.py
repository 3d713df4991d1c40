"""Files only their owner can read: a reporter's notes on sources are confidential.

Crosscheck creates its data folder and backup folders ``0700`` and the
database and its backups ``0600``, whatever the umask.  SQLite creates the
``-wal``, ``-shm`` and ``-journal`` files itself and gives them the mode of
the database file, so a database created here keeps them private too.

A file or folder that already exists keeps the mode its owner gave it (a
newsroom may share a database on purpose), except Crosscheck's own data
folder, which is made private again whenever the default database is opened.
On systems without POSIX modes (Windows) these calls do what they can.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700


def private_folder(folder: Path) -> None:
    """Create ``folder`` (and missing parents) if needed; the folder itself
    ends ``0700`` if it was created here.  ``OSError`` propagates (a file in
    the way, no permission)."""
    if folder.is_dir():
        return
    folder.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
    with contextlib.suppress(OSError):  # mkdir's mode went through the umask
        folder.chmod(PRIVATE_FOLDER)


def make_private(path: Path, mode: int = PRIVATE_FOLDER) -> None:
    """Set ``path``'s mode if this user owns it; anything else is left as is."""
    with contextlib.suppress(OSError):
        if path.stat().st_mode & 0o777 != mode:
            path.chmod(mode)


def create_private_file(path: Path) -> bool:
    """Create ``path`` empty and ``0600`` unless it exists; ``True`` if it
    was created.  Never raises: whoever opens the file next reports a missing
    or read-only folder in its own words."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except OSError:
        return False
    try:
        if hasattr(os, "fchmod"):  # open's mode went through the umask
            os.fchmod(fd, PRIVATE_FILE)
    except OSError:
        pass
    finally:
        os.close(fd)
    return True
