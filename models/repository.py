"""What the app stores and reads back, in its own dataclasses.

Every public method of ``Repository`` is one short transaction: a user action
is committed when the method returns, and nothing is ever left unsaved.  ORM
rows never leave this module; callers get ``app.session``/``app.domain``
objects.  Methods that remove something return what they removed, so an undo
can put it back exactly (same keys, same ids).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import CursorResult, Row, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session as Db

from app.domain import Article, Comparison, RelationKind, Settings, Source
from app.editing.commands import clean_session_name
from app.errors import InputError
from app.session import (
    Anchor,
    AnchorState,
    Annotation,
    AnnotationStatus,
    RelationVerdict,
    Session,
    SessionArticle,
    Verdict,
    article_letter,
)
from models import codec
from models.errors import AlreadyExists, ConcurrentEdit, NotFound, StaleAnalysis
from models.store import Store
from models.tables import (
    AnalysisRow,
    AnnotationRow,
    ArticleRow,
    SessionRow,
    VerdictRow,
)


@dataclass(frozen=True, slots=True)
class SessionSummary:
    name: str
    articles: int
    annotations: int
    relations: int | None  # None: no analysis cached for the current articles
    created: datetime
    updated: datetime


def _utcnow() -> datetime:
    return datetime.now(UTC)


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def texts_key(text_hashes: Sequence[str]) -> str:
    """Names an ordered set of article texts: the cache key of an analysis."""
    return sha256_hex("\n".join(text_hashes))


def check_session_name(name: str) -> None:
    """The store keeps only names the editing commands would produce."""
    if clean_session_name(name) != name:
        raise InputError(
            f"{name!r} cannot be a session name",
            "A name has no spaces at either end",
            "Choose another name",
        )


class Repository:
    def __init__(self, store: Store, *, clock: Callable[[], datetime] = _utcnow) -> None:
        self.store = store
        self._clock = clock

    # -- sessions ---------------------------------------------------------

    def list_sessions(self) -> list[SessionSummary]:
        with self.store.read() as db:
            sessions = db.scalars(select(SessionRow).order_by(SessionRow.name)).all()
            hashes: dict[int, list[str]] = {}
            for session_id, text_hash in db.execute(
                select(ArticleRow.session_id, ArticleRow.text_sha256).order_by(
                    ArticleRow.session_id, ArticleRow.position
                )
            ):
                hashes.setdefault(session_id, []).append(text_hash)
            notes: dict[int, int] = {
                session_id: count
                for session_id, count in db.execute(
                    select(ArticleRow.session_id, func.count(AnnotationRow.id))
                    .join(AnnotationRow, AnnotationRow.article_id == ArticleRow.id)
                    .group_by(ArticleRow.session_id)
                )
            }
            relations: dict[tuple[int, str], int] = {}
            for session_id, key, count in db.execute(
                select(
                    AnalysisRow.session_id, AnalysisRow.texts_key, AnalysisRow.relation_count
                ).order_by(AnalysisRow.created, AnalysisRow.id)
            ):
                relations[session_id, key] = count  # the newest wins
        return [
            SessionSummary(
                name=s.name,
                articles=len(hashes.get(s.id, ())),
                annotations=notes.get(s.id, 0),
                relations=relations.get((s.id, texts_key(hashes.get(s.id, [])))),
                created=s.created,
                updated=s.updated,
            )
            for s in sessions
        ]

    def find_session(self, text_hashes: Sequence[str]) -> str | None:
        """The most recently updated session holding exactly these texts (by
        hash, in this order), if any: opening the same files again resumes it."""
        wanted = list(text_hashes)
        with self.store.read() as db:
            found: dict[int, list[str]] = {}
            for session_id, text_hash in db.execute(
                select(ArticleRow.session_id, ArticleRow.text_sha256).order_by(
                    ArticleRow.session_id, ArticleRow.position
                )
            ):
                found.setdefault(session_id, []).append(text_hash)
            ids = [session_id for session_id, hashes in found.items() if hashes == wanted]
            if not ids:
                return None
            return db.scalar(
                select(SessionRow.name)
                .where(SessionRow.id.in_(ids))
                .order_by(SessionRow.updated.desc(), SessionRow.id.desc())
                .limit(1)
            )

    def create_session(
        self, name: str, articles: Sequence[Article], comparison: Comparison | None = None
    ) -> Session:
        """A new session holding ``articles`` in this order (their ids become
        A, B, ... by position), with ``comparison`` (made from those articles)
        cached for it in the same transaction: all of it is stored, or none."""
        now = self._clock()
        session = Session(
            name=name,
            created=now,
            updated=now,
            articles=tuple(
                _new_session_article(article, position, now)
                for position, article in enumerate(articles)
            ),
        )
        self.insert_session(session, comparison)
        return session

    def insert_session(self, session: Session, comparison: Comparison | None = None) -> None:
        """Store a whole session as given, keys and ids included (the undo of
        ``delete_session``), and ``comparison``, if given, in the same transaction."""
        check_session_name(session.name)
        document = codec.encode_comparison(comparison) if comparison is not None else None
        with self._unique(session.name), self.store.write() as db:
            if db.scalar(select(SessionRow.id).where(SessionRow.name == session.name)):
                raise self._exists(session.name)
            row = SessionRow(name=session.name, created=session.created, updated=session.updated)
            db.add(row)
            db.flush()
            ids = {a.key: self._insert_article(db, row.id, a) for a in session.articles}
            if session.annotations:
                db.execute(
                    insert(AnnotationRow),
                    [_annotation_values(a, ids[a.article_key]) for a in session.annotations],
                )
            if session.verdicts:
                db.execute(
                    insert(VerdictRow), [_verdict_values(v, row.id) for v in session.verdicts]
                )
            if comparison is not None and document is not None:
                db.flush()  # the articles' rows, which the comparison must match
                self._store_comparison(db, row, comparison, document)

    def load_session(self, name: str) -> Session:
        with self.store.read() as db:
            return self._load(db, self._session_row(db, name))

    def open_session(
        self, name: str, *, engine: str | None = None, settings: Settings | None = None
    ) -> tuple[Session, Comparison | None]:
        """The session and its cached comparison, read in one consistent
        snapshot.  The comparison is ``None`` when none matches the session's
        current texts (and ``engine``/``settings`` when given)."""
        with self.store.read() as db:
            session = self._load(db, self._session_row(db, name))
            return session, self._cached(db, name, session.articles, engine, settings)

    def rename_session(self, old: str, new: str) -> None:
        check_session_name(new)
        if new == old:
            return
        with self._unique(new), self.store.write() as db:
            row = self._session_row(db, old)
            if db.scalar(select(SessionRow.id).where(SessionRow.name == new)):
                raise self._exists(new)
            row.name = new
            row.updated = self._clock()

    def delete_session(self, name: str) -> Session:
        """Delete a session with everything in it; returns it all, for undo."""
        with self.store.write() as db:
            row = self._session_row(db, name)
            session = self._load(db, row)
            db.execute(delete(SessionRow).where(SessionRow.id == row.id))
        return session

    # -- articles ---------------------------------------------------------

    def add_article(
        self,
        name: str,
        article: Article,
        *,
        position: int | None = None,
        key: str | None = None,
        imported: datetime | None = None,
        annotations: Sequence[Annotation] = (),
    ) -> SessionArticle:
        """Insert ``article`` at ``position`` (default: last).  ``key``,
        ``imported`` and ``annotations`` put back a removed article (undo)."""
        now = self._clock()
        with self.store.write() as db:
            row = self._session_row(db, name)
            count = db.scalar(
                select(func.count(ArticleRow.id)).where(ArticleRow.session_id == row.id)
            )
            count = count or 0
            position = count if position is None else position
            if not 0 <= position <= count:
                raise InputError(
                    f"there is no place {position + 1} for an article in session {name!r}",
                    f"It has {count} articles",
                )
            self._shift(db, row.id, position, +1)
            added = replace(
                _new_session_article(article, position, imported or now),
                key=key or uuid.uuid4().hex,
            )
            article_id = self._insert_article(db, row.id, added)
            if annotations:
                db.execute(
                    insert(AnnotationRow),
                    [_annotation_values(a, article_id) for a in annotations],
                )
            row.updated = now
        return added

    def remove_article(self, name: str, key: str) -> tuple[SessionArticle, tuple[Annotation, ...]]:
        """Remove an article and its annotations; returns both, for undo."""
        with self.store.write() as db:
            row = self._session_row(db, name)
            article = self._article_row(db, row.id, key)
            removed = _session_article(article)
            notes = tuple(
                _annotation(n)
                for n in db.execute(
                    _ANNOTATIONS.where(AnnotationRow.article_id == article.id).order_by(
                        AnnotationRow.anchor_start, AnnotationRow.id
                    )
                )
            )
            db.execute(delete(ArticleRow).where(ArticleRow.id == article.id))
            self._shift(db, row.id, article.position + 1, -1)
            row.updated = self._clock()
        return removed, notes

    def replace_article(
        self, name: str, key: str, article: Article, annotations: Sequence[Annotation] = ()
    ) -> SessionArticle:
        """Store a re-imported text for the article ``key`` together with its
        re-anchored ``annotations``, all or nothing (``session reload``).  Each
        annotation must carry the version it was read at."""
        now = self._clock()
        with self.store.write() as db:
            row = self._session_row(db, name)
            stored = self._article_row(db, row.id, key)
            updated = replace(_new_session_article(article, stored.position, now), key=stored.key)
            values = _article_values(updated)
            del values["key"], values["position"]
            db.execute(update(ArticleRow).where(ArticleRow.id == stored.id).values(**values))
            for annotation in annotations:
                self._update_annotation(db, annotation, stored.id)
            row.updated = now
        return updated

    # -- analyses ---------------------------------------------------------

    def save_comparison(self, name: str, comparison: Comparison) -> None:
        """Cache ``comparison`` for the session's current articles, which it
        must have been made from (same texts, same order)."""
        document = codec.encode_comparison(comparison)
        with self.store.write() as db:
            self._store_comparison(db, self._session_row(db, name), comparison, document)

    def _store_comparison(
        self, db: Db, row: SessionRow, comparison: Comparison, document: str
    ) -> None:
        """Cache ``comparison`` (encoded as ``document``) for the session
        ``row``, inside the caller's transaction; ``StaleAnalysis`` if it was
        not made from the session's articles."""
        hashes = list(
            db.scalars(
                select(ArticleRow.text_sha256)
                .where(ArticleRow.session_id == row.id)
                .order_by(ArticleRow.position)
            )
        )
        if hashes != [sha256_hex(a.text) for a in comparison.articles]:
            raise StaleAnalysis(self.store.where, row.name)
        key = texts_key(hashes)
        settings_key = comparison.settings.cache_key()
        db.execute(
            delete(AnalysisRow).where(
                AnalysisRow.session_id == row.id,
                (AnalysisRow.texts_key != key)
                | (
                    (AnalysisRow.engine == comparison.engine)
                    & (AnalysisRow.settings_key == settings_key)
                ),
            )
        )
        db.add(
            AnalysisRow(
                session_id=row.id,
                texts_key=key,
                engine=comparison.engine,
                settings_key=settings_key,
                relation_count=len(comparison.relations),
                document=document,
                created=self._clock(),
            )
        )

    def load_comparison(
        self, name: str, *, engine: str | None = None, settings: Settings | None = None
    ) -> Comparison | None:
        return self.open_session(name, engine=engine, settings=settings)[1]

    # -- annotations ------------------------------------------------------

    def get_annotation(self, annotation_id: str) -> Annotation:
        with self.store.read() as db:
            found = db.execute(_ANNOTATIONS.where(AnnotationRow.id == annotation_id)).first()
            if found is None:
                raise NotFound(self.store.where, f"there is no annotation {annotation_id}")
            return _annotation(found)

    def add_annotation(self, annotation: Annotation) -> Annotation:
        with self.store.write() as db:
            article = self._article_by_key(db, annotation.article_key)
            if db.get(AnnotationRow, annotation.id) is not None:
                raise AlreadyExists(
                    self.store.where, f"an annotation {annotation.id} already exists"
                )
            db.execute(insert(AnnotationRow).values(_annotation_values(annotation, article.id)))
            self._touch(db, article.session_id)
        return annotation

    def edit_annotation(self, annotation: Annotation) -> Annotation:
        """Store every field of ``annotation``, which must carry the version
        it was read at; returns it with the new version.  Raises
        ``ConcurrentEdit`` when someone else changed or deleted it meanwhile."""
        with self.store.write() as db:
            article = self._article_by_key(db, annotation.article_key)
            saved = self._update_annotation(db, annotation, article.id)
            self._touch(db, article.session_id)
        return saved

    def delete_annotation(self, annotation: Annotation) -> None:
        """Delete the annotation if it is still the version given (deleting one
        already gone is not an error: nothing is lost)."""
        with self.store.write() as db:
            gone = db.execute(
                delete(AnnotationRow).where(
                    AnnotationRow.id == annotation.id,
                    AnnotationRow.version == annotation.version,
                )
            )
            if _rowcount(gone) == 1:
                session_id = db.scalar(
                    select(ArticleRow.session_id).where(ArticleRow.key == annotation.article_key)
                )
                if session_id is not None:
                    self._touch(db, session_id)
                return
            found = db.scalar(
                select(AnnotationRow.version).where(AnnotationRow.id == annotation.id)
            )
            if found is not None:
                raise ConcurrentEdit(self.store.where, annotation.id, annotation.version, found)

    # -- verdicts ---------------------------------------------------------

    def set_verdict(self, name: str, verdict: RelationVerdict) -> RelationVerdict | None:
        """Record the user's verdict on a relation; returns the one it replaced."""
        with self.store.write() as db:
            row = self._session_row(db, name)
            previous = self._drop_verdict(db, row.id, verdict.relation_key)
            db.execute(insert(VerdictRow).values(_verdict_values(verdict, row.id)))
            row.updated = self._clock()
        return previous

    def clear_verdict(self, name: str, relation_key: str) -> RelationVerdict | None:
        """Forget the verdict on a relation; returns it (None if there was none)."""
        with self.store.write() as db:
            row = self._session_row(db, name)
            previous = self._drop_verdict(db, row.id, relation_key)
            if previous is not None:
                row.updated = self._clock()
        return previous

    # -- helpers (inside a transaction) -----------------------------------

    def _session_row(self, db: Db, name: str) -> SessionRow:
        row = db.scalars(select(SessionRow).where(SessionRow.name == name)).first()
        if row is None:
            raise NotFound(
                self.store.where,
                f"there is no session named {name!r}",
                todo="List the sessions with `crosscheck sessions`",
            )
        return row

    def _article_row(self, db: Db, session_id: int, key: str) -> ArticleRow:
        row = db.scalars(
            select(ArticleRow).where(ArticleRow.session_id == session_id, ArticleRow.key == key)
        ).first()
        if row is None:
            raise NotFound(self.store.where, f"the session has no article {key}")
        return row

    def _article_by_key(self, db: Db, key: str) -> ArticleRow:
        row = db.scalars(select(ArticleRow).where(ArticleRow.key == key)).first()
        if row is None:
            raise NotFound(
                self.store.where,
                f"there is no article {key}",
                "It may have been removed from its session meanwhile",
            )
        return row

    def _load(self, db: Db, row: SessionRow) -> Session:
        articles = db.scalars(
            select(ArticleRow).where(ArticleRow.session_id == row.id).order_by(ArticleRow.position)
        ).all()
        notes = db.execute(
            _ANNOTATIONS.where(ArticleRow.session_id == row.id).order_by(
                ArticleRow.position, AnnotationRow.anchor_start, AnnotationRow.id
            )
        ).all()
        verdicts = db.scalars(
            select(VerdictRow).where(VerdictRow.session_id == row.id).order_by(VerdictRow.id)
        ).all()
        return Session(
            name=row.name,
            created=row.created,
            updated=row.updated,
            articles=tuple(_session_article(a) for a in articles),
            annotations=tuple(_annotation(n) for n in notes),
            verdicts=tuple(_verdict(v) for v in verdicts),
        )

    def _cached(
        self,
        db: Db,
        name: str,
        articles: Sequence[SessionArticle],
        engine: str | None,
        settings: Settings | None,
    ) -> Comparison | None:
        query = (
            select(AnalysisRow.document)
            .join(SessionRow, AnalysisRow.session_id == SessionRow.id)
            .where(
                SessionRow.name == name,
                AnalysisRow.texts_key == texts_key([a.text_sha256 for a in articles]),
            )
            .order_by(AnalysisRow.created.desc(), AnalysisRow.id.desc())
            .limit(1)
        )
        if engine is not None:
            query = query.where(AnalysisRow.engine == engine)
        if settings is not None:
            query = query.where(AnalysisRow.settings_key == settings.cache_key())
        document = db.scalar(query)
        if document is None:
            return None
        try:
            return codec.decode_comparison(document, [a.article for a in articles])
        except codec.UnreadableComparison:
            return None  # another version's cache: the caller analyses again

    def _insert_article(self, db: Db, session_id: int, article: SessionArticle) -> int:
        row = ArticleRow(session_id=session_id, **_article_values(article))
        db.add(row)
        db.flush()
        return row.id

    def _shift(self, db: Db, session_id: int, start: int, by: int) -> None:
        """Move the articles at ``start`` and after by ``by`` places.  Two
        steps through negative positions: SQLite checks the unique
        (session, position) constraint row by row."""
        moving = (ArticleRow.session_id == session_id) & (ArticleRow.position >= start)
        db.execute(update(ArticleRow).where(moving).values(position=-ArticleRow.position - 1))
        db.execute(
            update(ArticleRow)
            .where((ArticleRow.session_id == session_id) & (ArticleRow.position < 0))
            .values(position=-ArticleRow.position - 1 + by)
        )

    def _update_annotation(self, db: Db, annotation: Annotation, article_id: int) -> Annotation:
        values = _annotation_values(annotation, article_id)
        del values["id"], values["created"]
        values["version"] = AnnotationRow.version + 1
        result = db.execute(
            update(AnnotationRow)
            .where(
                AnnotationRow.id == annotation.id,
                AnnotationRow.version == annotation.version,
            )
            .values(**values)
        )
        if _rowcount(result) != 1:
            found = db.scalar(
                select(AnnotationRow.version).where(AnnotationRow.id == annotation.id)
            )
            raise ConcurrentEdit(self.store.where, annotation.id, annotation.version, found)
        return replace(annotation, version=annotation.version + 1)

    def _drop_verdict(self, db: Db, session_id: int, relation_key: str) -> RelationVerdict | None:
        where = (VerdictRow.session_id == session_id) & (
            VerdictRow.relation_hash == sha256_hex(relation_key)
        )
        row = db.scalars(select(VerdictRow).where(where)).first()
        if row is None:
            return None
        previous = _verdict(row)
        db.execute(delete(VerdictRow).where(where))
        return previous

    def _touch(self, db: Db, session_id: int) -> None:
        db.execute(
            update(SessionRow).where(SessionRow.id == session_id).values(updated=self._clock())
        )

    def _exists(self, name: str) -> AlreadyExists:
        return AlreadyExists(
            self.store.where,
            f"a session named {name!r} already exists",
            todo="Choose another name, or delete the old session first",
        )

    @contextmanager
    def _unique(self, name: str) -> Iterator[None]:
        """A unique-name violation (two desks racing on a server) is ``AlreadyExists``."""
        try:
            yield
        except IntegrityError as exc:
            raise self._exists(name) from exc


