"""What the PDF summary says, as plain data: no reportlab here.

:func:`summarize` turns a comparison (and the session's annotations and
verdicts, when there is a session) into the ordered lists the renderer lays
out: discrepancies most important first, agreement, claims only one article
makes, numbered annotations, and the counts of the cover.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime

from app.domain import Article, Claim, Comparison, DifferenceType, Relation, RelationKind
from app.editing.verdicts import Judged, judge
from app.export.pdf.options import ExportOptions
from app.export.report import oriented_note
from app.session import AnchorState, Annotation, AnnotationStatus, Session, Verdict

# Difference types in the order an editor cares about them: a wrong toll or
# date first, a hedge last.
TYPE_ORDER = (
    DifferenceType.NUMBER,
    DifferenceType.DATE,
    DifferenceType.TIME,
    DifferenceType.PLACE,
    DifferenceType.PERSON,
    DifferenceType.ORGANIZATION,
    DifferenceType.NEGATION,
    DifferenceType.ATTRIBUTION,
    DifferenceType.HEDGE,
)
# Claims only one article makes: at most this many listed per article.
SINGLES_CAP = 8
# Pairwise matches listed in the agreement section (the rest are counted).
PAIRS_CAP = 60

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Side:
    """One article's half of a discrepancy."""

    article: Article
    claim: Claim
    spans: tuple[Span, ...]  # the differing values, offsets into article.text

    def pieces(self) -> list[tuple[str, bool]]:
        """The claim's text cut at the differing values: (text, is a value)."""
        claim, out, at = self.claim, [], self.claim.start
        for start, end in self.spans:
            if start < at:  # overlapping spans: the first one wins
                continue
            if start > at:
                out.append((claim.text[at - claim.start : start - claim.start], False))
            out.append((claim.text[start - claim.start : end - claim.start], True))
            at = end
        if at < claim.end:
            out.append((claim.text[at - claim.start :], False))
        return out


@dataclass(frozen=True, slots=True)
class Discrepancy:
    label: str  # "D1", referred to by markers in the full texts
    relation: Relation
    left: Side  # the article that comes first in the session
    right: Side
    types: tuple[DifferenceType, ...]
    notes: tuple[str, ...]  # "killed: three vs two", values in left/right order
    verdict: Verdict | None
    note: str  # the verdict's note and the notes of annotations tied to it
    rejected: bool
    retyped: bool = False  # the engine found a match; the reporter says conflict

    @property
    def status(self) -> str:
        """The verdict, for the reader of the summary."""
        if self.rejected:
            return "rejected by the reporter"
        if self.retyped:
            return "retyped by the reporter (the engine found a match)"
        return str(self.verdict or "not reviewed")

    @property
    def kinds(self) -> str:
        """The types of difference, "other" for a conflict found without
        one; empty for a retyped match whose differences hold none."""
        return ", ".join(self.types) or ("" if self.retyped else "other")

    def comment(self) -> str:
        """The text of its PDF highlight annotations."""
        parts = [f"{self.label} conflict" + (f" ({self.kinds}): " if self.kinds else ": ")]
        parts.append("; ".join(self.notes) or "the claims disagree")
        parts.append(f". Verdict: {self.status}.")
        if self.note:
            parts.append(f" Note: {self.note}")
        return "".join(parts)


@dataclass(frozen=True, slots=True)
class Shared:
    """A claim several articles make (an N-way group or a pairwise match)."""

    claims: tuple[Claim, ...]
    articles: tuple[Article, ...]
    notes: tuple[str, ...] = ()  # differences that are not conflicts


@dataclass(frozen=True, slots=True)
class Numbered:
    """A user annotation with its number in the summary ("N3")."""

    label: str
    annotation: Annotation
    article: Article | None  # None when its article is no longer in the session
    span: Span  # where it sits in article.text (the anchor's span)
    quote: str
    placed: bool  # its span is a valid place in the article's current text

    def comment(self) -> str:
        a = self.annotation
        body = a.note or "(no note)"
        return f"{self.label} [{a.tag}, {a.status}] {body}"


