"""Speed of the store and of re-anchoring, as ratios against plain references.

    python -m tests.benchmarks.bench_store

Prints (issue 3 goals in brackets):
- median commit latency of one annotation through the repository, against a
  bare sqlite3 INSERT + COMMIT with the same pragmas [< 10 ms];
- opening a session of 10 articles with 1,000 annotations and a cached
  comparison, warm, against reading the same rows with bare sqlite3 [< 200 ms,
  and no NLP: spaCy must not even be imported];
- re-anchoring 1,000 annotations after an edit to a 10,000-word article,
  against finding each quote once with str.find [< 1 s].
Temporary files only; not part of the test suite.
"""

from __future__ import annotations

import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from app.domain import (
    Article,
    Claim,
    ClaimKind,
    Comparison,
    Difference,
    Relation,
    RelationKind,
    Settings,
    Source,
)
from app.editing.anchoring import make_anchor, reanchor_all
from app.session import Annotation, AnnotationStatus, SessionArticle
from models.repository import Repository
from models.store import open_store

_WORDS = (
    "the police said three people were killed on Thursday in a strike near the ministry "
    "while witnesses reported smoke over the eastern district and officials confirmed it"
).split()


def _text(rng: random.Random, words: int) -> str:
    sentences, count = [], 0
    while count < words:
        n = rng.randint(10, 28)
        sentences.append(" ".join(rng.choice(_WORDS) for _ in range(n)).capitalize() + ".")
        count += n
    return "\n\n".join(" ".join(sentences[i : i + 5]) for i in range(0, len(sentences), 5))


def _annotation(rng: random.Random, target: SessionArticle) -> Annotation:
    text = target.article.text
    start = rng.randrange(0, len(text) - 60)
    now = datetime.now(UTC)
    return Annotation(
        uuid.uuid4().hex,
        target.key,
        make_anchor(text, start, start + rng.randint(8, 50)),
        "checked against the ministry statement",
        "discrepancy",
        AnnotationStatus.OPEN,
        "bench",
        now,
        now,
    )


def _comparison(articles: list[Article]) -> Comparison:
    claims: list[Claim] = []
    for article in articles:
        offset = 0
        for n, sentence in enumerate(article.text.split(". ")):
            claims.append(
                Claim(
                    f"{article.id}{n + 1}",
                    article.id,
                    offset,
                    offset + len(sentence),
                    sentence,
                    ClaimKind.STATEMENT,
                )
            )
            offset += len(sentence) + 2
    by_article: dict[str, list[Claim]] = {}
    for claim in claims:
        by_article.setdefault(claim.article_id, []).append(claim)
    relations = []
    ids = list(by_article)
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            for ca, cb in list(zip(by_article[a], by_article[b], strict=False))[:15]:
                diff = Difference(
                    "number",
                    ("three", "two"),
                    ((ca.start, ca.start + 5), (cb.start, cb.start + 3)),
                    "killed: three vs two",
                )
                relations.append(Relation(RelationKind.CONFLICT, (ca.id, cb.id), 0.5, (diff,)))
    return Comparison(tuple(articles), tuple(claims), tuple(relations), (), "bench", Settings())


def bench_store(folder: Path) -> None:
    rng = random.Random(1)
    store = open_store(str(folder / "bench.sqlite3"))
    repo = Repository(store)
    articles = [
        Article(chr(65 + i), f"Story {i}", text, Source(f"/n/{i}.txt", "txt", "utf-8", "0" * 64, 1))
        for i, text in enumerate(_text(rng, 800) for _ in range(10))
    ]
    session = repo.create_session("bench", articles)
    latencies = []
    for i in range(1000):
        note = _annotation(rng, session.articles[i % 10])
        start = time.perf_counter()
        repo.add_annotation(note)
        latencies.append(time.perf_counter() - start)
    repo.save_comparison("bench", _comparison([a.article for a in session.articles]))

    raw = sqlite3.connect(folder / "raw.sqlite3", isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON"):
        raw.execute(f"PRAGMA {pragma}")
    raw.execute("CREATE TABLE t (id TEXT PRIMARY KEY, note TEXT)")
    raw_latencies = []
    for _ in range(1000):
        start = time.perf_counter()
        raw.execute("BEGIN IMMEDIATE")
        raw.execute("INSERT INTO t VALUES (?, ?)", (uuid.uuid4().hex, "x" * 40))
        raw.execute("COMMIT")
        raw_latencies.append(time.perf_counter() - start)
    ours, bare = statistics.median(latencies) * 1000, statistics.median(raw_latencies) * 1000
    print(
        f"commit one annotation: median {ours:.2f} ms (bare sqlite3 insert+commit "
        f"{bare:.2f} ms, ratio {ours / bare:.1f}) [goal < 10 ms]"
    )
    store.close()

    repo = Repository(open_store(str(folder / "bench.sqlite3")))
    opened = []
    for _ in range(15):
        start = time.perf_counter()
        loaded, comparison = repo.open_session("bench")
        opened.append(time.perf_counter() - start)
    assert comparison is not None and len(loaded.annotations) == 1000
    reference = []
    plain = sqlite3.connect(folder / "bench.sqlite3")
    tables = [r[0] for r in plain.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    for _ in range(15):
        start = time.perf_counter()
        for table in tables:
            plain.execute(f'SELECT * FROM "{table}"').fetchall()
        reference.append(time.perf_counter() - start)
    warm, bare = statistics.median(opened[1:]) * 1000, statistics.median(reference) * 1000
    print(
        f"open a session of 10 articles, 1,000 annotations, cached comparison "
        f"({len(comparison.relations)} relations): warm median {warm:.1f} ms (reading every "
        f"row with bare sqlite3 {bare:.1f} ms, ratio {warm / bare:.1f}); spaCy imported: "
        f"{'spacy' in sys.modules} [goal < 200 ms, no NLP]"
    )


def bench_reanchor() -> None:
    rng = random.Random(7)
    text = _text(rng, 10_000)
    anchors = []
    for _ in range(1000):
        start = rng.randrange(0, len(text) - 80)
        anchors.append(make_anchor(text, start, start + rng.randint(5, 60)))
    middle = len(text) // 2
    edited = text[:middle] + "\n\nA paragraph the editor added.\n\n" + text[middle:]
    start = time.perf_counter()
    results = reanchor_all(anchors, edited)
    ours = time.perf_counter() - start
    start = time.perf_counter()
    for anchor in anchors:
        edited.find(anchor.exact)
    bare = time.perf_counter() - start
    states = Counter(state.value for _, state in results)
    print(
        f"re-anchor 1,000 annotations after an edit to a {len(text.split()):,}-word article: "
        f"{ours * 1000:.0f} ms ({dict(states)}; one str.find per quote {bare * 1000:.1f} ms, "
        f"ratio {ours / bare:.0f}) [goal < 1 s]"
    )


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="crosscheck-bench-") as tmp:
        bench_store(Path(tmp))
    bench_reanchor()
    return 0


if __name__ == "__main__":
    sys.exit(main())
