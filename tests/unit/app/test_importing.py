"""The article importer: formats, encodings, normalization, refusals, title and date."""

from __future__ import annotations

import codecs
import hashlib
import io
import os
import subprocess
import sys
import textwrap
import unicodedata
import zipfile
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from app.errors import ImportRefused
from app.importing import (
    MAX_SOURCE_BYTES,
    MAX_TEXT_CHARS,
    SUPPORTED_SUFFIXES,
    decode_text,
    import_bytes,
    import_file,
    limits,
    normalize_text,
    text_sha256,
)
from app.importing import docx as docx_reader

if TYPE_CHECKING:
    from collections.abc import Callable

    from app.domain import Article

ROOT = Path(__file__).resolve().parents[3]

BODY = (
    "The United States carried out a drone strike in Baghdad early Thursday, killing a "
    "senior militia leader, according to Iraqi and US officials who spoke on condition "
    "of anonymity."
)
assert len(BODY.split()) >= 25


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def refusal(data: bytes, name: str) -> ImportRefused:
    with pytest.raises(ImportRefused) as info:
        import_bytes(data, name=name)
    return info.value


def assert_readable(error: ImportRefused, name: str) -> None:
    """Every refusal names the file and says what happened, why, and what to do."""
    assert name in error.what
    assert error.why
    assert error.todo
    message = error.message()
    assert name in message
    assert "\n" not in message


# ---------------------------------------------------------------------------
# The public surface


def test_limits_and_suffixes() -> None:
    assert MAX_SOURCE_BYTES == 50 * 1024 * 1024
    assert MAX_TEXT_CHARS == 2_000_000
    assert {".txt", ".text", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf"} == set(
        SUPPORTED_SUFFIXES
    )


