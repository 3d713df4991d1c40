"""Bytes of unknown encoding to text: byte-order marks, UTF-16 without one,
UTF-8 (with a few bad bytes replaced and reported), a declared charset,
charset-normalizer for non-Latin scripts, then the Western code pages."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.errors import one_paragraph

if TYPE_CHECKING:
    from app.importing.refusals import Ctx

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    # UTF-32 LE before UTF-16 LE: its BOM starts with UTF-16 LE's.
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
)
_DETECT_MIN_BYTES = 200
_DETECT_MAX_CHAOS = 0.1
# Declared charsets that browsers read as windows-1252 (WHATWG encoding spec).
_READ_AS_CP1252 = frozenset({"ascii", "latin-1", "iso8859-1", "cp1252"})


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode bytes of unknown encoding; return the text and the encoding used.

    Order: byte-order mark (UTF-8, UTF-16, UTF-32), UTF-16 without a mark when
    the NUL pattern shows it, strict UTF-8, UTF-8 with a few bad bytes
    replaced by U+FFFD (when valid UTF-8 characters outnumber them),
    charset-normalizer for 200+ bytes when it is confident and finds a
    non-Latin script, cp1252, then latin-1 (which never fails).  Never raises.
    """
    decoded = decode_bytes(data, declared=None)
    return decoded.text, decoded.encoding


@dataclass(frozen=True, slots=True)
class BadBytes:
    """Byte sequences the codec could not decode, each replaced by U+FFFD."""

    encoding: str
    count: int
    first: tuple[tuple[int, int, int], ...]  # (line, column, byte offset) of the first few


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    bad: BadBytes | None = None


_SHOWN_BAD_BYTES = 5  # places named in the warning
_LINE_END = re.compile("\r\n?|\n")


def decode_bytes(data: bytes, declared: str | None) -> Decoded:
    """``decode_text``'s order, with the charset a web page declares (if any)
    tried after Unicode and before the guesses."""
    found = _as_unicode(data)
    if found is None and declared is not None:
        found = _as_declared(data, declared)
    return found if found is not None else _as_legacy(data)


def _strictly(data: bytes, codec: str) -> Decoded | None:
    try:
        return Decoded(data.decode(codec), codec)
    except UnicodeDecodeError:
        return None


def _as_unicode(data: bytes) -> Decoded | None:
    """A byte-order mark, UTF-16 without one, UTF-8, or UTF-8 with a few bad bytes."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            return _replacing(data, codec, name, len(bom))
    utf16 = _bomless_utf16(data)
    found = _strictly(data, utf16) if utf16 is not None else None
    return found or _strictly(data, "utf-8") or _mostly_utf8(data)


def _as_declared(data: bytes, declared: str) -> Decoded | None:
    """The declared charset, unless it is a Unicode one (already tried) or unknown."""
    try:
        codec = codecs.lookup(declared).name
    except LookupError:
        return None
    if codec in _READ_AS_CP1252:
        codec = "cp1252"
    if codec.startswith(("utf-8", "utf-16", "utf-32")):
        return None
    return _strictly(data, codec)


def _as_legacy(data: bytes) -> Decoded:
    """A confident guess in a non-Latin script, else cp1252, else a confident
    Latin guess, else latin-1 (which never fails)."""
    latin_guess: Decoded | None = None
    if len(data) >= _DETECT_MIN_BYTES:
        guess = _detect(data)
        if guess is not None:
            text, codec, non_latin = guess
            if non_latin:
                return Decoded(text, codec)
            latin_guess = Decoded(text, codec)
    return _strictly(data, "cp1252") or latin_guess or Decoded(data.decode("latin-1"), "latin-1")


def _mostly_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with its few undecodable sequences replaced by U+FFFD, when the
    valid multi-byte characters outnumber them; ``None`` otherwise.

    Text in a legacy code page (cp1252, cp1251...) almost never forms a valid
    UTF-8 sequence by chance, and nearly every one of its accented letters
    breaks one, so it is left to the detectors below.
    """
    text = data.decode("utf-8", errors="replace")
    genuine = data.count("\ufffd".encode())  # U+FFFD written in the file itself
    replaced = text.count("\ufffd") - genuine
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))
    valid = non_ascii - replaced
    if valid < 1 or replaced > valid:
        return None
    return Decoded(text, "utf-8", BadBytes("UTF-8", replaced, _first_bad(data, "utf-8", 0)))


