"""Saved sessions from the command line, as a user runs them: a real process,
a database in a temporary folder, copies of the bundled sample articles.

The analysis (spaCy) runs in two processes only: `session new` and the
`session reload` after an edit; everything else reuses that one session or a
copy of its database file.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "resources" / "samples").glob("*.txt"))
NAME = "ferry"
MOVED = "passed its most recent safety inspection in March"
EDITED = "Rescue boats and two helicopters pulled 128 people"
DELETED = "Relatives of the missing gathered at the ferry terminal"
Run = subprocess.CompletedProcess[str]


def run(*args: str | Path) -> Run:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "app", *map(str, args)],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,  # never a terminal: `delete` must not ask
        cwd=ROOT,
        env=env,
        timeout=300,
        check=False,
    )


def ok(*args: str | Path) -> str:
    result = run(*args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def as_json(*args: str | Path) -> Any:
    return json.loads(ok(*args))


def copy_db(source: Path, dest: Path) -> Path:
    """A self-contained copy of a database (the SQLite backup API)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    with (
        contextlib.closing(sqlite3.connect(source)) as src,
        contextlib.closing(sqlite3.connect(dest)) as dst,
    ):
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")
    return dest


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass
class Flow:
    """One session taken through new, annotate, show, edit and reload."""

    db: Path
    sources: list[Path]
    runs: dict[str, Run] = field(default_factory=dict)
    ids: dict[str, str] = field(default_factory=dict)
    shown: dict[str, Any] = field(default_factory=dict)


@pytest.fixture(scope="module")
def flow(tmp_path_factory: pytest.TempPathFactory) -> Flow:
    folder = tmp_path_factory.mktemp("sessions")
    sources = [Path(shutil.copy(s, folder / s.name)) for s in SAMPLES]
    f = Flow(db=folder / "crosscheck.sqlite3", sources=sources)
    db = ("--db", f.db)
    f.runs["new"] = run("session", "new", NAME, *sources, *db)
    f.runs["sessions"] = run("sessions", "--json", *db)
    f.runs["again"] = run("session", "new", NAME, *sources, *db)
    for key, quote in (("moved", MOVED), ("edited", EDITED), ("deleted", DELETED)):
        args = ("--quote", quote, "--note", f"note {key}", "--tag", "Needs Source")
        f.ids[key] = ok("annotate", "--session", NAME, "--article", "1", *args, *db).strip()
    note = ("--session", NAME, "--article", "1", "--note", "n", *db)
    f.runs["missing"] = run("annotate", *note, "--quote", "the sea was calm")
    f.runs["ambiguous"] = run("annotate", *note, "--quote", "Selka Dawn")
    f.runs["occurrence"] = run("annotate", *note, "--quote", "Selka Dawn", "--occurrence", "2")
    f.runs["no article"] = run(
        "annotate", "--session", NAME, "--article", "4", "--note", "n", "--quote", "ferry", *db
    )
    f.shown["before"] = as_json("session", "show", NAME, "--json", *db)
    text = sources[0].read_text(encoding="utf-8")
    text = text.replace("2024\n\n", "2024\n\nUpdated with figures from the coastguard.\n\n", 1)
    text = text.replace("two helicopters", "three helicopters")
    sources[0].write_text(text.split("\n\n" + DELETED)[0] + "\n", encoding="utf-8")
    sources[2].unlink()
    f.runs["reload"] = run("session", "reload", NAME, *db)
    f.shown["after"] = as_json("session", "show", NAME, "--json", *db)
    return f


def test_new_stores_the_session_and_sessions_lists_it(flow: Flow) -> None:
    new = flow.runs["new"]
    assert new.returncode == 0, new.stderr
    assert new.stdout.count("\n") == 1 and "3 articles" in new.stdout
    assert "claims" in new.stdout and "matches" in new.stdout and "conflicts" in new.stdout
    [listed] = json.loads(flow.runs["sessions"].stdout)
    assert (listed["name"], listed["articles"], listed["annotations"]) == (NAME, 3, 0)
    assert listed["relations"] > 0
    assert listed["updated"].endswith("+00:00")
    again = flow.runs["again"]
    assert again.returncode == 2 and "already exists" in again.stderr


