"""``export_summary``: the summary in any export format, written as the PDF
is (the target checked first, then written to a temporary file beside it and
renamed into place, so a crash never leaves half a file)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.domain import Comparison
from app.errors import Cancelled
from app.export.formats import SUFFIXES, WHAT, Format
from app.export.pdf import export_pdf
from app.export.pdf.content import summarize
from app.export.pdf.options import ExportOptions, ExportResult
from app.files import check_target, replace_with
from app.jobs.progress import IsCancelled, Progress, Stage
from app.safe_text import replace_undecodable
from app.session import Session


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """What a Markdown, Word or CSV export wrote."""

    path: Path
    format: Format
    discrepancies: int  # rows of the discrepancy table (CSV: conflict rows)
    annotations: int  # numbered notes listed (CSV: none, notes sit on their rows)
    relations: int  # CSV rows below the header
    comments: int  # Word comments
    seconds: float

    def describe(self) -> str:
        """One line for the terminal and the status bar."""
        if self.format == "csv":
            return f"{_count(self.relations, 'relation')}, {self.discrepancies} of them conflicts"
        text = f"{_count(self.discrepancies, 'discrepancy')}, {_count(self.annotations, 'note')}"
        if self.format == "docx":
            text += f", {_count(self.comments, 'Word comment')}"
        return text


def _count(n: int, noun: str) -> str:
    if n == 1:
        return f"1 {noun}"
    return f"{n} {noun[:-1]}ies" if noun.endswith("y") else f"{n} {noun}s"


def export_summary(
    out_path: str | os.PathLike[str],
    fmt: Format,
    *,
    comparison: Comparison,
    session: Session | None = None,
    options: ExportOptions | None = None,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
) -> ExportResult | DocumentResult:
    """Write ``comparison`` (with ``session``'s notes and verdicts) to
    ``out_path`` as ``fmt``.  Raises InputError for a target that cannot be
    written, and Cancelled when ``cancelled()`` turns true before the file
    is written (it is then untouched)."""
    if fmt == "pdf":
        return export_pdf(
            out_path,
            comparison=comparison,
            session=session,
            options=options,
            progress=progress,
            cancelled=cancelled,
        )
    began = time.perf_counter()
    options = options or ExportOptions()
    target = Path(out_path)
    check_target(target, WHAT[fmt], SUFFIXES[fmt][0])
    if progress:
        progress(Stage.PREPARING, 0, 1)
    write: Callable[[Path], object]
    discrepancies = annotations = relations = comments = 0
    if fmt == "csv":
        from app.export.relations_csv import relation_rows, write_csv

        table = relation_rows(comparison, session, options)
        relations = len(table) - 1
        discrepancies = sum(row[1] == "conflict" for row in table[1:])
        write = lambda path: write_csv(path, table)  # noqa: E731
    else:
        summary = summarize(comparison, session, options, datetime.now().astimezone())
        discrepancies, annotations = len(summary.discrepancies), len(summary.annotations)
        if fmt == "md":
            from app.export.markdown import markdown_summary

            text = replace_undecodable(markdown_summary(summary))
            write = lambda path: path.write_text(text, encoding="utf-8", newline="\n")  # noqa: E731
        else:
            from app.export.word import word_summary

            document, comments = word_summary(summary)
            write = lambda path: document.save(str(path))  # noqa: E731
    if cancelled and cancelled():
        raise Cancelled()
    if progress:
        progress(Stage.WRITING, 0, 1)
    replace_with(target, write, WHAT[fmt])
    if progress:
        progress(Stage.WRITING, 1, 1)
    return DocumentResult(
        target,
        fmt,
        discrepancies,
        annotations,
        relations,
        comments,
        time.perf_counter() - began,
    )
