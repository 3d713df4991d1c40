"""Speed and memory on long articles, as ratios measured in the same run.

    python -m tests.benchmarks.bench_long [--quick]

One long article of 10k, 25k, 50k and 200k words is compared with an article
of about 1,000 words (the command line needs two); then two long articles of
10k, 25k and 50k words each are compared with each other.  For each size,
in a fresh process: the time of ``compare()``, the time spaCy alone needs for
the same text fed the same way (the pieces and batch size of
``app.nlp.parse``), and the process's peak memory; then ``crosscheck analyze``
as a whole process on the 200k-word article.

Goals (issue 12, point 6): 50k words at most 5.5x the 10k-word time and at
most 1.3x spaCy alone; 200k words under 3 minutes and 1.5 GB.  Measured before
the fix: 10k, 25k, 50k words in 7.7, 27.8, 91 s; 200k unfinished after 15 min
at 3.9 GB.

The articles are real news text: ECB+ articles (../shared/ecbplus) joined,
one blank line between two, each used once.  Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from tests.quality.ecbplus import DEFAULT_ROOT, list_topics, load_topic

if TYPE_CHECKING:
    from app.domain import Article

Measured = dict[str, float]
ROOT = Path(__file__).resolve().parents[2]
CORPUS = DEFAULT_ROOT / "ECB+_LREC2014" / "ECB+"
SHORT_WORDS = 1000
SINGLE_SIZES = (10_000, 25_000, 50_000, 200_000)
PAIR_SIZES = (10_000, 25_000, 50_000)
GOAL_SCALING = 5.5  # 50k words / 10k words
GOAL_OVER_SPACY = 1.3  # compare() / spaCy alone at 50k words
GOAL_SECONDS = 180.0  # 200k words
GOAL_MB = 1500.0


def _paragraphs() -> list[str]:
    """Every ECB+ article's text, in corpus order."""
    return [d.article.text.strip() for t in list_topics(CORPUS) for d in load_topic(CORPUS, t)]


def long_texts(words: int, count: int) -> list[str]:
    """``count`` articles of at least ``words`` words (articles dealt in turn,
    so each long one mixes all topics), plus, for one long article, one of
    about 1,000 words from the articles after it."""
    texts: list[list[str]] = [[] for _ in range(count)]
    sizes = [0] * count
    articles = iter(_paragraphs())
    for k, text in enumerate(articles):
        texts[k % count].append(text)
        sizes[k % count] += len(text.split())
        if min(sizes) >= words:
            break
    else:
        raise SystemExit(f"ECB+ at {CORPUS} has too little text for {count} x {words} words")
    out = ["\n\n".join(t) + "\n" for t in texts]
    if count == 1:
        short: list[str] = []
        for text in articles:
            short.append(text)
            if sum(len(t.split()) for t in short) >= SHORT_WORDS:
                break
        out.append("\n\n".join(short) + "\n")
    return out


def _articles(texts: Sequence[str]) -> list[Article]:
    from app.domain import Article, Source
    from app.session import article_letter

    source = Source("bench.txt", "txt", "utf-8", "-", 0)
    return [Article(article_letter(i), f"bench {i}", t, source) for i, t in enumerate(texts)]