def _rowcount(result: Any) -> int:
    return cast("CursorResult[Any]", result).rowcount


# -- rows <-> dataclasses ---------------------------------------------------


def _new_session_article(article: Article, position: int, imported: datetime) -> SessionArticle:
    return SessionArticle(
        key=uuid.uuid4().hex,
        position=position,
        article=replace(article, id=article_letter(position)),
        text_sha256=sha256_hex(article.text),
        imported=imported,
    )


def _article_values(sa: SessionArticle) -> dict[str, Any]:
    a = sa.article
    return {
        "position": sa.position,
        "key": sa.key,
        "title": a.title,
        "text": a.text,
        "source_path": codec.encode_source(a.source),
        "format": a.source.format,
        "encoding": a.source.encoding,
        "source_sha256": a.source.sha256,
        "text_sha256": sa.text_sha256,
        "size": a.source.size,
        "published": a.published,
        "imported": sa.imported,
    }


def _session_article(row: ArticleRow) -> SessionArticle:
    path, origin, url = codec.decode_source(row.source_path)
    source = Source(path, row.format, row.encoding, row.source_sha256, row.size, origin, url)
    return SessionArticle(
        key=row.key,
        position=row.position,
        article=Article(article_letter(row.position), row.title, row.text, source, row.published),
        text_sha256=row.text_sha256,
        imported=row.imported,
    )


