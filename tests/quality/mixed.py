"""Links between unrelated stories opened in one session.

    python -m tests.quality.mixed [--split dev|blind] [--sessions N] [--stories K]

A reporter sometimes opens articles about several stories at once (a
folder of the day's wires, a wrong file).  Unrelated stories share no fact,
so every link the engine shows between them is wrong, however alike their
leads or headlines are.  Each session here holds two articles of each of
``--stories`` ECB+ topics of one half (one subtopic each, chosen in a fixed
seeded order); the tool prints how many links and conflicts the engine
shows by default across stories, against the links it shows within them.
Only counts are printed, so the blind half may be measured.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from app.domain import Article, Comparison, RelationKind, Settings
from tests.quality.ecbplus import CORPUS_DIR, DEFAULT_ROOT, EcbDoc, list_topics, load_topic
from tests.quality.splits import SPLITS, Split, ecb_split

SEED = 2026
DEFAULT_SESSIONS = 20
DEFAULT_STORIES = 4
ARTICLES_PER_STORY = 2


@dataclass
class MixedCounts:
    sessions: int = 0
    within: int = 0  # links shown between two articles of one story
    across: int = 0  # links shown between the two stories
    conflicts_across: int = 0

    def add(self, other: MixedCounts) -> None:
        self.sessions += other.sessions
        self.within += other.within
        self.across += other.across
        self.conflicts_across += other.conflicts_across


def story_of(docs: Sequence[EcbDoc], rng: random.Random) -> list[EcbDoc]:
    """Two articles of one subtopic of a topic (one event)."""
    by_event: dict[str, list[EcbDoc]] = {}
    for doc in docs:
        by_event.setdefault(doc.subtopic, []).append(doc)
    events = sorted(e for e, group in by_event.items() if len(group) >= ARTICLES_PER_STORY)
    chosen = by_event[rng.choice(events)]
    return rng.sample(chosen, ARTICLES_PER_STORY)


def count_session(comparison: Comparison, story: dict[str, int]) -> MixedCounts:
    """Shown links (and conflicts) within and across the session's stories;
    ``story`` maps each article id to its story."""
    article_of = {c.id: c.article_id for c in comparison.claims}
    counts = MixedCounts(sessions=1)
    for relation in comparison.relations:
        if relation.possible:
            continue
        a, b = (story[article_of[cid]] for cid in relation.claims)
        if a == b:
            counts.within += 1
        else:
            counts.across += 1
            counts.conflicts_across += relation.kind is RelationKind.CONFLICT
    return counts


def sessions(
    split: Split, count: int, stories: int, rng: random.Random
) -> Iterator[tuple[list[Article], dict[str, int]]]:
    """``count`` sessions of two articles of one event of each of ``stories``
    topics of one half, each as (articles, story of each article id)."""
    corpus = DEFAULT_ROOT / CORPUS_DIR
    topics = [t for t in list_topics(corpus) if ecb_split(t) == split]
    loaded: dict[str, list[EcbDoc]] = {}
    for _ in range(count):
        articles: list[Article] = []
        story: dict[str, int] = {}
        for index, topic in enumerate(rng.sample(topics, stories)):
            if topic not in loaded:
                loaded[topic] = load_topic(corpus, topic)
            for doc in story_of(loaded[topic], rng):
                articles.append(doc.article)
                story[doc.article.id] = index
        yield articles, story


def measure(split: Split, count: int, stories: int, settings: Settings) -> MixedCounts:
    from app.engine import compare

    total = MixedCounts()
    for articles, story in sessions(split, count, stories, random.Random(f"{SEED}-{split}")):
        total.add(count_session(compare(articles, settings=settings), story))
    return total


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.quality.mixed", description=__doc__)
    parser.add_argument("--split", choices=SPLITS, help="one half only (default: both)")
    parser.add_argument("--sessions", type=int, default=DEFAULT_SESSIONS)
    parser.add_argument("--stories", type=int, default=DEFAULT_STORIES, help="stories per session")
    args = parser.parse_args(argv)
    if not (DEFAULT_ROOT / CORPUS_DIR).is_dir():
        print(f"error: ECB+ not found at {DEFAULT_ROOT / CORPUS_DIR}", file=sys.stderr)
        return 1
    for split in [args.split] if args.split else list(SPLITS):
        started = time.perf_counter()
        c = measure(split, args.sessions, args.stories, Settings())
        shown = c.within + c.across
        share = c.across / shown if shown else 0.0
        print(
            f"{split}: {c.sessions} sessions of {args.stories} stories of "
            f"{ARTICLES_PER_STORY} articles: "
            f"{c.across} links shown across the stories ({c.across / c.sessions:.1f} per "
            f"session, {share:.0%} of {shown} shown), {c.conflicts_across} of them conflicts; "
            f"{c.within} within [{time.perf_counter() - started:.0f} s]"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
