"""Speed of the PDF export, against writing the same text as a plain PDF.

    python -m tests.benchmarks.bench_pdf

A session of 4 articles of 10,000 words, 300 annotations and 400 relations
(a third of them conflicts) is exported with everything included [goal < 5 s];
the reference is reportlab drawing the same four texts with no highlights,
tables or annotations, measured in the same run.
"""

from __future__ import annotations

import hashlib
import random
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate

from app.domain import (
    Article,
    Claim,
    ClaimKind,
    Comparison,
    Difference,
    Relation,
    RelationKind,
    Source,
)
from app.export.pdf import export_pdf
from app.session import Anchor, Annotation, AnnotationStatus, Session, SessionArticle

_WORDS = (
    "the strike killed three fighters near Baghdad officials said on Thursday Kovač al-Saadi "
    "€2 million convoy building ministry reported witnesses"
).split()


def _fixture() -> tuple[Comparison, Session]:
    rng = random.Random(5)
    now = datetime.now(UTC)
    articles, claims = [], []
    for letter in "ABCD":
        text, own = "", []
        while len(text.split()) < 10_000:
            sentence = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(12, 30)))
            sentence = sentence.capitalize() + "."
            start = len(text)
            text += sentence + (" " if rng.random() < 0.8 else "\n")
            own.append(
                Claim(
                    f"{letter}{len(own) + 1}",
                    letter,
                    start,
                    start + len(sentence),
                    sentence,
                    ClaimKind.STATEMENT,
                )
            )
        digest = hashlib.sha256(text.encode()).hexdigest()
        articles.append(
            Article(
                letter,
                f"Article {letter}",
                text,
                Source(f"{letter}.txt", "txt", "utf-8", digest, len(text)),
            )
        )
        claims.append(own)
    relations = []
    for i in range(400):
        a, b = rng.sample(range(4), 2)
        ca, cb = rng.choice(claims[a]), rng.choice(claims[b])
        if i % 3 == 0:
            diff = Difference(
                "number",
                ("three", "two"),
                ((ca.start, ca.start + 5), (cb.start, cb.start + 5)),
                "killed: 3 vs 2",
            )
            relations.append(Relation(RelationKind.CONFLICT, (ca.id, cb.id), rng.random(), (diff,)))
        else:
            relations.append(Relation(RelationKind.MATCH, (ca.id, cb.id), rng.random()))
    comparison = Comparison(
        tuple(articles), tuple(c for own in claims for c in own), tuple(relations), (), "bench"
    )
    keyed = tuple(SessionArticle(f"key{a.id}", i, a, "h", now) for i, a in enumerate(articles))
    notes = []
    for i in range(300):
        article = articles[i % 4]
        start = article.text.index(" ", rng.randrange(0, len(article.text) - 200)) + 1
        end = start + rng.randint(5, 120)
        anchor = Anchor(article.text[start:end], "", "", start, end, "h")
        notes.append(
            Annotation(
                f"n{i}",
                f"key{article.id}",
                anchor,
                f"note {i}",
                "discrepancy",
                AnnotationStatus.OPEN,
                "bench",
                now,
                now,
            )
        )
    return comparison, Session("Benchmark", now, now, keyed, tuple(notes))


def main() -> int:
    comparison, session = _fixture()
    with tempfile.TemporaryDirectory() as tmp:
        times = []
        for _ in range(2):
            start = time.perf_counter()
            result = export_pdf(Path(tmp) / "summary.pdf", comparison=comparison, session=session)
            times.append(time.perf_counter() - start)
        style = getSampleStyleSheet()["BodyText"]
        start = time.perf_counter()
        story = [Paragraph(line, style) for a in comparison.articles for line in a.text.split("\n")]
        SimpleDocTemplate(str(Path(tmp) / "plain.pdf"), pagesize=A4).build(story)
        plain = time.perf_counter() - start
    best = min(times)
    print(
        f"export 4 x 10,000 words, 300 annotations, 400 relations: {best:.2f} s, "
        f"{result.pages} pages, {result.highlights} highlights (plain reportlab text of the "
        f"same articles {plain:.2f} s, ratio {best / plain:.1f}) [goal < 5 s]"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
