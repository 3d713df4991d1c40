"""The summary as Markdown, Word and CSV, from a real comparison of the
bundled samples, read back (python-docx for Word, csv for CSV)."""

from __future__ import annotations

import csv
import os
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

docx = pytest.importorskip("docx", reason="python-docx writes the Word summary")

from app.domain import Comparison  # noqa: E402
from app.editing.verdicts import Judged, judge, relation_keys  # noqa: E402
from app.errors import Cancelled, InputError  # noqa: E402
from app.export.formats import format_of, parse_format, with_suffix  # noqa: E402
from app.export.markdown import escape  # noqa: E402
from app.export.pdf.options import ExportOptions  # noqa: E402
from app.export.relations_csv import HEADER, safe_cell  # noqa: E402
from app.export.write import DocumentResult, export_summary  # noqa: E402
from app.session import (  # noqa: E402
    Anchor,
    Annotation,
    AnnotationStatus,
    RelationVerdict,
    Session,
    SessionArticle,
    Verdict,
    article_letter,
)

SAMPLES = sorted((Path(__file__).resolve().parents[3] / "resources" / "samples").glob("*.txt"))
NOW = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)
# A note full of what Markdown, tables and spreadsheets read as syntax.
CONFIRMED_NOTE = "Checked | with the *desk* [coastguard] <b>log</b>"
TIED_NOTE = '=HYPERLINK("http://example.com","call the harbour master")'
FREE_NOTE = "- Ask the ferry company for the manifest"


@pytest.fixture(scope="module")
def comparison() -> Comparison:
    from app.engine import compare
    from app.importing import import_file

    articles = [import_file(p, article_id=article_letter(i)) for i, p in enumerate(SAMPLES)]
    return compare(articles).shown(False)


@pytest.fixture(scope="module")
def conflicts(comparison: Comparison) -> list[Judged]:
    found = judge(comparison).conflicts()
    assert len(found) >= 2, "the samples disagree on at least two facts"
    return found


@pytest.fixture(scope="module")
def session(comparison: Comparison, conflicts: list[Judged]) -> Session:
    """The first conflict confirmed with a note and a note tied to it; the
    second rejected; a free note on the first article."""
    items = tuple(
        SessionArticle(f"key-{a.id}", i, a, "sha", NOW) for i, a in enumerate(comparison.articles)
    )
    keys = {item.article.id: item.key for item in items}
    first, second = conflicts[0], conflicts[1]
    first_key = relation_keys(keys, *first.claims)[0]
    verdicts = (
        RelationVerdict(first_key, Verdict.CONFIRMED, None, CONFIRMED_NOTE, NOW),
        RelationVerdict(
            relation_keys(keys, *second.claims)[0], Verdict.REJECTED, None, "same count", NOW
        ),
    )
    claim = first.claims[0]
    text = comparison.articles[0].text
    word = claim.text.split()[0]
    start = claim.start
    notes = (
        _note(
            "n1", f"key-{claim.article_id}", text, start, start + len(word), TIED_NOTE, first_key
        ),
        _note("n2", "key-A", text, 0, 5, FREE_NOTE, None),
    )
    return Session("Ferry | check", NOW, NOW, items, notes, verdicts)


def _note(
    nid: str, key: str, text: str, start: int, end: int, note: str, relation: str | None
) -> Annotation:
    anchor = Anchor(text[start:end], "", "", start, end, "sha")
    return Annotation(
        nid,
        key,
        anchor,
        note,
        "needs source",
        AnnotationStatus.OPEN,
        "M. López",
        NOW,
        NOW,
        relation_key=relation,
    )


def _export(tmp_path: Path, fmt: str, comparison: Comparison, session: Session) -> Path:
    out = tmp_path / f"summary.{fmt}"
    result = export_summary(
        out, parse_format(fmt), comparison=comparison, session=session, options=ExportOptions()
    )
    assert isinstance(result, DocumentResult) and result.path == out
    return out


def _values(judged: Judged) -> tuple[str, str]:
    """The first differing value on each side, in the row's article order."""
    d = judged.disagreements[0]
    flipped = judged.claims[0].id != judged.relation.claims[0]
    return (d.values[1], d.values[0]) if flipped else d.values


# -- Markdown -----------------------------------------------------------------


def _cells(row: str) -> list[str]:
    """A GitHub table row's cells, split at pipes not escaped."""
    return [c.strip() for c in re.split(r"(?<!\\)\|", row.strip())[1:-1]]


