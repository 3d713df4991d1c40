"""Schema versions: a fresh database, an upgrade from the first release's
schema, a failed migration, and the backups taken around them."""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, create_engine, inspect, text

from models import backups, codec, migrations
from models.errors import BackupError, MigrationFailed
from models.migrations import Migration
from models.repository import Repository, sha256_hex, texts_key
from models.store import open_store

from .helpers import annotation, articles, comparison

V1_SCHEMA = Path(__file__).parent / "fixtures" / "schema_v1.sql"


def _v1_database(path: Path) -> None:
    """A database as the first release left it: one session, two articles,
    an annotation and a cached analysis with two relations."""
    items = [replace(a, id=letter) for a, letter in zip(articles(2), "AB", strict=True)]
    texts = [a.text for a in items]
    doc = codec.encode_comparison(comparison(items))
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.executescript(V1_SCHEMA.read_text())
        conn.execute(
            "INSERT INTO sessions VALUES (1, 'old session', '2025-01-01 10:00:00.000000', "
            "'2025-01-02 10:00:00.000000')"
        )
        for position, body in enumerate(texts):
            conn.execute(
                "INSERT INTO articles VALUES (?, 1, ?, ?, 'Title', ?, '/news/x.txt', 'txt', "
                "'utf-8', ?, ?, 10, NULL, '2025-01-01 10:00:00.000000')",
                (position + 1, position, f"{position:032x}", body, "0" * 64, sha256_hex(body)),
            )
        conn.execute(
            "INSERT INTO annotations VALUES ('a1', 1, 'killed', '', '', 0, 6, ?, 'check', "
            "'discrepancy', 'open', 'me', '2025-01-01 10:00:00.000000', "
            "'2025-01-01 10:00:00.000000', 'anchored', NULL, 1)",
            (sha256_hex(texts[0]),),
        )
        conn.execute(
            "INSERT INTO analyses VALUES (1, 1, ?, 'crosscheck test', 'k', ?, "
            "'2025-01-01 10:00:00.000000')",
            (texts_key([sha256_hex(t) for t in texts]), doc),
        )


def _schema(url: str) -> dict[str, Any]:
    """Tables, columns, indexes and constraints as SQLAlchemy sees them."""
    engine = create_engine(url)
    try:
        insp = inspect(engine)
        return {
            table: {
                "columns": sorted(
                    (c["name"], str(c["type"]), c["nullable"], str(c.get("default")))
                    for c in insp.get_columns(table)
                ),
                "indexes": sorted(
                    (i["name"], tuple(i["column_names"])) for i in insp.get_indexes(table)
                ),
                "unique": sorted(
                    tuple(u["column_names"]) for u in insp.get_unique_constraints(table)
                ),
                "fks": sorted(
                    (tuple(f["constrained_columns"]), f["referred_table"], str(f["options"]))
                    for f in insp.get_foreign_keys(table)
                ),
            }
            for table in insp.get_table_names()
        }
    finally:
        engine.dispose()


def test_a_new_database_is_stamped_with_every_version(db_path: Path) -> None:
    with open_store(db_path) as store:
        assert store.schema_version() == migrations.SCHEMA_VERSION
    with contextlib.closing(sqlite3.connect(db_path)) as conn:
        stamped = [v for (v,) in conn.execute("SELECT version FROM schema_migrations")]
    assert stamped == list(range(1, migrations.SCHEMA_VERSION + 1))
    assert not any("before" in p.name for p in backups.list_backups(db_path))


