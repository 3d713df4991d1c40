"""What the window says after a reload, and the note a failed edit carried."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.editing.commands import DeleteAnnotation, EditAnnotation, ReloadArticle
from app.editing.reports import reload_report, typed_note
from app.session import AnchorState, Session

from .helpers import article
from .test_commands import T0, TEXT_A, Clock, annotation, session_article


@pytest.fixture
def session() -> Session:
    return Session(
        name="reports",
        created=T0,
        updated=T0,
        articles=(session_article("ka", 0, TEXT_A),),
        annotations=(annotation("n1", "ka", TEXT_A, "three people", "B says two"),),
    )


@pytest.fixture
def clock() -> Clock:
    return Clock()


def _reload(session: Session, clock: Clock) -> ReloadArticle:
    return ReloadArticle.create(session, "ka", article("A", "UPDATE: " + TEXT_A), clock=clock)


def test_reload_report_counts_each_state(session: Session, clock: Clock) -> None:
    command = _reload(session, clock)
    first = command.annotations_after[0]
    states = [AnchorState.ANCHORED, AnchorState.MOVED, AnchorState.MOVED, AnchorState.ORPHANED]
    command = replace(command, annotations_after=tuple(replace(first, state=s) for s in states))
    assert reload_report(command) == (
        "Reloaded; of its 4 annotations: 1 in place, 2 moved with their quote, "
        "1 not found in the new text (kept, listed to re-attach)."
    )
    one = replace(command, annotations_after=(replace(first, state=AnchorState.FUZZY),))
    assert reload_report(one) == (
        "Reloaded; of its 1 annotation: 1 placed approximately (check them)."
    )


def test_reload_report_without_annotations(session: Session, clock: Clock) -> None:
    command = replace(_reload(session, clock), annotations_after=())
    assert reload_report(command) == "Reloaded; it had no annotations."


def test_typed_note_only_when_the_note_was_typed(session: Session, clock: Clock) -> None:
    edited = EditAnnotation.create(session, "n1", note="typed here", clock=clock)
    assert typed_note(edited) == "typed here"
    retagged = EditAnnotation.create(session, "n1", tag="context", clock=clock)
    assert typed_note(retagged) == ""
    assert typed_note(DeleteAnnotation.create(session, "n1", clock=clock)) == ""
    assert typed_note(None) == ""
