"""The article in a web page, read whole, and what of the page it leaves out.

lxml (libxml2) parses the page; the article is its main content without
navigation, page header and footer, asides, ads, scripts and forms: the
<article>, the <main>, or else the element holding most paragraph text
(readability-style).  Text is never lost without the importer being told:

- the tree is built whole: libxml2 may nest 2,048 levels (its default stops
  at 256 and drops the rest of the page), the end tags of <body> and <html>
  are ignored as browsers do (libxml2 drops whatever follows </html>), and
  void elements it lets swallow what follows (a bare <embed>) are emptied;
- a page the parser stops reading (one nested deeper still) is read flat, as
  the paragraphs of its visible text, and ``PageText.stopped`` says so;
- the article's words are compared with the page's visible text:
  ``PageText.left_out`` counts the words of prose the article leaves out,
  apart from short blocks, link lists and labelled page furniture (menus,
  asides, comments, related links...).

Every walk over the tree is iterative (lxml's iterwalk or an explicit stack),
so a page nested 2,000 levels deep needs no more Python stack than a flat one,
and each walk visits an element once: a deep page costs what a flat one does.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

__all__ = ["MAX_DEPTH", "PageText", "ParsedPage", "parse_page", "read_article"]

#: How deep libxml2's HTML parser nests elements when allowed (huge_tree).
MAX_DEPTH = 2048

_ALWAYS_DROP = frozenset(
    {
        "script", "style", "noscript", "template", "iframe", "frame", "frameset",
        "object", "embed", "svg", "canvas", "button", "select", "textarea", "input",
        "option", "link", "meta", "head", "title", "video", "audio",
    }
)  # fmt: skip
# Never shown by a browser (raw text, metadata, fallbacks for what no longer
# exists): skipped by the count of visible text, never kept.
_NEVER_SHOWN = frozenset(
    {
        "script", "style", "noscript", "template", "iframe", "frame", "noembed",
        "noframes", "head", "title", "meta", "link",
    }
)  # fmt: skip
_STRUCTURAL_DROP = frozenset({"nav", "aside", "footer", "form", "dialog", "menu"})
_ROLE_DROP = frozenset(
    {
        "navigation", "banner", "contentinfo", "complementary", "search", "dialog",
        "alertdialog", "menu", "menubar",
    }
)  # fmt: skip
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_BOILERPLATE_TOKENS = frozenset(
    {
        "share", "sharing", "social", "newsletter", "advert", "advertisement", "ad", "ads",
        "promo", "related", "subscribe", "subscription", "cookie", "cookies", "consent",
        "paywall", "comments", "breadcrumb", "breadcrumbs",
    }
)  # fmt: skip
# Names that mark page furniture whose prose is no loss to the article: only
# used to keep such text out of the count of what was left out, never to drop.
_FURNITURE_TOKENS = _BOILERPLATE_TOKENS | frozenset(
    {"comment", "sidebar", "footer", "nav", "navigation", "menu", "masthead", "widget"}
)
_TOKEN_SPLIT = re.compile(r"[\s_-]+")
_BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd",
        "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure",
        "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html",
        "legend", "li", "main", "nav", "ol", "p", "section", "summary", "table", "tbody",
        "td", "tfoot", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
# Void elements libxml2 2.14 lets hold what follows them when they are not
# closed, as HTML never closes them ("<embed src=...><p>...").
_SWALLOWING_VOIDS = ("embed", "source", "track", "wbr", "keygen", "bgsound", "image")
_WS = re.compile(r"\s+")

# An element dropped for what it usually is (a player, a plugin, a button)
# that holds this many characters of paragraphs holds the page's text: an
# unclosed <object> or <video> wraps the rest of the article.
_PROSE_CHARS = 200
# A left-out block shorter than this is a label, a menu item or a credit.
_SHORT_BLOCK_WORDS = 7
# At least this share of a left-out block's words in links: a list of links.
_LINK_HEAVY = 0.5
# "Much" left out: this many words, and this share of the article's words.
_MUCH_LEFT_OUT_WORDS = 50
_MUCH_LEFT_OUT_SHARE = 0.15
_SAMPLE_WORDS = 12


@dataclass(frozen=True, slots=True)
class ParsedPage:
    """A parsed page; ``stopped`` is libxml2's message when it stopped early."""

    root: Any
    stopped: str = ""


