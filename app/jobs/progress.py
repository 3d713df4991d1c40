"""The one protocol of long work: progress reports and a cancellation check.

``Progress(stage, done, total)``: the ``Stage`` the work is at and how far it
is.  ``IsCancelled()`` is asked between steps; a task raises
``app.errors.Cancelled`` when it says yes.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum


class Stage(StrEnum):
    """The stages long work reports (written as these words across the
    analysis process's pipe and in the window's status line)."""

    # an analysis
    IMPORTING = "importing"
    READING = "reading"  # importing, before the first file is read
    ANALYSING = "analysing"  # parsing, before the first part is parsed
    LOADING_MODEL = "loading model"
    PARSING = "parsing"
    LINKING = "linking"
    CONFLICTS = "conflicts"
    # an export
    PREPARING = "preparing"
    LAYOUT = "layout"
    WRITING = "writing"


Progress = Callable[[str, int, int], None]
IsCancelled = Callable[[], bool]
