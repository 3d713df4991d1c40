"""The Qt binding itself: faults we have met in a PySide6 release."""

from __future__ import annotations

import sys

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from pytestqt.qtbot import QtBot

pytestmark = pytest.mark.gui

EMITS = 200


class _Source(QObject):
    happened = Signal(int, object)


def test_emitting_a_signal_keeps_reference_counts(qtbot: QtBot) -> None:
    """PySide6 6.12.0 took one reference from True per emit, on any thread;
    the window emits thousands (progress, store calls) and would crash."""
    source = _Source()
    received: list[int] = []
    source.happened.connect(lambda n, _value: received.append(n))

    class Emitter(QRunnable):
        def run(self) -> None:
            for n in range(EMITS):
                source.happened.emit(n, None)

    before = sys.getrefcount(True), sys.getrefcount(None)
    for n in range(EMITS):
        source.happened.emit(n, None)
    pool = QThreadPool()
    pool.start(Emitter())
    pool.waitForDone()
    qtbot.waitUntil(lambda: len(received) == 2 * EMITS)
    after = sys.getrefcount(True), sys.getrefcount(None)
    # Other code may hold a few more or fewer; a leak per emit is hundreds.
    assert abs(after[0] - before[0]) < EMITS // 4, "emit loses references to True"
    assert abs(after[1] - before[1]) < EMITS // 4, "emit loses references to None"