@dataclass(slots=True)
class PageText:
    """The article's blocks (paragraphs, with ``\\n`` between lines) and how
    much of the page's prose they leave out.

    ``container``: the element the article was taken from.  ``stopped``:
    why the parser stopped before the end of the page, whose ``blocks`` then
    hold all its visible text, menus and all, read from its tags alone.
    ``left_out``: words of visible prose missing from the article;
    ``left_out_sample``: the first words of the first such block.
    """

    blocks: list[str]
    container: Any
    stopped: str = ""
    left_out: int = 0
    left_out_sample: str = ""
    words: int = field(init=False)

    def __post_init__(self) -> None:
        self.words = sum(len(block.split()) for block in self.blocks)

    @property
    def much_left_out(self) -> bool:
        return (
            self.left_out >= _MUCH_LEFT_OUT_WORDS
            and self.left_out >= _MUCH_LEFT_OUT_SHARE * self.words
        )


_END_OF_DOCUMENT = re.compile(r"</(?:body|html)\b[^>]*>", re.I)


def parse_page(source: str) -> ParsedPage | None:
    """The page's tree, or None when libxml2 finds no document at all."""
    from lxml import etree
    from lxml import html as lxml_html

    # libxml2's HTML parser never loads DTDs or external entities and never
    # expands entities a document defines; no_network makes sure nothing is
    # fetched.  huge_tree lifts its depth and size limits, which guard against
    # XML entity expansion, not an issue here, and the source is at most 50 MB.
    parser = lxml_html.HTMLParser(
        remove_comments=True, remove_pis=True, no_network=True, recover=True, huge_tree=True
    )
    try:
        root = lxml_html.document_fromstring(_END_OF_DOCUMENT.sub("", source), parser=parser)
    except (etree.LxmlError, ValueError):
        return None
    fatal = parser.error_log.filter_from_fatals()
    _unnest_voids(root)
    return ParsedPage(root, fatal[0].message.strip() if fatal else "")


def read_article(page: ParsedPage, source: str) -> PageText:
    """The article of a parsed page (its tree is changed: page furniture is cut off)."""
    root = page.root
    body = root.find("body")
    if body is None:
        body = root
    if page.stopped:
        return PageText(flat_blocks(source), body, stopped=page.stopped)
    visible = _VisibleText()
    visible.read(body)
    _drop_chrome(body)
    container = _main_container(body)
    _drop_boilerplate(container)
    text = PageText(_html_blocks(container), container)
    text.left_out, text.left_out_sample = visible.left_out(text.blocks)
    return text


def _tag(el: Any) -> str:
    tag = el.tag
    return tag.lower() if isinstance(tag, str) else ""


def _unnest_voids(root: Any) -> None:
    for el in [el for el in root.iter(*_SWALLOWING_VOIDS) if len(el) or el.text]:
        after = el.tail
        el.tail, el.text = el.text, None
        children = list(el)
        for child in reversed(children):
            el.addnext(child)  # lands after el's tail, which now holds el's text
        last = children[-1] if children else el
        last.tail = ((last.tail or "") + (after or "")) or None


def _is_hidden(el: Any) -> bool:
    return (
        el.get("hidden") is not None
        or (el.get("aria-hidden") or "").lower() == "true"
        or bool(_HIDDEN_STYLE.search(el.get("style") or ""))
    )


def _name_tokens(el: Any) -> set[str]:
    names = f"{el.get('class') or ''} {el.get('id') or ''}".lower().strip()
    return set(_TOKEN_SPLIT.split(names)) if names else set()


