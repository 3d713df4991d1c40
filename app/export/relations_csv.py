"""The relations as a CSV table, one row per relation, as the reporter's
verdicts leave it (``app.editing.verdicts``), for a spreadsheet or a script."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from app.domain import Comparison, RelationKind
from app.editing.verdicts import Judged, judge
from app.export.pdf.content import relation_note
from app.export.pdf.options import ExportOptions
from app.export.report import oriented_note
from app.safe_text import replace_undecodable
from app.session import AnnotationStatus, Session

HEADER = (
    "id",
    "kind",  # what it is now: conflict, match or rejected
    "engine_kind",  # what the engine found
    "verdict",  # confirmed, retyped, rejected, or empty when not reviewed
    "confidence",
    "possible",
    "article_1",
    "article_1_title",
    "article_2",
    "article_2_title",
    "claim_1",
    "claim_2",
    "value_1",
    "value_2",
    "differences",
    "note",
)
# A spreadsheet runs a cell that starts with one of these as a formula (a
# quoted claim "=HYPERLINK(...)" or "-2+3" would be evaluated, or worse): such
# a cell gets a leading apostrophe, which spreadsheets show as plain text.
# Tab and carriage return start formulas in some programs too.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    """``text`` as a cell no spreadsheet evaluates, in valid UTF-8."""
    text = replace_undecodable(text)
    return "'" + text if text.startswith(_FORMULA_START) else text


def relation_rows(
    comparison: Comparison, session: Session | None, options: ExportOptions
) -> list[tuple[str, ...]]:
    """The header, then a row for each relation the options keep (the same
    kinds and the same leaving-out of rejected ones as the summary)."""
    by_id = {a.id: a for a in comparison.articles}
    notes = [
        a
        for a in (session.annotations if session else ())
        if not options.only_open or a.status is AnnotationStatus.OPEN
    ]
    rows: list[tuple[str, ...]] = [HEADER]
    for judged in judge(comparison, session):
        kind = judged.kind or judged.found  # a rejected one is kept under its kind
        if str(kind) not in options.kinds or (judged.rejected and options.only_open):
            continue
        left, right = judged.claims
        first, second = by_id[left.article_id], by_id[right.article_id]
        values_1, values_2, differences = _values(judged)
        row = (
            judged.id,
            judged.state,
            str(judged.found),
            str(judged.judgement or ""),
            f"{judged.relation.confidence:.3f}",
            "yes" if judged.relation.possible else "no",
            first.id,
            first.title,
            second.id,
            second.title,
            left.text,
            right.text,
            values_1,
            values_2,
            differences,
            relation_note(judged, notes),
        )
        rows.append(tuple(safe_cell(cell) for cell in row))
    return rows


def _values(judged: Judged) -> tuple[str, str, str]:
    """Each side's differing values and the differences in words, in the
    order of the row's articles: a conflict's disagreements, else whatever
    differences the engine noted (attribution, hedges)."""
    rel = judged.relation
    diffs = judged.disagreements if judged.kind is RelationKind.CONFLICT else rel.differences
    flipped = judged.claims[0].id != rel.claims[0]
    first = "; ".join(d.values[1 if flipped else 0] for d in diffs)
    second = "; ".join(d.values[0 if flipped else 1] for d in diffs)
    return first, second, "; ".join(oriented_note(d, flipped) for d in diffs)


def write_csv(path: Path, rows: Iterable[tuple[str, ...]]) -> None:
    """UTF-8 without a byte-order mark, the header first, CRLF line ends (RFC 4180)."""
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
