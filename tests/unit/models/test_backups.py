"""Checking files, choosing the newest good backup, and restoring it."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest

from models import backups
from models.errors import BackupError
from models.repository import Repository
from models.store import open_store

from .helpers import annotation, articles


def _session_with(path: Path, notes: int) -> None:
    with open_store(path) as store:
        repo = Repository(store)
        if not repo.list_sessions():
            repo.create_session("s", articles(1))
        target = repo.load_session("s").articles[0]
        for _ in range(notes):
            repo.add_annotation(annotation(target))


def _backup(db_path: Path, name: str, age_s: int) -> Path:
    made = backups.copy_database(db_path, backups.backups_dir(db_path) / name)
    stamp = time.time() - age_s
    os.utime(made, (stamp, stamp))
    return made


def _notes(path: Path) -> int:
    with open_store(path) as store:
        return len(Repository(store).load_session("s").annotations)


def test_header_problems(tmp_path: Path, db_path: Path) -> None:
    short = tmp_path / "short"
    short.write_bytes(b"SQLite format 3\x00")
    assert "not a SQLite database" in (backups.header_problem(short) or "")
    _session_with(db_path, 30)
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = db_path.stat().st_size
    with db_path.open("r+b") as f:
        f.truncate(size - 4096)
    assert "truncated" in (backups.header_problem(db_path) or "")
    # A checkpoint cut short may leave the file behind its header, with the
    # rest still in the write-ahead log: that is SQLite's to finish.
    db_path.with_name(db_path.name + "-wal").write_bytes(b"\x00" * 32)
    assert backups.header_problem(db_path) is None


def test_a_sound_file_has_no_problem(db_path: Path) -> None:
    _session_with(db_path, 2)
    assert backups.header_problem(db_path) is None
    assert backups.file_problem(db_path, full=True) is None


def test_restore_takes_the_newest_good_backup(db_path: Path) -> None:
    _session_with(db_path, 1)
    older = _backup(db_path, "crosscheck-older.sqlite3", age_s=200)
    _session_with(db_path, 1)
    newer = _backup(db_path, "crosscheck-newer.sqlite3", age_s=100)
    _session_with(db_path, 1)
    newest = _backup(db_path, "crosscheck-newest.sqlite3", age_s=10)
    for daily in backups.backups_dir(db_path).glob("*-daily-*"):
        daily.unlink()
    with newest.open("r+b") as f:  # the newest backup went bad on disk
        f.truncate(1000)
    assert backups.list_backups(db_path) == [newest, newer, older]
    assert backups.newest_good_backup(db_path) == newer
    result = backups.restore(db_path)
    assert result.backup == newer and _notes(db_path) == 2
    # An explicit, older backup can be chosen instead.
    backups.restore(db_path, older)
    assert _notes(db_path) == 1
    with pytest.raises(BackupError, match="damaged too"):
        backups.restore(db_path, newest)
    with pytest.raises(BackupError, match="does not exist"):
        backups.restore(db_path, db_path.parent / "nope.sqlite3")


def test_restore_sets_the_file_and_its_log_aside(db_path: Path) -> None:
    _session_with(db_path, 3)
    backup = _backup(db_path, "crosscheck-b.sqlite3", age_s=0)
    # A writer that died leaves its write-ahead log beside the file.
    writer = sqlite3.connect(db_path, isolation_level=None)
    writer.execute("PRAGMA journal_mode = WAL")
    writer.execute("INSERT INTO sessions VALUES (99, 'late', '2025-01-01', '2025-01-01')")
    wal = db_path.with_name(db_path.name + "-wal")
    assert wal.exists()
    wal_bytes, main_bytes = wal.read_bytes(), db_path.read_bytes()
    result = backups.restore(db_path, backup)
    writer.close()
    main, *side = result.set_aside
    assert main.name.startswith("crosscheck.sqlite3.set-aside-")
    assert main.read_bytes() == main_bytes
    (aside_wal,) = [p for p in side if p.name == main.name + "-wal"]
    assert aside_wal.read_bytes() == wal_bytes
    # The stale log did not leak into the restored database.
    with open_store(db_path) as store:
        assert [s.name for s in Repository(store).list_sessions()] == ["s"]


def test_restore_without_any_backup_says_so(db_path: Path) -> None:
    _session_with(db_path, 1)
    for old in backups.list_backups(db_path):
        old.unlink()
    with pytest.raises(BackupError, match="no good backup"):
        backups.restore(db_path)
    assert db_path.exists()


def test_restore_when_the_database_is_gone(db_path: Path) -> None:
    _session_with(db_path, 2)
    backup = _backup(db_path, "crosscheck-b.sqlite3", age_s=0)
    for suffix in ("", "-wal", "-shm"):
        db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
    result = backups.restore(db_path)
    assert result.backup == backup and result.set_aside == () and _notes(db_path) == 2


def test_a_file_named_backups_never_stops_a_save(
    db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Issue 12, point 8: the backup is skipped and reported, the note saved."""
    _session_with(db_path, 0)
    folder = backups.backups_dir(db_path)
    for old in backups.list_backups(db_path):
        old.unlink()
    folder.rmdir()
    folder.write_text("not a folder")
    with caplog.at_level("WARNING", logger="models.store"), open_store(db_path) as store:
        repo = Repository(store)
        target = repo.load_session("s").articles[0]
        repo.add_annotation(annotation(target))
        repo.add_annotation(annotation(target))
        error = store.backup_error
    assert _notes(db_path) == 2
    assert isinstance(error, BackupError)
    assert str(folder) in error.why and "not a folder" in error.why
    assert "Rename or move" in error.todo
    reported = [r.getMessage() for r in caplog.records if r.name == "models.store"]
    assert len(reported) == 1  # once, not on every write
    assert "not a folder" in reported[0] and "saved all the same" in reported[0]
    assert folder.read_text() == "not a folder"  # left as found


def test_a_new_database_beside_a_file_named_backups_works(tmp_path: Path) -> None:
    (tmp_path / backups.BACKUP_DIR).write_text("not a folder")
    db_path = tmp_path / "new.sqlite3"
    _session_with(db_path, 1)
    assert _notes(db_path) == 1


def test_copying_into_a_file_named_backups_is_a_backup_error(db_path: Path) -> None:
    _session_with(db_path, 1)
    target = backups.backups_dir(db_path)
    for old in backups.list_backups(db_path):
        old.unlink()
    target.rmdir()
    target.write_text("not a folder")
    with pytest.raises(BackupError) as info:
        backups.copy_database(db_path, target / "crosscheck-x.sqlite3")
    assert "not a folder" in info.value.why
    with pytest.raises(BackupError, match="no good backup"):
        backups.restore(db_path)
