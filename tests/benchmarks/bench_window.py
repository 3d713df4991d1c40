"""Responsiveness of the window, against references measured in the same run.

    python -m tests.benchmarks.bench_window [--runs N] [--part highlights]
    python tests/benchmarks/bench_window.py [--runs N] [--part highlights]

Prints (goals in brackets):
- the longest stall of the GUI event loop, seen by a timer ticking every
  5 ms, while the window loads the language model, analyses 10 articles of
  about 1,000 words (``controller.open_files``, until the run has ended and
  the session is saved) and reopens that stored session
  (``controller.open_session``); with the 99th percentile gap, against the
  same probe on the idle loop for as long [max < 50 ms];
- launch to the first painted window, ``crosscheck gui`` in a fresh process
  from before it is started (imports count), against a process that imports
  PySide6.QtWidgets and shows an empty QMainWindow the same way [< 1 s];
- reopening the cached 10-article session in a fresh window, from
  ``open_session`` until the panes are built with their highlights and
  painted, against reading the session with ``Repository.open_session``
  (opening the store included, no Qt) [< 500 ms];
- launch to highlights (issue 10, point 8): from before a fresh process is
  started as ``crosscheck gui FILES`` starts until the panes are painted with
  their text, then with their highlights, for the three bundled samples and
  five ECB+ articles of about 1,000 words, against ``crosscheck analyze`` on
  the same files as a whole process, the two taking turns [<= 1.2x]; and in
  that window, the pipeline now loaded, from opening another set (the same
  texts with a line added, so no parse is cached) to its highlights, against
  ``crosscheck analyze`` on that set [<= 1.2x].  Medians of ``--runs``.
Articles are ECB+ text (../shared/ecbplus) joined to about 1,000 words each,
written as .txt files.  Qt runs offscreen unless QT_QPA_PLATFORM says
otherwise; the database and QSettings live in a temporary folder.  Not part of
the test suite: nothing here asserts a timing.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, QEventLoop, QObject, QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication

from app import ENGINE_VERSION
from app.domain import Settings
from models.repository import Repository
from models.store import open_store
from ui.app import freeze_startup_heap
from ui.controller import Controller
from ui.main_window import MainWindow
from ui.persistence import SessionStore

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = 10
PROBE_MS = 5
STALL_GOAL_MS = 50.0
LAUNCH_GOAL_S = 1.0
REOPEN_GOAL_MS = 500.0
HIGHLIGHTS_GOAL = 1.2  # launch to highlights / crosscheck analyze (issue 10, point 8)
ANALYSIS_TIMEOUT_S = 600.0
WINDOW_TIMEOUT_S = 180.0  # one launch to highlights, twice
SETTLE_S = 0.3  # the loop runs this long after a scenario ends, probe still on


# -- the probe -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Gaps:
    """Gaps between the probe's ticks, in milliseconds."""

    duration_s: float
    ticks: int
    max_ms: float
    p99_ms: float

    @staticmethod
    def of(stamps: Sequence[float]) -> Gaps:
        gaps = sorted((b - a) * 1000 for a, b in itertools.pairwise(stamps))
        if not gaps:
            return Gaps(0.0, 0, 0.0, 0.0)
        p99 = gaps[min(len(gaps) - 1, math.ceil(0.99 * len(gaps)) - 1)]
        return Gaps(stamps[-1] - stamps[0], len(gaps), gaps[-1], p99)


class Probe:
    """A timer that should tick every ``PROBE_MS``; a late tick is a stall."""

    def __init__(self) -> None:
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(PROBE_MS)
        self._timer.timeout.connect(self._tick)
        self._stamps: list[float] = []

    def start(self) -> None:
        self._stamps = [time.perf_counter()]
        self._timer.start()

    def _tick(self) -> None:
        self._stamps.append(time.perf_counter())

    def stop(self) -> Gaps:
        self._timer.stop()
        self._stamps.append(time.perf_counter())
        return Gaps.of(self._stamps)


def wait_until(done: Callable[[], bool], timeout_s: float, what: str) -> None:
    """Run the event loop (without spinning) until ``done()``."""
    if done():
        return
    loop = QEventLoop()
    deadline = time.monotonic() + timeout_s
    failed = []

    def poll() -> None:
        if done():
            loop.quit()
        elif time.monotonic() > deadline:
            failed.append(what)
            loop.quit()

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(poll)
    timer.start()
    loop.exec()
    timer.stop()
    if failed:
        raise SystemExit(f"timed out after {timeout_s:.0f} s waiting for {what}")