def _is_structural_chrome(el: Any, tag: str, in_article: bool) -> bool:
    """Navigation, asides, page header and footer, forms, by tag or role.

    A <header> inside an <article> is the article's own (headline, byline, date).
    """
    return (
        tag in _STRUCTURAL_DROP
        or (el.get("role") or "").lower() in _ROLE_DROP
        or (tag == "header" and not in_article)
    )


def _is_furniture(el: Any, tag: str, in_article: bool) -> bool:
    """Page furniture by tag, role or name: navigation, asides, comments, ads..."""
    return _is_structural_chrome(el, tag, in_article) or bool(_name_tokens(el) & _FURNITURE_TOKENS)


def _p_lengths(top: Any) -> dict[Any, int]:
    """Characters of paragraph text under each element that has any, ``top``
    included, in one pass (not one pass per element asked about)."""
    from lxml import etree

    lengths: dict[Any, int] = {}
    sums: list[int] = []
    walker = etree.iterwalk(top, events=("start", "end"))
    for event, el in walker:
        if event == "start":
            if _tag(el) == "p":
                sums.append(len(el.text_content().strip()))
                walker.skip_subtree()
            else:
                sums.append(0)
            continue
        total = sums.pop()
        if total:
            lengths[el] = total
            if sums:
                sums[-1] += total
    return lengths


def _drop_chrome(body: Any) -> None:
    """Drop scripts, players, navigation, page header and footer, asides,
    forms and hidden parts.

    An element that holds most of the page's paragraph text is kept whatever
    it is called (some sites wrap the whole page in a <form> or misuse
    <aside>), and a player or plugin that holds paragraphs loses only its tag.
    """
    from lxml import etree

    lengths = _p_lengths(body)
    total = lengths.get(body, 0)
    doomed: list[Any] = []
    unwrapped: list[Any] = []
    articles = 0  # <article> elements open around the current one
    walker = etree.iterwalk(body, events=("start", "end"))
    for event, el in walker:
        tag = _tag(el)
        if tag == "article":
            articles += 1 if event == "start" else -1
        if event == "end" or el is body or not tag:
            continue
        if tag in _ALWAYS_DROP:
            if tag in _NEVER_SHOWN or lengths.get(el, 0) < _PROSE_CHARS:
                doomed.append(el)
                walker.skip_subtree()
            else:
                unwrapped.append(el)
        elif (_is_structural_chrome(el, tag, articles > 0) or _is_hidden(el)) and not (
            total and lengths.get(el, 0) * 2 > total
        ):
            doomed.append(el)
            walker.skip_subtree()
    for el in doomed:
        el.drop_tree()
    for el in unwrapped:
        el.drop_tag()


def _main_container(body: Any) -> Any:
    """<article>, else <main>, else the element holding most paragraph text."""
    lengths = _p_lengths(body)
    total = lengths.get(body, 0)
    for group in (
        list(body.iter("article")),
        [el for el in body.iter() if _tag(el) == "main" or el.get("role") == "main"],
    ):
        if not group:
            continue
        best = max(group, key=lambda el: lengths.get(el, 0))
        if total == 0 or lengths.get(best, 0) * 2 >= total:
            return best
    scores: dict[Any, float] = {}
    for p in body.iter("p"):
        length = lengths.get(p, 0)
        if length < 25:
            continue
        parent = p.getparent()
        if parent is None:
            continue
        scores[parent] = scores.get(parent, 0.0) + length
        grandparent = parent.getparent()
        if grandparent is not None:
            scores[grandparent] = scores.get(grandparent, 0.0) + length / 2
    if not scores:
        return body
    best = max(scores, key=lambda el: scores[el])
    # An article body split into several blocks (ad slots between them):
    # climb while the parent holds much more of the paragraph text.
    while best is not body:
        parent = best.getparent()
        if parent is None or lengths.get(best, 0) >= 0.6 * lengths.get(parent, 0):
            break
        best = parent
    return best


