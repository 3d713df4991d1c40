"""Scripts in the PDF summary (issue 12, point 9): every script prints in a font
that has it, right-to-left text is shaped and ordered, what no font has is
listed on the cover, and pypdf reads the file without a warning.

What prints depends on the fonts of the machine: the expectations come from
the fonts found (``plan``), and the parts that need a given font say so when
they skip.  CI has DejaVu Sans, which covers Latin, Cyrillic, Greek, Arabic,
Hebrew and some emoji, but not CJK, Devanagari or Thai.
"""

from __future__ import annotations

import logging
import shutil
import struct
import subprocess
import unicodedata
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("reportlab", reason="reportlab renders the PDF summary")
pypdf = pytest.importorskip("pypdf")

import reportlab  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402

from app.domain import Claim, ClaimKind, Comparison  # noqa: E402
from app.export.pdf import ExportOptions, export_pdf, font_files, scripts  # noqa: E402
from app.export.pdf.arabic import shape  # noqa: E402
from app.export.pdf.bidi import levels, reorder  # noqa: E402
from app.export.pdf.fonts import EmbeddedFont, find_fonts  # noqa: E402
from app.session import (  # noqa: E402
    Anchor,
    Annotation,
    AnnotationStatus,
    Session,
    SessionArticle,
)

from .helpers import article  # noqa: E402

NOW = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)

# One name or phrase per script, as a foreign desk would note them.
SAMPLES = {
    "Latin": "Ana Kovač, Łódź",
    "Cyrillic": "Сергей Лавров",
    "Greek": "Κυριάκος Μητσοτάκης",
    "Arabic": "محمد بن سلمان",
    "Hebrew": "בנימין נתניהו",
    "CJK": "习近平",
    "Devanagari": "नरेंद्र मोदी",
    "Thai": "กรุงเทพ",
    "Emoji": "😀",  # U+1F600: beyond the BMP, and DejaVu Sans has it
    "Emoji2": "🚀",
}
# What DejaVu Sans covers: these must print wherever it is the main font.
DEJAVU_SCRIPTS = ("Latin", "Cyrillic", "Greek", "Arabic", "Hebrew", "Emoji")
ARTICLE = (
    "Talks in Riyadh\n"
    "\n"
    "Crown prince محمد بن سلمان met Сергей Лавров on Thursday, officials said.\n"
    "Prime minister בנימין נתניהו (ירושלים) was not there."
)
DEJAVU = find_fonts()


def _visible(text: str) -> str:
    """Extracted text compared as a reader sees it: presentation forms folded
    to letters (NFKC), direction marks the extractor adds dropped."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def _note(nid: str, text: str, word: str, note: str) -> Annotation:
    start = text.index(word)
    end = start + len(word)
    anchor = Anchor(word, text[max(0, start - 32) : start], text[end : end + 32], start, end, "h")
    return Annotation(nid, "key-A", anchor, note, "source", AnnotationStatus.OPEN, "desk", NOW, NOW)


def _comparison_and_session() -> tuple[Comparison, Session]:
    a = article("A", ARTICLE)
    b = article("B", "Talks\n\nThe crown prince met the Russian foreign minister.")
    sentence = "Crown prince محمد بن سلمان met Сергей Лавров on Thursday, officials said."
    start = ARTICLE.index(sentence)
    claim = Claim("A1", "A", start, start + len(sentence), sentence, ClaimKind.STATEMENT)
    comparison = Comparison((a, b), (claim,), (), (), "crosscheck 0.2.0")
    notes = [
        _note(f"n{i}", ARTICLE, "محمد بن سلمان", f"{script}: {sample}")
        for i, (script, sample) in enumerate(SAMPLES.items())
    ]
    notes.append(_note("n-rtl", ARTICLE, "Сергей Лавров", "قال المتحدث إن " + "الوفد وصل " * 12))
    sas = tuple(SessionArticle(f"key-{x.id}", i, x, "h", NOW) for i, x in enumerate((a, b)))
    session = Session("Riyadh talks · محمد · Лавров", NOW, NOW, sas, tuple(notes), ())
    return comparison, session


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    comparison, session = _comparison_and_session()
    out = tmp_path_factory.mktemp("scripts") / "scripts.pdf"
    result = export_pdf(out, comparison=comparison, session=session, options=ExportOptions())
    return out, result


def _read(path: Path, caplog: pytest.LogCaptureFixture) -> tuple[str, list[str]]:
    """Extracted text of every page, and the warnings pypdf logged doing it."""
    with caplog.at_level(logging.WARNING, logger="pypdf"):
        caplog.clear()
        pages = [page.extract_text() for page in pypdf.PdfReader(str(path)).pages]
    warnings = [r.getMessage() for r in caplog.records if r.name.startswith("pypdf")]
    return "\n".join(pages), warnings


def _page_xy(cm: Any, tm: Any) -> tuple[float, float]:
    """Where pypdf's visitor says a run starts, in page coordinates."""
    x, y = tm[4], tm[5]
    return x * cm[0] + y * cm[2] + cm[4], x * cm[1] + y * cm[3] + cm[5]


