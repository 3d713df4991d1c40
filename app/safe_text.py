"""Text from the operating system that is not valid UTF-8, and text sent to a
terminal: the rules, in one place.

On POSIX systems Python hands over a command-line argument, an environment
variable or a file name that is not valid UTF-8 with each bad byte as a lone
surrogate, U+DC80 to U+DCFF (PEP 383, "surrogateescape").  Such a string still
names its file: ``os`` functions encode it back to the very same bytes.  But it
has no UTF-8 form, so SQLite, a JSON or PDF file and a UTF-8 terminal all
refuse it.  Hence:

- a path keeps its bytes and is used as it is to open or write its file;
- where text must be UTF-8 (a JSON document, a PDF, a label), each such byte
  becomes U+FFFD (``replace_undecodable``), and the caller says so when that
  loses something;
- on a terminal it is shown as ``\\xNN`` (``terminal_safe`` and the
  ``TERMINAL_ERRORS`` codec error handler), like a control character;
- words a person typed to be kept (a note, a tag, a session name, a quote)
  are refused (``refuse_undecodable``): guessing their encoding would store
  mojibake in a reporter's notes.
"""

from __future__ import annotations

import codecs
import re

from app.errors import InputError
from app.session import CONTROL_CHARACTERS

# Any lone surrogate: the bytes surrogateescape carried, and the odd half of a
# UTF-16 pair from elsewhere; neither can be encoded to UTF-8.
_SURROGATES = re.compile("[\ud800-\udfff]")
_TO_ESCAPE = re.compile(f"{_SURROGATES.pattern}|{CONTROL_CHARACTERS.pattern}")
# The codec error handler of the command line's stdout and stderr.
TERMINAL_ERRORS = "crosscheck-escape"


def has_undecodable(text: str) -> bool:
    return _SURROGATES.search(text) is not None


def replace_undecodable(text: str) -> str:
    """``text`` with each undecodable byte as U+FFFD: always valid UTF-8."""
    return _SURROGATES.sub("\ufffd", text)


def _escape(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"  # the byte as it is on disk
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def terminal_safe(text: str) -> str:
    """Text for a terminal: control characters (an escape sequence in a stored
    note or title) and bytes that are not UTF-8 (in a file name) are shown as
    escapes such as ``\\x1b`` or ``\\xe9``, never sent as they are."""
    return _TO_ESCAPE.sub(lambda m: _escape(m.group()), text)


def _terminal_errors(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    return "".join(_escape(c) for c in exc.object[exc.start : exc.end]), exc.end


codecs.register_error(TERMINAL_ERRORS, _terminal_errors)


def refuse_undecodable(text: str, what: str) -> str:
    """``text`` unchanged, or ``InputError`` when it holds bytes that are not
    UTF-8: what a person typed is kept as typed or not at all."""
    if not has_undecodable(text):
        return text
    shown = terminal_safe(text if len(text) <= 60 else text[:57] + "...")
    raise InputError(
        f"the {what} holds bytes that are not UTF-8 text ({shown}); nothing was done",
        "They came from a terminal, script or file in another character encoding "
        "(Latin-1, Windows-1252, ...); Crosscheck keeps and looks up words exactly as "
        "they were written, and guessing that encoding could store garbled notes",
        "Set the terminal to UTF-8 (for example LANG=en_US.UTF-8) or convert the text "
        "(iconv -f LATIN1 -t UTF-8), then give it again",
    )
