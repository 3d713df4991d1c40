"""Web pages lose no text without a message (issue 12, point 2): void elements
that swallow what follows, trees nested past the parser's limits, text after
</html>, and prose the article leaves out.  Realistic news pages still come
out as their article alone, with no warning.

Every page is generated here; none is committed."""

from __future__ import annotations

import sys
import time
import tracemalloc
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from app.importing import import_bytes

from .importing_helpers import BODY, assert_readable, refusal, write

MB = 1024 * 1024
SAID = 50  # fewer words left out than this may go unreported

PARAS = [
    "The city council voted on Thursday to close the old river bridge to all traffic after "
    "engineers found deep cracks in two of the supports that carry its central span.",
    "Mayor Ana Ruiz said the decision was taken with a heavy heart, but that the safety of "
    "the forty thousand people who cross the bridge every day had to come first.",
    "The closure will add up to twenty minutes to journeys between the northern suburbs and "
    "the centre, according to estimates published by the regional transport authority.",
    "Engineers first noticed hairline fractures during a routine inspection in January, and "
    "a second survey last week showed that they had widened by several millimetres.",
    "Opposition councillors accused the administration of ignoring warnings about the "
    "structure for years, pointing to a report from 2019 that recommended urgent repairs.",
    "A spokesman for the mayor rejected the criticism, saying that the earlier report had "
    "described routine maintenance rather than any risk of collapse.",
    "Local shopkeepers on both banks fear that the closure will drive customers away, and "
    "several have asked the council for compensation while the work goes on.",
    "The council expects repairs to take at least eight months and to cost about twelve "
    "million euros, most of which it hopes to recover from a national infrastructure fund.",
    "A temporary ferry service for pedestrians and cyclists will start on Monday, running "
    "every fifteen minutes from six in the morning until midnight.",
    "Police will close the approach roads from Sunday evening, and drivers are advised to use "
    "the ring road or the two bridges further downstream until the repairs are finished.",
]
ALL_WORDS = " ".join(PARAS).split()
assert 260 <= len(ALL_WORDS) <= 280


def paragraphs(items: list[str] = PARAS) -> str:
    return "".join(f"<p>{text}</p>" for text in items)


def page(body: str, head: str = "<title>Bridge closed | The Daily</title>") -> bytes:
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>"
    ).encode()


def stack_depth() -> int:
    depth, frame = 0, sys._getframe()
    while frame is not None:
        depth, frame = depth + 1, frame.f_back  # type: ignore[assignment]
    return depth


@pytest.fixture
def shallow_stack() -> Iterator[None]:
    """A recursion limit a little above the current depth: a walk that
    recursed once per level of a deep page would fail under it."""
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(stack_depth() + 150)
    try:
        yield
    finally:
        sys.setrecursionlimit(limit)


# ---------------------------------------------------------------------------
# Void elements that libxml2 lets swallow what follows


@pytest.mark.parametrize(
    "void",
    [
        "<embed src='clip.swf' width='480' height='270'>",
        "<EMBED SRC='clip.swf'>",
        "<source src='clip.mp4' type='video/mp4'>",
        "<track kind='captions' src='clip.vtt'>",
        "<wbr>",
    ],
)
def test_html_a_bare_void_element_keeps_the_rest_of_the_article(void: str) -> None:
    body = f"<article><p>{PARAS[0]}</p>{void}{paragraphs(PARAS[1:])}</article>"
    article = import_bytes(page(body), name="bridge.html")
    assert article.text.split() == ALL_WORDS
    assert article.text.count("\n\n") == len(PARAS) - 1
    assert article.warnings == ()


def test_html_text_inside_an_embed_stays_where_it_was() -> None:
    body = f"<article><p>{PARAS[0]}</p><embed src='a.swf'>{PARAS[1]}<p>{PARAS[2]}</p></article>"
    article = import_bytes(page(body), name="bridge.html")
    assert article.text == "\n\n".join(PARAS[:3])


