"""Progress on the command line (app.jobs.terminal_progress): drawn on a terminal
only, after a delay, in place, and wiped at the end."""

from __future__ import annotations

import io
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from app.jobs import terminal_progress as tp


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_nothing_is_written_where_stderr_is_not_a_terminal() -> None:
    stream = io.StringIO()
    with tp.terminal_progress(stream) as progress:
        assert progress is None
    assert stream.getvalue() == ""


def test_a_terminal_gets_one_line_redrawn_in_place_and_wiped_at_the_end() -> None:
    stream = _Terminal()
    with tp.terminal_progress(stream) as progress:
        assert progress is not None
    assert stream.getvalue() == ""  # ended before the delay: silent

    clock = _Clock()
    progress = tp.TerminalProgress(stream, delay=1.0, clock=clock)
    progress("parsing", 1, 4)
    assert stream.getvalue() == ""
    clock.now += 2
    progress("parsing", 2, 4)
    assert stream.getvalue() == "\rcrosscheck: parsing 2/4 parts (50%), 2 s"
    progress("parsing", 3, 4)  # too soon after the last redraw
    assert stream.getvalue().count("\r") == 1
    clock.now += 1
    progress("linking", 0, 1)
    shown = stream.getvalue().split("\r")[-1]
    assert shown.startswith("crosscheck: linking claims, 3 s")
    assert len(shown) == len("crosscheck: parsing 2/4 parts (50%), 2 s")  # padded over
    progress.clear()
    assert stream.getvalue().endswith("\r" + " " * len(shown) + "\r")
    progress.clear()  # nothing left to wipe
    assert stream.getvalue().endswith(" \r")


def test_the_last_step_of_a_stage_is_always_drawn() -> None:
    stream, clock = _Terminal(), _Clock()
    progress = tp.TerminalProgress(stream, delay=0.0, clock=clock)
    progress("parsing", 1, 2)
    progress("parsing", 2, 2)
    assert stream.getvalue().endswith("parsing 2/2 parts (100%), 0 s")


def test_lines_name_the_stage_and_count_only_what_has_a_count() -> None:
    assert tp.line("loading model", 0, 1, 3.2) == "crosscheck: loading the language model, 3 s"
    assert tp.line("importing", 1, 3, 0) == "crosscheck: importing files 1/3, 0 s"
    assert tp.line("something new", 0, 0, 1) == "crosscheck: something new, 1 s"


def test_analyze_reports_progress_to_a_terminal_and_nothing_to_a_pipe(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from app import cli, engine
    from app.domain import Article, Comparison, Settings

    received: list[Any] = []

    def fake_compare(
        articles: Sequence[Article], *, settings: Settings, progress: Any = None, **_: Any
    ) -> Comparison:
        received.append(progress)
        if progress is not None:
            progress("parsing", 1, 1)
        return Comparison(tuple(articles), (), (), (), "test", settings)

    monkeypatch.setattr(engine, "compare", fake_compare)
    monkeypatch.setattr(tp, "DELAY", 0.0)
    files = []
    for name in ("a.txt", "b.txt"):
        path = tmp_path / name
        path.write_text("Three people were killed on Thursday.\n", encoding="utf-8")
        files.append(str(path))

    assert cli.main(["analyze", *files, "--json", str(tmp_path / "out.json")]) == 0
    assert received == [None]
    assert capsys.readouterr().err == ""

    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert cli.main(["analyze", *files, "--json", str(tmp_path / "out.json")]) == 0
    assert received[-1] is not None
    assert "crosscheck: parsing 1/1 parts" in terminal.getvalue()
    assert terminal.getvalue().endswith("\r")  # wiped before the command's own output
