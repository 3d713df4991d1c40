"""Backups during the day (issue 12, point 13): after ``RECENT_AFTER_WRITES``
changes or an hour of activity since the newest backup, not only before the
first change of a day, so a restore no longer loses the day's notes."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from pathlib import Path

import pytest

from models import backups
from models.repository import Repository
from models.store import open_store

from .helpers import annotation, articles


def _new(db_path: Path) -> None:
    with open_store(db_path) as store:
        Repository(store).create_session("s", articles(1))


def _note(db_path: Path) -> None:
    """One note, in its own open and close: one `crosscheck annotate` run."""
    with open_store(db_path) as store:
        repo = Repository(store)
        repo.add_annotation(annotation(repo.load_session("s").articles[0]))


def _notes_in(path: Path) -> int:
    with contextlib.closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as conn:
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'annotations'").fetchall():
            return 0  # a backup from before the database had its tables
        return int(conn.execute("SELECT count(*) FROM annotations").fetchone()[0])


def _recent(db_path: Path) -> list[Path]:
    return sorted(backups.backups_dir(db_path).glob("*-recent-*"))


def _age_backups(db_path: Path, seconds: float) -> None:
    stamp = time.time() - seconds
    for path in backups.list_backups(db_path):
        os.utime(path, (stamp, stamp))


def test_a_restore_loses_at_most_the_last_fifty_changes(db_path: Path) -> None:
    _new(db_path)
    notes = 2 * backups.RECENT_AFTER_WRITES + 7
    for _ in range(notes):
        _note(db_path)
    [daily] = [p for p in backups.list_backups(db_path) if "-daily-" in p.name]
    assert _notes_in(daily) == 0  # the daily backup is from before the day's first note
    assert len(_recent(db_path)) == 2
    # The database is lost; the newest good backup comes back.
    db_path.write_bytes(b"\0" * 4096)
    restored = backups.restore(db_path)
    assert "-recent-" in restored.backup.name
    assert notes - backups.RECENT_AFTER_WRITES <= _notes_in(db_path) < notes


def test_changes_are_counted_in_the_database_and_carried_by_backups(db_path: Path) -> None:
    _new(db_path)
    with contextlib.closing(sqlite3.connect(db_path)) as conn:
        before = conn.execute("PRAGMA user_version").fetchone()[0]
    for _ in range(3):
        _note(db_path)
    with contextlib.closing(sqlite3.connect(db_path)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == before + 3
    _age_backups(db_path, backups.RECENT_AFTER_SECONDS + 60)
    _note(db_path)
    newest = backups.last_backup(db_path)
    assert "-recent-" in backups.list_backups(db_path)[0].name
    assert newest.writes == before + 4  # the count it was made at, read from the copy
    assert newest.made is not None and time.time() - newest.made < 60


def test_an_hour_of_activity_gets_a_backup(db_path: Path) -> None:
    _new(db_path)
    _note(db_path)
    _note(db_path)
    assert _recent(db_path) == []
    _age_backups(db_path, backups.RECENT_AFTER_SECONDS + 60)
    _note(db_path)
    [recent] = _recent(db_path)
    assert _notes_in(recent) == 3  # made after the change: it holds it
    _note(db_path)  # the next change within the hour makes none
    assert _recent(db_path) == [recent]


def test_an_old_backup_alone_makes_no_new_one_without_changes(db_path: Path) -> None:
    _new(db_path)
    _age_backups(db_path, 3 * backups.RECENT_AFTER_SECONDS)
    with open_store(db_path) as store:
        assert [s.name for s in Repository(store).list_sessions()] == ["s"]  # reads only
    assert _recent(db_path) == []


def test_the_recent_backups_rotate(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(backups, "RECENT_AFTER_WRITES", 2)
    monkeypatch.setattr(backups, "RECENT_KEEP", 3)
    _new(db_path)
    with open_store(db_path) as store:  # one long-lived store, as the window keeps
        repo = Repository(store)
        target = repo.load_session("s").articles[0]
        for _ in range(20):
            repo.add_annotation(annotation(target))
    kept = _recent(db_path)
    assert len(kept) == 3
    assert _notes_in(kept[-1]) >= 19
    assert len(backups.list_backups(db_path)) == 4  # and the daily one


def test_a_failing_recent_backup_never_stops_a_save(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(backups, "RECENT_AFTER_WRITES", 1)
    _new(db_path)

    def no_room(*_args: object, **_kwargs: object) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backups, "recent_backup", no_room)
    with caplog.at_level("WARNING", logger="models.store"), open_store(db_path) as store:
        repo = Repository(store)
        target = repo.load_session("s").articles[0]
        repo.add_annotation(annotation(target))
        repo.add_annotation(annotation(target))
        assert store.backup_error is not None and "No space" in str(store.backup_error)
    assert _notes_in(db_path) == 2
    assert len([r for r in caplog.records if "saved all the same" in r.getMessage()]) == 1
