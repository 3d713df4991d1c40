"""Qt item models (kept apart from the top-level ``models`` persistence package)."""
