"""Stores for the tests: a SQLite file in a temporary folder, and PostgreSQL
when ``CROSSCHECK_TEST_PG_URL`` names a database the tests may wipe."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from models.repository import Repository
from models.store import Store, open_store
from models.tables import Base

PG_ENV = "CROSSCHECK_TEST_PG_URL"


def _wipe_postgresql(url: str) -> None:
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            for table in reversed(Base.metadata.sorted_tables):
                conn.execute(text(f'DROP TABLE IF EXISTS "{table.name}" CASCADE'))
    finally:
        engine.dispose()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "crosscheck.sqlite3"


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, db_path: Path) -> str:
    if request.param == "sqlite":
        return str(db_path)
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"PostgreSQL not tested: set {PG_ENV} to a database URL the tests may wipe")
    _wipe_postgresql(url)
    return url


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with open_store(store_url) as opened:
        yield opened


@pytest.fixture
def repo(store: Store) -> Repository:
    return Repository(store)
