"""Setup shared by the window's tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from ui.gui_thread_gc import GuiThreadCollector


@pytest.fixture(autouse=True)
def garbage_on_the_gui_thread(qtbot: QtBot) -> Iterator[None]:
    """As in the application: cycles are collected on the GUI thread only, so
    a window left by one test is never torn down from a worker thread of the
    next (which deadlocked the suite)."""
    collector = GuiThreadCollector()
    collector.start()
    yield
    collector.stop()