def test_annotate_refuses_missing_and_ambiguous_quotes(flow: Flow) -> None:
    assert all(len(i) == 32 for i in flow.ids.values())
    missing, ambiguous = flow.runs["missing"], flow.runs["ambiguous"]
    assert missing.returncode == 2 and "is not in the article" in missing.stderr
    assert ambiguous.returncode == 2
    assert "2 times" in ambiguous.stderr and "--occurrence" in ambiguous.stderr
    assert flow.runs["no article"].returncode == 2
    assert "--article from 1 to 3" in flow.runs["no article"].stderr
    occurrence = flow.runs["occurrence"]
    assert occurrence.returncode == 0, occurrence.stderr
    assert len(occurrence.stdout.strip()) == 32


def test_show_lists_articles_relations_and_anchored_annotations(flow: Flow) -> None:
    shown = flow.shown["before"]
    assert shown["analysis"] == "cached"
    assert [a["letter"] for a in shown["articles"]] == ["A", "B", "C"]
    assert [a["source_path"] for a in shown["articles"]] == [str(p) for p in flow.sources]
    assert all(a["words"] > 100 and a["source"] == "unchanged" for a in shown["articles"])
    assert shown["relations"] and all(
        "confidence" in r and "possible" in r for r in shown["relations"]
    )
    assert all(len(r["texts"]) == 2 for r in shown["relations"])
    notes = {a["id"]: a for a in shown["annotations"]}
    assert len(notes) == 4
    moved = notes[flow.ids["moved"]]
    assert (moved["quote"], moved["state"], moved["note"]) == (MOVED, "anchored", "note moved")
    assert moved["article"] == "A" and moved["tag"] == "needs source"


def test_reload_reanchors_reports_and_keeps_orphans(flow: Flow) -> None:
    reload = flow.runs["reload"]
    assert reload.returncode == 0, reload.stderr
    report = reload.stdout
    assert "A  reloaded" in report and "B  unchanged" in report
    assert "C  missing source" in report
    assert "1 orphaned" in report and flow.ids["deleted"] in report
    assert "Analysis re-run" in report
    after = flow.shown["after"]
    states = {a["id"]: a["state"] for a in after["annotations"]}
    assert states[flow.ids["moved"]] in ("moved", "fuzzy")
    assert states[flow.ids["edited"]] == "fuzzy"
    assert states[flow.ids["deleted"]] == "orphaned"  # kept, not dropped
    assert len(states) == 4
    assert after["analysis"] == "cached"  # the new texts were analysed and stored
    assert [a["source"] for a in after["articles"]] == ["unchanged", "unchanged", "missing"]


