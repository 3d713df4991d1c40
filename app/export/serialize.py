"""The JSON contract of ``crosscheck analyze --json`` (DESIGN.md section 3).

Scripts outside the project read this; change its shape only by raising
``CONTRACT_VERSION``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from app.domain import Article, Claim, Comparison, Difference, Fact, Relation

CONTRACT_VERSION = 1


def fact_to_json(fact: Fact) -> dict[str, Any]:
    out: dict[str, Any] = {
        "type": str(fact.type),
        "text": fact.text,
        "value": fact.value,
        "start": fact.start,
        "end": fact.end,
    }
    if fact.head:
        out["head"] = fact.head
    if fact.event:
        out["event"] = fact.event
    return out


def claim_to_json(claim: Claim) -> dict[str, Any]:
    return {
        "id": claim.id,
        "start": claim.start,
        "end": claim.end,
        "text": claim.text,
        "kind": str(claim.kind),
        "facts": [fact_to_json(f) for f in claim.facts],
    }


def difference_to_json(diff: Difference) -> dict[str, Any]:
    return {
        "type": str(diff.type),
        "values": list(diff.values),
        "spans": [list(diff.spans[0]), list(diff.spans[1])],
        "note": diff.note,
        "conflicting": diff.conflicting,
    }


def relation_to_json(rel: Relation) -> dict[str, Any]:
    return {
        "kind": str(rel.kind),
        "claims": list(rel.claims),
        "score": round(rel.score, 4),
        "confidence": round(rel.confidence, 4),
        "possible": rel.possible,
        "differences": [difference_to_json(d) for d in rel.differences],
    }


def article_to_json(article: Article, path: str, claims: Sequence[Claim]) -> dict[str, Any]:
    return {
        "id": article.id,
        "path": path,
        "title": article.title,
        "published": article.published.isoformat() if article.published else None,
        "format": article.source.format,
        "encoding": article.source.encoding,
        # Added in contract version 1 without removing anything: "file",
        # "clipboard" or "stdin", and the page a pasted article came from.
        "origin": str(article.source.origin),
        "url": article.source.url or None,
        "sha256": article.source.sha256,
        "text": article.text,
        "claims": [claim_to_json(c) for c in claims],
    }


def comparison_to_json(
    comparison: Comparison, paths: Sequence[str] | None = None
) -> dict[str, Any]:
    """The whole contract.  ``paths`` are the paths as the user gave them."""
    if paths is None:
        paths = [a.source.path for a in comparison.articles]
    return {
        "version": CONTRACT_VERSION,
        "engine": comparison.engine,
        "settings": {"sensitivity": comparison.settings.sensitivity},
        "articles": [
            article_to_json(article, path, comparison.claims_of(article.id))
            for article, path in zip(comparison.articles, paths, strict=True)
        ],
        "relations": [relation_to_json(r) for r in comparison.relations],
        "groups": [list(g) for g in comparison.groups],
    }
