"""Plain text and Markdown.  Markdown is kept as written, minus pure-markup
lines (horizontal rules, setext underlines) and front matter; its title is
the first ``#`` heading or the front matter's, its date the front matter's."""

from __future__ import annotations

import re

from app.dates import parse_date_string
from app.importing.canonical import normalize_text
from app.importing.decode import decode_bytes
from app.importing.extracted import FORMAT_MARKDOWN, FORMAT_TEXT, Extracted
from app.importing.refusals import Ctx
from app.importing.sniff import ensure_textual
from app.importing.titles import clean_title, md_inline


def read_plain(data: bytes, ctx: Ctx) -> Extracted:
    decoded = decode_bytes(data, declared=None)
    ensure_textual(ctx, decoded.text)
    return Extracted(FORMAT_TEXT, decoded.text, decoded.encoding, bad=decoded.bad)


_FENCE = re.compile(r"^ {0,3}(?:```|~~~)")
_ATX_H1 = re.compile(r"^ {0,3}#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$")
_SETEXT_H1 = re.compile(r"^ {0,3}=+[ \t]*$")
_MARKUP_LINE = re.compile(
    r"^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}|={3,}[ \t]*)$"
)
_FRONT_FIELD = re.compile(r"^([A-Za-z][\w-]*)\s*[:=]\s*(.*?)\s*$")


def read_markdown(data: bytes, ctx: Ctx) -> Extracted:
    decoded = decode_bytes(data, declared=None)
    raw, encoding = decoded.text, decoded.encoding
    ensure_textual(ctx, raw)
    text = normalize_text(raw)
    front, text = _split_front_matter(text)
    lines = text.split("\n")
    heading: str | None = None
    kept: list[str] = []
    in_fence = False
    for i, line in enumerate(lines):
        if _FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence:
            if heading is None:
                match = _ATX_H1.match(line)
                if match:
                    heading = match[1]
                elif (
                    line.strip()
                    and i + 1 < len(lines)
                    and _SETEXT_H1.match(lines[i + 1])
                    and not _MARKUP_LINE.match(line)
                ):
                    heading = line.strip()
            if _MARKUP_LINE.match(line):
                continue
        kept.append(line)
    title_source = heading if heading is not None else front.get("title")
    title = clean_title(md_inline(title_source)) if title_source else None
    published = None
    for key in ("date", "published", "pubdate", "publishdate", "published_at"):
        if key in front:
            published = parse_date_string(front[key])
            if published is not None:
                break
    return Extracted(
        FORMAT_MARKDOWN, "\n".join(kept), encoding, title or None, published, bad=decoded.bad
    )


def _split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """YAML (``---``) or TOML (``+++``) front matter: its simple fields, and the rest."""
    lines = text.split("\n", 201)
    if not lines or lines[0].strip() not in ("---", "+++"):
        return {}, text
    fence = lines[0].strip()
    closers = {fence, "..."} if fence == "---" else {fence}
    for end in range(1, min(len(lines), 200)):
        if lines[end].strip() in closers:
            fields: dict[str, str] = {}
            for line in lines[1:end]:
                match = _FRONT_FIELD.match(line)
                if match and match[1].lower() not in fields:
                    fields[match[1].lower()] = match[2].strip().strip("\"'")
            return fields, "\n".join(lines[end + 1 :])
    return {}, text
