"""Bytes that are not UTF-8 in a path or a note (issue 12, point 7).

On Linux a file name or an argument with such bytes reaches Python with each
bad byte as a lone surrogate (U+DC80..U+DCFF).  A path keeps its bytes; text a
person typed is refused; what is shown or written as UTF-8 never carries one.
"""

from __future__ import annotations

import io
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app import safe_text
from app.editing.anchoring import find_quote, make_anchor, text_hash
from app.editing.commands import AddAnnotation, EditAnnotation, RenameSession, SetVerdict, clean_tag
from app.errors import InputError
from app.importing import import_file
from app.session import Annotation, AnnotationStatus, Session, SessionArticle, Verdict

from .helpers import article

posix_names = pytest.mark.skipif(
    sys.platform == "win32", reason="Windows file names are UTF-16, never raw bytes"
)
T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
TEXT = "A car bomb in eastern Baghdad killed three people on Thursday, police said."
# What `--note "café owner says three"` typed in a Latin-1 terminal arrives as.
TYPED_IN_LATIN1 = os.fsdecode("café owner says three".encode("latin-1"))


def _session() -> Session:
    target = SessionArticle("ka", 0, article("A", TEXT), text_hash(TEXT), T0)
    anchor = make_anchor(TEXT, *find_quote(TEXT, "three people"))
    note = Annotation("n1", "ka", anchor, "", "other", AnnotationStatus.OPEN, "ana", T0, T0)
    return Session("baghdad", T0, T0, (target,), (note,), ())


def test_the_argument_really_holds_an_undecodable_byte() -> None:
    # The premise of every test below: not a plain "é".
    assert TYPED_IN_LATIN1 == "caf\udce9 owner says three"
    with pytest.raises(UnicodeEncodeError):
        TYPED_IN_LATIN1.encode("utf-8")


def test_replace_escape_and_detect() -> None:
    assert safe_text.has_undecodable(TYPED_IN_LATIN1)
    assert not safe_text.has_undecodable("café ✓ 东京")
    assert safe_text.replace_undecodable("caf\udce9\ud800") == "caf\ufffd\ufffd"
    shown = safe_text.terminal_safe("caf\udce9 \x1b[2J ok\n")
    assert shown == "caf\\xe9 \\x1b[2J ok\n"
    shown.encode("utf-8")  # never raises


def test_a_terminal_stream_escapes_instead_of_crashing() -> None:
    raw = io.BytesIO()
    strict = io.TextIOWrapper(raw, encoding="utf-8", errors="strict")
    with pytest.raises(UnicodeEncodeError):
        strict.write("caf\udce9\n")
        strict.flush()
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="utf-8", errors=safe_text.TERMINAL_ERRORS)
    out.write("Wrote /tmp/caf\udce9.pdf\n")
    out.flush()
    assert raw.getvalue() == b"Wrote /tmp/caf\\xe9.pdf\n"
    # A terminal in another encoding gets escapes for what it cannot show.
    raw = io.BytesIO()
    ascii_out = io.TextIOWrapper(raw, encoding="ascii", errors=safe_text.TERMINAL_ERRORS)
    ascii_out.write("caf\u00e9 \u201cquoted\u201d")
    ascii_out.flush()
    assert raw.getvalue() == b"caf\\xe9 \\u201cquoted\\u201d"


def test_a_note_with_undecodable_bytes_is_refused_with_what_to_do() -> None:
    session = _session()
    anchor = make_anchor(TEXT, *find_quote(TEXT, "Thursday"))
    with pytest.raises(InputError) as err:
        AddAnnotation.create(session, article_key="ka", anchor=anchor, note=TYPED_IN_LATIN1)
    message = err.value.message()
    assert "not UTF-8" in message and "caf\\xe9" in message and "nothing was done" in message
    assert "LANG=" in message
    message.encode("utf-8")  # the message itself prints anywhere
    with pytest.raises(InputError, match="not UTF-8"):
        EditAnnotation.create(session, "n1", note=TYPED_IN_LATIN1)
    with pytest.raises(InputError, match="not UTF-8"):
        SetVerdict.create(session, "ka:x|kb:y", Verdict.REJECTED, note=TYPED_IN_LATIN1)


def test_labels_and_quotes_with_undecodable_bytes_are_refused() -> None:
    with pytest.raises(InputError, match=r"tag holds bytes that are not UTF-8"):
        clean_tag("v\udce9rifi\udce9")
    with pytest.raises(InputError, match=r"session name holds bytes that are not UTF-8"):
        RenameSession.create(_session(), "caf\udce9")
    with pytest.raises(InputError, match=r"quote holds bytes that are not UTF-8"):
        find_quote(TEXT, "th\udcefee people")


@posix_names
def test_a_file_named_in_another_encoding_imports_and_keeps_its_path(tmp_path: Path) -> None:
    name = os.fsdecode(b"caf\xe9-report.txt")
    (tmp_path / name).write_bytes(b"\n\nThree people were killed on Thursday, police said.\n")
    assert b"caf\xe9-report.txt" in [os.fsencode(p.name) for p in tmp_path.iterdir()]
    imported = import_file(tmp_path / name)
    # The path still opens the file; the title (text people read) is UTF-8.
    assert imported.source.path == str(tmp_path / name)
    assert Path(imported.source.path).read_bytes().startswith(b"\n\nThree")
    assert imported.title == "Three people were killed on Thursday, police said."
    # A text with nothing to call it by is named after its file, in UTF-8.
    (tmp_path / name).write_bytes(b"\n\nJanuary 5, 2024\n")
    dated = import_file(tmp_path / name)
    assert dated.title == "caf\ufffd-report"
    dated.title.encode("utf-8")


@posix_names
def test_a_missing_file_with_such_a_name_is_reported_printably(tmp_path: Path) -> None:
    name = os.fsdecode(b"r\xe9sum\xe9.txt")
    with pytest.raises(InputError) as err:
        import_file(tmp_path / name)
    assert "no file" in err.value.message()
    assert "r\\xe9sum\\xe9.txt" in safe_text.terminal_safe(err.value.message())
