"""The analysis in its own process: results, progress, cancel, errors, a
child that dies."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.domain import RelationKind
from app.errors import Cancelled
from app.jobs.analysis import AnalysisRequest
from app.jobs.analysis_process import AnalysisFailed, AnalysisProcess

from .helpers import article


@pytest.fixture(scope="module")
def process() -> Iterator[AnalysisProcess]:
    worker = AnalysisProcess()
    yield worker
    worker.close()


def _pair() -> AnalysisRequest:
    a = article("A", "Three people were killed when the ferry sank on Thursday, police said.")
    b = article("B", "Two people were killed when the ferry sank on Thursday, officials said.")
    return AnalysisRequest((a, b), ())


def test_a_comparison_comes_back_with_progress(process: AnalysisProcess) -> None:
    stages: list[str] = []
    result = process.analyse(_pair(), progress=lambda stage, _d, _t: stages.append(stage))
    assert result.comparison is not None
    assert [r.kind for r in result.comparison.relations] == [RelationKind.CONFLICT]
    assert "parsing" in stages and "linking" in stages
    assert process.running  # kept for the next request


def test_files_are_imported_in_the_child_and_bad_ones_refused(
    process: AnalysisProcess, tmp_path: Path
) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Nine people died in the storm on Friday.\n", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    result = process.analyse(AnalysisRequest((), (str(good), str(empty))))
    assert [a.source.path for a in result.articles] == [str(good)]
    (refused,) = result.refused
    assert "empty" in refused.lower()


def test_a_cancel_reaches_the_child(process: AnalysisProcess, tmp_path: Path) -> None:
    with pytest.raises(Cancelled):
        process.analyse(_pair(), cancelled=lambda: True)  # before it was sent
    # Cancelled once the child is at work: new texts, so nothing is cached.
    checks = iter([False, True])
    sentence = "Storm number {n} closed {k} schools on Monday in district {k}, officials said. "
    texts = [
        article(chr(65 + n), "".join(sentence.format(n=n, k=k) for k in range(80)))
        for n in range(6)
    ]
    with pytest.raises(Cancelled):
        process.analyse(AnalysisRequest(tuple(texts), ()), cancelled=lambda: next(checks, True))
    # The child is still there and answers the next request.
    assert process.analyse(_pair()).comparison is not None


def test_a_missing_pipeline_is_a_readable_error(process: AnalysisProcess) -> None:
    with pytest.raises(AnalysisFailed) as caught:
        process.load("no_such_pipeline_xyz")
    assert "no_such_pipeline_xyz" in caught.value.message()


def test_a_child_that_died_is_started_again() -> None:
    worker = AnalysisProcess()
    try:
        assert worker.analyse(_pair()).comparison is not None
        worker._process.kill()  # the operating system ended it (say, out of memory)
        worker._process.join()
        assert worker.analyse(_pair()).comparison is not None
    finally:
        worker.close()
    assert not worker.running


def test_a_child_dying_mid_request_is_reported_not_hung() -> None:
    worker = AnalysisProcess()

    def kill_on_first_progress(_stage: str, _done: int, _total: int) -> None:
        if worker._process is not None and worker._process.is_alive():
            worker._process.kill()

    try:
        with pytest.raises(AnalysisFailed) as caught:
            worker.analyse(_pair(), progress=kill_on_first_progress)
        assert "stopped unexpectedly" in caught.value.message()
        assert worker.analyse(_pair()).comparison is not None  # and it recovers
    finally:
        worker.close()


def test_a_caller_that_fails_mid_request_does_not_leave_replies_behind() -> None:
    worker = AnalysisProcess()

    def boom(_stage: str, _done: int, _total: int) -> None:
        raise RuntimeError("the caller's progress display broke")

    try:
        with pytest.raises(RuntimeError):
            worker.analyse(_pair(), progress=boom)
        # A fresh child answers the next request with its own result.
        result = worker.analyse(_pair())
        assert result.comparison is not None and len(result.articles) == 2
    finally:
        worker.close()


def test_a_cancel_during_one_long_parse_ends_the_child_soon() -> None:
    import time

    long_text = "".join(
        f"Storm number {k} closed {k + 2} schools on Monday in district {k}, officials said. "
        for k in range(4000)
    )
    worker = AnalysisProcess()
    try:
        worker.load("")  # the pipeline is loaded before the clock starts
        started: list[float] = []

        def cancel_once_parsing() -> bool:
            if not started:
                started.append(time.monotonic())
            return time.monotonic() - started[0] > 0.3

        request = AnalysisRequest((article("A", long_text), article("B", long_text[:500])), ())
        with pytest.raises(Cancelled):
            worker.analyse(request, cancelled=cancel_once_parsing)
        assert time.monotonic() - started[0] < 5  # not the whole parse
        assert worker.analyse(_pair()).comparison is not None  # a new child answers
    finally:
        worker.close()


# -- getting ready at launch (issue 10, point 8) ---------------------------------


def test_start_gets_the_child_ready_without_waiting_and_the_next_call_reads_past_it() -> None:
    worker = AnalysisProcess()
    try:
        worker.start()  # imports the engine and spaCy
        worker.start("")  # then loads and warms the default pipeline
        assert worker.running
        assert worker._owed == [("prepare",), ("load", "")]  # nothing waited for
        # The analysis reads both answers first, then gets its own result.
        result = worker.analyse(_pair())
        assert result.comparison is not None and len(result.articles) == 2
        assert worker._owed == []
    finally:
        worker.close()


def test_loading_the_pipeline_start_is_loading_waits_for_that_load() -> None:
    worker = AnalysisProcess()
    try:
        worker.start("")
        worker.start("")  # asked twice, sent once
        assert worker._owed == [("load", "")]
        worker.load("")  # answered by the load under way
        assert worker._owed == []
        assert worker.analyse(_pair()).comparison is not None  # no stray answer left
    finally:
        worker.close()


def test_start_never_waits_for_a_call_under_way() -> None:
    import threading

    worker = AnalysisProcess()
    try:
        with worker._lock:  # as during a long analysis on another thread
            caller = threading.Thread(target=worker.start, args=("",))
            caller.start()
            caller.join(timeout=10)
            assert not caller.is_alive()
        assert not worker.running  # it gave up: the call under way owns the child
    finally:
        worker.close()


def test_a_pipeline_start_could_not_load_does_not_answer_the_next_request() -> None:
    worker = AnalysisProcess()
    try:
        worker.start("no_such_pipeline_xyz")
        result = worker.analyse(_pair())  # on the default pipeline
        assert result.comparison is not None
        with pytest.raises(AnalysisFailed) as caught:
            worker.load("no_such_pipeline_xyz")  # asked for again: the error is reported
        assert "no_such_pipeline_xyz" in caught.value.message()
    finally:
        worker.close()


def test_the_child_ends_quietly_when_its_parent_is_gone(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A window that could not open leaves the warmed child with no one to
    answer: it must end, not print a BrokenPipeError traceback."""
    import multiprocessing
    import threading

    from app.jobs import analysis_process

    monkeypatch.setattr(analysis_process, "prepare_engine", lambda: None)
    parent, child = multiprocessing.Pipe()
    parent.send(("prepare",))
    parent.close()
    done = threading.Event()
    thread = threading.Thread(
        target=lambda: (analysis_process.serve(child, multiprocessing.Event()), done.set())
    )
    thread.start()
    thread.join(timeout=10)
    assert done.is_set()
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
