"""The summary as a Word document (python-docx): what the PDF says, read from
the same content model.  The discrepancies are a Word table; the reporter's
notes are Word comments (on the discrepancy's label and on each annotated
quote), and printed as well, since a printed document loses its comments."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import docx
from docx.shared import Cm, Pt

from app.export.pdf.content import Discrepancy, Numbered, Side, Summary
from app.export.wording import counts_sentence
from app.importing.pasting import source_label
from app.safe_text import replace_undecodable

if TYPE_CHECKING:
    from docx.document import Document
    from docx.table import Table, _Cell
    from docx.text.paragraph import Paragraph

# XML 1.0 has no place for these control characters; python-docx refuses them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
TABLE_STYLE = "Table Grid"  # present in python-docx's default template


def xml_text(text: str) -> str:
    """``text`` as a Word document can hold it: undecodable bytes and
    control characters as U+FFFD."""
    return _NOT_XML.sub("\ufffd", replace_undecodable(text))


def _initials(name: str) -> str:
    return "".join(part[0] for part in name.split() if part)[:3].upper()


def word_summary(summary: Summary) -> tuple[Document, int]:
    """The document, and how many Word comments it holds."""
    doc = docx.Document()
    doc.core_properties.title = xml_text(summary.title)[:255]
    doc.core_properties.author = xml_text(summary.author)[:255]
    doc.add_heading(xml_text(summary.title), level=0)
    session = summary.session_name or "(exported from files)"
    doc.add_paragraph(
        xml_text(
            f"Session: {session} · exported {summary.exported:%Y-%m-%d %H:%M} by {summary.author}"
        )
    )
    _articles(doc, summary)
    comments = _discrepancies(doc, summary)
    _agreement(doc, summary)
    comments += _annotations(doc, summary)
    return doc, comments


def _table(
    doc: Document, header: tuple[str, ...], rows: int, widths_cm: tuple[float, ...]
) -> Table:
    """A grid with a bold header row and ``rows`` rows below it, its columns
    as wide as given (Word and LibreOffice otherwise share the width equally,
    and a claim wraps every two words beside an empty note column)."""
    table: Table = doc.add_table(rows=1 + rows, cols=len(header))
    table.style = TABLE_STYLE
    table.autofit = False
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    return table


def _fill(cell: _Cell, text: str, bold: bool = False) -> Paragraph:
    paragraph: Paragraph = cell.paragraphs[0]
    paragraph.add_run(xml_text(text)).bold = bold
    return paragraph


def _articles(doc: Document, summary: Summary) -> None:
    doc.add_heading("Articles", level=1)
    table = _table(
        doc,
        ("", "Title", "Source", "Date", "Words"),
        len(summary.articles),
        (0.7, 4.6, 5.4, 2.7, 1.8),  # 15.2 cm: the text width of the default page
    )
    for row, art in enumerate(summary.articles, start=1):
        cells = table.rows[row].cells
        _fill(cells[0], art.id, bold=True)
        _fill(cells[1], art.title)
        _fill(cells[2], source_label(art.source))
        _fill(cells[3], art.published.isoformat() if art.published else "unknown")
        _fill(cells[4], f"{art.word_count:,}")
    doc.add_paragraph(counts_sentence(summary.claims_count, summary.counts))


def _excerpt(cell: _Cell, side: Side) -> None:
    """The article's id, then the claim with its differing values in bold
    (the titles are in the articles table)."""
    paragraph: Paragraph = cell.paragraphs[0]
    paragraph.add_run(xml_text(f"{side.article.id}: ")).bold = True
    for text, value in side.pieces():
        paragraph.add_run(xml_text(text)).bold = value


def _discrepancies(doc: Document, summary: Summary) -> int:
    doc.add_heading("Discrepancies", level=1)
    if not summary.discrepancies:
        doc.add_paragraph("No conflicts between the articles in this summary.")
        return 0
    table = _table(
        doc,
        ("", "Type", "First article", "Second article", "Values", "Verdict", "Note"),
        len(summary.discrepancies),
        (1.0, 1.8, 3.55, 3.55, 1.9, 2.0, 1.4),
    )
    comments = 0
    for row, d in enumerate(summary.discrepancies, start=1):
        cells = table.rows[row].cells
        label = _fill(cells[0], d.label, bold=True)
        _fill(cells[1], d.kinds or "–")
        _excerpt(cells[2], d.left)
        _excerpt(cells[3], d.right)
        _fill(cells[4], "; ".join(d.notes) or "–")
        _fill(cells[5], d.status)
        _fill(cells[6], d.note)
        if d.note.strip():
            doc.add_comment(
                label.runs,
                text=xml_text(_comment(d)),
                author=xml_text(summary.author),
                initials=_initials(xml_text(summary.author)),
            )
            comments += 1
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(9)
    return comments


def _comment(d: Discrepancy) -> str:
    values = "; ".join(d.notes) or "the claims disagree"
    return f"{d.label} ({values}), {d.status}: {d.note}"


def _agreement(doc: Document, summary: Summary) -> None:
    doc.add_heading("Agreement", level=1)
    shared = (*summary.groups, *summary.pairs)
    if not shared:
        doc.add_paragraph("No claim is shared by two or more articles.")
    n = len(summary.articles)
    for item in shared:
        ids = ", ".join(a.id for a in item.articles)
        head = doc.add_paragraph(style="List Bullet")
        head.add_run(f"{len(item.articles)} of {n} articles").bold = True
        head.add_run(xml_text(f" ({ids})"))
        for claim in item.claims:
            doc.add_paragraph(xml_text(f"{claim.article_id}: {claim.text}"), style="List Bullet 2")
        for note in item.notes:
            doc.add_paragraph(xml_text(f"~ {note}"), style="List Bullet 2")
    if summary.pairs_left_out:
        doc.add_paragraph(f"… and {summary.pairs_left_out} more pairwise matches")


def _annotations(doc: Document, summary: Summary) -> int:
    """Each annotation: what it is, the quote (carrying the note as a Word
    comment by the annotation's author) and the note."""
    doc.add_heading("Notes", level=1)
    if not summary.annotations:
        text = "No annotations." if summary.session_name else "Exported from files: no session."
        doc.add_paragraph(text)
        return 0
    for item in summary.annotations:
        _annotation(doc, item)
    return len(summary.annotations)


def _annotation(doc: Document, item: Numbered) -> None:
    a = item.annotation
    where = (
        f"{item.article.id} · {item.article.title}"
        if item.article
        else "(article no longer in the session)"
    )
    meta = doc.add_paragraph()
    meta.add_run(item.label).bold = True
    meta.add_run(
        xml_text(f" · {where} · tag {a.tag} · {a.status} · {a.author} · {a.updated:%Y-%m-%d}")
    )
    quote = doc.add_paragraph(style="Quote")
    run = quote.add_run(xml_text(item.quote))
    author = xml_text(a.author)
    doc.add_comment(
        run,
        text=xml_text(f"{item.label}: {a.note}" if a.note.strip() else f"{item.label} (no note)"),
        author=author,
        initials=_initials(author),
    )
    doc.add_paragraph(xml_text(a.note) if a.note.strip() else "(no note)")
