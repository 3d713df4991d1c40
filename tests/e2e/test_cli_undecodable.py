"""Bytes that are not UTF-8 in a path or a note, from the command line (issue
12, point 7): a file name in Latin-1 is read, stored and found again by its
exact bytes; words typed in Latin-1 are refused with what to do; nothing ends
in a traceback.

The program runs with strict UTF-8 output, as under a desktop's UTF-8 locale
(en_US.UTF-8), where Python refuses to print such bytes instead of passing
them through as it does under C.UTF-8.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "resources" / "samples").glob("*.txt"))
LATIN1_NAME = os.fsdecode("café-wire.txt".encode("latin-1"))  # b"caf\xe9-wire.txt"

pytestmark = pytest.mark.skipif(
    sys.platform == "win32", reason="Windows file names are UTF-16, never raw bytes"
)


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONIOENCODING="utf-8:strict")
    result = subprocess.run(
        [sys.executable, "-m", "app", *map(str, args)],
        capture_output=True,
        encoding="utf-8",
        errors="strict",  # the program's output must be valid UTF-8 too
        stdin=subprocess.DEVNULL,
        cwd=cwd,
        env=env,
        timeout=300,
        check=False,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copy(SAMPLES[0], tmp_path / LATIN1_NAME)
    shutil.copy(SAMPLES[1], tmp_path / "regional.txt")
    # The premise: the name on disk is not UTF-8.
    assert b"caf\xe9-wire.txt" in [os.fsencode(p.name) for p in tmp_path.iterdir()]
    return tmp_path


def test_a_session_of_a_latin_1_file_name_is_saved_shown_and_reloaded(folder: Path) -> None:
    db = ("--db", folder / "crosscheck.sqlite3")
    new = run("session", "new", "ferry", LATIN1_NAME, "regional.txt", *db, cwd=folder)
    assert new.returncode == 0, new.stderr
    assert "Created session 'ferry'" in new.stdout

    shown = run("session", "show", "ferry", *db, cwd=folder)
    assert shown.returncode == 0, shown.stderr
    assert f"{folder}/caf\\xe9-wire.txt" in shown.stdout  # the byte, escaped
    assert "the source file is" not in shown.stdout  # found again: unchanged

    as_json = run("session", "show", "ferry", "--json", *db, cwd=folder)
    assert as_json.returncode == 0, as_json.stderr
    first = json.loads(as_json.stdout)["articles"][0]
    assert first["source_path"] == f"{folder}/caf\ufffd-wire.txt"
    assert first["source"] == "unchanged"
    assert "not UTF-8" in as_json.stderr and "\ufffd" in as_json.stderr

    reload = run("session", "reload", "ferry", *db, cwd=folder)
    assert reload.returncode == 0, reload.stderr
    assert "A  unchanged: " in reload.stdout and "caf\\xe9-wire.txt" in reload.stdout

    note = os.fsdecode("le café dit trois".encode("latin-1"))
    args = ("annotate", "--session", "ferry", "--article", "1", "--quote", "Selka Dawn")
    refused = run(*args, "--occurrence", "1", "--note", note, *db, cwd=folder)
    assert refused.returncode == 2
    assert "note given with --note holds bytes that are not UTF-8" in refused.stderr
    assert "caf\\xe9" in refused.stderr and "LANG=" in refused.stderr
    after = json.loads(run("session", "show", "ferry", "--json", *db, cwd=folder).stdout)
    assert after["annotations"] == []
    saved = run(*args, "--occurrence", "1", "--note", "le café dit trois", *db, cwd=folder)
    assert saved.returncode == 0, saved.stderr


def test_analyze_reads_a_latin_1_name_and_writes_json_to_one(folder: Path) -> None:
    out = os.fsdecode(b"r\xe9sultat.json")
    result = run("analyze", LATIN1_NAME, "regional.txt", "--json", out, cwd=folder)
    assert result.returncode == 0, result.stderr
    written = folder / out
    assert os.fsencode(written.name) == b"r\xe9sultat.json"
    data = json.loads(written.read_bytes().decode("utf-8"))  # valid UTF-8 JSON
    assert [a["path"] for a in data["articles"]] == ["caf\ufffd-wire.txt", "regional.txt"]
    assert data["relations"]
    assert "not UTF-8" in result.stderr

    report = run("analyze", LATIN1_NAME, "regional.txt", cwd=folder)
    assert report.returncode == 0, report.stderr
    assert "caf\\xe9-wire.txt" in report.stdout


def test_a_missing_latin_1_file_is_named_in_a_readable_message(folder: Path) -> None:
    missing = os.fsdecode(b"r\xe9sum\xe9.txt")
    result = run("analyze", missing, "regional.txt", cwd=folder)
    assert result.returncode == 2
    assert "r\\xe9sum\\xe9.txt" in result.stderr and "no file" in result.stderr
