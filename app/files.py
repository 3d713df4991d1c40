"""Writing an output file so that a crash never leaves half of it behind."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from app.errors import InputError


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


def replace_with(target: Path, write: Callable[[Path], object], what: str) -> None:
    """:func:`write_replacing`, with a failure said the one way every export
    says it: ``what`` is what was written ("the PDF", "the CSV file")."""
    try:
        write_replacing(target, write)
    except OSError as exc:
        raise InputError(
            f"could not write {what} to {target}",
            f"{exc.strerror or exc}; it may be open in another program, read-only, "
            "or on a full disk",
            "Close it in the program that has it open, or choose another name or a "
            "folder you can write to.",
        ) from exc


def check_target(target: Path, what: str, suffix: str) -> None:
    """Refuse, with what to do, a ``target`` that ``what`` ("the PDF") cannot
    be written to; ``suffix`` (".pdf") is the ending a file name should have."""
    todo = "Choose another file name or folder, or fix its permissions."
    folder = target.parent if str(target.parent) else Path()
    try:
        st = target.stat()
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise InputError(f"cannot use {target} for {what}", exc.strerror or str(exc), todo) from exc
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise InputError(
            f"cannot write {what} to {target}",
            "it is a folder, not a file",
            f"Give a file name ending in {suffix}.",
        )
    if st is not None and not stat.S_ISREG(st.st_mode):
        if not os.access(target, os.W_OK):
            raise InputError(f"cannot write {what} to {target}", "it is not writable", todo)
        return
    if not folder.is_dir():
        raise InputError(
            f"cannot write {what} to {target}", f"the folder {folder} does not exist", todo
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InputError(
            f"cannot write {what} to {target}", f"the folder {folder} is not writable", todo
        )
