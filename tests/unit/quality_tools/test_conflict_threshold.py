"""How the fitting tool picks the confidence at which conflicts are shown."""

from __future__ import annotations

from tests.quality.fit import MIN_GOLD_SHOWN, DisagreementRow, choose_conflict_threshold


def _gold(confidence: float, right: bool, n: int) -> DisagreementRow:
    key = ("gold", "story", n) if right else ("none", "story", n)
    return DisagreementRow(confidence, float(right), "f", "gold", "story", key)


def _injected(confidence: float, n: int) -> DisagreementRow:
    return DisagreementRow(confidence, 1.0, "f", "injected", "inj", ("inj", n))


def test_one_right_conflict_at_the_top_is_not_trusted() -> None:
    # 1 of 1 from 0.75 up would meet any precision; 4 of 6 from 0.5 up is
    # the most precise estimate made on enough conflicts.
    rows = [_gold(0.93, True, 0), _gold(0.7, True, 1), _gold(0.7, True, 2)]
    rows += [_gold(0.7, False, 3), _gold(0.7, False, 4), _gold(0.5, True, 5)]
    rows += [_gold(0.3, False, n) for n in range(6, 10)]
    rows += [_injected(0.95, n) for n in range(20)]
    assert MIN_GOLD_SHOWN == 5
    assert choose_conflict_threshold(rows, []) == 0.5


def test_the_lowest_threshold_precise_enough_wins() -> None:
    rows = [_gold(0.8, True, n) for n in range(6)]
    rows += [_gold(0.45, False, 6), _gold(0.3, False, 7), _gold(0.25, False, 8)]
    rows += [_injected(0.9, n) for n in range(20)]
    # From 0.325 up: 6 right of 7 (0.86); from 0.275 up: 6 of 8 (0.75).
    assert choose_conflict_threshold(rows, []) == 0.25 + 0.025


def test_without_enough_shown_conflicts_it_falls_back_to_the_top() -> None:
    rows = [_gold(0.9, True, 0), _gold(0.4, False, 1)]
    assert choose_conflict_threshold(rows, []) == 0.95
