"""Source paths that are not UTF-8 (issue 12, point 7): stored so they still
find their file, on SQLite and on a server alike."""

from __future__ import annotations

import hashlib
import os
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from app.sources import SourceState, source_state
from models import codec
from models.repository import Repository
from models.store import open_store

from .helpers import articles, comparison

posix_names = pytest.mark.skipif(
    sys.platform == "win32", reason="Windows file names are UTF-16, never raw bytes"
)


@pytest.mark.parametrize(
    "path",
    [
        "/news/plain.txt",
        "/news/café ✓.txt",
        os.fsdecode(b"/news/caf\xe9 100%.txt"),
        "file:looks-like-a-uri.txt",  # stored encoded too, so it reads back as itself
        os.fsdecode(b"/news/\xff\xfe/%E9.txt"),
    ],
)
def test_path_encoding_round_trips(path: str) -> None:
    stored = codec.encode_path(path)
    stored.encode("utf-8")  # never raises: the database takes it
    assert codec.decode_path(stored) == path
    plain = path.startswith("/") and path.encode("utf-8", "replace").decode() == path
    # A UTF-8 path stays readable in the database; only the others are encoded.
    assert (stored == path) is plain


@posix_names
def test_a_session_keeps_the_exact_bytes_of_a_source_path(repo: Repository, tmp_path: Path) -> None:
    data = b"Three fighters were killed on Thursday."
    source = tmp_path / os.fsdecode(b"r\xe9sum\xe9 \xff.txt")
    source.write_bytes(data)
    first, second = articles(2)
    first = replace(
        first,
        title="r\ufffdsum\ufffd",
        source=replace(
            first.source, path=str(source), sha256=hashlib.sha256(data).hexdigest(), size=len(data)
        ),
    )
    items = [first, second]
    repo.create_session("latin-1 names", items, comparison(items))
    session, cached = repo.open_session("latin-1 names")
    stored = session.articles[0].article.source
    assert stored.path == str(source)
    assert os.fsencode(stored.path) == os.fsencode(source)
    assert source_state(stored) is SourceState.UNCHANGED  # it still finds its file
    assert cached is not None and len(cached.relations) == 2
    assert [s.name for s in repo.list_sessions()] == ["latin-1 names"]


@posix_names
def test_a_read_only_url_to_a_file_named_in_latin_1(tmp_path: Path) -> None:
    db = tmp_path / os.fsdecode(b"r\xe9daction.sqlite3")
    with open_store(db) as store:
        Repository(store).create_session("s", articles(2))
    with open_store(f"sqlite:///file:{db}?mode=ro") as store:
        assert store.read_only
        assert [s.name for s in Repository(store).list_sessions()] == ["s"]
