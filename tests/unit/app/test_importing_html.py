"""Web pages lose no text without a message (issue 12, point 2): void elements
that swallow what follows, trees nested past the parser's limits, text after
</html>.

Every page is generated here; none is committed."""

from __future__ import annotations

import sys
import time
import tracemalloc
from collections.abc import Iterator

import pytest

from app.importing import import_bytes

MB = 1024 * 1024

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
