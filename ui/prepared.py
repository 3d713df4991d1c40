"""What the window draws from a comparison, computed off the GUI thread.

The highlight index and the relations table's rows are plain Python over
every claim and relation (10-20 ms for ten articles); the worker that brings
a comparison (the analysis or the store) prepares them too, so the GUI
thread only lays them out.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.domain import Comparison
from ui.highlighter import HighlightIndex
from ui.itemmodels.relations import RelationRow, relation_rows


@dataclass(frozen=True, slots=True)
class Prepared:
    comparison: Comparison
    index: HighlightIndex
    rows: tuple[RelationRow, ...]


def prepare(comparison: Comparison) -> Prepared:
    return Prepared(comparison, HighlightIndex(comparison), tuple(relation_rows(comparison)))
