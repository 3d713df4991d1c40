"""Section 5: each article's full text with its highlights and markers, and the
placing of the real PDF highlight annotations (comments)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict

from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer

from app.domain import Article
from app.export.pdf.blocks import Styles, esc, heading
from app.export.pdf.content import Summary
from app.export.pdf.marked_text import (
    BG_ANNOTATION,
    BG_CONFLICT,
    BG_EMPHASIS,
    BG_MATCH,
    Comment,
    MarkedText,
    Marks,
)
from app.export.pdf.theme import Theme
from app.importing.pasting import source_label


def conflict_comments(summary: Summary, theme: Theme) -> dict[tuple[str, str], Comment]:
    """One highlight per side of each discrepancy not rejected, over the
    differing values (the whole claim when the engine gave no spans)."""
    out: dict[tuple[str, str], Comment] = {}
    for d in summary.discrepancies:
        if d.rejected:
            continue
        for side in (d.left, d.right):
            spans = side.spans or ((side.claim.start, side.claim.end),)
            out[(d.label, side.article.id)] = Comment(
                f"{d.label}-{side.article.id}",
                tuple(sorted(spans)),
                d.comment(),
                summary.author,
                theme.highlight["conflict"],
            )
    return out


def annotation_comments(summary: Summary, theme: Theme) -> dict[str, Comment]:
    return {
        n.label: Comment(
            n.label,
            (n.span,),
            n.comment(),
            n.annotation.author,
            theme.highlight["annotation"],
        )
        for n in summary.annotations
    }


def article_marks(summary: Summary, article: Article) -> Marks:
    marks = Marks(0, len(article.text))
    for start, end in summary.matched_spans.get(article.id, ()):
        marks.paint(start, end, BG_MATCH)
    for d in summary.discrepancies:
        if d.rejected:
            continue
        for side in (d.left, d.right):
            if side.article.id != article.id:
                continue
            marks.paint(side.claim.start, side.claim.end, BG_CONFLICT)
            for s, e in side.spans:
                marks.paint(s, e, BG_EMPHASIS, bold=True)
            marks.mark(side.claim.end, d.label)
    for n in summary.annotations:
        if n.placed and n.article is not None and n.article.id == article.id:
            marks.paint(n.span[0], n.span[1], BG_ANNOTATION)
            marks.mark(n.span[1], n.label)
    return marks


def full_texts(
    summary: Summary,
    st: Styles,
    theme: Theme,
    comments: dict[str, list[Comment]],
) -> list[Flowable]:
    """``comments``: article id -> the highlights that go on its text."""
    out: list[Flowable] = [PageBreak(), *heading("texts", "Full texts", st.h1)]
    legend = (
        "Highlights: shared claim (green), contradicted claim (red, differing values in "
        "bold), annotated passage (yellow). Markers: D = discrepancy, N = annotation."
    )
    out.append(Paragraph(legend, st.muted))
    for i, art in enumerate(summary.articles):
        if i:
            out.append(PageBreak())
        out += heading(f"text-{art.id}", f"{art.id} · {art.title}", st.h2, level=1)
        date = art.published.isoformat() if art.published else "date unknown"
        out.append(
            Paragraph(
                esc(f"{source_label(art.source)} · {date} · {art.word_count:,} words"), st.muted
            )
        )
        out.append(Spacer(1, 6))
        out += _paragraphs(art, article_marks(summary, art), st, comments.get(art.id, []))
    return out


def _paragraphs(
    article: Article, marks: Marks, st: Styles, comments: list[Comment]
) -> list[Flowable]:
    text = article.text
    bounds: list[tuple[int, int]] = []
    start = 0
    for line in text.split("\n"):
        bounds.append((start, start + len(line)))
        start += len(line) + 1
    starts = [s for s, _ in bounds]
    per_paragraph: dict[int, list[Comment]] = defaultdict(list)
    for comment in comments:
        hit: set[int] = set()
        for s, e in comment.spans:
            first = max(bisect_right(starts, s) - 1, 0)
            last = max(bisect_left(starts, e) - 1, first)
            hit.update(range(first, last + 1))
        for k in sorted(hit):
            per_paragraph[k].append(comment)
    out: list[Flowable] = []
    for k, (s, e) in enumerate(bounds):
        if s == e:
            out.append(Spacer(1, st.text.leading / 2))
            continue
        out.append(MarkedText(text[s:e], marks.sub(s, e), st.text, per_paragraph.get(k, [])))
    return out
