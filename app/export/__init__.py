"""Everything a comparison or a session becomes outside the window.

``serialize`` is the JSON contract and ``report`` the readable text report
the command line prints.  The summary for the editor: ``pdf`` (annotated PDF);
Markdown (``markdown``) and Word (``word``) say what the PDF says, all three
reading ``pdf.content.summarize``, the one home of what the summary holds.
The CSV (``relations_csv``) is one row per relation as
``app.editing.verdicts`` judges it.  ``formats`` names the formats and their
file endings; ``write`` picks the writer and writes the file atomically.
"""