def test_importing_loads_neither_spacy_nor_qt() -> None:
    code = (
        "import sys\n"
        "from app.importing import import_bytes\n"
        "import_bytes(b'<html><body><p>Hello there.</p></body></html>', name='a.html')\n"
        "import_bytes(b'Title\\n\\nHello there.', name='a.txt')\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('spacy', 'PySide6', 'shiboken6')]\n"
        "assert not bad, bad\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


# ---------------------------------------------------------------------------
# Plain text


def test_plain_text_file(tmp_path: Path) -> None:
    data = f"Strike in Baghdad\r\n\r\nJan 5, 2024\r\n\r\n{BODY}\r\n".encode()
    path = write(tmp_path, "story.txt", data)
    article = import_file(path, article_id="B")
    assert article.id == "B"
    assert article.title == "Strike in Baghdad"
    assert article.published == date(2024, 1, 5)
    assert article.text == f"Strike in Baghdad\n\nJan 5, 2024\n\n{BODY}"
    assert article.source.path == str(path)
    assert article.source.format == "txt"
    assert article.source.encoding == "utf-8"
    assert article.source.sha256 == hashlib.sha256(data).hexdigest()
    assert article.source.size == len(data)


def test_path_like_and_dot_text_suffix(tmp_path: Path) -> None:
    path = write(tmp_path, "notes.TEXT", b"Hello world, this is the body.")
    article = import_file(path)
    assert article.source.format == "txt"
    assert article.source.path == str(path)
    assert import_file(str(path)).text == article.text


def test_import_bytes_keeps_the_given_path() -> None:
    article = import_bytes(b"Some words here.", name="x.txt", article_id="C", path="in/x.txt")
    assert article.id == "C"
    assert article.source.path == "in/x.txt"
    assert import_bytes(b"Some words here.", name="x.txt").source.path == ""


def test_unknown_suffix_that_is_text_is_read_as_text() -> None:
    article = import_bytes(b"A headline\n\nSome body text here.", name="story.log")
    assert article.source.format == "txt"
    assert article.title == "A headline"
    assert import_bytes(b"no suffix at all", name="README").source.format == "txt"


def test_unknown_suffix_that_starts_like_a_web_page_is_html() -> None:
    page = b"<!DOCTYPE html><html><body><nav>Menu</nav><p>Body text.</p></body></html>"
    article = import_bytes(page, name="saved-page")
    assert article.source.format == "html"
    assert article.text == "Body text."


def test_text_that_merely_starts_with_the_pdf_signature_stays_text() -> None:
    article = import_bytes(b"%PDF-1.7 is the last ISO version of PDF.\n", name="notes.txt")
    assert article.source.format == "txt"
    assert article.text == "%PDF-1.7 is the last ISO version of PDF."
    old = "Caf\u00e9 notes: “%PDF-1.7” is the last version.".encode("cp1252")
    assert import_bytes(old, name="notes.txt").text == "Café notes: “%PDF-1.7” is the last version."
    page = b"<html><body><p>Files start with %PDF-1.4 or so.</p></body></html>"
    assert import_bytes(page, name="about.html").text == "Files start with %PDF-1.4 or so."


# ---------------------------------------------------------------------------
# Markdown


def test_markdown_keeps_text_drops_rules_and_front_matter() -> None:
    source = textwrap.dedent(
        """\
        ---
        title: "Front matter title"
        date: 2024-01-04
        ---
        # Strike *kills* militia [leader](https://example.com)

        Some **bold** body text.

        ***

        ```bash
        # not a heading
        ---
        ```

        Last line.
        """
    )
    article = import_bytes(source.encode(), name="story.md")
    assert article.source.format == "md"
    assert article.title == "Strike kills militia leader"
    assert article.published == date(2024, 1, 4)
    assert article.text.startswith("# Strike *kills* militia [leader](https://example.com)")
    assert "Some **bold** body text." in article.text
    assert "***" not in article.text
    assert "title:" not in article.text
    # Inside a code fence nothing is markup to drop, and "#" is no heading.
    assert "# not a heading\n---\n```" in article.text
    assert article.text.endswith("Last line.")


def test_markdown_setext_heading_and_fallbacks() -> None:
    setext = import_bytes(b"The Headline\n============\n\nBody text.", name="a.markdown")
    assert setext.title == "The Headline"
    assert "====" not in setext.text
    front = import_bytes(b"---\ntitle: Only in front matter\n---\nBody text.", name="b.md")
    assert front.title == "Only in front matter"
    plain = import_bytes(b"## A second-level heading\n\nBody.", name="c.md")
    assert plain.title == "A second-level heading"


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


# ---------------------------------------------------------------------------
# Word


def docx_bytes(build: Callable[[Any], object] | None = None, *, core_title: str = "") -> bytes:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.core_properties.title = core_title
    if build is not None:
        build(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx_paragraphs_headings_and_tables() -> None:
    def build(document: Any) -> None:
        document.add_paragraph("Jan 5, 2024")
        document.add_paragraph("Strike kills militia leader", style="Title")
        document.add_heading("What happened", level=1)
        document.add_paragraph(BODY)
        document.add_paragraph("")
        table = document.add_table(rows=2, cols=2)
        table.cell(0, 0).text = "Killed"
        table.cell(0, 1).text = "3"
        table.cell(1, 0).merge(table.cell(1, 1)).text = "Merged cell"
        document.add_paragraph("After the table.")

    article = import_bytes(docx_bytes(build, core_title="Core title"), name="w.docx")
    assert article.source.format == "docx"
    assert article.title == "Strike kills militia leader"
    assert article.published == date(2024, 1, 5)
    assert article.text == (
        "Jan 5, 2024\n\nStrike kills militia leader\n\nWhat happened\n\n"
        f"{BODY}\n\nKilled\n\n3\n\nMerged cell\n\nAfter the table."
    )


def test_docx_title_fallbacks_and_no_date_from_properties() -> None:
    def heading(document: Any) -> None:
        document.add_paragraph(BODY)
        document.add_heading("First heading", level=2)

    assert import_bytes(docx_bytes(heading), name="a.docx").title == "First heading"

    def body_only(document: Any) -> None:
        document.add_paragraph(BODY)

    article = import_bytes(docx_bytes(body_only, core_title="From properties"), name="b.docx")
    assert article.title == "From properties"
    # The core "created" timestamp is when the file was made, not published.
    assert article.published is None
    assert import_bytes(docx_bytes(body_only), name="c.docx").title.startswith(BODY[:40])


def test_empty_docx_is_refused() -> None:
    error = refusal(docx_bytes(), "blank.docx")
    assert_readable(error, "blank.docx")
    assert "no text" in error.what


def test_zip_renamed_docx_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "hello")
    error = refusal(out.getvalue(), "fake.docx")
    assert_readable(error, "fake.docx")
    assert "not a Word document" in error.what
    assert "ZIP archive" in error.why


def test_other_office_zip_is_named() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    error = refusal(out.getvalue(), "sheet.docx")
    assert "Excel" in error.why


def test_damaged_docx_is_refused() -> None:
    good = docx_bytes(lambda d: d.add_paragraph("Hello"))
    error = refusal(good[: len(good) // 2], "cut.docx")
    assert_readable(error, "cut.docx")
    assert "could not be read as a Word document" in error.what
    assert "damaged" in error.why
    error = refusal(b"this is plain text, not a docx", "plain.docx")
    assert_readable(error, "plain.docx")
    assert "not a Word document" in error.what


def test_word_package_missing_its_document_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/styles.xml", "<styles/>")
    error = refusal(out.getvalue(), "broken.docx")
    assert_readable(error, "broken.docx")
    assert "damaged" in error.why


# ---------------------------------------------------------------------------
# PDF


def pdf_bytes(pages: list[list[str]], *, title: str | None = None) -> bytes:
    pytest.importorskip(
        "reportlab", reason="reportlab (in the 'test' extra) is needed to build PDF fixtures"
    )
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    if title is not None:
        pdf.setTitle(title)
    for lines in pages:
        y = 800
        for line in lines:
            pdf.drawString(72, y, line)
            y -= 14
        if not lines:
            pdf.rect(72, 500, 200, 200, fill=1)  # a picture, no text
        pdf.showPage()
    pdf.save()
    return out.getvalue()


PDF_LINES = [
    "US strike kills militia leader",
    "January 5, 2024",
    "",
    *textwrap.wrap(BODY + " " + BODY, 80),
    "",
    "A short closing paragraph.",
]


def test_pdf_text_layer_is_reflowed_into_paragraphs() -> None:
    data = pdf_bytes([PDF_LINES, ["Second page text.", "2"]])
    article = import_bytes(data, name="story.pdf")
    assert article.source.format == "pdf"
    assert article.source.encoding == ""
    assert article.title == "US strike kills militia leader"
    assert article.published == date(2024, 1, 5)
    assert article.text == (
        "US strike kills militia leader\n\nJanuary 5, 2024\n\n"
        f"{BODY} {BODY}\n\nA short closing paragraph.\n\nSecond page text."
    )


def test_pdf_title_from_metadata_without_site_name() -> None:
    data = pdf_bytes([PDF_LINES], title="Metadata headline | Example News")
    assert import_bytes(data, name="a.pdf").title == "Metadata headline"
    junk = pdf_bytes([PDF_LINES], title="Microsoft Word - draft3.docx")
    assert import_bytes(junk, name="a.pdf").title == "US strike kills militia leader"


def test_pdf_renamed_txt_is_read_as_pdf() -> None:
    article = import_bytes(pdf_bytes([PDF_LINES]), name="saved.txt")
    assert article.source.format == "pdf"
    assert BODY in article.text


def test_scanned_pdf_is_refused_with_ocr_advice() -> None:
    error = refusal(pdf_bytes([[]]), "scan.pdf")
    assert_readable(error, "scan.pdf")
    assert "scanned" in error.why
    assert "OCR" in error.todo


def test_encrypted_pdf_is_refused() -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(pdf_bytes([PDF_LINES]))))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    error = refusal(out.getvalue(), "locked.pdf")
    assert_readable(error, "locked.pdf")
    assert "password" in error.what


def test_pdf_with_only_an_owner_password_is_read() -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(pdf_bytes([PDF_LINES]))))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    assert BODY in import_bytes(out.getvalue(), name="restricted.pdf").text