def _replacing(data: bytes, codec: str, name: str, skip: int) -> Decoded:
    """``data[skip:]`` decoded with ``codec``, any bad sequence replaced (and reported)."""
    body = data[skip:]
    text = body.decode(codec, errors="replace")
    replaced = text.count("\ufffd") - body.count("\ufffd".encode(codec))
    if replaced <= 0:
        return Decoded(text, name)
    first = _first_bad(body, codec, skip)
    label = "UTF-" + codec.split("-")[1]  # every codec with a byte-order mark is UTF
    return Decoded(text, name, BadBytes(label, max(replaced, len(first)), first))


def _first_bad(data: bytes, codec: str, skip: int) -> tuple[tuple[int, int, int], ...]:
    """(line, column, byte offset) of the first few sequences of ``data`` that
    ``codec`` cannot decode; lines and columns count from 1, offsets from 0
    and include the ``skip`` bytes before ``data`` (a byte-order mark)."""
    decode = codecs.lookup(codec).decode
    view = memoryview(data)
    found: list[tuple[int, int, int]] = []
    pos, line, column = 0, 1, 1
    while len(found) < _SHOWN_BAD_BYTES and pos < len(view):
        try:
            decode(view[pos:], "strict")
        except UnicodeDecodeError as exc:
            before = decode(view[pos : pos + exc.start], "strict")[0]
            breaks = [m.end() for m in _LINE_END.finditer(before)]
            if breaks:
                line += len(breaks)
                column = 1 + len(before) - breaks[-1]
            else:
                column += len(before)
            found.append((line, column, skip + pos + exc.start))
            column += 1  # the U+FFFD that replaces it
            pos += max(exc.end, exc.start + 1)
        else:
            break
    return tuple(found)


def _bomless_utf16(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when NULs sit on every other byte, as in UTF-16 text."""
    sample = data[:4096]
    # A few bytes prove nothing: "0\x00\xc2\x80" is as likely binary as UTF-16.
    if len(sample) < 32 or b"\x00" not in sample:
        return None
    sample = sample[: len(sample) // 2 * 2]
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) >= 0.4 * len(odd) and even.count(0) <= 0.02 * len(even):
        return "utf-16-le"
    if even.count(0) >= 0.4 * len(even) and odd.count(0) <= 0.02 * len(odd):
        return "utf-16-be"
    return None


def _detect(data: bytes) -> tuple[str, str, bool] | None:
    """charset-normalizer's confident guess: (text, codec, is a non-Latin script).

    Its choice among Latin code pages is unreliable for short Western texts (it
    reads French cp1252 as cp1250 and turns "à" into "ŕ"), so the caller trusts
    it only when the text is mostly in another script, such as Cyrillic.
    """
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.chaos > _DETECT_MAX_CHAOS:
        return None
    text = str(best)
    latin = other = 0
    for ch in text[:20_000]:
        if ord(ch) < 0x80 or not ch.isalpha():
            continue
        if ord(ch) < 0x250 or 0x1E00 <= ord(ch) <= 0x1EFF:
            latin += 1
        else:
            other += 1
    return text, str(best.encoding), other > latin


def bad_bytes_warning(ctx: Ctx, bad: BadBytes) -> str:
    places = [f"line {line}, column {col} (byte {offset:,})" for line, col, offset in bad.first]
    if bad.count > len(places):
        places.append(f"{bad.count - len(places):,} more")
    where = places[0] if len(places) == 1 else ", ".join(places[:-1]) + " and " + places[-1]
    sequences = "1 byte sequence" if bad.count == 1 else f"{bad.count:,} byte sequences"
    return one_paragraph(
        f"{ctx.quoted} was read as {bad.encoding}, but {sequences} in it could not be "
        f"decoded and {'was' if bad.count == 1 else 'were'} replaced by \ufffd: at {where}",
        f"the rest of the file is valid {bad.encoding}; those bytes were damaged or written "
        "in another encoding",
        "Check those places against the original; the \ufffd marks them in the text",
    )
