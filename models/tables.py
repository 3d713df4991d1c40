"""The tables, as typed SQLAlchemy 2 declarative classes.

Rows never leave ``models/``: the repository turns them into the frozen
dataclasses of ``app.session`` and ``app.domain``.  A fresh database gets this
schema in one go (``migrations.py`` stamps it with ``SCHEMA_VERSION``); an older
one reaches it through the ordered migrations, and a test checks both roads end
at the same schema.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    BigInteger,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class UtcDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, on every backend.

    SQLite has no time zones, so the value is stored as naive UTC; a naive
    value given to the store is taken to be UTC already.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None or value.tzinfo is None:
            return value
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


# Stable constraint names: migrations can refer to them on every backend.
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

HASH = String(64)  # hex SHA-256
KEY = String(32)  # uuid4 hex
NAME_MAX = 200


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UtcDateTime(),
        date: Date(),
        str: Text(),
    }


class SchemaMigration(Base):
    """One row per schema version the database went through."""

    __tablename__ = "schema_migrations"

    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    description: Mapped[str]
    applied: Mapped[datetime]


class SessionRow(Base):
    __tablename__ = "sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX), unique=True)
    created: Mapped[datetime]
    updated: Mapped[datetime]


class ArticleRow(Base):
    __tablename__ = "articles"
    __table_args__ = (UniqueConstraint("session_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    key: Mapped[str] = mapped_column(KEY, unique=True)
    title: Mapped[str]
    text: Mapped[str]
    source_path: Mapped[str]
    format: Mapped[str] = mapped_column(String(32))
    encoding: Mapped[str] = mapped_column(String(64))
    source_sha256: Mapped[str] = mapped_column(HASH)
    text_sha256: Mapped[str] = mapped_column(HASH)
    size: Mapped[int] = mapped_column(BigInteger)
    published: Mapped[date | None]
    imported: Mapped[datetime]


class AnalysisRow(Base):
    """A cached ``Comparison``, so reopening a session never re-runs the NLP.

    ``texts_key`` hashes the session's article text hashes in order: the row is
    only used while the session still holds exactly those texts.
    """

    __tablename__ = "analyses"
    __table_args__ = (UniqueConstraint("session_id", "texts_key", "engine", "settings_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    texts_key: Mapped[str] = mapped_column(HASH)
    engine: Mapped[str] = mapped_column(String(100))
    settings_key: Mapped[str] = mapped_column(String(NAME_MAX))
    # Added by migration 2, so listing sessions need not parse every document.
    relation_count: Mapped[int] = mapped_column(server_default=text("0"))
    document: Mapped[str]  # JSON, see models/codec.py
    created: Mapped[datetime]


class VerdictRow(Base):
    __tablename__ = "verdicts"
    # The key quotes claim texts and can outgrow an index entry (PostgreSQL
    # caps those near 2.7 kB), so uniqueness goes through its hash.
    __table_args__ = (UniqueConstraint("session_id", "relation_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    relation_hash: Mapped[str] = mapped_column(HASH)
    relation_key: Mapped[str]
    verdict: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str | None] = mapped_column(String(16))
    note: Mapped[str]
    updated: Mapped[datetime]


class AnnotationRow(Base):
    __tablename__ = "annotations"

    id: Mapped[str] = mapped_column(KEY, primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    exact: Mapped[str]
    prefix: Mapped[str]
    suffix: Mapped[str]
    # "start"/"end" are SQL keywords; plain names keep hand-written SQL simple.
    anchor_start: Mapped[int]
    anchor_end: Mapped[int]
    text_sha256: Mapped[str] = mapped_column(HASH)
    note: Mapped[str]
    tag: Mapped[str] = mapped_column(String(NAME_MAX))
    status: Mapped[str] = mapped_column(String(16))
    author: Mapped[str] = mapped_column(String(NAME_MAX))
    created: Mapped[datetime]
    updated: Mapped[datetime]
    state: Mapped[str] = mapped_column(String(16))
    relation_key: Mapped[str | None]
    version: Mapped[int] = mapped_column(Integer)
