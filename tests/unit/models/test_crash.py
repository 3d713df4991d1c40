"""kill -9 a writer in the middle of its commits: every commit that returned
is there after reopening, no commit is half there, and SQLite finds the file
sound."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from models.repository import Repository
from models.store import open_store

from .helpers import articles

ROOT = Path(__file__).resolve().parents[3]

# The writer prints each id only after its commit returned, and flushes.
WRITER = r"""
import sys, uuid
from dataclasses import replace
from datetime import UTC, datetime
from app.session import Anchor, Annotation, AnnotationStatus, Session
from models.repository import Repository
from models.store import open_store

repo = Repository(open_store(sys.argv[1]))
base = repo.load_session("crash")
target = base.articles[0]
anchor = Anchor("killed", "", "", 0, 6, target.text_sha256)
now = datetime.now(UTC)

def note(key):
    return Annotation(uuid.uuid4().hex, key, anchor, "n" * 200, "other",
                      AnnotationStatus.OPEN, "writer", now, now)

print("ready", flush=True)
for i in range(1_000_000):
    if i % 25 == 24:  # now and then a big transaction: a whole session
        name = f"bulk {uuid.uuid4().hex}"
        arts = tuple(replace(a, key=uuid.uuid4().hex) for a in base.articles)
        notes = tuple(note(arts[0].key) for _ in range(300))
        repo.insert_session(Session(name, now, now, arts, notes))
        sys.stdout.write(f"S {name}\n")
    else:
        annotation = note(target.key)
        repo.add_annotation(annotation)
        sys.stdout.write(f"A {annotation.id}\n")
    sys.stdout.flush()
"""


def _run_and_kill(db_path: Path, commits: int, rng: random.Random) -> list[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db_path)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert child.stdout is not None
    lines: list[str] = []
    try:
        assert child.stdout.readline() == "ready\n"
        while len(lines) < commits:
            line = child.stdout.readline()
            assert line.endswith("\n"), f"the writer stopped early: {line!r}"
            lines.append(line)
        time.sleep(rng.uniform(0, 0.01))  # land anywhere inside the next commits
    finally:
        child.send_signal(signal.SIGKILL)
        rest, _ = child.communicate(timeout=30)
    assert child.returncode == -signal.SIGKILL
    lines += [line + "\n" for line in rest.split("\n")[:-1]]  # whole lines only
    return lines


def test_every_returned_commit_survives_kill_9(db_path: Path) -> None:
    with open_store(db_path) as store:
        Repository(store).create_session("crash", articles(2))
    rng = random.Random(20250314)
    confirmed: set[str] = set()
    sessions: set[str] = set()
    for commits in (30, 60, 90, 120):
        for line in _run_and_kill(db_path, commits, rng):
            kind, _, value = line.rstrip("\n").partition(" ")
            (confirmed if kind == "A" else sessions).add(value)
        with open_store(db_path) as store:
            repo = Repository(store)
            assert store.integrity_check() == ["ok"]
            stored = {a.id for a in repo.load_session("crash").annotations}
            assert confirmed <= stored
            names = {s.name for s in repo.list_sessions()} - {"crash"}
            assert sessions <= names
            for summary in repo.list_sessions():  # all or nothing
                if summary.name != "crash":
                    assert summary.annotations == 300 and summary.articles == 2
    assert len(confirmed) > 250 and sessions
