"""What `session show` prints (text and JSON), and the relation counts the
other session commands end with."""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from app.cli.common import local, quoted
from app.safe_text import terminal_safe

if TYPE_CHECKING:
    from app.domain import Comparison
    from app.editing.verdicts import Judgements
    from app.session import Annotation, Session, SessionArticle
    from app.sources import SourceState


def source_state(item: SessionArticle) -> SourceState:
    """Whether the article's file is unchanged, changed, missing or
    unreadable (app.sources): only regular files are read, within the import
    limit, never blocking."""
    from app.sources import source_state

    return source_state(item.article.source)


def relation_counts(comparison: Comparison, session: Session | None = None) -> str:
    """ "13 matches, 3 conflicts, 1 rejected (32 possible)": the relations
    shown by default, as the session's verdicts leave them (app.editing.verdicts)."""
    from app.editing.verdicts import RelationState

    listed = Listed.of(session, comparison, False)
    counts = listed.judgements.counts() if listed.judgements is not None else {}
    matches, conflicts = counts.get(RelationState.MATCH, 0), counts.get(RelationState.CONFLICT, 0)
    text = f"{matches} matches, {conflicts} conflicts"
    if counts.get(RelationState.REJECTED):
        text += f", {counts[RelationState.REJECTED]} rejected"
    return text + (f" ({listed.hidden} possible)" if listed.hidden else "")


def _analysis_note(name: str, analysis: str) -> str:
    why = {
        "missing": "No analysis is stored for the session's current texts",
        "stale": "The stored analysis was made by another version of Crosscheck",
    }[analysis]
    return f"{why}; run `crosscheck session reload {shlex.quote(name)}` to analyse them."


@dataclass(frozen=True, slots=True)
class Listed:
    """The relations `session show` lists, as the verdicts leave them."""

    comparison: Comparison | None  # None: no analysis of the current texts
    judgements: Judgements | None  # of the relations listed
    hidden: int  # possible relations left out (without --possible)
    ids: dict[str, str]  # verdict key -> relation id, for every relation stored

    @staticmethod
    def of(session: Session | None, comparison: Comparison | None, possible: bool) -> Listed:
        from app.editing.verdicts import judge, shown

        if comparison is None:
            return Listed(None, None, 0, {})
        ids = {j.key: j.id for j in judge(comparison, session) if j.key is not None}
        view = shown(comparison, session, possible)
        hidden = len(comparison.relations) - len(view.relations)
        return Listed(view, judge(view, session), hidden, ids)


def session_json(
    session: Session, listed: Listed, analysis: str, sources: dict[str, SourceState]
) -> dict[str, Any]:
    from app.export.serialize import relation_to_json

    letters = {a.key: a.article.id for a in session.articles}
    relations = []
    for judged in listed.judgements or ():
        item = {"id": judged.id, **relation_to_json(judged.relation)}
        item["verdict"] = str(judged.judgement) if judged.judgement else None
        item["effective_kind"] = str(judged.kind) if judged.kind else None
        item["articles"] = [c.article_id for c in judged.claims]
        item["texts"] = [c.text for c in judged.claims]
        relations.append(item)
    comparison = listed.comparison
    return {
        "name": session.name,
        "created": session.created.isoformat(),
        "updated": session.updated.isoformat(),
        "analysis": analysis,  # cached, stale (another engine version) or missing
        "engine": comparison.engine if comparison else None,
        "articles": [
            {
                "letter": a.article.id,
                "key": a.key,
                "title": a.article.title,
                "source_path": a.article.source.path,
                "source": str(sources[a.key]),
                "origin": str(a.article.source.origin),
                "url": a.article.source.url or None,
                "format": a.article.source.format,
                "words": a.article.word_count,
                "imported": a.imported.isoformat(),
            }
            for a in session.articles
        ],
        # What the relations listed are now: their effective kinds.
        "counts": listed.judgements.counts() if listed.judgements is not None else None,
        "possible_hidden": listed.hidden,
        "relations": relations,
        "verdicts": [
            {
                "relation": listed.ids.get(v.relation_key),  # null: not in this analysis
                "relation_key": v.relation_key,
                "verdict": str(v.verdict),
                "kind": str(v.kind) if v.kind else None,
                "note": v.note,
                "updated": v.updated.isoformat(),
            }
            for v in session.verdicts
        ],
        "annotations": [_annotation_json(a, letters[a.article_key]) for a in session.annotations],
    }


