"""What to paint where: claim highlights from a ``Comparison``.

``HighlightIndex`` is plain Python over the comparison (spans in character
offsets of ``Article.text``); ``extra_selections`` turns one article's spans
into ``QTextEdit.ExtraSelection``s coloured from the theme.
"""

from __future__ import annotations

import copy
import html
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtGui import QFont, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextEdit

from app.domain import Claim, Comparison, Relation, RelationKind
from app.editing.verdicts import Judgements, judge
from ui.theme import Theme


class Role(StrEnum):
    """Highlight roles, painted in this order (later ones on top)."""

    UNIQUE = "unique"  # a claim no other article has
    REJECTED = "rejected"  # a claim whose every relation the reporter rejected
    MATCH = "match"  # a claim another article shares
    CONFLICT = "conflict"  # a claim another article contradicts
    VALUE = "conflict_value"  # the differing value inside a conflicting claim
    ANNOTATION = "annotation"  # a user's annotation (not a claim)


_ORDER = {role: n for n, role in enumerate(Role)}


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    role: Role
    claim_id: str


@dataclass(frozen=True, slots=True)
class Link:
    """One relation seen from one of its claims."""

    relation: int  # index into Comparison.relations
    other: Claim


class HighlightIndex:
    """Where each claim is and how it is painted.  The claims and links are
    built once per comparison (off the GUI thread); what a relation is now
    comes from ``judgements`` (app.editing.verdicts), and :meth:`rejudged` swaps them
    after a verdict without rebuilding the rest."""

    def __init__(self, comparison: Comparison, judgements: Judgements | None = None) -> None:
        self.comparison = comparison
        self.judgements = judgements if judgements is not None else judge(comparison)
        self._claims = {c.id: c for c in comparison.claims}
        self.links: dict[str, list[Link]] = defaultdict(list)
        for n, rel in enumerate(comparison.relations):
            a, b = (self._claims[i] for i in rel.claims)
            self.links[a.id].append(Link(n, b))
            self.links[b.id].append(Link(n, a))
        # Claims of each article by start, to find the one under the mouse.
        self._starts: dict[str, list[Claim]] = {
            a.id: sorted(comparison.claims_of(a.id), key=lambda c: c.start)
            for a in comparison.articles
        }
        self._spans: dict[str, list[Span]] = {}  # by article, made when first asked for

    def rejudged(self, judgements: Judgements) -> HighlightIndex:
        """The same claims and links with other verdicts."""
        if judgements.comparison is not self.comparison:
            raise ValueError("the judgements are of another comparison")
        other = copy.copy(self)
        other.judgements = judgements
        other._spans = {}
        return other

    def kind_of(self, relation: int) -> RelationKind | None:
        """The relation's kind now (None: rejected)."""
        return self.judgements[relation].kind

    def role_of(self, claim: Claim) -> Role | None:
        links = self.links.get(claim.id)
        if links:
            kinds = {self.kind_of(lk.relation) for lk in links}
            if RelationKind.CONFLICT in kinds:
                return Role.CONFLICT
            return Role.MATCH if RelationKind.MATCH in kinds else Role.REJECTED
        if claim.is_matchable and len(self.comparison.articles) > 1:
            return Role.UNIQUE
        return None

    def spans(self, article_id: str) -> list[Span]:
        found = self._spans.get(article_id)
        if found is None:
            found = self._spans[article_id] = self._article_spans(article_id)
        return found

    def _article_spans(self, article_id: str) -> list[Span]:
        spans: list[Span] = []
        for claim in self._starts.get(article_id, ()):
            role = self.role_of(claim)
            if role is None:
                continue
            spans.append(Span(claim.start, claim.end, role, claim.id))
            for start, end in self._values(claim):
                start, end = max(start, claim.start), min(end, claim.end)
                if start < end:
                    spans.append(Span(start, end, Role.VALUE, claim.id))
        spans.sort(key=lambda s: (_ORDER[s.role], s.start))
        return spans

    def _values(self, claim: Claim) -> list[tuple[int, int]]:
        """The differing values in ``claim`` of the relations that are conflicts now."""
        out: list[tuple[int, int]] = []
        for lk in self.links.get(claim.id, ()):
            judged = self.judgements[lk.relation]
            side = 0 if judged.relation.claims[0] == claim.id else 1
            out += [d.spans[side] for d in judged.disagreements]
        return out

    def claim(self, claim_id: str) -> Claim:
        return self._claims[claim_id]

    def claims_between(self, article_id: str, start: int, end: int) -> list[Claim]:
        """Claims of an article that end after ``start`` and begin before ``end``,
        by position."""
        claims = self._starts.get(article_id, [])
        first = max(0, bisect_right([c.start for c in claims], start) - 1)
        return [c for c in claims[first:] if c.start < end and c.end > start]

    def claim_at(self, article_id: str, offset: int) -> Claim | None:
        claims = self._starts.get(article_id, [])
        i = bisect_right([c.start for c in claims], offset) - 1
        if i >= 0 and claims[i].start <= offset < claims[i].end:
            return claims[i]
        return None

    def tooltip(self, claim: Claim) -> str:
        """Rich text: the counterpart sentence(s), the differences, the notes."""
        links = self.links.get(claim.id, [])
        if not links:
            if self.role_of(claim) is Role.UNIQUE:
                return "<b>Only this article</b> makes this claim."
            return ""
        titles = {a.id: a.title for a in self.comparison.articles}
        parts: list[str] = []
        for lk in links:
            judged = self.judgements[lk.relation]
            rel: Relation = judged.relation
            label = {
                RelationKind.CONFLICT: "Conflicts with",
                RelationKind.MATCH: "Matches",
                None: "Rejected: was linked to",
            }[judged.kind]
            head = f"<b>{label}</b> {html.escape(lk.other.article_id)} · " + html.escape(
                titles.get(lk.other.article_id, "")
            )
            values = set(judged.disagreements)
            notes = [("⚠ " if d in values else "· ") + html.escape(d.note) for d in rel.differences]
            if judged.verdict is not None:
                notes.append(f"<i>{html.escape(judged.describe().capitalize())}</i>")
            body = f"<i>“{html.escape(_shorten(lk.other.text, 300))}”</i>"
            parts.append("<br>".join([head, body, *notes]))
        return "<p style='white-space:pre-wrap'>" + "<hr>".join(parts) + "</p>"


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def extra_selections(
    document: QTextDocument,
    spans: list[Span],
    theme: Theme,
    to_qt: Callable[[int], int],
) -> list[QTextEdit.ExtraSelection]:
    formats: dict[Role, QTextCharFormat] = {}
    for role in Role:
        fmt = QTextCharFormat()
        fmt.setBackground(theme.colour(role.value))
        if role is Role.VALUE:  # bold comes from the document (see embolden)
            fmt.setForeground(theme.colour("conflict_value_text"))
        if role is Role.REJECTED:  # greyed: the reporter said it is no relation
            fmt.setForeground(theme.colour("muted"))
        if role is Role.ANNOTATION:
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            fmt.setUnderlineColor(theme.colour("annotation_ink"))
        fmt.setProperty(QTextCharFormat.Property.UserProperty, role.value)
        formats[role] = fmt
    out: list[QTextEdit.ExtraSelection] = []
    for span in spans:
        sel = QTextEdit.ExtraSelection()
        cursor = QTextCursor(document)
        cursor.setPosition(to_qt(span.start))
        cursor.setPosition(to_qt(span.end), QTextCursor.MoveMode.KeepAnchor)
        sel.cursor = cursor
        sel.format = formats[span.role]
        out.append(sel)
    return out


def embolden(document: QTextDocument, ranges: list[tuple[int, int]]) -> None:
    """Make exactly ``ranges`` (Qt positions) bold in ``document``."""
    cursor = QTextCursor(document)
    cursor.beginEditBlock()
    cursor.select(QTextCursor.SelectionType.Document)
    normal = QTextCharFormat()
    normal.setFontWeight(QFont.Weight.Normal)
    cursor.mergeCharFormat(normal)
    bold = QTextCharFormat()
    bold.setFontWeight(QFont.Weight.Bold)
    for start, end in ranges:
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        cursor.mergeCharFormat(bold)
    cursor.endEditBlock()