@pytest.mark.parametrize("cut", [0.3, 0.6])
def test_damaged_pdf_is_refused(cut: float) -> None:
    good = pdf_bytes([PDF_LINES])
    error = refusal(good[: int(len(good) * cut)], "cut.pdf")
    assert_readable(error, "cut.pdf")
    assert "damaged" in error.why


def test_pdf_suffix_without_pdf_content_is_refused() -> None:
    error = refusal(b"<!DOCTYPE html><html><body>Not found</body></html>", "report.pdf")
    assert_readable(error, "report.pdf")
    assert "web page" in error.why
    error = refusal(b"plain words", "words.pdf")
    assert "not a PDF" in error.what


# ---------------------------------------------------------------------------
# Encodings


ENGLISH = "The minister said “we will not back down” — and the café’s owner agreed."
FRENCH = "Le ministre a déclaré à la presse que l'élève était très fâché, où est la forêt ? "


@pytest.mark.parametrize(
    ("bom", "codec", "name"),
    [
        (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be"),
    ],
)
def test_byte_order_marks(bom: bytes, codec: str, name: str) -> None:
    data = bom + ENGLISH.encode(codec)
    assert decode_text(data) == (ENGLISH, name)
    article = import_bytes(data, name="bom.txt")
    assert article.text == ENGLISH
    assert article.source.encoding == name


def test_python_utf16_codec_output() -> None:
    article = import_bytes(f"Title\n\n{ENGLISH}".encode("utf-16"), name="u16.txt")
    assert article.text == f"Title\n\n{ENGLISH}"
    assert article.source.encoding.startswith("utf-16")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_recognised(codec: str) -> None:
    assert decode_text(ENGLISH.encode(codec)) == (ENGLISH, codec)


def test_utf8() -> None:
    assert decode_text(ENGLISH.encode()) == (ENGLISH, "utf-8")


def test_cp1252_with_curly_quotes() -> None:
    data = ENGLISH.encode("cp1252")
    assert decode_text(data) == (ENGLISH, "cp1252")
    long = (ENGLISH + "\n") * 10
    assert decode_text(long.encode("cp1252")) == (long, "cp1252")
    assert import_bytes(data, name="old.txt").text == ENGLISH


def test_long_western_text_is_not_misread_as_central_european() -> None:
    text = FRENCH * 6
    assert len(text.encode("latin-1")) >= 200
    assert decode_text(text.encode("latin-1")) == (text, "cp1252")


def test_latin1_is_the_last_resort() -> None:
    # 0x81 is undefined in cp1252, so only latin-1 can decode this.
    data = "Café".encode("latin-1") + b" \x81 ok"
    text, encoding = decode_text(data)
    assert encoding == "latin-1"
    assert text == "Café \x81 ok"
    assert import_bytes(data, name="x.txt").text == "Café  ok"


def test_detector_reads_other_scripts() -> None:
    russian = "Министр заявил, что удар был нанесён по зданию в центре города. " * 5
    text, encoding = decode_text(russian.encode("cp1251"))
    assert text == russian
    assert encoding == "cp1251"


# ---------------------------------------------------------------------------
# Normalization


def test_line_endings() -> None:
    assert normalize_text("a\r\nb\rc\nd\u2028e\x0cf") == "a\nb\nc\nd\ne\nf"
    assert normalize_text("a\u2029b") == "a\n\nb"


def test_nfc_and_nfd_give_the_same_article() -> None:
    nfc = unicodedata.normalize("NFC", f"Café Zoë in Montréal\n\n{BODY}")
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfc != nfd
    a = import_bytes(nfc.encode(), name="a.txt")
    b = import_bytes(nfd.encode(), name="b.txt")
    assert a.text == b.text == nfc
    assert a.title == b.title
    assert a.source.sha256 != b.source.sha256  # the bytes differ
    assert text_sha256(nfc) == text_sha256(nfd)


def test_invisible_and_space_characters() -> None:
    raw = "a\u00a0b\u202fc d\u200be\ufefff\u00adg\x07h\ti\x1bj\u200dk"
    assert normalize_text(raw) == "a b c de" + "fgh\tij\u200dk"
    assert normalize_text("\ufeffStart") == "Start"


def test_quotes_and_dashes_are_kept() -> None:
    text = "“Quote” – ‘single’ — dash… «guillemets»"
    assert normalize_text(text) == text


def test_whitespace_lines() -> None:
    raw = "\n\n  \nTitle   \n\n\n\n\nBody line \t\n  indented\n\n\n"
    assert normalize_text(raw) == "Title\n\nBody line\n  indented"
    assert normalize_text("a\n\nb") == "a\n\nb"
    assert normalize_text("a\n\n\nb") == "a\n\nb"


def test_text_sha256_is_of_the_normalized_text() -> None:
    expected = hashlib.sha256(b"a b\n\nc").hexdigest()
    assert text_sha256("a\u00a0b  \r\n\r\n\r\nc\n") == expected


def test_lone_surrogates_cannot_reach_the_text() -> None:
    assert normalize_text("a\ud800b") == "a\ufffdb"


@given(st.text())
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert unicodedata.is_normalized("NFC", once)
    assert "\r" not in once
    assert "\n\n\n" not in once
    assert once == once.strip("\n")


# Text a person could type: no control characters except tab and line breaks.
TYPED = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\t\n\r")
)


