"""What the window tells the reporter after an edit: Qt-free sentences.

``reload_report`` says what became of an article's annotations when its
source's new text was taken; ``typed_note`` finds the note a failed command
carried, so the message that says it was not saved can quote it.
"""

from __future__ import annotations

from app.editing.commands import AddAnnotation, Command, EditAnnotation, ReloadArticle
from app.session import AnchorState


def reload_report(command: ReloadArticle) -> str:
    """What happened to an article's annotations when its text was reloaded."""
    states = [a.state for a in command.annotations_after]
    if not states:
        return "Reloaded; it had no annotations."
    counts = {state: states.count(state) for state in AnchorState}
    parts = []
    for state, words in (
        (AnchorState.ANCHORED, "in place"),
        (AnchorState.MOVED, "moved with their quote"),
        (AnchorState.FUZZY, "placed approximately (check them)"),
        (AnchorState.ORPHANED, "not found in the new text (kept, listed to re-attach)"),
    ):
        if counts[state]:
            parts.append(f"{counts[state]} {words}")
    total = len(states)
    return (
        f"Reloaded; of its {total} annotation{'s' if total != 1 else ''}: " + ", ".join(parts) + "."
    )


def typed_note(command: Command | None) -> str:
    """The note a failed command carried, if the user typed one."""
    if isinstance(command, AddAnnotation):
        return command.annotation.note
    if isinstance(command, EditAnnotation) and command.after.note != command.before.note:
        return command.after.note
    return ""
