"""Editing the session: annotations, verdicts, undo and redo.

Every change is an ``app.editing.commands`` command pushed on the undo stack
and saved at once on the store's worker (``_store``); a failure there is
handled by SessionSaving.  A note's target is fixed when its editor opens
(``Target``), so an analysis finishing meanwhile cannot move it to another
article.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from app.domain import RelationKind
from app.editing.anchoring import make_anchor, text_hash
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
)
from app.editing.verdicts import Judged
from app.errors import CrosscheckError
from app.session import Annotation, AnnotationStatus, RelationVerdict, Verdict
from ui.controller.session_saving import SessionSaving

if TYPE_CHECKING:  # models loads SQLAlchemy: on the store's worker, after the first paint
    from models.repository import Repository

# Commands that change which articles the session holds: the comparison
# shown must follow them.
ARTICLE_COMMANDS = (AddArticle, RemoveArticle, ReloadArticle)


@dataclass(frozen=True, slots=True)
class Target:
    """A passage of one session article as it was when a note was begun."""

    article_key: str
    text_sha256: str
    start: int
    end: int
    relation: str | None = None  # the relation key, for a note on a relation


class SessionEditing(SessionSaving):
    # -- annotations ---------------------------------------------------------

    @property
    def annotations(self) -> tuple[Annotation, ...]:
        return self.session.annotations if self.session else ()

    def annotation(self, annotation_id: str) -> Annotation | None:
        return next((a for a in self.annotations if a.id == annotation_id), None)

    def target(self, article_id: str, start: int, end: int) -> Target | None:
        """What a note is about, fixed when its editor opens: the session's
        article key and text, not the pane's letter, which an analysis
        finishing meanwhile may give to another article."""
        key = self.article_key(article_id)
        if self.session is None or key is None:
            self.edit_failed.emit(
                "Nothing to annotate yet",
                "The session is still being saved or analysed. Try again in a moment.",
            )
            return None
        text = next(a.article.text for a in self.session.articles if a.key == key)
        return Target(key, text_hash(text), start, end)

    def relation_target(self, relation: int) -> Target | None:
        """The target of a note on a relation: its first claim, and its key."""
        key = self.relation_key_of(relation)
        if key is None or self.index is None or self.comparison is None:
            self.edit_failed.emit(
                "Nothing to annotate yet",
                "The session is still being saved or analysed. Try again in a moment.",
            )
            return None
        claim = self.index.claim(self.comparison.relations[relation].claims[0])
        found = self.target(claim.article_id, claim.start, claim.end)
        return replace(found, relation=key) if found is not None else None

    def add_annotation(
        self,
        article_id: str,
        start: int,
        end: int,
        *,
        note: str,
        tag: str,
        status: AnnotationStatus = AnnotationStatus.OPEN,
    ) -> bool:
        """Annotate ``start:end`` of a shown article now."""
        target = self.target(article_id, start, end)
        return target is not None and self.annotate(target, note=note, tag=tag, status=status)

    def annotate(
        self,
        target: Target,
        *,
        note: str,
        tag: str,
        status: AnnotationStatus = AnnotationStatus.OPEN,
    ) -> bool:
        """Store a note on ``target``; False (and ``edit_failed``, quoting the
        note so nothing typed is lost) when the text it was made on is gone."""
        session = self.session
        item = (
            next((a for a in session.articles if a.key == target.article_key), None)
            if (session is not None)
            else None
        )
        if session is None or item is None or item.text_sha256 != target.text_sha256:
            self.edit_failed.emit(
                "The annotation was not added",
                "The article it was written on was closed, reloaded or replaced while the "
                "editor was open. Select the passage again and paste your note: "
                f"“{note}”",
            )
            return False
        try:
            command = AddAnnotation.create(
                session,
                article_key=target.article_key,
                anchor=make_anchor(item.article.text, target.start, target.end),
                note=note,
                tag=tag,
                relation_key=target.relation,
            )
        except CrosscheckError as exc:
            self.edit_failed.emit("The annotation was not added", exc.message())
            return False
        if status is not AnnotationStatus.OPEN:
            command = replace(command, annotation=replace(command.annotation, status=status))
        self.push(command)
        return True

    def annotate_relation(
        self,
        relation: int,
        *,
        note: str,
        tag: str,
        status: AnnotationStatus = AnnotationStatus.OPEN,
    ) -> bool:
        """A note on a relation now, anchored on its first claim."""
        target = self.relation_target(relation)
        return target is not None and self.annotate(target, note=note, tag=tag, status=status)

    def edit_annotation(
        self,
        annotation_id: str,
        *,
        note: str | None = None,
        tag: str | None = None,
        status: AnnotationStatus | None = None,
    ) -> None:
        if self.session is None:
            return
        try:
            command = EditAnnotation.create(
                self.session, annotation_id, note=note, tag=tag, status=status
            )
        except CrosscheckError as exc:
            if exc.message().lower().startswith("nothing to change"):
                return  # the editor was closed with the same values
            self.edit_failed.emit("The annotation was not changed", exc.message())
            return
        self.push(command)

    def toggle_resolved(self, annotation_id: str) -> None:
        annotation = self.annotation(annotation_id)
        if annotation is not None:
            resolved = annotation.status is AnnotationStatus.RESOLVED
            self.edit_annotation(
                annotation_id,
                status=AnnotationStatus.OPEN if resolved else AnnotationStatus.RESOLVED,
            )

    def delete_annotation(self, annotation_id: str) -> None:
        if self.session is None:
            return
        try:
            command = DeleteAnnotation.create(self.session, annotation_id)
        except CrosscheckError as exc:
            self.edit_failed.emit("The annotation was not deleted", exc.message())
            return
        self.push(command)
        self.status_reported.emit("Annotation deleted; Ctrl+Z brings it back.")

    def reattach_annotation(
        self, annotation_id: str, article_id: str, start: int, end: int
    ) -> None:
        """Place an annotation (an orphan, or a fuzzy one) on ``start:end``."""
        annotation = self.annotation(annotation_id)
        if self.session is None or annotation is None:
            return
        if self.article_key(article_id) != annotation.article_key:
            self.edit_failed.emit(
                "The annotation was not moved",
                "The selection is in another article. Select the passage in the "
                "annotation's own article, then re-attach it.",
            )
            return
        try:
            command = EditAnnotation.reattach(self.session, annotation_id, start, end)
        except CrosscheckError as exc:
            self.edit_failed.emit("The annotation was not moved", exc.message())
            return
        self.push(command)

    # -- verdicts --------------------------------------------------------------

    def judged(self, relation: int) -> Judged | None:
        """Relation ``relation`` of the comparison shown, as it is now."""
        judgements = self.judgements
        if judgements is None or not 0 <= relation < len(judgements):
            return None
        return judgements[relation]

    def relation_key_of(self, relation: int) -> str | None:
        """The key a verdict on ``relation`` is stored under (None before the
        session is saved)."""
        judged = self.judged(relation)
        return judged.key if judged is not None and self.session is not None else None

    def verdict_of(self, relation: int) -> RelationVerdict | None:
        judged = self.judged(relation)
        return judged.verdict if judged is not None else None

    def verdicts(self) -> dict[int, RelationVerdict]:
        """Verdicts by relation index, for the relations shown."""
        judgements = self.judgements
        return judgements.verdicts() if judgements is not None else {}

    def set_verdict(
        self, relation: int, verdict: Verdict | None, kind: RelationKind | None = None
    ) -> None:
        """Confirm, reject or retype (to ``kind``) a relation; None clears it."""
        key = self.relation_key_of(relation)
        if self.session is None or key is None:
            self.edit_failed.emit(
                "No verdict yet",
                "The session is still being saved. Try again in a moment.",
            )
            return
        try:
            command = SetVerdict.create(self.session, key, verdict, kind=kind)
        except CrosscheckError as exc:
            self.edit_failed.emit("The verdict was not changed", exc.message())
            return
        self.push(command)

    # -- undo ------------------------------------------------------------------

    def push(self, command: Command, *, sync: bool = True) -> None:
        if self.session is None:
            return
        name = self.session.name
        done = self.undo_stack.index
        try:
            self.session = self.undo_stack.push(command, self.session)
        except CrosscheckError as exc:
            self.edit_failed.emit("The change was not made", exc.message())
            return
        self._history[done:] = [command]
        self._store(command, name, sync=sync)

    def undo(self) -> None:
        if self.session is None or not self.undo_stack.can_undo:
            return
        name = self.session.name
        command = self._history[self.undo_stack.index - 1]
        try:
            self.session = self.undo_stack.undo(self.session)
        except CrosscheckError as exc:
            self.edit_failed.emit("Nothing was undone", exc.message())
            return
        self._store(command.inverse(), name)
        self.status_reported.emit(f"Undone: {command.label.lower()}.")
        self._after_reload_moved(command)

    def redo(self) -> None:
        if self.session is None or not self.undo_stack.can_redo:
            return
        name = self.session.name
        command = self._history[self.undo_stack.index]
        try:
            self.session = self.undo_stack.redo(self.session)
        except CrosscheckError as exc:
            self.edit_failed.emit("Nothing was redone", exc.message())
            return
        self._store(command, name)
        self.status_reported.emit(f"Redone: {command.label.lower()}.")
        self._after_reload_moved(command)

    def _after_reload_moved(self, command: Command) -> None:
        """Undoing or redoing a reload: its report no longer holds, and the
        file may again differ from the text shown."""
        if not isinstance(command, ReloadArticle) or self.session is None:
            return
        article_id = self.article_id(command.before.key) or command.before.article.id
        self.article_reloaded.emit(article_id, "")
        item = next((a for a in self.session.articles if a.key == command.before.key), None)
        if item is not None and item.article.source.path:
            self._check_source(item)

    def _store(self, command: Command, name: str, *, sync: bool = True) -> None:
        """Save one change at once, on the store's worker; ``name`` is the
        session's name before the change."""
        assert self.session is not None
        if isinstance(command, RenameSession):
            self.session_changed.emit()
        if isinstance(command, SetVerdict):
            self.verdicts_changed.emit(True)
        self.annotations_changed.emit()
        self.undo_changed.emit()
        if self.store is not None:

            def call(repo: Repository) -> None:
                from models.apply import apply_command

                apply_command(repo, command, session=name)

            self.store.submit(
                call,
                None,
                lambda message: self._on_store_failed(message, stored_as=name, command=command),
            )
        if isinstance(command, ARTICLE_COMMANDS):
            self._watch_sources()
            if sync:
                self._sync_articles()
