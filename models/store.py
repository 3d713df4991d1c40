"""Opening the database: where it is, how SQLite is set up, and what a failure
tells the user.

``open_store`` checks a SQLite file before writing a byte to it (header, size,
``quick_check``, application id, schema version), so a damaged, foreign or
newer file is left exactly as found.  Every write runs in its own short
transaction (``Store.write``), begun with ``BEGIN IMMEDIATE`` on SQLite so two
writers queue on the busy timeout instead of failing half-way.

A file this user may read but not write (its permissions, its folder's, a
read-only disk) is opened read-only: sessions can be listed, shown and
exported, and a write raises ``DatabaseReadOnly`` saying why.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import quote_from_bytes

import platformdirs
from sqlalchemy import Connection, Engine, create_engine, event, make_url, orm
from sqlalchemy.engine import URL
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError

from app.safe_text import has_undecodable, replace_undecodable
from models import backups, migrations
from models.errors import (
    BackupError,
    DatabaseDamaged,
    DatabaseLocked,
    DatabaseReadOnly,
    DiskFull,
    NotCrosscheckDatabase,
    StoreError,
    StoreUnavailable,
)
from models.private import create_private_file, make_private, private_folder

log = logging.getLogger(__name__)

ENV_VAR = "CROSSCHECK_DB"
APP_NAME = "crosscheck"
DEFAULT_FILE = "crosscheck.sqlite3"
DEFAULT_BUSY_TIMEOUT_MS = 5000
_WRITE = "crosscheck_write"  # execution option: begin with BEGIN IMMEDIATE
_URL_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")

# SQLite primary result codes (sqlite_errorcode & 0xFF).
_BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = 5, 6, 8, 10, 11, 13, 14, 26
# PostgreSQL SQLSTATEs worth a specific message.
_PG_LOCKED = {"55P03", "40P01", "57014"}  # lock timeout, deadlock, statement timeout
_PG_FULL = {"53100"}
_PG_READONLY = {"25006"}


def default_database_path() -> Path:
    return platformdirs.user_data_path(APP_NAME, appauthor=False) / DEFAULT_FILE


class Store:
    """An open database.  Use ``read()``/``write()`` for one short transaction
    each; ``models.repository`` wraps them in the operations the app needs."""

    def __init__(
        self,
        engine: Engine,
        *,
        where: str,
        path: Path | None,
        read_only: bool,
        busy_timeout_ms: int,
        read_only_why: str = "It was opened read-only",
    ) -> None:
        self.engine = engine
        self.where = where  # the database as shown to people
        self.path = path  # the SQLite file, None for a server or memory
        self.read_only = read_only
        self.read_only_why = read_only_why if read_only else ""
        self.busy_timeout_ms = busy_timeout_ms
        # The last backup failure, None once a backup was made: never fatal
        # (the change is saved without it), logged once per problem.
        self.backup_error: StoreError | None = None
        self._backed_up_on: date | None = None
        self._last_backup: backups.LastBackup | None = None  # None: not looked up yet

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def read(self) -> Iterator[orm.Session]:
        """One read transaction: a consistent snapshot of the database."""
        with (
            self.translated(),
            orm.Session(self.engine, expire_on_commit=False) as session,
            session.begin(),
        ):
            yield session

    @contextmanager
    def write(self) -> Iterator[orm.Session]:
        """One write transaction, committed when the block ends without error."""
        with self.write_connection() as conn, orm.Session(bind=conn) as session:
            yield session
            session.flush()

    def check_writable(self) -> None:
        """``DatabaseReadOnly`` (why, and what to do) on a read-only store:
        lets a command refuse before long work whose result it could not save."""
        if self.read_only:
            raise DatabaseReadOnly(self.where, self.read_only_why)

    @contextmanager
    def write_connection(self) -> Iterator[Connection]:
        self.check_writable()
        self._daily_backup()
        counted = self.path is not None and self.is_sqlite
        with self.translated(), self.engine.connect() as conn:
            conn.execution_options(**{_WRITE: True})
            with conn.begin():
                yield conn
                writes = _count_write(conn) if counted else 0
        if counted:
            self._recent_backup(writes)  # after the commit: the change is already safe

    @contextmanager
    def translated(self) -> Iterator[None]:
        """Turn driver errors that a person can act on into ``StoreError``s."""
        with translated(self.where, self.path, self.read_only, self.busy_timeout_ms):
            yield

    def _daily_backup(self) -> None:
        today = datetime.now(UTC).date()
        path = self.path
        if path is None or self._backed_up_on == today:
            return
        try:
            if path.stat().st_size == 0:
                return  # a new database: nothing to lose yet
        except FileNotFoundError:
            return  # a new database: nothing to lose yet
        except OSError:
            pass  # the backup reports it
        timeout_s = self.busy_timeout_ms / 1000
        if self._backing_up(lambda: backups.daily_backup(path, today, timeout_s=timeout_s)):
            self._backed_up_on = today
            self._last_backup = None  # the newest backup may have changed

    def _recent_backup(self, writes: int) -> None:
        path = self.path
        if path is None:
            return
        if self._last_backup is None:
            self._last_backup = backups.last_backup(path)
        if not backups.backup_due(self._last_backup, writes, time.time()):
            return
        timeout_s = self.busy_timeout_ms / 1000
        if self._backing_up(lambda: backups.recent_backup(path, timeout_s=timeout_s)):
            self._last_backup = backups.LastBackup(writes, time.time())

    def _backing_up(self, backup: Callable[[], object]) -> bool:
        """Whether ``backup()`` worked.  A failure is kept in ``backup_error``
        and logged once, never raised: a missing backup must not stop the
        user's change from being saved."""
        assert self.path is not None
        try:
            backup()
        except (BackupError, OSError) as exc:
            error = exc if isinstance(exc, BackupError) else backups.backup_failed(self.path, exc)
            if self.backup_error is None or self.backup_error.message() != error.message():
                log.warning("%s The change is saved all the same.", error.message())
            self.backup_error = error
            return False
        self.backup_error = None
        return True

    def integrity_check(self) -> list[str]:
        """``["ok"]`` when SQLite finds nothing wrong (always, on a server)."""
        if not self.is_sqlite:
            return ["ok"]
        with self.translated(), self.engine.connect() as conn:
            rows = conn.exec_driver_sql("PRAGMA integrity_check").scalars().all()
        return [str(r) for r in rows]

    def schema_version(self) -> int:
        with self.translated(), self.engine.connect() as conn:
            return migrations.read_version(conn, self.where)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


