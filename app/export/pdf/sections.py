"""Sections 1 to 4 of the summary: cover, discrepancies, agreement, annotations."""

from __future__ import annotations

from collections import Counter
from typing import Any

from reportlab.platypus import (
    Flowable,
    Image,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from app.domain import Article, Claim
from app.export.pdf.blocks import Styles, colour, esc, heading, plain
from app.export.pdf.content import Discrepancy, Numbered, Side, Summary
from app.export.pdf.marked_text import BG_ANNOTATION, BG_EMPHASIS, Comment, MarkedText, Marks
from app.export.pdf.scripts import describe_missing
from app.export.pdf.theme import Theme
from app.export.wording import noun, plural, sureness
from app.icon import icon_png
from app.importing.pasting import source_label

# The application icon beside the cover's title, in points.
COVER_ICON_SIZE = 34.0


def _counter_text(counter: Counter[str]) -> str:
    return ", ".join(f"{k} {n}" for k, n in sorted(counter.items())) or "none"


def cover_section(
    summary: Summary,
    st: Styles,
    theme: Theme,
    width: float,
    unprintable: tuple[str, ...] = (),
) -> list[Flowable]:
    """``unprintable``: characters of the summary no font on this computer has."""
    out: list[Flowable] = [
        *_titled_with_icon(summary.title, st, width),
        Paragraph(
            esc(
                f"Session: {summary.session_name or '(exported from files)'} · exported "
                f"{summary.exported:%Y-%m-%d %H:%M} by {summary.author}"
            ),
            st.muted,
        ),
        Spacer(1, 10),
        Paragraph("Articles", st.h2),
    ]
    rows: list[list[Any]] = [
        [Paragraph(f"<b>{h}</b>", st.cell) for h in ("", "Title", "Source", "Date", "Words")]
        + [Paragraph("<b>Text hash</b>", st.cell)]
    ]
    for art in summary.articles:
        rows.append(
            [
                Paragraph(f"<b>{esc(art.id, bold=True)}</b>", st.cell),
                Paragraph(esc(art.title), st.cell),
                Paragraph(esc(source_label(art.source)), st.cell),
                Paragraph(art.published.isoformat() if art.published else "unknown", st.cell),
                Paragraph(f"{art.word_count:,}", st.cell),
                Paragraph(summary.text_hashes[art.id][:12], st.cell),
            ]
        )
    fr = [0.04, 0.34, 0.26, 0.13, 0.08, 0.15]
    table = Table(rows, colWidths=[f * width for f in fr], repeatRows=1)
    table.setStyle(_grid(theme))
    out.append(table)

    c = summary.counts
    shown = [d for d in summary.discrepancies if not d.rejected]
    lines = [
        f"<b>{summary.claims_count}</b> {noun(summary.claims_count, 'claim')}; "
        f"<b>{c['relations']['match']}</b> {noun(c['relations']['match'], 'match', 'matches')} "
        f"and <b>{c['relations']['conflict']}</b> "
        f"{noun(c['relations']['conflict'], 'conflict')} found by the engine"
        + (
            f"; after the reporter's verdicts <b>{c['now']['conflict']}</b> "
            f"{noun(c['now']['conflict'], 'conflict')}, <b>{c['now']['match']}</b> "
            f"{noun(c['now']['match'], 'match', 'matches')} and "
            f"<b>{c['now']['rejected']}</b> rejected."
            if c["now"]["rejected"]
            or (c["now"]["conflict"], c["now"]["match"])
            != (c["relations"]["conflict"], c["relations"]["match"])
            else "."
        ),
        f"Discrepancies in this summary: <b>{len(shown)}</b> "
        f"(by type: {esc(_counter_text(c['conflict types']))})"
        + (
            f"; {plural(len(summary.discrepancies) - len(shown), 'rejected relation')} "
            "listed last, marked as rejected."
            if len(shown) < len(summary.discrepancies)
            else "."
        ),
        f"Shared by several articles: <b>{len(summary.groups)}</b> "
        f"{noun(len(summary.groups), 'group')}, "
        f"<b>{len(summary.pairs) + summary.pairs_left_out}</b> pairwise "
        f"{noun(len(summary.pairs) + summary.pairs_left_out, 'match', 'matches')}.",
        f"Annotations: <b>{sum(c['status'].values())}</b> (by tag: {esc(_counter_text(c['tags']))};"
        f" by status: {_counter_text(c['status'])}; anchors: {_counter_text(c['anchors'])}).",
        f"Verdicts: {_counter_text(c['verdicts'])}.",
    ]
    out += [Spacer(1, 8), Paragraph("Counts", st.h2)]
    out += [Paragraph(line, st.body) for line in lines]
    if unprintable:
        out += [
            Spacer(1, 8),
            Paragraph("Characters not printed", st.h2),
            Paragraph(esc(describe_missing(unprintable)), st.body),
            Paragraph(
                "Install a TrueType font (.ttf or .ttc) for these scripts and export again.",
                st.muted,
            ),
        ]
    return out


def _titled_with_icon(title: str, st: Styles, width: float) -> list[Flowable]:
    """The cover's title with the application icon on its left.  The icon is
    the committed PNG of the SVG (see app.icon: reportlab draws no SVG)."""
    bookmark, text = heading("cover", title, st.title)
    gap = 10.0
    icon = Image(str(icon_png()), width=COVER_ICON_SIZE, height=COVER_ICON_SIZE)
    row = Table([[icon, text]], colWidths=[COVER_ICON_SIZE + gap, width - COVER_ICON_SIZE - gap])
    row.hAlign = "LEFT"
    row.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return [bookmark, row]


def _grid(theme: Theme) -> TableStyle:
    return TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.4, colour(theme.ink["rule"])),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), colour((0.94, 0.94, 0.94))),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ]
    )


