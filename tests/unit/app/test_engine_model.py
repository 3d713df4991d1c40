"""The fitted models: fitting, probabilities, and the shipped weights."""

from __future__ import annotations

import numpy as np
import pytest

from app.domain import FactType, Settings
from app.engine import features, slots
from app.engine.frames import Mention
from app.engine.lexical import (
    STEM_CREDIT,
    associations,
    best_likeness,
    coverage,
    covered_share,
    covering,
    similarity,
    stems_of,
)
from app.engine.model import LogisticModel, fit_logistic, weights
from app.engine.pipeline import anchor_probabilities, prepare
from app.normalize import Quantity
from tests.unit.app.helpers import article


def test_logistic_fit_separates_what_is_separable_and_is_calibrated() -> None:
    rng = np.random.default_rng(7)
    x = rng.normal(size=(400, 2))
    labels = (x[:, 0] + 0.5 * x[:, 1] > 0).astype(float)
    mean, scale, coef, intercept = fit_logistic(x, labels, l2=0.1)
    model = LogisticModel(("a", "b"), mean, scale, coef, intercept, 0.5, 0.3)
    p = model.probabilities(x)
    assert ((p > 0.5) == (labels == 1)).mean() > 0.97
    assert coef[0] > coef[1] > 0
    # Soft labels are fitted as probabilities.
    mean, scale, coef, intercept = fit_logistic(np.zeros((10, 1)), np.full(10, 0.3))
    assert 1 / (1 + np.exp(-intercept)) == pytest.approx(0.3, abs=0.01)


def test_the_shipped_weights_fit_the_features_the_code_computes() -> None:
    w = weights()
    w.link.check(features.NAMES, "link")
    w.slot.check(slots.NAMES, "slot")
    for model in (w.link, w.slot):
        assert 0 < model.possible <= model.show < 1
    assert 0 < w.conflict_possible <= w.conflict_show < 1
    assert "development" in w.provenance


def test_a_model_refuses_other_features() -> None:
    with pytest.raises(RuntimeError, match="refit"):
        weights().link.check(("cosine",), "link")


def test_word_coverage_counts_same_words_derivations_and_associations() -> None:
    idf = {"collide": 1.0, "plane": 1.0}
    assert coverage({"collide", "plane"}, frozenset({"collision", "plane"}), idf) > 0.85
    assert coverage({"collide", "plane"}, frozenset({"boat"}), idf) == 0.0
    assert similarity("injure", "injury") > 0
    assert associations()  # the fitted table ships with the engine
    a, b = next(iter((k, next(iter(v))) for k, v in associations().items()))
    assert similarity(a, b) > 0


def _plain_coverage(words: set[str], others: set[str], idf: dict[str, float]) -> float:
    """Coverage as the docstring says it, word by word against every other word."""
    total = sum(idf.get(w, 1.0) for w in words)
    covered = 0.0
    for w in words:
        credit = 1.0 if w in others else 0.0
        for o in others:
            if len(w) >= 5 and len(o) >= 5 and w[:5] == o[:5]:
                credit = max(credit, STEM_CREDIT)
            credit = max(credit, associations().get(w, {}).get(o, 0.0))
        covered += idf.get(w, 1.0) * credit
    return covered / total if total else 0.0


def test_prepared_coverage_and_likeness_agree_with_the_plain_definitions() -> None:
    """The per-claim preparation (done once, used for every pair) changes
    no figure."""
    rng = np.random.default_rng(11)
    table = associations()
    vocabulary = sorted({*table, "collide", "collision", "plane", "boat", "injure", "injury"})
    idf = {w: float(rng.uniform(1.0, 4.0)) for w in vocabulary}
    for _ in range(300):
        words = set(rng.choice(vocabulary, size=int(rng.integers(0, 6))).tolist())
        others = frozenset(rng.choice(vocabulary, size=int(rng.integers(0, 8))).tolist())
        share = covered_share(covering(words, idf), others, stems_of(others))
        assert share == pytest.approx(_plain_coverage(words, set(others), idf))
        assert share == pytest.approx(coverage(words, others, idf))
        best = max((similarity(w, o) for w in words for o in others), default=0.0)
        assert best_likeness(covering(words, {}), others, stems_of(others)) == best


def _figure(value: float, text: str) -> Mention:
    return Mention(FactType.NUMBER, 0, len(text), text, Quantity(value, value, True), noun="people")


def _weekday(day: int, text: str) -> Mention:
    return Mention(FactType.DATE, 0, len(text), text, f"weekday:{day}")


def test_value_agreement_counts_each_side_on_its_own() -> None:
    a = (_figure(14, "14"), _figure(16, "16"), _weekday(0, "Monday"))
    b = (_figure(16, "sixteen"), _weekday(3, "Thursday"))
    # a: 14 only disagrees, 16 agrees, Monday only disagrees; b: 16 agrees,
    # Thursday only disagrees.
    assert features._value_agreement(a, b) == (1, 2, 1, 1)
    assert features._value_agreement(b, a) == (1, 1, 1, 2)
    assert features._value_agreement(a, ()) == (0, 0, 0, 0)


def test_a_pair_has_the_same_features_alone_and_among_all_candidates() -> None:
    first = article("a", "Troops killed 14 people in Dorsk on Monday.\n\nThe army denied it.")
    second = article("b", "Sixteen people were killed in Dorsk on Thursday, officials said.")
    prep = prepare([first, second], Settings())
    assert prep.candidates
    for row, cand in zip(prep.features, prep.candidates, strict=True):
        assert features.pair_features(prep.context, cand) == row.tolist()


def test_as_if_agreeing_turns_one_disagreeing_value_into_an_agreeing_one() -> None:
    names = features.NAMES
    agree, differ = names.index("values_agree"), names.index("values_differ")
    rows = np.zeros((4, len(names)))
    rows[0, [agree, differ]] = (0, 2)  # one pair apart: each side counts its value
    rows[1, [agree, differ]] = (3, 3)  # at the caps; another pair stays apart
    rows[2, [agree, differ]] = (0, 1)  # only one side has a value with no partner
    rows[3, [agree, differ]] = (1, 0)  # nothing to settle
    rows[:, names.index("cosine")] = 0.4
    out = features.as_if_agreeing(rows)
    assert out[:, [agree, differ]].tolist() == [[1, 0], [3, 1], [1, 0], [1, 0]]
    others = np.delete(out, [agree, differ], axis=1)
    assert (others == np.delete(rows, [agree, differ], axis=1)).all()
    assert rows[0, differ] == 2  # the caller's rows are left alone


def test_a_pair_apart_on_a_value_has_firmer_anchors_than_link() -> None:
    first = article("a", "Troops killed 14 people in Dorsk on Monday.\n\nThe army denied it.")
    second = article("b", "Sixteen people were killed in Dorsk on Monday, officials said.")
    prep = prepare([first, second], Settings())
    w = weights()
    links = w.link.probabilities(prep.features)
    anchors = anchor_probabilities(w.link, prep.features, links)
    apart = prep.features[:, features.NAMES.index("values_differ")] > 0
    assert apart.any()
    assert (anchors[apart] > links[apart]).all()
    assert (anchors[~apart] == links[~apart]).all()