@given(st.text())
@settings(max_examples=200)
def test_any_utf8_text_imports_as_its_normalization_or_is_refused(text: str) -> None:
    try:
        article = import_bytes(text.encode("utf-8", "surrogatepass"), name="t.txt")
    except ImportRefused:
        return
    assert article.text == normalize_text(text)


@given(TYPED)
@settings(max_examples=200)
def test_typed_text_is_refused_only_when_empty(text: str) -> None:
    assume(not text.startswith("{\\rtf"))
    expected = normalize_text(text)
    if not expected.strip():
        with pytest.raises(ImportRefused):
            import_bytes(text.encode("utf-8"), name="t.txt")
        return
    article = import_bytes(text.encode("utf-8"), name="t.txt")
    assert article.text == expected
    assert article.title
    assert article.source.encoding in ("utf-8", "utf-8-sig")


# ---------------------------------------------------------------------------
# Refusals


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ImportRefused) as info:
        import_file(tmp_path / "nope.txt")
    assert_readable(info.value, "nope.txt")
    assert info.value.path == str(tmp_path / "nope.txt")
    assert "no file" in info.value.why


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    with pytest.raises(ImportRefused) as info:
        import_file(folder)
    assert_readable(info.value, "articles")
    assert "folder" in info.value.what


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX named pipes")
def test_named_pipe_is_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(ImportRefused) as info:
        import_file(fifo)
    assert_readable(info.value, "pipe.txt")


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "locked.txt", b"secret")

    def denied(*_args: object, **_kwargs: object) -> io.BufferedReader:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", denied)
    with pytest.raises(ImportRefused) as info:
        import_file(path)
    assert_readable(info.value, "locked.txt")
    assert "permission" in info.value.why.lower()


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read any file"
)
def test_unreadable_file_for_real(tmp_path: Path) -> None:
    path = write(tmp_path, "locked.txt", b"secret")
    path.chmod(0)
    try:
        with pytest.raises(ImportRefused) as info:
            import_file(path)
        assert "permission" in info.value.why.lower()
    finally:
        path.chmod(0o600)


