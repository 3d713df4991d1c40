"""Words the reports share, whatever their format."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from app.domain import Difference


def noun(n: int, word: str, many: str | None = None) -> str:
    """The noun for ``n`` of a thing: "conflict" for 1, "matches" for 2
    (``many``: an irregular plural)."""
    return word if n == 1 else (many or word + "s")


def plural(n: int, word: str, many: str | None = None) -> str:
    """ "1 conflict", "3 conflicts", "2 matches"."""
    return f"{n} {noun(n, word, many)}"


def sureness(confidence: float) -> str:
    """How sure the engine is, as a reporter reads it: "87% sure".  A fitted
    probability is never certainty, so 0.996 reads "99% sure", not "100%"."""
    return f"{min(confidence, 0.99):.0%} sure"


def values_text(differences: Sequence[Difference], *, contradicting: bool) -> str:
    """The values two claims give, at a glance: "128 ≠ 126" where they
    contradict each other, "(Wednesday / Tuesday night)" where they only
    differ and may both be right (a match's doubt).  A side that gives no
    value reads "—" ("(reportedly / —)": a hedge one claim makes and the
    other does not); a difference with no value on either side is left out."""
    pairs = [tuple(v or "—" for v in d.values) for d in differences if any(d.values)]
    if contradicting:
        return "; ".join(f"{a} ≠ {b}" for a, b in pairs)
    return "; ".join(f"({a} / {b})" for a, b in pairs)


def counts_sentence(claims: int, counts: Mapping[str, Mapping[str, int]]) -> str:
    """The summary's counts in plain text: what the engine found, then what
    stands after the reporter's verdicts."""
    found, now = counts["relations"], counts["now"]
    return (
        f"{plural(claims, 'claim')}; the engine found {plural(found['match'], 'match', 'matches')} "
        f"and {plural(found['conflict'], 'conflict')}; after the reporter's verdicts "
        f"{plural(now['conflict'], 'conflict')}, {plural(now['match'], 'match', 'matches')}, "
        f"{now['rejected']} rejected."
    )
