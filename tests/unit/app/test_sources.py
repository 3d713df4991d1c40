"""Checking a stored article's source file (issue 12, point 4): only regular
files are read, within the import limit, and nothing at the path can block."""

from __future__ import annotations

import hashlib
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

from app import sources
from app.domain import Source
from app.importing import limits
from app.sources import SourceState, source_state

T = TypeVar("T")

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")


def _source(path: Path | str, data: bytes = b"the text as imported") -> Source:
    return Source(str(path), "txt", "utf-8", hashlib.sha256(data).hexdigest(), len(data))


def _within(seconds: float, call: Callable[[], T]) -> T:
    """``call()``'s result, failing (not hanging) if it takes longer."""
    result: list[T] = []
    worker = threading.Thread(target=lambda: result.append(call()), daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():  # a daemon thread: it ends with the test run
        pytest.fail(f"blocked for more than {seconds} s")
    return result[0]


def test_unchanged_changed_missing(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"the text as imported")
    assert source_state(_source(path)) is SourceState.UNCHANGED
    path.write_bytes(b"the text, edited")
    assert source_state(_source(path)) is SourceState.CHANGED
    path.unlink()
    assert source_state(_source(path)) is SourceState.MISSING
    assert source_state(_source(tmp_path / "a.txt" / "below")) is SourceState.MISSING
    assert source_state(_source("")) is SourceState.MISSING
    assert source_state(_source("bad\0path")) is SourceState.UNREADABLE


def test_states_read_as_before_for_the_command_line() -> None:
    assert SourceState.UNCHANGED == "unchanged"
    assert SourceState.CHANGED == "changed"
    assert SourceState.MISSING == "missing"
    assert str(SourceState.NOT_REGULAR) == "unreadable (not a regular file)"
    assert [s.readable for s in SourceState] == [True, True, False, False, False, False, False]


@needs_fifo
def test_a_pipe_in_place_of_the_source_is_reported_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "a.txt"
    os.mkfifo(fifo)
    assert _within(5, lambda: source_state(_source(fifo))) is SourceState.NOT_REGULAR


@needs_fifo
def test_opening_never_blocks_even_if_the_file_became_a_pipe(tmp_path: Path) -> None:
    """The path may be swapped for a pipe between the check and the open."""
    fifo = tmp_path / "a.txt"
    os.mkfifo(fifo)
    limit = limits.MAX_SOURCE_BYTES
    assert _within(5, lambda: sources._sha256(str(fifo), limit)) is SourceState.NOT_REGULAR


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_a_link_to_an_endless_device_is_reported_not_read(tmp_path: Path) -> None:
    link = tmp_path / "a.txt"
    link.symlink_to("/dev/zero")
    assert _within(5, lambda: source_state(_source(link))) is SourceState.NOT_REGULAR


def test_a_folder_is_not_a_source(tmp_path: Path) -> None:
    assert source_state(_source(tmp_path)) is SourceState.NOT_REGULAR


def test_nothing_past_the_import_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 2000)
    assert source_state(_source(path), limit=1000) is SourceState.TOO_LARGE
    # A file that grows between the check and the reading is cut off too.
    assert sources._sha256(str(path), 1000) is SourceState.TOO_LARGE
    assert source_state(_source(path, b"x" * 2000), limit=2000) is SourceState.UNCHANGED


def test_the_default_limit_is_the_importers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 200)
    monkeypatch.setattr(limits, "MAX_SOURCE_BYTES", 100)
    assert source_state(_source(path)) is SourceState.TOO_LARGE


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root reads anything")
def test_an_unreadable_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"secret")
    path.chmod(0)
    assert source_state(_source(path)) is SourceState.UNREADABLE


def test_a_pasted_or_piped_article_has_no_file_to_watch(tmp_path: Path) -> None:
    from dataclasses import replace

    from app.domain import Origin

    # Even a file at a path it might name is never read.
    present = tmp_path / "a.txt"
    present.write_text("x", encoding="utf-8")
    for origin in (Origin.CLIPBOARD, Origin.STDIN):
        source = replace(_source(present), origin=origin)
        assert source_state(source) is SourceState.NO_FILE
        assert not SourceState.NO_FILE.readable