def _printable(script: str) -> bool:
    return not scripts.plan([SAMPLES[script]]).missing


def test_pypdf_reads_every_page_without_a_warning(
    exported: tuple[Path, Any], caplog: pytest.LogCaptureFixture
) -> None:
    out, _ = exported
    _, warnings = _read(out, caplog)
    assert warnings == []


def test_to_unicode_maps_write_astral_characters_as_surrogate_pairs(
    exported: tuple[Path, Any],
) -> None:
    out, result = exported
    if "😀" in result.unprintable:
        pytest.skip("no font on this machine has U+1F600")
    maps = []
    for page in pypdf.PdfReader(str(out)).pages:
        for font in page["/Resources"]["/Font"].values():
            to_unicode = font.get_object().get("/ToUnicode")
            if to_unicode is not None:
                maps.append(to_unicode.get_object().get_data().decode("latin-1"))
    targets = []
    for text in maps:
        chars = text.split("beginbfchar", 1)[1].split("endbfchar", 1)[0]
        targets += [line.split()[1].strip("<>") for line in chars.strip().splitlines()]
    assert "D83DDE00" in targets  # 😀 as UTF-16BE
    assert all(len(t) % 4 == 0 for t in targets), [t for t in targets if len(t) % 4]


def test_what_the_fonts_have_prints_and_the_rest_is_listed(
    exported: tuple[Path, Any], caplog: pytest.LogCaptureFixture
) -> None:
    out, result = exported
    text, _ = _read(out, caplog)
    visible = _visible(text)
    cover = _visible(pypdf.PdfReader(str(out)).pages[0].extract_text())
    printed, listed = [], []
    for script, sample in SAMPLES.items():
        if _printable(script):
            # Right-to-left names come back in reading order: extractors
            # reorder the visual order a PDF holds.
            assert sample in visible, script
            printed.append(script)
        else:
            missing = [ch for ch in sample if ch in result.unprintable]
            assert missing, script
            for ch in missing:
                shown = f"U+{ord(ch):04X}" in cover
                assert shown or f"{scripts.script_of(ch)} " in cover, (script, ch)
            listed.append(script)
    comparison, session = _comparison_and_session()
    given = {ch for a in comparison.articles for ch in a.text + a.title} | set(session.name)
    given |= {ch for n in session.annotations for ch in n.note}
    assert set(result.unprintable) <= given
    if listed:
        assert f"{len(result.unprintable)} characters could not be printed" in " ".join(
            cover.split()
        )
    else:
        assert "could not be printed" not in cover
    if result.font != "DejaVu Sans":
        pytest.skip(f"DejaVu Sans is not installed (main font: {result.font})")
    assert set(DEJAVU_SCRIPTS) <= set(printed)