def test_show_and_help_run_no_nlp(flow: Flow) -> None:
    code = (
        "import sys, contextlib, io\n"
        "from app.cli import main\n"
        "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['session', 'show', '--help'])\n"
        "light = 'sqlalchemy' not in sys.modules\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        f"    code = main(['session', 'show', {NAME!r}, '--db', {str(flow.db)!r}])\n"
        "print(light, code, 'spacy' in sys.modules, 'Relations:' in out.getvalue())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )
    assert result.stdout.split() == ["True", "0", "False", "True"], result.stderr


def test_rename_then_delete(flow: Flow, tmp_path: Path) -> None:
    db = ("--db", copy_db(flow.db, tmp_path / "copy.sqlite3"))
    assert "Renamed" in ok("session", "rename", NAME, "ferry disaster", *db)
    assert [s["name"] for s in as_json("sessions", "--json", *db)] == ["ferry disaster"]
    assert run("session", "rename", NAME, "other", *db).returncode == 2
    refused = run("session", "delete", "ferry disaster", *db)
    assert refused.returncode == 2 and "--yes" in refused.stderr
    assert len(as_json("sessions", "--json", *db)) == 1
    assert "Deleted" in ok("session", "delete", "ferry disaster", "--yes", *db)
    assert as_json("sessions", "--json", *db) == []
    assert "No sessions" in ok("sessions", *db)


def test_a_damaged_database_is_left_untouched_and_restored(flow: Flow, tmp_path: Path) -> None:
    db = tmp_path / "crosscheck.sqlite3"
    good = copy_db(flow.db, tmp_path / "backups" / "crosscheck-copy.sqlite3")
    db.write_bytes(os.urandom(8192))
    damaged = digest(db)
    refused = run("sessions", "--db", db)
    assert refused.returncode == 2
    assert str(db) in refused.stderr and "damaged" in refused.stderr
    assert str(good) in refused.stderr and "crosscheck restore" in refused.stderr
    assert digest(db) == damaged
    restored = run("restore", "--db", db)
    assert restored.returncode == 0, restored.stderr
    assert str(good) in restored.stdout and "set aside" in restored.stdout
    [aside] = tmp_path.glob("crosscheck.sqlite3.set-aside-*")
    assert digest(aside) == damaged
    assert [s["name"] for s in as_json("sessions", "--json", "--db", db)] == [NAME]
    missing = run("restore", "--db", db, "--from", tmp_path / "nope.sqlite3")
    assert missing.returncode == 2 and "does not exist" in missing.stderr


def test_a_newer_or_locked_database_is_refused(flow: Flow, tmp_path: Path) -> None:
    newer = copy_db(flow.db, tmp_path / "newer.sqlite3")
    with contextlib.closing(sqlite3.connect(newer)) as conn, conn:
        conn.execute("INSERT INTO schema_migrations VALUES (99, 'future', '2030-01-01')")
    before = digest(newer)
    refused = run("sessions", "--db", newer)
    assert refused.returncode == 2 and "newer Crosscheck" in refused.stderr
    assert digest(newer) == before

    locked = copy_db(flow.db, tmp_path / "locked.sqlite3")
    with contextlib.closing(sqlite3.connect(locked, isolation_level=None)) as writer:
        writer.execute("PRAGMA journal_mode=WAL")
        writer.execute("BEGIN IMMEDIATE")  # another program in mid-write
        busy = run("session", "rename", NAME, "other", "--db", locked)
        writer.execute("ROLLBACK")
    assert busy.returncode == 2 and "busy" in busy.stderr, busy.stderr
    assert [s["name"] for s in as_json("sessions", "--json", "--db", locked)] == [NAME]


def test_verdicts_from_the_command_line_change_what_show_counts(flow: Flow, tmp_path: Path) -> None:
    db = ("--db", copy_db(flow.db, tmp_path / "verdicts.sqlite3"))
    before = as_json("session", "show", NAME, "--json", *db)
    relations = before["relations"]
    assert all({"id", "kind", "verdict", "effective_kind"} <= set(r) for r in relations)
    assert all(r["verdict"] is None and r["effective_kind"] == r["kind"] for r in relations)
    assert before["counts"] == {
        "conflict": sum(r["kind"] == "conflict" for r in relations),
        "match": sum(r["kind"] == "match" for r in relations),
        "rejected": 0,
    }
    conflict = next(r for r in relations if r["kind"] == "conflict")
    match = next(r for r in relations if r["kind"] == "match")
    first, second = conflict["id"].split("-")
    assert [first[0], second[0]] == conflict["articles"]  # claim ids in article order

    note = ("--note", "same toll in both")
    rejected = ok("verdict", "--session", NAME, "--relation", conflict["id"], "reject", *note, *db)
    assert conflict["id"] in rejected and "rejected" in rejected
    backwards = "-".join(reversed(match["id"].split("-")))
    retyped = ok("verdict", "--session", NAME, "--relation", backwards, "retype", "conflict", *db)
    assert match["id"] in retyped and "retyped" in retyped

    after = as_json("session", "show", NAME, "--json", *db)
    by_id = {r["id"]: r for r in after["relations"]}
    now = by_id[conflict["id"]]
    assert (now["kind"], now["verdict"], now["effective_kind"]) == ("conflict", "rejected", None)
    now = by_id[match["id"]]
    assert (now["kind"], now["verdict"], now["effective_kind"]) == ("match", "retyped", "conflict")
    counts = before["counts"]
    assert after["counts"] == {
        "conflict": counts["conflict"],  # one rejected, one retyped into a conflict
        "match": counts["match"] - 1,
        "rejected": 1,
    }
    assert {v["relation"] for v in after["verdicts"]} == {conflict["id"], match["id"]}
    text = ok("session", "show", NAME, *db)
    assert (
        f"Relations: {counts['conflict']} conflicts, {counts['match'] - 1} matches, 1 rejected"
        in text
    )
    assert f"rejected  {conflict['id']}" in text and f"conflict  {match['id']}" in text
    assert "same toll in both" in text

    cleared = ok("verdict", "--session", NAME, "--relation", match["id"], "clear", *db)
    assert "no verdict" in cleared
    assert as_json("session", "show", NAME, "--json", *db)["counts"]["match"] == counts["match"]


def test_a_verdict_on_a_possible_relation_brings_it_into_view(flow: Flow, tmp_path: Path) -> None:
    db = ("--db", copy_db(flow.db, tmp_path / "possible.sqlite3"))
    shown = as_json("session", "show", NAME, "--json", *db)
    everything = as_json("session", "show", NAME, "--json", "--possible", *db)
    possible = [r for r in everything["relations"] if r["possible"]]
    if not possible:
        pytest.skip("the engine is sure of every relation of the samples")
    assert shown["possible_hidden"] == len(possible)
    target = possible[0]["id"]
    assert target not in {r["id"] for r in shown["relations"]}
    ok("verdict", "--session", NAME, "--relation", target, "confirm", *db)
    again = as_json("session", "show", NAME, "--json", *db)
    assert target in {r["id"] for r in again["relations"]}
    assert again["possible_hidden"] == len(possible) - 1


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--session", NAME, "--relation", "A1-Z99", "confirm"), "no relation 'A1-Z99'"),
        (("--session", NAME, "--relation", "A1", "reject"), "joined by a hyphen"),
        (("--session", "no such story", "--relation", "A1-B1", "confirm"), "no session named"),
        (("--session", NAME, "--relation", "A1-B1", "retype"), "needs a kind"),
        (("--session", NAME, "--relation", "A1-B1", "confirm", "match"), "takes no kind"),
        (("--session", NAME, "--relation", "A1-B1", "retype", "maybe"), "invalid choice"),
    ],
)
def test_verdict_refuses_what_it_cannot_do(
    flow: Flow, tmp_path: Path, args: tuple[str, ...], says: str
) -> None:
    db = copy_db(flow.db, tmp_path / "refused.sqlite3")
    refused = run("verdict", *args, "--db", db)
    assert refused.returncode == 2, refused.stderr
    assert says in refused.stderr
    assert refused.stderr.count("\n") <= 4  # one paragraph (and a usage line)
    assert as_json("session", "show", NAME, "--json", "--db", db)["verdicts"] == []


