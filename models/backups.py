"""Checking SQLite files, verified backups beside the database, restoring one.

Backups live in ``backups/`` next to the database file: one before a schema
upgrade; a daily one, before the first change of each day (the last
``DAILY_KEEP`` kept); and a recent one after ``RECENT_AFTER_WRITES`` changes
or ``RECENT_AFTER_SECONDS`` of activity since the newest backup (the last
``RECENT_KEEP`` kept), so a restore loses at most that much of a day's notes.
The store counts its changes in SQLite's ``user_version`` header field
(``WRITE_COUNT``), which a backup carries, so the changes since the newest
backup are a subtraction, the same for every program using the database.

  Each one is written
to a temporary name with the SQLite backup API, passes ``integrity_check``,
and only then gets its final name, so a half-written backup never looks good.
Nothing here ever deletes or overwrites a database: a file being replaced by
``restore`` is renamed aside first.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from models.errors import BackupError, StoreUnavailable
from models.private import PRIVATE_FILE, create_private_file, make_private, private_folder

BACKUP_DIR = "backups"
DAILY_KEEP = 7
RECENT_KEEP = 12
RECENT_AFTER_WRITES = 50
RECENT_AFTER_SECONDS = 3600
# The pragma holding the count of committed changes, and its header offset.
WRITE_COUNT = "user_version"
_WRITE_COUNT_OFFSET = 60
SQLITE_HEADER = b"SQLite format 3\x00"
HEADER_SIZE = 100
# Files SQLite keeps beside a database; they belong to it and move with it.
SIDE_SUFFIXES = ("-wal", "-shm", "-journal")
# SQLite result codes (the low byte of sqlite_errorcode): "damaged", and
# what a read-only open answers when it would need to write.
_CORRUPT = 11
_NOTADB = 26
_READONLY = 8
_CANTOPEN = 14


def backups_dir(db_path: Path) -> Path:
    return db_path.parent / BACKUP_DIR


def header_problem(path: Path) -> str | None:
    """Why the file cannot be a sound SQLite database, judged from its bytes
    alone (``None`` when the header and size look right).  Never writes."""
    size = path.stat().st_size
    if size == 0:
        return "the file is empty"
    with path.open("rb") as f:
        header = f.read(HEADER_SIZE)
    if len(header) < HEADER_SIZE or not header.startswith(SQLITE_HEADER):
        return "it is not a SQLite database (its first bytes are not the SQLite header)"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return "its header is damaged (impossible page size)"
    if size % page_size:
        return f"it is truncated ({size} bytes is not a whole number of {page_size}-byte pages)"
    pages = int.from_bytes(header[28:32], "big")
    counter_valid = header[24:28] == header[92:96]
    wal = path.with_name(path.name + "-wal")
    # With a write-ahead log present, a checkpoint cut short may have grown the
    # header's page count before the pages: SQLite finishes it from the log.
    if counter_valid and pages * page_size > size and not _nonempty(wal):
        return f"it is truncated (its header counts {pages * page_size} bytes, the file has {size})"
    return None


def _nonempty(path: Path) -> bool:
    try:
        return path.stat().st_size > 0
    except FileNotFoundError:
        return False


def read_only_options(path: Path, timeout_s: float = 5.0) -> dict[str, str]:
    """The URI options that open ``path`` for reading without writing a byte.

    ``mode=ro`` is enough, except for a WAL database in a folder this user
    cannot write: SQLite then cannot create the shared-memory file (``-shm``)
    it reads through, and refuses.  Such a database is opened ``immutable``
    (read straight from the file, no locks, no -shm) when nothing is in its
    log: then the file holds every change, and no program can start writing
    to it without write access to that folder.  A log with changes in it
    gives a ``StoreUnavailable`` that says what to do.
    """
    ro = {"mode": "ro"}
    try:
        with contextlib.closing(_connect(path, ro, timeout_s)) as conn:
            conn.execute("PRAGMA schema_version").fetchall()  # opens the file
    except sqlite3.OperationalError as exc:
        if exc.sqlite_errorcode & 0xFF not in (_READONLY, _CANTOPEN) or not path.is_file():
            raise
        if os.access(path.parent, os.W_OK):
            raise
        wal = path.with_name(path.name + "-wal")
        if _nonempty(wal):
            raise StoreUnavailable(
                str(path),
                f"cannot read the database {path}",
                f"Its folder is read-only for you, and its log {wal.name} holds changes not "
                f"yet written into the file, which SQLite can read only by creating "
                f"{path.name}-shm in that folder",
                "Open it once with write access to the folder (or ask its owner to), so the "
                "changes are written into the file; or copy the database and its -wal file "
                "together to a folder of yours and use --db with the copy",
            ) from exc
        return ro | {"immutable": "1"}
    return ro


def connect_read_only(path: Path, timeout_s: float = 5.0) -> sqlite3.Connection:
    """A connection that never writes to ``path`` (``read_only_options``)."""
    return _connect(path, read_only_options(path, timeout_s), timeout_s)


def _connect(path: Path, options: dict[str, str], timeout_s: float) -> sqlite3.Connection:
    query = "&".join(f"{k}={v}" for k, v in options.items())
    return sqlite3.connect(
        f"{path.resolve().as_uri()}?{query}", uri=True, timeout=timeout_s, isolation_level=None
    )


def file_problem(path: Path, *, full: bool = False, timeout_s: float = 5.0) -> str | None:
    """Why ``path`` is not a sound SQLite database, or ``None``.

    Opens the file read-only (so a damaged file is never written to) and runs
    ``quick_check``, or ``integrity_check`` when ``full``.  A lock or an
    unreadable file raises ``sqlite3.Error`` for the caller to report: those
    say nothing about damage.
    """
    problem = header_problem(path)
    if problem:
        return problem
    check = "integrity_check" if full else "quick_check"
    try:
        with contextlib.closing(connect_read_only(path, timeout_s)) as conn:
            rows = [str(r[0]) for r in conn.execute(f"PRAGMA {check}").fetchall()]
    except sqlite3.DatabaseError as exc:
        if exc.sqlite_errorcode & 0xFF in (_CORRUPT, _NOTADB):
            return f"SQLite reports: {exc}"
        raise
    if rows != ["ok"]:
        return "the integrity check found: " + "; ".join(rows[:3])
    return None


def backup_failed(source: Path, exc: OSError, dest: Path | None = None) -> BackupError:
    """The ``BackupError`` an ``OSError`` means while backing up ``source``."""
    folder = backups_dir(source) if dest is None else dest.parent
    what = f"could not write the backup {dest}" if dest else f"could not back up {source}"
    if isinstance(exc, (FileExistsError, NotADirectoryError)) or (
        folder.exists() and not folder.is_dir()
    ):
        return BackupError(
            str(source),
            what,
            f"{folder} is a file, not a folder, so no backup can be kept there",
            f"Rename or move the file {folder}; Crosscheck keeps its backups in that folder",
        )
    return BackupError(
        str(source), what, f"The system reported: {exc}", "Check free space and permissions"
    )


def copy_database(source: Path, dest: Path, *, timeout_s: float = 5.0) -> Path:
    """Copy a live database with the backup API, verify the copy, then give it
    its final name.  A copy that fails verification is removed and reported.
    The folder is created ``0700`` and the copy ``0600`` (``models.private``)."""
    partial = dest.with_name(dest.name + ".partial")
    try:
        private_folder(dest.parent)
    except OSError as exc:
        raise backup_failed(source, exc, dest) from exc
    try:
        if not create_private_file(partial):
            make_private(partial, PRIVATE_FILE)  # left by a crash; the backup overwrites it
        with (
            contextlib.closing(
                sqlite3.connect(source, timeout=timeout_s, isolation_level=None)
            ) as src,
            contextlib.closing(sqlite3.connect(partial, isolation_level=None)) as dst,
        ):
            src.backup(dst)
            # A self-contained file: no -wal beside a backup or a restored copy.
            dst.execute("PRAGMA journal_mode=DELETE")
        problem = file_problem(partial, full=True)
        if problem:
            raise BackupError(str(source), f"the backup {dest} failed its check", problem)
        _fsync(partial)
        partial.replace(dest)
        _fsync_dir(dest.parent)
    except (sqlite3.Error, OSError) as exc:
        raise BackupError(
            str(source), f"could not write the backup {dest}", str(exc), "Check free space"
        ) from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
    return dest


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):  # not every platform syncs directories
        _fsync(path)


def _stamp(now: datetime) -> str:
    return now.astimezone(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def pre_migration_backup(db_path: Path, from_version: int, to_version: int) -> Path:
    name = f"{db_path.stem}-{_stamp(datetime.now(UTC))}-schema{from_version}-before{to_version}"
    return copy_database(db_path, backups_dir(db_path) / f"{name}{db_path.suffix}")


def _daily_name(db_path: Path, day: date) -> str:
    return f"{db_path.stem}-daily-{day.isoformat()}{db_path.suffix}"


def daily_backup(db_path: Path, day: date, *, timeout_s: float = 5.0) -> Path | None:
    """Back up the database as it was before the first change of ``day``,
    keeping the last ``DAILY_KEEP`` daily backups.  ``None`` if one exists."""
    target = backups_dir(db_path) / _daily_name(db_path, day)
    if target.exists():
        return None
    copy_database(db_path, target, timeout_s=timeout_s)
    # ISO dates sort by name.
    dailies = sorted(backups_dir(db_path).glob(f"{db_path.stem}-daily-*{db_path.suffix}"))
    for old in dailies[:-DAILY_KEEP]:
        old.unlink()
    return target


@dataclass(frozen=True, slots=True)
class LastBackup:
    writes: int  # the database's change count when it was made
    made: float | None  # its time (seconds since the epoch); None: no backup yet


def last_backup(db_path: Path) -> LastBackup:
    """The newest backup of any kind, as ``backup_due`` needs it."""
    for path in list_backups(db_path):
        with contextlib.suppress(OSError):
            with path.open("rb") as f:
                f.seek(_WRITE_COUNT_OFFSET)
                writes = int.from_bytes(f.read(4), "big", signed=True)
            return LastBackup(writes, path.stat().st_mtime)
    return LastBackup(0, None)


def backup_due(last: LastBackup, writes: int, now: float) -> bool:
    """Whether a database at change count ``writes`` needs a recent backup."""
    since = writes - last.writes
    if since < 0:
        return True  # the newest backup is of another copy (a restore): start afresh
    if since >= RECENT_AFTER_WRITES:
        return True
    return since > 0 and last.made is not None and now - last.made >= RECENT_AFTER_SECONDS


def recent_backup(db_path: Path, *, timeout_s: float = 5.0) -> Path:
    """Back up the database as it is now, keeping the last ``RECENT_KEEP``."""
    stamp = _stamp(datetime.now(UTC))
    target = backups_dir(db_path) / f"{db_path.stem}-recent-{stamp}{db_path.suffix}"
    copy_database(db_path, target, timeout_s=timeout_s)
    # The stamps sort by name.
    recent = sorted(backups_dir(db_path).glob(f"{db_path.stem}-recent-*{db_path.suffix}"))
    for old in recent[:-RECENT_KEEP]:
        old.unlink()
    return target


def list_backups(db_path: Path) -> list[Path]:
    """Every finished backup of this database, newest first."""
    folder = backups_dir(db_path)
    if not folder.is_dir():
        return []
    found = [
        p
        for p in folder.iterdir()
        if p.is_file() and p.name.startswith(db_path.stem + "-") and p.suffix == db_path.suffix
    ]
    return sorted(found, key=lambda p: (p.stat().st_mtime_ns, p.name), reverse=True)


def good_backups(db_path: Path) -> Iterator[Path]:
    for path in list_backups(db_path):
        try:
            if file_problem(path, full=True) is None:
                yield path
        except sqlite3.Error:
            continue


def newest_good_backup(db_path: Path) -> Path | None:
    return next(good_backups(db_path), None)


@dataclass(frozen=True, slots=True)
class RestoreResult:
    database: Path
    backup: Path
    set_aside: tuple[Path, ...]  # the replaced file and its -wal/-shm, renamed


def restore(db_path: Path, backup: Path | None = None) -> RestoreResult:
    """Put a backup in place of the database: the newest good one, or
    ``backup``.  The current file (damaged or not) and its side files are
    renamed aside with a timestamp, never deleted.

    Run it with no other program using the database.
    """
    where = str(db_path)
    if backup is None:
        backup = newest_good_backup(db_path)
        if backup is None:
            raise BackupError(
                where,
                f"there is no good backup of {db_path} to restore",
                f"None of the files in {backups_dir(db_path)} passed the integrity check",
            )
    else:
        if not backup.is_file():
            raise BackupError(where, f"the backup {backup} does not exist")
        problem = file_problem(backup, full=True)
        if problem:
            raise BackupError(
                where,
                f"the backup {backup} is damaged too and was not restored",
                problem,
                "Choose another backup",
            )
    stamp = _stamp(datetime.now(UTC))
    set_aside: list[Path] = []
    for suffix in ("", *SIDE_SUFFIXES):
        current = db_path.with_name(db_path.name + suffix)
        if current.exists():
            aside = db_path.with_name(f"{db_path.name}.set-aside-{stamp}{suffix}")
            current.rename(aside)
            set_aside.append(aside)
    copy_database(backup, db_path)
    return RestoreResult(db_path, backup, tuple(set_aside))
