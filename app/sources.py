"""Whether a stored article's source file changed on disk, without trusting it.

A session keeps each article's text and the SHA-256 of the bytes it came
from.  ``source_state`` reads the file again to compare, and nothing at that
path may hang or swamp the program: only a regular file is opened (a pipe, a
device such as ``/dev/zero``, a socket or a folder is reported, never read),
it is opened non-blocking and checked again once open (it may have been
swapped meanwhile), and it is hashed a chunk at a time up to the importer's
size limit, so memory stays flat whatever the file holds.

The command line (``session show``, ``session reload``) and the window's
source watcher both ask this module; neither reads a source file itself.
"""

from __future__ import annotations

import hashlib
import os
import stat
from enum import StrEnum
from pathlib import Path

from app.domain import Origin, Source
from app.importing import limits

_CHUNK = 1024 * 1024


class SourceState(StrEnum):
    """What became of a source file.  The values are what people read (and
    what ``session show --json`` writes)."""

    UNCHANGED = "unchanged"
    CHANGED = "changed"
    MISSING = "missing"
    NOT_REGULAR = "unreadable (not a regular file)"
    TOO_LARGE = "unreadable (larger than the import limit)"
    UNREADABLE = "unreadable (permission denied or read error)"
    NO_FILE = "no file to watch (pasted or piped in)"

    @property
    def readable(self) -> bool:
        """Whether the file could be compared with the stored hash."""
        return self in (SourceState.UNCHANGED, SourceState.CHANGED)


def source_state(source: Source, *, limit: int | None = None) -> SourceState:
    """Compare the file at ``source.path`` with ``source.sha256``, reading at
    most ``limit`` bytes (default: ``limits.MAX_SOURCE_BYTES``).  Never
    blocks on a pipe or a device, never raises for anything found at the path."""
    limit = limits.MAX_SOURCE_BYTES if limit is None else limit
    if source.origin is not Origin.FILE:
        return SourceState.NO_FILE
    if not source.path:
        return SourceState.MISSING
    try:
        st = Path(source.path).stat()
    except (FileNotFoundError, NotADirectoryError):
        return SourceState.MISSING
    except (OSError, ValueError):  # ValueError: a NUL byte in the path
        return SourceState.UNREADABLE
    if not stat.S_ISREG(st.st_mode):
        return SourceState.NOT_REGULAR
    if st.st_size > limit:
        return SourceState.TOO_LARGE
    digest = _sha256(source.path, limit)
    if isinstance(digest, SourceState):
        return digest
    return SourceState.UNCHANGED if digest == source.sha256 else SourceState.CHANGED


def _sha256(path: str, limit: int) -> str | SourceState:
    """Hex SHA-256 of the regular file at ``path``, or why it cannot be had."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    flags |= getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except (FileNotFoundError, NotADirectoryError):
        return SourceState.MISSING
    except OSError:
        return SourceState.UNREADABLE
    try:
        # The path may now name something else than what was checked.
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return SourceState.NOT_REGULAR
        digest = hashlib.sha256()
        read = 0
        while chunk := os.read(fd, _CHUNK):
            read += len(chunk)
            if read > limit:  # it grew after the check
                return SourceState.TOO_LARGE
            digest.update(chunk)
        return digest.hexdigest()
    except OSError:
        return SourceState.UNREADABLE
    finally:
        os.close(fd)
