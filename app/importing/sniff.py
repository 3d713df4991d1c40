"""What the bytes are, whatever the file's name: a PDF, a ZIP (perhaps a
Word document), an old Office file, RTF, a picture or program (refused), a
web page, or text.  Content wins over the suffix."""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.importing.decode import decode_text
from app.importing.refusals import Ctx, binary

_OLD_OFFICE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# (signature, what it is, only when a NUL byte follows soon: "GIF89a ..." and
# "MZ ..." could start a text file).
_SIGNATURES: tuple[tuple[bytes, str, bool], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image", False),
    (b"\xff\xd8\xff", "a JPEG image", False),
    (b"GIF87a", "a GIF image", True),
    (b"GIF89a", "a GIF image", True),
    (b"II*\x00", "a TIFF image", False),
    (b"MM\x00*", "a TIFF image", False),
    (b"\x7fELF", "a program (ELF executable)", False),
    (b"MZ", "a Windows program or library (EXE/DLL)", True),
    (b"\xca\xfe\xba\xbe", "a program (Mach-O or Java class)", False),
    (b"\xcf\xfa\xed\xfe", "a program (Mach-O executable)", False),
    (b"\x1f\x8b", "a gzip-compressed archive", False),
    (b"BZh91AY&SY", "a bzip2-compressed archive", False),
    (b"\xfd7zXZ\x00", "an xz-compressed archive", False),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive", False),
    (b"Rar!\x1a\x07", "a RAR archive", False),
    (b"SQLite format 3\x00", "an SQLite database", False),
    (b"\x00asm", "a WebAssembly module", False),
    (b"OggS", "an Ogg audio or video file", True),
    (b"fLaC", "a FLAC audio file", True),
    (b"ID3", "an MP3 audio file", True),
    (b"\x1aE\xdf\xa3", "a Matroska/WebM video", False),
)
_RIFF_KINDS = {b"WEBP": "a WebP image", b"WAVE": "a WAV audio file", b"AVI ": "an AVI video"}


@dataclass(frozen=True, slots=True)
class Sniffed:
    kind: str  # "pdf", "zip", "binary", "old-office", "rtf" or "" (nothing special)
    description: str = ""


def sniff(data: bytes) -> Sniffed:
    head = data[:64]
    # The PDF header may legally follow up to 1 KB of junk.
    if b"%PDF-" in data[:1024]:
        return Sniffed("pdf")
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return Sniffed("zip")
    if head.startswith(_OLD_OFFICE):
        return Sniffed("old-office", "an old-style Microsoft Office file (.doc, .xls or .ppt)")
    if head.startswith(b"{\\rtf"):
        return Sniffed("rtf", "a Rich Text Format (RTF) document")
    if head.startswith(b"RIFF") and head[8:12] in _RIFF_KINDS:
        return Sniffed("binary", _RIFF_KINDS[head[8:12]])
    if head[4:12] in (b"ftypisom", b"ftypmp42", b"ftypM4A ", b"ftypheic", b"ftypqt  "):
        return Sniffed("binary", "an audio, video or HEIC image file")
    for signature, description, needs_nul in _SIGNATURES:
        if head.startswith(signature) and (not needs_nul or b"\x00" in head):
            return Sniffed("binary", description)
    return Sniffed("")


_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def ensure_textual(ctx: Ctx, text: str) -> None:
    """Refuse decoded 'text' that is really binary data."""
    if "\x00" in text:
        raise binary(
            ctx,
            "it contains NUL bytes, which text files never do: it is binary data, not text",
        )
    sample = text[:8192]
    if len(_CONTROL.findall(sample)) > max(8, len(sample) // 20):
        raise binary(ctx, "it is full of control characters: it is binary data, not text")


def is_textual(data: bytes) -> bool:
    """Whether the bytes decode to text rather than binary data."""
    text, _encoding = decode_text(data)
    sample = text[:8192]
    return "\x00" not in text and len(_CONTROL.findall(sample)) <= max(8, len(sample) // 20)


XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_HTML_START = re.compile(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html\b|head\b)", re.I | re.S)


def looks_like_html(head: str) -> bool:
    head = XML_DECLARATION.sub("", head.lstrip("\ufeff"), count=1)
    return _HTML_START.match(head) is not None
