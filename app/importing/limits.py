"""The most Crosscheck reads: one file's bytes, one article's characters.

Read as ``limits.NAME`` at the time of use, so that a test may lower them
(``monkeypatch.setattr(limits, "MAX_SOURCE_BYTES", 100)``)."""

#: Largest source file we read (bytes).  Checked before reading a file.
MAX_SOURCE_BYTES: int = 50 * 1024 * 1024
#: Most characters of article text after extraction and normalization; the
#: engine's default ``Settings.max_chars`` is the same.
MAX_TEXT_CHARS: int = 2_000_000
