"""Choosing links from scored candidates, and groups (app.engine.linking)."""

from __future__ import annotations

import numpy as np

from app.engine.candidates import Candidate
from app.engine.linking import MAX_COUNTERPARTS, choose, groups


def test_links_are_chosen_most_probable_first_within_a_cap() -> None:
    # Claim 0 (article 0) against claims 1..5 (article 1), all probable.
    candidates = [Candidate(0, j, 0.5) for j in range(1, 6)]
    probabilities = np.array([0.9, 0.85, 0.8, 0.75, 0.7])
    links = choose(candidates, probabilities, [0, 1, 1, 1, 1, 1], show=0.5, possible=0.3)
    assert len(links) == MAX_COUNTERPARTS
    assert [lk.b for lk in links] == list(range(1, MAX_COUNTERPARTS + 1))
    assert not any(lk.possible for lk in links)


def test_below_the_threshold_links_are_possible_and_far_less_probable_ones_dropped() -> None:
    candidates = [Candidate(0, 1, 0.5), Candidate(0, 2, 0.5), Candidate(3, 4, 0.5)]
    probabilities = np.array([0.9, 0.2, 0.4])
    links = choose(candidates, probabilities, [0, 1, 1, 0, 1], show=0.5, possible=0.3)
    assert [(lk.a, lk.b, lk.possible) for lk in links] == [(0, 1, False), (3, 4, True)]


def test_groups_span_three_articles_of_shown_links_only() -> None:
    candidates = [Candidate(0, 1, 0.5), Candidate(1, 2, 0.5), Candidate(3, 4, 0.5)]
    links = choose(candidates, np.array([0.9, 0.9, 0.9]), [0, 1, 2, 0, 1], 0.5, 0.3)
    assert groups(links, [0, 1, 2, 0, 1]) == [[0, 1, 2]]
    possible = choose(candidates, np.array([0.9, 0.4, 0.9]), [0, 1, 2, 0, 1], 0.5, 0.3)
    assert groups(possible, [0, 1, 2, 0, 1]) == []
