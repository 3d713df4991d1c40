"""How well does the raw similarity separate true links from the rest?

``python -m tests.quality.signals [--drop PREFIX ...]`` scores every pair of
matchable claims from two different articles of every gold set, before the
link assignment, and prints the ROC AUC and, per threshold, how many true
pairs and how many false pairs clear it.  ``--drop ent: --drop tok:`` removes
signal families, so each family's contribution is measured, not guessed.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from app.align import _adjust, _matrix, similarities
from app.domain import Settings
from app.engine import analyze_articles
from tests.quality.gold import load_set, set_directories
from tests.quality.score import covers


def pair_scores(drop: Sequence[str]) -> tuple[list[float], list[float]]:
    from app.importing import import_file

    positives: list[float] = []
    negatives: list[float] = []
    for directory in set_directories():
        gold = load_set(directory, importer=import_file)
        analyses = analyze_articles(gold.article_objects, Settings())
        claims = [c for a in analyses for c in a.claims]
        signals = [s for a in analyses for s in a.signals]
        if drop:
            signals = [
                replace(s, terms=tuple(t for t in s.terms if not t[0].startswith(tuple(drop))))
                for s in signals
            ]
        sims = similarities(_matrix(signals), 0.0).toarray()
        for i, ci in enumerate(claims):
            for j in range(i + 1, len(claims)):
                cj = claims[j]
                if ci.article_id == cj.article_id or not (ci.is_matchable and cj.is_matchable):
                    continue
                score = _adjust(float(sims[i, j]), signals[i], signals[j])
                true = any(
                    (covers(ci, lk.a) and covers(cj, lk.b))
                    or (covers(ci, lk.b) and covers(cj, lk.a))
                    for lk in gold.links
                )
                (positives if true else negatives).append(score)
    return positives, negatives


def auc(positives: Sequence[float], negatives: Sequence[float]) -> float:
    pos = np.asarray(positives)
    neg = np.sort(np.asarray(negatives))
    below = np.searchsorted(neg, pos, side="left")
    ties = np.searchsorted(neg, pos, side="right") - below
    return float((below + 0.5 * ties).sum() / (len(pos) * len(neg)))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--drop", action="append", default=[], metavar="PREFIX")
    args = parser.parse_args(argv)
    positives, negatives = pair_scores(args.drop)
    print(
        f"true pairs {len(positives)}, other pairs {len(negatives)}, "
        f"AUC {auc(positives, negatives):.3f}" + (f" without {args.drop}" if args.drop else "")
    )
    pos, neg = np.asarray(positives), np.asarray(negatives)
    print(" threshold  true-above  false-above")
    for t in (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5):
        print(f"   {t:5.2f}    {np.mean(pos >= t):6.2f}    {int(np.sum(neg >= t)):6d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