@dataclass(frozen=True, slots=True)
class Summary:
    title: str
    session_name: str
    exported: datetime
    author: str
    articles: tuple[Article, ...]
    text_hashes: dict[str, str]  # article id -> sha256 of its text
    discrepancies: tuple[Discrepancy, ...]
    groups: tuple[Shared, ...]
    pairs: tuple[Shared, ...]
    pairs_left_out: int
    singles: dict[str, tuple[Claim, ...]]
    singles_total: dict[str, int]
    annotations: tuple[Numbered, ...]
    matched_spans: dict[str, tuple[Span, ...]]  # article id -> claims in a shown match
    claims_count: int
    counts: dict[str, Counter[str]] = field(default_factory=dict)


def printed_texts(summary: Summary) -> Iterator[str]:
    """Every text the summary prints that comes from outside the program
    (articles, notes, names, paths): what the fonts have to cover."""
    yield from (summary.title, summary.session_name, summary.author)
    for art in summary.articles:
        yield from (art.id, art.title, art.text, art.source.path)
    for d in summary.discrepancies:
        yield from (*d.notes, d.note, d.kinds)
    for shared in (*summary.groups, *summary.pairs):
        yield from shared.notes
    for n in summary.annotations:
        a = n.annotation
        yield from (n.quote, a.note, a.tag, a.author)
    for counter in summary.counts.values():
        yield from counter


def relation_note(judged: Judged, annotations: Iterable[Annotation]) -> str:
    """What the reporter wrote about a relation: the verdict's note, then the
    notes of the annotations tied to it, joined by " / "."""
    verdict = judged.verdict
    tied = [
        a.note
        for a in annotations
        if judged.key is not None and a.relation_key == judged.key and a.note.strip()
    ]
    return " / ".join([*([verdict.note] if verdict and verdict.note else []), *tied])


def _type_rank(types: tuple[DifferenceType, ...]) -> int:
    """Where the first of ``types`` comes in TYPE_ORDER; after all of them when none."""
    return min((TYPE_ORDER.index(t) for t in types), default=len(TYPE_ORDER) + 1)


def summarize(
    comparison: Comparison,
    session: Session | None,
    options: ExportOptions,
    exported: datetime,
) -> Summary:
    articles = comparison.articles
    position = {a.id: i for i, a in enumerate(articles)}
    by_id = {a.id: a for a in articles}
    all_notes = list(session.annotations) if session else []
    shown_notes = [
        a for a in all_notes if not options.only_open or a.status is AnnotationStatus.OPEN
    ]

    discrepancies: list[Discrepancy] = []
    matches: list[Relation] = []
    judgements = judge(comparison, session)
    for judged in judgements:
        rel = judged.relation
        kind = judged.kind or judged.found  # a rejected one keeps its kind to list it under
        if str(kind) not in options.kinds:
            continue
        if judged.rejected and options.only_open:
            continue
        if kind is RelationKind.MATCH:
            if not judged.rejected:
                matches.append(rel)
            continue
        left, right = judged.claims
        flipped = left.id != rel.claims[0]
        diffs = rel.differences
        spans_l = _inside(left, (d.spans[1 if flipped else 0] for d in diffs))
        spans_r = _inside(right, (d.spans[0 if flipped else 1] for d in diffs))
        note = relation_note(judged, shown_notes)
        types = tuple(dict.fromkeys(d.type for d in judged.disagreements)) or tuple(
            dict.fromkeys(d.type for d in diffs)
        )
        discrepancies.append(
            Discrepancy(
                label="",
                relation=rel,
                left=Side(by_id[left.article_id], left, spans_l),
                right=Side(by_id[right.article_id], right, spans_r),
                types=types,
                notes=tuple(oriented_note(d, flipped) for d in diffs),
                verdict=judged.judgement,
                note=note,
                rejected=judged.rejected,
                retyped=judged.retyped,
            )
        )
    discrepancies.sort(
        key=lambda d: (
            d.rejected,
            d.verdict is not Verdict.CONFIRMED,
            _type_rank(d.types),
            -d.relation.confidence,
            position[d.left.article.id],
            d.left.claim.start,
        )
    )
    discrepancies = [replace(d, label=f"D{n}") for n, d in enumerate(discrepancies, start=1)]

    groups, pairs, in_group = _agreement(comparison, matches, position, by_id)
    related = {c for r in comparison.relations for c in r.claims} | in_group
    singles: dict[str, tuple[Claim, ...]] = {}
    singles_total: dict[str, int] = {}
    for art in articles:
        only = [c for c in comparison.claims_of(art.id) if c.is_matchable and c.id not in related]
        singles[art.id] = tuple(only[:SINGLES_CAP])
        singles_total[art.id] = len(only)

    numbered = _numbered(shown_notes, session, by_id)
    counts: dict[str, Counter[str]] = {
        "relations": Counter(
            "match" if r.kind is RelationKind.MATCH else "conflict" for r in comparison.relations
        ),
        "now": Counter(judgements.counts()),  # after the reporter's verdicts
        "conflict types": Counter(t for d in discrepancies if not d.rejected for t in d.types),
        "verdicts": Counter(str(v.verdict) for v in (session.verdicts if session else ())),
        "tags": Counter(a.tag for a in all_notes),
        "status": Counter(str(a.status) for a in all_notes),
        "anchors": Counter(str(a.state) for a in all_notes),
    }
    name = session.name if session else ""
    return Summary(
        title=options.title or name or f"Comparison of {len(articles)} articles",
        session_name=name,
        exported=exported,
        author=options.author,
        articles=articles,
        text_hashes={a.id: hashlib.sha256(a.text.encode("utf-8")).hexdigest() for a in articles},
        discrepancies=tuple(discrepancies),
        groups=tuple(groups),
        pairs=tuple(pairs[:PAIRS_CAP]),
        pairs_left_out=max(0, len(pairs) - PAIRS_CAP),
        singles=singles,
        singles_total=singles_total,
        annotations=numbered,
        matched_spans=_spans_by_article(
            comparison, {c for r in matches for c in r.claims} | in_group
        ),
        claims_count=sum(c.is_matchable for c in comparison.claims),
        counts=counts,
    )


