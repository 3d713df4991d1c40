"""The Export dialog and the exporter that writes the file off the GUI thread."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pytestqt")
pytest.importorskip("reportlab", reason="reportlab renders the PDF summary")
pypdf = pytest.importorskip("pypdf")

from PySide6.QtCore import QLocale  # noqa: E402
from PySide6.QtWidgets import QFileDialog  # noqa: E402
from pytestqt.qtbot import QtBot  # noqa: E402

from app.domain import Comparison  # noqa: E402
from app.export.pdf.options import KINDS, ExportOptions, ExportResult  # noqa: E402
from app.session import Session, SessionArticle, article_letter  # noqa: E402
from ui.export_dialog import ExportDialog  # noqa: E402
from ui.export_task import Exporter, export_message  # noqa: E402

pytestmark = pytest.mark.gui

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"
NOW = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)
EXPORT_TIMEOUT_MS = 20_000


@pytest.fixture(scope="module")
def comparison() -> Comparison:
    """The three bundled samples, compared once for the whole module."""
    from app.engine import compare
    from app.importing import import_file

    paths = sorted(SAMPLES.glob("*.txt"))
    articles = [import_file(p, article_id=article_letter(i)) for i, p in enumerate(paths)]
    return compare(articles)


@pytest.fixture(scope="module")
def session(comparison: Comparison) -> Session:
    articles = tuple(
        SessionArticle(f"key-{a.id}", i, a, "sha", NOW) for i, a in enumerate(comparison.articles)
    )
    return Session("Ferry check", NOW, NOW, articles)


@pytest.fixture
def exporter(qtbot: QtBot) -> Iterator[Exporter]:
    worker = Exporter()
    yield worker
    worker.cancel()
    assert worker.wait(EXPORT_TIMEOUT_MS)


def busy(exporter: Exporter) -> bool:
    """``exporter.busy``, read afresh (a plain attribute read would be narrowed)."""
    return exporter.busy


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(str(path)).pages)


# -- the dialog ----------------------------------------------------------------


def test_dialog_defaults_map_onto_the_default_options(qtbot: QtBot, tmp_path: Path) -> None:
    target = str(tmp_path / "ferry.pdf")
    dialog = ExportDialog(target, "Ferry check", None)
    qtbot.addWidget(dialog)
    assert dialog.objectName() == "exportDialog"
    assert dialog.path() == target
    options = dialog.options()
    assert options.include_texts and not options.only_open
    assert options.kinds == KINDS
    assert options.title == "Ferry check"
    assert dialog.export_button.isEnabled()
    assert "Ferry check" in dialog.heading.text()


def test_dialog_choices_map_onto_the_options(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = ExportDialog(str(tmp_path / "ferry.pdf"), None, None)
    qtbot.addWidget(dialog)
    dialog.texts_box.setChecked(False)
    dialog.open_box.setChecked(True)
    dialog.matches_box.setChecked(False)
    dialog.paper_combo.setCurrentText("Letter")
    options = dialog.options()
    assert options == ExportOptions(
        include_texts=False,
        only_open=True,
        kinds=frozenset({"conflict"}),
        paper="Letter",
        title=None,
        author=options.author,
    )
    dialog.matches_box.setChecked(True)
    dialog.conflicts_box.setChecked(False)
    dialog.paper_combo.setCurrentText("A4")
    assert dialog.options().kinds == frozenset({"match"})
    assert dialog.options().paper == "A4"


def test_export_is_disabled_without_a_kind_or_a_file(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = ExportDialog(str(tmp_path / "ferry.pdf"), "Ferry check", None)
    qtbot.addWidget(dialog)
    dialog.conflicts_box.setChecked(False)
    assert dialog.export_button.isEnabled()  # matches alone are fine
    dialog.matches_box.setChecked(False)
    assert not dialog.export_button.isEnabled()
    assert dialog.hint.text()
    dialog.accept()  # as Enter in the file field would
    assert dialog.result() == 0 and not dialog.isVisible()
    dialog.conflicts_box.setChecked(True)
    assert dialog.export_button.isEnabled() and not dialog.hint.text()
    dialog.file_edit.setText("   ")
    assert not dialog.export_button.isEnabled()
    assert dialog.path() == ""
    dialog.file_edit.setText("x")
    assert dialog.export_button.isEnabled()


def test_the_file_gets_a_pdf_suffix_and_lands_beside_the_suggestion(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = ExportDialog(str(tmp_path / "ferry.pdf"), None, None)
    qtbot.addWidget(dialog)
    dialog.file_edit.setText("notes")
    assert dialog.path() == str(tmp_path / "notes.pdf")
    dialog.file_edit.setText(str(tmp_path / "Upper.PDF"))
    assert dialog.path() == str(tmp_path / "Upper.PDF")

    asked: list[tuple[str, str]] = []

    def fake_save(
        parent: Any, caption: str, start: str, filters: str, selected: str
    ) -> tuple[str, str]:
        assert "CSV table (*.csv)" in filters.split(";;")  # every format is offered
        asked.append((start, selected))
        return str(tmp_path / "chosen"), selected

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_save)
    dialog.choose_button.click()
    assert asked == [(str(tmp_path / "Upper.PDF"), "PDF (*.pdf)")]
    assert dialog.file_edit.text() == str(tmp_path / "chosen.pdf")
    assert dialog.path() == str(tmp_path / "chosen.pdf")

    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: ("", ""))
    dialog.choose_button.click()  # cancelled: the field keeps its file
    assert dialog.path() == str(tmp_path / "chosen.pdf")


@pytest.mark.parametrize(("locale", "paper"), [("en_US", "Letter"), ("de_DE", "A4")])
def test_the_paper_follows_the_locale(qtbot: QtBot, locale: str, paper: str) -> None:
    before = QLocale()
    QLocale.setDefault(QLocale(locale))
    try:
        dialog = ExportDialog("ferry.pdf", None, None)
        qtbot.addWidget(dialog)
    finally:
        QLocale.setDefault(before)
    assert dialog.options().paper == paper


# -- the exporter --------------------------------------------------------------


def test_exporter_writes_a_pdf_and_reports_progress(
    qtbot: QtBot,
    exporter: Exporter,
    comparison: Comparison,
    session: Session,
    tmp_path: Path,
) -> None:
    out = tmp_path / "ferry.pdf"
    progress: list[tuple[str, int, int]] = []
    exporter.progressed.connect(lambda text, done, total: progress.append((text, done, total)))
    options = ExportOptions(title="Ferry check", paper="Letter")
    with qtbot.waitSignal(exporter.finished, timeout=EXPORT_TIMEOUT_MS) as blocker:
        exporter.start(str(out), comparison, session, options)
        assert busy(exporter)
    assert not busy(exporter)
    result = blocker.args[0]
    assert isinstance(result, ExportResult)
    assert result.path == out and result.pages > 1
    reader = pypdf.PdfReader(str(out))
    assert len(reader.pages) == result.pages
    assert round(float(reader.pages[0].mediabox[2])) == 612  # Letter, in points
    text = pdf_text(out)
    assert comparison.articles[0].title in " ".join(text.split())
    assert "Ferry check" in text
    messages = [m for m, _, _ in progress]
    assert messages[0] == "Preparing the PDF…"
    assert messages[-1] == "Writing the PDF…"
    layout = [(m, d, t) for m, d, t in progress if m.startswith("Laying out")]
    assert layout and all(m == f"Laying out page content {d} of {t}…" for m, d, t in layout)
    assert layout[-1][1] == layout[-1][2] > 0


def test_an_unwritable_target_fails_with_a_readable_message(
    qtbot: QtBot, exporter: Exporter, comparison: Comparison, tmp_path: Path
) -> None:
    not_a_folder = tmp_path / "plain-file"
    not_a_folder.write_text("x")
    done: list[object] = []
    exporter.finished.connect(done.append)
    with qtbot.waitSignal(exporter.failed, timeout=EXPORT_TIMEOUT_MS) as blocker:
        exporter.start(str(not_a_folder / "ferry.pdf"), comparison, None, ExportOptions())
    message = blocker.args[0]
    assert str(not_a_folder / "ferry.pdf") in message
    assert "Internal error" not in message and "Traceback" not in message
    assert message.rstrip().endswith(".")
    assert not exporter.busy and not done
    assert not_a_folder.read_text() == "x"

    with qtbot.waitSignal(exporter.failed, timeout=EXPORT_TIMEOUT_MS) as blocker:
        exporter.start(str(tmp_path / "missing" / "ferry.pdf"), comparison, None, ExportOptions())
    assert "does not exist" in blocker.args[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plain-file"]


def test_a_bug_is_reported_as_an_internal_error_and_logged(
    qtbot: QtBot,
    exporter: Exporter,
    comparison: Comparison,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(*args: Any, **kwargs: Any) -> ExportResult:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr("app.export.write.export_pdf", broken)
    with (
        caplog.at_level(logging.ERROR, logger="ui.export_task"),
        qtbot.waitSignal(exporter.failed, timeout=EXPORT_TIMEOUT_MS) as blocker,
    ):
        exporter.start(str(tmp_path / "x.pdf"), comparison, None, ExportOptions())
    assert blocker.args[0] == "Internal error (ZeroDivisionError: division by zero)."
    assert "Traceback" in caplog.text and "ZeroDivisionError" in caplog.text


def _gate_layout(monkeypatch: pytest.MonkeyPatch) -> tuple[threading.Event, threading.Event]:
    """Hold the real export at its first layout step until the test lets go."""
    from app.export.pdf.export import export_pdf as real

    reached, release = threading.Event(), threading.Event()

    def gated(out: str, **kwargs: Any) -> ExportResult:
        report = kwargs["progress"]

        def progress(stage: str, done: int, total: int) -> None:
            report(stage, done, total)
            if stage == "layout" and not reached.is_set():
                reached.set()
                release.wait(EXPORT_TIMEOUT_MS / 1000)

        return real(out, **{**kwargs, "progress": progress})

    monkeypatch.setattr("app.export.write.export_pdf", gated)
    return reached, release


def test_cancel_during_layout_leaves_no_file(
    qtbot: QtBot,
    exporter: Exporter,
    comparison: Comparison,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reached, release = _gate_layout(monkeypatch)
    ended: list[object] = []
    exporter.finished.connect(ended.append)
    exporter.failed.connect(ended.append)
    out = tmp_path / "ferry.pdf"
    with qtbot.waitSignal(exporter.cancelled, timeout=EXPORT_TIMEOUT_MS):
        exporter.start(str(out), comparison, None, ExportOptions())
        assert reached.wait(EXPORT_TIMEOUT_MS / 1000)
        exporter.cancel()
        assert busy(exporter)  # until the job has stopped
        release.set()
    assert not busy(exporter) and not ended
    assert exporter.wait(EXPORT_TIMEOUT_MS)
    assert list(tmp_path.iterdir()) == []  # neither the PDF nor a temporary file


def test_cancel_before_the_job_runs(
    qtbot: QtBot, exporter: Exporter, comparison: Comparison, tmp_path: Path
) -> None:
    out = tmp_path / "ferry.pdf"
    out.write_bytes(b"old")
    with qtbot.waitSignal(exporter.cancelled, timeout=EXPORT_TIMEOUT_MS):
        exporter.start(str(out), comparison, None, ExportOptions())
        exporter.cancel()
    assert out.read_bytes() == b"old"
    exporter.cancel()  # nothing under way: no signal, no error
    assert not exporter.busy


def test_a_second_start_supersedes_the_first(
    qtbot: QtBot,
    exporter: Exporter,
    comparison: Comparison,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reached, release = _gate_layout(monkeypatch)
    finished: list[ExportResult] = []
    stale: list[object] = []
    exporter.finished.connect(finished.append)
    exporter.failed.connect(stale.append)
    exporter.cancelled.connect(lambda: stale.append("cancelled"))
    first, second = tmp_path / "first.pdf", tmp_path / "second.pdf"
    with qtbot.waitSignal(exporter.finished, timeout=EXPORT_TIMEOUT_MS):
        exporter.start(str(first), comparison, None, ExportOptions())
        assert reached.wait(EXPORT_TIMEOUT_MS / 1000)
        exporter.start(str(second), comparison, None, ExportOptions(include_texts=False))
        release.set()
    assert exporter.wait(EXPORT_TIMEOUT_MS)
    qtbot.wait(50)  # let anything the first job still queued arrive (it must be dropped)
    assert [r.path for r in finished] == [second]
    assert stale == []
    assert not first.exists() and second.read_bytes().startswith(b"%PDF")
    assert not exporter.busy


def test_stage_messages() -> None:
    assert export_message("preparing", 0, 1) == "Preparing the PDF…"
    assert export_message("layout", 3, 9) == "Laying out page content 3 of 9…"
    assert export_message("writing", 1, 1) == "Writing the PDF…"
