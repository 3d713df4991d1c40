"""Notes are confidential (issue 12, point 5): with the common umask 022 the
data folder is 0700 and the database, its -wal/-shm/-journal files and its
backups are 0600."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from models import backups
from models.private import create_private_file, private_folder
from models.repository import Repository
from models.store import default_database_path, open_store

from .helpers import annotation, articles

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def test_the_database_and_the_files_sqlite_makes_beside_it_are_private(tmp_path: Path) -> None:
    db_path = tmp_path / "notes.sqlite3"
    with open_store(db_path) as store:
        repo = Repository(store)
        session = repo.create_session("s", articles(2))
        repo.add_annotation(annotation(session.articles[0], note="source: the driver"))
        wal = db_path.with_name(db_path.name + "-wal")
        shm = db_path.with_name(db_path.name + "-shm")
        assert wal.exists() and shm.exists()  # while the store is open
        assert {p.name: mode(p) for p in (db_path, wal, shm)} == {
            db_path.name: 0o600,
            wal.name: 0o600,
            shm.name: 0o600,
        }
    assert mode(db_path) == 0o600


def test_a_rollback_journal_takes_the_databases_mode(tmp_path: Path) -> None:
    db_path = tmp_path / "notes.sqlite3"
    assert create_private_file(db_path)
    journal = db_path.with_name(db_path.name + "-journal")
    with contextlib.closing(sqlite3.connect(db_path, isolation_level=None)) as conn:
        conn.execute("PRAGMA journal_mode=DELETE")
        conn.execute("CREATE TABLE t (x)")
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO t VALUES (1)")
        assert journal.exists()
        assert mode(journal) == 0o600
        conn.execute("COMMIT")
    assert mode(db_path) == 0o600


def test_backups_and_their_folder_are_private(tmp_path: Path) -> None:
    db_path = tmp_path / "notes.sqlite3"
    with open_store(db_path) as store:
        Repository(store).create_session("s", articles(1))
    folder = backups.backups_dir(db_path)
    made = backups.copy_database(db_path, folder / "notes-copy.sqlite3")
    found = backups.list_backups(db_path)
    assert made in found and len(found) >= 2  # the daily one and this one
    assert mode(folder) == 0o700
    assert {p.name: mode(p) for p in found} == {p.name: 0o600 for p in found}


def test_a_restored_database_is_private(tmp_path: Path) -> None:
    db_path = tmp_path / "notes.sqlite3"
    with open_store(db_path) as store:
        Repository(store).create_session("s", articles(1))
    db_path.chmod(0o644)
    backups.restore(db_path)
    assert mode(db_path) == 0o600


def test_the_default_data_folder_is_private_even_if_made_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("CROSSCHECK_DB", raising=False)
    db_path = default_database_path()
    with open_store() as store:
        assert store.path == db_path
        Repository(store).create_session("s", articles(1))
    assert mode(db_path.parent) == 0o700
    assert mode(db_path) == 0o600
    db_path.parent.chmod(0o755)  # as an older Crosscheck left it
    with open_store():
        pass
    assert mode(db_path.parent) == 0o700


def test_an_existing_database_keeps_the_mode_its_owner_chose(tmp_path: Path) -> None:
    db_path = tmp_path / "shared.sqlite3"
    with open_store(db_path):
        pass
    db_path.chmod(0o640)  # a desk shares it with its group on purpose
    with open_store(db_path) as store:
        Repository(store).create_session("s", articles(1))
    assert mode(db_path) == 0o640


def test_helpers_leave_what_exists(tmp_path: Path) -> None:
    existing = tmp_path / "mine"
    existing.mkdir(mode=0o750)
    existing.chmod(0o750)
    private_folder(existing)
    assert mode(existing) == 0o750
    private_folder(tmp_path / "a" / "b")
    assert mode(tmp_path / "a" / "b") == 0o700
    (tmp_path / "f").write_bytes(b"x")
    assert not create_private_file(tmp_path / "f")
    assert (tmp_path / "f").read_bytes() == b"x"
    assert not create_private_file(tmp_path / "missing" / "f")
