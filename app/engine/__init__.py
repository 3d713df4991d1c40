"""The comparison engine: articles in, claims, links, conflicts and groups out.

Data passes once, downwards, through one module per stage:

1. ``parse``       spaCy over every article (cached), then ``segment``: claims,
                   their kinds and facts, and each claim's ``frames.Frame``;
2. ``candidates``  TF-IDF vectors and the pairs worth scoring;
3. ``linking``     the same-fact probability of each pair (``features`` and a
                   model fitted on labelled pairs, ``model``) and the links;
4. ``conflicts``   slot by slot inside each link (``slots``, ``values``): one
                   disagreement inside agreement, with a calibrated confidence.

``compare()`` (``pipeline``) is synchronous, deterministic and unaware of
threads; the window runs it in a worker, the command line calls it directly.
"""

from app.engine.parse import analyze_articles
from app.engine.pipeline import compare
from app.jobs.progress import IsCancelled, Progress

__all__ = ["IsCancelled", "Progress", "analyze_articles", "compare"]
