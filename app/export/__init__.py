"""The summary in the editor's formats besides the PDF (issue 13).

Markdown (``markdown``) and Word (``word``) say what the PDF says: both read
``app.pdf.content.summarize``, the one home of what the summary holds.  The
CSV (``relations_csv``) is one row per relation as ``app.verdicts`` judges
it.  ``formats`` names the formats and their file endings; ``write`` picks
the writer and writes the file the way the PDF is written (atomically).
"""
