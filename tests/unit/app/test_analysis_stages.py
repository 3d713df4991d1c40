"""The status line shown for each stage of an analysis."""

from __future__ import annotations

import pytest

from app.jobs.analysis_stages import stage_message


@pytest.mark.parametrize(
    ("stage", "done", "total", "message"),
    [
        ("importing", 0, 3, "Reading 3 files…"),
        ("importing", 0, 1, "Reading 1 file…"),
        ("importing", 2, 3, "Importing file 2 of 3…"),
        ("parsing", 0, 1, "Analysing 1 article…"),
        ("parsing", 4, 9, "Parsing the articles (4 of 9 parts)…"),
        ("loading model", 0, 2, "Loading language model…"),
        ("conflicts", 0, 0, "Looking for conflicts…"),
        ("something new", 1, 2, "something new"),
    ],
)
def test_stage_message(stage: str, done: int, total: int, message: str) -> None:
    assert stage_message(stage, done, total) == message
