"""Long work and how it reports: the analysis (``analysis``), run in a child
process that keeps the pipeline (``analysis_process``), the progress and
cancellation protocol every long task speaks (``progress``), and its line on
a terminal (``terminal_progress``)."""
