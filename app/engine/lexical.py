"""How well the words of one claim are covered by the words of another.

Two outlets rarely use the same words: "killed" / "died", "collided" /
"collision", "toppled" / "ousted".  Coverage counts a word as covered by the
same lemma, by a lemma with the same beginning (derivations), or by a word the
fitted association table pairs with it.  That table (``associations.json``)
was learned from sentence pairs of the development half of ECB+ that report
the same event (IBM Model 1 translation probabilities between lemmas, kept
only for words seen across several stories), so it holds general news
paraphrases, not the vocabulary of one story.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import NamedTuple

ASSOCIATIONS_FILE = "associations.json"
# Credit for a word covered by a derivation (same first letters) or by an
# associated word, relative to the same lemma (1.0).
STEM_CREDIT = 0.8
STEM = 5


@cache
def associations() -> Mapping[str, Mapping[str, float]]:
    """lemma -> {associated lemma: strength 0..1}, symmetric."""
    try:
        text = resources.files("app.engine").joinpath(ASSOCIATIONS_FILE).read_text("utf-8")
    except FileNotFoundError:
        return {}
    pairs: dict[str, dict[str, float]] = {}
    for a, b, strength in json.loads(text)["pairs"]:
        pairs.setdefault(a, {})[b] = strength
        pairs.setdefault(b, {})[a] = strength
    return pairs


def is_word(term: str) -> bool:
    """A plain lemma term (not a name key, number, date or stem term)."""
    return ":" not in term


def stems_of(words: Iterable[str]) -> frozenset[str]:
    """The beginnings a derivation of one of ``words`` would share."""
    return frozenset(w[:STEM] for w in words if len(w) >= STEM)


class Word(NamedTuple):
    """One word of a claim, ready to be covered by another claim's words."""

    word: str
    weight: float  # its inverse document frequency
    stem: str | None  # the beginning a derivation would share (None: too short)
    partners: tuple[tuple[str, float], ...]  # associated words, strongest first


@dataclass(frozen=True, slots=True)
class Covering:
    """One claim's words made ready to be covered by many other claims (a
    claim takes part in dozens of candidate pairs; this is worked out once
    for all of them)."""

    words: tuple[Word, ...]
    total: float  # the sum of their weights


def covering(words: Iterable[str], idf: Mapping[str, float]) -> Covering:
    table = associations()
    prepared = []
    total = 0.0
    for word in words if isinstance(words, (set, frozenset)) else set(words):
        weight = idf.get(word, 1.0)
        total += weight
        partners = sorted(table.get(word, {}).items(), key=lambda item: -item[1])
        stem = word[:STEM] if len(word) >= STEM else None
        prepared.append(Word(word, weight, stem, tuple(partners)))
    return Covering(tuple(prepared), total)


def _credit(
    stem: str | None,
    partners: tuple[tuple[str, float], ...],
    others: frozenset[str],
    stems: frozenset[str],
) -> float:
    """A word's partial credit against words it is not among: the larger of
    a derivation's (same beginning) and its strongest associated word's
    there."""
    credit = STEM_CREDIT if stem is not None and stem in stems else 0.0
    for other, strength in partners:
        if strength <= credit:
            break
        if other in others:
            return strength
    return credit


def covered_share(side: Covering, others: frozenset[str], stems: frozenset[str]) -> float:
    """IDF-weighted share of ``side``'s words covered by ``others`` (whose
    :func:`stems_of` is ``stems``): a word counts in full when the other has
    it, else by its partial credit."""
    covered = 0.0
    for word, weight, stem, partners in side.words:
        if word in others:
            covered += weight
            continue
        # _credit, written out: this loop runs once per word of every pair.
        credit = STEM_CREDIT if stem is not None and stem in stems else 0.0
        for other, strength in partners:
            if strength <= credit:
                break
            if other in others:
                credit = strength
                break
        covered += weight * credit
    return covered / side.total if side.total else 0.0


def best_likeness(side: Covering, others: frozenset[str], stems: frozenset[str]) -> float:
    """How alike the likest word of ``side`` is to one of ``others``: 1 for
    the same word, else its best partial credit."""
    best = 0.0
    for word, _, stem, partners in side.words:
        if word in others:
            return 1.0
        best = max(best, _credit(stem, partners, others, stems))
    return best
