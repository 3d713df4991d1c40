"""`crosscheck export` in every format, as a user runs it: a saved session
with a verdict and a note, exported to Markdown, Word and CSV and read back."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

docx = pytest.importorskip("docx", reason="python-docx reads the Word summary back")

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "resources" / "samples").glob("*.txt"))
NAME = "ferry | check"
VERDICT_NOTE = "Coastguard log | checked"
NOTE = "=Ask the harbour master"
Run = subprocess.CompletedProcess[str]


def run(*args: str | Path) -> Run:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "app", *map(str, args)],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        cwd=ROOT,
        env=env,
        timeout=300,
        check=False,
    )


def ok(*args: str | Path) -> str:
    result = run(*args)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str, str]:
    """("--db", path, the id of the conflict confirmed with a note)."""
    path = str(tmp_path_factory.mktemp("db") / "crosscheck.sqlite3")
    ok("session", "new", NAME, *SAMPLES, "--db", path)
    shown = json.loads(ok("session", "show", NAME, "--json", "--db", path))
    conflict = next(r["id"] for r in shown["relations"] if r["kind"] == "conflict")
    ok("verdict", "confirm", "--session", NAME, "--relation", conflict, "--note", VERDICT_NOTE,
       "--db", path)  # fmt: skip
    ok("annotate", "--session", NAME, "--article", "1", "--quote", "Oster Island", "--note", NOTE,
       "--occurrence", "1",
       "--db", path)  # fmt: skip
    return "--db", path, conflict


def test_markdown_word_and_csv_by_the_files_ending(
    db: tuple[str, str, str], tmp_path: Path
) -> None:
    flag, path, conflict = db
    for name in ("s.md", "s.docx", "s.csv"):
        result = ok("export", "--session", NAME, "--out", tmp_path / name, flag, path)
        assert result.startswith(f"Wrote {tmp_path / name}: ")

    md = (tmp_path / "s.md").read_text(encoding="utf-8")
    assert md.startswith("# ferry \\| check\n")
    assert "Coastguard log \\| checked" in md and "\\=Ask the harbour master" in md

    word = docx.Document(str(tmp_path / "s.docx"))
    table = word.tables[1]
    assert any(VERDICT_NOTE in cell.text for cell in table.columns[6].cells)
    assert any(NOTE in c.text for c in word.comments)

    with (tmp_path / "s.csv").open(encoding="utf-8", newline="") as f:
        rows = {r["id"]: r for r in csv.DictReader(f)}
    assert rows[conflict]["verdict"] == "confirmed"
    assert rows[conflict]["note"] == VERDICT_NOTE
    assert rows[conflict]["value_1"] and rows[conflict]["value_2"]


def test_format_option_and_its_errors(db: tuple[str, str, str], tmp_path: Path) -> None:
    flag, path, _ = db
    out = tmp_path / "relations.txt"
    ok("export", "--session", NAME, "-o", out, "--format", "csv", flag, path)
    assert out.read_text(encoding="utf-8").startswith("id,kind,")

    unknown = run("export", "--session", NAME, "--out", tmp_path / "s.odt", flag, path)
    assert unknown.returncode == 2
    assert "Cannot tell which format to write" in unknown.stderr and "--format" in unknown.stderr
    assert not (tmp_path / "s.odt").exists()

    clash = run("export", "--session", NAME, "--pdf", tmp_path / "x.pdf", "--format", "md")
    assert clash.returncode == 2 and "--pdf always writes a PDF" in clash.stderr

    both = run("export", "--session", NAME, "--pdf", "a.pdf", "--out", "b.md", flag, path)
    assert both.returncode == 2 and "not allowed with argument" in both.stderr
