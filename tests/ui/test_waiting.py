"""Waiting for an analysis (issue 10, point 8): the articles' text shows as
soon as the files are read, the highlights are added when the analysis comes
back, and the pipeline starts loading at launch, off the GUI thread.

The analysis process is held back by a stand-in that waits for the test's
word before passing each request on to the real one.  Throwaway databases."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from app.importing import import_file
from app.jobs.analysis import AnalysisRequest, AnalysisResult, Progress
from app.jobs.analysis_process import AnalysisProcess, shared_process
from app.session import article_letter
from models.repository import Repository
from models.store import open_store
from ui.article_view import ArticlePane
from ui.controller import Controller
from ui.main_window import MainWindow
from ui.persistence import SessionStore, absolute_source

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]

TIMEOUT_MS = 120_000
HOLD_S = 120.0


class HeldProcess:
    """The analysis process, with every request (and, when asked, the
    pipeline's loading) held until ``release`` is set."""

    def __init__(self, real: AnalysisProcess, *, hold_load: bool = False) -> None:
        self.real = real
        self.hold_load = hold_load
        self.reached = threading.Event()  # a request (or the load) is waiting
        self.release = threading.Event()
        self.started: list[str | None] = []  # start() calls, by model
        self.threads: list[threading.Thread] = []  # where load() was called

    def start(self, model: str | None = None) -> None:
        self.started.append(model)

    def load(self, model: str) -> None:
        self.threads.append(threading.current_thread())
        if self.hold_load:
            self.reached.set()
            self.release.wait(HOLD_S)
        self.real.load(model)

    def analyse(
        self,
        request: AnalysisRequest,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> AnalysisResult:
        self.reached.set()
        if not self.release.wait(HOLD_S):
            raise RuntimeError("the test never released the analysis")
        return self.real.analyse(request, progress, cancelled)


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> Iterator[HeldProcess]:
    process = HeldProcess(shared_process())
    monkeypatch.setattr("ui.workers.shared_process", lambda: process)
    yield process
    process.release.set()  # never leave a worker waiting past the test


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "sessions.sqlite3"


@contextmanager
def make_window(qtbot: QtBot, db: Path | None) -> Iterator[MainWindow]:
    controller = Controller(store=SessionStore(str(db)) if db is not None else None)
    window = MainWindow(controller, "light", interactive=False)
    qtbot.addWidget(window)
    window.show()
    try:
        yield window
    finally:
        controller.shutdown()


@pytest.fixture
def win(qtbot: QtBot, db: Path, held: HeldProcess) -> Iterator[MainWindow]:
    with make_window(qtbot, db) as window:
        yield window


def samples(folder: Path) -> list[str]:
    return [str(p) for p in sorted(folder.glob("*.txt"))]


def ordered(win: MainWindow) -> list[ArticlePane]:
    return [win.panes[a.id] for a in win.pane_articles]


def waiting_with_text(win: MainWindow, held: HeldProcess, count: int) -> bool:
    return held.reached.is_set() and win.ready and len(win.panes) == count


def analysed(win: MainWindow) -> bool:
    c = win.controller
    return c.comparison is not None and not c.busy and win.ready


def test_the_text_shows_at_once_and_the_highlights_when_the_analysis_arrives(
    qtbot: QtBot, win: MainWindow, held: HeldProcess, samples_dir: Path
) -> None:
    paths = samples(samples_dir)
    win.controller.open_files(paths)
    qtbot.waitUntil(lambda: waiting_with_text(win, held, 3), timeout=TIMEOUT_MS)

    # The analysis has not come back, and every article can be read.
    assert win.controller.comparison is None and win.controller.busy
    assert win.stack.currentIndex() == 1
    for path, pane in zip(paths, ordered(win), strict=True):
        first_line = Path(path).read_text(encoding="utf-8").splitlines()[0]
        assert pane.text.toPlainText() == pane.article.text
        assert first_line in pane.text.toPlainText()
        assert pane.article.source.path == path
        assert pane.text.extraSelections() == []
    assert win.progress.isVisible() and win.cancel_button.isVisible()
    assert win.status_text.text() in ("Loading language model…", "Analysing 3 articles…")
    assert win.relations.rowCount() == 0
    shown = dict(win.panes)

    held.release.set()
    qtbot.waitUntil(lambda: analysed(win), timeout=TIMEOUT_MS)
    panes = ordered(win)
    assert all(p.text.extraSelections() for p in panes)
    assert win.relations.rowCount() > 0
    # The highlights were added to the panes already shown, not new ones.
    assert win.panes == shown
    assert all(shown[a.id] is p for a, p in zip(win.pane_articles, panes, strict=True))
    assert "conflict" in win.status_text.text()
    qtbot.waitUntil(lambda: win.controller.session is not None, timeout=TIMEOUT_MS)


def test_a_stored_session_without_its_analysis_shows_its_text_first(
    qtbot: QtBot, win: MainWindow, held: HeldProcess, db: Path, samples_dir: Path
) -> None:
    articles = [
        absolute_source(import_file(path, article_id=article_letter(n)))
        for n, path in enumerate(samples(samples_dir))
    ]
    with open_store(str(db)) as store:
        Repository(store).create_session("Ferry story", articles)  # no comparison stored

    win.controller.open_session("Ferry story")
    qtbot.waitUntil(lambda: waiting_with_text(win, held, 3), timeout=TIMEOUT_MS)
    assert win.controller.session is not None and win.controller.comparison is None
    assert [p.text.toPlainText() for p in ordered(win)] == [a.text for a in articles]
    assert not any(p.text.extraSelections() for p in ordered(win))

    held.release.set()
    qtbot.waitUntil(lambda: analysed(win), timeout=TIMEOUT_MS)
    assert all(p.text.extraSelections() for p in ordered(win))


def test_a_refused_file_is_reported_while_the_others_already_show(
    qtbot: QtBot, win: MainWindow, held: HeldProcess, samples_dir: Path, tmp_path: Path
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    with qtbot.waitSignal(win.controller.files_refused, timeout=TIMEOUT_MS) as refused:
        win.controller.open_files([*samples(samples_dir)[:2], str(empty)])
    (message,) = refused.args[0]
    assert "empty" in message.lower()
    qtbot.waitUntil(lambda: waiting_with_text(win, held, 2), timeout=TIMEOUT_MS)
    assert win.controller.comparison is None
    held.release.set()
    qtbot.waitUntil(lambda: analysed(win), timeout=TIMEOUT_MS)
    assert len(win.controller.comparison.articles) == 2  # type: ignore[union-attr]


def test_an_article_closed_before_its_analysis_came_back_stays_closed(
    qtbot: QtBot, held: HeldProcess, samples_dir: Path
) -> None:
    with make_window(qtbot, None) as window:  # nothing stored: no session
        paths = samples(samples_dir)
        window.controller.open_files(paths)
        qtbot.waitUntil(lambda: waiting_with_text(window, held, 3), timeout=TIMEOUT_MS)
        window.controller.close_article("B")
        qtbot.waitUntil(lambda: window.ready and len(window.panes) == 2, timeout=TIMEOUT_MS)
        held.release.set()
        qtbot.waitUntil(lambda: analysed(window), timeout=TIMEOUT_MS)
        assert [a.source.path for a in window.controller.articles] == [paths[0], paths[2]]
        assert sorted(window.panes) == ["A", "C"]


def test_launch_starts_the_pipeline_off_the_gui_thread(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, db: Path
) -> None:
    import ui.app

    process = HeldProcess(shared_process(), hold_load=True)
    monkeypatch.setattr("ui.workers.shared_process", lambda: process)
    monkeypatch.setattr(ui.app, "shared_process", lambda: process)
    monkeypatch.setattr(ui.app, "freeze_startup_heap", lambda: None)  # the test's heap
    qt, controller, window = ui.app.launch(db=str(db), theme="light", picture=True)
    qt.aboutToQuit.disconnect(controller.shutdown)
    qtbot.addWidget(window)
    try:
        # Before anything else the analysis process was asked to get ready,
        # and the pipeline the preferences name is loading on a worker.
        assert process.started == [None]
        assert controller.model_state == "loading"
        assert window.isVisible()
        assert window.status_text.text() == "Loading language model…"
        qtbot.waitUntil(process.reached.is_set, timeout=TIMEOUT_MS)
        assert process.threads[0] is not threading.main_thread()
        # The load is held: the GUI thread still runs its event loop.
        ticks: list[int] = []
        timer = QTimer()
        timer.setInterval(10)
        timer.timeout.connect(lambda: ticks.append(1))
        timer.start()
        qtbot.waitUntil(lambda: len(ticks) >= 10, timeout=TIMEOUT_MS)
        timer.stop()
        assert controller.model_state == "loading"
        process.release.set()
        qtbot.waitUntil(lambda: controller.model_state == "ready", timeout=TIMEOUT_MS)
        assert window.status_text.text().startswith("Ready")
    finally:
        process.release.set()
        controller.shutdown()


def test_crosscheck_gui_starts_the_analysis_process_before_qt_is_loaded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import app.cli
    import ui.app

    process = HeldProcess(shared_process())
    seen: list[list[str | None]] = []

    def run(files: list[str], **_kwargs: object) -> int:
        seen.append(list(process.started))  # what had been started by then
        return 0

    monkeypatch.setattr("app.jobs.analysis_process.shared_process", lambda: process)
    monkeypatch.setattr(ui.app, "run", run)
    assert app.cli.main(["gui", "--theme", "light"]) == 0
    assert seen == [[None]]


def test_a_pipeline_that_cannot_be_loaded_says_so_and_why(
    qtbot: QtBot, db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.domain import Settings
    from ui.controller.base import PipelineState

    with make_window(qtbot, db) as window:
        controller = window.controller
        controller.set_settings(Settings(spacy_model="no_such_pipeline_installed"))
        qtbot.waitUntil(lambda: controller.model_state is PipelineState.FAILED, timeout=TIMEOUT_MS)
        assert "no_such_pipeline_installed" in controller.model_error
        assert window.status_text.text() == "The language model could not be loaded."
        assert controller.model_error in capsys.readouterr().err  # not interactive: stderr
