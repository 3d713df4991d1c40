"""A web page (``.html``, ``.htm``, or pasted HTML): the article's text (read
by ``html_article``), its title (``<h1>`` in the article, og:title, JSON-LD
headline, ``<title>`` without the site name), its published date (meta tags,
JSON-LD, ``<time>``) and the address it gives itself.  Nothing is ever
fetched and no external entity or DTD is resolved."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import TYPE_CHECKING, Any

from app.dates import parse_date_string
from app.errors import one_paragraph
from app.importing.decode import decode_bytes
from app.importing.extracted import FORMAT_HTML, Extracted
from app.importing.refusals import Ctx
from app.importing.sniff import XML_DECLARATION, ensure_textual
from app.importing.titles import clean_title, strip_site_suffix

if TYPE_CHECKING:
    from app.importing.html_article import PageText

_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# A doctype with an internal subset: libxml2's HTML parser would show "]>" as text.
# Removed, never read: its entities are never expanded.
_DOCTYPE_SUBSET = re.compile(r"<!DOCTYPE[^>\[]*\[.*?\]\s*>", re.I | re.S)

_META_DATE_KEYS = (
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "date",
    "sailthru.date",
    "parsely-pub-date",
    "citation_publication_date",
)
_WS = re.compile(r"\s+")


def _declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    return match[1].decode("ascii") if match else None


def _text_of(el: Any) -> str:
    return str(_WS.sub(" ", el.text_content()).strip())


def read_html(data: bytes, ctx: Ctx) -> Extracted:
    decoded = decode_bytes(data, _declared_charset(data))
    source, encoding = decoded.text, decoded.encoding
    ensure_textual(ctx, source)
    source = XML_DECLARATION.sub("", source, count=1)
    source = _DOCTYPE_SUBSET.sub("", source[:100_000], count=1) + source[100_000:]
    result = Extracted(
        FORMAT_HTML,
        "",
        encoding,
        empty_why="the page holds no article text, only markup, scripts or navigation",
        bad=decoded.bad,
    )
    if not source.strip():
        return result
    from app.importing.html_article import parse_page, read_article

    page = parse_page(source)
    if page is None:
        return result
    root = page.root
    meta = _html_meta(root)
    ld_headline, ld_published = _json_ld(root)
    any_h1 = next((t for h in root.iter("h1") if (t := _text_of(h))), "")
    title_tag = next((t for h in root.iter("title") if (t := _text_of(h))), "")
    published = _html_meta_date(root, meta) or ld_published

    article = read_article(page, source)
    container = article.container
    if published is None:
        published = _html_time(root, container)

    in_article_h1 = next((t for h in container.iter("h1") if (t := _text_of(h))), "")
    has_h1 = bool(in_article_h1 or any_h1)
    title = (
        in_article_h1
        or strip_site_suffix(meta.get("og:title", ""), has_h1)
        or strip_site_suffix(meta.get("twitter:title", ""), has_h1)
        or ld_headline
        or strip_site_suffix(title_tag, has_h1)
        or any_h1
    )
    result.text = "\n\n".join(article.blocks)
    result.title = clean_title(title) or None
    result.published = published
    result.notes = _html_notes(ctx, article)
    result.url = _page_url(root, meta)
    return result


def _page_url(root: Any, meta: dict[str, str]) -> str:
    """The address the page gives itself: ``<base href>`` (what browsers put
    in copied HTML, when they do), the canonical link, og:url; absolute
    http(s) addresses only."""
    candidates = [el.get("href") or "" for el in root.iter("base")]
    candidates += [
        el.get("href") or ""
        for el in root.iter("link")
        if "canonical" in (el.get("rel") or "").lower().split()
    ]
    candidates.append(meta.get("og:url", ""))
    return next((url for c in candidates if (url := web_address(c))), "")


_WEB_ADDRESS = re.compile(r"https?://[^\s/?#]+[^\s]*", re.I)


def web_address(text: str) -> str:
    """``text`` when it is one absolute http(s) address, else ""."""
    text = text.strip()
    return text if len(text) <= 2048 and _WEB_ADDRESS.fullmatch(text) else ""


def _html_notes(ctx: Ctx, article: PageText) -> tuple[str, ...]:
    """What the reader of the page should know: text read without the page's
    structure, or prose of the page left out of the article."""
    from app.importing.html_article import MAX_DEPTH

    if article.stopped:
        why = (
            f"its elements are nested more than {MAX_DEPTH:,} levels deep, deeper than the "
            "HTML reader follows"
            if "depth" in article.stopped.lower()
            else f"the HTML reader stopped before the end of the page ({article.stopped})"
        )
        return (
            one_paragraph(
                f"{ctx.quoted} was read as plain text, without telling its article from "
                "menus, captions or comments",
                f"{why}, so all {article.words:,} words of the page's visible text were kept",
                "Check the text; if it holds more than the article, copy the article into a "
                ".txt file and import that",
            ),
        )
    if not article.much_left_out:
        return ()
    words = "1 word" if article.left_out == 1 else f"{article.left_out:,} words"
    start = f', and starts "{article.left_out_sample} …"' if article.left_out_sample else ""
    return (
        one_paragraph(
            f"{ctx.quoted} may be missing part of its article: {words} of text on the page "
            "were left out of it",
            f"Crosscheck kept the {article.words:,} words of the part of the page that reads "
            f"as the article; the text left out is prose, not menus or lists of links{start}",
            "Open the page in a browser and compare; if the article is cut short, copy all "
            "of it into a .txt file and import that",
        ),
    )


def _html_meta(root: Any) -> dict[str, str]:
    meta: dict[str, str] = {}
    for el in root.iter("meta"):
        key = el.get("property") or el.get("name") or el.get("itemprop") or ""
        content = el.get("content")
        key = key.strip().lower()
        if key and content and key not in meta:
            meta[key] = content.strip()
    return meta


def _html_meta_date(root: Any, meta: dict[str, str]) -> date | None:
    for key in _META_DATE_KEYS:
        if key in meta:
            found = parse_date_string(meta[key])
            if found is not None:
                return found
    for el in root.iter():
        if (el.get("itemprop") or "").lower() == "datepublished":
            value = el.get("content") or el.get("datetime") or _text_of(el)
            found = parse_date_string(value)
            if found is not None:
                return found
    return None


def _json_ld(root: Any) -> tuple[str, date | None]:
    """headline and datePublished from JSON-LD (schema.org NewsArticle and friends)."""
    headline = ""
    published: date | None = None
    for script in root.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        raw = script.text or ""
        if len(raw) > 1_000_000:
            continue
        try:
            stack: list[Any] = [json.loads(raw)]
        except (ValueError, RecursionError):
            continue
        visited = 0
        while stack and visited < 10_000:
            item = stack.pop()
            visited += 1
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                value = item.get("datePublished")
                if published is None and isinstance(value, str):
                    published = parse_date_string(value)
                value = item.get("headline")
                if not headline and isinstance(value, str):
                    headline = value.strip()
                stack.extend(reversed([v for v in item.values() if isinstance(v, list | dict)]))
    return headline, published


def _html_time(root: Any, container: Any) -> date | None:
    """<time pubdate> anywhere, else the first <time datetime> in the article."""
    for el in root.iter("time"):
        if el.get("pubdate") is not None:
            found = parse_date_string(el.get("datetime") or _text_of(el))
            if found is not None:
                return found
    for el in container.iter("time"):
        value = el.get("datetime")
        if value:
            found = parse_date_string(value)
            if found is not None:
                return found
    return None
