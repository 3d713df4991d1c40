"""The reporter's edits as the window shows them: annotations, verdicts, undo.

The annotation dialogs (a selection, a relation, an existing note), a note
re-attached to the passage selected, a note's passage shown, verdicts asked
from the relations table; and the controller's word that annotations,
verdicts or the undo history changed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QApplication

from app.domain import RelationKind
from app.session import AnchorState, AnnotationStatus, Verdict
from ui.article_view import ArticlePane
from ui.dialogs import AnnotationDialog
from ui.main_window.appearance import Appearance


class Editing(Appearance):
    """Annotations, verdicts, undo and redo."""

    def _selected_pane(self) -> ArticlePane | None:
        """The pane with a selection, the focused one first."""
        focused = QApplication.focusWidget()
        ordered = sorted(self.panes.values(), key=lambda p: p.text is not focused)
        for pane in ordered:
            start, end = pane.selected_span()
            if start < end:
                return pane
        return None

    @Slot()
    def annotate_selection(self) -> None:
        """Annotate the passage selected in an article; with none selected,
        or only a claim of the relation selected in the table (what F8 and
        the table select), that relation."""
        pane = self._selected_pane()
        relation = self.relations_panel.selected_relation()
        if relation is not None and (pane is None or self._shows_claim_of(pane, relation)):
            self.annotate_relation(relation)
            return
        if pane is None:
            self.status_text.setText(
                "Select a passage in an article or a relation first, then annotate it."
            )
            return
        if self.controller.session is None:
            self.status_text.setText("The session is still being saved; annotate in a moment.")
            return
        article_id = pane.article.id
        start, end = pane.selected_span()
        target = self.controller.target(article_id, start, end)
        if target is None:
            return

        def save(note: str, tag: str, status: AnnotationStatus) -> None:
            self.controller.annotate(target, note=note, tag=tag, status=status)

        self._open_annotation_dialog(
            AnnotationDialog([(article_id, pane.article.text[start:end])], self), save
        )

    def _shows_claim_of(self, pane: ArticlePane, relation: int) -> bool:
        """Whether the pane's selection is exactly a claim of ``relation``."""
        comparison, index = self.controller.comparison, self.controller.index
        if comparison is None or index is None or relation >= len(comparison.relations):
            return False
        start, end = pane.selected_span()
        claims = (index.claim(c) for c in comparison.relations[relation].claims)
        return any((c.article_id, c.start, c.end) == (pane.article.id, start, end) for c in claims)

    @Slot(int)
    def annotate_relation(self, relation: int) -> None:
        comparison, index = self.controller.comparison, self.controller.index
        target = self.controller.relation_target(relation)
        if comparison is None or index is None or target is None:
            return
        claims = [index.claim(c) for c in comparison.relations[relation].claims]
        dialog = AnnotationDialog(
            [(c.article_id, c.text) for c in claims], self, title="Annotate relation"
        )

        def save(note: str, tag: str, status: AnnotationStatus) -> None:
            self.controller.annotate(target, note=note, tag=tag, status=status)

        self._open_annotation_dialog(dialog, save)

    @Slot(str)
    def edit_annotation(self, annotation_id: str) -> None:
        annotation = self.controller.annotation(annotation_id)
        if annotation is None:
            return
        letter = self.controller.article_id(annotation.article_key) or "?"
        dialog = AnnotationDialog(
            [(letter, annotation.anchor.exact)],
            self,
            title="Edit annotation",
            action="Save",
            note=annotation.note,
            tag=annotation.tag,
            status=annotation.status,
        )

        def save(note: str, tag: str, status: AnnotationStatus) -> None:
            self.controller.edit_annotation(annotation_id, note=note, tag=tag, status=status)

        self._open_annotation_dialog(dialog, save)

    def _open_annotation_dialog(
        self, dialog: AnnotationDialog, save: Callable[[str, str, AnnotationStatus], None]
    ) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def accepted() -> None:
            self.annotation_dialog = None
            save(*dialog.values())

        dialog.accepted.connect(accepted)
        dialog.rejected.connect(lambda: setattr(self, "annotation_dialog", None))
        self._return_focus_after(dialog)
        self.annotation_dialog = dialog
        dialog.open()

    @Slot(str)
    def reattach_annotation(self, annotation_id: str) -> None:
        annotation = self.controller.annotation(annotation_id)
        if annotation is None:
            return
        article_id = self.controller.article_id(annotation.article_key)
        pane = self.panes.get(article_id or "")
        start, end = pane.selected_span() if pane is not None else (0, 0)
        if pane is None or start >= end:
            self.status_text.setText(
                f"Select the passage in article {article_id or '?'} first, "
                "then re-attach the annotation to it."
            )
            return
        self.controller.reattach_annotation(annotation_id, pane.article.id, start, end)

    def show_annotation(self, annotation_id: str) -> None:
        for annotation in self.controller.annotations:
            if annotation.id != annotation_id:
                continue
            article_id = self.controller.article_id(annotation.article_key)
            pane = self.panes.get(article_id or "")
            if pane is None:
                return
            if annotation.state is AnchorState.ORPHANED:
                self.status_text.setText("This annotation's quote is no longer in the text.")
                return
            pane.show_span(annotation.anchor.start, annotation.anchor.end)
            self.pane_area.ensureWidgetVisible(pane, 0, 0)
            return

    @Slot()
    def _on_controller_annotations_changed(self) -> None:
        session = self.controller.session
        letters = {
            a.key: self.controller.article_id(a.key) or "—"
            for a in (session.articles if session else ())
        }
        self.annotations_panel.set_annotations(self.controller.annotations, letters)
        self._apply_highlights()

    @Slot(int, object, object)
    def _on_relations_verdict_requested(
        self, relation: int, verdict: Verdict | None, kind: RelationKind | None
    ) -> None:
        self.controller.set_verdict(relation, verdict, kind)

    @Slot(bool)
    def _on_controller_verdicts_changed(self, edited: bool = False) -> None:
        """What the relations are now changed: the table (after an edit its
        rows stay put), the panes' highlights and bands, the legend and the
        status bar all read it from the controller's judgements (app.editing.verdicts)."""
        if not self._table_pending:  # else the table takes them when filled
            self.relations_panel.set_judgements(self.controller.judgements, keep_order=edited)
        self._apply_highlights()
        self._update_legend()
        if not self.controller.busy:
            self._show_summary()

    @Slot()
    def _on_controller_undo_changed(self) -> None:
        stack = self.controller.undo_stack
        self.undo_action.setEnabled(stack.can_undo)
        self.undo_action.setText(f"&Undo {stack.undo_label}" if stack.can_undo else "&Undo")
        self.redo_action.setEnabled(stack.can_redo)
        self.redo_action.setText(f"&Redo {stack.redo_label}" if stack.can_redo else "&Redo")