def run_loop(seconds: float) -> None:
    loop = QEventLoop()
    QTimer.singleShot(max(0, round(seconds * 1000)), loop.quit)
    loop.exec()


def idle_gaps(seconds: float) -> Gaps:
    """The probe on a loop with nothing to do, for ``seconds``."""
    probe = Probe()
    probe.start()
    run_loop(seconds)
    return probe.stop()


# -- fixtures ------------------------------------------------------------------


def sandbox(folder: Path) -> dict[str, str]:
    """Point the database, QSettings and the user folders into ``folder``;
    the environment for child processes."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["CROSSCHECK_DB"] = str(folder / "sessions.sqlite3")
    os.environ["XDG_CONFIG_HOME"] = str(folder / "config")
    os.environ["XDG_DATA_HOME"] = str(folder / "data")
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder / "config"))
    return dict(os.environ)


def application() -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("Crosscheck")  # as ui.app.run does
    app.setOrganizationName("Crosscheck")
    return app


def write_articles(folder: Path) -> tuple[list[str], int]:
    """``ARTICLES`` .txt files of about 1,000 words of ECB+ text; their paths
    and the words in all."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))  # run as a script: make ``tests`` importable
    from tests.benchmarks.bench_engine import articles_of_about_1000_words

    folder.mkdir()
    paths, words = [], 0
    for n, article in enumerate(articles_of_about_1000_words(ARTICLES), start=1):
        path = folder / f"article-{n:02}.txt"
        path.write_text(article.text + "\n", encoding="utf-8")
        paths.append(str(path))
        words += len(article.text.split())
    return paths, words


def make_window(db: Path) -> MainWindow:
    """A window on the store ``db``, without a preferences store (nothing is
    read from or written to QSettings) and without preloading the model,
    shown and painted once."""
    controller = Controller(store=SessionStore(str(db)))
    window = MainWindow(controller, "light", interactive=False)
    window.show()
    freeze_startup_heap()  # as ui.app.run does
    run_loop(SETTLE_S)
    return window


def close_window(window: MainWindow) -> None:
    window.controller.shutdown()
    window.close()
    window.deleteLater()
    run_loop(0.05)


# -- 1. stalls -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Stall:
    what: str
    gaps: Gaps
    idle: Gaps


@dataclass(frozen=True, slots=True)
class Analysed:
    session: str
    relations: int
    seconds: float


def bench_stalls(paths: list[str], db: Path) -> tuple[list[Stall], Analysed]:
    window = make_window(db)
    controller = window.controller
    probe = Probe()

    probe.start()
    controller.preload_model()
    wait_until(lambda: controller.model_state != "loading", ANALYSIS_TIMEOUT_S, "the model")
    model = probe.stop()
    if controller.model_state != "ready":
        raise SystemExit(f"the language model did not load: {controller.model_error}")
    stalls = [Stall("loading the language model", model, idle_gaps(model.duration_s))]

    ended = controller.runs_ended
    probe.start()
    controller.open_files(paths)
    wait_until(
        lambda: (
            controller.runs_ended > ended
            and controller.idle
            and window.ready
            and controller.session is not None
        ),
        ANALYSIS_TIMEOUT_S,
        "the analysis and the saved session",
    )
    run_loop(SETTLE_S)
    analysis = probe.stop()
    stalls.append(
        Stall(f"analysing {len(paths)} articles", analysis, idle_gaps(analysis.duration_s))
    )
    session, comparison = controller.session, controller.comparison
    if session is None or comparison is None or len(window.panes) != len(paths):
        raise SystemExit("the analysis did not open every article in the window")
    done = Analysed(session.name, len(comparison.relations), analysis.duration_s - SETTLE_S)
    close_window(window)

    window = make_window(db)
    controller = window.controller
    probe.start()
    controller.open_session(done.session)
    wait_until(
        lambda: (
            not controller.opening
            and controller.idle
            and window.ready
            and len(window.panes) == len(paths)
        ),
        60,
        "the reopened session",
    )
    run_loop(SETTLE_S)
    reopen = probe.stop()
    if controller.runs_ended:
        raise SystemExit("reopening the session analysed it again: it was not cached")
    stalls.append(Stall("reopening the stored session", reopen, idle_gaps(reopen.duration_s)))
    close_window(window)
    return stalls, done


