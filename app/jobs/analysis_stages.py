"""What the window says while an analysis runs: one sentence per stage.

The stages are those an analysis reports through ``app.jobs.progress``
(importing, loading model, parsing, linking, conflicts); ``done`` and
``total`` count files or parts.  An unknown stage is shown as it is.
"""

from __future__ import annotations

STAGE_TEXT = {
    "importing": "Importing file {done} of {total}…",
    "reading": "Reading {total} files…",
    "analysing": "Analysing {total} articles…",
    "loading model": "Loading language model…",
    "parsing": "Parsing the articles ({done} of {total} parts)…",
    "linking": "Linking claims…",
    "conflicts": "Looking for conflicts…",
}


def stage_message(stage: str, done: int, total: int) -> str:
    """The status line for ``stage``: before the first file or part is done
    it says what is about to be read or analysed."""
    if stage in ("importing", "parsing") and done == 0:
        stage = "reading" if stage == "importing" else "analysing"
    text = STAGE_TEXT.get(stage, stage).format(done=done, total=total)
    return text.replace(" 1 files", " 1 file").replace(" 1 articles", " 1 article")