def _excerpt(side: Side, st: Styles, comments: list[Comment]) -> list[Flowable]:
    claim = side.claim
    marks = Marks(claim.start, len(claim.text))
    for s, e in side.spans:
        marks.paint(s, e, BG_EMPHASIS, bold=True)
    return [
        Paragraph(f"<b>{esc(side.article.id, True)}</b> · {esc(side.article.title)}", st.muted),
        Spacer(1, 2),
        MarkedText(claim.text, marks, st.excerpt, comments),
    ]


def discrepancy_section(
    summary: Summary,
    st: Styles,
    theme: Theme,
    width: float,
    side_comments: dict[tuple[str, str], Comment],
) -> list[Flowable]:
    """One card per discrepancy: the header line, both excerpts side by side,
    the note.  ``side_comments`` holds the highlight of each (label, article
    id) when it goes on the excerpt (the full texts are left out)."""
    out: list[Flowable] = heading("discrepancies", "Discrepancies", st.h1)
    if not summary.discrepancies:
        out.append(Paragraph("No conflicts between the articles in this summary.", st.body))
    for d in summary.discrepancies:
        out += [_card(d, st, theme, width, side_comments), Spacer(1, 6)]
    return out


def _card(
    d: Discrepancy,
    st: Styles,
    theme: Theme,
    width: float,
    side_comments: dict[tuple[str, str], Comment],
) -> Table:
    parts = [f"<b>{d.label}</b>"]
    parts += [esc(text) for text in (d.kinds, "; ".join(d.notes)) if text]
    parts.append(f"<i>{esc(d.status)}</i>")
    if not d.retyped:  # the engine found a match there; its figure is not of a conflict
        parts.append(f"engine {esc(sureness(d.relation.confidence))}")
    head = " · ".join(parts)
    cells = [
        _excerpt(side, st, [c for c in [side_comments.get((d.label, side.article.id))] if c])
        for side in (d.left, d.right)
    ]
    rows: list[list[Any]] = [[Paragraph(head, st.cell), ""], cells]
    if d.note:
        rows.append([plain(f"Note: {d.note}", st.excerpt, bold_prefix=5), ""])
    table = Table(rows, colWidths=[width / 2, width / 2])
    style = [
        ("SPAN", (0, 0), (1, 0)),
        ("BOX", (0, 0), (-1, -1), 0.6, colour(theme.ink["rule"])),
        ("LINEBELOW", (0, 0), (-1, 0), 0.4, colour(theme.ink["rule"])),
        ("LINEAFTER", (0, 1), (0, 1), 0.4, colour(theme.ink["rule"])),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        (
            "BACKGROUND",
            (0, 0),
            (1, 0),
            colour(theme.background["rejected" if d.rejected else "conflict"]),
        ),
    ]
    if d.note:
        style.append(("SPAN", (0, 2), (1, 2)))
    table.setStyle(TableStyle(style))
    return table


