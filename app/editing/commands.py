"""Editing a session: one plain command object per user action, with do and undo.

A command is frozen data carrying everything it needs: ids, the values before
and after, timestamps.  So ``do`` and ``undo`` are pure, deterministic
functions of an immutable :class:`~app.session.Session`, and the store can
apply the very same object in one transaction.  ``undo`` is ``do`` of
``inverse()``, whose type is one of the same commands (adding an annotation is
undone by deleting it), so whatever applies commands needs to know only how to
*do* each kind.

Commands are built from the current session by their ``create`` class methods,
which check the input (``InputError``: what, why, what to do) and capture what
undo needs; times come from an injectable clock, ids from an injectable
factory.  ``do`` refuses (``StaleCommand``) a session that no longer holds what
the command was built on, which is what makes ``undo(do(s)) == s`` hold.
Every command also stamps ``Session.updated``, and its undo puts the old stamp
back.
"""

from __future__ import annotations

import getpass
import uuid
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from app.domain import Article, RelationKind
from app.editing.anchoring import make_anchor, reanchor_all, reattach, text_hash
from app.errors import CrosscheckError, InputError
from app.safe_text import refuse_undecodable
from app.session import (
    CONTROL_CHARACTERS,
    FIXED_TAGS,
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

Clock = Callable[[], datetime]
IdFactory = Callable[[], str]

MAX_NAME_CHARS = 200
MAX_TAG_CHARS = 40
# An annotation's position in Session.annotations, kept so undo puts it back there.
Placed = tuple[int, Annotation]


def utc_now() -> datetime:
    return datetime.now(UTC)


def new_id() -> str:
    return uuid.uuid4().hex


def os_user_name() -> str:
    """The author recorded on new annotations: the operating system's user name."""
    try:
        return getpass.getuser() or "unknown"
    except (OSError, KeyError, ImportError):
        # No login name in the environment and no passwd entry (containers).
        return "unknown"


class StaleCommand(CrosscheckError):
    """A command applied to a session that no longer holds what it was built on."""


def _stale(what: str, why: str) -> StaleCommand:
    return StaleCommand(what, why, "Reload the session, then make the change again")


class Command(ABC):
    """One undoable change to a session."""

    __slots__ = ()

    @property
    @abstractmethod
    def label(self) -> str:
        """What the change is, for an Undo/Redo menu ("Delete annotation")."""

    @abstractmethod
    def do(self, state: Session) -> Session: ...

    @abstractmethod
    def inverse(self) -> Command: ...

    def undo(self, state: Session) -> Session:
        return self.inverse().do(state)


def apply(command: Command, session: Session) -> Session:
    """The session after ``command``."""
    return command.do(session)


# ---------------------------------------------------------------------------
# Annotations


@dataclass(frozen=True, slots=True)
class AddAnnotation(Command):
    annotation: Annotation
    index: int  # where it goes in Session.annotations
    updated: datetime
    previous_updated: datetime

    @property
    def label(self) -> str:
        return "Add annotation"

    @classmethod
    def create(
        cls,
        session: Session,
        *,
        article_key: str,
        anchor: Anchor,
        note: str,
        tag: str = "other",
        author: str | None = None,
        relation_key: str | None = None,
        clock: Clock = utc_now,
        make_id: IdFactory = new_id,
    ) -> AddAnnotation:
        article = _article(session, article_key)
        _check_anchor(anchor, article)
        now = clock()
        annotation = Annotation(
            id=make_id(),
            article_key=article_key,
            anchor=anchor,
            note=_clean_note(note),
            tag=clean_tag(tag),
            status=AnnotationStatus.OPEN,
            author=(author if author is not None else os_user_name()).strip() or "unknown",
            created=now,
            updated=now,
            relation_key=relation_key,
        )
        return cls(annotation, len(session.annotations), now, session.updated)

    def do(self, state: Session) -> Session:
        if _find_annotation(state, self.annotation.id) is not None:
            raise _stale("the annotation is already in the session", "It was added before")
        _article_or_stale(state, self.annotation.article_key)
        placed = [(self.index, self.annotation)]
        return _with_annotations(state, self.updated, _insert(state.annotations, placed))

    def inverse(self) -> DeleteAnnotation:
        return DeleteAnnotation(self.annotation, self.index, self.previous_updated, self.updated)


@dataclass(frozen=True, slots=True)
class DeleteAnnotation(Command):
    annotation: Annotation
    index: int  # where it was in Session.annotations
    updated: datetime
    previous_updated: datetime

    @property
    def label(self) -> str:
        return "Delete annotation"

    @classmethod
    def create(
        cls, session: Session, annotation_id: str, *, clock: Clock = utc_now
    ) -> DeleteAnnotation:
        index, annotation = _annotation(session, annotation_id)
        return cls(annotation, index, clock(), session.updated)

    def do(self, state: Session) -> Session:
        _expect_annotation(state, self.annotation)
        kept = tuple(a for a in state.annotations if a.id != self.annotation.id)
        return _with_annotations(state, self.updated, kept)

    def inverse(self) -> AddAnnotation:
        return AddAnnotation(self.annotation, self.index, self.previous_updated, self.updated)


@dataclass(frozen=True, slots=True)
class EditAnnotation(Command):
    """Any change to one annotation: note, tag, status, or its place (re-attach)."""

    before: Annotation
    after: Annotation
    updated: datetime
    previous_updated: datetime

    @property
    def label(self) -> str:
        changed = {
            name
            for name in ("note", "tag", "status", "anchor", "state")
            if getattr(self.before, name) != getattr(self.after, name)
        }
        if changed and changed <= {"anchor", "state"}:
            return "Re-attach annotation"
        if changed == {"status"}:
            reopened = self.after.status is AnnotationStatus.OPEN
            return "Reopen annotation" if reopened else "Resolve annotation"
        return {"note": "Edit note", "tag": "Change tag"}.get(
            changed.pop() if len(changed) == 1 else "", "Edit annotation"
        )

    @classmethod
    def create(
        cls,
        session: Session,
        annotation_id: str,
        *,
        note: str | None = None,
        tag: str | None = None,
        status: AnnotationStatus | None = None,
        clock: Clock = utc_now,
    ) -> EditAnnotation:
        _, before = _annotation(session, annotation_id)
        after = replace(
            before,
            note=before.note if note is None else _clean_note(note),
            tag=before.tag if tag is None else clean_tag(tag),
            status=before.status if status is None else AnnotationStatus(status),
        )
        return cls._stamped(session, before, after, clock)

    @classmethod
    def reattach(
        cls,
        session: Session,
        annotation_id: str,
        start: int,
        end: int,
        *,
        clock: Clock = utc_now,
    ) -> EditAnnotation:
        """Place an annotation by hand on ``start:end`` of its article's current
        text: re-attaching an orphan, or accepting (possibly moving) a fuzzy one."""
        _, before = _annotation(session, annotation_id)
        text = _article(session, before.article_key).article.text
        anchor = reattach(before.anchor, text, start, end)
        after = replace(before, anchor=anchor, state=AnchorState.ANCHORED)
        return cls._stamped(session, before, after, clock)

    @classmethod
    def _stamped(
        cls, session: Session, before: Annotation, after: Annotation, clock: Clock
    ) -> EditAnnotation:
        if after == before:
            raise InputError(
                "nothing to change in the annotation",
                "The new values are the ones it already has",
                "Give a different note, tag or status",
            )
        now = clock()
        after = replace(after, updated=now, version=before.version + 1)
        return cls(before, after, now, session.updated)

    def do(self, state: Session) -> Session:
        index = _expect_annotation(state, self.before)
        annotations = list(state.annotations)
        annotations[index] = self.after
        return _with_annotations(state, self.updated, tuple(annotations))

    def inverse(self) -> EditAnnotation:
        return EditAnnotation(self.after, self.before, self.previous_updated, self.updated)


# ---------------------------------------------------------------------------
# Verdicts on machine relations


@dataclass(frozen=True, slots=True)
class SetVerdict(Command):
    """Confirm, reject or retype a relation; ``after`` None clears the verdict."""

    relation_key: str
    before: RelationVerdict | None
    after: RelationVerdict | None
    index: int  # where the verdict is, or goes, in Session.verdicts
    updated: datetime
    previous_updated: datetime

    @property
    def label(self) -> str:
        if self.after is None:
            return "Clear verdict"
        return {
            Verdict.CONFIRMED: "Confirm relation",
            Verdict.REJECTED: "Reject relation",
            Verdict.RETYPED: "Retype relation",
        }[self.after.verdict]

    @classmethod
    def create(
        cls,
        session: Session,
        relation_key: str,
        verdict: Verdict | None,
        *,
        kind: RelationKind | None = None,
        note: str = "",
        clock: Clock = utc_now,
    ) -> SetVerdict:
        if not relation_key.strip():
            raise InputError(
                "no relation was named",
                "A verdict belongs to one relation",
                "Choose the relation to judge",
            )
        index, before = _verdict(session, relation_key)
        now = clock()
        after = None
        if verdict is not None:
            verdict = Verdict(verdict)
            _check_kind(verdict, kind)
            after = RelationVerdict(relation_key, verdict, kind, _clean_note(note), now)
        if _same_verdict(before, after):
            raise InputError(
                "the relation already has this verdict",
                "Nothing would change",
                "Choose another verdict, or change the note",
            )
        return cls(relation_key, before, after, index, now, session.updated)

    def do(self, state: Session) -> Session:
        index, current = _verdict(state, self.relation_key)
        if current != self.before:
            raise _stale(
                "the verdict on this relation changed",
                "It is not the one this change was made on",
            )
        verdicts = list(state.verdicts)
        if self.before is not None:
            del verdicts[index]
        if self.after is not None:
            verdicts.insert(min(self.index, len(verdicts)), self.after)
        return replace(state, verdicts=tuple(verdicts), updated=self.updated)

    def inverse(self) -> SetVerdict:
        return SetVerdict(
            self.relation_key,
            self.after,
            self.before,
            self.index,
            self.previous_updated,
            self.updated,
        )


def _check_kind(verdict: Verdict, kind: RelationKind | None) -> None:
    if verdict is Verdict.RETYPED and kind is None:
        raise InputError(
            "a retyped relation needs its new kind",
            "Retyping says the relation is a match, not a conflict, or the reverse",
            "Give the kind: match or conflict",
        )
    if verdict is not Verdict.RETYPED and kind is not None:
        raise InputError(
            f"a kind was given with the verdict '{verdict}'",
            "Only a retyped relation changes kind",
            "Use the verdict 'retyped' to change the kind, or leave the kind out",
        )


def _same_verdict(before: RelationVerdict | None, after: RelationVerdict | None) -> bool:
    if before is None or after is None:
        return before is after
    return (before.verdict, before.kind, before.note) == (after.verdict, after.kind, after.note)


# ---------------------------------------------------------------------------
# The session itself


@dataclass(frozen=True, slots=True)
class RenameSession(Command):
    before: str
    after: str
    updated: datetime
    previous_updated: datetime

    @property
    def label(self) -> str:
        return "Rename session"

    @classmethod
    def create(cls, session: Session, name: str, *, clock: Clock = utc_now) -> RenameSession:
        name = clean_session_name(name)
        if name == session.name:
            raise InputError(
                f"the session is already called '{name}'",
                "Nothing would change",
                "Give a different name",
            )
        return cls(session.name, name, clock(), session.updated)

    def do(self, state: Session) -> Session:
        if state.name != self.before:
            raise _stale(
                f"the session is no longer called '{self.before}'", f"It is now '{state.name}'"
            )
        return replace(state, name=self.after, updated=self.updated)

    def inverse(self) -> RenameSession:
        return RenameSession(self.after, self.before, self.previous_updated, self.updated)


def clean_session_name(name: str) -> str:
    """A session name as stored: trimmed; refused when empty, too long or holding
    line breaks or other control characters."""
    return _checked_label(
        name.strip(),
        what="session name",
        why_empty="A session is found by its name",
        example="Give a name, for example: baghdad-bombing",
        limit=MAX_NAME_CHARS,
        too_long="Give a shorter name",
    )


def _checked_label(
    value: str, *, what: str, why_empty: str, example: str, limit: int, too_long: str
) -> str:
    """One-line user labels (session names, tags): not empty, not too long, no
    control characters; each refusal says what, why and what to do."""
    refuse_undecodable(value, what)
    if not value:
        raise InputError(f"the {what} is empty", why_empty, example)
    if len(value) > limit:
        raise InputError(
            f"the {what} is {len(value)} characters long",
            f"{what.capitalize()}s are limited to {limit} characters",
            too_long,
        )
    if any(not ch.isprintable() for ch in value):
        raise InputError(
            f"the {what} holds a line break or another control character",
            f"{what.capitalize()}s are shown on one line",
            "Use letters, digits, spaces and punctuation",
        )
    return value


# ---------------------------------------------------------------------------
# Articles


@dataclass(frozen=True, slots=True)
class AddArticle(Command):
    """Insert an article at ``article.position``; the annotations are put back
    with it when this undoes a removal."""

    article: SessionArticle
    annotations: tuple[Placed, ...]
    updated: datetime
    previous_updated: datetime

    @property
    def label(self) -> str:
        return "Add article"

    @classmethod
    def create(
        cls,
        session: Session,
        article: Article,
        *,
        position: int | None = None,
        clock: Clock = utc_now,
        make_id: IdFactory = new_id,
    ) -> AddArticle:
        count = len(session.articles)
        position = count if position is None else position
        if not 0 <= position <= count:
            raise InputError(
                f"position {position + 1} is not a place for a new article",
                f"The session has {count} articles",
                f"Give a position from 1 to {count + 1}",
            )
        now = clock()
        added = SessionArticle(
            key=make_id(),
            position=position,
            article=replace(article, id=article_letter(position)),
            text_sha256=text_hash(article.text),
            imported=now,
        )
        return cls(added, (), now, session.updated)

    def do(self, state: Session) -> Session:
        if _find_article(state, self.article.key) is not None:
            raise _stale("the article is already in the session", "It was added before")
        if not 0 <= self.article.position <= len(state.articles):
            raise _stale(
                "the session has fewer articles than when the article was removed",
                f"It had at least {self.article.position} before this one",
            )
        taken = {a.id for a in state.annotations}
        if any(a.id in taken for _, a in self.annotations):
            raise _stale(
                "an annotation of the article is already in the session", "Its id is taken"
            )
        articles = list(state.articles)
        articles.insert(self.article.position, self.article)
        annotations = _insert(state.annotations, self.annotations)
        return replace(
            state,
            articles=_renumbered(articles),
            annotations=annotations,
            updated=self.updated,
        )

    def inverse(self) -> RemoveArticle:
        return RemoveArticle(self.article, self.annotations, self.previous_updated, self.updated)


@dataclass(frozen=True, slots=True)
class RemoveArticle(Command):
    """Remove an article and its annotations, keeping both so undo puts them
    back in their places.  Verdicts are kept: their relations return with the
    article."""

    article: SessionArticle
    annotations: tuple[Placed, ...]
    updated: datetime
    previous_updated: datetime

    @property
    def label(self) -> str:
        return "Remove article"

    @classmethod
    def create(cls, session: Session, article_key: str, *, clock: Clock = utc_now) -> RemoveArticle:
        article = _article(session, article_key)
        if len(session.articles) == 1:
            raise InputError(
                f"article {article.article.id} is the only one in the session",
                "A session keeps at least one article",
                "Delete the session instead, or add another article first",
            )
        placed = tuple(
            (i, a) for i, a in enumerate(session.annotations) if a.article_key == article_key
        )
        return cls(article, placed, clock(), session.updated)

    def do(self, state: Session) -> Session:
        current = _find_article(state, self.article.key)
        if current != self.article:
            raise _stale(
                "the article to remove is not as it was",
                "It was removed, moved or reloaded since",
            )
        if tuple(a for a in state.annotations if a.article_key == self.article.key) != tuple(
            a for _, a in self.annotations
        ):
            raise _stale(
                "the article's annotations changed", "One was added, edited or deleted since"
            )
        return replace(
            state,
            articles=_renumbered(a for a in state.articles if a.key != self.article.key),
            annotations=tuple(a for a in state.annotations if a.article_key != self.article.key),
            updated=self.updated,
        )

    def inverse(self) -> AddArticle:
        return AddArticle(self.article, self.annotations, self.previous_updated, self.updated)


@dataclass(frozen=True, slots=True)
class ReloadArticle(Command):
    """Replace an article's text with its edited source and re-anchor its
    annotations (``app.editing.anchoring``); ``after`` holds them as re-anchored."""

    before: SessionArticle
    after: SessionArticle
    annotations_before: tuple[Annotation, ...]
    annotations_after: tuple[Annotation, ...]
    updated: datetime
    previous_updated: datetime

    @property
    def label(self) -> str:
        return "Reload article"

    @classmethod
    def create(
        cls, session: Session, article_key: str, article: Article, *, clock: Clock = utc_now
    ) -> ReloadArticle:
        before = _article(session, article_key)
        now = clock()
        after = replace(
            before,
            article=replace(article, id=before.article.id),
            text_sha256=text_hash(article.text),
            imported=now,
        )
        old = tuple(a for a in session.annotations if a.article_key == article_key)
        placed = reanchor_all((a.anchor for a in old), article.text)
        new = tuple(
            _reanchored(a, anchor, state, now)
            for a, (anchor, state) in zip(old, placed, strict=True)
        )
        return cls(before, after, old, new, now, session.updated)

    def do(self, state: Session) -> Session:
        current = _find_article(state, self.before.key)
        if current != self.before:
            raise _stale("the article to reload is not as it was", "It changed since")
        ours = tuple(a for a in state.annotations if a.article_key == self.before.key)
        if ours != self.annotations_before:
            raise _stale(
                "the article's annotations changed", "One was added, edited or deleted since"
            )
        swap = {a.id: a for a in self.annotations_after}
        annotations = tuple(swap.get(a.id, a) for a in state.annotations)
        articles = tuple(self.after if a.key == self.after.key else a for a in state.articles)
        return replace(state, articles=articles, annotations=annotations, updated=self.updated)

    def inverse(self) -> ReloadArticle:
        return ReloadArticle(
            self.after,
            self.before,
            self.annotations_after,
            self.annotations_before,
            self.previous_updated,
            self.updated,
        )


def _reanchored(
    annotation: Annotation, anchor: Anchor, state: AnchorState, now: datetime
) -> Annotation:
    if annotation.state is AnchorState.FUZZY and state is not AnchorState.ORPHANED:
        # A fuzzy placement stays under review until a person accepts it.
        state = AnchorState.FUZZY
    if anchor == annotation.anchor and state is annotation.state:
        return annotation
    return replace(
        annotation, anchor=anchor, state=state, updated=now, version=annotation.version + 1
    )


def _renumbered(articles: Iterable[SessionArticle]) -> tuple[SessionArticle, ...]:
    """Positions 0, 1, ... and letters A, B, ... in the given order."""
    out = []
    for position, item in enumerate(articles):
        letter = article_letter(position)
        if item.position != position or item.article.id != letter:
            item = replace(item, position=position, article=replace(item.article, id=letter))
        out.append(item)
    return tuple(out)


# ---------------------------------------------------------------------------
# Checking input


def clean_tag(tag: str) -> str:
    """A tag as stored: trimmed, inner whitespace single, the fixed tags in their
    own spelling ("Needs Source" -> "needs source"), free tags as typed."""
    tag = _checked_label(
        " ".join(tag.split()),
        what="tag",
        why_empty="Every annotation has a tag",
        example=f"Use one of: {', '.join(FIXED_TAGS)}; or a tag of your own",
        limit=MAX_TAG_CHARS,
        too_long="Give a shorter tag, and put the rest in the note",
    )
    fixed = {t.casefold(): t for t in FIXED_TAGS}
    return fixed.get(tag.casefold(), tag)


def _clean_note(note: str) -> str:
    refuse_undecodable(note, "note")
    return CONTROL_CHARACTERS.sub("", note.replace("\r\n", "\n").replace("\r", "\n")).strip()


def _check_anchor(anchor: Anchor, article: SessionArticle) -> None:
    text = article.article.text
    if (
        anchor.text_sha256 != article.text_sha256
        or not 0 <= anchor.start < anchor.end <= len(text)
        or make_anchor(text, anchor.start, anchor.end) != anchor
    ):
        raise InputError(
            f"the passage to annotate is not in article {article.article.id} as it is now",
            "The anchor was made on another text or does not match it",
            "Select the passage again in the article",
        )


# ---------------------------------------------------------------------------
# Looking things up


def _find_article(state: Session, key: str) -> SessionArticle | None:
    return next((a for a in state.articles if a.key == key), None)


def _article(session: Session, key: str) -> SessionArticle:
    found = _find_article(session, key)
    if found is None:
        raise InputError(
            f"no article {key!r} in the session '{session.name}'",
            f"The session has {len(session.articles)} articles",
            "Choose one of the session's articles",
        )
    return found


def _article_or_stale(state: Session, key: str) -> SessionArticle:
    found = _find_article(state, key)
    if found is None:
        raise _stale("the annotated article is no longer in the session", "It was removed")
    return found


def _find_annotation(state: Session, annotation_id: str) -> Placed | None:
    return next(((i, a) for i, a in enumerate(state.annotations) if a.id == annotation_id), None)


def _annotation(session: Session, annotation_id: str) -> Placed:
    found = _find_annotation(session, annotation_id)
    if found is None:
        raise InputError(
            f"no annotation {annotation_id!r} in the session '{session.name}'",
            "It was deleted, or the id is mistyped",
            "List the annotations with `crosscheck session show NAME` and use one of their ids",
        )
    return found


def _expect_annotation(state: Session, annotation: Annotation) -> int:
    """The index of ``annotation`` in ``state``, which must hold it unchanged."""
    found = _find_annotation(state, annotation.id)
    if found is None:
        raise _stale(f"annotation {annotation.id} is no longer in the session", "It was deleted")
    index, current = found
    if current != annotation:
        raise _stale(
            f"annotation {annotation.id} changed",
            f"It is at version {current.version}; this change was made on version "
            f"{annotation.version}",
        )
    return index


def _verdict(session: Session, relation_key: str) -> tuple[int, RelationVerdict | None]:
    for index, verdict in enumerate(session.verdicts):
        if verdict.relation_key == relation_key:
            return index, verdict
    return len(session.verdicts), None


def _insert(
    annotations: tuple[Annotation, ...], placed: Iterable[Placed]
) -> tuple[Annotation, ...]:
    """Put annotations back at their old indices (ascending, so each index is
    where it was before the later ones were removed)."""
    out = list(annotations)
    for index, annotation in sorted(placed, key=lambda p: p[0]):
        out.insert(min(index, len(out)), annotation)
    return tuple(out)


def _with_annotations(
    state: Session, updated: datetime, annotations: tuple[Annotation, ...]
) -> Session:
    return replace(state, annotations=annotations, updated=updated)


# ---------------------------------------------------------------------------
# Undo history


class UndoStack:
    """The undo history of one session, in the manner of QUndoStack, without Qt.

    ``push`` does a command and records it; ``undo``/``redo`` move through the
    history.  Each takes the current session and returns the new one; if a
    command raises, the history is left as it was.  The clean index marks the
    state last saved or exported (None once that state can no longer be reached).
    """

    def __init__(self, limit: int = 0) -> None:
        self._commands: list[Command] = []
        self._index = 0
        self._clean: int | None = 0
        self._limit = limit  # 0: no limit

    def push(self, command: Command, state: Session) -> Session:
        new = command.do(state)
        del self._commands[self._index :]
        if self._clean is not None and self._clean > self._index:
            self._clean = None
        self._commands.append(command)
        self._index += 1
        self._trim()
        return new

    def undo(self, state: Session) -> Session:
        if not self.can_undo:
            return state
        new = self._commands[self._index - 1].undo(state)
        self._index -= 1
        return new

    def redo(self, state: Session) -> Session:
        if not self.can_redo:
            return state
        new = self._commands[self._index].do(state)
        self._index += 1
        return new

    @property
    def can_undo(self) -> bool:
        return self._index > 0

    @property
    def can_redo(self) -> bool:
        return self._index < len(self._commands)

    @property
    def undo_label(self) -> str:
        return self._commands[self._index - 1].label if self.can_undo else ""

    @property
    def redo_label(self) -> str:
        return self._commands[self._index].label if self.can_redo else ""

    @property
    def index(self) -> int:
        """How many commands are done (the position in the history)."""
        return self._index

    @property
    def count(self) -> int:
        return len(self._commands)

    @property
    def clean_index(self) -> int | None:
        return self._clean

    @property
    def is_clean(self) -> bool:
        return self._clean == self._index

    def set_clean(self) -> None:
        self._clean = self._index

    def clear(self) -> None:
        self._commands.clear()
        self._index = 0
        self._clean = 0

    def _trim(self) -> None:
        excess = len(self._commands) - self._limit if self._limit else 0
        if excess <= 0:
            return
        del self._commands[:excess]
        self._index -= excess
        if self._clean is not None:
            self._clean = self._clean - excess if self._clean >= excess else None
