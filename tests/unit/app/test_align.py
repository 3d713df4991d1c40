"""Linking on hand-built signals (no spaCy)."""

from __future__ import annotations

from app.align import candidate_pairs, groups, link, threshold_for
from app.claims import ClaimSignals


def run(signals: list[ClaimSignals], arts: list[int], ok: list[bool], sens: float):  # type: ignore[no-untyped-def]
    return link(candidate_pairs(signals, arts, ok, 0.0, max(arts) + 1)[0], arts, sens)


def sig(*terms: str) -> ClaimSignals:
    return ClaimSignals(tuple((t, 1.0) for t in terms), frozenset(), "")


SHARED = ("w:ferry", "w:capsize", "ent:oster island", "q:people:kill", "w:storm", "w:night")


def test_similar_claims_of_different_articles_link_and_same_article_never() -> None:
    signals = [sig(*SHARED), sig(*SHARED), sig(*SHARED[:5], "w:harbour")]
    links = run(signals, [0, 0, 1], [True, True, True], 0.5)
    assert {(lk.a, lk.b) for lk in links} <= {(0, 2), (1, 2)}
    assert links
    assert all(lk.score >= threshold_for(0.5) for lk in links)


def test_unmatchable_claims_are_left_alone() -> None:
    signals = [sig(*SHARED), sig(*SHARED)]
    assert run(signals, [0, 1], [True, False], 0.5) == []


def test_sensitivity_orders_thresholds() -> None:
    assert threshold_for(0.0) > threshold_for(0.5) > threshold_for(1.0) > 0


def test_a_claim_takes_at_most_two_counterparts_per_article() -> None:
    hub = sig(*SHARED)
    others = [sig(*SHARED) for _ in range(4)]
    links = run([hub, *others], [0, 1, 1, 1, 1], [True] * 5, 1.0)
    assert sum(1 for lk in links if 0 in (lk.a, lk.b)) <= 2


def test_groups_span_three_articles() -> None:
    signals = [sig(*SHARED) for _ in range(3)]
    links = run(signals, [0, 1, 2], [True] * 3, 0.5)
    assert groups(links, [0, 1, 2]) == [[0, 1, 2]]
