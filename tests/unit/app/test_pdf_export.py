"""The annotated PDF summary, read back with pypdf (no spaCy: hand-built claims)."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("reportlab", reason="reportlab renders the PDF summary")
pypdf = pytest.importorskip("pypdf")

from app import __version__  # noqa: E402
from app.domain import (  # noqa: E402
    Claim,
    ClaimKind,
    Comparison,
    Difference,
    Relation,
    RelationKind,
)
from app.editing.verdicts import relation_keys  # noqa: E402
from app.errors import Cancelled, InputError  # noqa: E402
from app.export.pdf import ExportOptions, export_pdf  # noqa: E402
from app.session import (  # noqa: E402
    Anchor,
    AnchorState,
    Annotation,
    AnnotationStatus,
    RelationVerdict,
    Session,
    SessionArticle,
    Verdict,
)

from .helpers import article  # noqa: E402

NOW = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)

TEXT_A = (
    "Strike in Baghdad kills three\n"
    "\n"
    "Three fighters of Kata'ib Hezbollah were killed on Thursday in a strike on a building "
    "in the Green Zone, officials said. Commander al-Saadi was among them.\n"
    "The damage was put at €2 million by the ministry.\n"
    "A statement said <b>nothing</b> & nobody %PDF-1.7 was at fault."
)
TEXT_B = (
    "Drone strike in eastern Baghdad\n"
    "\n"
    "Two fighters of Kataib Hezbollah were killed on Wednesday when a drone hit a car "
    "in eastern Baghdad, a spokesman said. Commander al-Saadi was among them.\n"
    "Witness Ana Kovač said she heard “two loud blasts” — then silence."
)
TEXT_C = (
    "Baghdad strike\n"
    "\n"
    "Commander al-Saadi was among them, the group said.\n"
    "Residents said the Green Zone was sealed off."
)


def _claim(cid: str, text: str, sentence: str) -> Claim:
    start = text.index(sentence)
    return Claim(cid, cid[0], start, start + len(sentence), sentence, ClaimKind.STATEMENT)


def _span(text: str, word: str, after: int = 0) -> tuple[int, int]:
    start = text.index(word, after)
    return start, start + len(word)


def build() -> tuple[Comparison, Session]:
    a, b, c = article("A", TEXT_A), article("B", TEXT_B), article("C", TEXT_C)
    a1 = _claim("A1", TEXT_A, "Three fighters of Kata'ib Hezbollah were killed on Thursday")
    a2 = _claim("A2", TEXT_A, "Commander al-Saadi was among them.")
    a3 = _claim("A3", TEXT_A, "The damage was put at €2 million by the ministry.")
    b1 = _claim("B1", TEXT_B, "Two fighters of Kataib Hezbollah were killed on Wednesday")
    b2 = _claim("B2", TEXT_B, "Commander al-Saadi was among them.")
    b3 = _claim("B3", TEXT_B, "Witness Ana Kovač said she heard “two loud blasts” — then silence.")
    c1 = _claim("C1", TEXT_C, "Commander al-Saadi was among them, the group said.")
    c2 = _claim("C2", TEXT_C, "Residents said the Green Zone was sealed off.")
    killed = Difference(
        "number", ("Three", "Two"), (_span(TEXT_A, "Three"), _span(TEXT_B, "Two")), "killed: 3 vs 2"
    )
    day = Difference(
        "date",
        ("Thursday", "Wednesday"),
        (_span(TEXT_A, "Thursday"), _span(TEXT_B, "Wednesday")),
        "killed on: Thursday vs Wednesday",
    )
    place = Difference(
        "place",
        ("the Green Zone", "eastern Baghdad"),
        (_span(TEXT_A, "the Green Zone"), _span(TEXT_B, "eastern Baghdad", 100)),
        "strike: the Green Zone vs eastern Baghdad",
    )
    relations = (
        Relation(RelationKind.CONFLICT, ("A1", "B1"), 0.81, (killed, day)),
        Relation(RelationKind.CONFLICT, ("A3", "C2"), 0.40, (place,)),  # spans not in claims
        Relation(RelationKind.CONFLICT, ("B3", "C2"), 0.55, ()),  # rejected below
        Relation(RelationKind.MATCH, ("A2", "B2"), 0.97),
    )
    comparison = Comparison(
        (a, b, c),
        (a1, a2, a3, b1, b2, b3, c1, c2),
        relations,
        (("A2", "B2", "C1"),),
        "crosscheck 0.2.0",
    )
    sas = tuple(
        SessionArticle(f"key-{art.id}", i, art, "sha", NOW) for i, art in enumerate((a, b, c))
    )
    keys = {sa.article.id: sa.key for sa in sas}
    verdicts = (
        RelationVerdict(
            relation_keys(keys, comparison.claim("A3"), comparison.claim("C2"))[1],
            Verdict.CONFIRMED,
            None,
            "Checked with the ministry & the army",
            NOW,
        ),
        RelationVerdict(
            relation_keys(keys, comparison.claim("B3"), comparison.claim("C2"))[0],
            Verdict.REJECTED,
            None,
            "not the same event",
            NOW,
        ),
    )
    notes = (
        _note("n1", "key-A", TEXT_A, "al-Saadi", "Confirm the <b>name</b> & rank", "needs source"),
        _note("n2", "key-B", TEXT_B, "Kovač", "Witness reached by phone", "verified"),
        _note(
            "n3",
            "key-B",
            TEXT_B,
            "drone",
            "Old note, resolved",
            "other",
            status=AnnotationStatus.RESOLVED,
        ),
        replace(
            _note("n4", "key-C", TEXT_C, "sealed", "Lost passage", "discrepancy"),
            state=AnchorState.ORPHANED,
        ),
    )
    return comparison, Session("Baghdad strike check", NOW, NOW, sas, notes, verdicts)


def _note(
    nid: str,
    key: str,
    text: str,
    word: str,
    note: str,
    tag: str,
    status: AnnotationStatus = AnnotationStatus.OPEN,
) -> Annotation:
    s, e = _span(text, word)
    anchor = Anchor(word, text[max(0, s - 32) : s], text[e : e + 32], s, e, "sha")
    return Annotation(nid, key, anchor, note, tag, status, "mlopez", NOW, NOW)


def _highlights(path: Path) -> list[dict[str, Any]]:
    out = []
    for page in pypdf.PdfReader(str(path)).pages:
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            if annot["/Subtype"] == "/Highlight":
                out.append(annot)
    return out


def _positions(page: Any, word: str) -> list[tuple[float, float]]:
    """Page coordinates of the start of each extracted run holding ``word``."""
    spots: list[tuple[float, float]] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if word in text:
            x, y = tm[4], tm[5]
            spots.append((x * cm[0] + y * cm[2] + cm[4], x * cm[1] + y * cm[3] + cm[5]))

    page.extract_text(visitor_text=visit)
    return spots


def _text(path: Path) -> str:
    return "\n".join(p.extract_text() for p in pypdf.PdfReader(str(path)).pages)


def _export(tmp_path: Path, **kw: Any) -> tuple[Path, Any]:
    comparison, session = build()
    out = tmp_path / "summary.pdf"
    result = export_pdf(
        out, comparison=comparison, session=kw.pop("session", session), options=ExportOptions(**kw)
    )
    return out, result


def test_values_notes_and_names_are_in_the_text(tmp_path: Path) -> None:
    out, result = _export(tmp_path)
    text = _text(out)
    for expected in (
        "Baghdad strike check",
        "killed: 3 vs 2",
        "killed on: Thursday vs Wednesday",
        "Checked with the ministry & the army",
        "Witness reached by phone",
        "3 of 3 articles",
        "Kovač",
        "Kata'ib",
        "al-Saadi",
        "€2 million",
        "“two loud blasts” — then",
        "Lost passage",
        "orphaned",
    ):
        assert expected in text, expected
    assert result.pages == len(pypdf.PdfReader(str(out)).pages)
    assert result.font == "DejaVu Sans" or "Vera" in result.font


def test_article_and_note_text_prints_literally(tmp_path: Path) -> None:
    out, _ = _export(tmp_path)
    text = _text(out)
    assert "<b>nothing</b> & nobody %PDF-1.7" in text
    assert "Confirm the <b>name</b> & rank" in text


def test_confirmed_conflicts_come_first_and_rejected_last(tmp_path: Path) -> None:
    out, result = _export(tmp_path)
    text = " ".join(_text(out).split())
    d1 = text.index("D1 ·")
    assert "strike: the Green Zone vs eastern Baghdad" in text[d1 : d1 + 200]
    assert "D2 · number, date" in text
    assert "D3 · other" in text and "rejected by the reporter" in text
    assert "after the reporter's verdicts 2 conflicts, 1 match and 1 rejected" in text
    assert result.discrepancies == 3
    # Each card says how sure the engine was of the conflict, never "100%".
    assert text.count("engine 99% sure") == 3 and "100%" not in text


def test_only_open_drops_rejected_relations_and_resolved_annotations(tmp_path: Path) -> None:
    out, result = _export(tmp_path, only_open=True)
    text = _text(out)
    assert "rejected by the reporter" not in text
    assert "Old note, resolved" not in text
    assert result.discrepancies == 2 and result.annotations == 3


def test_a_retyped_relation_prints_as_its_new_kind(tmp_path: Path) -> None:
    """A match retyped as a conflict is a discrepancy with both claims (and no
    empty fields); a conflict retyped as a match leaves the discrepancies."""
    comparison, session = build()
    keys = {sa.article.id: sa.key for sa in session.articles}
    retyped = (
        RelationVerdict(
            relation_keys(keys, comparison.claim("A2"), comparison.claim("B2"))[0],
            Verdict.RETYPED,
            RelationKind.CONFLICT,
            "",
            NOW,
        ),
        RelationVerdict(
            relation_keys(keys, comparison.claim("A1"), comparison.claim("B1"))[0],
            Verdict.RETYPED,
            RelationKind.MATCH,
            "",
            NOW,
        ),
    )
    session = replace(session, verdicts=retyped)
    out = tmp_path / "retyped.pdf"
    result = export_pdf(out, comparison=comparison, session=session, options=ExportOptions())
    text = " ".join(_text(out).split())
    assert result.discrepancies == 3  # A3-C2, B3-C2, and A2-B2 retyped; not A1-B1
    assert "retyped by the reporter (the engine found a match)" in text
    # The engine's figure is of the match it found, so the card leaves it out.
    card = text.split("retyped by the reporter (the engine found a match)")[1][:40]
    assert "sure" not in card
    assert "· ·" not in text and "other · · retyped" not in text
    assert "killed: 3 vs 2" not in text.split("Agreement")[0]


def test_every_annotation_and_conflict_side_is_a_highlight(tmp_path: Path) -> None:
    out, result = _export(tmp_path)
    highlights = _highlights(out)
    names = {str(h["/NM"]).split("~")[0] for h in highlights}
    # 4 annotations (the orphan on its quote) + 2 sides of 2 conflicts not rejected
    # (a side whose values lie outside its claim is highlighted as a whole).
    assert len(names) == len(highlights) == 4 + 2 * 2 == result.highlights
    contents = {str(h["/NM"]): str(h["/Contents"]) for h in highlights}
    assert contents["N1"].endswith("Confirm the <b>name</b> & rank")
    assert "killed: 3 vs 2" in contents["D2-A"] and "killed: 3 vs 2" in contents["D2-B"]
    assert "Checked with the ministry & the army" in contents["D1-A"]
    assert {str(h["/T"]) for h in highlights if str(h["/NM"]).startswith("N")} == {"mlopez"}
    for h in highlights:
        quads = [float(v) for v in h["/QuadPoints"]]
        assert quads and len(quads) % 8 == 0
        assert len(h["/C"]) == 3


def test_highlights_sit_over_the_right_words(tmp_path: Path) -> None:
    """The quad of the annotation on "Kovač" covers where pypdf finds the word."""
    out, _ = _export(tmp_path)
    reader = pypdf.PdfReader(str(out))
    for page in reader.pages:
        annots = [a.get_object() for a in page.get("/Annots") or []]
        found = [a for a in annots if "Witness reached" in str(a.get("/Contents"))]
        if not found:
            continue
        quads = [float(v) for v in found[0]["/QuadPoints"]]
        spots = _positions(page, "Kovač")
        assert spots
        x0, y1, x1, _, _, y0 = quads[0], quads[1], quads[2], quads[3], quads[4], quads[5]
        assert any(y0 - 1 <= y <= y1 + 1 and x <= x1 for x, y in spots)
        assert x1 > x0
        return
    pytest.fail("no highlight for the Kovač annotation")


def test_without_full_texts_highlights_go_on_excerpts_and_quotes(tmp_path: Path) -> None:
    out, result = _export(tmp_path, include_texts=False)
    highlights = _highlights(out)
    assert len(highlights) == 8 == result.highlights
    assert "Full texts" not in _text(out)


def test_export_straight_from_files_has_no_annotations(tmp_path: Path) -> None:
    out, result = _export(tmp_path, session=None)
    names = {str(h["/NM"]) for h in _highlights(out)}
    # Without a session nothing is rejected: three conflicts, two sides each.
    assert names == {f"D{n}-{a}" for n, a in [(1, "A"), (1, "B"), (2, "A"), (2, "C")]} | {
        "D3-B",
        "D3-C",
    }
    assert result.annotations == 0
    assert "Exported from files" in _text(out)


def test_metadata_and_outline(tmp_path: Path) -> None:
    out, _ = _export(tmp_path, author="Desk editor", paper="Letter")
    reader = pypdf.PdfReader(str(out))
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "Baghdad strike check"
    assert meta.author == "Desk editor"
    assert meta.creator == f"Crosscheck {__version__}"

    def titles(items: list[Any]) -> list[str]:
        out: list[str] = []
        for item in items:
            out += titles(item) if isinstance(item, list) else [item.title]
        return out

    found = titles(reader.outline)
    for expected in ("Discrepancies", "Agreement", "Annotations", "Full texts"):
        assert expected in found
    assert any(t.startswith("B · Drone strike") for t in found)
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (612, 792)  # Letter


def test_kinds_filter(tmp_path: Path) -> None:
    out, result = _export(tmp_path, kinds=frozenset({"match"}))
    assert result.discrepancies == 0
    assert "No conflicts" in _text(out)
    with pytest.raises(ValueError, match="unknown relation kinds"):
        ExportOptions(kinds=frozenset({"maybe"}))


def test_a_hundred_page_article_with_long_words_flows(tmp_path: Path) -> None:
    url = "https://example.org/" + "very-long-path-segment/" * 30
    para = ("Officials said the strike hit a building near the river. " * 12).strip()
    body = "\n".join(f"{para} {url if i % 7 == 0 else ''}" for i in range(640))
    body += "\n" + "x" * 3000 + "\nThe end of the long article."
    long_text = "Long article\n\n" + body
    comparison, session = build()
    big = article("A", long_text)
    end = long_text.index("The end")
    note = _note("n9", "key-A", long_text, "The end of the long article.", "Last line", "other")
    sas = (replace(session.articles[0], article=big),)
    session = replace(session, articles=sas, annotations=(note,), verdicts=())
    comparison = Comparison((big,), (), (), (), "crosscheck 0.2.0")
    out = tmp_path / "long.pdf"
    result = export_pdf(out, comparison=comparison, session=session)
    assert result.pages >= 100
    assert result.highlights == 1
    assert note.anchor.start == end
    reader = pypdf.PdfReader(str(out))
    last = reader.pages[-1]
    assert "The end of the long article." in last.extract_text()
    # nothing drawn past the right margin: every line of text fits the page
    width = float(last.mediabox[2])
    xs: list[float] = []
    reader.pages[10].extract_text(visitor_text=lambda t, cm, tm, f, s: xs.append(tm[4]))
    assert xs and max(xs) < width


def test_target_is_replaced_atomically(tmp_path: Path) -> None:
    out = tmp_path / "summary.pdf"
    out.write_bytes(b"old")
    comparison, session = build()
    export_pdf(out, comparison=comparison, session=session)
    assert out.read_bytes().startswith(b"%PDF")
    assert [p.name for p in tmp_path.iterdir()] == ["summary.pdf"]


def test_refuses_a_folder_a_missing_folder_and_an_unwritable_one(tmp_path: Path) -> None:
    comparison, _ = build()
    with pytest.raises(InputError, match="folder, not a file"):
        export_pdf(tmp_path, comparison=comparison)
    with pytest.raises(InputError, match="does not exist"):
        export_pdf(tmp_path / "nope" / "x.pdf", comparison=comparison)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):
            pytest.skip("running as a user who can write anywhere (root)")
        with pytest.raises(InputError, match="not writable") as info:
            export_pdf(locked / "x.pdf", comparison=comparison)
        assert info.value.todo
    finally:
        locked.chmod(0o700)


def test_a_special_file_is_written_into_not_replaced(tmp_path: Path) -> None:
    comparison, _ = build()
    result = export_pdf(os.devnull, comparison=comparison)
    assert Path(os.devnull).exists() and not Path(os.devnull).is_file()
    assert result.pages >= 1


def test_cancel_leaves_the_target_untouched(tmp_path: Path) -> None:
    out = tmp_path / "summary.pdf"
    out.write_bytes(b"old")
    long_text = "Title\n\n" + "\n".join("A paragraph of words." for _ in range(400))
    comparison = Comparison((article("A", long_text),), (), (), (), "crosscheck 0.2.0")
    stages: list[tuple[str, int, int]] = []
    with pytest.raises(Cancelled):
        export_pdf(
            out,
            comparison=comparison,
            progress=lambda s, d, t: stages.append((s, d, t)),
            cancelled=lambda: len(stages) > 2,
        )
    assert out.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["summary.pdf"]
    assert stages[0][0] == "preparing" and any(s == "layout" for s, _, _ in stages)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) not on PATH")
def test_first_page_renders_to_a_non_blank_image(tmp_path: Path) -> None:
    out, _ = _export(tmp_path)
    subprocess.run(
        ["pdftoppm", "-r", "50", "-f", "1", "-l", "1", "-png", str(out), str(tmp_path / "p")],
        check=True,
        timeout=60,
    )
    (png,) = tmp_path.glob("p*.png")
    try:
        from PIL import Image
    except ImportError:
        # No Pillow: a blank page compresses to almost nothing.
        assert png.stat().st_size > 3000
        return
    with Image.open(png) as image:
        grey = image.convert("L")
        dark = sum(grey.histogram()[:128])
        assert dark > 0.005 * grey.width * grey.height


def test_refuses_an_unwritable_folder_even_as_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    comparison, _ = build()
    monkeypatch.setattr("app.export.pdf.export.os.access", lambda path, mode: False)
    with pytest.raises(InputError, match="is not writable") as info:
        export_pdf(tmp_path / "x.pdf", comparison=comparison)
    assert "permissions" in info.value.message()
    assert list(tmp_path.iterdir()) == []


def test_the_cover_carries_the_application_icon(tmp_path: Path) -> None:
    out, _ = _export(tmp_path)
    reader = pypdf.PdfReader(str(out))

    def images(page: Any) -> list[Any]:
        xobjects = page["/Resources"].get("/XObject", {})
        found = [xobjects[name].get_object() for name in xobjects]
        return [x for x in found if x["/Subtype"] == "/Image"]

    (icon,) = images(reader.pages[0])
    assert (icon["/Width"], icon["/Height"]) == (256, 256)  # the committed PNG, whole
    assert not any(images(page) for page in reader.pages[1:])  # on the cover only
