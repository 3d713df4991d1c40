"""What the window draws from a comparison, computed off the GUI thread.

The highlight index and the relations table's rows are plain Python over
every claim and relation (10-20 ms for ten articles); the worker that brings
a comparison (the analysis or the store) prepares them too, so the GUI
thread only lays them out.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.domain import Comparison
from app.editing.verdicts import judge, shown
from app.session import Session
from ui.highlighter import HighlightIndex
from ui.itemmodels.relations import RelationRow, relation_rows


@dataclass(frozen=True, slots=True)
class Prepared:
    comparison: Comparison  # what the window shows (see app.editing.verdicts.shown)
    index: HighlightIndex
    rows: tuple[RelationRow, ...]
    full: Comparison  # everything the engine found, as stored
    show_possible: bool = False


def prepare(
    comparison: Comparison, show_possible: bool = False, session: Session | None = None
) -> Prepared:
    """The view of ``comparison``: what the engine is sure of (everything with
    ``show_possible``) and what the reporter judged in ``session``."""
    view = shown(comparison, session, show_possible)
    index = HighlightIndex(view, judge(view, session))
    return Prepared(view, index, tuple(relation_rows(view)), comparison, show_possible)
