"""Which places of a comparison lie inside which, as its articles say.

"Aceh" and "Indonesia", "Melbourne" and "Australia" are different names, but a
claim placing an event in one does not contradict a claim placing it in the
other.  No gazetteer is consulted: the articles themselves tell, wherever
the parse (``app.engine.frames``) reads a place in apposition to another
("Palmer, Alaska"), one as the possessor of another ("Indonesia's Aceh
province") or one hanging from another by "in" ("the Nuba Mountains in South
Kordofan").  What one article tells holds for the whole comparison, nesting
is transitive, and ``app.engine.values.compatible`` lets nested places agree.
"""

from __future__ import annotations

from collections.abc import Iterable

from app.normalize import same_name


class PlaceTree:
    """The "inside" relation between place name keys read in the articles."""

    def __init__(self, pairs: Iterable[tuple[str, str]] = ()) -> None:
        self._outer: dict[str, set[str]] = {}
        for inner, outer in pairs:
            if inner and outer and not same_name(inner, outer):
                self._outer.setdefault(inner, set()).add(outer)
        self._cache: dict[tuple[str, str], bool] = {}

    def __bool__(self) -> bool:
        return bool(self._outer)

    def _containers(self, place: str) -> set[str]:
        """Every place that holds ``place``, in any spelling, transitively."""
        found: set[str] = set()
        todo = [key for key in self._outer if same_name(key, place)]
        while todo:
            key = todo.pop()
            for outer in self._outer.get(key, ()):
                if outer not in found:
                    found.add(outer)
                    todo.extend(k for k in self._outer if same_name(k, outer))
        return found

    def inside(self, inner: str, outer: str) -> bool:
        return any(same_name(c, outer) for c in self._containers(inner))

    def nested(self, a: str, b: str) -> bool:
        """One of the two places lies inside the other."""
        key = (a, b) if a <= b else (b, a)
        if key not in self._cache:
            self._cache[key] = bool(self._outer) and (self.inside(a, b) or self.inside(b, a))
        return self._cache[key]