def test_a_long_right_to_left_note_reads_in_order_line_by_line(
    exported: tuple[Path, Any], caplog: pytest.LogCaptureFixture
) -> None:
    """A note of several lines in Arabic: its first words are on the first
    line, its short last line is set flush right; extraction gives the words
    in reading order."""
    out, result = exported
    if "ق" in result.unprintable:
        pytest.skip("no font on this machine has Arabic")
    reader = pypdf.PdfReader(str(out))
    spots: list[tuple[float, float, str]] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if any("\ufe70" <= ch <= "\ufeff" for ch in text):
            x, y = _page_xy(cm, tm)
            spots.append((y, x, _visible(text)))

    for page in reader.pages:
        if "الوفد" in _visible(page.extract_text()):
            page.extract_text(visitor_text=visit)
            break
    runs = [s for s in spots if "الوفد" in s[2]]
    assert len({round(y) for y, _, _ in runs}) >= 2  # it wraps
    first_line, last_line = max(runs), min(runs)  # the highest and lowest on the page
    assert "المتحدث" in first_line[2] and "المتحدث" not in last_line[2]
    width = float(reader.pages[0].mediabox[2])
    assert last_line[1] > width * 0.3  # flush right, not from the left margin
    text = _visible(" ".join(page.extract_text() for page in reader.pages))
    assert "قال المتحدث إن الوفد وصل" in " ".join(text.split())


def test_arabic_in_the_pdf_is_shaped(exported: tuple[Path, Any]) -> None:
    """The glyphs drawn are the contextual forms (محمد: initial meem, medial
    hah and meem, final dal), not isolated letters."""
    out, result = exported
    if "م" in result.unprintable:
        pytest.skip("no font on this machine has Arabic")
    raw = " ".join(page.extract_text() for page in pypdf.PdfReader(str(out)).pages)
    assert "\ufee3\ufea4\ufee4\ufeaa"[::-1] in raw or "\ufee3\ufea4\ufee4\ufeaa" in raw


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler) not on PATH")
def test_pdftotext_reads_right_to_left_names_in_reading_order(
    exported: tuple[Path, Any],
) -> None:
    out, result = exported
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(out), "-"],
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout.decode("utf-8")
    visible = _visible(text)
    for script in ("Arabic", "Hebrew", "Cyrillic", "Greek"):
        if _printable(script):
            assert SAMPLES[script] in visible, script
    if not result.unprintable:
        return
    assert "could not be printed" in visible


def test_a_highlight_over_an_arabic_name_covers_where_it_is_drawn(
    exported: tuple[Path, Any],
) -> None:
    out, result = exported
    if "م" in result.unprintable:
        pytest.skip("no font on this machine has Arabic")
    for page in pypdf.PdfReader(str(out)).pages:
        annots = [a.get_object() for a in page.get("/Annots") or []]
        mine = [a for a in annots if "Arabic: محمد" in str(a.get("/Contents"))]
        if not mine:
            continue
        quads = [float(v) for v in mine[0]["/QuadPoints"]]
        x0, x1 = min(quads[0::2]), max(quads[0::2])
        spots: list[tuple[float, float]] = []

        def visit(
            text: str, cm: Any, tm: Any, font: Any, size: Any, spots: list[Any] = spots
        ) -> None:
            if "محمد" in _visible(text):
                spots.append(_page_xy(cm, tm))

        page.extract_text(visitor_text=visit)
        assert spots
        assert any(x0 - 1 <= x <= x1 for x, _ in spots)
        assert 20 < x1 - x0 < 200  # one name, not the whole line
        return
    pytest.fail("no highlight over the Arabic name in the full text")


def test_the_cover_of_a_latin_summary_lists_nothing(tmp_path: Path) -> None:
    comparison = Comparison(
        (article("A", "One\n\nKovač said so."), article("B", "Two\n\nHe said so.")),
        (),
        (),
        (),
        "crosscheck 0.2.0",
    )
    out = tmp_path / "latin.pdf"
    result = export_pdf(out, comparison=comparison)
    if result.font != "DejaVu Sans":
        pytest.skip("Vera lacks č: it is listed, rightly")
    assert result.unprintable == () and result.fallback_fonts == ()
    assert "could not be printed" not in pypdf.PdfReader(str(out)).pages[0].extract_text()


# -- a second font: what the main one lacks comes from another face ------------


def _vera_face() -> scripts.Face:
    """reportlab's bundled Vera as the main face: Latin only, so Cyrillic,
    Greek, Arabic and Hebrew must come from a fallback."""
    bundled = Path(reportlab.__file__).parent / "fonts"
    for name, file in (("TestVera", "Vera.ttf"), ("TestVera-Bold", "VeraBd.ttf")):
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(EmbeddedFont(name, str(bundled / file)))
    chars = frozenset(pdfmetrics.getFont("TestVera").face.charToGlyph)
    return scripts.Face("TestVera", "TestVera-Bold", "Bitstream Vera Sans", chars)