def _best_of(runs: int, fn: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def child(words: int, count: int, mode: str, runs: int) -> Measured:
    """One measurement in this (fresh) process."""
    from app import nlp

    texts = long_texts(words, count)
    pipeline = nlp.load()
    list(pipeline.pipe(["A warm-up sentence.\nAnother one.\n"]))
    out: Measured = {"words": float(sum(len(t.split()) for t in texts))}
    if mode == "spacy":
        pieces = [p for t in texts for p in nlp.split_text(t)]
        size = nlp.batch_size_for(pieces)
        out["seconds"] = _best_of(runs, lambda: list(pipeline.pipe(pieces, batch_size=size)))
    else:
        from app.engine import compare
        from app.engine import parse as parse_stage

        articles = _articles(texts)

        def run() -> object:
            parse_stage._cache.clear()
            return compare(articles)

        out["seconds"] = _best_of(runs, run)
        comparison = compare(articles)
        out["claims"] = float(len(comparison.claims))
        out["relations"] = float(len(comparison.relations))
    out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def _measure(words: int, count: int, mode: str, runs: int) -> Measured:
    command = [sys.executable, "-m", "tests.benchmarks.bench_long", "--child"]
    command += [str(words), str(count), mode, str(runs)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    result: Measured = json.loads(done.stdout.strip().splitlines()[-1])
    return result


_PEAK_OF_CHILD = """
import resource, subprocess, sys, time
start = time.perf_counter()
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
seconds = time.perf_counter() - start
print(seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
"""


def bench_process(words: int) -> tuple[float, float]:
    """Wall time and peak memory of ``crosscheck analyze`` on one long article."""
    texts = long_texts(words, 1)
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for name, text in zip(("long.txt", "short.txt"), texts, strict=True):
            path = Path(tmp) / name
            path.write_text(text, encoding="utf-8")
            files.append(str(path))
        analyze = [sys.executable, "-m", "app", "analyze", *files, "--json", "/dev/null"]
        done = subprocess.run(
            [sys.executable, "-c", _PEAK_OF_CHILD, *analyze],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
    seconds, peak = done.stdout.split()
    return float(seconds), float(peak)


def _row(label: str, spacy: Measured, engine: Measured, base: float) -> str:
    return (
        f"{label:>14} {engine['words']:>8.0f} {spacy['seconds']:>11.2f}s "
        f"{engine['seconds']:>9.2f}s {engine['seconds'] / spacy['seconds']:>12.2f}x "
        f"{engine['seconds'] / base:>8.2f}x {engine['peak_mb']:>8.0f} {spacy['peak_mb']:>8.0f} "
        f"{engine['claims']:>7.0f} {engine['relations']:>6.0f}"
    )


_HEADER = (
    f"{'articles':>14} {'words':>8} {'spaCy alone':>12} {'compare':>10} {'compare/spaCy':>13} "
    f"{'vs 10k':>9} {'peak MB':>8} {'spaCy MB':>8} {'claims':>7} {'rels':>6}"
)


def bench_sizes(
    label: str, sizes: Sequence[int], count: int, runs: int
) -> dict[int, tuple[Measured, Measured]]:
    results: dict[int, tuple[Measured, Measured]] = {}
    print(_HEADER)
    for words in sizes:
        n = 1 if words > 50_000 else runs
        spacy = _measure(words, count, "spacy", n)
        engine = _measure(words, count, "engine", n)
        results[words] = (spacy, engine)
        base = results[sizes[0]][1]["seconds"]
        print(_row(f"{count} x {words // 1000}k{label}", spacy, engine, base), flush=True)
    return results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="10k and 50k words, one run each")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        words, count, mode, runs = args.child
        print(json.dumps(child(int(words), int(count), mode, int(runs))))
        return 0
    if not CORPUS.is_dir():
        print(f"ECB+ not found at {CORPUS}; the benchmark needs ../shared/ecbplus")
        return 2
    runs = 1 if args.quick else 3
    single_sizes = (10_000, 50_000) if args.quick else SINGLE_SIZES
    print(f"One long article against one of about {SHORT_WORDS:,} words (best of {runs} runs;")
    print("one run above 50k words); spaCy alone: the same pieces and batches, same texts")
    single = bench_sizes(" + 1k", single_sizes, 1, runs)
    spacy50, engine50 = single[50_000]
    scaling = engine50["seconds"] / single[10_000][1]["seconds"]
    over_spacy = engine50["seconds"] / spacy50["seconds"]
    print(
        f"50k / 10k words: {scaling:.2f}x the time (5x is linear; goal <= {GOAL_SCALING}); "
        f"compare / spaCy alone at 50k: {over_spacy:.2f}x (goal <= {GOAL_OVER_SPACY})"
    )
    if not args.quick:
        seconds, peak = bench_process(200_000)
        print(
            f"crosscheck analyze, 200k-word article + 1k: {seconds:.1f} s, peak {peak:.0f} MB "
            f"(goal < {GOAL_SECONDS:.0f} s and < {GOAL_MB:.0f} MB)"
        )
        print()
        print("Two long articles of the same size compared with each other (one run)")
        pairs = bench_sizes("", PAIR_SIZES, 2, 1)
        pair_scaling = pairs[50_000][1]["seconds"] / pairs[10_000][1]["seconds"]
        print(f"2 x 50k / 2 x 10k words: {pair_scaling:.2f}x the time (5x is linear)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
