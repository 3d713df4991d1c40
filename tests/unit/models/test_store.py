"""Opening the database: location, SQLite settings, and refusing what must
not be written to (newer, foreign, damaged), with clear messages."""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event

from models import backups, migrations
from models.errors import (
    DatabaseDamaged,
    DatabaseLocked,
    DatabaseReadOnly,
    DatabaseTooNew,
    DiskFull,
    NotCrosscheckDatabase,
    StoreUnavailable,
)
from models.repository import Repository
from models.store import default_database_path, open_store, resolve

from .helpers import annotation, articles


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _filled(path: Path, notes: int = 3) -> list[str]:
    """A closed database holding one session with ``notes`` annotations."""
    with open_store(path) as store:
        repo = Repository(store)
        session = repo.create_session("s", articles(2))
        return [repo.add_annotation(annotation(session.articles[0])).id for _ in range(notes)]


def _raw(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None, timeout=0.1)


def test_sqlite_is_set_up_for_safety(db_path: Path) -> None:
    with open_store(db_path, busy_timeout_ms=1234) as store, store.engine.connect() as conn:
        pragma = {
            name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
        }
        app_id = conn.exec_driver_sql("PRAGMA application_id").scalar()
    assert pragma == {
        "journal_mode": "wal",
        "synchronous": 2,
        "foreign_keys": 1,
        "busy_timeout": 1234,
    }
    assert app_id == migrations.APPLICATION_ID


def test_location_explicit_then_environment_then_user_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("CROSSCHECK_DB", raising=False)
    default = tmp_path / "xdg" / "crosscheck" / "crosscheck.sqlite3"
    assert default_database_path() == default
    assert resolve(None)[1] == default
    monkeypatch.setenv("CROSSCHECK_DB", str(tmp_path / "env.sqlite3"))
    assert resolve(None)[1] == tmp_path / "env.sqlite3"
    assert resolve(str(tmp_path / "arg.sqlite3"))[1] == tmp_path / "arg.sqlite3"
    with open_store() as store:
        assert store.path == tmp_path / "env.sqlite3"


def test_urls_of_every_kind(tmp_path: Path) -> None:
    url, path, read_only = resolve(f"sqlite:///{tmp_path}/u.sqlite3")
    assert path == tmp_path / "u.sqlite3" and not read_only
    url, path, read_only = resolve(f"sqlite:///file:{tmp_path}/u.sqlite3?mode=ro&uri=true")
    assert path == tmp_path / "u.sqlite3" and read_only
    url, path, read_only = resolve("postgresql+psycopg://desk:secret@db.example/news")
    assert path is None and url.password == "secret"
    assert resolve("sqlite://")[1] is None
    with pytest.raises(StoreUnavailable):
        open_store("postgresql+nosuchdriver://localhost/x")


def test_an_unreachable_server_is_named_without_its_password() -> None:
    # Port 9 on the loopback: nothing listens there (or the driver is absent).
    with pytest.raises(StoreUnavailable) as err:
        open_store("postgresql+psycopg://desk:secret@127.0.0.1:9/news?connect_timeout=2")
    assert "127.0.0.1:9/news" in str(err.value) and "secret" not in str(err.value)


def test_an_in_memory_database_works() -> None:
    with open_store("sqlite://") as store:
        Repository(store).create_session("s", articles(2))
        assert Repository(store).load_session("s").name == "s"


def test_a_newer_database_is_refused_and_left_untouched(db_path: Path) -> None:
    _filled(db_path)
    wal = db_path.with_name(db_path.name + "-wal")
    # The newer program is still running: its last change sits in the log.
    with contextlib.closing(_raw(db_path)) as newer:
        newer.execute("PRAGMA wal_autocheckpoint = 0")
        newer.execute("INSERT INTO schema_migrations VALUES (99, 'future', '2030-01-01')")
        before = (_digest(db_path), _digest(wal))
        with pytest.raises(DatabaseTooNew) as err:
            open_store(db_path)
        assert (_digest(db_path), _digest(wal)) == before
    assert "schema 99" in str(err.value) and str(db_path) in str(err.value)
    assert "newer Crosscheck" in str(err.value)
    assert not any("before" in p.name for p in backups.list_backups(db_path))
    with pytest.raises(DatabaseTooNew):  # and after it closed
        open_store(db_path)


