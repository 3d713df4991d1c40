"""Hostile and damaged input to the importer (issue 12): ZIP bombs refused
in bounded memory, UTF-8 with a few bad bytes read as UTF-8 and reported.

Every hostile file is generated here; none is committed."""

from __future__ import annotations

import io
import tracemalloc
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from app.domain import Article
from app.errors import ImportRefused
from app.importing import decode_text, import_bytes, import_file
from app.importing import docx as docx_reader
from app.importing.refusals import Ctx
from app.jobs.analysis import AnalysisRequest, run_analysis

MB = 1024 * 1024
BOMB_MB = 200
# What the refusal of a 200 MB bomb may allocate: a few chunks, not the member.
MEMORY_BOUND = 16 * MB

BODY = (
    "The United States carried out a drone strike in Baghdad early Thursday, killing a "
    "senior militia leader, according to Iraqi and US officials who spoke on condition "
    "of anonymity."
)


def _zip_with_bomb(member: str, *, word: bool) -> bytes:
    """A small ZIP whose ``member`` unpacks to BOMB_MB of zeros (written in
    chunks, never held whole); with ``word``, the rest of a real Word package
    around it, so that nothing but the bomb is wrong with it."""
    parts: dict[str, bytes] = {}
    if word:
        docx = pytest.importorskip("docx")
        document = docx.Document()
        document.add_paragraph(BODY)
        blank = io.BytesIO()
        document.save(blank)
        with zipfile.ZipFile(blank) as package:
            parts = {n: package.read(n) for n in package.namelist() if n != member}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, blob in parts.items():
            archive.writestr(name, blob)
        with archive.open(member, "w") as stream:
            chunk = bytes(MB)
            for _ in range(BOMB_MB):
                stream.write(chunk)
    return out.getvalue()


@pytest.fixture(scope="module")
def document_bomb() -> bytes:
    return _zip_with_bomb("word/document.xml", word=True)


@pytest.fixture(scope="module")
def mimetype_bomb() -> bytes:
    return _zip_with_bomb("mimetype", word=False)


def _peak(call: Callable[[], object]) -> tuple[BaseException | None, int]:
    """What ``call`` raised, and the most memory it held at once (bytes)."""
    tracemalloc.start()
    try:
        call()
    except Exception as exc:
        raised: BaseException | None = exc
    else:
        raised = None
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return raised, peak


def test_a_docx_bomb_is_refused_without_unpacking_it(document_bomb: bytes) -> None:
    assert len(document_bomb) < MB  # 200 MB of zeros pack into a few hundred KB
    raised, peak = _peak(lambda: import_bytes(document_bomb, name="bomb.docx"))
    assert peak < MEMORY_BOUND, f"{peak / MB:.0f} MB held to refuse it"
    assert isinstance(raised, ImportRefused), raised
    assert "bomb.docx" in raised.what and raised.why and raised.todo
    assert "ZIP bomb" in raised.why
    assert "word/document.xml" in raised.why


def test_a_bomb_in_a_part_that_holds_no_text_is_refused_too(tmp_path: Path) -> None:
    path = tmp_path / "picture.docx"
    path.write_bytes(_zip_with_bomb("word/media/image1.png", word=True))
    raised, peak = _peak(lambda: import_file(path))
    assert peak < MEMORY_BOUND, f"{peak / MB:.0f} MB held to refuse it"
    assert isinstance(raised, ImportRefused)
    assert "word/media/image1.png" in raised.why


def test_the_zip_sniffer_reads_a_few_bytes_of_mimetype_not_the_member(
    mimetype_bomb: bytes,
) -> None:
    raised, peak = _peak(lambda: import_bytes(mimetype_bomb, name="odt-bomb.docx"))
    assert peak < MEMORY_BOUND, f"{peak / MB:.0f} MB held to refuse it"
    assert isinstance(raised, ImportRefused)
    assert "not a Word document" in raised.what


def test_a_part_is_read_through_a_stream_that_stops_at_its_limit(document_bomb: bytes) -> None:
    """Even past the checks of declared sizes, a part is never read whole."""
    ctx = Ctx("bomb.docx", "bomb.docx")
    with zipfile.ZipFile(io.BytesIO(document_bomb)) as archive:
        info = archive.getinfo("word/document.xml")

        def read() -> bytes:
            return docx_reader._read_part(archive, info, ctx, 0, len(document_bomb))

        raised, peak = _peak(read)
    assert isinstance(raised, ImportRefused) and "ZIP bomb" in raised.why
    # It stops at 100 times the packed size (about 200 KB here), not at 200 MB.
    assert peak < 100 * len(document_bomb) + MEMORY_BOUND


def test_sizes_the_archive_lies_about_give_a_damaged_file(document_bomb: bytes) -> None:
    """A central directory that declares a tiny part: reading stops there."""
    data = bytearray(document_bomb)
    name = b"word/document.xml"
    entry = data.rindex(name) - 46  # its entry in the central directory
    assert data[entry : entry + 4] == b"PK\x01\x02"
    data[entry + 24 : entry + 28] = (100).to_bytes(4, "little")  # uncompressed size
    raised, peak = _peak(lambda: import_bytes(bytes(data), name="liar.docx"))
    assert peak < MEMORY_BOUND, f"{peak / MB:.0f} MB held to refuse it"
    assert isinstance(raised, ImportRefused)
    assert "damaged" in raised.why


