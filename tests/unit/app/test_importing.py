"""The importer's entry points and public surface, the choice of reader by signature
and suffix, and the refusals every format shares.  Each format has its own test
module (test_importing_text, _html, _docx, _pdf, _decode, _canonical, _titles)."""

from __future__ import annotations

import codecs
import hashlib
import io
import os
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import pytest

from app.errors import ImportRefused
from app.importing import (
    MAX_SOURCE_BYTES,
    MAX_TEXT_CHARS,
    SUPPORTED_SUFFIXES,
    import_bytes,
    import_file,
    limits,
)

from .importing_helpers import BODY, assert_readable, refusal, write

ROOT = Path(__file__).resolve().parents[3]

# ---------------------------------------------------------------------------
# The public surface


def test_limits_and_suffixes() -> None:
    assert MAX_SOURCE_BYTES == 50 * 1024 * 1024
    assert MAX_TEXT_CHARS == 2_000_000
    assert {".txt", ".text", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf"} == set(
        SUPPORTED_SUFFIXES
    )


def test_importing_loads_neither_spacy_nor_qt() -> None:
    code = (
        "import sys\n"
        "from app.importing import import_bytes\n"
        "import_bytes(b'<html><body><p>Hello there.</p></body></html>', name='a.html')\n"
        "import_bytes(b'Title\\n\\nHello there.', name='a.txt')\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('spacy', 'PySide6', 'shiboken6')]\n"
        "assert not bad, bad\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


# ---------------------------------------------------------------------------
# Plain text


def test_plain_text_file(tmp_path: Path) -> None:
    data = f"Strike in Baghdad\r\n\r\nJan 5, 2024\r\n\r\n{BODY}\r\n".encode()
    path = write(tmp_path, "story.txt", data)
    article = import_file(path, article_id="B")
    assert article.id == "B"
    assert article.title == "Strike in Baghdad"
    assert article.published == date(2024, 1, 5)
    assert article.text == f"Strike in Baghdad\n\nJan 5, 2024\n\n{BODY}"
    assert article.source.path == str(path)
    assert article.source.format == "txt"
    assert article.source.encoding == "utf-8"
    assert article.source.sha256 == hashlib.sha256(data).hexdigest()
    assert article.source.size == len(data)


def test_path_like_and_dot_text_suffix(tmp_path: Path) -> None:
    path = write(tmp_path, "notes.TEXT", b"Hello world, this is the body.")
    article = import_file(path)
    assert article.source.format == "txt"
    assert article.source.path == str(path)
    assert import_file(str(path)).text == article.text


def test_import_bytes_keeps_the_given_path() -> None:
    article = import_bytes(b"Some words here.", name="x.txt", article_id="C", path="in/x.txt")
    assert article.id == "C"
    assert article.source.path == "in/x.txt"
    assert import_bytes(b"Some words here.", name="x.txt").source.path == ""


def test_unknown_suffix_that_is_text_is_read_as_text() -> None:
    article = import_bytes(b"A headline\n\nSome body text here.", name="story.log")
    assert article.source.format == "txt"
    assert article.title == "A headline"
    assert import_bytes(b"no suffix at all", name="README").source.format == "txt"


def test_unknown_suffix_that_starts_like_a_web_page_is_html() -> None:
    page = b"<!DOCTYPE html><html><body><nav>Menu</nav><p>Body text.</p></body></html>"
    article = import_bytes(page, name="saved-page")
    assert article.source.format == "html"
    assert article.text == "Body text."


def test_text_that_merely_starts_with_the_pdf_signature_stays_text() -> None:
    article = import_bytes(b"%PDF-1.7 is the last ISO version of PDF.\n", name="notes.txt")
    assert article.source.format == "txt"
    assert article.text == "%PDF-1.7 is the last ISO version of PDF."
    old = "Caf\u00e9 notes: “%PDF-1.7” is the last version.".encode("cp1252")
    assert import_bytes(old, name="notes.txt").text == "Café notes: “%PDF-1.7” is the last version."
    page = b"<html><body><p>Files start with %PDF-1.4 or so.</p></body></html>"
    assert import_bytes(page, name="about.html").text == "Files start with %PDF-1.4 or so."


# ---------------------------------------------------------------------------
# Refusals


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ImportRefused) as info:
        import_file(tmp_path / "nope.txt")
    assert_readable(info.value, "nope.txt")
    assert info.value.path == str(tmp_path / "nope.txt")
    assert "no file" in info.value.why


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    with pytest.raises(ImportRefused) as info:
        import_file(folder)
    assert_readable(info.value, "articles")
    assert "folder" in info.value.what


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX named pipes")
def test_named_pipe_is_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(ImportRefused) as info:
        import_file(fifo)
    assert_readable(info.value, "pipe.txt")


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "locked.txt", b"secret")

    def denied(*_args: object, **_kwargs: object) -> io.BufferedReader:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", denied)
    with pytest.raises(ImportRefused) as info:
        import_file(path)
    assert_readable(info.value, "locked.txt")
    assert "permission" in info.value.why.lower()


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read any file"
)
def test_unreadable_file_for_real(tmp_path: Path) -> None:
    path = write(tmp_path, "locked.txt", b"secret")
    path.chmod(0)
    try:
        with pytest.raises(ImportRefused) as info:
            import_file(path)
        assert "permission" in info.value.why.lower()
    finally:
        path.chmod(0o600)


