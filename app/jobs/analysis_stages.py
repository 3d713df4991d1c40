"""What the window says while an analysis runs: one sentence per stage.

The stages are those an analysis reports through ``app.jobs.progress``
(importing, loading model, parsing, linking, conflicts); ``done`` and
``total`` count files or parts.  An unknown stage is shown as it is.
"""

from __future__ import annotations

from app.jobs.progress import Stage

STAGE_TEXT: dict[str, str] = {
    Stage.IMPORTING: "Importing file {done} of {total}…",
    Stage.READING: "Reading {total} files…",
    Stage.ANALYSING: "Analysing {total} articles…",
    Stage.LOADING_MODEL: "Loading language model…",
    Stage.PARSING: "Parsing the articles ({done} of {total} parts)…",
    Stage.LINKING: "Linking claims…",
    Stage.CONFLICTS: "Looking for conflicts…",
}


def stage_message(stage: str, done: int, total: int) -> str:
    """The status line for ``stage``: before the first file or part is done
    it says what is about to be read or analysed."""
    if stage in (Stage.IMPORTING, Stage.PARSING) and done == 0:
        stage = Stage.READING if stage == Stage.IMPORTING else Stage.ANALYSING
    text = STAGE_TEXT.get(stage, stage).format(done=done, total=total)
    return text.replace(" 1 files", " 1 file").replace(" 1 articles", " 1 article")
