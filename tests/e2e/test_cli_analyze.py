"""`crosscheck analyze` as a user runs it: a real process, real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "resources" / "samples").glob("*.txt"))


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        env=env,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def sample_json(tmp_path_factory: pytest.TempPathFactory) -> dict:  # type: ignore[type-arg]
    out = tmp_path_factory.mktemp("json") / "out.json"
    result = run("analyze", *map(str, SAMPLES), "--json", str(out))
    assert result.returncode == 0, result.stderr
    return json.loads(out.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_json_contract_shape(sample_json: dict) -> None:  # type: ignore[type-arg]
    assert sample_json["version"] == 1
    assert sample_json["engine"].startswith("crosscheck ")
    ids = set()
    for article, path in zip(sample_json["articles"], SAMPLES, strict=True):
        assert article["path"] == str(path)
        assert len(article["sha256"]) == 64
        for claim in article["claims"]:
            assert claim["id"] not in ids
            ids.add(claim["id"])
            assert article["text"][claim["start"] : claim["end"]] == claim["text"]
            assert claim["kind"] in ("statement", "quote", "heading", "boilerplate")
            for fact in claim["facts"]:
                assert article["text"][fact["start"] : fact["end"]] == fact["text"]
    owner = {c["id"]: a["id"] for a in sample_json["articles"] for c in a["claims"]}
    assert sample_json["relations"], "the samples share claims"
    for rel in sample_json["relations"]:
        assert rel["kind"] in ("match", "conflict")
        a, b = rel["claims"]
        assert owner[a] != owner[b]
        for diff in rel["differences"]:
            assert len(diff["values"]) == 2 and len(diff["spans"]) == 2
            assert diff["note"]
    for group in sample_json["groups"]:
        assert all(cid in owner for cid in group)


def test_samples_show_their_discrepancies(sample_json: dict) -> None:  # type: ignore[type-arg]
    conflicts = [
        d["note"]
        for r in sample_json["relations"]
        for d in r["differences"]
        if r["kind"] == "conflict" and d["conflicting"]
    ]
    assert any("128 vs 126" in n for n in conflicts), conflicts
    # The capsizing is dated Wednesday by the wire and Tuesday night by the
    # daily, in two differently worded sentences: shown, as a conflict or, when
    # the engine is less sure, as a possible difference on the link.
    notes = [d["note"] for r in sample_json["relations"] for d in r["differences"]]
    assert any("Wednesday" in n and "Tuesday" in n for n in notes), notes
    for rel in sample_json["relations"]:
        assert rel["possible"] is False
        assert 0 <= rel["confidence"] <= 1


def test_possible_relations_are_listed_on_request() -> None:
    plain = run("analyze", *map(str, SAMPLES), "--json", "-")
    every = run("analyze", *map(str, SAMPLES), "--json", "-", "--possible")
    assert plain.returncode == every.returncode == 0, every.stderr
    shown, found = json.loads(plain.stdout)["relations"], json.loads(every.stdout)["relations"]
    assert len(found) > len(shown)
    assert {r["possible"] for r in found} == {True, False}
    text = run("analyze", *map(str, SAMPLES))
    assert "--possible lists them" in text.stdout


def conflicting_pair(folder: Path) -> list[str]:
    """Two short reports that agree on everything but one count."""
    texts = {
        "wire.txt": "Police arrested 12 protesters outside the embassy on Friday night.\n\n"
        "The interior ministry declined to comment on the arrests.\n",
        "daily.txt": "Police arrested 17 protesters outside the embassy on Friday night.\n\n"
        "The interior ministry would not comment on the arrests.\n",
    }
    paths = []
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
        paths.append(str(folder / name))
    return paths


def test_readable_report_puts_conflicts_first(tmp_path: Path) -> None:
    result = run("analyze", *conflicting_pair(tmp_path))
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert "[A] vs [B]" in text
    assert text.index("CONFLICTS") < text.index("MATCHES")
    assert "»12«" in text and "»17«" in text and "% sure" in text
    assert "Totals:" in text


def test_json_to_stdout() -> None:
    result = run("analyze", *map(str, SAMPLES[:2]), "--json", "-")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["version"] == 1


def test_help_and_version_do_not_load_spacy_or_qt() -> None:
    code = (
        "import sys, contextlib, io\n"
        "from app.cli import main\n"
        "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['--help'])\n"
        "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['--version'])\n"
        "heavy = [m for m in ('spacy', 'PySide6', 'sqlalchemy', 'numpy') if m in sys.modules]\n"
        "print(heavy)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )
    assert result.stdout.strip() == "[]", result.stderr
    version = run("--version")
    assert version.returncode == 0 and version.stdout.startswith("crosscheck ")


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda d: d / "missing.txt", "no file at"),
        (lambda d: d, "folder"),
        (lambda d: _write(d / "empty.txt", b""), "empty"),
        (lambda d: _write(d / "blank.txt", b"  \n\n \t\n"), "no text"),
        (lambda d: _write(d / "binary.txt", b"abc\x00\x01\x02" * 50), "binary"),
        (lambda d: _write(d / "image.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64), "PNG"),
        (lambda d: _write(d / "fake.docx", b"this is not a zip"), "docx"),
        (lambda d: _write(d / "fake.pdf", b"%PDF-1.4\nbroken"), "PDF"),
    ],
)
def test_bad_input_exits_2_with_a_message(tmp_path: Path, make, expected: str) -> None:  # type: ignore[no-untyped-def]
    bad = make(tmp_path)
    result = run("analyze", str(SAMPLES[0]), str(bad))
    assert result.returncode == 2, (result.stdout, result.stderr)
    message = result.stderr.lower()
    assert expected.lower() in message, result.stderr
    assert "traceback" not in message
    assert result.stdout == ""


def test_one_file_is_not_a_comparison() -> None:
    result = run("analyze", str(SAMPLES[0]))
    assert result.returncode == 2
    assert "at least two" in result.stderr


def test_usage_errors_exit_2() -> None:
    result = run("analyze")
    assert result.returncode == 2
    result = run("analyze", str(SAMPLES[0]), str(SAMPLES[1]), "--sensitivity", "7")
    assert result.returncode == 2
    assert "between 0 and 1" in result.stderr


def test_unwritable_json_target_is_bad_input(tmp_path: Path) -> None:
    result = run("analyze", *map(str, SAMPLES[:2]), "--json", str(tmp_path / "no" / "x.json"))
    assert result.returncode == 2
    assert "could not write" in result.stderr.lower()


def test_json_over_an_article_is_refused_and_the_article_kept(tmp_path: Path) -> None:
    # "--json" directly before the articles takes the first one as its path.
    paths = conflicting_pair(tmp_path)
    before = Path(paths[0]).read_bytes()
    result = run("analyze", "--json", *paths, str(SAMPLES[0]))
    assert result.returncode == 2
    assert "names an existing article file" in result.stderr
    assert Path(paths[0]).read_bytes() == before
    result = run("analyze", *paths, "--json", paths[1])
    assert result.returncode == 2
    assert "names one of the articles" in result.stderr


def test_export_over_an_article_is_refused_and_the_article_kept(tmp_path: Path) -> None:
    paths = conflicting_pair(tmp_path)
    before = Path(paths[1]).read_bytes()
    result = run("export", *paths, "--out", str(tmp_path / "." / "daily.txt"), "--format", "md")
    assert result.returncode == 2
    assert "names one of the articles" in result.stderr
    assert Path(paths[1]).read_bytes() == before


def test_unknown_spacy_model_is_explained() -> None:
    result = run("analyze", *map(str, SAMPLES[:2]), "--model", "xx_no_such_pipeline")
    assert result.returncode == 2
    assert "xx_no_such_pipeline" in result.stderr
    assert "never downloads" in result.stderr


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_json_to_a_device_writes_into_it_and_leaves_it_a_device() -> None:
    # An atomic rename onto /dev/null once replaced the device with a file.
    result = run("analyze", *map(str, SAMPLES[:2]), "--json", os.devnull)
    assert result.returncode == 0, result.stderr
    assert Path(os.devnull).is_char_device()


def test_export_from_files_writes_a_pdf_with_highlights(tmp_path: Path) -> None:
    from pypdf import PdfReader

    out = tmp_path / "summary.pdf"
    result = run("export", *conflicting_pair(tmp_path), "--pdf", str(out))
    assert result.returncode == 0, result.stderr
    reader = PdfReader(str(out))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Discrepancies" in text and "17" in text
    highlights = [
        annot.get_object()
        for page in reader.pages
        for annot in page.get("/Annots", []) or []
        if annot.get_object().get("/Subtype") == "/Highlight"
    ]
    assert highlights, "every conflict is a real PDF highlight"


def test_export_says_when_characters_could_not_be_printed(tmp_path: Path) -> None:
    """Characters no font here has (two unassigned code points stand in for a
    script the machine lacks) are reported on the terminal and on the cover."""
    paths = conflicting_pair(tmp_path)
    with Path(paths[0]).open("a", encoding="utf-8") as f:
        f.write("Spokesman \u0378\u0379 Sergei said so.\n")
    out = tmp_path / "summary.pdf"
    result = run("export", *paths, "--pdf", str(out))
    assert result.returncode == 0, result.stderr
    assert "2 characters could not be printed" in result.stdout
    from pypdf import PdfReader

    cover = " ".join(PdfReader(str(out)).pages[0].extract_text().split())
    assert "2 characters could not be printed" in cover and "U+0378 U+0379" in cover


def test_export_refuses_files_and_session_together(tmp_path: Path) -> None:
    result = run(
        "export", *map(str, SAMPLES[:2]), "--session", "x", "--pdf", str(tmp_path / "x.pdf")
    )
    assert result.returncode == 2
    assert "either --session" in result.stderr


def test_a_stray_byte_in_utf8_is_replaced_and_reported(tmp_path: Path) -> None:
    # A UTF-8 article ("Lindqväy" spelt right everywhere) with one byte of
    # Latin-1 in it: UTF-8 with that byte replaced, not mojibake throughout.
    data = SAMPLES[1].read_bytes().replace(b"Lindqvay", "Lindqväy".encode())
    data = data.replace("Lindqväy".encode(), b"Lindqv\xe4y", 1)
    damaged = tmp_path / "damaged.txt"
    damaged.write_bytes(data)
    result = run("analyze", str(SAMPLES[0]), str(damaged), "--json", "-")
    assert result.returncode == 0, result.stderr
    assert "crosscheck: warning:" in result.stderr and "damaged.txt" in result.stderr
    text = json.loads(result.stdout)["articles"][1]["text"]
    assert "Lindqv\ufffdy" in text and "Lindqväy" in text and "Ã" not in text