@contextmanager
def translated(
    where: str, path: Path | None, read_only: bool, busy_timeout_ms: int
) -> Iterator[None]:
    try:
        yield
    except DBAPIError as exc:
        err = translate(exc.orig, where, path, read_only, busy_timeout_ms)
        if err is None:
            raise
        raise err from exc
    except sqlite3.Error as exc:
        err = translate(exc, where, path, read_only, busy_timeout_ms)
        if err is None:
            raise
        raise err from exc


def translate(
    exc: BaseException | None, where: str, path: Path | None, read_only: bool, busy_ms: int
) -> StoreError | None:
    """The ``StoreError`` a driver error means for the user, if it is one they
    can act on (locked, full, read-only, damaged, unreachable)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return _translate_sqlite(code & 0xFF, str(exc), where, path, read_only, busy_ms)
    state = getattr(exc, "sqlstate", None)
    if isinstance(state, str):
        if state in _PG_LOCKED:
            return DatabaseLocked(where, busy_ms)
        if state in _PG_FULL:
            return DiskFull(where)
        if state in _PG_READONLY:
            return DatabaseReadOnly(where, "The server accepts no writes")
        if state.startswith(("08", "28", "3D")):
            return _unreachable(where, str(exc))
    elif type(exc).__name__ == "OperationalError" and type(exc).__module__.startswith("psycopg"):
        return _unreachable(where, str(exc))  # no server at that address
    return None


def _translate_sqlite(
    code: int, detail: str, where: str, path: Path | None, read_only: bool, busy_ms: int
) -> StoreError | None:
    if code in (_BUSY, _LOCKED):
        return DatabaseLocked(where, busy_ms)
    if code == _FULL:
        return DiskFull(where)
    if code == _READONLY:
        why = "It was opened read-only" if read_only else "The file or its folder is read-only"
        return DatabaseReadOnly(where, why)
    if code == _CANTOPEN:
        if path is not None and not path.parent.is_dir():
            return StoreUnavailable(
                where,
                f"cannot create the database {where}",
                f"The folder {path.parent} does not exist",
                "Create the folder or choose another location with --db PATH",
            )
        if path is not None and read_only and not path.exists():
            return StoreUnavailable(where, f"the database {where} does not exist")
        return DatabaseReadOnly(
            where,
            "SQLite could not open or create the file, or the log it keeps beside it "
            f"({detail}); the folder may be read-only",
        )
    if code in (_CORRUPT, _NOTADB) and path is not None:
        return DatabaseDamaged(path, f"SQLite reports: {detail}", backups.newest_good_backup(path))
    if code == _IOERR:
        return StoreUnavailable(
            where,
            f"reading or writing the database {where} failed",
            f"The system reported: {detail}",
            "Check that the disk is present and has free space, then try again",
        )
    return None


def _unreachable(where: str, detail: str) -> StoreUnavailable:
    return StoreUnavailable(
        where,
        f"cannot reach the database {where}",
        f"The server said: {' '.join(detail.split())}",
        "Check that the server is running and the URL, user and password are right",
    )


def resolve(target: str | os.PathLike[str] | None) -> tuple[URL, Path | None, bool]:
    """The URL to open, the SQLite file behind it (if any) and whether the URL
    asks for read-only access.  ``target`` wins over $CROSSCHECK_DB, which wins
    over the platform's user data folder."""
    if target is None:
        target = os.environ.get(ENV_VAR) or None
    if target is None:
        path = default_database_path()
        # Crosscheck's own folder: private, even if an older version made it 0755.
        private_folder(path.parent)
        make_private(path.parent)
        return _file_url(path, read_only=False), path, False
    spec = os.fspath(target)
    if not _URL_RE.match(spec):
        path = Path(spec).expanduser().absolute()
        return _file_url(path, read_only=False), path, False
    try:
        url = make_url(spec)
    except ArgumentError as exc:
        raise StoreUnavailable(spec, f"{spec!r} is not a database URL or path", str(exc)) from exc
    if url.get_backend_name() != "sqlite":
        if has_undecodable(spec):
            raise StoreUnavailable(
                spec,
                f"the database URL {replace_undecodable(spec)!r} holds bytes that are not UTF-8",
                "A server's address, user and password are text; those bytes came from a "
                "terminal or file in another encoding",
                "Give the URL again as UTF-8 text",
            )
        return url, None, False
    database = url.database or ""
    if database in ("", ":memory:") or "mode=memory" in database:
        return url, None, False
    if database.startswith("file:"):
        read_only = url.query.get("mode") == "ro"
        path = Path(database.removeprefix("file:")).expanduser().absolute()
        return _file_url(path, read_only=read_only), path, read_only
    path = Path(database).expanduser().absolute()
    return _file_url(path, read_only=False), path, False