def test_empty_file(tmp_path: Path) -> None:
    with pytest.raises(ImportRefused) as info:
        import_file(write(tmp_path, "empty.txt", b""))
    assert_readable(info.value, "empty.txt")
    assert "empty" in info.value.what


@pytest.mark.parametrize(
    "data", [b"   \n\t\r\n  ", "\u00a0\u200b\ufeff\n".encode(), codecs.BOM_UTF8]
)
def test_whitespace_only(data: bytes) -> None:
    error = refusal(data, "blank.txt")
    assert_readable(error, "blank.txt")
    assert "no text" in error.what


def test_nul_bytes_in_text() -> None:
    error = refusal(b"Some text\x00\x01\x02 and more \x00\x00 binary", "data.txt")
    assert_readable(error, "data.txt")
    assert "NUL" in error.why


def test_control_character_soup() -> None:
    error = refusal(bytes(range(1, 32)) * 20, "soup.txt")
    assert_readable(error, "soup.txt")
    assert "binary" in error.why


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
        (b"GIF89a\x01\x00\x01\x00\x80\x00\x00", "GIF image"),
        (b"\x7fELF\x02\x01\x01\x00", "ELF"),
        (b"MZ\x90\x00\x03\x00\x00\x00", "Windows program"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "gzip"),
        (b"SQLite format 3\x00\x10\x00", "SQLite database"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "old-style Microsoft Office"),
        (b"{\\rtf1\\ansi hello}", "RTF"),
    ],
)
@pytest.mark.parametrize("name", ["renamed.txt", "renamed.html", "renamed.md", "no-suffix"])
def test_known_binary_signatures(data: bytes, kind: str, name: str) -> None:
    error = refusal(data + b"rest of the file", name)
    assert_readable(error, name)
    assert kind in error.why


