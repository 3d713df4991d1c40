"""The annotated PDF summary (issue 5): cover, discrepancies, agreement,
annotations and the full texts, with real PDF highlight annotations.

Layout: ``content`` decides what is said (plain data), ``sections`` and
``fulltext`` lay it out, ``marked_text`` draws article text and knows where
each word lands, ``document`` frames the pages, ``export`` writes the file.
"""

from app.export.pdf.export import export_pdf
from app.export.pdf.options import ExportOptions, ExportResult

__all__ = ["ExportOptions", "ExportResult", "export_pdf"]
