"""Small building blocks shared by the sections: styles, escaping, bookmarks."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

from app.export.pdf.fonts import BOLD, REGULAR
from app.export.pdf.marked_text import (
    BG_ANNOTATION,
    BG_CONFLICT,
    BG_EMPHASIS,
    BG_MATCH,
    MarkedText,
    Marks,
    Style,
)
from app.export.pdf.scripts import markup
from app.export.pdf.theme import RGB, Theme
from app.safe_text import replace_undecodable


def esc(text: str, bold: bool = False) -> str:
    """Article or note text made safe for a Paragraph: ``<b>`` and ``&`` print
    literally, line breaks are kept, a file name's stray bytes print as \ufffd,
    other scripts in the fonts that have them (``app.export.pdf.scripts``).  ``bold``:
    the text sits in bold."""
    return markup(replace_undecodable(text), bold)


def plain(text: str, style: Style, bold_prefix: int = 0) -> MarkedText:
    """Text a reporter wrote (a note, a claim) laid out line by line, so
    right-to-left text reads right on every line; the first ``bold_prefix``
    characters in bold."""
    marks = Marks(0, len(text))
    if bold_prefix:
        marks.paint(0, bold_prefix, 0, bold=True)
    return MarkedText(replace_undecodable(text), marks, style)


def colour(rgb: RGB) -> Color:
    return Color(*rgb)


@dataclass(frozen=True, slots=True)
class Styles:
    title: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    muted: ParagraphStyle
    cell: ParagraphStyle
    text: Style  # full texts
    excerpt: Style  # excerpts in tables and quotes


def make_styles(theme: Theme) -> Styles:
    ink, muted = colour(theme.ink["text"]), colour(theme.ink["muted"])
    body = ParagraphStyle("body", fontName=REGULAR, fontSize=9.5, leading=13, textColor=ink)
    bg = theme.background
    backgrounds = (
        (BG_MATCH, bg["match"]),
        (BG_CONFLICT, bg["conflict"]),
        (BG_EMPHASIS, bg["emphasis"]),
        (BG_ANNOTATION, bg["annotation"]),
    )
    return Styles(
        title=ParagraphStyle(
            "title", parent=body, fontName=BOLD, fontSize=20, leading=25, spaceAfter=6
        ),
        h1=ParagraphStyle(
            "h1", parent=body, fontName=BOLD, fontSize=15, leading=19, spaceBefore=4, spaceAfter=8
        ),
        h2=ParagraphStyle(
            "h2", parent=body, fontName=BOLD, fontSize=11.5, leading=15, spaceBefore=8, spaceAfter=4
        ),
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=8.5, leading=11),
        muted=ParagraphStyle("muted", parent=body, fontSize=8.5, leading=11, textColor=muted),
        cell=ParagraphStyle("cell", parent=body, fontSize=8.5, leading=11),
        text=Style(
            size=9.5,
            leading=13.5,
            colour=theme.ink["text"],
            marker_colour=theme.ink["marker"],
            backgrounds=backgrounds,
        ),
        excerpt=Style(
            size=8.5,
            leading=11.5,
            colour=theme.ink["text"],
            marker_colour=theme.ink["marker"],
            backgrounds=backgrounds,
        ),
    )


class Bookmark(Flowable):  # type: ignore[misc]
    """An invisible flowable that puts a PDF outline entry where it lands."""

    def __init__(self, key: str, title: str, level: int = 0) -> None:
        super().__init__()
        self.key, self.title, self.level = key, title, level
        self.width = self.height = 0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.bookmarkPage(self.key)
        self.canv.addOutlineEntry(self.title, self.key, level=self.level, closed=False)


def heading(key: str, title: str, style: ParagraphStyle, level: int = 0) -> list[Flowable]:
    return [Bookmark(key, title, level), Paragraph(esc(title, bold=True), style)]