def test_text_that_starts_like_a_signature_is_still_text() -> None:
    assert import_bytes(b"GIF89a was the second GIF version.", name="a.txt").text
    assert import_bytes(b"MZ is not always a program.", name="b.txt").text


def test_plain_zip_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("a.txt", "hello")
    error = refusal(out.getvalue(), "archive.txt")
    assert_readable(error, "archive.txt")
    assert "ZIP archive" in error.why


def test_source_over_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_SOURCE_BYTES", 100)
    path = write(tmp_path, "huge.txt", b"word " * 30)
    with pytest.raises(ImportRefused) as info:
        import_file(path)
    assert_readable(info.value, "huge.txt")
    assert "150 bytes" in info.value.why
    assert "100 bytes" in info.value.why
    assert "Split" in info.value.todo
    with pytest.raises(ImportRefused):
        import_bytes(b"word " * 30, name="huge.txt")
    assert import_bytes(b"word " * 20, name="small.txt").text


def test_text_over_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_TEXT_CHARS", 50)
    error = refusal(b"word " * 30, "long.txt")
    assert_readable(error, "long.txt")
    assert "149 characters" in error.why
    assert "50" in error.why
    assert "Split" in error.todo
    assert import_bytes(b"word " * 10, name="short.txt").text


def test_docx_that_unpacks_too_far_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    data = docx_bytes(lambda d: d.add_paragraph("Hello"))
    monkeypatch.setattr(docx_reader, "_MAX_UNPACKED_BYTES", 1000)
    error = refusal(data, "bomb.docx")
    assert_readable(error, "bomb.docx")
    assert "unpacks" in error.why


def test_messages_are_sentences() -> None:
    error = refusal(b"", "empty.txt")
    assert error.message() == (
        '"empty.txt" is empty. The file has 0 bytes. Check that it was saved or downloaded '
        "completely, then import it again."
    )


# ---------------------------------------------------------------------------
# Title and published date from the text


def title_of(text: str, name: str = "fallback-name.txt") -> str:
    return import_bytes(text.encode(), name=name).title


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (f"Strike in Baghdad\n\n{BODY}", "Strike in Baghdad"),
        (f"  Strike in Baghdad  \n{BODY}", "Strike in Baghdad"),
        (f"Who ordered the strike?\n\n{BODY}", "Who ordered the strike?"),
        (f"Militia leader killed!\n\n{BODY}", "Militia leader killed!"),
        (f"July 24, 2024\n\nThe Headline\n\n{BODY}", "The Headline"),
        # No headline line: the first line stands for it, cut at a word before
        # 160 characters (date lines skipped), never the file's name.
        (f"{BODY}\n\nMore.", f"{BODY[:159].rsplit(' ', 1)[0]}…"),
        (f"A sentence that ends with a period.\n\n{BODY}", "A sentence that ends with a period."),
        (
            f"{'Long headline words ' * 12}\n\n{BODY}",
            ("Long headline words " * 8)[:159].rsplit(" ", 1)[0] + "…",
        ),
        (f"Jan 5, 2024\n\n{BODY}", f"{BODY[:159].rsplit(' ', 1)[0]}…"),
    ],
)
def test_plain_text_title(text: str, title: str) -> None:
    assert title_of(text) == title