def _agreement(
    comparison: Comparison,
    matches: list[Relation],
    position: dict[str, int],
    by_id: dict[str, Article],
) -> tuple[list[Shared], list[Shared], set[str]]:
    """N-way groups first (most articles first), then pairwise matches that
    no group already covers, best score first."""
    groups: list[Shared] = []
    in_group: set[str] = set()
    for ids in comparison.groups:
        claims = sorted((comparison.claim(i) for i in ids), key=lambda c: position[c.article_id])
        arts = tuple(dict.fromkeys(by_id[c.article_id] for c in claims))
        groups.append(Shared(tuple(claims), arts))
        in_group.update(ids)
    groups.sort(key=lambda s: (-len(s.articles), position[s.articles[0].id], s.claims[0].start))
    pairs: list[Shared] = []
    for rel in sorted(matches, key=lambda r: -r.score):
        if set(rel.claims) <= in_group:
            continue
        claims = sorted(
            (comparison.claim(i) for i in rel.claims), key=lambda c: position[c.article_id]
        )
        flipped = claims[0].id != rel.claims[0]
        notes = tuple(oriented_note(d, flipped) for d in rel.differences)
        pairs.append(Shared(tuple(claims), tuple(by_id[c.article_id] for c in claims), notes))
    return groups, pairs, in_group


def _numbered(
    notes: list[Annotation], session: Session | None, by_id: dict[str, Article]
) -> tuple[Numbered, ...]:
    if session is None:
        return ()
    article_of = {sa.key: by_id.get(sa.article.id) for sa in session.articles}
    order = {sa.key: sa.position for sa in session.articles}
    ordered = sorted(
        notes, key=lambda a: (order.get(a.article_key, 1 << 30), a.anchor.start, a.created)
    )
    out = []
    for n, a in enumerate(ordered, start=1):
        art = article_of.get(a.article_key)
        start, end = a.anchor.start, a.anchor.end
        placed = (
            art is not None
            and a.state is not AnchorState.ORPHANED
            and 0 <= start < end <= len(art.text)
        )
        quote = art.text[start:end] if art is not None and placed else a.anchor.exact
        out.append(Numbered(f"N{n}", a, art, (start, end), quote, placed))
    return tuple(out)


def _spans_by_article(comparison: Comparison, ids: set[str]) -> dict[str, tuple[Span, ...]]:
    out: dict[str, list[Span]] = {}
    for claim in comparison.claims:
        if claim.id in ids:
            out.setdefault(claim.article_id, []).append((claim.start, claim.end))
    return {k: tuple(v) for k, v in out.items()}


def _inside(claim: Claim, spans: Iterable[Span]) -> tuple[Span, ...]:
    """The spans that lie in the claim (a value found elsewhere is not shown)."""
    return tuple(sorted({(s, e) for s, e in spans if claim.start <= s < e <= claim.end}))
