"""Small building blocks shared by the sections: styles, escaping, bookmarks."""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

from app.pdf.fonts import BOLD, REGULAR
from app.pdf.marked_text import (
    BG_ANNOTATION,
    BG_CONFLICT,
    BG_EMPHASIS,
    BG_MATCH,
    Style,
)
from app.pdf.theme import RGB, Theme
from app.safe_text import replace_undecodable


def esc(text: str) -> str:
    """Article or note text made safe for a Paragraph: ``<b>`` and ``&`` print
    literally, line breaks are kept, a file name's stray bytes print as \ufffd."""
    return escape(replace_undecodable(text)).replace("\n", "<br/>")


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
    return [Bookmark(key, title, level), Paragraph(esc(title), style)]


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"