def test_the_first_release_schema_upgrades_keeping_everything(
    db_path: Path, tmp_path: Path
) -> None:
    _v1_database(db_path)
    with open_store(db_path) as store:
        assert store.schema_version() == migrations.SCHEMA_VERSION
        repo = Repository(store)
        session = repo.load_session("old session")
        assert [a.article.id for a in session.articles] == ["A", "B"]
        assert [n.id for n in session.annotations] == ["a1"]
        (summary,) = repo.list_sessions()
        assert summary.relations == 2  # backfilled by migration 2
        assert repo.load_comparison("old session") is not None
        assert store.integrity_check() == ["ok"]
    # The copy taken before the upgrade is verified and still at schema 1.
    (before,) = [p for p in backups.list_backups(db_path) if "schema1-before2" in p.name]
    assert backups.file_problem(before, full=True) is None
    with contextlib.closing(sqlite3.connect(before)) as conn:
        assert conn.execute("SELECT max(version) FROM schema_migrations").fetchone() == (1,)
    # Upgraded and fresh databases end at the same schema.
    fresh = tmp_path / "fresh.sqlite3"
    open_store(fresh).close()
    assert _schema(f"sqlite:///{db_path}") == _schema(f"sqlite:///{fresh}")


def test_a_failed_migration_leaves_the_database_as_it_was(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _v1_database(db_path)

    def broken(conn: Connection) -> None:
        conn.execute(text("CREATE TABLE half_done (x INTEGER)"))
        conn.execute(text("SELECT * FROM no_such_table"))

    steps = (*migrations.MIGRATIONS, Migration(3, "broken", broken))
    monkeypatch.setattr(migrations, "MIGRATIONS", steps)
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 3)
    with pytest.raises(MigrationFailed) as err:
        open_store(db_path)
    assert "schema 3" in str(err.value) and "schema1-before3" in str(err.value)
    with contextlib.closing(sqlite3.connect(db_path)) as conn:
        assert conn.execute("SELECT max(version) FROM schema_migrations").fetchone() == (1,)
        tables = {t for (t,) in conn.execute("SELECT name FROM sqlite_master")}
        columns = {c[1] for c in conn.execute("PRAGMA table_info(analyses)")}
    assert "half_done" not in tables and "relation_count" not in columns
    monkeypatch.undo()
    with open_store(db_path) as store:  # the real migrations still work
        assert Repository(store).load_session("old session").name == "old session"


def test_daily_backups_keep_the_last_seven_verified(db_path: Path) -> None:
    with open_store(db_path) as store:
        Repository(store).create_session("s", articles(2))
    for existing in backups.list_backups(db_path):
        existing.unlink()
    first = date(2025, 1, 1)
    for day in range(10):
        assert backups.daily_backup(db_path, first + timedelta(days=day)) is not None
    assert backups.daily_backup(db_path, first + timedelta(days=9)) is None  # one a day
    dailies = sorted(p.name for p in backups.list_backups(db_path) if "-daily-2025" in p.name)
    assert dailies == [f"crosscheck-daily-2025-01-{d:02d}.sqlite3" for d in range(4, 11)]
    for name in dailies:
        assert backups.file_problem(backups.backups_dir(db_path) / name, full=True) is None


def test_the_first_change_of_the_day_backs_up_the_state_before_it(db_path: Path) -> None:
    with open_store(db_path) as store:
        Repository(store).create_session("s", articles(2))
    today = backups.backups_dir(db_path) / f"crosscheck-daily-{datetime.now(UTC).date()}.sqlite3"
    today.unlink()  # as if the session had been made yesterday
    with open_store(db_path) as store:
        repo = Repository(store)
        session = repo.load_session("s")
        repo.add_annotation(annotation(session.articles[0]))
        repo.add_annotation(annotation(session.articles[0]))
    assert today.exists()
    with open_store(today, read_only=True) as backup:
        kept = Repository(backup).load_session("s")
    assert kept.annotations == () and kept.articles == session.articles


def test_a_failed_daily_backup_does_not_stop_the_change(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_store(db_path) as store:
        Repository(store).create_session("s", articles(1))

    def no_room(*_args: object, **_kw: object) -> None:
        raise BackupError(str(db_path), "could not write the backup", "No space left")

    monkeypatch.setattr(backups, "daily_backup", no_room)
    with open_store(db_path) as store:
        store._backed_up_on = None
        repo = Repository(store)
        session = repo.load_session("s")
        repo.add_annotation(annotation(session.articles[0]))
        assert store.backup_error is not None and "No space" in str(store.backup_error)
        assert len(repo.load_session("s").annotations) == 1
