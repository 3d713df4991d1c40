"""The canonical form of article text, which every character offset indexes.

Everything that changes text happens here, once, before any offset exists:
``Article.text`` is ``normalize_text`` of what a format's reader extracted.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

LINE_BREAK = re.compile("\r\n?|[\x0b\x0c\x85\u2028]")
# C0 and C1 controls except \t and \n (line breaks are already \n), zero-width
# space, word joiner, BOM and soft hyphen: all invisible, all break matching.
# Zero-width (non-)joiners are kept: they change how Persian, Arabic, Indic
# scripts and emoji render.
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200b\u2060\ufeff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_BLANK_RUN = re.compile(r"\n{3,}")


def normalize_text(text: str) -> str:
    """The canonical form of article text: what is shown and what offsets index.

    NFC; ``\\r\\n``, ``\\r`` and other line separators become ``\\n``; control
    characters other than ``\\n`` and ``\\t`` and zero-width characters are
    removed; no-break spaces become spaces; trailing whitespace is stripped from
    every line; runs of blank lines become one blank line; leading and trailing
    blank lines go.  Quotes, dashes and tabs are left as they are.  The function
    is idempotent.
    """
    text = LINE_BREAK.sub("\n", text).replace("\u2029", "\n\n")
    text = _INVISIBLE.sub("", text)
    text = _SURROGATE.sub("\ufffd", text)
    text = text.replace("\u00a0", " ").replace("\u202f", " ")
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    text = _BLANK_RUN.sub("\n\n", text)
    return text.strip("\n")


def text_sha256(text: str) -> str:
    """Hex SHA-256 of the normalized text (UTF-8)."""
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()
