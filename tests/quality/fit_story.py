"""Fit the story model (``app.engine.stories``): do two articles of a session
tell one story?

    python -m tests.quality.fit_story [--no-write]

Sessions are made of ECB+ articles as in ``tests/quality/mixed.py``: two
articles of one event of each of two or four topics of a half (the model
only judges sessions of three articles or more).  Two articles of one event
are a positive, two of two topics a negative.  The model is fitted on the
development half; its threshold is the highest at which at least
``KEEP_ONE_STORY`` of the development pairs of one story are still linked
(a link within a story is almost never refused).  The blind half is
measured the same way and printed beside it, never fitted on.  The model
goes into ``app/engine/weights.json`` under "story"; the other models there
are left as they are.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Sequence

import numpy as np

from app.domain import Settings
from app.engine import stories as story_stage
from app.engine.model import LogisticModel, fit_logistic
from app.engine.pipeline import prepare
from tests.quality.ecbplus import CORPUS_DIR, DEFAULT_ROOT
from tests.quality.fit import WEIGHTS_PATH
from tests.quality.mixed import sessions
from tests.quality.splits import Split

SEED = 20261208
# (stories per session, sessions) of each half.
SESSIONS: tuple[tuple[int, int], ...] = ((2, 50), (4, 30))
KEEP_ONE_STORY = 0.985


def pair_rows(split: Split, settings: Settings) -> tuple[np.ndarray, np.ndarray]:
    """Features and labels (1: one story) of every two articles of the
    half's sessions."""
    rng = random.Random(f"{SEED}-{split}")
    rows: list[np.ndarray] = []
    labels: list[float] = []
    for stories, count in SESSIONS:
        for articles, story in sessions(split, count, stories, rng):
            prep = prepare(articles, settings)
            ctx = prep.context
            n = len(articles)
            rows.append(
                story_stage.article_pair_features(
                    ctx.vectors,
                    ctx.article_names,
                    ctx.article_of,
                    n,
                    ctx.article_similarity,
                )
            )
            for i in range(n):
                for j in range(i + 1, n):
                    labels.append(float(story[articles[i].id] == story[articles[j].id]))
    return np.vstack(rows), np.asarray(labels)


def threshold_keeping(p: np.ndarray, labels: np.ndarray, share: float) -> float:
    """The highest threshold (in steps of 0.005) at which at least ``share``
    of the positive pairs reach it."""
    positives = np.sort(p[labels == 1])
    if not len(positives):
        return 0.5
    dropped = int(np.floor((1.0 - share) * len(positives) + 1e-9))
    at = positives[min(dropped, len(positives) - 1)]
    return round(float(np.floor(at / 0.005 + 1e-9) * 0.005), 3)


def report(name: str, p: np.ndarray, labels: np.ndarray, threshold: float) -> str:
    kept = p >= threshold
    one, two = labels == 1, labels == 0
    return (
        f"{name}: pairs of one story linked {kept[one].mean():.1%} ({int(kept[one].sum())}"
        f"/{int(one.sum())}), pairs of two stories refused {(~kept[two]).mean():.1%} "
        f"({int((~kept[two]).sum())}/{int(two.sum())})"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.quality.fit_story", description=__doc__)
    parser.add_argument("--no-write", action="store_true", help="print, do not write weights")
    args = parser.parse_args(argv)
    if not (DEFAULT_ROOT / CORPUS_DIR).is_dir():
        print(f"error: ECB+ not found at {DEFAULT_ROOT / CORPUS_DIR}", file=sys.stderr)
        return 1
    started = time.perf_counter()
    settings = Settings()
    rows, labels = pair_rows("dev", settings)
    mean, scale, coef, intercept = fit_logistic(rows, labels)
    fitted = LogisticModel(story_stage.NAMES, mean, scale, coef, intercept, 0.5, 0.5)
    threshold = threshold_keeping(fitted.probabilities(rows), labels, KEEP_ONE_STORY)
    model = LogisticModel(story_stage.NAMES, mean, scale, coef, intercept, threshold, threshold)
    for name, weight in zip(story_stage.NAMES, coef, strict=True):
        print(f"  {name:<20} {weight:+.3f}")
    print(f"threshold {threshold:.3f} (keeps {KEEP_ONE_STORY:.1%} of the dev pairs of one story)")
    print(report("dev (fitted on)", model.probabilities(rows), labels, threshold))
    blind_rows, blind_labels = pair_rows("blind", settings)
    print(report("blind", model.probabilities(blind_rows), blind_labels, threshold))
    if not args.no_write:
        data = json.loads(WEIGHTS_PATH.read_text(encoding="utf-8"))
        data["story"] = model.to_json()
        WEIGHTS_PATH.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        print(f"wrote the story model to {WEIGHTS_PATH}")
    print(f"wall time {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
