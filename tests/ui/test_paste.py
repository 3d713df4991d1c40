"""File > New article from clipboard (issue 13): HTML and plain text put on
the real clipboard, the action triggered, the article added to the
comparison and to its session like an opened file, with no file to watch.
On a throwaway database."""

from __future__ import annotations

import html
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QByteArray, QMimeData
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from app.domain import Origin
from models.repository import Repository
from models.store import open_store
from ui.controller import Controller
from ui.main_window import MainWindow
from ui.persistence import SessionStore

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]

TIMEOUT_MS = 120_000
PAGE_URL = "https://news.example/selka-dawn-blog"


def settled(win: MainWindow, panes: int) -> bool:
    c = win.controller
    return (
        c.idle
        and win.ready
        and c.session is not None
        and c.comparison is not None
        and len(c.session.articles) == panes
        and len(win.panes) == panes
    )


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "sessions.sqlite3"


@pytest.fixture
def win(qtbot: QtBot, db: Path, samples_dir: Path) -> Iterator[MainWindow]:
    controller = Controller(store=SessionStore(str(db)))
    window = MainWindow(controller, "light", interactive=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    controller.open_files([str(p) for p in sorted(samples_dir.glob("*.txt"))[:2]])
    qtbot.waitUntil(lambda: settled(window, 2), timeout=TIMEOUT_MS)
    yield window
    QApplication.clipboard().clear()
    controller.shutdown()


def blog_html(samples_dir: Path) -> str:
    """The third sample as a browser copies it: a fragment, headline in <h1>."""
    title, *paragraphs = [
        p for p in (samples_dir / "03-news-blog.txt").read_text("utf-8").split("\n\n") if p
    ]
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return f"<meta charset='utf-8'><h1>{html.escape(title)}</h1>{body}"


def put_on_clipboard(*, html_text: str = "", text: str = "", url: str = "") -> None:
    mime = QMimeData()
    if html_text:
        mime.setHtml(html_text)
    if text:
        mime.setText(text)
    if url:  # as Firefox does: the page's address, UTF-16
        mime.setData("text/x-moz-url-priv", QByteArray(url.encode("utf-16-le")))
    QApplication.clipboard().setMimeData(mime)


def test_the_action_is_in_the_file_menu_with_its_shortcut(win: MainWindow) -> None:
    action = win.paste_action
    assert action.shortcut() == QKeySequence("Ctrl+Shift+V")
    file_menu = win.menuBar().actions()[0].menu()
    assert file_menu is not None and action in file_menu.actions()
    hint = win.findChild(QLabel, "emptyHint")
    assert hint is not None and "Ctrl+Shift+V" in hint.text()


def test_pasted_html_with_its_address_joins_the_comparison_and_the_session(
    qtbot: QtBot, win: MainWindow, db: Path, samples_dir: Path, tmp_path: Path
) -> None:
    put_on_clipboard(html_text=blog_html(samples_dir), text="plain version", url=PAGE_URL)
    win.paste_action.trigger()
    qtbot.waitUntil(lambda: settled(win, 3), timeout=TIMEOUT_MS)
    assert win.title_dialog is None  # the <h1> named it: nothing to ask

    session = win.controller.session
    assert session is not None
    pasted = session.articles[2].article
    assert pasted.id == "C"
    assert pasted.title == "Selka Dawn disaster: the ferry that should never have sailed?"
    assert "Nine people are confirmed dead" in pasted.text
    assert "plain version" not in pasted.text  # the HTML wins over the plain text
    assert (pasted.source.origin, pasted.source.url, pasted.source.path) == (
        Origin.CLIPBOARD,
        PAGE_URL,
        "",
    )
    assert pasted.source.format == "html"
    pane = win.panes["C"]
    # Where a file's name would be: where it came from, nothing to watch.
    meta = pane.meta.full_text()
    assert "words  ·  pasted from the clipboard on " in meta
    assert meta.endswith(f"({PAGE_URL})")
    comparison = win.controller.comparison
    assert comparison is not None
    assert any(c.article_id == "C" for c in comparison.claims)

    # Nothing on disk to watch: a check of the sources finds no change.
    win.controller.check_sources()
    qtbot.wait(300)
    assert not win.controller.source_changed("C")
    assert not pane.banner.isVisible()

    # Stored like any article, and read back the same.
    name = session.name
    win.controller.store.wait()  # type: ignore[union-attr]
    with open_store(str(db)) as store:
        again = Repository(store).load_session(name)
    assert again.articles[2].article.source == pasted.source
    assert again.articles[2].article.text == pasted.text

    shot = Path(os.environ.get("CROSSCHECK_SHOT_DIR", tmp_path)) / "pasted.png"
    win.grab().save(str(shot))
    assert shot.stat().st_size > 0

    # Undo takes it out again, like an opened file.
    win.undo_action.trigger()
    qtbot.waitUntil(lambda: settled(win, 2), timeout=TIMEOUT_MS)


def test_html_without_an_address_keeps_none(
    qtbot: QtBot, win: MainWindow, samples_dir: Path
) -> None:
    put_on_clipboard(html_text=blog_html(samples_dir))
    win.paste_action.trigger()
    qtbot.waitUntil(lambda: settled(win, 3), timeout=TIMEOUT_MS)
    source = win.panes["C"].article.source
    assert (source.origin, source.url) == (Origin.CLIPBOARD, "")
    meta = win.panes["C"].meta.full_text()
    assert "pasted from the clipboard on " in meta
    assert not meta.endswith(")")  # no address after the time


def test_plain_text_without_a_headline_asks_for_a_title(
    qtbot: QtBot, win: MainWindow, samples_dir: Path
) -> None:
    text = (samples_dir / "03-news-blog.txt").read_text("utf-8").split("\n\n", 2)[2]
    assert text.split("\n", 1)[0].endswith(".")  # a sentence, not a headline
    put_on_clipboard(text=text)
    win.paste_action.trigger()
    qtbot.waitUntil(lambda: win.title_dialog is not None, timeout=10_000)
    dialog = win.title_dialog
    assert dialog is not None and dialog.isVisible()
    # The proposal is the first line, cut at a word.
    assert dialog.title_edit.text().startswith("The Selka Dawn went down")
    assert dialog.title_edit.selectedText() == dialog.title_edit.text()  # typing replaces it
    dialog.title_edit.clear()
    assert not dialog.ok_button.isEnabled()  # an empty title is no title
    dialog.title_edit.setText("  Blog:   the night it sank ")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: settled(win, 3), timeout=TIMEOUT_MS)
    article = win.panes["C"].article
    assert article.title == "Blog: the night it sank"
    assert (article.source.format, article.source.origin) == ("txt", Origin.CLIPBOARD)
    assert win.title_dialog is None