def test_html_an_unclosed_object_keeps_the_article_it_swallows() -> None:
    body = (
        f"<article><p>{PARAS[0]}</p><object data='clip.swf'><param name='movie' "
        f"value='clip.swf'>{paragraphs(PARAS[1:])}</article>"
    )
    article = import_bytes(page(body), name="bridge.html")
    assert article.text.split() == ALL_WORDS


def test_html_text_after_the_end_of_the_document_is_kept() -> None:
    # Browsers put what follows </body> and </html> in the body; libxml2
    # drops what follows </html>.
    data = (
        f"<html><head><title>Bridge</title></head><body><div class='story'>"
        f"{paragraphs(PARAS[:5])}</body></html>\n{paragraphs(PARAS[5:])}</div>"
    ).encode()
    article = import_bytes(data, name="tail.html")
    assert article.text.split() == ALL_WORDS


# ---------------------------------------------------------------------------
# Deep trees


def deep_article(depth: int, tag: str = "div") -> str:
    return (
        f"<article><h1>Bridge closed</h1>{paragraphs(PARAS[:2])}"
        + f"<{tag}>" * depth
        + paragraphs(PARAS[2:5])
        + f"</{tag}>" * depth
        + paragraphs(PARAS[5:])
        + "</article>"
    )


@pytest.mark.parametrize("depth", [254, 300, 2000])
@pytest.mark.usefixtures("shallow_stack")
def test_html_a_page_nested_hundreds_of_levels_deep_keeps_all_its_text(depth: int) -> None:
    article = import_bytes(page(deep_article(depth)), name="deep.html")
    assert article.text.split() == ["Bridge", "closed", *ALL_WORDS]
    assert article.warnings == ()


def test_html_100000_nested_divs_are_read_flat_and_say_so() -> None:
    depth = 100_000
    body = (
        "<div>" * depth
        + "<h1>Bridge closed</h1>"
        + paragraphs(PARAS[:4])
        + "<script>var slot = 'SCRIPT TEXT';</script><!-- COMMENT -->"
        + "<p>Ferries &amp; buses<br>will run.</p>"
        + paragraphs(PARAS[4:])
        + "</div>" * depth
    )
    data = page(body)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        article = import_bytes(data, name="deep.html")
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    expected = ["Bridge closed", *PARAS[:4], "Ferries & buses\nwill run.", *PARAS[4:]]
    assert article.text == "\n\n".join(expected)
    assert article.title == "Bridge closed"
    (warning,) = article.warnings
    assert '"deep.html"' in warning
    assert "2,048 levels" in warning
    assert f"{len(' '.join(expected).split())} words" in warning
    assert "\n" not in warning
    # Measured at 0.2 s and 10 MB of Python memory for a 1 MB page; the
    # bounds leave room for a slow machine, not for a quadratic walk.
    assert elapsed < 5
    assert peak < 64 * MB


@pytest.mark.parametrize(
    "level",
    [
        "<div>",
        "<section>",
        "<aside>",
        "<header>",
        "<article>",
        "<div class='ad'>",
        "<object>",
        "<embed>",
    ],
)
@pytest.mark.usefixtures("shallow_stack")
def test_html_2000_levels_of_paragraphs_are_kept_or_reported_quickly(level: str) -> None:
    depth = 2000
    name = level[1:-1].split()[0]
    closing = "" if name == "embed" else f"</{name}>"
    body = (level + f"<p>{PARAS[0]}</p>") * depth + closing * depth
    total = depth * len(PARAS[0].split())
    started = time.perf_counter()
    article = import_bytes(page(body), name="deep.html")
    assert time.perf_counter() - started < 5  # about 0.1 s; quadratic walks took seconds
    kept = len(article.text.split())
    if total - kept >= SAID:
        (warning,) = article.warnings
        assert f"{total - kept:,} words" in warning
    else:
        # The innermost <object> holds one paragraph, too little to be
        # taken for the article rather than a player's fallback text.
        assert total - kept in (0, len(PARAS[0].split()))


