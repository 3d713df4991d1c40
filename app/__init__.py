"""Crosscheck core: importing, NLP, claims, alignment, conflicts, command line.

Nothing in this package imports Qt or SQLAlchemy, except the command-line
composition root (``app.cli``), which reaches ``models`` and ``ui`` lazily.
"""

__version__ = "0.3.3"
ENGINE_VERSION = f"crosscheck {__version__}"
