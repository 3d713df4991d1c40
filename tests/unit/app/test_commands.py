"""Editing commands on an immutable session: do, undo, and the undo history."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain import RelationKind
from app.editing.anchoring import AnchorError, find_quote, make_anchor, text_hash
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
    UndoStack,
    apply,
    article_letter,
    clean_tag,
)
from app.errors import InputError
from app.session import (
    AnchorState,
    Annotation,
    AnnotationStatus,
    RelationVerdict,
    Session,
    SessionArticle,
    Verdict,
)

from .helpers import article

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
TEXT_A = "A car bomb in eastern Baghdad killed three people on Thursday, police said."
TEXT_B = "Two people died when a car exploded in Baghdad on Wednesday, officials said."
TEXT_C = "Witnesses said the blast shook the Green Zone on Thursday."


class Clock:
    """A clock that ticks one minute per reading."""

    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


class Ids:
    def __init__(self, prefix: str = "id") -> None:
        self.prefix = prefix
        self.n = 0

    def __call__(self) -> str:
        self.n += 1
        return f"{self.prefix}{self.n}"


def session_article(key: str, position: int, text: str) -> SessionArticle:
    return SessionArticle(
        key, position, article(article_letter(position), text), text_hash(text), T0
    )


def annotation(ann_id: str, article_key: str, text: str, quote: str, note: str = "") -> Annotation:
    anchor = make_anchor(text, *find_quote(text, quote))
    return Annotation(
        ann_id, article_key, anchor, note, "discrepancy", AnnotationStatus.OPEN, "ana", T0, T0
    )


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def session() -> Session:
    a = session_article("ka", 0, TEXT_A)
    b = session_article("kb", 1, TEXT_B)
    return Session(
        name="baghdad",
        created=T0,
        updated=T0,
        articles=(a, b),
        annotations=(
            annotation("n1", "ka", TEXT_A, "three people", "B says two"),
            annotation("n2", "kb", TEXT_B, "Two people"),
            annotation("n3", "ka", TEXT_A, "Thursday"),
        ),
        verdicts=(RelationVerdict("ka:x|kb:y", Verdict.CONFIRMED, None, "", T0),),
    )


def assert_round_trip(command: Command, state: Session) -> Session:
    """undo(do(s)) == s, and redoing gives the same session again."""
    done = command.do(state)
    assert done != state
    assert command.undo(done) == state
    assert command.do(command.undo(done)) == done
    assert apply(command, state) == done
    return done


# ---------------------------------------------------------------------------
# AddAnnotation


def add_note(session: Session, clock: Clock, **kwargs: object) -> AddAnnotation:
    fields: dict[str, object] = {
        "article_key": "kb",
        "anchor": make_anchor(TEXT_B, *find_quote(TEXT_B, "Wednesday")),
        "note": "  A says Thursday  ",
        "tag": "Discrepancy",
        "author": "ana",
        "clock": clock,
        "make_id": Ids("new"),
    }
    fields.update(kwargs)
    return AddAnnotation.create(session, **fields)  # type: ignore[arg-type]


def test_add_annotation_appends_a_stamped_open_annotation(session: Session, clock: Clock) -> None:
    command = add_note(session, clock)
    done = assert_round_trip(command, session)
    added = done.annotations[-1]
    assert added.id == "new1"
    assert (added.note, added.tag, added.status, added.author) == (
        "A says Thursday",
        "discrepancy",
        AnnotationStatus.OPEN,
        "ana",
    )
    assert added.created == added.updated == done.updated == T0 + timedelta(minutes=1)
    assert (added.state, added.version) == (AnchorState.ANCHORED, 1)
    assert command.label == "Add annotation"
    assert isinstance(command.inverse(), DeleteAnnotation)


def test_add_annotation_takes_the_os_user_as_author_by_default(
    session: Session, clock: Clock
) -> None:
    command = add_note(session, clock, author=None)
    assert command.annotation.author.strip()


def test_add_annotation_keeps_a_free_tag_as_typed(session: Session, clock: Clock) -> None:
    assert add_note(session, clock, tag=" police  figures ").annotation.tag == "police figures"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"article_key": "nope"}, "no article 'nope'"),
        ({"tag": "   "}, "the tag is empty"),
        ({"tag": "x" * 41}, "41 characters"),
        ({"tag": "a\x07b"}, "control character"),
        ({"article_key": "ka"}, "not in article A as it is now"),
    ],
)
def test_add_annotation_refuses_bad_input(
    session: Session, clock: Clock, change: dict[str, object], message: str
) -> None:
    with pytest.raises(InputError) as caught:
        add_note(session, clock, **change)
    assert message.lower() in caught.value.message().lower()
    assert caught.value.why and caught.value.todo


def test_adding_twice_is_stale(session: Session, clock: Clock) -> None:
    command = add_note(session, clock)
    with pytest.raises(StaleCommand):
        command.do(command.do(session))


# ---------------------------------------------------------------------------
# EditAnnotation


def test_edit_note_bumps_version_and_updated(session: Session, clock: Clock) -> None:
    command = EditAnnotation.create(session, "n1", note="B says two; AP says four", clock=clock)
    done = assert_round_trip(command, session)
    edited = done.annotations[0]
    assert edited.note == "B says two; AP says four"
    assert edited.version == 2
    assert edited.updated == done.updated == T0 + timedelta(minutes=1)
    assert (edited.created, edited.tag, edited.anchor) == (
        T0,
        "discrepancy",
        session.annotations[0].anchor,
    )
    assert command.label == "Edit note"


@pytest.mark.parametrize(
    ("change", "label"),
    [
        ({"status": AnnotationStatus.RESOLVED}, "Resolve annotation"),
        ({"tag": "needs SOURCE"}, "Change tag"),
        ({"note": "x", "tag": "opinion"}, "Edit annotation"),
    ],
)
def test_edit_tag_and_status(
    session: Session, clock: Clock, change: dict[str, object], label: str
) -> None:
    command = EditAnnotation.create(session, "n2", clock=clock, **change)  # type: ignore[arg-type]
    assert_round_trip(command, session)
    assert command.label == label
    if "tag" in change:
        assert command.after.tag in ("needs source", "opinion")


def test_reopening_is_labelled(session: Session, clock: Clock) -> None:
    resolved = EditAnnotation.create(session, "n1", status=AnnotationStatus.RESOLVED, clock=clock)
    state = resolved.do(session)
    reopen = EditAnnotation.create(state, "n1", status=AnnotationStatus.OPEN, clock=clock)
    assert reopen.label == "Reopen annotation"
    assert reopen.do(state).annotations[0].version == 3


def test_edit_refuses_unknown_ids_empty_tags_and_no_change(session: Session, clock: Clock) -> None:
    with pytest.raises(InputError, match=r"(?i)no annotation 'zz'"):
        EditAnnotation.create(session, "zz", note="x", clock=clock)
    with pytest.raises(InputError, match=r"(?i)tag is empty"):
        EditAnnotation.create(session, "n1", tag="", clock=clock)
    with pytest.raises(InputError, match=r"(?i)nothing to change"):
        EditAnnotation.create(session, "n1", note=" B says two ", clock=clock)


def test_an_edit_made_on_an_older_version_is_stale(session: Session, clock: Clock) -> None:
    first = EditAnnotation.create(session, "n1", note="first", clock=clock)
    second = EditAnnotation.create(session, "n1", note="second", clock=clock)
    with pytest.raises(StaleCommand) as caught:
        second.do(first.do(session))
    assert "version 2" in caught.value.message()


def test_reattach_places_an_orphan_by_hand(session: Session, clock: Clock) -> None:
    orphan = replace(session.annotations[0], state=AnchorState.ORPHANED)
    state = replace(session, annotations=(orphan, *session.annotations[1:]))
    start, end = find_quote(TEXT_A, "killed three people")
    command = EditAnnotation.reattach(state, "n1", start, end, clock=clock)
    done = assert_round_trip(command, state)
    placed = done.annotations[0]
    assert placed.anchor == make_anchor(TEXT_A, start, end)
    assert (placed.state, placed.version) == (AnchorState.ANCHORED, 2)
    assert command.label == "Re-attach annotation"
    with pytest.raises(AnchorError):
        EditAnnotation.reattach(state, "n1", 5, 500, clock=clock)


def test_accepting_a_fuzzy_place_as_it_is(session: Session, clock: Clock) -> None:
    fuzzy = replace(session.annotations[0], state=AnchorState.FUZZY)
    state = replace(session, annotations=(fuzzy, *session.annotations[1:]))
    command = EditAnnotation.reattach(
        state, "n1", fuzzy.anchor.start, fuzzy.anchor.end, clock=clock
    )
    assert command.do(state).annotations[0].state is AnchorState.ANCHORED


# ---------------------------------------------------------------------------
# DeleteAnnotation


def test_delete_then_undo_restores_the_annotation_exactly_in_place(
    session: Session, clock: Clock
) -> None:
    command = DeleteAnnotation.create(session, "n2", clock=clock)
    done = assert_round_trip(command, session)
    assert [a.id for a in done.annotations] == ["n1", "n3"]
    assert [a.id for a in command.undo(done).annotations] == ["n1", "n2", "n3"]
    assert command.label == "Delete annotation"
    assert isinstance(command.inverse(), AddAnnotation)


def test_delete_refuses_an_unknown_id_and_a_changed_annotation(
    session: Session, clock: Clock
) -> None:
    with pytest.raises(InputError) as caught:
        DeleteAnnotation.create(session, "missing", clock=clock)
    assert "crosscheck session show" in caught.value.message()
    command = DeleteAnnotation.create(session, "n2", clock=clock)
    edited = EditAnnotation.create(session, "n2", note="changed", clock=clock).do(session)
    with pytest.raises(StaleCommand):
        command.do(edited)


# ---------------------------------------------------------------------------
# SetVerdict


def test_a_new_verdict_is_added_and_undo_leaves_none(session: Session, clock: Clock) -> None:
    command = SetVerdict.create(
        session, "ka:p|kb:q", Verdict.REJECTED, note="not the same event", clock=clock
    )
    done = assert_round_trip(command, session)
    assert done.verdicts[-1] == RelationVerdict(
        "ka:p|kb:q", Verdict.REJECTED, None, "not the same event", T0 + timedelta(minutes=1)
    )
    assert command.before is None
    assert command.label == "Reject relation"


def test_changing_a_verdict_keeps_its_place_and_undo_restores_the_old_one(
    session: Session, clock: Clock
) -> None:
    command = SetVerdict.create(
        session, "ka:x|kb:y", Verdict.RETYPED, kind=RelationKind.MATCH, clock=clock
    )
    done = assert_round_trip(command, session)
    assert len(done.verdicts) == 1
    assert (done.verdicts[0].verdict, done.verdicts[0].kind) == (
        Verdict.RETYPED,
        RelationKind.MATCH,
    )
    assert command.undo(done).verdicts == session.verdicts
    assert command.label == "Retype relation"


def test_clearing_a_verdict(session: Session, clock: Clock) -> None:
    command = SetVerdict.create(session, "ka:x|kb:y", None, clock=clock)
    assert assert_round_trip(command, session).verdicts == ()
    assert command.label == "Clear verdict"


@pytest.mark.parametrize(
    ("key", "verdict", "kind", "message"),
    [
        ("  ", Verdict.CONFIRMED, None, "no relation was named"),
        ("k", Verdict.RETYPED, None, "needs its new kind"),
        ("k", Verdict.CONFIRMED, RelationKind.MATCH, "a kind was given"),
        ("ka:x|kb:y", Verdict.CONFIRMED, None, "already has this verdict"),
        ("k", None, None, "already has this verdict"),
    ],
)
def test_set_verdict_refuses_bad_input(
    session: Session,
    clock: Clock,
    key: str,
    verdict: Verdict | None,
    kind: RelationKind | None,
    message: str,
) -> None:
    with pytest.raises(InputError, match=r"(?i)" + message):
        SetVerdict.create(session, key, verdict, kind=kind, clock=clock)


def test_a_verdict_changed_meanwhile_makes_the_command_stale(
    session: Session, clock: Clock
) -> None:
    first = SetVerdict.create(session, "ka:x|kb:y", Verdict.REJECTED, clock=clock)
    second = SetVerdict.create(session, "ka:x|kb:y", None, clock=clock)
    with pytest.raises(StaleCommand):
        second.do(first.do(session))


# ---------------------------------------------------------------------------
# RenameSession


def test_rename_trims_and_round_trips(session: Session, clock: Clock) -> None:
    command = RenameSession.create(session, "  Baghdad bombing  ", clock=clock)
    done = assert_round_trip(command, session)
    assert done.name == "Baghdad bombing"
    assert done.updated == T0 + timedelta(minutes=1)
    assert command.label == "Rename session"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("a\nb", "line break"),
        ("x" * 201, "201 characters"),
        ("baghdad", "already called"),
    ],
)
def test_rename_refuses_bad_names(session: Session, clock: Clock, name: str, message: str) -> None:
    with pytest.raises(InputError, match=r"(?i)" + message):
        RenameSession.create(session, name, clock=clock)


def test_a_rename_of_a_renamed_session_is_stale(session: Session, clock: Clock) -> None:
    command = RenameSession.create(session, "one", clock=clock)
    other = RenameSession.create(session, "two", clock=clock)
    with pytest.raises(StaleCommand, match=r"(?i)no longer called 'baghdad'"):
        command.do(other.do(session))


# ---------------------------------------------------------------------------
# AddArticle and RemoveArticle


def test_add_article_appends_with_the_next_letter(session: Session, clock: Clock) -> None:
    command = AddArticle.create(session, article("Z", TEXT_C), clock=clock, make_id=Ids("k"))
    done = assert_round_trip(command, session)
    added = done.articles[-1]
    assert (added.key, added.position, added.article.id) == ("k1", 2, "C")
    assert added.text_sha256 == text_hash(TEXT_C)
    assert added.imported == done.updated == T0 + timedelta(minutes=1)
    assert command.label == "Add article"


def test_add_article_at_the_front_relabels_the_others(session: Session, clock: Clock) -> None:
    command = AddArticle.create(session, article("Z", TEXT_C), position=0, clock=clock)
    done = assert_round_trip(command, session)
    assert [(a.position, a.article.id, a.article.text) for a in done.articles] == [
        (0, "A", TEXT_C),
        (1, "B", TEXT_A),
        (2, "C", TEXT_B),
    ]


def test_add_article_refuses_a_position_beyond_the_end(session: Session, clock: Clock) -> None:
    with pytest.raises(InputError, match=r"(?i)position 4"):
        AddArticle.create(session, article("Z", TEXT_C), position=3, clock=clock)


def test_remove_article_takes_its_annotations_and_undo_brings_them_back(
    session: Session, clock: Clock
) -> None:
    command = RemoveArticle.create(session, "ka", clock=clock)
    done = assert_round_trip(command, session)
    assert [(a.key, a.position, a.article.id) for a in done.articles] == [("kb", 0, "A")]
    assert [a.id for a in done.annotations] == ["n2"]
    assert [i for i, _ in command.annotations] == [0, 2]
    restored = command.undo(done)
    assert restored.annotations == session.annotations
    assert restored.articles == session.articles
    assert restored.verdicts == session.verdicts
    assert command.label == "Remove article"
    assert isinstance(command.inverse(), AddArticle)


def test_the_last_article_cannot_be_removed(session: Session, clock: Clock) -> None:
    state = RemoveArticle.create(session, "ka", clock=clock).do(session)
    with pytest.raises(InputError, match=r"(?i)only one in the session"):
        RemoveArticle.create(state, "kb", clock=clock)
    with pytest.raises(InputError, match=r"(?i)no article 'nope'"):
        RemoveArticle.create(session, "nope", clock=clock)


def test_removing_after_an_annotation_was_added_is_stale(session: Session, clock: Clock) -> None:
    command = RemoveArticle.create(session, "kb", clock=clock)
    with pytest.raises(StaleCommand, match=r"(?i)annotations changed"):
        command.do(add_note(session, clock).do(session))


# ---------------------------------------------------------------------------
# ReloadArticle


def test_reload_replaces_the_text_and_reanchors_its_annotations(
    session: Session, clock: Clock
) -> None:
    new_text = "UPDATE: " + TEXT_A.replace("three people", "four people")
    command = ReloadArticle.create(session, "ka", article("Q", new_text), clock=clock)
    done = assert_round_trip(command, session)
    reloaded = done.articles[0]
    assert (reloaded.article.id, reloaded.article.text) == ("A", new_text)
    assert reloaded.text_sha256 == text_hash(new_text)
    n1, n2, n3 = done.annotations
    assert (n1.state, n1.anchor.exact, n1.version) == (AnchorState.FUZZY, "four people", 2)
    assert (n3.state, n3.anchor.start, n3.version) == (
        AnchorState.MOVED,
        session.annotations[2].anchor.start + 8 - 1,  # "three" -> "four"
        2,
    )
    assert n2 == session.annotations[1]
    assert command.label == "Reload article"


def test_a_fuzzy_annotation_stays_under_review_after_a_reload(
    session: Session, clock: Clock
) -> None:
    fuzzy = replace(session.annotations[2], state=AnchorState.FUZZY)
    state = replace(session, annotations=(*session.annotations[:2], fuzzy))
    command = ReloadArticle.create(state, "ka", article("A", "Breaking. " + TEXT_A), clock=clock)
    assert command.do(state).annotations[2].state is AnchorState.FUZZY


# ---------------------------------------------------------------------------
# UndoStack


def commands_for(clock: Clock) -> Iterator[Callable[[Session], Command]]:
    yield lambda s: EditAnnotation.create(s, "n1", note="first edit", clock=clock)
    yield lambda s: DeleteAnnotation.create(s, "n2", clock=clock)
    yield lambda s: RenameSession.create(s, "renamed", clock=clock)


def test_undo_stack_moves_through_the_history(session: Session, clock: Clock) -> None:
    stack = UndoStack()
    assert not stack.can_undo and not stack.can_redo and stack.is_clean
    states = [session]
    for make in commands_for(clock):
        states.append(stack.push(make(states[-1]), states[-1]))
    assert (stack.index, stack.count, stack.undo_label) == (3, 3, "Rename session")
    assert not stack.is_clean
    state = states[-1]
    for expected in reversed(states[:-1]):
        state = stack.undo(state)
        assert state == expected
    assert not stack.can_undo and stack.redo_label == "Edit note"
    assert stack.undo(state) is state  # nothing to undo: a no-op, like QUndoStack
    for expected in states[1:]:
        state = stack.redo(state)
        assert state == expected
    assert stack.redo(state) is state


def test_pushing_after_undo_drops_the_redo_tail_and_an_unreachable_clean_mark(
    session: Session, clock: Clock
) -> None:
    stack = UndoStack()
    state = stack.push(RenameSession.create(session, "one", clock=clock), session)
    state = stack.push(RenameSession.create(state, "two", clock=clock), state)
    stack.set_clean()
    assert stack.clean_index == 2 and stack.is_clean
    state = stack.undo(state)
    assert not stack.is_clean
    state = stack.push(RenameSession.create(state, "three", clock=clock), state)
    assert (stack.count, stack.can_redo, stack.clean_index) == (2, False, None)
    assert state.name == "three"


def test_a_failing_command_leaves_the_history_alone(session: Session, clock: Clock) -> None:
    stack = UndoStack()
    command = RenameSession.create(session, "one", clock=clock)
    with pytest.raises(StaleCommand):
        stack.push(command, replace(session, name="elsewhere"))
    assert (stack.count, stack.index) == (0, 0)
    state = stack.push(command, session)
    with pytest.raises(StaleCommand):
        stack.undo(replace(state, name="changed behind our back"))
    assert stack.index == 1 and stack.can_undo


def test_the_limit_drops_the_oldest_commands(session: Session, clock: Clock) -> None:
    stack = UndoStack(limit=2)
    state = session
    stack.set_clean()
    for name in ("one", "two", "three"):
        state = stack.push(RenameSession.create(state, name, clock=clock), state)
    assert (stack.count, stack.index, stack.clean_index) == (2, 2, None)
    state = stack.undo(stack.undo(state))
    assert state.name == "one"
    stack.clear()
    assert (stack.count, stack.can_undo, stack.is_clean) == (0, False, True)


_NOTES = st.text(alphabet="abc xyz", min_size=1, max_size=8).filter(lambda s: s.strip())


@st.composite
def _command(draw: st.DrawFn, state: Session, clock: Clock) -> Command | None:
    kind = draw(st.sampled_from(["edit", "delete", "add", "rename", "verdict", "remove"]))
    ids = [a.id for a in state.annotations]
    try:
        if kind == "edit" and ids:
            return EditAnnotation.create(
                state, draw(st.sampled_from(ids)), note=draw(_NOTES), clock=clock
            )
        if kind == "delete" and ids:
            return DeleteAnnotation.create(state, draw(st.sampled_from(ids)), clock=clock)
        if kind == "add":
            target = draw(st.sampled_from(state.articles))
            text = target.article.text
            start = draw(st.integers(0, len(text) - 1))
            anchor = make_anchor(text, start, start + 1)
            return AddAnnotation.create(
                state,
                article_key=target.key,
                anchor=anchor,
                note=draw(_NOTES),
                author="x",
                clock=clock,
            )
        if kind == "rename":
            return RenameSession.create(state, draw(_NOTES), clock=clock)
        if kind == "verdict":
            verdict = draw(st.sampled_from([Verdict.CONFIRMED, Verdict.REJECTED, None]))
            return SetVerdict.create(
                state, draw(st.sampled_from(["r1", "r2"])), verdict, clock=clock
            )
        if kind == "remove":
            return RemoveArticle.create(
                state, draw(st.sampled_from([a.key for a in state.articles])), clock=clock
            )
    except InputError:
        return None
    return None


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_any_history_undoes_to_the_start_and_redoes_to_the_end(data: st.DataObject) -> None:
    clock = Clock()
    start = Session(
        "s",
        T0,
        T0,
        (
            session_article("ka", 0, TEXT_A),
            session_article("kb", 1, TEXT_B),
            session_article("kc", 2, TEXT_C),
        ),
        (
            annotation("n1", "ka", TEXT_A, "three people"),
            annotation("n2", "kb", TEXT_B, "Two people"),
        ),
    )
    stack = UndoStack()
    states = [start]
    for _ in range(data.draw(st.integers(1, 8), label="length")):
        command = data.draw(_command(states[-1], clock), label="command")
        if command is not None:
            states.append(stack.push(command, states[-1]))
    state = states[-1]
    while stack.can_undo:
        state = stack.undo(state)
    assert state == start
    while stack.can_redo:
        state = stack.redo(state)
    assert state == states[-1]


def test_clean_tag_spells_fixed_tags_their_own_way() -> None:
    assert clean_tag("NEEDS   source") == "needs source"
    assert clean_tag("Verified") == "verified"
    assert clean_tag("Agence France-Presse") == "Agence France-Presse"


def test_article_letters_go_on_after_z() -> None:
    assert [article_letter(i) for i in (0, 1, 25, 26, 27, 701, 702)] == [
        "A",
        "B",
        "Z",
        "AA",
        "AB",
        "ZZ",
        "AAA",
    ]