def test_markdown_holds_both_values_verdicts_and_notes(
    tmp_path: Path, comparison: Comparison, session: Session, conflicts: list[Judged]
) -> None:
    text = _export(tmp_path, "md", comparison, session).read_text(encoding="utf-8")
    assert text.startswith("# Ferry \\| check\n")
    for art in comparison.articles:
        assert escape(art.title) in text and art.source.path in text
    head = text.index("## Discrepancies")
    table = [line for line in text[head:].splitlines()[2:] if line.startswith("|")]
    header = _cells(table[0])
    assert header[-2:] == ["Verdict", "Note"]
    rows = {_cells(r)[0]: _cells(r) for r in table[2:]}
    assert len(rows) == len(conflicts), "one row per conflict, rejected ones included"
    assert all(len(cells) == len(header) for cells in rows.values()), "no pipe broke a row"
    confirmed = next(cells for cells in rows.values() if cells[5] == "confirmed")
    # The tied note follows the verdict's: its "=" starts no line, so it is left alone.
    assert f"{escape(CONFIRMED_NOTE)} / {TIED_NOTE}" == confirmed[6]
    first, second = _values(conflicts[0])
    assert f"**{escape(first)}**" in confirmed[2] and f"**{escape(second)}**" in confirmed[3]
    assert any("rejected by the reporter" in cells[5] for cells in rows.values())
    notes = text[text.index("## Notes") :]
    assert escape(FREE_NOTE) == "\\- Ask the ferry company for the manifest"
    assert escape(FREE_NOTE) in notes and escape(TIED_NOTE) in notes
    assert "M. López" in notes


def test_markdown_escapes_what_would_be_syntax() -> None:
    assert escape("3 | 4") == "3 \\| 4"
    assert escape("*not bold* _nor this_ [nor](a link) <script>") == (
        "\\*not bold\\* \\_nor this\\_ \\[nor\\](a link) \\<script\\>"
    )
    assert escape("# not a heading\n> not a quote\n12. not a list") == (
        "\\# not a heading<br>\\> not a quote<br>12\\. not a list"
    )
    assert escape("al-Saadi, 2-3 killed") == "al-Saadi, 2-3 killed"


# -- Word ---------------------------------------------------------------------


def test_docx_has_the_discrepancies_as_a_table_and_notes_as_comments(
    tmp_path: Path, comparison: Comparison, session: Session, conflicts: list[Judged]
) -> None:
    out = _export(tmp_path, "docx", comparison, session)
    doc = docx.Document(str(out))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings == ["Ferry | check", "Articles", "Discrepancies", "Agreement", "Notes"]
    articles, table = doc.tables
    assert [c.text for c in articles.rows[0].cells] == ["", "Title", "Source", "Date", "Words"]
    assert len(articles.rows) == 1 + len(comparison.articles)
    header = [c.text for c in table.rows[0].cells]
    assert header == ["", "Type", "First article", "Second article", "Values", "Verdict", "Note"]
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert len(rows) == len(conflicts)
    confirmed = next(r for r in rows if r[5] == "confirmed")
    assert CONFIRMED_NOTE in confirmed[6] and TIED_NOTE in confirmed[6]
    first, second = _values(conflicts[0])
    index = rows.index(confirmed) + 1
    bold = [
        [run.text for run in cell.paragraphs[0].runs if run.bold][1:]  # after the article id
        for cell in table.rows[index].cells[2:4]
    ]
    assert first in bold[0] and second in bold[1], "the values are in bold in the excerpts"
    comments = list(doc.comments)
    texts = [c.text for c in comments]
    assert any(CONFIRMED_NOTE in t for t in texts), "the verdict's note as a comment"
    assert any(FREE_NOTE in t for t in texts) and any(TIED_NOTE in t for t in texts)
    assert {c.author for c in comments} >= {"M. López"}
    printed = "\n".join(p.text for p in doc.paragraphs)
    assert FREE_NOTE in printed, "the notes are printed too"


def test_docx_replaces_what_xml_cannot_hold(
    tmp_path: Path, comparison: Comparison, session: Session
) -> None:
    odd = Session("Bell\x07 check", NOW, NOW, session.articles)
    out = _export(tmp_path, "docx", comparison, odd)
    assert docx.Document(str(out)).paragraphs[0].text == "Bell\ufffd check"


# -- CSV ----------------------------------------------------------------------


def test_csv_has_a_row_per_relation_with_values_verdicts_and_notes(
    tmp_path: Path, comparison: Comparison, session: Session, conflicts: list[Judged]
) -> None:
    out = _export(tmp_path, "csv", comparison, session)
    raw = out.read_bytes()
    assert raw.startswith(b"id,kind,engine_kind,"), "a header row and no byte-order mark"
    with out.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert tuple(rows[0]) == HEADER
    judged = judge(comparison, session)
    assert [r["id"] for r in rows] == [j.id for j in judged]
    by_id = {r["id"]: r for r in rows}
    first = by_id[conflicts[0].id]
    assert (first["kind"], first["engine_kind"], first["verdict"]) == (
        "conflict",
        "conflict",
        "confirmed",
    )
    assert (first["value_1"], first["value_2"]) == tuple(
        "; ".join(v) for v in zip(*[_values(conflicts[0])], strict=True)
    )
    assert first["claim_1"] == conflicts[0].claims[0].text
    assert CONFIRMED_NOTE in first["note"] and TIED_NOTE in first["note"]
    assert float(first["confidence"]) == pytest.approx(conflicts[0].relation.confidence, abs=1e-3)
    rejected = by_id[conflicts[1].id]
    assert (rejected["kind"], rejected["verdict"], rejected["note"]) == (
        "rejected",
        "rejected",
        "same count",
    )
    assert {r["kind"] for r in rows} >= {"match", "conflict", "rejected"}


