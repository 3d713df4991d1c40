"""`crosscheck analyze -` and `session new NAME -` (issue 13): one article
read from standard input, as a reporter pipes a copied story in.  A real
process, real files, a database in a temporary folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "resources" / "samples").glob("*.txt"))
PAGE_URL = "https://news.example/selka-dawn"


def run(*args: str | Path, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "app", *map(str, args)],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        env=env,
        timeout=300,
        check=False,
    )


def blog_page() -> bytes:
    """The third sample as a saved web page naming its own address."""
    title, *paragraphs = [p for p in SAMPLES[2].read_text("utf-8").split("\n\n") if p]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!doctype html><html><head><link rel="canonical" href="{PAGE_URL}">'
        f"<title>{title} | Blog</title></head><body><article><h1>{title}</h1>{body}"
        "</article></body></html>"
    ).encode()


def test_analyze_reads_an_html_article_from_standard_input(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    result = run("analyze", SAMPLES[0], "-", "--json", out, stdin=blog_page())
    assert result.returncode == 0, result.stderr.decode()
    data = json.loads(out.read_text("utf-8"))
    first, piped = data["articles"]
    assert (first["path"], first["origin"], first["url"]) == (str(SAMPLES[0]), "file", None)
    assert (piped["path"], piped["origin"], piped["url"]) == ("-", "stdin", PAGE_URL)
    assert piped["format"] == "html"
    assert piped["title"] == "Selka Dawn disaster: the ferry that should never have sailed?"
    assert "Nine people are confirmed dead" in piped["text"]
    assert data["relations"], "the piped article is compared like a file"


def test_analyze_reads_plain_text_named_by_title_in_the_readable_report() -> None:
    text = SAMPLES[1].read_bytes().split(b"\n", 1)[1]  # without its headline line
    result = run("analyze", SAMPLES[0], "-", "--title", "Regional daily", stdin=text)
    assert result.returncode == 0, result.stderr.decode()
    report = result.stdout.decode()
    assert "[B] Regional daily" in report
    assert "(standard input) · " in report


def test_binary_empty_or_doubled_standard_input_is_refused_clearly() -> None:
    png = run("analyze", SAMPLES[0], "-", stdin=b"\x89PNG\r\n\x1a\n" + bytes(300))
    assert png.returncode == 2
    assert b"The text on standard input is not an article Crosscheck can read" in png.stderr
    empty = run("analyze", SAMPLES[0], "-", stdin=b"")
    assert empty.returncode == 2 and b"standard input is empty" in empty.stderr
    twice = run("analyze", SAMPLES[0], "-", "-", stdin=b"text")
    assert twice.returncode == 2 and b"more than once" in twice.stderr
    titled = run("analyze", SAMPLES[0], SAMPLES[1], "--title", "T")
    assert titled.returncode == 2 and b"no article is read from standard input" in titled.stderr


def test_a_session_with_a_piped_article_shows_and_reloads(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite3"
    made = run("session", "new", "piped", SAMPLES[0], "-", "--db", db, stdin=blog_page())
    assert made.returncode == 0, made.stderr.decode()

    shown = run("session", "show", "piped", "--json", "--db", db)
    assert shown.returncode == 0, shown.stderr.decode()
    piped = json.loads(shown.stdout)["articles"][1]
    assert (piped["source_path"], piped["origin"], piped["url"]) == ("", "stdin", PAGE_URL)
    assert piped["source"] == "no file to watch (pasted or piped in)"
    text = run("session", "show", "piped", "--db", db).stdout.decode()
    assert "read from standard input on " in text and PAGE_URL in text
    assert "the source file is" not in text

    reloaded = run("session", "reload", "piped", "--db", db)
    assert reloaded.returncode == 0, reloaded.stderr.decode()
    assert "B  no file to watch (pasted or piped in): read from standard input on" in (
        reloaded.stdout.decode()
    )
