"""Python's cyclic garbage collector, run on the GUI thread only.

CPython collects cycles in whichever thread crosses the allocation threshold.
In the window that is often a worker (the store's thread building SQLAlchemy
statements, the export thread laying out a PDF), and a cycle it collects may
hold a Qt object of the GUI thread: its C++ destructor then runs on the wrong
thread.  Under load that deadlocked the window (the worker holding the GIL
and waiting for a Qt lock, the GUI thread holding the lock and waiting for
the GIL).  ``GuiThreadCollector`` turns automatic collection off and collects
from a timer on the GUI thread instead, by the same generation thresholds.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer, Slot

# Often enough that each collection stays small: what a worker allocated
# meanwhile (a PDF export, a store call) is collected on the GUI thread.
CHECK_INTERVAL_MS = 100


class GuiThreadCollector(QObject):
    """While started, the cyclic collector runs only from this object's timer,
    which lives on the thread that created it (the GUI thread)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_INTERVAL_MS)
        self._timer.timeout.connect(self.check)
        self._was_enabled = gc.isenabled()

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def start(self) -> None:
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer.start()

    def stop(self) -> None:
        """Automatic collection as before, after one last collection here."""
        self._timer.stop()
        gc.collect()
        if self._was_enabled:
            gc.enable()

    @Slot()
    def check(self) -> None:
        """Collect the oldest generation whose count passed its threshold,
        as the interpreter would have at its next allocation."""
        counts = gc.get_count()
        thresholds = gc.get_threshold()
        for generation in (2, 1, 0):
            threshold = thresholds[generation]
            if threshold and counts[generation] > threshold:
                gc.collect(generation)
                return