def test_another_programs_sqlite_file_is_refused(tmp_path: Path) -> None:
    foreign = tmp_path / "photos.db"
    with _raw(foreign) as conn:
        conn.execute("CREATE TABLE photos (id INTEGER)")
    before = _digest(foreign)
    with pytest.raises(NotCrosscheckDatabase, match="no Crosscheck schema"):
        open_store(foreign)
    assert _digest(foreign) == before
    other_app = tmp_path / "other.db"
    with _raw(other_app) as conn:
        conn.execute("PRAGMA application_id = 1234")
        conn.execute("CREATE TABLE t (id INTEGER)")
    with pytest.raises(NotCrosscheckDatabase, match="application id"):
        open_store(other_app)


def _random_bytes(path: Path) -> None:
    path.write_bytes(os.urandom(8192))


def _text_file(path: Path) -> None:
    path.write_text("Three fighters were killed.\n" * 200)


def _truncated_half(path: Path) -> None:
    size = path.stat().st_size
    with path.open("r+b") as f:
        f.truncate(size // 2 // 4096 * 4096)


def _truncated_mid_page(path: Path) -> None:
    with path.open("r+b") as f:
        f.truncate(path.stat().st_size - 100)


def _scribbled_pages(path: Path) -> None:
    with path.open("r+b") as f:
        f.seek(4096)  # page 2 onwards: the schema and data b-trees
        f.write(b"\xde\xad\xbe\xef" * 4096)


def _header_gone(path: Path) -> None:
    with path.open("r+b") as f:
        f.write(b"\x00" * 100)


DAMAGE = {
    "random bytes": _random_bytes,
    "text file": _text_file,
    "truncated to half": _truncated_half,
    "truncated mid-page": _truncated_mid_page,
    "scribbled pages": _scribbled_pages,
    "header zeroed": _header_gone,
}


@pytest.fixture
def damaged_with_backup(db_path: Path) -> Iterator[tuple[Path, Path, list[str]]]:
    """A database with data, a good backup of it, then more data."""
    ids = _filled(db_path, notes=40)
    backup = backups.copy_database(
        db_path, backups.backups_dir(db_path) / "crosscheck-good.sqlite3"
    )
    with open_store(db_path) as store:
        session = Repository(store).load_session("s")
        Repository(store).add_annotation(annotation(session.articles[1]))
    yield db_path, backup, ids


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_a_damaged_file_is_never_overwritten_and_can_be_restored(
    damage: object, damaged_with_backup: tuple[Path, Path, list[str]]
) -> None:
    db_path, backup, ids = damaged_with_backup
    # Keep only the backup written by the fixture: the daily one of today
    # holds the empty database of the first change.
    for other in backups.list_backups(db_path):
        if other != backup:
            other.unlink()
    assert callable(damage)
    damage(db_path)
    damaged = _digest(db_path)
    for _ in range(2):  # refusing twice changes nothing either
        with pytest.raises(DatabaseDamaged) as err:
            open_store(db_path)
    message = str(err.value)
    assert str(db_path) in message and str(backup) in message and "crosscheck restore" in message
    assert err.value.backup == backup
    assert _digest(db_path) == damaged

    result = backups.restore(db_path)
    assert result.backup == backup
    assert _digest(result.set_aside[0]) == damaged  # renamed, never deleted
    with open_store(db_path) as store:
        restored = Repository(store).load_session("s")
        assert store.integrity_check() == ["ok"]
    assert {a.id for a in restored.annotations} == set(ids)


def test_damage_without_a_backup_says_how_to_rescue(db_path: Path) -> None:
    _filled(db_path)
    for old in backups.list_backups(db_path):
        old.unlink()
    _scribbled_pages(db_path)
    with pytest.raises(DatabaseDamaged, match="No good backup") as err:
        open_store(db_path)
    assert err.value.backup is None and ".recover" in str(err.value)


def test_an_empty_file_starts_a_new_database_unless_backups_exist(tmp_path: Path) -> None:
    fresh = tmp_path / "new.sqlite3"
    fresh.touch()
    with open_store(fresh) as store:
        assert store.schema_version() == migrations.SCHEMA_VERSION
    emptied = tmp_path / "emptied.sqlite3"
    _filled(emptied)
    backups.copy_database(emptied, backups.backups_dir(emptied) / "emptied-x.sqlite3")
    emptied.write_bytes(b"")
    with pytest.raises(DatabaseDamaged, match="empty"):
        open_store(emptied)
    assert emptied.stat().st_size == 0


def test_a_full_disk_loses_no_earlier_data(db_path: Path) -> None:
    ids = _filled(db_path, notes=5)
    with open_store(db_path) as store:
        # Cap the file at its current size: any growth is "disk full".
        @event.listens_for(store.engine, "connect")
        def _cap(dbapi_conn: sqlite3.Connection, _record: object) -> None:
            pages = dbapi_conn.execute("PRAGMA page_count").fetchone()[0]
            dbapi_conn.execute(f"PRAGMA max_page_count = {pages}")

        store.engine.dispose()
        repo = Repository(store)
        session = repo.load_session("s")
        big = annotation(session.articles[0], note="x" * 200_000)
        with pytest.raises(DiskFull) as err:
            repo.add_annotation(big)
        assert "full" in str(err.value) and "intact" in str(err.value)
        assert {a.id for a in repo.load_session("s").annotations} == set(ids)
    with open_store(db_path) as store:
        repo = Repository(store)
        assert store.integrity_check() == ["ok"]
        repo.add_annotation(big)  # once there is room again it works
        assert len(repo.load_session("s").annotations) == len(ids) + 1


def test_a_read_only_database_reads_and_refuses_writes_clearly(db_path: Path) -> None:
    # Tests run as root, which ignores file permissions: SQLite's mode=ro is
    # the same "cannot write" path a read-only file or folder takes.
    ids = _filled(db_path)
    before = _digest(db_path)
    for target in (db_path, f"sqlite:///file:{db_path}?mode=ro&uri=true"):
        with open_store(target, read_only=target == db_path) as store:
            repo = Repository(store)
            session = repo.load_session("s")
            assert {a.id for a in session.annotations} == set(ids)
            with pytest.raises(DatabaseReadOnly, match=r"(?i)cannot write"):
                repo.add_annotation(annotation(session.articles[0]))
    assert _digest(db_path) == before


def test_sqlite_refusing_a_write_gives_the_read_only_message(db_path: Path) -> None:
    ids = _filled(db_path)
    with open_store(db_path) as store:
        # What SQLite answers for a file or folder that turned read-only.
        @event.listens_for(store.engine, "connect")
        def _query_only(dbapi_conn: sqlite3.Connection, _record: object) -> None:
            dbapi_conn.execute("PRAGMA query_only = ON")

        store.engine.dispose()
        repo = Repository(store)
        session = repo.load_session("s")
        with pytest.raises(DatabaseReadOnly, match="file or its folder is read-only"):
            repo.add_annotation(annotation(session.articles[0]))
        assert {a.id for a in repo.load_session("s").annotations} == set(ids)


def test_a_read_only_folder_by_permissions(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root ignores permissions; the mode=ro test covers read-only access")
    folder = tmp_path / "locked-folder"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(DatabaseReadOnly, match="folder may be read-only"):
            open_store(folder / "db.sqlite3")
    finally:
        folder.chmod(0o755)


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "folder" / "db.sqlite3"
    with pytest.raises(StoreUnavailable, match="does not exist") as err:
        open_store(target)
    assert str(target.parent) in str(err.value)


def test_a_database_locked_by_another_writer(db_path: Path) -> None:
    ids = _filled(db_path)
    with open_store(db_path, busy_timeout_ms=100) as store:
        repo = Repository(store)
        session = repo.load_session("s")
        repo.add_annotation(annotation(session.articles[0]))  # today's backup done
        with contextlib.closing(_raw(db_path)) as other:
            other.execute("BEGIN EXCLUSIVE")
            other.execute("DELETE FROM annotations")
            # WAL: readers still see the last committed state.
            assert len(repo.load_session("s").annotations) == len(ids) + 1
            with pytest.raises(DatabaseLocked) as err:
                repo.add_annotation(annotation(session.articles[0]))
            assert "busy" in str(err.value) and "0.1 s" in str(err.value)
            other.execute("ROLLBACK")
        repo.add_annotation(annotation(session.articles[0]))
        assert len(repo.load_session("s").annotations) == len(ids) + 2


def test_a_database_held_exclusively_is_refused_at_open(db_path: Path) -> None:
    _filled(db_path)
    with contextlib.closing(_raw(db_path)) as other:
        other.execute("PRAGMA locking_mode = EXCLUSIVE")
        other.execute("BEGIN EXCLUSIVE")
        other.execute("UPDATE sessions SET name = name")
        other.execute("COMMIT")  # the exclusive lock stays until closed
        with pytest.raises(DatabaseLocked, match="another program"):
            open_store(db_path, busy_timeout_ms=100)
    with open_store(db_path) as store:
        assert Repository(store).load_session("s").name == "s"
