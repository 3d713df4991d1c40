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
from functools import cache
from importlib import resources

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


def coverage(
    words: Iterable[str],
    others: frozenset[str],
    idf: Mapping[str, float],
    stems: frozenset[str] | None = None,
) -> float:
    """IDF-weighted share of ``words`` covered by ``others`` (``stems``:
    :func:`stems_of` ``others``, when the caller has it already)."""
    if stems is None:
        stems = stems_of(others)
    table = associations()
    total = covered = 0.0
    # A word counts in full when the other has it, else its best partial
    # credit: a derivation (same beginning) or an associated word.
    for word in words if isinstance(words, (set, frozenset)) else set(words):
        weight = idf.get(word, 1.0)
        total += weight
        if word in others:
            covered += weight
            continue
        credit = STEM_CREDIT if len(word) >= STEM and word[:STEM] in stems else 0.0
        for other, strength in table.get(word, {}).items():
            if strength > credit and other in others:
                credit = strength
        covered += weight * credit
    return covered / total if total else 0.0


def similarity(a: str, b: str) -> float:
    """How alike two single words are: same, derived, associated, or not."""
    if a == b:
        return 1.0
    if len(a) >= STEM and len(b) >= STEM and a[:STEM] == b[:STEM]:
        return STEM_CREDIT
    return associations().get(a, {}).get(b, 0.0)