def _annotation_json(a: Annotation, letter: str) -> dict[str, Any]:
    return {
        "id": a.id,
        "article": letter,
        "quote": a.anchor.exact,
        "start": a.anchor.start,
        "end": a.anchor.end,
        "state": str(a.state),
        "note": a.note,
        "tag": a.tag,
        "status": str(a.status),
        "author": a.author,
        "created": a.created.isoformat(),
        "updated": a.updated.isoformat(),
        "relation_key": a.relation_key,
    }


def session_text(
    session: Session, listed: Listed, analysis: str, sources: dict[str, SourceState]
) -> str:
    lines = [
        f"Session {session.name!r}: created {local(session.created)}, "
        f"updated {local(session.updated)}",
        "",
        *_article_lines(session, sources),
        "",
    ]
    if listed.judgements is None:
        lines.append(_analysis_note(session.name, analysis))
    else:
        lines += _relation_lines(listed)
    if session.verdicts:
        lines += ["", "Verdicts:"]
        for v in session.verdicts:
            kind = f" as {v.kind}" if v.kind else ""
            where = listed.ids.get(v.relation_key) or f"(not in this analysis) {v.relation_key}"
            lines.append(f"  {v.verdict}{kind}  {where}  {v.note}".rstrip())
    lines += ["", f"Annotations: {len(session.annotations)}"]
    letters = {a.key: a.article.id for a in session.articles}
    for n in session.annotations:
        lines.append(f"  {n.id}  {letters[n.article_key]}  {n.state}  [{n.tag}]  {n.status}")
        lines.append(f"     {quoted(n.anchor.exact)}")
        if n.note:
            lines.append("     " + n.note.replace("\n", "\n     "))
    return terminal_safe("\n".join(lines) + "\n")


def _article_lines(session: Session, sources: dict[str, SourceState]) -> list[str]:
    from app.importing.pasting import describe_origin
    from app.sources import SourceState

    hint = f"crosscheck session reload {shlex.quote(session.name)}"
    lines = ["Articles:"]
    for a in session.articles:
        lines.append(f"  {a.article.id}  {a.article.title}")
        where = a.article.source.path or describe_origin(a.article.source, a.imported)
        lines.append(f"     {where} ({a.article.word_count} words)")
        if sources[a.key] not in (SourceState.UNCHANGED, SourceState.NO_FILE):
            lines.append(f"     the source file is {sources[a.key]}; `{hint}` re-reads it")
    return lines


def _relation_lines(listed: Listed) -> list[str]:
    from app.editing.verdicts import RelationState
    from app.export.report import oriented_note

    assert listed.judgements is not None
    judgements = listed.judgements
    counts = judgements.counts()
    conflicts, matches = counts[RelationState.CONFLICT], counts[RelationState.MATCH]
    summary = f"Relations: {conflicts} conflicts, {matches} matches"
    if counts[RelationState.REJECTED]:
        summary += f", {counts[RelationState.REJECTED]} rejected"
    if listed.hidden:
        summary += f" ({listed.hidden} possible not listed; --possible lists them)"
    lines = [summary]
    rank = {RelationState.CONFLICT: 0, RelationState.MATCH: 1, RelationState.REJECTED: 2}
    for judged in sorted(judgements, key=lambda j: rank[j.state]):
        first, second = judged.claims
        rel = judged.relation
        possible = " possible" if judged.possible else ""
        lines.append(f"  {judged.state}{possible}  {judged.id}  ({rel.confidence:.2f})")
        lines.append(f"     {first.article_id}: {quoted(first.text)}")
        lines.append(f"     {second.article_id}: {quoted(second.text)}")
        flipped = first.id != rel.claims[0]
        lines.extend(f"     - {oriented_note(d, flipped)}" for d in judged.disagreements)
        if judged.verdict is not None:
            lines.append(f"     verdict: {judged.describe()}")
    return lines
