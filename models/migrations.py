"""Schema versions and the ordered migrations between them.

Version 1 is the first release's schema.  A new, empty database is created at
the newest schema in one go (``tables.py``) and stamped with every version; an
existing older one is first copied to ``backups/`` with the SQLite backup API,
then taken through each later migration, all in one transaction.  A database
stamped with a version newer than ``SCHEMA_VERSION`` is refused before
anything is written to it.

Migrations are plain SQL frozen at the time they were written: they must not
use ``tables.py``, which describes only the newest schema.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, insert, inspect, text
from sqlalchemy.exc import SQLAlchemyError

from models import backups, codec
from models.errors import DatabaseTooNew, MigrationFailed, NotCrosscheckDatabase
from models.tables import Base, SchemaMigration

# PRAGMA application_id of every Crosscheck SQLite file: "XChk".
APPLICATION_ID = int.from_bytes(b"XChk", "big")
BASELINE = 1


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    description: str
    apply: Callable[[Connection], None]


def _add_relation_count(conn: Connection) -> None:
    conn.execute(text("ALTER TABLE analyses ADD COLUMN relation_count INTEGER NOT NULL DEFAULT 0"))
    for row_id, document in conn.execute(text("SELECT id, document FROM analyses")).all():
        conn.execute(
            text("UPDATE analyses SET relation_count = :n WHERE id = :id"),
            {"n": codec.relation_count(document), "id": row_id},
        )


MIGRATIONS: tuple[Migration, ...] = (
    Migration(2, "count relations of cached analyses", _add_relation_count),
)
SCHEMA_VERSION = MIGRATIONS[-1].version if MIGRATIONS else BASELINE
_DESCRIPTIONS = {BASELINE: "initial schema"} | {m.version: m.description for m in MIGRATIONS}
_OUR_TABLES = frozenset(Base.metadata.tables)


def read_version(conn: Connection, where: str) -> int:
    """The database's schema version; 0 for an empty database.  Refuses a
    database that belongs to another program."""
    if conn.dialect.name == "sqlite":
        app_id = conn.exec_driver_sql("PRAGMA application_id").scalar_one()
        if app_id not in (0, APPLICATION_ID):
            raise NotCrosscheckDatabase(where, f"its SQLite application id is {app_id:#x}")
    tables = set(inspect(conn).get_table_names())
    if SchemaMigration.__tablename__ in tables:
        found = conn.execute(text("SELECT max(version) FROM schema_migrations")).scalar()
        return int(found or 0)
    # A server database may hold other programs' tables beside ours; a SQLite
    # file is ours alone.
    strangers = tables & _OUR_TABLES if conn.dialect.name != "sqlite" else tables
    if strangers:
        raise NotCrosscheckDatabase(
            where, f"it has tables ({', '.join(sorted(strangers))}) but no Crosscheck schema"
        )
    return 0


def refuse_newer(version: int, where: str) -> None:
    if version > SCHEMA_VERSION:
        raise DatabaseTooNew(where, version, SCHEMA_VERSION)


def upgrade(
    engine: Engine,
    where: str,
    db_path: Path | None,
    write: Callable[[], AbstractContextManager[Connection]],
) -> int:
    """Bring the database to ``SCHEMA_VERSION``; returns the version found.

    ``write`` opens the store's write transaction (``BEGIN IMMEDIATE`` on
    SQLite), so two programs opening one old database migrate it once.
    """
    with engine.connect() as conn:
        found = read_version(conn, where)
    refuse_newer(found, where)
    if found == SCHEMA_VERSION:
        return found
    backup = None
    if found and db_path is not None:
        backup = backups.pre_migration_backup(db_path, found, SCHEMA_VERSION)
    try:
        with write() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": APPLICATION_ID})
            current = read_version(conn, where)  # another program may have done it
            refuse_newer(current, where)
            if current == 0:
                _create(conn)
            else:
                for migration in MIGRATIONS:
                    if migration.version > current:
                        migration.apply(conn)
                        _stamp(conn, migration.version)
    except SQLAlchemyError as exc:
        raise MigrationFailed(where, SCHEMA_VERSION, str(exc), backup) from exc
    return found


def _create(conn: Connection) -> None:
    Base.metadata.create_all(conn)
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
    for version in range(BASELINE, SCHEMA_VERSION + 1):
        _stamp(conn, version)


def _stamp(conn: Connection, version: int) -> None:
    conn.execute(
        insert(SchemaMigration).values(
            version=version, description=_DESCRIPTIONS[version], applied=datetime.now(UTC)
        )
    )
