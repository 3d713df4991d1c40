"""Articles from no file (issue 13): clipboard HTML or text, standard input.
Through the same importer as files, with its limits and refusals."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.domain import Origin
from app.errors import ImportRefused, InputError
from app.importing import import_bytes, limits
from app.importing.pasting import (
    CF_HTML_FORMAT,
    Clipboard,
    article_from_clipboard,
    article_from_stdin,
    decode_format,
    describe_origin,
    proposed_title,
    split_cf_html,
    with_title,
)

BODY = (
    "<p>Nine people were killed when the ferry capsized off Oster Island on Wednesday, "
    "the coastguard said.</p><p>Rescuers were still searching for several people missing "
    "in the cold water of the strait.</p>"
)
# What Chromium on Linux puts on the clipboard: a fragment, no <html>.
FRAGMENT = f"<meta charset='utf-8'><h1>Ferry capsizes, nine dead</h1>{BODY}"
URL = "https://news.example/2024/11/ferry"


def test_html_is_read_like_a_web_page_and_preferred_to_the_plain_text() -> None:
    article = article_from_clipboard(Clipboard(html=FRAGMENT, text="the plain text"))
    assert article.title == "Ferry capsizes, nine dead"
    assert article.text.startswith("Ferry capsizes, nine dead\n\nNine people were killed")
    assert "plain text" not in article.text
    source = article.source
    assert (source.origin, source.format, source.path, source.url) == (
        Origin.CLIPBOARD,
        "html",
        "",
        "",
    )
    assert not source.has_file
    assert len(source.sha256) == 64 and source.size == len(FRAGMENT.encode("utf-8"))


@pytest.mark.parametrize(
    "formats",
    [
        {"text/x-moz-url-priv": URL.encode("utf-16-le")},  # Firefox
        {"text/x-moz-url-priv": b"\xff\xfe" + URL.encode("utf-16-le")},
        {"chromium/x-source-url": URL.encode("utf-8")},
        {CF_HTML_FORMAT: f"Version:0.9\r\nStartHTML:00000097\r\nSourceURL:{URL}\r\n".encode()},
    ],
)
def test_the_page_address_the_clipboard_carries_is_kept(formats: dict[str, bytes]) -> None:
    article = article_from_clipboard(Clipboard(html=FRAGMENT, formats=formats))
    assert article.source.url == URL


@pytest.mark.parametrize(
    "head",
    [
        f'<base href="{URL}">',
        f'<link rel="canonical" href="{URL}">',
        f'<meta property="og:url" content="{URL}">',
    ],
)
def test_an_address_in_the_html_itself_is_kept(head: str) -> None:
    page = f"<html><head>{head}</head><body>{BODY}</body></html>"
    assert article_from_clipboard(Clipboard(html=page)).source.url == URL


def test_windows_clipboard_html_loses_its_header_and_gives_its_source_url() -> None:
    cf_html = f"Version:0.9\r\nStartHTML:0000000105\r\nSourceURL:{URL}\r\n<html><body>{BODY}"
    markup, url = split_cf_html(cf_html)
    assert markup.startswith("<html>") and url == URL
    article = article_from_clipboard(Clipboard(html=cf_html))
    assert article.source.url == URL
    assert "StartHTML" not in article.text


def test_what_is_not_a_web_address_is_not_kept() -> None:
    for bad in ("javascript:alert(1)", "/relative/path", "file:///etc/passwd", "not a url"):
        formats = {"chromium/x-source-url": bad.encode()}
        article = article_from_clipboard(Clipboard(html=FRAGMENT, formats=formats))
        assert article.source.url == ""


def test_plain_text_with_a_headline_is_named_by_it() -> None:
    text = "Ferry capsizes, nine dead\n\nNine people were killed, the coastguard said.\n"
    article = article_from_clipboard(Clipboard(text=text))
    assert article.title == "Ferry capsizes, nine dead"
    assert (article.source.format, article.source.origin) == ("txt", Origin.CLIPBOARD)


def test_plain_text_without_a_headline_has_no_title_and_a_proposal() -> None:
    text = "Nine people were killed when the ferry capsized, the coastguard said.\n\nMore."
    article = article_from_clipboard(Clipboard(text=text))
    assert article.title == ""  # the window asks
    assert proposed_title(article) == text.split("\n")[0]
    assert with_title(article, "  Ferry   story ").title == "Ferry story"
    assert with_title(article, "   ").title == ""


def test_a_long_first_line_is_cut_at_a_word_for_the_proposal() -> None:
    text = "word " * 200
    proposal = proposed_title(article_from_clipboard(Clipboard(text=text)))
    assert proposal.endswith("word…") and len(proposal) <= 120


def test_html_without_text_falls_back_to_the_plain_text() -> None:
    article = article_from_clipboard(
        Clipboard(html="<img src='x.png'>", text="Nine killed\n\nNine people were killed.")
    )
    assert article.source.format == "txt" and article.title == "Nine killed"


@pytest.mark.parametrize(
    "clipboard",
    [Clipboard(), Clipboard(html="  ", text=" \n\t "), Clipboard(html="<img src='x.png'>")],
)
def test_an_empty_clipboard_is_refused_with_a_clear_message(clipboard: Clipboard) -> None:
    with pytest.raises(InputError) as caught:
        article_from_clipboard(clipboard)
    message = caught.value.message()
    assert message.startswith(("The clipboard holds no text", "The pasted text contains no text"))
    assert "copy it again" in message.lower() or "copy it (Ctrl+C)" in message


def test_binary_on_standard_input_is_refused_with_a_clear_message() -> None:
    with pytest.raises(ImportRefused) as caught:
        article_from_stdin(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    message = caught.value.message()
    assert message.startswith("The text on standard input is not an article Crosscheck can read")
    assert "PNG image" in message


def test_nul_bytes_on_standard_input_are_refused() -> None:
    with pytest.raises(ImportRefused, match="NUL bytes"):
        article_from_stdin(b"Nine killed\x00\x00\x00 in ferry sinking" * 10)


def test_too_much_is_refused_before_anything_is_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_SOURCE_BYTES", 1000)
    with pytest.raises(ImportRefused) as caught:
        article_from_stdin(b"a" * 1001)
    assert "too large" in caught.value.message() and "more than 1000 bytes" in (
        caught.value.message()
    )
    with pytest.raises(ImportRefused, match="too large"):
        article_from_clipboard(Clipboard(text="a" * 1001))


def test_empty_standard_input_says_how_to_pipe_an_article() -> None:
    with pytest.raises(ImportRefused) as caught:
        article_from_stdin(b"")
    assert "standard input is empty" in caught.value.message()
    assert "crosscheck analyze a.txt - < story.html" in caught.value.message()


def test_standard_input_is_html_when_it_looks_like_a_page_else_text() -> None:
    page = f"<!doctype html><html><head><title>Ferry | Site</title></head><body>{BODY}</body>"
    html = article_from_stdin(page.encode("utf-8"))
    assert (html.source.format, html.source.origin, html.title) == ("html", Origin.STDIN, "Ferry")
    text = article_from_stdin("Nine killed at sea\n\nNine people died.".encode("cp1252"))
    assert (text.source.format, text.title) == ("txt", "Nine killed at sea")


def test_standard_input_is_named_by_the_title_given_else_its_first_line() -> None:
    data = b"Nine people were killed, the coastguard said.\n\nMore text."
    assert article_from_stdin(data, title="Wire copy").title == "Wire copy"
    assert article_from_stdin(data).title == "Nine people were killed, the coastguard said."
    # A date line is not a title, here as for files (titles.first_line_title).
    dated = b"5 March 2025\n\nThe ferry sank off the island, the coastguard said.\n"
    assert article_from_stdin(dated).title == "The ferry sank off the island, the coastguard said."


def test_standard_input_in_a_legacy_encoding_is_decoded_like_a_file() -> None:
    text = "Café owner says ferry «should never have sailed»\n\nThe café on the pier closed."
    article = article_from_stdin(text.encode("cp1252"))
    assert article.text == text and article.source.encoding == "cp1252"


def test_side_formats_are_decoded_whatever_their_encoding() -> None:
    assert decode_format(URL.encode("utf-16-le")) == URL
    assert decode_format(b"\xff\xfe" + URL.encode("utf-16-le")) == URL
    assert decode_format(URL.encode()) == URL


def test_where_a_pasted_article_came_from_reads_plainly() -> None:
    pasted = article_from_clipboard(
        Clipboard(html=FRAGMENT, formats={"chromium/x-source-url": URL.encode()})
    )
    when = datetime(2025, 3, 5, 14, 2, tzinfo=UTC)
    local = when.astimezone()
    said = describe_origin(pasted.source, when)
    assert said == f"pasted from the clipboard on {local.day} {local:%b %Y, %H:%M} ({URL})"
    piped = article_from_stdin(b"Nine killed\n\nNine people died.")
    assert describe_origin(piped.source).startswith("read from standard input")
    assert describe_origin(import_bytes(b"x", name="a.txt").source) == ""
