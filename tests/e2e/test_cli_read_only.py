"""A database in a read-only folder from the command line (issue 12, point
11): list, show and export it; writes say why not and what to do.

The tests run as root, whom permissions do not stop, so the commands run as
``nobody`` (setpriv) on a database root made read-only for it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "resources" / "samples").glob("*.txt"))
NOBODY = 65534

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")


def _as_reader() -> list[str]:
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: no user whom permissions stop")
    return [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]


def run(*args: str | Path, reader: bool = True) -> subprocess.CompletedProcess[str]:
    prefix = _as_reader() if reader else []
    result = subprocess.run(
        [*prefix, sys.executable, "-m", "app", *map(str, args)],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        cwd="/",
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        timeout=300,
        check=False,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


@pytest.fixture(scope="module")
def place() -> Iterator[Path]:
    """A saved session in a folder, then folder and files made read-only."""
    folder = Path(tempfile.mkdtemp(prefix="crosscheck-ro-e2e-"))
    try:
        (folder / "desk").mkdir()
        db = folder / "desk" / "crosscheck.sqlite3"
        made = run("session", "new", "ferry", *SAMPLES[:2], "--db", db, reader=False)
        assert made.returncode == 0, made.stderr
        for path in [db.parent, *db.parent.rglob("*")]:
            path.chmod(0o555 if path.is_dir() else 0o444)
        (folder / "out").mkdir()
        (folder / "out").chmod(0o777)  # where the reader may write its PDF
        folder.chmod(0o755)
        yield db
    finally:
        for path in folder.rglob("*"):
            path.chmod(0o755)
        shutil.rmtree(folder)


def test_listing_showing_and_exporting_work(place: Path) -> None:
    before = sorted(p.name for p in place.parent.iterdir())
    listed = run("sessions", "--json", "--db", place)
    assert listed.returncode == 0, listed.stderr
    assert [s["name"] for s in json.loads(listed.stdout)] == ["ferry"]
    url = run("sessions", "--db", f"sqlite:///file:{place}?mode=ro")
    assert url.returncode == 0, url.stderr
    assert url.stdout.startswith("NAME") and "ferry" in url.stdout

    shown = run("session", "show", "ferry", "--json", "--db", place)
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["analysis"] == "cached"

    pdf = place.parent.parent / "out" / "ferry.pdf"
    exported = run("export", "--session", "ferry", "--pdf", pdf, "--db", place)
    assert exported.returncode == 0, exported.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in place.parent.iterdir()) == before  # nothing written there


def test_writes_say_why_they_cannot_be_made(place: Path) -> None:
    note = ("--article", "1", "--quote", "Selka Dawn", "--occurrence", "1", "--note", "n")
    refused = run("annotate", "--session", "ferry", *note, "--db", place)
    assert refused.returncode == 2
    assert "Cannot write to the database" in refused.stderr
    assert "read-only for you" in refused.stderr and "--db PATH" in refused.stderr
    # Refused before the analysis, whose result it could not save.
    new = run("session", "new", "other", *SAMPLES[:2], "--db", place)
    assert new.returncode == 2 and "Cannot write to the database" in new.stderr
    listed = run("sessions", "--json", "--db", place)
    assert [s["annotations"] for s in json.loads(listed.stdout)] == [0]
