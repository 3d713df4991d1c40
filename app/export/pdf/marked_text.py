"""A flowable that draws article text itself, so it knows where every word lands.

Platypus ``Paragraph`` cannot tell where a character range ended up on the
page, and real PDF highlight annotations need exactly that (their QuadPoints).
:class:`MarkedText` breaks a stretch of article text into lines with
the widths of :class:`~app.export.pdf.scripts.Prepared`, paints
backgrounds (match, conflict, annotation), sets the differing values in
bold, inserts small numbered markers ("D3", "N2") and, when drawn, turns
each :class:`Comment` into a ``/Highlight`` annotation over the right
words.  It splits between lines, so a 100-page article flows over as many
pages as it needs.

Offsets are those of ``Article.text``: a flowable holds ``text[base:base+len]``.
Lines are broken in reading order; each line is then drawn in visual order
(right-to-left runs reversed, fonts per run) by ``app.export.pdf.scripts``, and a
paragraph that starts in a right-to-left script is set flush right.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from app.export.pdf.fonts import BOLD
from app.export.pdf.scripts import Prepared
from app.export.pdf.theme import RGB

# Background codes, in rising priority where marks overlap.
BG_NONE, BG_MATCH, BG_CONFLICT, BG_EMPHASIS, BG_ANNOTATION = range(5)
BG_NAMES = {
    BG_MATCH: "match",
    BG_CONFLICT: "conflict",
    BG_EMPHASIS: "emphasis",
    BG_ANNOTATION: "annotation",
}


@dataclass(frozen=True, slots=True)
class Comment:
    """A real PDF highlight annotation to put over some spans of the text."""

    id: str  # unique in the document; becomes /NM
    spans: tuple[tuple[int, int], ...]
    contents: str
    author: str
    colour: RGB


@dataclass(slots=True)
class Marks:
    """Per-character styling of a text: background code and bold flag, plus
    markers inserted after given offsets.  Offsets are absolute (``base``)."""

    base: int
    length: int
    bg: bytearray = field(init=False)
    bold: bytearray = field(init=False)
    markers: dict[int, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.bg = bytearray(self.length)
        self.bold = bytearray(self.length)

    def paint(self, start: int, end: int, code: int, bold: bool = False) -> None:
        s, e = max(start - self.base, 0), min(end - self.base, self.length)
        for i in range(s, e):
            if self.bg[i] < code:
                self.bg[i] = code
        if bold and e > s:
            self.bold[s:e] = b"\x01" * (e - s)

    def sub(self, start: int, end: int) -> Marks:
        """The marks of ``[start, end)`` (absolute offsets) as their own Marks."""
        out = Marks(start, end - start)
        out.bg[:] = self.bg[start - self.base : end - self.base]
        out.bold[:] = self.bold[start - self.base : end - self.base]
        out.markers = self.markers
        return out

    def mark(self, offset: int, label: str) -> None:
        """A marker after the character before ``offset``."""
        self.markers.setdefault(offset, []).append(label)


@dataclass(frozen=True, slots=True)
class Style:
    size: float = 9.5
    leading: float = 13.0
    colour: RGB = (0.1, 0.1, 0.1)
    marker_colour: RGB = (0.7, 0.15, 0.12)
    backgrounds: tuple[tuple[int, RGB], ...] = ()


@dataclass(frozen=True, slots=True)
class _Seg:
    """A run of one style on a line. Markers have start == end."""

    x: float
    width: float
    start: int  # local offsets
    end: int
    text: str
    bold: bool
    bg: int
    marker: bool = False


_Line = tuple[_Seg, ...]


@dataclass(frozen=True, slots=True)
class _Placed:
    """A piece of a segment where it is drawn: visual order, one direction."""

    x: float
    width: float
    seg: _Seg
    start: int
    end: int
    rtl: bool


def _runs(text: str, bold: bytearray, bg: bytearray, start: int, end: int) -> list[tuple[int, int]]:
    """Split [start, end) where the style changes."""
    out = []
    s = start
    for i in range(start + 1, end):
        if bold[i] != bold[i - 1] or bg[i] != bg[i - 1]:
            out.append((s, i))
            s = i
    out.append((s, end))
    return out


def layout(
    text: str, marks: Marks, width: float, style: Style, prepared: Prepared | None = None
) -> list[_Line]:
    """Greedy line breaking at spaces; words wider than a line (URLs, long
    compounds) are broken between characters.  ``\\n`` forces a break."""
    return _LineBreaker(text, marks, width, style.size, prepared or Prepared(text)).lines()


class _LineBreaker:
    """The state of :func:`layout` while it walks the text: the lines done,
    the line being filled and how far it reaches (``x``)."""

    def __init__(
        self, text: str, marks: Marks, width: float, size: float, prepared: Prepared
    ) -> None:
        self.text, self.marks, self.width, self.size, self.prep = text, marks, width, size, prepared
        self.done: list[_Line] = []
        self.cur: list[_Seg] = []
        self.x = 0.0

    def lines(self) -> list[_Line]:
        text, n = self.text, len(self.text)
        i = 0
        self.put_markers(0)
        while i < n:
            if text[i] == "\n":
                self.flush()
                i += 1
                self.put_markers(i)
            elif text[i].isspace():
                i = self.put_spaces(i)
            else:
                i = self.put_word(i)
        if self.cur or not self.done:
            self.flush()
        return self.done

    def put_spaces(self, i: int) -> int:
        """The run of spaces at ``i`` (up to a line break); where it ends."""
        text, n = self.text, len(self.text)
        j = i
        while j < n and text[j].isspace() and text[j] != "\n":
            j += 1
        if self.cur:  # no leading spaces on a line
            self.put(i, j)
        self.put_markers_within(i, j)
        return j

    def put_word(self, i: int) -> int:
        """The word at ``i``, on a new line when it does not fit; where it ends."""
        text, n = self.text, len(self.text)
        j = i
        while j < n and not text[j].isspace():
            j += 1
        ww = self.measure(i, j)
        if self.x + ww > self.width and self.cur:
            self.flush()
        if ww > self.width:
            self.put_broken(i, j)
        else:
            self.put(i, j)
        self.put_markers_within(i, j)
        return j

    def put_broken(self, i: int, j: int) -> None:
        """A word longer than the line: broken between characters."""
        k = i
        while k < j:
            m, used = k, self.x
            while m < j:
                cw = self.measure(m, m + 1)
                if used + cw > self.width and m > k:
                    break
                used += cw
                m += 1
            self.put(k, m)
            k = m
            if k < j:
                self.flush()

    def measure(self, s: int, e: int) -> float:
        marks = self.marks
        total = 0.0
        for a, b in _runs(self.text, marks.bold, marks.bg, s, e):
            total += self.prep.width(a, b, bool(marks.bold[a]), self.size)
        return total

    def flush(self) -> None:
        cur = self.cur
        while cur and not cur[-1].marker and not cur[-1].text.strip():
            cur.pop()  # no trailing spaces
        self.done.append(tuple(cur))
        self.cur, self.x = [], 0.0

    def put(self, s: int, e: int) -> None:
        text, marks, cur = self.text, self.marks, self.cur
        for a, b in _runs(text, marks.bold, marks.bg, s, e):
            bold = bool(marks.bold[a])
            sw = self.prep.width(a, b, bold, self.size)
            last = cur[-1] if cur else None
            if (
                last
                and not last.marker
                and last.end == a
                and (last.bold, last.bg)
                == (
                    bold,
                    marks.bg[a],
                )
            ):  # one run per style on a line: one string to draw and to extract
                cur[-1] = _Seg(
                    last.x, last.width + sw, last.start, b, last.text + text[a:b], bold, last.bg
                )
            else:
                cur.append(_Seg(self.x, sw, a, b, text[a:b], bold, marks.bg[a]))
            self.x += sw

    def put_markers_within(self, i: int, j: int) -> None:
        """The markers attached to offsets inside or at the end of ``[i, j)``."""
        for off in range(i + 1, j + 1):
            if off + self.marks.base in self.marks.markers:
                self.put_markers(off)

    def put_markers(self, offset: int) -> None:
        for label in self.marks.markers.get(offset + self.marks.base, ()):
            mw = stringWidth(label, BOLD, self.size * 0.7) + 1.5
            if self.x + mw > self.width and self.cur:
                self.flush()
            self.cur.append(_Seg(self.x + 0.75, mw, offset, offset, label, True, BG_NONE, True))
            self.x += mw


class MarkedText(Flowable):  # type: ignore[misc]
    """Article text laid out by :func:`layout`; splits between lines."""

    def __init__(
        self,
        text: str,
        marks: Marks,
        style: Style,
        comments: Sequence[Comment] = (),
        *,
        lines: list[_Line] | None = None,
        first_line: int = 0,
        prepared: Prepared | None = None,
    ) -> None:
        super().__init__()
        self.text = text
        self._prepared = prepared  # made at the first wrap, under the export's fonts
        self.marks = marks
        self.style = style
        self.comments = tuple(comments)
        self._lines = lines
        self._fixed = lines is not None  # a split part keeps its lines
        self._width = -1.0
        self._first_line = first_line  # of the whole text, for naming split parts

    # -- platypus protocol -------------------------------------------------
    @property
    def prepared(self) -> Prepared:
        if self._prepared is None:
            self._prepared = Prepared(self.text)
        return self._prepared

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if self._lines is None or (not self._fixed and avail_width != self._width):
            self._lines = layout(self.text, self.marks, avail_width, self.style, self.prepared)
            self._width = avail_width
        self.width = avail_width if self._width < 0 else self._width
        self.height = len(self._lines) * self.style.leading
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        self.wrap(avail_width, avail_height)
        assert self._lines is not None
        fit = int(avail_height // self.style.leading)
        if fit <= 0 or fit >= len(self._lines):
            return []
        head, tail = self._lines[:fit], self._lines[fit:]
        parts = []
        for lines, first in ((head, self._first_line), (tail, self._first_line + fit)):
            part = MarkedText(
                self.text,
                self.marks,
                self.style,
                self.comments,
                lines=lines,
                first_line=first,
                prepared=self.prepared,
            )
            part._width = self._width
            parts.append(part)
        return parts

    def draw(self) -> None:
        assert self._lines is not None
        canv = self.canv
        st = self.style
        backgrounds = dict(st.backgrounds)
        top = self.height
        size = st.size
        rows = [self._placed(line) for line in self._lines]
        for row, placed in enumerate(rows):
            base_y = top - (row + 1) * st.leading + (st.leading - size) / 2 + 0.22 * size
            for p in placed:
                colour = backgrounds.get(p.seg.bg)
                if colour and not p.seg.marker:
                    canv.setFillColorRGB(*colour)
                    canv.rect(p.x, base_y - 0.25 * size, p.width, size * 1.18, stroke=0, fill=1)
            for p in placed:
                if p.seg.marker:
                    canv.setFillColorRGB(*st.marker_colour)
                    canv.setFont(BOLD, size * 0.7)
                    canv.drawString(p.x, base_y + 0.35 * size, p.seg.text)
                else:
                    canv.setFillColorRGB(*st.colour)
                    self._draw_runs(p, base_y)
        self._draw_comments(rows)

    def _draw_runs(self, p: _Placed, y: float) -> None:
        """One piece, cut into runs of one font each."""
        x, size = p.x, self.style.size
        for text, font in self.prepared.runs(p.start, p.end, p.seg.bold, p.rtl):
            self.canv.setFont(font, size)
            self.canv.drawString(x, y, text)
            x += stringWidth(text, font, size)

    def _placed(self, line: _Line) -> list[_Placed]:
        """Where the pieces of a line go: as laid out for left-to-right text
        in one font, else in visual order, flush right in a right-to-left
        paragraph."""
        prep = self.prepared
        if prep.simple:
            return [_Placed(g.x, g.width, g, g.start, g.end, False) for g in line]
        text_segs = [g for g in line if not g.marker]
        if not text_segs:
            return [_Placed(g.x, g.width, g, g.start, g.end, False) for g in line]
        span = (text_segs[0].start, text_segs[-1].end)
        out, x = [], 0.0
        for s, e, rtl, g in prep.visual([(g.start, g.end, g) for g in line], span):
            w = g.width if g.marker else prep.width(s, e, g.bold, self.style.size)
            out.append(_Placed(x + (0.75 if g.marker else 0.0), w, g, s, e, rtl))
            x += w
        shift = max(self._width - x, 0.0) if prep.rtl else 0.0
        return [replace(p, x=p.x + shift) for p in out] if shift else out

    # -- highlight annotations ---------------------------------------------
    def _x_range(self, p: _Placed, start: int, end: int) -> tuple[float, float]:
        """Left and right edge of the characters [start, end) of a piece."""
        a, b = max(start, p.start), min(end, p.end)
        size = self.style.size
        wa = self.prepared.width(p.start, a, p.seg.bold, size) if a > p.start else 0.0
        wb = p.width if b >= p.end else self.prepared.width(p.start, b, p.seg.bold, size)
        if p.rtl:
            return p.x + p.width - wb, p.x + p.width - wa
        return p.x + wa, p.x + wb

    def _line_ranges(self) -> list[tuple[int, int]]:
        """Local [start, end) of the text on each line (empty lines: empty)."""
        assert self._lines is not None
        out = []
        prev = 0
        for line in self._lines:
            text_segs = [g for g in line if not g.marker]
            if text_segs:
                prev = text_segs[-1].end
                out.append((text_segs[0].start, prev))
            else:
                out.append((prev, prev))
        return out

    def _draw_comments(self, rows: list[list[_Placed]]) -> None:
        assert self._lines is not None
        if not self.comments or not self._lines:
            return
        st = self.style
        base = self.marks.base
        ranges = self._line_ranges()
        starts = [r[0] for r in ranges]
        first, last = ranges[0][0], ranges[-1][1]
        for comment in self.comments:
            quads: list[float] = []
            for s_abs, e_abs in comment.spans:
                s, e = s_abs - base, e_abs - base
                if e <= first or s >= last:
                    continue
                for row in range(max(bisect_right(starts, s) - 1, 0), len(ranges)):
                    if ranges[row][0] >= e:
                        break
                    edges = [
                        self._x_range(p, s, e)
                        for p in rows[row]
                        if not p.seg.marker and p.start < e and p.end > s
                    ]
                    if not edges:
                        continue
                    x0, x1 = min(a for a, _ in edges), max(b for _, b in edges)
                    y0 = self.height - (row + 1) * st.leading
                    ax0, ay1 = self.canv.absolutePosition(x0, y0 + st.leading)
                    ax1, ay0 = self.canv.absolutePosition(x1, y0)
                    quads += [ax0, ay1, ax1, ay1, ax0, ay0, ax1, ay0]
            if not quads:
                continue
            begin = min(s for s, _ in comment.spans) - base
            # A highlight cut by a page break is two annotations; the first
            # keeps the comment's id, the others are named "id~line".
            name = comment.id if first <= begin < last else f"{comment.id}~{self._first_line}"
            xs, ys = quads[0::2], quads[1::2]
            annotation = _Highlight(
                (min(xs), min(ys), max(xs), max(ys)),
                comment.contents,
                quads,
                list(comment.colour),
                T=pdfdoc.PDFString(comment.author),
                NM=pdfdoc.PDFString(name),
            )
            self.canv._addAnnotation(annotation, name)
            record_highlight(self.canv, comment.id)


def record_highlight(canv: Any, comment_id: str) -> None:
    """Remember on the canvas which comments were drawn (split ones once)."""
    drawn: set[str] | None = getattr(canv, "crosscheck_highlights", None)
    if drawn is None:
        drawn = set()
        canv.crosscheck_highlights = drawn
    drawn.add(comment_id)


def drawn_highlights(canv: Any) -> set[str]:
    return set(getattr(canv, "crosscheck_highlights", ()))


class _Highlight(pdfdoc.HighlightAnnotation):  # type: ignore[misc]
    """reportlab's highlight annotation, also allowed a unique name (/NM)."""

    permitted = (*pdfdoc.HighlightAnnotation.permitted, "NM")