def _drop_boilerplate(container: Any) -> None:
    """Share bars, newsletter boxes, ads, related links inside the article."""
    from lxml import etree

    named: list[tuple[Any, int]] = []
    sums: list[int] = []
    total = 0
    for event, el in etree.iterwalk(container, events=("start", "end")):
        if event == "start":
            sums.append(len(el.text or ""))
            continue
        total = sums.pop()
        if sums:
            sums[-1] += total + len(el.tail or "")
        if el is not container and _tag(el) and _name_tokens(el) & _BOILERPLATE_TOKENS:
            named.append((el, total))
    # ``total`` is now the container's: the walk ends on it.
    for el, length in named:
        if length * 2 < total:
            el.drop_tree()


class _BlockWriter:
    """Collects text into blocks (paragraphs) and lines (<br>) inside blocks."""

    def __init__(self) -> None:
        self.blocks: list[str] = []
        self._lines: list[str] = []
        self._buffer: list[str] = []

    def add(self, text: str | None) -> None:
        if text:
            self._buffer.append(text)

    def line_break(self) -> None:
        self._lines.append(_WS.sub(" ", "".join(self._buffer)).strip())
        self._buffer = []

    def end_block(self) -> None:
        self.line_break()
        block = "\n".join(line for line in self._lines if line)
        if block:
            self.blocks.append(block)
        self._lines = []

    def add_block(self, raw: str) -> None:
        self.end_block()
        raw = raw.strip("\n")
        if raw.strip():
            self.blocks.append(raw)


def _html_blocks(container: Any) -> list[str]:
    writer = _BlockWriter()
    stack: list[tuple[Any, bool]] = [(container, False)]
    while stack:
        el, closing = stack.pop()
        tag = _tag(el)
        if closing:
            if tag in _BLOCK_TAGS:
                writer.end_block()
            if el is not container:
                writer.add(el.tail)
            continue
        if not tag or tag in ("br", "pre", "hr"):
            if tag == "br":
                writer.line_break()
            elif tag == "pre":
                writer.add_block(el.text_content())
            elif tag == "hr":
                writer.end_block()
            if el is not container:
                writer.add(el.tail)
            continue
        if tag in _BLOCK_TAGS:
            writer.end_block()
        writer.add(el.text)
        stack.append((el, True))
        stack.extend((child, False) for child in reversed(el))
    writer.end_block()
    return writer.blocks


# ---------------------------------------------------------------------------
# The page's visible text, against which the article is measured


@dataclass(frozen=True, slots=True)
class _Context:
    """Where a piece of text sits: in a link? in which piece of page furniture
    (-1: none)? in an <article>?"""

    link: bool = False
    region: int = -1
    article: bool = False


