"""Editing a session: the reporter's commands (do and undo), re-anchoring
annotations when a text changes, and the verdicts (``verdicts``: the one rule
of what a relation is now, engine kind and reporter's verdict together)."""