# ---------------------------------------------------------------------------
# Prose left out of the article


def test_html_prose_left_out_of_the_article_is_reported() -> None:
    # The <article> holds a little over half the text: the rest, in a plain
    # <div> after it, is left out.
    body = (
        f"<article>{paragraphs(PARAS[:5])}</article><div class='more'>{paragraphs(PARAS[5:])}</div>"
    )
    article = import_bytes(page(body), name="split.html")
    assert article.text == "\n\n".join(PARAS[:5])
    (warning,) = article.warnings
    left_out = len(" ".join(PARAS[5:]).split())
    assert '"split.html"' in warning
    assert f"{left_out} words of text on the page were left out" in warning
    assert f"{len(' '.join(PARAS[:5]).split())} words" in warning
    assert " ".join(PARAS[5].split()[:12]) in warning
    assert "\n" not in warning


def test_html_link_lists_labels_and_hidden_text_bring_no_warning() -> None:
    links = "".join(
        f"<li><a href='/s{n}'>Another story about the city council and its budget, "
        f"number {n}</a> <span>3 min</span></li>"
        for n in range(30)
    )
    labels = "".join(f"<div>Label number {n}</div>" for n in range(30))
    hidden = f"<div style='display: none'>{paragraphs()}</div><div hidden>{paragraphs()}</div>"
    body = (
        f"<div class='list'><ul>{links}</ul></div>{labels}{hidden}<article>{paragraphs()}</article>"
    )
    article = import_bytes(page(body), name="links.html")
    assert article.text.split() == ALL_WORDS
    assert article.warnings == ()


# ---------------------------------------------------------------------------
# Realistic news pages: the article alone, no warning

COMMENT = (
    "I cross that bridge every morning on my way to work and nobody ever told us it was "
    "in such a bad state, which is frankly shocking for a city that spends so much on "
    "festivals."
)
JUNK = (
    "BUY NOW",
    "World",
    "Sport",
    "Share on",
    "Your browser",
    "Related",
    "Engineers warn",
    "river_walker",
    "frankly shocking",
    "All rights reserved",
    "We use cookies",
    "Advertisement",
    "Most read",
    "external sites",
)

SEMANTIC_PAGE = f"""
<div id="cookie-banner" hidden><p>We use cookies to improve your experience on our site and to
show you relevant advertising. By continuing you agree to our use of cookies and to our
privacy policy, which you can read at any time.</p></div>
<header class="site-header"><a href="/">The Daily</a>
<nav><ul><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
<div class="ad-slot" id="ad-top"><script>document.write('<div class="ad">BUY NOW</div>');</script>
<noscript><a href="https://ads.example/click"><img src="ad.png" alt="BUY NOW"></a></noscript></div>
<main>
<article>
<header><h1>Council closes the old river bridge</h1><p class="byline">By Ana Ruiz</p>
<time datetime="2024-03-07">7 March 2024</time></header>
<figure><img src="bridge.jpg" alt="The bridge">
<figcaption>The bridge, closed since Thursday. Photo: Ana Ruiz</figcaption></figure>
<p>{PARAS[0]}</p><p>{PARAS[1]}</p>
<figure class="video"><embed src="https://video.example/player.swf?id=1" width="640" height="360">
<figcaption>Video: the cracks engineers found</figcaption></figure>
<p>{PARAS[2]}</p><p>{PARAS[3]}</p>
<object data="https://video.example/clip.swf" type="application/x-shockwave-flash">
<param name="movie" value="clip.swf"><embed src="clip.swf">Your browser cannot play this video.
</object>
<p>{PARAS[4]}</p>
<iframe src="https://www.youtube.com/embed/abc" width="560" height="315" allowfullscreen></iframe>
<video controls><source src="clip.mp4" type="video/mp4"><source src="clip.webm">
Your browser does not support the video tag.</video>
<p>{PARAS[5]}</p><p>{PARAS[6]}</p>
<div class="share-tools"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div>
<p>{PARAS[7]}</p><p>{PARAS[8]}</p><p>{PARAS[9]}</p>
</article>
<aside class="related"><h2>Related</h2><ul>
<li><a href="/a">Engineers warn of more cracks in the city's older bridges and tunnels</a></li>
<li><a href="/b">Engineers warn that the ring road needs repairs before the winter</a></li>
</ul></aside>
<section id="comments" class="comments"><h2>Comments (3)</h2>
<div class="comment"><p class="author">river_walker</p><p>{COMMENT}</p></div>
<div class="comment"><p class="author">river_walker</p><p>{COMMENT}</p></div>
<div class="comment"><p class="author">river_walker</p><p>{COMMENT}</p></div>
</section>
</main>
<footer><p>The Daily is published by Daily Media Ltd. All rights reserved. Our journalism is
funded by readers and advertisers; read our editorial code and our complaints policy.</p>
<ul><li><a href="/about">About</a></li><li><a href="/contact">Contact</a></li></ul></footer>
"""