# -- 3. reopening a cached session ---------------------------------------------


@dataclass(frozen=True, slots=True)
class Reopen:
    read_s: float  # open_session -> the session is back on the GUI thread
    build_s: float  # -> every pane is built and highlighted (MainWindow.panes_ready)
    paint_s: float  # -> the first paint of the panes has finished

    @property
    def total_s(self) -> float:
        return self.read_s + self.build_s + self.paint_s


class _FirstPaint(QObject):
    """Notes when the first paint of a watched widget has been handled."""

    def __init__(self) -> None:
        super().__init__()
        self.started = 0.0
        self.finished = 0.0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self.started:
            self.started = time.perf_counter()
            # Runs once the whole repaint this paint belongs to is done.
            QTimer.singleShot(0, self._finish)
        return False

    def _finish(self) -> None:
        self.finished = time.perf_counter()


def reopen_once(db: Path, name: str, articles: int) -> Reopen:
    window = make_window(db)
    controller = window.controller
    marks: dict[str, float] = {}
    painted = _FirstPaint()

    def on_session_changed() -> None:
        marks.setdefault("read", time.perf_counter())

    def on_panes_ready() -> None:
        # The panes are built a few per turn of the event loop; this is the end.
        if "shown" in marks:
            return
        marks["shown"] = time.perf_counter()
        for pane in window.panes.values():
            pane.text.viewport().installEventFilter(painted)
            pane.text.viewport().update()

    controller.session_changed.connect(on_session_changed)
    window.panes_ready.connect(on_panes_ready)
    marks["start"] = time.perf_counter()
    controller.open_session(name)
    wait_until(lambda: painted.finished > 0, 60, "the reopened session to be painted")
    wait_until(lambda: controller.idle, 60, "the store")
    if controller.runs_ended or len(window.panes) != articles:
        raise SystemExit("the session was analysed again or not every pane is shown")
    if not all(pane.text.extraSelections() for pane in window.panes.values()):
        raise SystemExit("a pane has no highlights after the session was reopened")
    close_window(window)
    return Reopen(
        marks["read"] - marks["start"],
        marks["shown"] - marks["read"],
        painted.finished - marks["shown"],
    )


def repository_read(db: Path, name: str) -> float:
    start = time.perf_counter()
    with open_store(str(db)) as store:
        session, comparison = Repository(store).open_session(
            name, engine=ENGINE_VERSION, settings=Settings()
        )
    elapsed = time.perf_counter() - start
    if comparison is None or not session.articles:
        raise SystemExit("the stored session has no cached comparison")
    return elapsed


# -- 2. launch -----------------------------------------------------------------

# Both children print, as seconds from the parent's time.time() just before it
# started them: when the script began, when the imports were done and when the
# first paint of the window was handled.
_FIRST_PAINT = """
import json, os, sys, time
began = float(sys.argv[1])
entered = time.time()
from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtWidgets import QApplication
{imports}
imported = time.time()
for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
    QSettings.setPath(fmt, QSettings.Scope.UserScope, os.environ["XDG_CONFIG_HOME"])
qt = QApplication(sys.argv[:1])


class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and isinstance(watched, WINDOW):
            qt.removeEventFilter(self)
            QTimer.singleShot(0, self.report)
        return False

    def report(self):
        marks = (entered - began, imported - began, time.time() - began)
        print(json.dumps(marks), flush=True)
        qt.exit(0)


first = FirstPaint()
qt.installEventFilter(first)
{show}
"""

CROSSCHECK_GUI = _FIRST_PAINT.format(
    imports="import app.cli\nimport ui.app\nfrom ui.main_window import MainWindow as WINDOW",
    show="app.cli.main(['gui', '--theme', 'light'])",
)
EMPTY_WINDOW = _FIRST_PAINT.format(
    imports="from PySide6.QtWidgets import QMainWindow as WINDOW",
    show="window = WINDOW()\nwindow.resize(1440, 900)\nwindow.show()\nqt.exec()",
)


