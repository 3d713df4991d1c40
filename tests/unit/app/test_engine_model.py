"""The fitted models: fitting, probabilities, and the shipped weights."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from app.domain import FactType, Settings
from app.engine import conflicts, features, lexical, slots
from app.engine.frames import Mention
from app.engine.lexical import (
    STEM_CREDIT,
    associations,
    best_likeness,
    covered_share,
    covering,
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
    w.conflict.check(conflicts.EVIDENCE, "conflict")
    for model in (w.link, w.slot, w.conflict):
        assert 0 < model.possible <= model.show < 1
    assert 0 < w.conflict_possible <= w.conflict_show < 1
    assert "development" in w.provenance


def test_every_weight_of_the_shipped_conflict_model_has_the_sign_its_evidence_asks() -> None:
    """Evidence of one fact and one slot never counts against a conflict,
    and a doubt never for it (``fit.fit_signed`` leaves a feature out
    rather than weigh it the wrong way)."""
    model = weights().conflict
    for name, coef in zip(model.features, model.coef, strict=True):
        assert conflicts.EVIDENCE_SIGN[name] * coef >= 0, name
    coef = dict(zip(model.features, model.coef, strict=True))
    assert coef["log_slot"] > 0 and coef["other_disagreements"] < 0


def test_a_model_refuses_other_features() -> None:
    with pytest.raises(RuntimeError, match="refit"):
        weights().link.check(("cosine",), "link")


def test_the_offsets_by_kind_name_only_kinds_the_code_knows() -> None:
    w = weights()
    w.check_kinds(conflicts.KIND_GROUPS)
    assert set(w.conflict_kinds) == set(conflicts.KIND_GROUPS)
    with pytest.raises(RuntimeError, match="refit"):
        replace(w, conflict_kinds={"dates": -1.0}).check_kinds(conflicts.KIND_GROUPS)


def _cover(words: set[str], others: set[str], idf: dict[str, float]) -> float:
    return covered_share(covering(words, idf), frozenset(others), stems_of(others))


def _likeness(words: set[str], others: set[str]) -> float:
    return best_likeness(covering(words, {}), frozenset(others), stems_of(others))


def test_word_coverage_counts_same_words_derivations_and_associations() -> None:
    idf = {"collide": 1.0, "plane": 1.0}
    assert _cover({"collide", "plane"}, {"collision", "plane"}, idf) == 0.9
    assert _cover({"collide", "plane"}, {"boat"}, idf) == 0.0
    assert _likeness({"injure"}, {"injury"}) == STEM_CREDIT
    assert associations()  # the fitted table ships with the engine
    a, b = next(iter((k, next(iter(v))) for k, v in associations().items()))
    assert _likeness({a}, {b}) > 0


def _credit_of(word: str, other: str, table: dict[str, dict[str, float]]) -> float:
    if word == other:
        return 1.0
    stem = STEM_CREDIT if len(word) >= 5 and len(other) >= 5 and word[:5] == other[:5] else 0.0
    return max(stem, table.get(word, {}).get(other, 0.0))


def _plain_coverage(
    words: set[str], others: set[str], idf: dict[str, float], table: dict[str, dict[str, float]]
) -> float:
    """Coverage as the docstrings say it, word by word against every other word."""
    total = 0.0
    covered = 0.0
    for w in words:
        total += idf.get(w, 1.0)
        covered += idf.get(w, 1.0) * max((_credit_of(w, o, table) for o in others), default=0.0)
    return covered / total if total else 0.0


# Strengths above and below the stem credit, ties, and pairs that also share
# a beginning: the shipped table (every strength 0.5) has none of these.
_TABLE = {
    "collide": {"collision": 0.9, "crash": 0.6, "smash": 0.6, "wreck": 0.3},
    "collision": {"collide": 0.9},
    "crash": {"collide": 0.6, "accident": 0.7},
    "smash": {"collide": 0.6},
    "wreck": {"collide": 0.3, "wreckage": 0.95},
    "wreckage": {"wreck": 0.95},
    "accident": {"crash": 0.7},
}


def test_prepared_coverage_and_likeness_agree_with_the_plain_definitions(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The per-claim preparation (done once, used for every pair) changes
    no figure, whatever the table holds."""
    monkeypatch.setattr(lexical, "associations", lambda: _TABLE)
    rng = np.random.default_rng(11)
    vocabulary = sorted({*_TABLE, "plane", "boat", "injure", "injury", "wrecker", "cat", ""})
    idf = {w: float(rng.uniform(1.0, 4.0)) for w in vocabulary}
    for _ in range(500):
        words = set(rng.choice(vocabulary, size=int(rng.integers(0, 6))).tolist())
        others = set(rng.choice(vocabulary, size=int(rng.integers(0, 8))).tolist())
        plain = _plain_coverage(words, others, idf, _TABLE)
        assert _cover(words, others, idf) == pytest.approx(plain, rel=1e-12, abs=1e-15)
        best = max((_credit_of(w, o, _TABLE) for w in words for o in others), default=0.0)
        assert _likeness(words, others) == best
    # An association stronger than the stem credit wins, a weaker one does not.
    assert _likeness({"collide"}, {"collision"}) == 0.9
    assert _likeness({"wreck"}, {"wreckage"}) == 0.95
    assert _likeness({"collide"}, {"wreck"}) == 0.3
    assert _likeness({"wreck"}, {"wrecker"}) == STEM_CREDIT


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


def test_string_likeness_columns_are_those_of_each_pair() -> None:
    """The batched rapidfuzz columns belong to the right pair, each its own."""
    from rapidfuzz import fuzz

    first = article(
        "a",
        "Troops killed 14 people in Dorsk on Monday.\n\nThe army denied any role in it.\n\n"
        "Aid workers reached the town by road on Tuesday.",
    )
    second = article(
        "b",
        "Sixteen people were killed in Dorsk on Monday, officials said.\n\n"
        "The army said it played no role.\n\nRelief convoys arrived on Tuesday.",
    )
    prep = prepare([first, second], Settings())
    assert len(prep.candidates) >= 3
    token_set = prep.features[:, features.NAMES.index("token_set")]
    characters = prep.features[:, features.NAMES.index("characters")]
    for k, c in enumerate(prep.candidates):
        terms_a, terms_b = (" ".join(prep.frames[i].terms) for i in (c.a, c.b))
        text_a, text_b = (prep.context.claims[i].text.lower() for i in (c.a, c.b))
        assert token_set[k] == pytest.approx(fuzz.token_set_ratio(terms_a, terms_b) / 100)
        assert characters[k] == pytest.approx(fuzz.ratio(text_a, text_b) / 100)
