"""``export_pdf``: the annotated PDF summary, written atomically."""

from __future__ import annotations

import os
import time
from collections import defaultdict
from datetime import datetime
from pathlib import Path

from reportlab.platypus import Flowable, PageBreak

from app.domain import Comparison
from app.export.pdf.blocks import make_styles
from app.export.pdf.content import Summary, printed_texts, summarize
from app.export.pdf.document import SummaryDoc
from app.export.pdf.fonts import register_fonts
from app.export.pdf.fulltext import annotation_comments, conflict_comments, full_texts
from app.export.pdf.marked_text import Comment, drawn_highlights
from app.export.pdf.options import ExportOptions, ExportResult
from app.export.pdf.scripts import FontSet, plan, use
from app.export.pdf.sections import (
    agreement_section,
    annotation_section,
    cover_section,
    discrepancy_section,
)
from app.export.pdf.theme import theme
from app.files import check_target, replace_with
from app.jobs.progress import IsCancelled, Progress, Stage
from app.session import Session


def export_pdf(
    out_path: str | os.PathLike[str],
    *,
    comparison: Comparison,
    session: Session | None = None,
    options: ExportOptions | None = None,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
) -> ExportResult:
    """Write the summary of ``comparison`` (with the annotations and verdicts of
    ``session``, when given) to ``out_path``.

    Raises InputError for a target that cannot be written, and app.errors.
    Cancelled when ``cancelled()`` turns true; the target is then untouched.
    """
    began = time.perf_counter()
    options = options or ExportOptions()
    target = Path(out_path)
    check_target(target, "the PDF", ".pdf")
    if progress:
        progress(Stage.PREPARING, 0, 1)
    fonts = register_fonts()
    summary = summarize(comparison, session, options, datetime.now().astimezone())
    fontset = plan(printed_texts(summary))
    with use(fontset):
        doc = _build(target, summary, fontset, options, progress, cancelled)
    if progress:
        progress(Stage.WRITING, 1, 1)
    highlights = len(drawn_highlights(doc.canv))
    return ExportResult(
        path=target,
        pages=doc.page,
        discrepancies=len(summary.discrepancies),
        annotations=len(summary.annotations),
        highlights=highlights,
        font=fonts.name,
        seconds=time.perf_counter() - began,
        fallback_fonts=fontset.fallbacks,
        unprintable=fontset.missing,
    )


def _build(
    target: Path,
    summary: Summary,
    fontset: FontSet,
    options: ExportOptions,
    progress: Progress | None,
    cancelled: IsCancelled | None,
) -> SummaryDoc:
    """Lay out and write the summary, under the fonts of ``fontset``."""
    colours = theme()
    styles = make_styles(colours)
    doc_for_width = SummaryDoc(os.devnull, summary, colours, options.paper, None, None)
    width = doc_for_width.width

    sides = conflict_comments(summary, colours)
    notes = annotation_comments(summary, colours)
    in_text: dict[str, list[Comment]] = defaultdict(list)
    on_excerpt: dict[tuple[str, str], Comment] = {}
    on_quote: dict[str, Comment] = {}
    if options.include_texts:
        for (_, article_id), comment in sides.items():
            in_text[article_id].append(comment)
    else:
        on_excerpt = sides
    for n in summary.annotations:
        if options.include_texts and n.placed and n.article is not None:
            in_text[n.article.id].append(notes[n.label])
        else:
            on_quote[n.label] = notes[n.label]

    story: list[Flowable] = [
        *cover_section(summary, styles, colours, width, fontset.missing),
        PageBreak(),
        *discrepancy_section(summary, styles, colours, width, on_excerpt),
        PageBreak(),
        *agreement_section(summary, styles),
        PageBreak(),
        *annotation_section(summary, styles, on_quote),
    ]
    if options.include_texts:
        story += full_texts(summary, styles, colours, in_text)

    rendered: list[SummaryDoc] = []

    def render(where: Path) -> None:
        doc = SummaryDoc(str(where), summary, colours, options.paper, progress, cancelled)
        doc.render(story)
        rendered.append(doc)
        if progress:
            progress(Stage.WRITING, 0, 1)

    replace_with(target, render, "the new PDF")
    return rendered[0]