def launch(code: str, env: dict[str, str]) -> tuple[float, float, float]:
    began = time.time()
    out = subprocess.run(
        [sys.executable, "-c", code, repr(began)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    lines = out.stdout.strip().splitlines()
    if out.returncode != 0 or not lines:
        raise SystemExit(f"the launch child failed ({out.returncode}):\n{out.stderr}")
    entered, imported, painted = json.loads(lines[-1])
    return float(entered), float(imported), float(painted)


def best_launch(code: str, env: dict[str, str], runs: int) -> tuple[float, float, float]:
    return min((launch(code, env) for _ in range(runs)), key=lambda marks: marks[2])


# -- 4. launch to highlights ---------------------------------------------------

# A fresh process that starts as 'crosscheck gui FILES' does (app.cli, then
# the analysis process, then Qt and the window: ui.app.launch) and prints, as
# seconds from the parent's time.time() just before it started the process:
# the first paint of the window, of the panes with their text, and of the
# panes with their highlights.  Then, in the same window with the pipeline now
# loaded, it closes the comparison, opens the other file set (texts the
# process has not parsed) and prints the same two marks from open_files.
_TO_HIGHLIGHTS = """
import json, sys, time
began = float(sys.argv[1])
count = int(sys.argv[2])
files, again = sys.argv[3 : 3 + count], sys.argv[3 + count :]
import app.cli
from app.jobs.analysis_process import shared_process
shared_process().start()
from PySide6.QtCore import QEvent, QObject, QTimer
import ui.app

marks = {}


class Marks(QObject):
    def __init__(self, window, wanted, origin, done):
        super().__init__()
        self.window, self.wanted, self.origin, self.done = window, wanted, origin, done
        self.seen = set()

    def stage(self):
        w = self.window
        panes = list(w.panes.values())
        if len(panes) != self.wanted or not all(p.text.toPlainText() for p in panes):
            return None
        if w.controller.comparison is not None and all(p.text.extraSelections() for p in panes):
            return "highlights"
        return "text"

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            if "window" not in self.seen and watched is self.window:
                self.note("window")
            viewports = {p.text.viewport() for p in self.window.panes.values()}
            stage = self.stage() if watched in viewports else None
            if stage == "highlights" and "text" not in self.seen:
                self.note("text")  # both in one paint
            if stage is not None:
                self.note(stage)
        return False

    def note(self, what):
        if what in self.seen:
            return
        self.seen.add(what)
        # Runs once the whole repaint this paint belongs to is done.
        QTimer.singleShot(0, lambda: self.finish(what))

    def finish(self, what):
        marks[self.done + what] = time.time() - self.origin()
        if what == "highlights":
            QTimer.singleShot(0, self.next)

    def next(self):
        pass


qt, controller, window = ui.app.launch(files, theme="light", size=(1440, 900))
launched = Marks(window, len(files), lambda: began, "")
qt.installEventFilter(launched)
opened_at = []
filters = []


def open_again():
    if not controller.idle:  # the first comparison is still being saved
        QTimer.singleShot(20, open_again)
        return
    controller.close_session()
    qt.removeEventFilter(launched)
    again_marks = Marks(window, len(again), lambda: opened_at[0], "again ")
    again_marks.next = qt.quit
    again_marks.seen.add("window")  # shown already
    filters.append(again_marks)  # Qt keeps no reference to a filter
    qt.installEventFilter(again_marks)
    opened_at.append(time.time())
    controller.open_files(again)
    for pane in window.panes.values():
        pane.text.viewport().update()


launched.next = open_again if again else qt.quit


def repaint():
    for pane in window.panes.values():
        pane.text.viewport().update()


controller.comparison_changed.connect(repaint)
qt.exec()
print(json.dumps(marks), flush=True)
"""


@dataclass(frozen=True, slots=True)
class ToHighlights:
    """One launch: seconds from before the process started to the first
    paint of the window, of the text, of the highlights; then, in the same
    window (pipeline loaded), from open_files to the text and the highlights."""

    window: float
    text: float
    highlights: float
    again_text: float
    again_highlights: float


def to_highlights(files: list[str], again: list[str], env: dict[str, str]) -> ToHighlights:
    began = time.time()
    out = subprocess.run(
        [sys.executable, "-c", _TO_HIGHLIGHTS, repr(began), str(len(files)), *files, *again],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=WINDOW_TIMEOUT_S,
    )
    lines = out.stdout.strip().splitlines()
    if out.returncode != 0 or not lines:
        raise SystemExit(f"the window child failed ({out.returncode}):\n{out.stderr}")
    marks = json.loads(lines[-1])
    return ToHighlights(
        marks["window"],
        marks["text"],
        marks["highlights"],
        marks["again text"],
        marks["again highlights"],
    )


def analyze(files: list[str], env: dict[str, str]) -> float:
    """``crosscheck analyze FILES`` as a whole process, as a reporter runs it."""
    command = [sys.executable, "-m", "app", "analyze", *files, "--json", os.devnull]
    began = time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT, env=env, capture_output=True)
    return time.perf_counter() - began


@dataclass(frozen=True, slots=True)
class Waiting:
    what: str
    launches: list[ToHighlights]
    analyses: list[float]  # on the files opened at launch
    analyses_again: list[float]  # on the files opened in the running window


def bench_waiting(
    sets: list[tuple[str, list[str], list[str]]], env: dict[str, str], runs: int
) -> list[Waiting]:
    """Each set's window and ``crosscheck analyze`` runs taking turns, so that
    both meet the same load on a shared machine."""
    out = []
    for what, files, again in sets:
        launches, analyses, analyses_again = [], [], []
        for _ in range(runs):
            launches.append(to_highlights(files, again, env))
            analyses.append(analyze(files, env))
            analyses_again.append(analyze(again, env))
        out.append(Waiting(what, launches, analyses, analyses_again))
    return out


def sample_sets(folder: Path) -> list[tuple[str, list[str], list[str]]]:
    """The three bundled samples, and five ECB+ articles of about 1,000
    words; each with a second set to open in the running window: the same
    texts with one more line, so that no parse is found cached."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from tests.benchmarks.bench_engine import articles_of_about_1000_words

    samples = sorted((ROOT / "resources" / "samples").glob("*.txt"))
    three = {p.name: p.read_text(encoding="utf-8") for p in samples}
    five = {
        f"article-{n:02}.txt": article.text + "\n"
        for n, article in enumerate(articles_of_about_1000_words(5), start=1)
    }
    sets = []
    for what, texts in (("3 samples", three), ("5 ECB+ articles", five)):
        first, second = folder / what.split()[0], folder / f"{what.split()[0]}-again"
        first.mkdir(parents=True)
        second.mkdir(parents=True)
        files, again = [], []
        for name, text in texts.items():
            (first / name).write_text(text, encoding="utf-8")
            files.append(str(first / name))
            added = text.rstrip("\n") + "\n\nThis article was updated.\n"
            (second / name).write_text(added, encoding="utf-8")
            again.append(str(second / name))
        sets.append((what, files, again))
    return sets


def median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def waiting_rows(results: list[Waiting]) -> list[tuple[str, str, str, str, str]]:
    rows = []
    for result in results:
        launch = median([r.highlights for r in result.launches])
        text = median([r.text for r in result.launches])
        shown = median([r.window for r in result.launches])
        cli = median(result.analyses)
        rows.append(
            (
                f"launch to highlights, {result.what} (pipeline loads meanwhile)",
                f"{launch:.2f} s (window {shown:.2f}, text {text:.2f})",
                f"crosscheck analyze {cli:.2f} s",
                f"{launch / cli:.2f}x",
                f"<= {HIGHLIGHTS_GOAL:.1f}x {verdict(launch / cli <= HIGHLIGHTS_GOAL)}",
            )
        )
        again = median([r.again_highlights for r in result.launches])
        again_text = median([r.again_text for r in result.launches])
        cli_again = median(result.analyses_again)
        rows.append(
            (
                f"open to highlights, {result.what} (pipeline loaded)",
                f"{again:.2f} s (text {again_text:.2f})",
                f"crosscheck analyze {cli_again:.2f} s",
                f"{again / cli_again:.2f}x",
                f"<= {HIGHLIGHTS_GOAL:.1f}x {verdict(again / cli_again <= HIGHLIGHTS_GOAL)}",
            )
        )
    return rows


# -- report --------------------------------------------------------------------


def table(rows: list[tuple[str, str, str, str, str]]) -> None:
    head = ("measure", "result", "reference", "ratio", "goal")
    widths = [max(len(row[i]) for row in [head, *rows]) for i in range(len(head))]
    for row in [head, *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))


def verdict(met: bool) -> str:
    return "met" if met else "MISSED"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=3, help="best (or median) of N runs")
    parser.add_argument(
        "--part",
        choices=("all", "responsiveness", "highlights"),
        default="all",
        help="responsiveness: stalls, launch, reopen; highlights: launch to highlights",
    )
    args = parser.parse_args(argv)
    rows: list[tuple[str, str, str, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="crosscheck-bench-window-") as tmp:
        folder = Path(tmp)
        env = sandbox(folder)
        if args.part in ("all", "highlights"):
            results = bench_waiting(sample_sets(folder / "waiting"), env, args.runs)
            print(
                f"launch to highlights: median of {args.runs} runs, window and "
                "'crosscheck analyze' taking turns; "
                f"QT_QPA_PLATFORM={os.environ.get('QT_QPA_PLATFORM', '')}"
            )
            table(waiting_rows(results))
            for result in results:
                runs = ", ".join(
                    f"{r.highlights:.2f}/{a:.2f}"
                    for r, a in zip(result.launches, result.analyses, strict=True)
                )
                print(f"  {result.what}, each run (window/analyze, s): {runs}")
        if args.part in ("all", "responsiveness"):
            rows = responsiveness(folder, env, args.runs)
    if rows:
        table(rows)
    return 0


def responsiveness(
    folder: Path, env: dict[str, str], runs: int
) -> list[tuple[str, str, str, str, str]]:
    db = Path(env["CROSSCHECK_DB"])
    paths, words = write_articles(folder / "articles")
    app = application()

    stalls, analysed = bench_stalls(paths, db)
    reopens = [reopen_once(db, analysed.session, len(paths)) for _ in range(runs)]
    reads = [repository_read(db, analysed.session) for _ in range(runs)]
    ours = best_launch(CROSSCHECK_GUI, env, runs)
    empty = best_launch(EMPTY_WINDOW, env, runs)
    app.processEvents()

    print(
        f"window responsiveness: {len(paths)} articles, {words:,} words, "
        f"{analysed.relations} relations, analysed in {analysed.seconds:.1f} s; "
        f"QT_QPA_PLATFORM={os.environ.get('QT_QPA_PLATFORM', '')}, probe every {PROBE_MS} ms, "
        f"best of {runs} for launch and reopen"
    )
    rows = []
    for stall in stalls:
        gaps, idle = stall.gaps, stall.idle
        goal = "" if "model" in stall.what else f"< {STALL_GOAL_MS:.0f} ms "
        rows.append(
            (
                f"loop stall, {stall.what} ({gaps.duration_s:.1f} s)",
                f"max {gaps.max_ms:.0f} ms, p99 {gaps.p99_ms:.0f} ms",
                f"idle loop max {idle.max_ms:.0f} ms, p99 {idle.p99_ms:.0f} ms",
                f"{gaps.max_ms / idle.max_ms:.1f}x",
                goal + (verdict(gaps.max_ms < STALL_GOAL_MS) if goal else "(no goal)"),
            )
        )
    script, imported, painted = ours
    _, empty_imported, empty_painted = empty
    rows.append(
        (
            "launch to first painted window",
            f"{painted:.2f} s (python {script:.2f}, imports {imported - script:.2f}, "
            f"window {painted - imported:.2f})",
            f"empty QMainWindow {empty_painted:.2f} s (imports {empty_imported:.2f})",
            f"{painted / empty_painted:.1f}x",
            f"< {LAUNCH_GOAL_S:.0f} s {verdict(painted < LAUNCH_GOAL_S)}",
        )
    )
    best = min(reopens, key=lambda r: r.total_s)
    read = min(reads)
    rows.append(
        (
            f"reopen the cached {len(paths)}-article session",
            f"{best.total_s * 1000:.0f} ms (store read {best.read_s * 1000:.0f}, "
            f"panes + highlights {best.build_s * 1000:.0f}, paint {best.paint_s * 1000:.0f})",
            f"Repository.open_session {read * 1000:.0f} ms",
            f"{best.total_s / read:.1f}x",
            f"< {REOPEN_GOAL_MS:.0f} ms {verdict(best.total_s * 1000 < REOPEN_GOAL_MS)}",
        )
    )
    return rows


if __name__ == "__main__":
    sys.exit(main())