DIV_SOUP_PAGE = f"""
<div id="page"><div class="top-bar"><a href="/">Home</a> | <a href="/world">World</a> |
<a href="/sport">Sport</a></div>
<div class="content-wrap">
<div class="story-body">
<h1 class="headline">Council closes the old river bridge</h1><span class="byline">By Ana Ruiz</span>
{paragraphs(PARAS[:3])}
<div class="inline-ad"><div class="ad">Advertisement</div>
<script>googletag.display('ad-1'); document.write('BUY NOW');</script></div>
{paragraphs(PARAS[3:6])}
<div class="ad-slot"></div>
{paragraphs(PARAS[6:])}
</div>
<div class="sidebar"><h3>Most read</h3><ol>
{
    "".join(
        f"<li><a href='/m{n}'>Most read story {n}</a><p class='teaser'>A short summary of "
        f"another story on the site, number {n}, with a few details.</p></li>"
        for n in range(5)
    )
}
</ol></div>
</div>
<div class="comments-area">
<div class="comment-body"><p>{COMMENT}</p></div><div class="comment-body"><p>{COMMENT}</p></div>
</div>
<div class="site-info"><p>Copyright 2024 Example News. Example News is not responsible for the
content of external sites. Read about our approach to external linking.</p></div>
</div>
"""

# The article body cut into several blocks by ad slots, with no <article>.
SPLIT_PAGE = f"""
<div class="nav"><a href="/">Home</a> <a href="/world">World</a></div>
<div class="article-body">
<div class="text-block">{paragraphs(PARAS[:3])}</div>
<div class="ad-slot">Advertisement</div>
<div class="text-block">{paragraphs(PARAS[3:6])}</div>
<div class="ad-slot"><script>document.write('BUY NOW')</script></div>
<div class="text-block">{paragraphs(PARAS[6:])}</div>
</div>
"""


@pytest.mark.parametrize(
    ("body", "head"),
    [
        (SEMANTIC_PAGE, ["Council closes the old river bridge", "By Ana Ruiz", "7 March 2024"]),
        (DIV_SOUP_PAGE, ["Council closes the old river bridge", "By Ana Ruiz"]),
        (SPLIT_PAGE, []),
    ],
    ids=["semantic", "div-soup", "split-by-ads"],
)
def test_html_news_pages_give_their_article_alone_without_warning(
    body: str, head: list[str]
) -> None:
    article = import_bytes(page(body), name="news.html")
    assert article.warnings == ()
    for junk in JUNK:
        assert junk not in article.text, junk
    blocks = article.text.split("\n\n")
    assert blocks[: len(head)] == head
    assert [block for block in blocks if block in PARAS] == PARAS
    if body is SEMANTIC_PAGE:
        assert "The bridge, closed since Thursday. Photo: Ana Ruiz" in blocks
        assert "Video: the cracks engineers found" in blocks
        assert len(blocks) == len(head) + 2 + len(PARAS)
    else:
        assert len(blocks) == len(head) + len(PARAS)


