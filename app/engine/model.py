"""Fitted logistic models: feature rows in, calibrated probabilities out.

The weights live in ``weights.json`` beside this module, written by
``python -m tests.quality.fit`` from labelled pairs of the development half of
the gold (never the blind half).  Each model stores the feature names it was
fitted on; a model whose names differ from the code's is refused, so the code
and the weights cannot drift apart silently.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import numpy as np

WEIGHTS_FILE = "weights.json"


@dataclass(frozen=True, slots=True)
class LogisticModel:
    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    # Probability at or above which a decision is shown by default, and at or
    # above which it is kept as "possible".
    show: float
    possible: float

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        if rows.shape[0] == 0:
            return np.zeros(0)
        z = ((rows - self.mean) / self.scale) @ self.coef + self.intercept
        return np.asarray(1.0 / (1.0 + np.exp(-np.clip(z, -30, 30))))

    def check(self, names: Sequence[str], what: str) -> None:
        if tuple(names) != self.features:
            raise RuntimeError(
                f"The {what} weights were fitted on other features than the code computes; "
                "run 'make fit' (tests/quality/fit.py, then fit_story.py) to refit them"
            )

    def to_json(self) -> dict[str, Any]:
        return {
            "features": list(self.features),
            "mean": [round(float(x), 6) for x in self.mean],
            "scale": [round(float(x), 6) for x in self.scale],
            "coef": [round(float(x), 6) for x in self.coef],
            "intercept": round(float(self.intercept), 6),
            "show": self.show,
            "possible": self.possible,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LogisticModel:
        return cls(
            features=tuple(data["features"]),
            mean=np.asarray(data["mean"], dtype=np.float64),
            scale=np.asarray(data["scale"], dtype=np.float64),
            coef=np.asarray(data["coef"], dtype=np.float64),
            intercept=float(data["intercept"]),
            show=float(data["show"]),
            possible=float(data["possible"]),
        )


@dataclass(frozen=True, slots=True)
class Weights:
    link: LogisticModel  # same fact?
    slot: LogisticModel  # same quantity, date, time or role?
    conflict: LogisticModel  # a real disagreement? (see app.engine.conflicts)
    provenance: str
    # Offsets on the conflict model's log-odds by kind of disagreement
    # (``conflicts.KIND_GROUPS``), fitted on disagreements between real outlets.
    conflict_kinds: Mapping[str, float] = field(default_factory=dict)
    # Two articles tell one story? (``app.engine.stories``; None: not fitted,
    # every two articles may be linked.)
    story: LogisticModel | None = None

    def check_kinds(self, groups: Sequence[str]) -> None:
        unknown = set(self.conflict_kinds) - set(groups)
        if unknown:
            raise RuntimeError(
                f"The conflict weights name kinds the code does not know ({sorted(unknown)}); "
                "run 'python -m tests.quality.fit' to refit them"
            )

    @property
    def conflict_show(self) -> float:
        """Confidence at or above which a conflict is shown by default."""
        return self.conflict.show

    @property
    def conflict_possible(self) -> float:
        """Confidence at or above which a conflict is kept as possible."""
        return self.conflict.possible


@cache
def weights() -> Weights:
    text = resources.files("app.engine").joinpath(WEIGHTS_FILE).read_text(encoding="utf-8")
    data = json.loads(text)
    return Weights(
        link=LogisticModel.from_json(data["link"]),
        slot=LogisticModel.from_json(data["slot"]),
        conflict=LogisticModel.from_json(data["conflict"]),
        provenance=str(data.get("provenance", "")),
        conflict_kinds={str(k): float(v) for k, v in data.get("conflict_kinds", {}).items()},
        story=LogisticModel.from_json(data["story"]) if "story" in data else None,
    )


def fit_logistic(
    rows: np.ndarray,
    labels: np.ndarray,
    sample_weight: np.ndarray | None = None,
    l2: float = 1.0,
    iterations: int = 200,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """L2-regularised logistic regression by Newton's method (IRLS).

    ``labels`` may be soft (0..1).  Returns (mean, scale, coef, intercept) on
    standardised features."""
    mean = rows.mean(axis=0)
    scale = rows.std(axis=0)
    scale[scale < 1e-9] = 1.0
    x = np.hstack([(rows - mean) / scale, np.ones((rows.shape[0], 1))])
    w = np.ones(rows.shape[0]) if sample_weight is None else sample_weight
    beta = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[-1] = 0.0  # the intercept is not shrunk
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ beta, -30, 30)))
        gradient = x.T @ (w * (p - labels)) + penalty * beta
        hessian = (x * (w * p * (1 - p))[:, None]).T @ x + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.max(np.abs(step)) < 1e-8:
            break
    return mean, scale, beta[:-1], float(beta[-1])
