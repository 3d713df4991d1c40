"""Cycles holding Qt objects are collected on the GUI thread, never on a worker."""

from __future__ import annotations

import gc
import threading
from typing import ClassVar

import pytest
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from ui.gui_thread_gc import GuiThreadCollector

pytestmark = pytest.mark.gui


class _Cycle:
    """A QObject of the GUI thread caught in a reference cycle; records the
    thread that finally frees it."""

    freed_on: ClassVar[list[int]] = []

    def __init__(self) -> None:
        self.qobject = QObject()
        self.me = self

    def __del__(self) -> None:
        _Cycle.freed_on.append(threading.get_ident())


def _allocate_cycles(count: int) -> None:
    for _ in range(count):
        a: list[object] = []
        a.append(a)


def test_a_worker_allocating_never_collects_the_gui_threads_garbage(qtbot: QtBot) -> None:
    _Cycle.freed_on.clear()
    gc.collect()
    _Cycle()  # now garbage, reachable only from itself
    worker = threading.Thread(target=_allocate_cycles, args=(200_000,))
    worker.start()
    worker.join()
    assert _Cycle.freed_on == [], "collected by the worker thread"
    qtbot.waitUntil(lambda: bool(_Cycle.freed_on), timeout=5_000)
    assert _Cycle.freed_on == [threading.get_ident()]


def test_stopping_gives_the_interpreter_its_collector_back(qtbot: QtBot) -> None:
    collector = GuiThreadCollector()
    collector.start()  # a second one, as when a test starts the application
    assert not gc.isenabled() and collector.active
    collector.stop()
    assert not gc.isenabled(), "the fixture's collector is still running"
