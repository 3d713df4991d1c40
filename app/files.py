"""Writing an output file so that a crash never leaves half of it behind."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path


def is_special(target: Path) -> bool:
    """An existing target that is not a regular file or a folder (/dev/null, a
    pipe, a terminal): it is written into, never replaced."""
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def write_replacing(target: Path, write: Callable[[Path], object]) -> None:
    """Call ``write`` on a temporary file beside ``target``, then put it in
    ``target``'s place in one rename; a special file is written directly.
    The temporary file never outlives the call.  ``OSError`` propagates with
    the target untouched."""
    if is_special(target):
        write(target)
        return
    folder = target.parent if str(target.parent) else Path()
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        tmp.replace(target)
    finally:
        tmp.unlink(missing_ok=True)