class _VisibleText:
    """The words of the page's visible prose, block by block.

    A block is left out of the count when it is short (a label, a menu item)
    or mostly links (a menu, a list of related stories).  A block mostly in
    page furniture (navigation, asides, page header and footer, comments,
    ads) counts only when its piece of furniture holds more words than the
    article: then the labels have misled the choice of the article.
    """

    def __init__(self) -> None:
        self.words: Counter[str] = Counter()
        self.furniture: list[Counter[str]] = []  # by region
        # (region, key, first words) of every counted block, in page order.
        self.blocks: list[tuple[int, int, str]] = []
        self._words: list[str] = []
        self._linked = 0
        self._furnished = 0
        self._region = -1

    def read(self, body: Any) -> None:
        from lxml import etree

        contexts = [_Context()]
        walker = etree.iterwalk(body, events=("start", "end"))
        for event, el in walker:
            tag = _tag(el)
            if event == "start":
                if tag in _BLOCK_TAGS or tag in ("pre", "hr"):
                    self._end_block()
                contexts.append(self._enter(contexts[-1], el, tag))
                if tag in _NEVER_SHOWN or (tag and _is_hidden(el)):
                    walker.skip_subtree()
                else:
                    self._add(el.text, contexts[-1])
                continue
            contexts.pop()
            if tag in _BLOCK_TAGS or tag in ("pre", "hr"):
                self._end_block()
            if el is not body:
                self._add(el.tail, contexts[-1])
        self._end_block()

    def _enter(self, outer: _Context, el: Any, tag: str) -> _Context:
        region = outer.region
        if region < 0 and tag and _is_furniture(el, tag, outer.article):
            region = len(self.furniture)
            self.furniture.append(Counter())
        return _Context(outer.link or tag == "a", region, outer.article or tag == "article")

    def _add(self, text: str | None, where: _Context) -> None:
        words = text.split() if text else []
        self._words.extend(words)
        if where.link:
            self._linked += len(words)
        if where.region >= 0 and words:
            self._furnished += len(words)
            self._region = where.region

    def _end_block(self) -> None:
        words = self._words
        if len(words) >= _SHORT_BLOCK_WORDS and self._linked < _LINK_HEAVY * len(words):
            region = self._region if self._furnished * 2 > len(words) else -1
            (self.words if region < 0 else self.furniture[region]).update(words)
            self.blocks.append((region, hash(" ".join(words)), " ".join(words[:_SAMPLE_WORDS])))
        self._words, self._linked, self._furnished, self._region = [], 0, 0, -1

    def left_out(self, article: list[str]) -> tuple[int, str]:
        """Words of counted prose the article lacks, and the start of the
        first counted block that is not one of the article's."""
        kept = Counter(word for block in article for word in block.split())
        size = sum(kept.values())
        counted = {-1} | {i for i, words in enumerate(self.furniture) if words.total() > size}
        visible = self.words.copy()
        for region in counted - {-1}:
            visible.update(self.furniture[region])
        count = sum((visible - kept).values())
        if not count:
            return 0, ""
        keys = {hash(" ".join(block.split())) for block in article}
        sample = next(
            (start for region, key, start in self.blocks if region in counted and key not in keys),
            "",
        )
        return count, sample


# ---------------------------------------------------------------------------
# Flat reading, for a page whose tree the parser could not build whole


_FLAT_UNSHOWN = re.compile(
    r"<!--.*?(?:-->|\Z)"
    r"|<(script|style|template|noscript|iframe|noembed|noframes|title|textarea)\b[^>]*>"
    r".*?(?:</\1\s*>|\Z)",
    re.I | re.S,
)
_FLAT_LINE = re.compile(r"<br\b[^>]*>", re.I)
# A run of block tags is one break; possessive, so that a run of 100,000
# nested <div>s keeps no backtracking state.
_FLAT_BLOCKS = re.compile(
    r"(?:</?(?:{})\b[^>]*+>\s*+)++".format(
        "|".join(sorted(_BLOCK_TAGS | {"pre"}, key=len, reverse=True))
    ),
    re.I,
)
_FLAT_TAG = re.compile(r"<[/!?]?[A-Za-z][^>]*>")
_FLAT_PARAGRAPHS = re.compile(r"\s*\n\s*\n\s*")


def flat_blocks(source: str) -> list[str]:
    """The visible text of ``source`` in paragraphs, read from its tags alone.

    Linear in the source and free of any tree: comments and elements never
    shown go, block tags end paragraphs, <br> ends lines, other tags vanish.
    """
    import html

    # The source's own line breaks are spaces; then the only ones left are
    # the tags': "\n" for a <br>, "\n\n" around a block.
    text = _WS.sub(" ", _FLAT_UNSHOWN.sub("", source))
    text = _FLAT_BLOCKS.sub("\n\n", _FLAT_LINE.sub("\n", text))
    text = html.unescape(_FLAT_TAG.sub("", text))
    blocks: list[str] = []
    for chunk in _FLAT_PARAGRAPHS.split(text):
        lines = (line.strip() for line in chunk.split("\n"))
        block = "\n".join(line for line in lines if line)
        if block:
            blocks.append(block)
    return blocks