# ---------------------------------------------------------------------------
# HTML

PAGE = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>US strike kills militia leader in Baghdad | The Daily Site</title>
<meta property="og:title" content="OG title - The Daily Site">
<meta property="article:published_time" content="2024-01-04T10:32:00Z">
<style>.x {{ color: red }} STYLE TEXT</style>
<script>var s = "SCRIPT TEXT";</script>
</head><body>
<header><div>Friday, July 26, 2024 PAGE HEADER</div>
<nav><a href="/">Home</a> <a href="/world">NAV TEXT</a></nav></header>
<!-- COMMENT TEXT -->
<main>
<article>
<header><h1>US strike kills militia leader</h1><p>By Jane Roe</p></header>
<div class="share-bar">SHARE TEXT</div>
<p>{BODY}</p>
<p>The strike hit a <b>building</b> inside the base.<br>A second line.</p>
<h2>Reaction</h2>
<p>Iraq called it an &ldquo;act of aggression&rdquo; &amp; a&nbsp;violation.</p>
<iframe src="https://ads.example.com/">IFRAME TEXT</iframe>
<noscript>NOSCRIPT TEXT</noscript>
<form><label>FORM TEXT</label><input value="INPUT TEXT"></form>
<div hidden>HIDDEN TEXT</div>
</article>
<aside><p>ASIDE TEXT</p></aside>
</main>
<footer>FOOTER TEXT</footer>
</body></html>
"""


def test_html_keeps_only_the_article() -> None:
    article = import_bytes(PAGE.encode(), name="page.html")
    assert article.source.format == "html"
    assert article.source.encoding == "utf-8"
    for junk in (
        "STYLE",
        "SCRIPT",
        "PAGE HEADER",
        "NAV TEXT",
        "Home",
        "COMMENT",
        "SHARE",
        "IFRAME",
        "NOSCRIPT",
        "FORM TEXT",
        "INPUT",
        "HIDDEN",
        "ASIDE",
        "FOOTER",
    ):
        assert junk not in article.text, junk
    assert article.text == (
        "US strike kills militia leader\n\nBy Jane Roe\n\n"
        f"{BODY}\n\n"
        "The strike hit a building inside the base.\nA second line.\n\n"
        "Reaction\n\n"
        "Iraq called it an “act of aggression” & a violation."
    )
    assert article.title == "US strike kills militia leader"
    assert article.published == date(2024, 1, 4)


def test_html_without_article_element_uses_the_densest_paragraphs() -> None:
    paragraphs = "".join(f"<p>{BODY} ({n})</p>" for n in range(3))
    page = (
        "<html><head><title>Strike condemned | Daily News</title></head><body>"
        "<div id='menu'><a>Home</a> <a>World</a></div>"
        f"<div class='content'><div class='story'>{paragraphs}</div></div>"
        "<div class='sidebar'><p>Most read: something else entirely here.</p></div>"
        "</body></html>"
    )
    article = import_bytes(page.encode(), name="page.htm")
    assert article.text == "\n\n".join(f"{BODY} ({n})" for n in range(3))
    assert article.title == "Strike condemned"


@pytest.mark.parametrize(
    ("head", "title"),
    [
        ("<meta property='og:title' content='OG headline'><title>T | Site</title>", "OG headline"),
        ("<title>Tab title | Section | Site</title>", "Tab title"),
        # " - " may be part of a headline: only cut when the page has an <h1>.
        ("<title>Iraq - what comes next</title>", "Iraq - what comes next"),
    ],
)
def test_html_title_sources(head: str, title: str) -> None:
    page = f"<html><head>{head}</head><body><p>{BODY}</p></body></html>"
    assert import_bytes(page.encode(), name="p.html").title == title


def test_html_title_prefers_h1_in_article_and_cuts_site_suffix() -> None:
    page = (
        "<html><head><title>Real headline - Site Name</title></head><body>"
        "<header><h1>Site Name</h1></header>"
        f"<article><p>{BODY}</p></article></body></html>"
    )
    assert import_bytes(page.encode(), name="p.html").title == "Real headline"
    page = (
        "<html><head><title>Tab - Site</title></head><body>"
        f"<article><h1>Article headline</h1><p>{BODY}</p></article></body></html>"
    )
    assert import_bytes(page.encode(), name="p.html").title == "Article headline"


@pytest.mark.parametrize(
    "markup",
    [
        "<meta property='article:published_time' content='2024-01-05T08:00:00+00:00'>",
        "<meta property='og:published_time' content='2024-01-05'>",
        "<meta name='pubdate' content='2024-01-05'>",
        "<meta name='date' content='2024-01-05'>",
        "<meta name='DC.date' content='2024-01-05'>",
        "<meta itemprop='datePublished' content='2024-01-05T08:00'>",
        "<script type='application/ld+json'>"
        '{"@context": "https://schema.org", "@graph": [{"@type": "NewsArticle", '
        '"headline": "LD", "datePublished": "2024-01-05T08:00:00Z"}]}</script>',
    ],
)
def test_html_published_from_metadata(markup: str) -> None:
    page = f"<html><head>{markup}</head><body><article><p>{BODY}</p></article></body></html>"
    assert import_bytes(page.encode(), name="p.html").published == date(2024, 1, 5)


def test_html_published_from_time_elements() -> None:
    page = (
        "<html><body><header><time datetime='2024-07-26'>Today</time></header>"
        "<article><time datetime='2024-01-05T10:00'>Jan 5</time>"
        f"<p>{BODY}</p></article></body></html>"
    )
    assert import_bytes(page.encode(), name="p.html").published == date(2024, 1, 5)
    page = (
        "<html><body><span itemprop='datePublished'>January 5, 2024</span>"
        f"<p>{BODY}</p></body></html>"
    )
    assert import_bytes(page.encode(), name="p.html").published == date(2024, 1, 5)


def test_html_dateline_in_text_when_no_metadata() -> None:
    page = (
        f"<html><body><article><h1>H</h1><p>Jan. 5, 2024</p><p>{BODY}</p></article></body></html>"
    )
    assert import_bytes(page.encode(), name="p.html").published == date(2024, 1, 5)


def test_html_never_expands_entities_or_fetches(tmp_path: Path) -> None:
    secret = write(tmp_path, "secret.txt", b"TOP-SECRET-CONTENT")
    page = (
        f'<!DOCTYPE html [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
        '<html><head><link rel="stylesheet" href="https://example.invalid/a.css">'
        '<script src="https://example.invalid/a.js"></script></head>'
        '<body><p>Hello &xxe; world</p><img src="https://example.invalid/x.png">'
        "</body></html>"
    )
    article = import_bytes(page.encode(), name="p.html")
    assert "TOP-SECRET" not in article.text
    assert article.text == "Hello &xxe; world"


def test_html_declared_charset_and_xml_declaration() -> None:
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
        "</head><body><p>“Quoted” café — ok</p></body></html>"
    ).encode("cp1252")
    article = import_bytes(page, name="p.html")
    assert article.text == "“Quoted” café — ok"
    assert article.source.encoding == "cp1252"
    xhtml = b'<?xml version="1.0" encoding="utf-8"?><html><body><p>XHTML body</p></body></html>'
    assert import_bytes(xhtml, name="p.html").text == "XHTML body"


def test_html_with_no_article_text_is_refused() -> None:
    page = (
        b"<html><head><title>T</title></head><body><nav>Home</nav><script>x</script></body></html>"
    )
    error = refusal(page, "menu.html")
    assert_readable(error, "menu.html")
    assert "no text" in error.what
