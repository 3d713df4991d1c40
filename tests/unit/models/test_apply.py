"""``apply_command``: every editing command stored, and its inverse undoing it,
on SQLite and (when configured) PostgreSQL."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.domain import RelationKind
from app.editing.anchoring import find_quote, make_anchor
from app.editing.commands import (
    AddAnnotation,
    AddArticle,
    Command,
    DeleteAnnotation,
    EditAnnotation,
    ReloadArticle,
    RemoveArticle,
    RenameSession,
    SetVerdict,
    StaleCommand,
)
from app.session import AnchorState, AnnotationStatus, Session, Verdict
from models.apply import apply_command
from models.errors import ConcurrentEdit
from models.repository import Repository

from .helpers import annotation, article, articles

NAME = "ferry"


@pytest.fixture
def session(repo: Repository) -> Session:
    """Three articles, two annotations on the first and one on the second."""
    created = repo.create_session(NAME, articles(3))
    first, second = created.articles[0], created.articles[1]
    repo.add_annotation(annotation(first, "killed"))
    repo.add_annotation(annotation(first, "Officials said the attack began at dawn"))
    repo.add_annotation(annotation(second, "Wednesday", note="A says Thursday"))
    return repo.load_session(NAME)


def ordered(state: Session) -> Session:
    """The session as the store keeps it: annotations and verdicts unordered."""
    return replace(
        state,
        annotations=tuple(sorted(state.annotations, key=lambda a: a.id)),
        verdicts=tuple(sorted(state.verdicts, key=lambda v: v.relation_key)),
    )


def unversioned(state: Session) -> Session:
    state = ordered(state)
    return replace(state, annotations=tuple(replace(a, version=0) for a in state.annotations))


def round_trip(repo: Repository, command: Command, before: Session) -> Session:
    """Apply ``command``: the store holds ``command.do(before)``; apply its
    inverse: the store holds ``before`` again, with versions only gone up."""
    apply_command(repo, command, session=before.name)
    expected = command.do(before)
    stored = repo.load_session(expected.name)
    assert ordered(stored) == ordered(expected)
    apply_command(repo, command.inverse(), session=expected.name)
    restored = repo.load_session(before.name)
    assert unversioned(restored) == unversioned(before)
    versions = {a.id: a.version for a in before.annotations}
    assert all(a.version >= versions[a.id] for a in restored.annotations)
    return stored


def test_add_annotation_then_undo(repo: Repository, session: Session) -> None:
    target = session.articles[2]
    text = target.article.text
    command = AddAnnotation.create(
        session,
        article_key=target.key,
        anchor=make_anchor(text, *find_quote(text, "drone strike")),
        note="which drone?",
        tag="needs source",
    )
    stored = round_trip(repo, command, session)
    assert command.annotation in stored.annotations
    assert stored.updated == command.updated


def test_delete_annotation_then_undo_puts_it_back_whole(repo: Repository, session: Session) -> None:
    gone = session.annotations[0]
    stored = round_trip(repo, DeleteAnnotation.create(session, gone.id), session)
    assert gone.id not in {a.id for a in stored.annotations}
    assert repo.get_annotation(gone.id) == gone


def test_edit_annotation_then_undo_bumps_the_version(repo: Repository, session: Session) -> None:
    note = session.annotations[0]
    command = EditAnnotation.create(
        session, note.id, note="checked", tag="verified", status=AnnotationStatus.RESOLVED
    )
    stored = round_trip(repo, command, session)
    edited = next(a for a in stored.annotations if a.id == note.id)
    assert (edited.note, edited.tag, edited.version) == ("checked", "verified", note.version + 1)
    undone = repo.get_annotation(note.id)
    assert undone.note == note.note and undone.version == note.version + 2


def test_reattach_then_undo(repo: Repository, session: Session) -> None:
    note = session.annotations[0]
    command = EditAnnotation.reattach(session, note.id, 0, 5)
    stored = round_trip(repo, command, session)
    moved = next(a for a in stored.annotations if a.id == note.id)
    assert moved.anchor.exact == session.articles[0].article.text[:5]


def test_verdicts_set_replace_and_clear_then_undo(repo: Repository, session: Session) -> None:
    state = session
    for verdict, kind in [
        (Verdict.CONFIRMED, None),
        (Verdict.RETYPED, RelationKind.MATCH),
        (None, None),
    ]:
        command = SetVerdict.create(state, "k1:x|k2:y", verdict, kind=kind, note="desk")
        round_trip(repo, command, state)
        apply_command(repo, command, session=NAME)  # and on to the next step
        state = repo.load_session(NAME)
        assert state.verdicts == (() if command.after is None else (command.after,))
    assert state.verdicts == ()


def test_rename_then_undo(repo: Repository, session: Session) -> None:
    stored = round_trip(repo, RenameSession.create(session, "ferry capsizing"), session)
    assert stored.name == "ferry capsizing"
    assert [s.name for s in repo.list_sessions()] == [NAME]


def test_rename_under_another_name_is_stale(repo: Repository, session: Session) -> None:
    command = RenameSession.create(session, "other")
    with pytest.raises(StaleCommand):
        apply_command(repo, command, session="someone renamed it")
    assert repo.load_session(NAME) == session


def test_add_article_in_the_middle_then_undo(repo: Repository, session: Session) -> None:
    command = AddArticle.create(session, article("A fourth report.", "Fourth"), position=1)
    stored = round_trip(repo, command, session)
    assert [a.article.title for a in stored.articles] == ["Story 0", "Fourth", "Story 1", "Story 2"]
    assert [a.article.id for a in stored.articles] == ["A", "B", "C", "D"]


def test_remove_article_then_undo_brings_its_annotations_back(
    repo: Repository, session: Session
) -> None:
    first = session.articles[0]
    stored = round_trip(repo, RemoveArticle.create(session, first.key), session)
    assert [a.article.id for a in stored.articles] == ["A", "B"]
    assert {a.article_key for a in stored.annotations} == {session.articles[1].key}
    assert len(repo.load_session(NAME).annotations) == 3


def test_reload_article_reanchors_then_undo(repo: Repository, session: Session) -> None:
    first = session.articles[0]
    old = first.article.text
    kept, _ = old.split("\n\nOfficials", 1)
    edited = article("Updated at noon.\n\n" + kept + "\n\nCopy 0.", "Story 0")
    command = ReloadArticle.create(session, first.key, edited)
    apply_command(repo, command, session=NAME)
    stored = repo.load_session(NAME)
    assert ordered(stored) == ordered(command.do(session))
    states = {a.anchor.exact: a.state for a in stored.annotations}
    assert states["killed"] is AnchorState.MOVED
    assert states["Officials said the attack began at dawn"] is AnchorState.ORPHANED
    assert stored.articles[0].article.text == edited.text

    apply_command(repo, command.inverse(), session=NAME)
    restored = repo.load_session(NAME)
    # Undoing a reload stamps the old text as imported at the command's time.
    assert restored.articles[0].imported == session.updated
    again = replace(restored.articles[0], imported=first.imported)
    restored = replace(restored, articles=(again, *restored.articles[1:]))
    assert unversioned(restored) == unversioned(session)


def test_a_stale_edit_is_refused_and_changes_nothing(repo: Repository, session: Session) -> None:
    note = session.annotations[0]
    first = EditAnnotation.create(session, note.id, note="one desk")
    second = EditAnnotation.create(session, note.id, note="another desk")
    apply_command(repo, first, session=NAME)
    with pytest.raises(ConcurrentEdit):
        apply_command(repo, second, session=NAME)
    assert repo.get_annotation(note.id).note == "one desk"


def test_undoing_a_history_in_reverse_restores_the_start(
    repo: Repository, session: Session
) -> None:
    state = session
    done: list[Command] = []

    def push(command: Command) -> None:
        nonlocal state
        apply_command(repo, command, session=state.name)
        done.append(command)
        state = command.do(state)
        assert ordered(repo.load_session(state.name)) == ordered(state)

    push(EditAnnotation.create(state, state.annotations[2].id, note="edited"))
    push(RenameSession.create(state, "renamed"))
    push(DeleteAnnotation.create(state, state.annotations[0].id))
    push(SetVerdict.create(state, "rel", Verdict.REJECTED))
    push(RemoveArticle.create(state, state.articles[1].key))
    for command in reversed(done):
        inverse = command.inverse()
        apply_command(repo, inverse, session=state.name)
        name = inverse.after if isinstance(inverse, RenameSession) else state.name
        state = repo.load_session(name)
    assert unversioned(state) == unversioned(session)


def test_an_unknown_command_is_refused(repo: Repository, session: Session) -> None:
    class Nothing(Command):
        @property
        def label(self) -> str:
            return "Nothing"

        def do(self, state: Session) -> Session:
            return state

        def inverse(self) -> Command:
            return self

    with pytest.raises(TypeError, match="Nothing"):
        apply_command(repo, Nothing(), session=NAME)