@pytest.mark.parametrize(
    "line",
    [
        "July 24, 2024",
        "Jan 5, 2024",
        "Jan. 5, 2024",
        "5 January 2024",
        "2024-01-05",
        "Friday, January 5, 2024",
        "Updated 3:15 PM EST, Fri January 5, 2024",
        "Published: 5 Jan 2024 | Updated: 6 Jan 2024",
        "*January 5, 2024*",
    ],
)
def test_dateline_formats(line: str) -> None:
    expected = date(2024, 7, 24) if line.startswith("July") else date(2024, 1, 5)
    article = import_bytes(f"Headline\n\n{line}\n\n{BODY}".encode(), name="a.txt")
    assert article.published == expected


def test_page_header_date_loses_to_the_date_above_the_body() -> None:
    text = (
        "July 24, 2024\n\nThe Headline\n\nWritten by Someone\n\n"
        f"{BODY} A blurb about the author.\n\nJan 5, 2024\n\n{BODY}"
    )
    assert import_bytes(text.encode(), name="a.txt").published == date(2024, 1, 5)


def test_date_lines_without_long_paragraphs() -> None:
    text = "July 24, 2024\n\nHeadline\n\nJan 5, 2024\n\nShort body."
    assert import_bytes(text.encode(), name="a.txt").published == date(2024, 1, 5)


@pytest.mark.parametrize(
    ("first", "expected"),
    [
        (f"WASHINGTON, Jan. 5, 2024 (Reuters) - {BODY}", date(2024, 1, 5)),
        (f"BAGHDAD, Iraq, January 5, 2024 (AP) — {BODY}", date(2024, 1, 5)),
        (f"NEW YORK, Jan. 5 (Reuters) - {BODY}", None),
        (f"WASHINGTON (Reuters) - {BODY}", None),
    ],
)
def test_wire_datelines(first: str, expected: date | None) -> None:
    article = import_bytes(f"Headline\n\n{first}".encode(), name="wire.txt")
    assert article.published == expected


def test_dates_inside_sentences_or_far_down_are_not_datelines() -> None:
    text = f"Headline\n\nThe strike on Jan 5, 2024 killed three.\n\n{BODY}"
    assert import_bytes(text.encode(), name="a.txt").published is None
    filler = "\n\n".join(f"Paragraph {n}." for n in range(20))
    text = f"Headline\n\n{filler}\n\nJan 5, 2024"
    assert import_bytes(text.encode(), name="a.txt").published is None


def test_seed_aibot(seeds_dir: Path) -> None:
    path = seeds_dir / "aibot-baghdad-strike.txt"
    if not path.is_file():
        pytest.skip(f"seed article missing: {path}")
    article = import_file(path)
    assert article.published == date(2024, 1, 5)
    assert article.title == "US Carries Out Strike in Baghdad, Kills Iran-Backed Militia Leader"
    assert article.text == normalize_text(path.read_text(encoding="utf-8"))


def test_seed_examiner(seeds_dir: Path) -> None:
    path = seeds_dir / "examiner-baghdad-strike.txt"
    if not path.is_file():
        pytest.skip(f"seed article missing: {path}")
    article = import_file(path)
    assert article.published is None
    assert article.title == (
        "American Attack in Baghdad Claims Life of Iranian-backed Militia Leader!"
    )


def test_a_megabyte_of_text_imports(tmp_path: Path) -> None:
    paragraph = f"{BODY}\r\n\r\n"
    data = ("Headline\r\n\r\n" + paragraph * (1_000_000 // len(paragraph))).encode()
    article: Article = import_file(write(tmp_path, "big.txt", data))
    assert article.title == "Headline"
    assert len(article.text) > 900_000
