"""Title and published date from an article's text itself, and the clean-up
every title gets (whatever format named it).

Title: the first line when it reads like a headline (date lines skipped),
else the first line cut at a word (``first_line_title``).  Published date: a
wire dateline with a year, else the date line nearest the body at the top.
Never a file's creation date: that is not when the article was published."""

from __future__ import annotations

import re
from datetime import date

from app.dates import parse_date_string, parse_month
from app.importing.canonical import normalize_text

_TITLE_MAX_CHARS = 200
_DATELINE_WINDOW = 15  # non-empty lines at the top searched for a dateline
_BODY_WORDS = 25  # a line this long is a body paragraph

_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(?<!\w)[*_](\S(?:[^*_]*?\S)?)[*_](?!\w)")


def md_inline(text: str) -> str:
    """Markdown inline markup off a title: links, emphasis, code."""
    text = _MD_LINK.sub(r"\1", text)
    for mark in ("**", "__", "`"):
        text = text.replace(mark, "")
    text = _MD_EMPHASIS.sub(r"\1", text)
    return text.strip().strip("*_").strip()


_NOT_A_TITLE_END = (".", ",", ";", ":")
CLOSERS = "\"'”’)]»*_"


def clean_title(title: str | None) -> str:
    if not title:
        return ""
    title = " ".join(normalize_text(title).split())
    if len(title) > 300:
        title = title[:300].rsplit(" ", 1)[0] + "…"
    return title


def title_from_text(text: str) -> str:
    """The first non-empty line, if it reads like a headline (dates skipped)."""
    for count, line in enumerate(text.split("\n", 60)):
        if count >= 60:
            break
        candidate = line.strip().lstrip("#").strip()
        if not candidate or _date_line(candidate) is not None:
            continue
        candidate = md_inline(candidate)
        core = candidate.rstrip(CLOSERS)
        if len(candidate) <= _TITLE_MAX_CHARS and core and not core.endswith(_NOT_A_TITLE_END):
            return clean_title(candidate)
        return ""
    return ""


FIRST_LINE_CHARS = 160  # a first line standing in for a title is cut here


def first_line_title(text: str, limit: int = FIRST_LINE_CHARS) -> str:
    """The text's first line, cut at a word before ``limit`` characters: what
    stands for a title when the text has no headline line (a reader knows an
    article by its words, not by its file's name)."""
    lines = (" ".join(line.split()) for line in text.split("\n", 60)[:60])
    first = next((line for line in lines if line and _date_line(line) is None), "")
    if len(first) > limit:
        first = first[: limit - 1].rsplit(" ", 1)[0] + "…"
    return first


_DECORATION = " \t*_#>"
_SEGMENT_SPLIT = re.compile(r"\s*[|•·]\s*")
_WIRE_DATELINE = re.compile(
    r"^[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,3}"  # BAGHDAD, NEW YORK, ST. LOUIS
    r"(?:,\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2})?"  # , Iraq  /  , N.Y.
    r",?\s+(?P<month>[A-Za-z]{3,9})\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?"
    r"(?:,?\s+(?P<year>\d{4}))?"
    r"\s*(?:\([^()\n]{1,40}\)\s*)?[-–—]"
)


def _date_line(line: str) -> date | None:
    """The date a line consists of (decorations, labels and bylines allowed)."""
    line = line.strip(_DECORATION)
    if not line or len(line) > 120:
        return None
    found = parse_date_string(line)
    if found is not None:
        return found
    # "Published Jan 5, 2024 | Updated Jan 6, 2024", "By Staff · Jan 5, 2024".
    segments = [s for s in _SEGMENT_SPLIT.split(line) if s]
    if len(segments) < 2:
        return None
    dates: list[date] = []
    for segment in segments:
        if segment.lower().startswith("by "):
            continue
        parsed = parse_date_string(segment.strip(_DECORATION))
        if parsed is None:
            return None
        dates.append(parsed)
    return dates[0] if dates else None


def _wire_dateline(line: str) -> date | None:
    """The date of a wire dateline ("WASHINGTON, Jan. 5, 2024 (Reuters) -") with a year."""
    match = _WIRE_DATELINE.match(line)
    if match is None or match["year"] is None:
        return None
    month = parse_month(match["month"])
    if month is None:
        return None
    try:
        return date(int(match["year"]), month, int(match["day"]))
    except ValueError:
        return None


def _head_lines(text: str, count: int) -> list[str]:
    """The first ``count`` non-empty lines, stripped, without splitting all the text."""
    lines: list[str] = []
    pos = 0
    while len(lines) < count and pos <= len(text):
        end = text.find("\n", pos)
        if end < 0:
            end = len(text)
        line = text[pos:end].strip()
        if line:
            lines.append(line)
        pos = end + 1
    return lines


def find_published(text: str) -> date | None:
    """A dateline near the top of the text.

    A wire dateline with a year ("BAGHDAD, Jan. 5, 2024 (AP) -") wins.  Then,
    among the standalone date lines in the first lines, the last one that still
    has a body paragraph (25+ words) after it: sites often print today's date
    in the page header, above the headline, the byline, a blurb and the real
    date of the article.  Failing that, the date line closest to the top of the
    body.
    """
    lines = _head_lines(text, 2 * _DATELINE_WINDOW)
    is_body = [len(line.split()) >= _BODY_WORDS for line in lines]
    dates: list[tuple[int, date]] = []
    for index, line in enumerate(lines[:_DATELINE_WINDOW]):
        found = _date_line(line)
        if found is not None:
            dates.append((index, found))
            continue
        wire = _wire_dateline(line)
        if wire is not None:
            return wire
    if not dates:
        return None
    last_body = max((i for i, body in enumerate(is_body) if body), default=-1)
    before_body = [found for index, found in dates if index < last_body]
    if before_body:
        return before_body[-1]
    if last_body >= 0:
        return dates[0][1]  # only after the body: the first such line
    return dates[-1][1]  # no long paragraph at all: the one nearest the text


_TITLE_SEPARATORS = (" | ", " – ", " — ", " - ", " :: ", " · ")
_WS = re.compile(r"\s+")


def strip_site_suffix(title: str, has_h1: bool) -> str:
    """Cut a site name off a title: "Headline | Site" -> "Headline".

    " | " always; " - ", " – " and the like only when the page has an <h1>,
    since a headline itself may contain a dash.
    """
    title = _WS.sub(" ", title).strip()
    for _ in range(3):
        for separator in _TITLE_SEPARATORS:
            if separator not in title or (separator != " | " and not has_h1):
                continue
            head, _sep, tail = title.rpartition(separator)
            if head.strip() and len(tail.split()) <= 5:
                title = head.strip()
                break
        else:
            break
    return title