def _file_url(path: Path, *, read_only: bool, options: dict[str, str] | None = None) -> URL:
    if not read_only:
        return URL.create("sqlite+pysqlite", database=str(path))
    return URL.create(
        "sqlite+pysqlite",
        # The file's own bytes, percent-encoded: its name may not be UTF-8.
        database="file:" + quote_from_bytes(os.fsencode(path)),
        query=(options or {"mode": "ro"}) | {"uri": "true"},
    )


def _not_writable(path: Path) -> str | None:
    """Why this user cannot write to the existing database ``path`` (it is
    then opened read-only, so it can still be read), or ``None``."""
    if not path.is_file():
        return None  # a new database: creating it reports a read-only folder
    if not os.access(path, os.W_OK):
        return "The file is read-only for you (its permissions, or a read-only disk)"
    if not os.access(path.parent, os.W_OK):
        return (
            f"Its folder {path.parent} is read-only for you, and SQLite writes the "
            "log of every change beside the database"
        )
    return None


def open_store(
    target: str | os.PathLike[str] | None = None,
    *,
    read_only: bool = False,
    busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
) -> Store:
    """Open (creating or upgrading as needed) the database at ``target``: a
    path or any SQLAlchemy URL; ``None`` means $CROSSCHECK_DB, then the
    default file in the user data folder."""
    url, path, url_read_only = resolve(target)
    read_only = read_only or url_read_only
    why = "Its URL asks for read-only access (mode=ro)" if url_read_only else ""
    why = why or "It was opened read-only"
    if path is not None and not read_only and (found := _not_writable(path)):
        # Reading works wherever the file is readable; a write says why not.
        read_only, why = True, found
    where = str(path) if path is not None else url.render_as_string(hide_password=True)
    if path is not None:
        _check_file(path, where, busy_timeout_ms)
        if read_only:
            options = _read_only_options(path, where, busy_timeout_ms)
            url = _file_url(path, read_only=True, options=options)
        else:
            # Created 0600 here, not by SQLite under the umask; SQLite gives its
            # -wal, -shm and -journal files the same mode.
            create_private_file(path)
    try:
        engine = _create_engine(url, busy_timeout_ms)
    except (ImportError, SQLAlchemyError) as exc:
        raise StoreUnavailable(
            where,
            f"cannot open the database {where}",
            str(exc),
            "For PostgreSQL install the driver: pip install 'psycopg[binary]'",
        ) from exc
    store = Store(
        engine,
        where=where,
        path=path,
        read_only=read_only,
        busy_timeout_ms=busy_timeout_ms,
        read_only_why=why,
    )
    try:
        _prepare(store)
    except BaseException:
        engine.dispose()
        raise
    return store