def test_a_part_packed_with_a_method_word_never_uses_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>", zipfile.ZIP_BZIP2)
    with pytest.raises(ImportRefused) as info:
        import_bytes(out.getvalue(), name="bz.docx")
    assert "method Word never uses" in info.value.why


def test_a_real_document_with_a_picture_still_reads() -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("Strike kills militia leader", style="Title")
    document.add_paragraph(BODY)
    out = io.BytesIO()
    document.save(out)
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as archive:
        assert any(not n.endswith((".xml", ".rels")) for n in archive.namelist())
    article = import_bytes(out.getvalue(), name="real.docx")
    assert article.title == "Strike kills militia leader"
    assert article.text.endswith(BODY)
    assert article.warnings == ()


# ---------------------------------------------------------------------------
# UTF-8 with a few bad bytes


LINES = ("Stockholm vote", "", BODY, "", "Anna Lindqväy, the minister, said “no”.")


def _utf8_with_bad_byte() -> bytes:
    good = "\n".join(LINES).encode()
    return good.replace(b"minister", b"min\xffister")


def test_one_bad_byte_leaves_utf8_as_utf8_and_says_where() -> None:
    article = import_bytes(_utf8_with_bad_byte(), name="vote.txt")
    assert article.source.encoding == "utf-8"
    assert "Anna Lindqväy, the min\ufffdister, said “no”." in article.text
    assert "Ã" not in article.text
    (warning,) = article.warnings
    column = LINES[4].index("minister") + 4
    offset = _utf8_with_bad_byte().index(b"\xff")
    assert '"vote.txt"' in warning
    assert f"line 5, column {column} (byte {offset:,})" in warning
    assert "1 byte sequence" in warning
    assert "\n" not in warning


def test_several_bad_bytes_are_counted_and_the_first_ones_placed() -> None:
    lines = [f"Línea {n}: el ministro dijo que sí." for n in range(1, 41)]
    data = "\n".join(lines).encode().replace(b"dijo", b"d\xe9jo")  # 40 cp1252 bytes
    article = import_bytes(data, name="es.txt")
    assert article.source.encoding == "utf-8"
    assert article.text.count("\ufffd") == 40
    (warning,) = article.warnings
    assert "40 byte sequences" in warning
    column = lines[0].index("dijo") + 2
    assert f"line 1, column {column}" in warning and f"line 5, column {column}" in warning
    assert "35 more" in warning
    assert "line 6," not in warning


def test_real_windows_1252_is_still_windows_1252() -> None:
    french = "Le ministre a déclaré à la presse que l'élève était très fâché. " * 6
    for text in (french, "Café Zoë: “no comment”.", french + "Ã©"):
        assert decode_text(text.encode("cp1252")) == (text, "cp1252")
        assert import_bytes(text.encode("cp1252"), name="old.txt").warnings == ()


def test_a_bad_byte_after_a_utf8_byte_order_mark_is_reported() -> None:
    data = b"\xef\xbb\xbf" + _utf8_with_bad_byte()
    article = import_bytes(data, name="bom.txt")
    assert article.source.encoding == "utf-8-sig"
    (warning,) = article.warnings
    offset = data.index(b"\xff")
    assert f"(byte {offset:,})" in warning


def test_a_web_page_with_a_bad_byte_is_reported() -> None:
    page = (
        "<html><head><meta charset='utf-8'><title>Vote</title></head><body><article>"
        f"<h1>Stockholm vote</h1><p>{BODY}</p><p>Anna Lindqväy said “no”.</p>"
        "</article></body></html>"
    ).encode()
    article = import_bytes(page.replace(b"said", b"sa\x92id"), name="vote.html")
    assert "Lindqväy" in article.text and "sa\ufffdid" in article.text
    assert len(article.warnings) == 1 and "UTF-8" in article.warnings[0]


def test_clean_files_bring_no_warning() -> None:
    assert import_bytes("\n".join(LINES).encode(), name="ok.txt").warnings == ()


def test_warnings_are_not_part_of_an_articles_identity() -> None:
    article = import_bytes(_utf8_with_bad_byte(), name="vote.txt")
    assert article == replace(article, warnings=())


def test_the_analysis_passes_on_the_importers_warnings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app import engine

    def no_engine(articles: list[Article], **_kw: Any) -> Any:
        return None

    monkeypatch.setattr(engine, "compare", no_engine)
    (tmp_path / "bad.txt").write_bytes(_utf8_with_bad_byte())
    (tmp_path / "good.txt").write_text("\n".join(LINES), encoding="utf-8")
    request = AnalysisRequest((), (str(tmp_path / "bad.txt"), str(tmp_path / "good.txt")))
    result = run_analysis(request)
    assert len(result.articles) == 2
    assert len(result.warnings) == 1 and '"bad.txt"' in result.warnings[0]


@pytest.fixture(autouse=True)
def _no_tracemalloc_left() -> Iterator[None]:
    yield
    assert not tracemalloc.is_tracing()
