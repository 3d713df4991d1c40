"""The one protocol of long work: progress reports and a cancellation check.

``Progress(stage, done, total)``: the stage ("loading model", "parsing",
"linking", "conflicts" for the analysis; "drawing" and the like for an
export), and how far it is.  ``IsCancelled()`` is asked between steps; a task
raises ``app.errors.Cancelled`` when it says yes.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[str, int, int], None]
IsCancelled = Callable[[], bool]