def agreement_section(summary: Summary, st: Styles) -> list[Flowable]:
    n = len(summary.articles)
    out: list[Flowable] = heading("agreement", "Agreement", st.h1)
    if not summary.groups and not summary.pairs:
        out.append(Paragraph("No claim is shared by two or more articles.", st.body))
    for shared in (*summary.groups, *summary.pairs):
        ids = ", ".join(a.id for a in shared.articles)
        block: list[Flowable] = [
            Paragraph(f"<b>{len(shared.articles)} of {n} articles</b> ({esc(ids)})", st.small)
        ]
        block += [_claim_line(c, st) for c in shared.claims]
        block += [Paragraph(f"~ {esc(note)}", st.muted) for note in shared.notes]
        out += [KeepTogether(block), Spacer(1, 5)]
    if summary.pairs_left_out:
        out.append(
            Paragraph(
                f"… and {summary.pairs_left_out} more pairwise matches"
                " (the full texts show them highlighted).",
                st.muted,
            )
        )
    out.append(Paragraph("Claims only one article makes", st.h2))
    for art in summary.articles:
        total = summary.singles_total[art.id]
        out.append(
            Paragraph(
                f"<b>{esc(art.id, True)}</b> · {esc(art.title)}: "
                f"{plural(total, 'claim')} only here",
                st.small,
            )
        )
        out += [_claim_line(c, st, bullet=True) for c in summary.singles[art.id]]
        if total > len(summary.singles[art.id]):
            out.append(Paragraph(f"… and {total - len(summary.singles[art.id])} more", st.muted))
        out.append(Spacer(1, 4))
    return out


def _claim_line(claim: Claim, st: Styles, bullet: bool = False) -> Flowable:
    if bullet:
        return plain(f"• {claim.text}", st.excerpt)
    return plain(f"{claim.article_id}: {claim.text}", st.excerpt, len(claim.article_id) + 1)


def annotation_section(
    summary: Summary, st: Styles, quote_comments: dict[str, Comment]
) -> list[Flowable]:
    """Numbered annotations.  ``quote_comments`` holds the highlight of each
    annotation that goes on its quote here rather than on the full text."""
    out: list[Flowable] = heading("annotations", "Annotations", st.h1)
    if not summary.annotations:
        text = "No annotations." if summary.session_name else "Exported from files: no session."
        out.append(Paragraph(text, st.body))
    for item in summary.annotations:
        out += [KeepTogether(_annotation(item, st, quote_comments.get(item.label))), Spacer(1, 6)]
    return out


def _annotation(item: Numbered, st: Styles, comment: Comment | None) -> list[Flowable]:
    a = item.annotation
    where: Article | None = item.article
    art = f"{where.id} · {where.title}" if where else "(article no longer in the session)"
    meta = (
        f"<b>{item.label}</b> · {esc(art)} · tag <b>{esc(a.tag, True)}</b> · {a.status} · "
        f"anchor {a.state} · {esc(a.author)} · {a.updated:%Y-%m-%d}"
    )
    base = item.span[0] if item.placed else 0
    marks = Marks(base, len(item.quote))
    marks.paint(base, base + len(item.quote), BG_ANNOTATION)
    if comment is not None and not item.placed:
        comment = Comment(comment.id, ((0, len(item.quote)),), *_rest(comment))
    quote = MarkedText(item.quote, marks, st.excerpt, [comment] if comment else [])
    note = plain(a.note, st.text) if a.note else Paragraph("<i>(no note)</i>", st.body)
    return [Paragraph(meta, st.small), quote, note]


def _rest(c: Comment) -> tuple[str, str, tuple[float, float, float]]:
    return c.contents, c.author, c.colour
