"""Where injected conflicts are lost, stage by stage.

    python -m tests.quality.injected_stages [--root DIR] [--topics 1,2 | --split dev|blind]
                                            [--per-topic N]

For each injection of ``tests.quality.injected`` the engine's stages are
followed for the changed sentence and its same-event partner:

- **no candidate:** the two claims are never scored as a pair;
- **no disagreement:** they are, but no disagreement naming the new value
  survives the slot model (or the negation is not read);
- **under threshold:** there is one, but its confidence is below the default
  threshold for showing a conflict;
- **shown:** it is shown by default.

It also prints the link probability of the same claim pair before and after
the change (medians by kind): a link model that reads disagreeing values as
evidence of two facts weakens the very link a conflict's confidence rests on.
Only counts are printed, so the blind split may be measured too; ``--show
STAGE`` prints the development injections lost at one stage, sentence by
sentence, and refuses any blind topic.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from app.domain import Article, DifferenceType, Settings
from app.engine.conflicts import weigh
from app.engine.model import Weights, weights
from app.engine.pipeline import Prepared, anchor_probabilities, pair_disagreements, prepare
from tests.quality.ecbplus import (
    CORPUS_DIR,
    DEFAULT_ROOT,
    PAIRS_FILE,
    load_gold_pairs,
    load_topic,
)
from tests.quality.injected import (
    DEFAULT_PER_TOPIC,
    KINDS,
    Injection,
    chosen_topics,
    equivalent,
    find_injections,
    overlaps,
)
from tests.quality.splits import SPLITS, ecb_split

STAGES = ("no candidate", "no disagreement", "under threshold", "shown")


@dataclass(frozen=True, slots=True)
class Followed:
    stage: str
    link_probability: float  # best over the claim pairs of the two sentences; 0 without any


def _claims_over(prep: Prepared, article: int, span: tuple[int, int]) -> set[int]:
    return {
        i
        for i, row in enumerate(prep.rows)
        if prep.article_of[i] == article and overlaps(prep.claims[row], span)
    }


def _names_new_value(values: tuple[str, str], type_: DifferenceType, inj: Injection) -> bool:
    if inj.kind == "negation":
        return type_ is DifferenceType.NEGATION
    return any(equivalent(v, inj.new) for v in values)


def follow(
    a: Article,
    b: Article,
    span_a: tuple[int, int],
    span_b: tuple[int, int],
    inj: Injection,
    settings: Settings,
    w: Weights,
) -> Followed:
    """How far the engine gets with one (changed) pair of articles."""
    prep = prepare([a, b], settings)
    in_a, in_b = _claims_over(prep, 0, span_a), _claims_over(prep, 1, span_b)
    probabilities = w.link.probabilities(prep.features)
    anchors = anchor_probabilities(w.link, prep.features, probabilities)
    stage, best_p, best_confidence = 0, 0.0, 0.0
    for k, cand in enumerate(prep.candidates):
        if not ({cand.a, cand.b} & in_a and {cand.a, cand.b} & in_b):
            continue
        p = float(probabilities[k])
        best_p = max(best_p, p)
        stage = max(stage, 1)
        found = pair_disagreements(prep, k, p, float(anchors[k]), w.slot)
        for d in weigh(found, w.conflict, w.conflict_kinds):
            if _names_new_value(d.difference.values, d.type, inj):
                best_confidence = max(best_confidence, d.confidence)
                stage = max(stage, 3 if best_confidence >= w.conflict_show else 2)
    return Followed(STAGES[stage], best_p)


def _median(values: Sequence[float]) -> str:
    return f"{statistics.median(values):.2f}" if values else "-"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.quality.injected_stages",
        description="Where injected conflicts are lost, stage by stage (counts only).",
    )
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--topics", help="comma-separated topic numbers")
    which.add_argument("--split", choices=SPLITS)
    parser.add_argument("--per-topic", type=int, default=DEFAULT_PER_TOPIC)
    parser.add_argument(
        "--show", choices=STAGES[:-1], help="print the development injections lost at this stage"
    )
    args = parser.parse_args(argv)
    corpus = args.root / CORPUS_DIR
    topics = chosen_topics(corpus, args.topics, args.split)
    if topics is None:
        return 2
    if args.show and any(ecb_split(t) != "dev" for t in topics):
        print("--show reads sentences, so it takes development topics only", file=sys.stderr)
        return 2

    from app import nlp as spacy_pipeline

    settings = Settings()
    nlp = spacy_pipeline.load(settings.spacy_model)
    w = weights()
    stages: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    links: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for topic in topics:
        split = ecb_split(topic)
        docs = load_topic(corpus, topic)
        by_name = {d.name: d for d in docs}
        pairs, _, _ = load_gold_pairs(args.root / PAIRS_FILE, by_name)
        for inj in find_injections(docs, pairs, nlp, args.per_topic):
            a, b = by_name[inj.doc_a].article, by_name[inj.doc_b].article
            span_a = by_name[inj.doc_a].spans[inj.sent_a]
            # Unchanged, only the link probability of the two sentences counts.
            before = follow(a, b, span_a, (inj.start, inj.end), inj, settings, w)
            changed = inj.apply(b)
            after = follow(a, changed, span_a, inj.new_span, inj, settings, w)
            stages[split][(inj.kind, after.stage)] += 1
            if after.stage == args.show:
                print(
                    f"\n[{inj.kind}] {inj.doc_a}#{inj.sent_a} / {inj.doc_b}#{inj.sent_b}:"
                    f" {inj.old!r} -> {inj.new!r}"
                )
                print("  A:", a.text[span_a[0] : span_a[1]].strip())
                sb, eb = by_name[inj.doc_b].spans[inj.sent_b]
                eb += len(inj.new) - len(inj.old)
                print("  B:", changed.text[sb:eb].strip())
            links[(split, inj.kind)].append((before.link_probability, after.link_probability))
        print(f"topic {topic:>3} done", file=sys.stderr, flush=True)
    for split, counts in stages.items():
        print(f"\n== {split}: where injected conflicts are lost")
        print(
            f"{'kind':<10}"
            + "".join(f"{s:>17}" for s in STAGES)
            + f"{'link p before':>15}{'after':>7}"
        )
        for kind in (*KINDS, "all"):
            kinds = KINDS if kind == "all" else (kind,)
            row = [sum(counts[(k, s)] for k in kinds) for s in STAGES]
            if not sum(row):
                continue
            pairs_p = [p for k in kinds for p in links[(split, k)]]
            print(
                f"{kind:<10}"
                + "".join(f"{n:>17}" for n in row)
                + f"{_median([p[0] for p in pairs_p]):>15}{_median([p[1] for p in pairs_p]):>7}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