def test_empty_file(tmp_path: Path) -> None:
    with pytest.raises(ImportRefused) as info:
        import_file(write(tmp_path, "empty.txt", b""))
    assert_readable(info.value, "empty.txt")
    assert "empty" in info.value.what


@pytest.mark.parametrize(
    "data", [b"   \n\t\r\n  ", "\u00a0\u200b\ufeff\n".encode(), codecs.BOM_UTF8]
)
def test_whitespace_only(data: bytes) -> None:
    error = refusal(data, "blank.txt")
    assert_readable(error, "blank.txt")
    assert "no text" in error.what


def test_nul_bytes_in_text() -> None:
    error = refusal(b"Some text\x00\x01\x02 and more \x00\x00 binary", "data.txt")
    assert_readable(error, "data.txt")
    assert "NUL" in error.why


def test_control_character_soup() -> None:
    error = refusal(bytes(range(1, 32)) * 20, "soup.txt")
    assert_readable(error, "soup.txt")
    assert "binary" in error.why


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
        (b"GIF89a\x01\x00\x01\x00\x80\x00\x00", "GIF image"),
        (b"\x7fELF\x02\x01\x01\x00", "ELF"),
        (b"MZ\x90\x00\x03\x00\x00\x00", "Windows program"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "gzip"),
        (b"SQLite format 3\x00\x10\x00", "SQLite database"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "old-style Microsoft Office"),
        (b"{\\rtf1\\ansi hello}", "RTF"),
    ],
)
@pytest.mark.parametrize("name", ["renamed.txt", "renamed.html", "renamed.md", "no-suffix"])
def test_known_binary_signatures(data: bytes, kind: str, name: str) -> None:
    error = refusal(data + b"rest of the file", name)
    assert_readable(error, name)
    assert kind in error.why


def test_text_that_starts_like_a_signature_is_still_text() -> None:
    assert import_bytes(b"GIF89a was the second GIF version.", name="a.txt").text
    assert import_bytes(b"MZ is not always a program.", name="b.txt").text


def test_plain_zip_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("a.txt", "hello")
    error = refusal(out.getvalue(), "archive.txt")
    assert_readable(error, "archive.txt")
    assert "ZIP archive" in error.why


def test_source_over_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_SOURCE_BYTES", 100)
    path = write(tmp_path, "huge.txt", b"word " * 30)
    with pytest.raises(ImportRefused) as info:
        import_file(path)
    assert_readable(info.value, "huge.txt")
    assert "150 bytes" in info.value.why
    assert "100 bytes" in info.value.why
    assert "Split" in info.value.todo
    with pytest.raises(ImportRefused):
        import_bytes(b"word " * 30, name="huge.txt")
    assert import_bytes(b"word " * 20, name="small.txt").text


def test_text_over_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_TEXT_CHARS", 50)
    error = refusal(b"word " * 30, "long.txt")
    assert_readable(error, "long.txt")
    assert "149 characters" in error.why
    assert "50" in error.why
    assert "Split" in error.todo
    assert import_bytes(b"word " * 10, name="short.txt").text


def test_messages_are_sentences() -> None:
    error = refusal(b"", "empty.txt")
    assert error.message() == (
        '"empty.txt" is empty. The file has 0 bytes. Check that it was saved or downloaded '
        "completely, then import it again."
    )
