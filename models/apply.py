"""Storing an editing command: the one place ``app.editing.commands`` meets the database.

``apply_command`` writes what ``command.do(session)`` computes, each command in
the repository's own short transactions, so what the database holds after it
equals the session ``do`` returns.  Undo is applying ``command.inverse()``.

Times come from the command, not from the clock at the moment of storing: the
session's ``updated`` stamp (and a reloaded article's ``imported``) are the
command's ``updated``, so undoing puts the old stamp back, as ``undo`` does.

What the store keeps differently from the pure session:

* annotation versions only go up.  Undoing an edit or a reload stores the old
  fields under a new version, never the old number: a desk still holding that
  number must get ``ConcurrentEdit``, not overwrite the undo silently;
* the store keeps no order of annotations or verdicts (they are read back in
  reading order and by relation key), and undoing a reload stamps the
  article's ``imported`` with the command's time.

Verdicts carry no version: the last one set wins.  Deleting an annotation that
is already gone is not an error (nothing is lost), as in the repository.
"""

from __future__ import annotations

from dataclasses import replace

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
from app.session import Annotation
from models.repository import Repository

StampedCommand = (
    AddAnnotation
    | DeleteAnnotation
    | EditAnnotation
    | SetVerdict
    | RenameSession
    | AddArticle
    | RemoveArticle
    | ReloadArticle
)


def apply_command(repository: Repository, command: Command, *, session: str) -> None:
    """Store ``command``, made on the session now called ``session``."""
    if not isinstance(command, StampedCommand):
        raise TypeError(f"no way to store a {type(command).__name__}")
    when = command.updated
    # The same store, stamping the command's time instead of the clock's.
    repo = Repository(repository.store, clock=lambda: when)
    match command:
        case AddAnnotation():
            repo.add_annotation(command.annotation)
        case DeleteAnnotation():
            repo.delete_annotation(command.annotation)
        case EditAnnotation():
            repo.edit_annotation(replace(command.after, version=command.before.version))
        case SetVerdict():
            if command.after is None:
                repo.clear_verdict(session, command.relation_key)
            else:
                repo.set_verdict(session, command.after)
        case RenameSession():
            if session != command.before:
                raise StaleCommand(
                    f"the session is no longer called {command.before!r}",
                    f"It is now {session!r}",
                    "Reload the session, then make the change again",
                )
            repo.rename_session(command.before, command.after)
        case AddArticle():
            added = command.article
            repo.add_article(
                session,
                added.article,
                position=added.position,
                key=added.key,
                imported=added.imported,
                annotations=[a for _, a in command.annotations],
            )
        case RemoveArticle():
            repo.remove_article(session, command.article.key)
        case ReloadArticle():
            repo.replace_article(
                session,
                command.before.key,
                command.after.article,
                _changed(command.annotations_before, command.annotations_after),
            )


def _changed(before: tuple[Annotation, ...], after: tuple[Annotation, ...]) -> list[Annotation]:
    """The re-anchored annotations that differ, each carrying the version it
    had before (the repository checks it and bumps it)."""
    old = {a.id: a for a in before}
    return [replace(a, version=old[a.id].version) for a in after if a != old[a.id]]