def _dejavu_faces() -> list[font_files.FaceInfo]:
    if DEJAVU.name != "DejaVu Sans":
        pytest.skip("DejaVu Sans is not installed: no second font to fall back on")
    return font_files.read_faces(DEJAVU.regular) + font_files.read_faces(DEJAVU.bold)


def test_characters_the_main_font_lacks_come_from_a_face_that_has_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    faces = _dejavu_faces()
    monkeypatch.setattr(scripts, "_main_face", _vera_face)
    monkeypatch.setattr(scripts, "system_faces", lambda: tuple(faces))
    comparison, session = _comparison_and_session()
    out = tmp_path / "fallback.pdf"
    result = export_pdf(out, comparison=comparison, session=session)
    assert result.fallback_fonts == ("DejaVu Sans",)
    text, warnings = _read(out, caplog)
    assert warnings == []
    # pypdf breaks the line where the font changes ("Łód\nź"): compare the
    # characters in order, whatever the spacing.
    visible = "".join(_visible(text).split())
    for script in DEJAVU_SCRIPTS:
        assert "".join(SAMPLES[script].split()) in visible, script
    if shutil.which("pdftotext"):
        extracted = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(out), "-"], capture_output=True, timeout=60
        ).stdout.decode("utf-8")
        for script in DEJAVU_SCRIPTS:
            assert SAMPLES[script] in _visible(extracted), script
    assert "č" not in result.unprintable and "Л" not in result.unprintable
    base_fonts = {
        str(font.get_object()["/BaseFont"])
        for page in pypdf.PdfReader(str(out)).pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("Vera" in name for name in base_fonts)
    assert any("DejaVuSans" in name for name in base_fonts)


def test_runs_keep_spaces_and_punctuation_in_the_font_of_the_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    faces = _dejavu_faces()
    fontset = scripts.plan(["Сергей Лавров, said"], main=_vera_face(), faces=lambda: faces)
    runs = fontset.runs("Mr Сергей Лавров, said", bold=False)
    assert [text for text, _ in runs] == ["Mr ", "Сергей Лавров, ", "said"]
    assert runs[0][1] == "TestVera" and runs[1][1].startswith("CrosscheckFallback")
    assert fontset.runs("Лавров", bold=True)[0][1].endswith("-Bold")


def test_no_second_font_is_looked_for_when_the_main_one_covers_the_text() -> None:
    def fail() -> list[font_files.FaceInfo]:
        raise AssertionError("font search started for text the main font covers")

    fontset = scripts.plan(["Plain text, 3 killed."], main=_vera_face(), faces=fail)
    assert fontset.missing == () and len(fontset.faces) == 1


# -- finding fonts ---------------------------------------------------------------


def _info(name: str, ranges: list[tuple[int, int]], **kw: Any) -> font_files.FaceInfo:
    fields = {"weight": 400, "italic": False, "narrow": False, **kw}
    return font_files.FaceInfo(
        f"/f/{name}.ttf", 0, name, coverage=font_files.Coverage(ranges), **fields
    )


def test_the_next_face_is_one_that_helps_upright_and_regular_first() -> None:
    latin = _info("Latin Sans", [(0x20, 0x17F)])
    light = _info("Some Light", [(0x20, 0x7F), (0x41B, 0x41B)], weight=200)  # only Л
    narrow = _info("Wide Cond", [(0x20, 0x4FF)], narrow=True)
    regular = _info("Cyr Serif", [(0x400, 0x4FF)])
    cyrillic = {ord(ch) for ch in "Лавров"}
    assert scripts.best_face([latin, light, narrow, regular], cyrillic) is regular
    assert scripts.best_face([latin, light, narrow], cyrillic) is narrow
    assert scripts.best_face([latin], cyrillic) is None
    # a rare character the sample skips is still found
    rare = _info("Rare", [(0x10400, 0x10400)])
    many = set(range(0x4E00, 0x4E00 + 2000)) | {0x10400}
    assert scripts.best_face([latin, rare], many) is rare


def test_fontconfig_and_the_folder_scan_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    if DEJAVU.name != "DejaVu Sans":
        pytest.skip("DejaVu Sans is not installed")
    scanned = {f.path: f for f in font_files.read_faces(DEJAVU.regular)}
    face = scanned[str(DEJAVU.regular)]
    assert face.plain and not face.bold
    for ch in "AčЛαمש😀":
        assert ord(ch) in face.coverage, ch
    for ch in "习नก":
        assert ord(ch) not in face.coverage, ch
    font_files.system_faces.cache_clear()
    try:
        monkeypatch.setattr(font_files.shutil, "which", lambda name: None)
        monkeypatch.setattr(font_files, "FONT_DIRS", (str(DEJAVU.regular.parent),))
        found = {f.path for f in font_files.system_faces()}
        assert str(DEJAVU.regular) in found
    finally:
        font_files.system_faces.cache_clear()
    if shutil.which("fc-list") is None:
        return
    by_fc = {f.path: f for f in font_files.system_faces()}
    if str(DEJAVU.regular) in by_fc:
        fc_face = by_fc[str(DEJAVU.regular)]
        for code in (0x41, 0x10D, 0x41B, 0x645, 0x5E9, 0x1F600, 0x4E60):
            assert (code in fc_face.coverage) == (code in face.coverage), hex(code)


def _sfnt(tables: dict[bytes, bytes], tag: bytes = b"\x00\x01\x00\x00") -> bytes:
    """A minimal font file: header, table directory, tables."""
    head = tag + struct.pack(">HHHH", len(tables), 0, 0, 0)
    offset = 12 + 16 * len(tables)
    directory, body = b"", b""
    for name, data in tables.items():
        directory += struct.pack(">4sIII", name, 0, offset + len(body), len(data))
        body += data + b"\0" * (-len(data) % 4)
    return head + directory + body


def _cmap_format4(first: int, last: int) -> bytes:
    segs = [(first, last), (0xFFFF, 0xFFFF)]
    n = len(segs)
    sub = struct.pack(">HHHHHHH", 4, 0, 0, 2 * n, 0, 0, 0)
    sub += struct.pack(f">{n}H", *(e for _, e in segs)) + b"\0\0"
    sub += struct.pack(f">{n}H", *(s for s, _ in segs))
    sub += struct.pack(f">{n}h", 1 - first, 1) + struct.pack(f">{n}H", 0, 0)
    return struct.pack(">HHHHI", 0, 1, 3, 1, 12) + sub


def test_cff_opentype_and_broken_files_are_skipped(tmp_path: Path) -> None:
    cmap = _cmap_format4(0x0600, 0x06FF)
    glyf = tmp_path / "glyf.ttf"
    glyf.write_bytes(_sfnt({b"cmap": cmap, b"glyf": b"\0" * 4, b"loca": b"\0" * 4}))
    cff = tmp_path / "cff.otf"
    cff.write_bytes(_sfnt({b"CFF ": b"\0" * 8, b"cmap": cmap}, tag=b"OTTO"))
    (tmp_path / "junk.ttf").write_bytes(b"not a font at all")
    faces = {Path(f.path).name: f for f in font_files.scan_folders([str(tmp_path)])}
    assert set(faces) == {"glyf.ttf"}
    assert 0x0627 in faces["glyf.ttf"].coverage and 0x0700 not in faces["glyf.ttf"].coverage
    line = b"/x/a.otf\t0\tCFF\tNoto Sans CJK\t80\t0\t100\t0\tFalse\t4e00-9fff"
    assert font_files._fc_face(line) is None
    line = b"/x/e.ttf\t0\tTrueType\tNoto Color Emoji\t80\t0\t100\t0\tTrue\t1f600"
    assert font_files._fc_face(line) is None
    line = b"/x/d.ttc\t2\tTrueType\tDroid Sans\t80\t0\t100\t0\tFalse\t20-7e 4e00-9fa5"
    face = font_files._fc_face(line)
    assert face is not None and face.index == 2 and 0x4E60 in face.coverage and face.plain


def test_a_face_inside_a_ttc_collection_is_read_and_embedded(tmp_path: Path) -> None:
    """A .ttc holding Vera then DejaVu Sans: face 1 is DejaVu, and reportlab
    embeds it by its index."""
    if DEJAVU.name != "DejaVu Sans":
        pytest.skip("DejaVu Sans is not installed")
    vera = (Path(reportlab.__file__).parent / "fonts" / "Vera.ttf").read_bytes()
    fonts = [vera, DEJAVU.regular.read_bytes()]
    header = 12 + 4 * len(fonts)
    offsets, body = [], b""
    for data in fonts:
        start = header + len(body)
        offsets.append(start)
        body += _shifted(data, start) + b"\0" * (-len(data) % 4)
    ttc = tmp_path / "pair.ttc"
    ttc.write_bytes(
        b"ttcf" + struct.pack(">HHI", 1, 0, len(fonts)) + struct.pack(">2I", *offsets) + body
    )
    faces = font_files.read_faces(ttc)
    assert [f.index for f in faces] == [0, 1]
    assert 0x041B not in faces[0].coverage and 0x041B in faces[1].coverage
    face = scripts.load_face(faces[1])
    assert face is not None and ord("Л") in face.chars


def _shifted(font: bytes, start: int) -> bytes:
    """A font's bytes with its table offsets moved by ``start`` (a TTC's
    offsets count from the start of the collection)."""
    (count,) = struct.unpack_from(">H", font, 4)
    out = bytearray(font)
    for i in range(count):
        at = 12 + 16 * i + 8
        (offset,) = struct.unpack_from(">I", font, at)
        struct.pack_into(">I", out, at, offset + start)
    return bytes(out)


# -- order and shape ---------------------------------------------------------------


def test_bidi_levels_and_visual_order() -> None:
    para, lv = levels("Crown prince محمد بن سلمان met")
    assert para == 0
    assert lv == [0] * 13 + [1] * 13 + [0] * 4
    para, lv = levels("ירושלים, 2024")
    assert para == 1 and lv[-4:] == [2, 2, 2, 2]  # numbers keep their order
    assert reorder(list("abcd"), [0, 1, 1, 0]) == list("acbd")


@pytest.mark.parametrize(
    ("logical", "visual"),
    [
        ("Plain text", "Plain text"),
        ("Mr אב גד said", "Mr דג בא said"),
        ("אב (גד) 12", "12 (דג) בא"),  # brackets mirrored, number left to right
        ("car 12 אב 34", "car 12 34 בא"),
        ("אב\u200fגד", "דגבא"),  # the direction mark steers, but is not drawn
    ],
)
def test_visual_line(logical: str, visual: str) -> None:
    fontset = scripts.FontSet((scripts._main_face(),))
    assert scripts.visual_line(logical, fontset) == visual


def test_arabic_is_shaped_by_context() -> None:
    names = [unicodedata.name(ch) if ch else "" for ch in shape("محمد")]
    assert names == [
        "ARABIC LETTER MEEM INITIAL FORM",
        "ARABIC LETTER HAH MEDIAL FORM",
        "ARABIC LETTER MEEM MEDIAL FORM",
        "ARABIC LETTER DAL FINAL FORM",
    ]
    # dal does not join the letter after it; lam and alef make one ligature
    # and offsets still index the text (the alef's entry is empty).
    shaped = shape("دم سلام")
    assert unicodedata.name(shaped[0]).endswith("DAL ISOLATED FORM")
    assert unicodedata.name(shaped[1]).endswith("MEEM ISOLATED FORM")
    assert unicodedata.name(shaped[4]) == "ARABIC LIGATURE LAM WITH ALEF FINAL FORM"
    assert shaped[5] == "" and len(shaped) == len("دم سلام")
    # a mark between two letters does not break the join
    assert unicodedata.name(shape("بَب")[0]).endswith("BEH INITIAL FORM")
    # a shape no font has stays the plain letter
    assert shape("بب", has_glyph=lambda ch: False) == ["ب", "ب"]


def test_the_missing_list_names_scripts_and_code_points() -> None:
    text = scripts.describe_missing(["习", "近", "ก", "🚀"])
    assert text.startswith("4 characters could not be printed")
    assert "CJK 2 (U+4E60 U+8FD1)" in text
    assert "Thai 1 (U+0E01)" in text and "emoji and symbols 1 (U+1F680)" in text
    many = scripts.describe_missing([chr(0x4E00 + i) for i in range(100)] + ["ก"], per_script=5)
    assert "CJK 100 (U+4E00 U+4E01 U+4E02 U+4E03 U+4E04 and 95 more); Thai 1 (U+0E01)" in many
