"""The summary as Markdown (CommonMark with GitHub tables): what the PDF
says, read from the same content model, for an editor's notes or a wiki."""

from __future__ import annotations

import re
from collections import Counter

from app.export.pdf.content import Discrepancy, Numbered, Shared, Side, Summary
from app.export.wording import counts_sentence
from app.importing.pasting import source_label

# Characters that make Markdown of plain text anywhere in a line.  The pipe
# ends a table cell, so it is escaped everywhere; "-" and "." are left alone
# inside a line so names like al-Saadi stay readable in the raw file.
_INLINE = re.compile(r"([\\`*_\[\]<>|~&#])")
# What starts a block when it begins a line: a heading, quote, list, rule.
_LINE_START = re.compile(r"^(\s*)([-+=>])|^(\s*\d+)([.)])")


def escape(text: str) -> str:
    """``text`` shown as it is, whatever Markdown characters it holds, on
    one line (line breaks become Markdown line breaks)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out = []
    for line in lines:
        line = _INLINE.sub(r"\\\1", line)
        out.append(_LINE_START.sub(_escape_mark, line))
    return "<br>".join(out)


def _escape_mark(m: re.Match[str]) -> str:
    lead, mark = (m.group(1), m.group(2)) if m.group(2) else (m.group(3), m.group(4))
    return f"{lead}\\{mark}"


def _cell(text: str) -> str:
    """A table cell: escaped, never empty (an empty cell is easy to misread)."""
    return escape(text) if text.strip() else "–"


def _marked(side: Side) -> str:
    """The claim's text with the differing values in bold."""
    return "".join(f"**{escape(t)}**" if value else escape(t) for t, value in side.pieces())


def _counts(counter: Counter[str]) -> str:
    return ", ".join(f"{k} {n}" for k, n in sorted(counter.items())) or "none"


def markdown_summary(summary: Summary) -> str:
    lines = [f"# {escape(summary.title)}", ""]
    session = summary.session_name or "(exported from files)"
    lines += [
        f"Session: {escape(session)} · exported {summary.exported:%Y-%m-%d %H:%M} "
        f"by {escape(summary.author)}",
        "",
        "## Articles",
        "",
        "| | Title | Source | Date | Words |",
        "|---|---|---|---|---:|",
    ]
    for art in summary.articles:
        date = art.published.isoformat() if art.published else "unknown"
        lines.append(
            f"| **{escape(art.id)}** | {_cell(art.title)} | {_cell(source_label(art.source))} "
            f"| {date} | {art.word_count:,} |"
        )
    lines += [
        "",
        counts_sentence(summary.claims_count, summary.counts),
        "",
        *_discrepancies(summary.discrepancies),
        *_agreement(summary),
        *_annotations(summary.annotations, bool(summary.session_name)),
    ]
    return "\n".join(lines).rstrip("\n") + "\n"


def _discrepancies(items: tuple[Discrepancy, ...]) -> list[str]:
    lines = ["## Discrepancies", ""]
    if not items:
        return [*lines, "No conflicts between the articles in this summary.", ""]
    lines += [
        "| | Type | First article | Second article | Values | Verdict | Note |",
        "|---|---|---|---|---|---|---|",
    ]
    for d in items:
        sides = [f"**{escape(s.article.id)}**: {_marked(s)}" for s in (d.left, d.right)]
        lines.append(
            f"| **{d.label}** | {_cell(d.kinds)} | {sides[0]} | {sides[1]} "
            f"| {_cell('; '.join(d.notes))} | {_cell(d.status)} | {_cell(d.note)} |"
        )
    return [*lines, ""]


def _agreement(summary: Summary) -> list[str]:
    lines = ["## Agreement", ""]
    shared: tuple[Shared, ...] = (*summary.groups, *summary.pairs)
    if not shared:
        return [*lines, "No claim is shared by two or more articles.", ""]
    n = len(summary.articles)
    for item in shared:
        ids = ", ".join(a.id for a in item.articles)
        lines.append(f"- **{len(item.articles)} of {n} articles** ({escape(ids)})")
        lines += [f"  - {escape(c.article_id)}: {escape(c.text)}" for c in item.claims]
        lines += [f"  - ~ {escape(note)}" for note in item.notes]
    if summary.pairs_left_out:
        lines.append(f"- … and {summary.pairs_left_out} more pairwise matches")
    return [*lines, ""]


def _annotations(items: tuple[Numbered, ...], in_session: bool) -> list[str]:
    lines = ["## Notes", ""]
    if not items:
        text = "No annotations." if in_session else "Exported from files: no session."
        return [*lines, text, ""]
    for n, item in enumerate(items, start=1):
        a = item.annotation
        where = (
            f"{item.article.id} · {item.article.title}"
            if item.article
            else "(article no longer in the session)"
        )
        lines.append(
            f"{n}. **{item.label}** · {escape(where)} · tag *{escape(a.tag)}* · {a.status} · "
            f"{escape(a.author)} · {a.updated:%Y-%m-%d}"
        )
        lines.append(f"   > {escape(item.quote)}")
        lines.append("")
        lines.append(f"   {escape(a.note) if a.note.strip() else '*(no note)*'}")
        lines.append("")
    return lines
