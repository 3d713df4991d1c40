"""A database in a folder the user cannot write (issue 12, point 11): it is
read wherever the file is readable, and a write says why it cannot be made.

The tests run as root, whom file permissions do not stop, so the program runs
as another user (``nobody``, through setpriv) on files root made read-only
for it; a test run by an ordinary user runs it as that user instead.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from models.repository import Repository
from models.store import open_store

from .helpers import annotation, articles

ROOT = Path(__file__).resolve().parents[3]
NOBODY = 65534
# Run as the other user: open, read, then try one write.
PROBE = """
import json, sys
from models.errors import StoreError
from models.repository import Repository
from models.store import open_store

result = {}
try:
    with open_store(sys.argv[1]) as store:
        repo = Repository(store)
        result["read_only"] = store.read_only
        result["sessions"] = [s.name for s in repo.list_sessions()]
        result["notes"] = len(repo.load_session("s").annotations)
        try:
            repo.delete_session("s")
            result["write"] = "done"
        except StoreError as exc:
            result["write"] = type(exc).__name__ + ": " + exc.message()
except StoreError as exc:
    result["open"] = type(exc).__name__ + ": " + exc.message()
print(json.dumps(result))
"""

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")


def _as_reader() -> list[str]:
    """The command prefix that runs a program as a user these permissions stop."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: no user whom permissions stop")
    return [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]


def _probe(target: str | Path) -> dict[str, Any]:
    result = subprocess.run(
        [*_as_reader(), sys.executable, "-c", PROBE, str(target)],
        capture_output=True,
        text=True,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        cwd="/",
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


@pytest.fixture
def folder() -> Iterator[Path]:
    """A folder outside root's private temporary tree, so the reader reaches it."""
    made = Path(tempfile.mkdtemp(prefix="crosscheck-ro-"))
    made.chmod(0o755)
    try:
        yield made
    finally:
        made.chmod(0o755)
        shutil.rmtree(made)


def _database(folder: Path, notes: int = 2) -> Path:
    db = folder / "crosscheck.sqlite3"
    with open_store(db) as store:
        repo = Repository(store)
        session = repo.create_session("s", articles(2))
        for _ in range(notes):
            repo.add_annotation(annotation(session.articles[0]))
    with contextlib.closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchall() == [("wal",)]  # at rest too
    shutil.rmtree(folder / "backups")
    return db


def _freeze(folder: Path, file_mode: int = 0o444) -> None:
    for path in folder.iterdir():
        path.chmod(file_mode)
    folder.chmod(0o555)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@posix_only
def test_a_wal_database_in_a_read_only_folder_is_read(folder: Path) -> None:
    db = _database(folder)
    _freeze(folder)
    before = _digest(db)
    for target, why in (
        (db, "The file is read-only for you"),
        (f"sqlite:///file:{db}?mode=ro", "mode=ro"),
    ):
        found = _probe(target)
        assert "open" not in found, found["open"]
        assert found["read_only"] and found["sessions"] == ["s"] and found["notes"] == 2
        assert found["write"].startswith("DatabaseReadOnly: Cannot write to the database")
        assert why in found["write"]
    assert sorted(p.name for p in folder.iterdir()) == ["crosscheck.sqlite3"]  # no -shm left
    assert _digest(db) == before


@posix_only
def test_a_writable_file_in_a_read_only_folder_says_the_folder_is_why(folder: Path) -> None:
    db = _database(folder)
    _freeze(folder, file_mode=0o666)
    found = _probe(db)
    assert found["notes"] == 2
    assert f"Its folder {folder} is read-only for you" in found["write"]


@posix_only
def test_a_log_with_changes_in_a_read_only_folder_is_explained(folder: Path) -> None:
    db = _database(folder)
    # A writer that died with changes still in its log, not yet in the file.
    writer = sqlite3.connect(db, isolation_level=None)
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("UPDATE sessions SET name = 'renamed'")
    shutil.copy(db.with_name(db.name + "-wal"), folder / "log")
    writer.close()  # checkpoints and deletes its log: put the copy back
    (folder / "log").rename(db.with_name(db.name + "-wal"))
    db.with_name(db.name + "-shm").unlink(missing_ok=True)
    _freeze(folder)
    found = _probe(db)
    assert found["open"].startswith("StoreUnavailable: Cannot read the database")
    assert "holds changes not yet written into the file" in found["open"]
    assert "copy the database and its -wal file" in found["open"]
