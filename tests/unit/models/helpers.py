"""Small builders of the app's dataclasses for the store's tests."""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, date, datetime, timedelta

from app.domain import (
    Article,
    Claim,
    ClaimKind,
    Comparison,
    Difference,
    DifferenceType,
    Fact,
    FactType,
    Relation,
    RelationKind,
    Settings,
    Source,
)
from app.session import Anchor, AnchorState, Annotation, AnnotationStatus, SessionArticle

T0 = datetime(2025, 3, 14, 9, 26, 53, 589793, tzinfo=UTC)

TEXTS = (
    "Three fighters were killed on Thursday in a strike on a building in the Green Zone.\n\n"
    "Officials said the attack began at dawn.",
    "Two fighters died on Wednesday when a car was hit in eastern Baghdad.\n\n"
    "A spokesman said the strike was “precise”.",
    "A drone strike killed at least three people, the ministry said.",
)


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def article(text: str, title: str = "Title", *, index: int = 0) -> Article:
    source = Source(f"/news/{index}.txt", "txt", "utf-8", sha(f"bytes {index} {text}"), len(text))
    return Article("A", title, text, source, date(2025, 3, 13) if index % 2 == 0 else None)


def articles(count: int = 2) -> list[Article]:
    return [
        article(TEXTS[i % len(TEXTS)] + f"\n\nCopy {i}.", f"Story {i}", index=i)
        for i in range(count)
    ]


def annotation(
    target: SessionArticle, quote: str = "killed", *, note: str = "check", tag: str = "discrepancy"
) -> Annotation:
    text = target.article.text
    start = text.find(quote)
    start = max(start, 0)
    end = start + len(quote)
    return Annotation(
        id=uuid.uuid4().hex,
        article_key=target.key,
        anchor=Anchor(
            exact=text[start:end],
            prefix=text[max(0, start - 32) : start],
            suffix=text[end : end + 32],
            start=start,
            end=end,
            text_sha256=target.text_sha256,
        ),
        note=note,
        tag=tag,
        status=AnnotationStatus.OPEN,
        author="reporter",
        created=T0,
        updated=T0 + timedelta(seconds=1),
        state=AnchorState.ANCHORED,
    )


def comparison(items: list[Article] | tuple[Article, ...]) -> Comparison:
    """A hand-built comparison over ``items`` (ids A, B, ...) with every kind
    of field the cache must keep."""
    claims: list[Claim] = []
    for art in items:
        end = art.text.index(".") + 1
        claims.append(
            Claim(
                id=f"{art.id}1",
                article_id=art.id,
                start=0,
                end=end,
                text=art.text[:end],
                kind=ClaimKind.STATEMENT,
                facts=(
                    Fact(FactType.NUMBER, "Three", 3, 0, 5, head="fighter", event="kill"),
                    Fact(FactType.DATE, "Thursday", "2025-03-13", 30, 38),
                    Fact(FactType.HEDGE, "said", None, 1, 2),
                    Fact(FactType.NUMBER, "1.5", 1.5, 3, 4),
                ),
            )
        )
        claims.append(Claim(f"{art.id}2", art.id, 0, 5, art.text[:5], ClaimKind.HEADING))
    relations = [
        Relation(
            RelationKind.CONFLICT,
            (claims[0].id, claims[2].id),
            0.7371234567,
            (
                Difference(
                    DifferenceType.NUMBER, ("three", "two"), ((0, 5), (0, 3)), "killed: 3 vs 2"
                ),
                Difference(
                    DifferenceType.HEDGE, ("said", ""), ((1, 2), (0, 0)), "only A hedges", False
                ),
            ),
        ),
        Relation(RelationKind.MATCH, (claims[1].id, claims[3].id), 0.5),
    ]
    return Comparison(
        articles=tuple(items),
        claims=tuple(claims),
        relations=tuple(relations),
        groups=((claims[0].id, claims[2].id),),
        engine="crosscheck test",
        settings=Settings(sensitivity=0.25, spacy_model="en_test", max_chars=1000),
    )
