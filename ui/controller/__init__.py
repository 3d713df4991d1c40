"""The controller: the one owner of what the window shows (DESIGN.md section 5).

Lives on the GUI thread.  One ``Controller`` object holds the state the
window shows and the signals it listens to; its code is split by job:

- ``base.py``: the signals, the state, what the window reads of it
- ``analysis_runs.py``: starting and cancelling analyses, progress, the model
- ``source_watch.py``: watching the sources and reloading those edited
- ``session_saving.py``: a finished analysis into the session and the store
- ``session_editing.py``: annotations, verdicts, undo and redo
- ``opening.py``: opening files, pasted articles and stored sessions

Each part is a class that builds on the one before it (base, analysis runs,
source watch, session saving, session editing, opening) and ``Controller``
is the last.  A chain of subclasses rather than composed helper QObjects:
every part reads and changes the same state (the session, the articles
shown, the analysis generation) and the window, the tests and the other ui
modules use one object with all its attributes, methods and signals, which
stay exactly as they were.  Composition would have moved state behind
forwarding properties and re-emitted signals, changing when slots run.  A
part calls a method of a later part only through the hooks declared in
``base.py``.
"""

from __future__ import annotations

from app.editing.reports import reload_report
from app.jobs.analysis_stages import stage_message
from ui.controller.opening import Opening
from ui.controller.session_editing import Target
from ui.controller.source_watch import SOURCE_CHECK_DELAY_MS

__all__ = ["SOURCE_CHECK_DELAY_MS", "Controller", "Target", "reload_report", "stage_message"]


class Controller(Opening):
    """What the window shows, and every change of it (see the module docstring)."""

    def shutdown(self) -> None:
        """Stop and wait for the workers (spaCy loading cannot be interrupted),
        finish the store calls under way and close the database."""
        self.view_busy(False)  # held-back saves go to the store before it closes
        self._generation += 1
        self._cancel.set()
        self._pool.clear()
        self._pool.waitForDone()
        self._files.clear()
        self._files.wait()
        if not self._shut_down:
            # The watcher's socket notifier goes at a safe point of the event
            # loop: a controller collected later by Python's cyclic GC (which
            # may run inside the event dispatcher) would delete it mid-dispatch.
            self._shut_down = True
            self._watcher.deleteLater()
        if self.store is not None:
            self.store.close()