def test_csv_cells_that_start_a_formula_are_quoted() -> None:
    assert safe_cell(TIED_NOTE) == "'" + TIED_NOTE
    for start in "=+-@\t\r":
        assert safe_cell(start + "1") == "'" + start + "1"
    assert safe_cell("3 killed") == "3 killed"
    assert safe_cell("caf\udce9") == "caf\ufffd", "undecodable bytes replaced"


def test_csv_keeps_only_the_kinds_asked_for(
    tmp_path: Path, comparison: Comparison, session: Session
) -> None:
    out = tmp_path / "conflicts.csv"
    options = ExportOptions(kinds=frozenset({"conflict"}), only_open=True)
    export_summary(out, "csv", comparison=comparison, session=session, options=options)
    with out.open(encoding="utf-8", newline="") as f:
        kinds = {r["kind"] for r in csv.DictReader(f)}
    assert kinds == {"conflict"}, "matches and the rejected conflict are left out"


# -- writing ------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["md", "docx", "csv"])
def test_writes_atomically_with_the_pdfs_mode(
    tmp_path: Path, fmt: str, comparison: Comparison, session: Session
) -> None:
    out = tmp_path / f"summary.{fmt}"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o644)
    _export(tmp_path, fmt, comparison, session)
    assert out.read_bytes() != b"old"
    # Written to a private temporary file and renamed: notes are confidential.
    assert out.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == [out.name], "no temporary file left"


def test_a_cancelled_export_leaves_the_target_untouched(
    tmp_path: Path, comparison: Comparison
) -> None:
    out = tmp_path / "summary.docx"
    with pytest.raises(Cancelled):
        export_summary(out, "docx", comparison=comparison, cancelled=lambda: True)
    assert not out.exists()


def test_refuses_a_folder_as_target(tmp_path: Path, comparison: Comparison) -> None:
    with pytest.raises(InputError, match=r"(?i)cannot write the Markdown summary") as info:
        export_summary(tmp_path, "md", comparison=comparison)
    assert "ending in .md" in info.value.message()


def test_format_from_the_file_name() -> None:
    assert format_of("a.PDF") == "pdf" and format_of("a") == "pdf"
    assert format_of("a.markdown") == "md" and format_of("x/y.docx") == "docx"
    assert format_of(os.devnull) == "pdf"
    with pytest.raises(InputError, match=r"(?i)cannot tell which format") as info:
        format_of("summary.odt")
    assert "--format" in info.value.message()
    with pytest.raises(InputError, match=r"(?i)unknown export format"):
        parse_format("rtf")
    assert parse_format(".DOCX") == "docx"
    assert with_suffix(Path("s.pdf"), "md") == Path("s.md")
    assert with_suffix(Path("s.v2"), "csv") == Path("s.v2.csv")
    assert with_suffix(Path("s.markdown"), "md") == Path("s.markdown")


def test_an_article_from_no_file_says_where_it_came_from(
    tmp_path: Path, comparison: Comparison, session: Session
) -> None:
    """A pasted article has no path: the summaries say it was pasted."""
    from dataclasses import replace

    from app.domain import Origin

    pasted = comparison.articles[2]
    source = replace(pasted.source, path="", origin=Origin.CLIPBOARD, url="https://example.org/a")
    articles = (*comparison.articles[:2], replace(pasted, source=source))
    changed = replace(comparison, articles=articles)
    text = _export(tmp_path, "md", changed, session).read_text("utf-8")
    assert "pasted from the clipboard (https://example.org/a)" in text
    from pypdf import PdfReader

    pdf = tmp_path / "summary.pdf"
    export_summary(
        pdf, parse_format("pdf"), comparison=changed, session=session, options=ExportOptions()
    )

    first_pages = " ".join(page.extract_text() for page in PdfReader(pdf).pages[:2])
    assert "pasted from the clipboard" in " ".join(first_pages.split())


def test_docx_tables_fit_the_page_with_room_for_the_claims(
    tmp_path: Path, comparison: Comparison, session: Session
) -> None:
    import docx
    from docx.shared import Cm

    doc = docx.Document(str(_export(tmp_path, "docx", comparison, session)))
    section = doc.sections[0]
    assert section.page_width is not None and section.left_margin is not None
    assert section.right_margin is not None
    text_width = section.page_width - section.left_margin - section.right_margin
    for table in doc.tables:
        widths = [column.width for column in table.columns]
        assert all(w is not None for w in widths)
        assert sum(w for w in widths if w is not None) <= text_width + Cm(0.05)
    discrepancies = doc.tables[1]
    header = [cell.text for cell in discrepancies.rows[0].cells]
    claims = header.index("First article")
    widest = max(range(len(header)), key=lambda i: discrepancies.columns[i].width or 0)
    assert widest in (claims, claims + 1)
