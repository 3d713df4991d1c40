"""Learn which words outlets use for one another, from the development half of ECB+.

    python -m tests.quality.associations [--no-write]

Sentence pairs that ECB+ annotates as mentioning the same event (development
topics only) are compared word by word: where one sentence has a word u the
other lacks, and the other a word v the first lacks, (u, v) is a substitution
("killed" / "murdered", "hit" / "struck").  The same is counted over random
sentence pairs about the two look-alike events of the same topics, which share
the topic's vocabulary but not its facts.  A pair is kept when

- both words occur in at least ``MIN_TOPICS`` development topics (general news
  words, not one story's vocabulary),
- it was substituted at least ``MIN_COUNT`` times, in ``MIN_TOPICS`` topics,
- it is substituted at least ``MIN_RATIO`` times as often in same-event pairs
  as in look-alike pairs of the same size, and more often than chance (PMI).

The table goes to ``app/engine/associations.json``; ``app.engine.lexical``
gives a kept pair ``STRENGTH`` of the credit of the same word.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

from app.domain import Settings
from app.engine.lexical import STEM, is_word
from app.engine.parse import analyze_articles
from tests.quality.ecbplus import (
    CORPUS_DIR,
    DEFAULT_ROOT,
    PAIRS_FILE,
    SentenceIndex,
    list_topics,
    load_gold_pairs,
    load_topic,
)
from tests.quality.splits import ecb_split

OUT = Path(__file__).resolve().parents[2] / "app" / "engine" / "associations.json"
MIN_TOPICS = 3
MIN_COUNT = 6
MIN_RATIO = 5.0
MIN_PMI = 0.3
STRENGTH = 0.5
SEED = 20261205


def sentence_words(
    settings: Settings,
) -> tuple[
    list[tuple[set[str], set[str], str]], list[tuple[set[str], set[str], str]], dict[str, set[str]]
]:
    """Word sets of same-event sentence pairs, of random look-alike pairs of
    the same topics, and the topics each word occurs in."""
    corpus = DEFAULT_ROOT / CORPUS_DIR
    rng = random.Random(SEED)
    same: list[tuple[set[str], set[str], str]] = []
    other: list[tuple[set[str], set[str], str]] = []
    topics_of: dict[str, set[str]] = defaultdict(set)
    for topic in list_topics(corpus):
        if ecb_split(topic) != "dev":
            continue
        docs = load_topic(corpus, topic)
        by_name = {d.name: d for d in docs}
        analyses = analyze_articles([d.article for d in docs], settings)
        index = SentenceIndex.of(docs)
        words: dict[tuple[str, int], set[str]] = defaultdict(set)
        for doc, analysis in zip(docs, analyses, strict=True):
            for claim, frame in zip(analysis.claims, analysis.frames, strict=True):
                if frame is None:
                    continue
                for n in index.overlapped(doc.name, claim.start, claim.end):
                    words[(doc.name, n)].update(t for t in frame.terms if is_word(t))
        for key in words.values():
            for w in key:
                topics_of[w].add(topic)
        pairs, _, _ = load_gold_pairs(DEFAULT_ROOT / PAIRS_FILE, by_name)
        for pair in sorted(pairs, key=sorted):
            a, b = sorted(pair)
            if words.get(a) and words.get(b):
                same.append((words[a], words[b], topic))
        keys = sorted(k for k in words if words[k])
        for _ in range(len(pairs)):
            a, b = rng.choice(keys), rng.choice(keys)
            if by_name[a[0]].subtopic != by_name[b[0]].subtopic:
                other.append((words[a], words[b], topic))
        print(f"  topic {topic}: {len(same)} pairs so far", file=sys.stderr)
    return same, other, topics_of


def substitutions(
    data: Sequence[tuple[set[str], set[str], str]], general: set[str]
) -> tuple[Counter[tuple[str, str]], dict[tuple[str, str], set[str]], Counter[str]]:
    counts: Counter[tuple[str, str]] = Counter()
    topics: dict[tuple[str, str], set[str]] = defaultdict(set)
    seen: Counter[str] = Counter()
    for a, b, topic in data:
        a, b = a & general, b & general
        seen.update(a | b)
        for u in a - b:
            for v in b - a:
                key = (min(u, v), max(u, v))
                counts[key] += 1
                topics[key].add(topic)
    return counts, topics, seen


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.quality.associations")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    same, other, topics_of = sentence_words(Settings())
    general = {w for w, topics in topics_of.items() if len(topics) >= MIN_TOPICS}
    counts, topics, seen = substitutions(same, general)
    other_counts, _, _ = substitutions(other, general)
    scale = len(same) / max(1, len(other))
    rows = []
    for (u, v), n in sorted(counts.items()):
        if n < MIN_COUNT or len(topics[(u, v)]) < MIN_TOPICS:
            continue
        if len(u) >= STEM and len(v) >= STEM and u[:STEM] == v[:STEM]:
            continue  # derivations are covered by their stems already
        ratio = n / (other_counts.get((u, v), 0) * scale + 1.0)
        pmi = math.log(n * len(same) / (seen[u] * seen[v]))
        if ratio >= MIN_RATIO and pmi >= MIN_PMI:
            rows.append([u, v, STRENGTH])
    print(
        f"{len(same)} same-event sentence pairs, {len(other)} look-alike pairs, "
        f"{len(general)} general words, {len(rows)} associations"
    )
    print("kept: " + ", ".join(f"{a}~{b}" for a, b, _ in rows))
    if not args.no_write:
        OUT.write_text(
            json.dumps(
                {
                    "provenance": "substitutions in ECB+ same-event sentence pairs against "
                    "look-alike pairs, development topics only (tests/quality/associations.py)",
                    "pairs": rows,
                },
                indent=0,
            )
            + "\n",
            encoding="utf-8",
        )
        print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