def _check_file(path: Path, where: str, busy_timeout_ms: int) -> None:
    """Refuse a file that is damaged or not ours, before anything writes to it."""
    try:
        if not path.exists():
            return
        if path.stat().st_size == 0 and not backups.list_backups(path):
            return  # an empty file where a new database may start
        problem = backups.file_problem(path, timeout_s=busy_timeout_ms / 1000)
        if problem is None:
            app_id = _application_id(path)
            if app_id not in (0, migrations.APPLICATION_ID):
                raise NotCrosscheckDatabase(where, f"its SQLite application id is {app_id:#x}")
            # Before any read-write connection: closing one may checkpoint the
            # newer program's log into the file.
            migrations.refuse_newer(_stored_version(path, busy_timeout_ms / 1000), where)
            return
    except OSError as exc:
        raise StoreUnavailable(where, f"cannot read the database {where}", str(exc)) from exc
    except sqlite3.Error as exc:
        err = translate(exc, where, path, False, busy_timeout_ms)
        raise (err or StoreUnavailable(where, f"cannot open {where}", str(exc))) from exc
    raise DatabaseDamaged(path, problem, backups.newest_good_backup(path))


def _read_only_options(path: Path, where: str, busy_timeout_ms: int) -> dict[str, str] | None:
    """``backups.read_only_options``, or ``None`` for a file not there yet
    (opening it then reports that it does not exist)."""
    if not path.is_file():
        return None
    try:
        return backups.read_only_options(path, busy_timeout_ms / 1000)
    except sqlite3.Error as exc:
        err = translate(exc, where, path, True, busy_timeout_ms)
        raise (err or StoreUnavailable(where, f"cannot open {where}", str(exc))) from exc


def _count_write(conn: Connection) -> int:
    """Count one more committed change in the database itself (see
    ``models.backups``); returns the new count."""
    pragma = backups.WRITE_COUNT
    count = int(conn.exec_driver_sql(f"PRAGMA {pragma}").scalar_one()) + 1
    conn.exec_driver_sql(f"PRAGMA {pragma} = {count}")
    return count


def _stored_version(path: Path, timeout_s: float) -> int:
    with closing(backups.connect_read_only(path, timeout_s)) as conn:
        if not conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
        ).fetchall():
            return 0
        return int(conn.execute("SELECT max(version) FROM schema_migrations").fetchall()[0][0] or 0)


def _application_id(path: Path) -> int:
    with path.open("rb") as f:
        f.seek(68)
        return int.from_bytes(f.read(4), "big", signed=True)


def _create_engine(url: URL, busy_timeout_ms: int) -> Engine:
    if url.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": busy_timeout_ms / 1000})
        _configure_sqlite(engine, busy_timeout_ms)
    else:
        engine = create_engine(url, pool_pre_ping=True)
        if url.get_backend_name() == "postgresql":
            _configure_postgresql(engine, busy_timeout_ms)
    return engine


def _configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # SQLAlchemy, not the sqlite3 module, decides where transactions begin.
        dbapi_conn.isolation_level = None
        with closing(dbapi_conn.cursor()) as cur:
            cur.execute("PRAGMA foreign_keys = ON")
            cur.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            cur.execute("PRAGMA synchronous = FULL")

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get(_WRITE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _configure_postgresql(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        with closing(dbapi_conn.cursor()) as cur:
            cur.execute(f"SET lock_timeout = {int(busy_timeout_ms)}")
        dbapi_conn.commit()


def _prepare(store: Store) -> None:
    """Check the schema version, switch SQLite to WAL, create or migrate."""
    engine, where = store.engine, store.where
    with store.translated(), engine.connect() as conn:
        found = migrations.read_version(conn, where)
    migrations.refuse_newer(found, where)
    if store.read_only:
        if found < migrations.SCHEMA_VERSION:
            raise DatabaseReadOnly(
                where,
                f"{store.read_only_why}; it needs upgrading to schema "
                f"{migrations.SCHEMA_VERSION} before this version can use it, which means "
                "writing to it",
            )
        return
    if store.is_sqlite:
        with (
            store.translated(),
            closing(engine.raw_connection()) as raw,
            closing(raw.cursor()) as cur,
        ):
            cur.execute("PRAGMA journal_mode")
            if str(cur.fetchall()[0][0]).lower() != "wal":
                cur.execute("PRAGMA journal_mode = WAL")
                cur.fetchall()
    with store.translated():
        migrations.upgrade(engine, where, store.path, store.write_connection)