def test_cancelling_the_title_adds_nothing(
    qtbot: QtBot, win: MainWindow, samples_dir: Path
) -> None:
    put_on_clipboard(text="Nine people are confirmed dead, according to the coastguard.")
    win.paste_action.trigger()
    qtbot.waitUntil(lambda: win.title_dialog is not None, timeout=10_000)
    win.title_dialog.reject()  # type: ignore[union-attr]
    qtbot.wait(300)
    assert len(win.panes) == 2 and not win.controller.busy


def test_an_empty_clipboard_says_so_and_adds_nothing(qtbot: QtBot, win: MainWindow) -> None:
    QApplication.clipboard().clear()
    win.paste_action.trigger()
    qtbot.waitUntil(lambda: win.status_text.text() == "Nothing was pasted.", timeout=10_000)
    assert len(win.panes) == 2


def test_the_same_text_is_not_added_twice(qtbot: QtBot, win: MainWindow, samples_dir: Path) -> None:
    put_on_clipboard(text=(samples_dir / "01-wire-service.txt").read_text("utf-8"))
    messages: list[str] = []
    win.controller.status_reported.connect(messages.append)
    win.paste_action.trigger()
    qtbot.waitUntil(lambda: bool(messages) and "already open" in messages[-1], timeout=10_000)
    assert "(article A)" in messages[-1]
    assert len(win.panes) == 2