def _annotation_values(a: Annotation, article_id: int) -> dict[str, Any]:
    return {
        "id": a.id,
        "article_id": article_id,
        "exact": a.anchor.exact,
        "prefix": a.anchor.prefix,
        "suffix": a.anchor.suffix,
        "anchor_start": a.anchor.start,
        "anchor_end": a.anchor.end,
        "text_sha256": a.anchor.text_sha256,
        "note": a.note,
        "tag": a.tag,
        "status": str(a.status),
        "author": a.author,
        "created": a.created,
        "updated": a.updated,
        "state": str(a.state),
        "relation_key": a.relation_key,
        "version": a.version,
    }


# Plain rows, not ORM objects: a session may hold thousands of annotations.
_ANNOTATIONS = select(*AnnotationRow.__table__.c, ArticleRow.key.label("article_key")).join(
    ArticleRow, AnnotationRow.article_id == ArticleRow.id
)
# Dict lookups: calling an Enum class per row is slow.
_STATUS = {s.value: s for s in AnnotationStatus}
_STATE = {s.value: s for s in AnchorState}


def _annotation(row: Row[*tuple[Any, ...]]) -> Annotation:
    return Annotation(
        id=row.id,
        article_key=row.article_key,
        anchor=Anchor(
            row.exact, row.prefix, row.suffix, row.anchor_start, row.anchor_end, row.text_sha256
        ),
        note=row.note,
        tag=row.tag,
        status=_STATUS[row.status],
        author=row.author,
        created=row.created,
        updated=row.updated,
        state=_STATE[row.state],
        relation_key=row.relation_key,
        version=row.version,
    )


def _verdict_values(v: RelationVerdict, session_id: int) -> dict[str, Any]:
    return {
        "session_id": session_id,
        "relation_hash": sha256_hex(v.relation_key),
        "relation_key": v.relation_key,
        "verdict": str(v.verdict),
        "kind": str(v.kind) if v.kind is not None else None,
        "note": v.note,
        "updated": v.updated,
    }


def _verdict(row: VerdictRow) -> RelationVerdict:
    return RelationVerdict(
        relation_key=row.relation_key,
        verdict=Verdict(row.verdict),
        kind=RelationKind(row.kind) if row.kind is not None else None,
        note=row.note,
        updated=row.updated,
    )
