"""The readable report of a comparison: what a journalist reads first.

Per pair of articles the conflicts come first (both sentences, the values that
differ, the note), then the matches, then counts.
"""

from __future__ import annotations

import textwrap
from collections import Counter
from collections.abc import Sequence
from itertools import combinations

from app.domain import Article, Claim, Comparison, Difference, Relation, RelationKind
from app.export.wording import plural, sureness

_WIDTH = 88


def _wrap(text: str, indent: str) -> str:
    return textwrap.fill(
        " ".join(text.split()),
        width=_WIDTH,
        initial_indent=indent,
        subsequent_indent=indent + "  ",
    )


def _emphasise(claim: Claim, spans: Sequence[tuple[int, int]]) -> str:
    """Claim text with the differing values marked »like this«."""
    text = claim.text
    marks = sorted(
        {(s - claim.start, e - claim.start) for s, e in spans if claim.start <= s < e <= claim.end},
        reverse=True,
    )
    for s, e in marks:
        text = f"{text[:s]}»{text[s:e]}«{text[e:]}"
    return text


def _pair_relations(comparison: Comparison, a: Article, b: Article) -> list[Relation]:
    ids = {a.id, b.id}
    out = []
    for rel in comparison.relations:
        owners = {rel.claims[0].rstrip("0123456789"), rel.claims[1].rstrip("0123456789")}
        if owners == ids:
            out.append(rel)
    return out


def _oriented(rel: Relation, comparison: Comparison, first: Article) -> tuple[Claim, Claim, bool]:
    ca, cb = comparison.claim(rel.claims[0]), comparison.claim(rel.claims[1])
    if ca.article_id == first.id:
        return ca, cb, False
    return cb, ca, True


def oriented_note(diff: Difference, flipped: bool) -> str:
    """The note with values in the order the pair is printed (A side first)."""
    if not flipped or not diff.values[0] or not diff.values[1]:
        return diff.note
    va, vb = diff.values
    swapped = diff.note.replace(f"{va} vs {vb}", f"{vb} vs {va}")
    return swapped


def _sureness(rel: Relation) -> str:
    sure = sureness(rel.confidence)
    return f"possible, {sure}" if rel.possible else sure


def text_report(
    comparison: Comparison,
    paths: Sequence[str],
    show_matches: bool = False,
    hidden: int = 0,
) -> str:
    """``hidden``: relations left out because the engine is not sure of them."""
    lines: list[str] = []
    lines.append(f"Crosscheck report ({comparison.engine})")
    lines.append("")
    for article, path in zip(comparison.articles, paths, strict=True):
        claims = comparison.claims_of(article.id)
        date = article.published.isoformat() if article.published else "date unknown"
        lines.append(f"[{article.id}] {article.title}")
        lines.append(
            f"    {path} · {date} · {article.word_count} words · "
            f"{sum(c.is_matchable for c in claims)} claims"
        )
    for a, b in combinations(comparison.articles, 2):
        relations = _pair_relations(comparison, a, b)
        conflicts = [r for r in relations if r.kind is RelationKind.CONFLICT]
        matches = [r for r in relations if r.kind is RelationKind.MATCH]
        lines.append("")
        lines.append("=" * _WIDTH)
        lines.append(
            f"[{a.id}] vs [{b.id}]: {plural(len(conflicts), 'conflict')}, "
            f"{plural(len(matches), 'match', 'matches')}"
        )
        lines.append("=" * _WIDTH)
        if conflicts:
            lines.append("")
            lines.append("CONFLICTS")
        for n, rel in enumerate(sorted(conflicts, key=lambda r: -r.confidence), start=1):
            ca, cb, flipped = _oriented(rel, comparison, a)
            spans_a = [d.spans[1 if flipped else 0] for d in rel.differences]
            spans_b = [d.spans[0 if flipped else 1] for d in rel.differences]
            lines.append("")
            for k, diff in enumerate(rel.differences):
                marker = "!" if diff.conflicting else "~"
                lead = f" {n:>2}." if k == 0 else "    "
                sure = f"  ({_sureness(rel)})" if k == 0 else ""
                lines.append(f"{lead} {marker} {oriented_note(diff, flipped)}{sure}")
            lines.append(_wrap(f"{a.id}: {_emphasise(ca, spans_a)}", "     "))
            lines.append(_wrap(f"{b.id}: {_emphasise(cb, spans_b)}", "     "))
        if matches:
            lines.append("")
            lines.append("MATCHES" if show_matches else "MATCHES (differences worth a look)")
        for rel in sorted(matches, key=lambda r: -r.score):
            if not show_matches and not rel.differences:
                continue
            ca, cb, flipped = _oriented(rel, comparison, a)
            lines.append("")
            if rel.possible:
                lines.append(f"     ? possible match ({sureness(rel.confidence)})")
            for diff in rel.differences:
                lines.append(f"     ~ {oriented_note(diff, flipped)}")
            lines.append(_wrap(f"{a.id}: {ca.text}", "     "))
            lines.append(_wrap(f"{b.id}: {cb.text}", "     "))
        if matches and not show_matches:
            plain = sum(1 for r in matches if not r.differences)
            if plain:
                lines.append("")
                lines.append(f"     ({plain} more matches agree fully; --matches lists them)")
    lines.append("")
    lines.append("-" * _WIDTH)
    kinds = Counter(r.kind for r in comparison.relations)
    types = Counter(d.type for r in comparison.relations for d in r.differences if d.conflicting)
    by_type = ", ".join(f"{t} {n}" for t, n in sorted(types.items())) or "none"
    lines.append(
        f"Totals: {sum(c.is_matchable for c in comparison.claims)} claims, "
        f"{plural(kinds[RelationKind.MATCH], 'match', 'matches')}, "
        f"{plural(kinds[RelationKind.CONFLICT], 'conflict')} "
        f"({by_type}), {len(comparison.groups)} claims shared by three or more articles."
    )
    if hidden:
        lines.append(
            f"{hidden} more relations the engine is not sure of (or between unrelated "
            "stories) are not shown; "
            "--possible lists them."
        )
    lines.append("")
    return "\n".join(lines)
