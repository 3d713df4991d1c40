"""Which font draws which character, and in which order: the one rule every
place that puts text on a PDF page follows.

An export first *plans* its fonts from all the text it will print
(:func:`plan`): the main face (DejaVu Sans) first, then, for characters it
lacks, faces found on this computer (``font_files``) chosen to cover the
most of what is left.  What no face has is listed on the cover.  While the
PDF is built, :func:`use` makes that plan the current one, and drawing goes
through it:

* :func:`markup` for text inside a platypus ``Paragraph``;
* :func:`draw_string` for a single line drawn on the canvas;
* :class:`Prepared` for :class:`~app.export.pdf.marked_text.MarkedText`, which breaks
  lines itself and so orders right-to-left text line by line.

Right-to-left runs are put in visual order (``bidi``) and Arabic is shaped
with presentation forms (``arabic``) before the text is cut into runs of one
font each.  Default-ignorable characters (joiners, direction marks, variation
selectors) steer shaping and order but are not drawn.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache
from typing import Any, TypeVar
from xml.sax.saxutils import escape, quoteattr

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFError

from app.export.pdf import arabic, bidi
from app.export.pdf.font_files import FaceInfo, system_faces
from app.export.pdf.fonts import BOLD, REGULAR, EmbeddedFont, register_fonts

T = TypeVar("T")

# Fallback faces one export may add (each is parsed, and embedded when used).
MAX_FALLBACKS = 12
# Characters of what is still uncovered used to rank candidate faces.
_SAMPLE = 256


@dataclass(frozen=True, slots=True)
class Face:
    """A registered font: its regular and bold names and the characters it has."""

    regular: str
    bold: str
    family: str
    chars: frozenset[int]

    def name(self, bold: bool) -> str:
        return self.bold if bold else self.regular


@dataclass(slots=True)
class FontSet:
    """Faces in order of preference, and what none of them can print."""

    faces: tuple[Face, ...]
    missing: tuple[str, ...] = ()
    _pick: dict[str, int] = field(default_factory=dict)

    @property
    def primary(self) -> Face:
        return self.faces[0]

    @property
    def fallbacks(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f.family for f in self.faces[1:]))

    def face_of(self, ch: str) -> int:
        """The first face that has ``ch``; -1 when none has."""
        found = self._pick.get(ch)
        if found is None:
            code = ord(ch)
            found = next((i for i, f in enumerate(self.faces) if code in f.chars), -1)
            self._pick[ch] = found
        return found

    def covers(self, ch: str) -> bool:
        return self.face_of(ch) >= 0

    def simple(self, text: str) -> bool:
        """The main face draws all of ``text`` as it is: no fallback font, no
        right-to-left run, no shaping, nothing to leave out."""
        chars, distinct = self.primary.chars, set(text)
        return all(ord(ch) in chars for ch in distinct) and not bidi.has_rtl(distinct)

    def runs(self, drawn: str, bold: bool = False) -> list[tuple[str, str]]:
        """``drawn`` (already in visual order) cut into (text, font name) runs.
        Spaces, punctuation, digits and marks stay in the font of the run
        they are in when it has them, so a name in another script is one run."""
        out: list[tuple[str, int]] = []
        for ch in drawn:
            current = out[-1][1] if out else 0
            face = self.face_of(ch)
            if out and _neutral(ch) and ord(ch) in self.faces[current].chars:
                face = current
            elif face < 0:
                face = current if out else 0  # drawn as the empty box of that font
            if out and face == current:
                out[-1] = (out[-1][0] + ch, face)
            else:
                out.append((ch, face))
        return [(text, self.faces[i].name(bold)) for text, i in out]

    def width(self, drawn: str, bold: bool, size: float) -> float:
        return float(sum(stringWidth(text, font, size) for text, font in self.runs(drawn, bold)))


def _neutral(ch: str) -> bool:
    """Not a letter: may be drawn by whichever font the run already uses."""
    return not unicodedata.category(ch).startswith("L")


def ignorable(ch: str) -> bool:
    """Format controls and variation selectors: they steer but are not drawn."""
    code = ord(ch)
    return (
        unicodedata.category(ch) == "Cf"
        or 0xFE00 <= code <= 0xFE0F
        or 0xE0100 <= code <= 0xE01EF
        or ch in "\r\x00"
    )


def _printed(ch: str) -> str:
    """What stands for ``ch`` on the page: nothing for an ignorable, a space
    for any other space or control character (a tab)."""
    if ignorable(ch):
        return ""
    if ch != " " and (ch.isspace() or unicodedata.category(ch) == "Cc"):
        return " "
    return ch


# -- planning ------------------------------------------------------------------


@cache
def _main_face() -> Face:
    files = register_fonts()
    chars = frozenset(pdfmetrics.getFont(REGULAR).face.charToGlyph)
    return Face(REGULAR, BOLD, files.name, chars)


_loaded: dict[tuple[str, int], Face | None] = {}


def load_face(info: FaceInfo, bold: FaceInfo | None = None) -> Face | None:
    """Register ``info`` (and its bold face) with reportlab, once per process;
    None when reportlab cannot embed it (licence bits, broken tables)."""
    key = (info.path, info.index)
    if key not in _loaded:
        name = f"CrosscheckFallback{len(_loaded) + 1}"
        try:
            font = EmbeddedFont(name, info.path, subfontIndex=info.index)
        except (TTFError, OSError, ValueError, KeyError, IndexError, AssertionError):
            _loaded[key] = None
            return None
        pdfmetrics.registerFont(font)
        bold_name = name
        if bold is not None:
            try:
                pdfmetrics.registerFont(
                    EmbeddedFont(name + "-Bold", bold.path, subfontIndex=bold.index)
                )
                bold_name = name + "-Bold"
            except (TTFError, OSError, ValueError, KeyError, IndexError, AssertionError):
                pass
        for is_bold, is_italic in ((0, 0), (0, 1), (1, 0), (1, 1)):
            addMapping(name, is_bold, is_italic, bold_name if is_bold else name)
        chars = frozenset(font.face.charToGlyph)
        _loaded[key] = Face(name, bold_name, info.family, chars)
    return _loaded[key]


def needed_characters(texts: Iterable[str]) -> set[str]:
    """The characters of ``texts`` that a font has to draw."""
    chars: set[str] = set()
    for text in texts:
        chars.update(text)
    return {ch for ch in chars if _printed(ch) not in ("", " ")}


def plan(
    texts: Iterable[str],
    *,
    main: Face | None = None,
    faces: Callable[[], Sequence[FaceInfo]] | None = None,
) -> FontSet:
    """The fonts to print ``texts`` with: ``main`` (DejaVu Sans) first, then
    faces of this computer for what it lacks.  ``faces`` (default: this
    computer's, looked up at the call) is only asked when the main face does
    not cover everything."""
    faces = faces or system_faces
    first = main or _main_face()
    needed = needed_characters(texts)
    left = {ord(ch) for ch in needed if ord(ch) not in first.chars}
    chosen = [first]
    if left:
        chosen += _fallbacks(left, faces())
    fontset = FontSet(tuple(chosen))
    fontset.missing = tuple(sorted(ch for ch in needed if not fontset.covers(ch)))
    return fontset


def _fallbacks(left: set[int], candidates: Sequence[FaceInfo]) -> list[Face]:
    """Greedy cover: the face holding most of what is left, until nothing is
    left or no face helps."""
    pool = [f for f in candidates if not f.italic and not f.bold]
    out: list[Face] = []
    while left and pool and len(out) < MAX_FALLBACKS:
        best = best_face(pool, left)
        if best is None:
            break
        pool.remove(best)
        face = load_face(best, _bold_partner(best, candidates))
        if face is None:
            continue
        helped = {code for code in left if code in face.chars}
        if helped:
            out.append(face)
            left -= helped
    return out


def best_face(pool: Sequence[FaceInfo], left: set[int]) -> FaceInfo | None:
    """The face to add next for the code points ``left``: one that has some
    of them, upright regular width before light, condensed or monospaced,
    then the most of them (counted on a sample), then a sans face."""
    codes = sorted(left)
    sample = codes[:: max(1, len(codes) // _SAMPLE)]

    def rank(f: FaceInfo) -> tuple[bool, bool, int, bool, int]:
        hits = sum(code in f.coverage for code in sample)
        return hits > 0, f.plain, hits, "sans" in f.family.lower(), -len(f.path)

    best = max(pool, key=rank, default=None)
    if best is not None and not any(code in best.coverage for code in sample):
        # The sample may have missed a rare character some face has.
        best = next((f for f in pool if any(code in f.coverage for code in codes)), None)
    return best


def _bold_partner(face: FaceInfo, candidates: Sequence[FaceInfo]) -> FaceInfo | None:
    same = [
        f
        for f in candidates
        if f.family == face.family and f.bold and not f.italic and f.narrow == face.narrow
    ]
    return min(same, key=lambda f: (abs(f.weight - 700), f.path), default=None)


# -- the current plan ----------------------------------------------------------

_current: ContextVar[FontSet | None] = ContextVar("crosscheck_pdf_fonts", default=None)


@cache
def _main_only() -> FontSet:
    return FontSet((_main_face(),))


def current() -> FontSet:
    """The plan of the export being built (the main face alone outside one)."""
    return _current.get() or _main_only()


@contextmanager
def use(fontset: FontSet) -> Iterator[FontSet]:
    token = _current.set(fontset)
    try:
        yield fontset
    finally:
        _current.reset(token)


# -- text in visual order --------------------------------------------------------


class Prepared:
    """A text (one paragraph) ready to be drawn in pieces: its characters'
    shapes and bidi levels, computed once.  Offsets index ``text``."""

    def __init__(self, text: str, fontset: FontSet | None = None) -> None:
        self.text = text
        self.fonts = fontset or current()
        self.simple = self.fonts.simple(text)
        self.para = 0
        self._shaped: list[str] = []
        self._levels: list[int] = []
        if not self.simple:
            complex_text = bidi.has_rtl(text) or arabic.needs_shaping(text)
            printed = [_printed(ch) for ch in text]
            if arabic.needs_shaping(text):
                shapes = arabic.shape(text, self.fonts.covers)
                printed = [
                    shape if p == ch else p
                    for shape, p, ch in zip(shapes, printed, text, strict=True)
                ]
            self._shaped = printed
            if complex_text:
                self.para, self._levels = bidi.levels(text)

    @property
    def rtl(self) -> bool:
        return self.para == 1

    def drawn(self, start: int, end: int, rtl: bool = False) -> str:
        """What ``text[start:end]`` looks like drawn left to right."""
        if self.simple:
            return self.text[start:end]
        piece = "".join(self._shaped[start:end])
        return bidi.reverse_run(piece) if rtl else piece

    def width(self, start: int, end: int, bold: bool, size: float) -> float:
        if self.simple:
            return float(stringWidth(self.text[start:end], self.fonts.primary.name(bold), size))
        return self.fonts.width(self.drawn(start, end), bold, size)

    def runs(self, start: int, end: int, bold: bool, rtl: bool = False) -> list[tuple[str, str]]:
        if self.simple:
            return [(self.text[start:end], self.fonts.primary.name(bold))]
        return self.fonts.runs(self.drawn(start, end, rtl), bold)

    def visual(
        self, spans: Sequence[tuple[int, int, T]], line: tuple[int, int]
    ) -> list[tuple[int, int, bool, T]]:
        """The pieces of one line in visual order, left to right.

        ``spans`` are (start, end, key) in logical order covering the line
        ``line`` = (start, end); an empty span (a marker) takes the paragraph's
        direction.  Each span is cut where the direction changes; a piece is
        (start, end, right_to_left, key)."""
        if not self._levels:
            return [(s, e, False, key) for s, e, key in spans]
        first, last = line
        levels = bidi.line_levels(self.text[first:last], self._levels[first:last], self.para)
        pieces: list[tuple[int, int, bool, T]] = []
        piece_levels: list[int] = []
        for s, e, key in spans:
            if s == e:
                pieces.append((s, e, False, key))
                piece_levels.append(self.para)
                continue
            k = s
            while k < e:
                level = levels[k - first]
                m = k + 1
                while m < e and levels[m - first] == level:
                    m += 1
                pieces.append((k, m, level % 2 == 1, key))
                piece_levels.append(level)
                k = m
        return bidi.reorder(pieces, piece_levels)


def visual_line(text: str, fontset: FontSet | None = None) -> str:
    """One line of text as drawn left to right: shaped, right-to-left runs
    reversed, ignorable characters left out."""
    prepared = Prepared(text, fontset)
    if prepared.simple:
        return text
    pieces = prepared.visual([(0, len(text), None)], (0, len(text)))
    return "".join(prepared.drawn(s, e, rtl) for s, e, rtl, _ in pieces)


def markup(text: str, bold: bool = False) -> str:
    """``text`` as Paragraph markup: escaped (``<b>`` and ``&`` print
    literally), line breaks kept, each line in visual order, runs the main
    face lacks wrapped in the font that has them.  ``bold``: the text sits in
    bold (a heading, ``<b>``), so fallback runs take their bold face.

    Right-to-left runs are ordered per line of the *source*: where a Paragraph
    wraps one, its parts land on the lines in visual, not reading, order."""
    fontset = current()
    lines = []
    for line in text.split("\n"):
        if fontset.simple(line) and fontset.primary.regular == REGULAR:
            lines.append(escape(line))
            continue
        parts = []
        for run, font in fontset.runs(visual_line(line, fontset), bold):
            if font in (REGULAR, BOLD):  # the font of every Paragraph style
                parts.append(escape(run))
            else:
                parts.append(f"<font face={quoteattr(font)}>{escape(run)}</font>")
        lines.append("".join(parts))
    return "<br/>".join(lines)


def draw_string(canv: Any, x: float, y: float, text: str, size: float, bold: bool = False) -> None:
    """Draw one line of text at (x, y) with the fonts of the current plan."""
    fontset = current()
    for run, font in fontset.runs(visual_line(text, fontset), bold):
        canv.setFont(font, size)
        canv.drawString(x, y, run)
        x += stringWidth(run, font, size)


def script_of(ch: str) -> str:
    """A reader's name for the script of ``ch``: the first word of its
    Unicode name ("Devanagari", "Thai", "CJK"), "emoji and symbols" for
    pictographs."""
    if unicodedata.category(ch) in ("So", "Sk", "Sm") or ord(ch) >= 0x1F000:
        return "emoji and symbols"
    name = unicodedata.name(ch, "")
    word = name.split(" ", 1)[0] if name else "unassigned"
    return word if word in ("CJK", "NKO") else word.capitalize()


def describe_missing(missing: Sequence[str], per_script: int = 24) -> str:
    """ "3 characters could not be printed ...: Thai 2 (U+0E01 U+0E23), ..."
    with at most ``per_script`` code points spelled out for each script."""
    by_script: dict[str, list[str]] = {}
    for ch in missing:
        by_script.setdefault(script_of(ch), []).append(ch)
    parts = []
    for script, chars in sorted(by_script.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        codes = " ".join(f"U+{ord(c):04X}" for c in chars[:per_script])
        more = f" and {len(chars) - per_script} more" if len(chars) > per_script else ""
        parts.append(f"{script} {len(chars)} ({codes}{more})")
    n = len(missing)
    return (
        f"{n} character{'s' if n != 1 else ''} could not be printed, for want of a font "
        f"on this computer that has them (they show as empty boxes): {'; '.join(parts)}."
    )