def test_a_source_replaced_by_a_pipe_is_reported_not_read(flow: Flow, tmp_path: Path) -> None:
    db = ("--db", copy_db(flow.db, tmp_path / "copy.sqlite3"))
    source = flow.sources[1]
    kept = tmp_path / "kept.txt"
    shutil.move(source, kept)
    os.mkfifo(source)  # nobody ever writes: reading it would block for good
    try:
        shown = as_json("session", "show", NAME, "--json", *db)
    finally:
        source.unlink()
        shutil.move(kept, source)
    assert shown["articles"][1]["source"] == "unreadable (not a regular file)"


def test_control_characters_never_reach_the_terminal(flow: Flow, tmp_path: Path) -> None:
    db = ("--db", copy_db(flow.db, tmp_path / "copy.sqlite3"))
    note = "\x1b[2J\x1b[31mwiped\x07 the screen\r\nsecond line"
    args = ("--session", NAME, "--article", "2", "--quote", "harbour mouth", "--note", note)
    ok("annotate", *args, *db)
    shown = ok("session", "show", NAME, *db)
    assert "\x1b" not in shown and "\x07" not in shown and "\r" not in shown
    assert "[2J[31mwiped the screen\n" in shown and "     second line" in shown
    stored = as_json("session", "show", NAME, "--json", *db)["annotations"]
    assert stored[-1]["note"] == "[2J[31mwiped the screen\nsecond line"


def test_a_stored_control_character_is_shown_escaped(flow: Flow, tmp_path: Path) -> None:
    path = copy_db(flow.db, tmp_path / "copy.sqlite3")
    with contextlib.closing(sqlite3.connect(path)) as con:  # a note from an older version
        con.execute("UPDATE annotations SET note = ? ", ("bell\x07 here",))
        con.commit()
    shown = ok("session", "show", NAME, "--db", path)
    assert "\x07" not in shown and "bell\\x07 here" in shown
