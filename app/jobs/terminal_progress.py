"""Progress of a long analysis on the terminal, for the command line.

The engine reports ``progress(stage, done, total)`` (the window shows it in
its status bar); here the same reports become one line on stderr, redrawn in
place, and wiped when the work ends.  Only when stderr is a terminal: a pipe,
a file or a test's captured output never receives a byte.  Nothing is drawn
for work that ends within :data:`DELAY` seconds.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

from app.jobs.progress import Stage

# Seconds before the first line: a short analysis stays silent.
DELAY = 1.0
# Seconds between two redraws of one stage.
INTERVAL = 0.1

_STAGES: dict[str, str] = {
    Stage.IMPORTING: "importing files",
    Stage.LOADING_MODEL: "loading the language model",
    Stage.PARSING: "parsing",
    Stage.LINKING: "linking claims",
    Stage.CONFLICTS: "looking for conflicts",
}


class TerminalProgress:
    """A ``progress(stage, done, total)`` callback that draws on ``stream``."""

    def __init__(
        self,
        stream: TextIO,
        *,
        delay: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream
        self.delay = DELAY if delay is None else delay
        self.clock = clock
        self.started = clock()
        self._stage = ""
        self._drawn_at = float("-inf")
        self._width = 0  # characters of the line on screen, 0 when none

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = self.clock()
        if now - self.started < self.delay:
            return
        if stage == self._stage and now - self._drawn_at < INTERVAL and done < total:
            return
        self._stage, self._drawn_at = stage, now
        self._draw(line(stage, done, total, now - self.started))

    def clear(self) -> None:
        """Wipe the line, so what the command prints next starts clean."""
        if self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0

    def _draw(self, text: str) -> None:
        padding = " " * max(0, self._width - len(text))
        self.stream.write("\r" + text + padding)
        self.stream.flush()
        self._width = len(text) + len(padding)


def line(stage: str, done: int, total: int, elapsed: float) -> str:
    """ "crosscheck: parsing 12/40 parts (30%), 14 s" """
    label = _STAGES.get(stage, stage)
    count = ""
    if stage == Stage.PARSING and total > 0:
        count = f" {done}/{total} parts ({100 * done // total}%)"
    elif stage == Stage.IMPORTING and total > 0:
        count = f" {done}/{total}"
    return f"crosscheck: {label}{count}, {elapsed:.0f} s"


@contextmanager
def terminal_progress(stream: TextIO | None = None) -> Iterator[TerminalProgress | None]:
    """A progress callback drawing on stderr when it is a terminal, else
    ``None``; the line is wiped on the way out, whatever happened."""
    target = sys.stderr if stream is None else stream
    try:
        interactive = target.isatty()
    except (AttributeError, ValueError):  # a closed or odd stream
        interactive = False
    if not interactive:
        yield None
        return
    progress = TerminalProgress(target)
    try:
        yield progress
    finally:
        progress.clear()
