"""Five articles fit (issue 10, point 5): at 1280x800 every pane is on
screen with View > Fit all articles (Ctrl+0, on by default), down to a
readable width; headers take at most two lines with the whole title in a
tooltip; an article without a title line is called by its first line, not its
file name; the overview ruler beside each text shows where its conflicts are
and goes there on a click.  On a throwaway database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QPoint, QSettings, Qt
from pytestqt.qtbot import QtBot

from app.domain import Article, Source
from ui.article_view import FIT_PANE_WIDTH, MIN_PANE_WIDTH, ArticlePane, display_title
from ui.controller import Controller
from ui.highlighter import Role
from ui.main_window import MainWindow
from ui.overview import TICK_HEIGHT
from ui.persistence import SessionStore
from ui.preferences import PreferencesStore

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]

TIMEOUT_MS = 120_000
LONG_HEADLINE = (
    "Survivors of the Selka Dawn ferry disaster describe the chaos on deck as the vessel "
    "overturned at the harbour mouth in the storm, and ask why it sailed at all"
)


def settled(win: MainWindow) -> bool:
    c = win.controller
    return c.idle and win.ready and c.session is not None and c.comparison is not None


@pytest.fixture
def five(tmp_path: Path, samples_dir: Path) -> list[Path]:
    """The three samples, one without its headline and date lines, one with
    a headline of 150 characters."""
    folder = tmp_path / "articles"
    folder.mkdir()
    samples = sorted(samples_dir.glob("*.txt"))
    paths = []
    for sample in samples:
        paths.append(folder / sample.name)
        paths[-1].write_bytes(sample.read_bytes())
    lines = samples[0].read_text("utf-8").split("\n")
    bare = folder / "04-no-headline.txt"
    bare.write_text("\n".join(lines[2:]).lstrip("\n"), encoding="utf-8")
    long = folder / "05-long-headline.txt"
    rest = samples[1].read_text("utf-8").split("\n", 1)[1]
    long.write_text(f"{LONG_HEADLINE}\n{rest}", encoding="utf-8")
    return [*paths, bare, long]


@pytest.fixture
def win(qtbot: QtBot, tmp_path: Path, five: list[Path]) -> Iterator[MainWindow]:
    controller = Controller(store=SessionStore(str(tmp_path / "sessions.sqlite3")))
    prefs = PreferencesStore(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    window = MainWindow(controller, "light", interactive=False, prefs_store=prefs)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    controller.open_files([str(p) for p in five])
    qtbot.waitUntil(lambda: settled(window) and len(window.panes) == 5, timeout=TIMEOUT_MS)
    yield window
    controller.shutdown()


def on_screen(win: MainWindow, pane: ArticlePane) -> bool:
    """The whole pane is inside the strip's visible part."""
    left = pane.mapTo(win.pane_area.viewport(), QPoint(0, 0)).x()
    return left >= 0 and left + pane.width() <= win.pane_area.viewport().width()


def test_five_articles_fit_1280_by_800_and_ctrl_0_lets_them_scroll(
    qtbot: QtBot, win: MainWindow, tmp_path: Path
) -> None:
    assert win.fit_action.isChecked() and win.fit_articles
    qtbot.waitUntil(lambda: all(on_screen(win, p) for p in win.panes.values()))
    assert win.pane_area.horizontalScrollBar().maximum() == 0
    widths = [p.width() for p in win.panes.values()]
    assert min(widths) >= FIT_PANE_WIDTH and max(widths) - min(widths) <= 2
    # A gutter between each two neighbours, all on screen.
    assert len(win.pane_splitter.connectors()) == 4
    assert any(win.pane_splitter.connectors().values())

    win.panes["A"].text.setFocus()
    qtbot.keyClick(win.panes["A"].text, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert not win.fit_articles and not win.fit_action.isChecked()
    qtbot.waitUntil(lambda: win.pane_area.horizontalScrollBar().maximum() > 0)
    assert all(p.width() >= MIN_PANE_WIDTH for p in win.panes.values())
    assert not all(on_screen(win, p) for p in win.panes.values())
    # The choice is kept for the next start.
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    assert PreferencesStore(settings).fit_articles() is False
    win.fit_action.trigger()
    qtbot.waitUntil(lambda: all(on_screen(win, p) for p in win.panes.values()))


def test_more_articles_than_fit_scroll_at_the_readable_width(qtbot: QtBot, win: MainWindow) -> None:
    win.resize(900, 700)  # the window's smallest: five panes cannot share 900 pixels
    qtbot.waitUntil(lambda: win.pane_area.horizontalScrollBar().maximum() > 0)
    assert all(p.width() >= FIT_PANE_WIDTH for p in win.panes.values())


def test_headers_take_two_lines_at_most_with_the_whole_title_in_a_tooltip(
    qtbot: QtBot, win: MainWindow
) -> None:
    heights = set()
    for pane in win.panes.values():
        title = pane.title
        assert title.text().count("\n") <= 1, title.text()
        assert pane.meta.text().count("\n") == 0
        heights.add(title.height() <= 2 * title.fontMetrics().lineSpacing() + 2)
    assert heights == {True}
    long = win.panes["E"]
    assert long.title.elided and long.title.text().endswith("…")
    assert long.title.toolTip() == LONG_HEADLINE
    assert long.title.full_text() == LONG_HEADLINE
    assert long.meta.toolTip().endswith("05-long-headline.txt")


def test_an_article_without_a_title_line_is_called_by_its_first_line(win: MainWindow) -> None:
    bare = win.panes["D"]
    # The importer takes the first line (app/importing/titles.py), never the file's name.
    assert bare.article.title.startswith("LINDQVAY (Northline News Agency)")
    assert bare.title.full_text().startswith("LINDQVAY (Northline News Agency) - At least nine")
    assert "04-no-headline" not in bare.title.full_text()
    assert bare.text.accessibleName().startswith("Article D: LINDQVAY")


def test_display_title_keeps_a_real_title_and_cuts_a_long_first_line() -> None:
    source = Source(path="/news/story.txt", format="txt", encoding="utf-8", sha256="0", size=1)
    titled = Article("A", "Ferry capsizes", "Ferry capsizes\n\nBody.", source)
    assert display_title(titled) == "Ferry capsizes"
    words = " ".join(["word"] * 80)
    untitled = Article("B", "story", f"\n\n{words}.\nMore.", source)
    shown = display_title(untitled)
    assert shown.endswith("…") and len(shown) <= 160 and shown.startswith("word word")
    assert display_title(Article("C", "story.txt", "  \n", source)) == "story.txt"


def test_the_overview_ruler_marks_the_conflicts_and_goes_there(
    qtbot: QtBot, win: MainWindow
) -> None:
    index = win.controller.index
    assert index is not None
    pane = next(
        p
        for p in win.panes.values()
        if any(s.role is Role.CONFLICT for s in index.spans(p.article.id))
    )
    conflicts = [s for s in index.spans(pane.article.id) if s.role is Role.CONFLICT]
    ruler = pane.ruler
    assert [m.start for m in ruler.marks if m.ink == "conflict_ink"] == sorted(
        s.start for s in conflicts
    )
    assert ruler.isVisible() and ruler.width() > 0
    fractions = ruler.mark_fractions()
    assert fractions == sorted(fractions) and all(0 <= f <= 1 for f in fractions)
    # Scroll away, then click the last conflict's tick: the text goes there and
    # its relation is chosen in the table.
    bar = pane.text.verticalScrollBar()
    bar.setValue(0)
    last = ruler.marks[-1] if ruler.marks[-1].ink == "conflict_ink" else None
    assert last is not None
    y = round(ruler._y(ruler.fraction_of(last.start)) + TICK_HEIGHT / 2)
    qtbot.mouseClick(ruler, Qt.MouseButton.LeftButton, pos=QPoint(ruler.width() // 2, y))
    claim = index.claim_at(pane.article.id, last.start)
    assert claim is not None
    relation = win.relations_panel.current_relation()
    assert relation in {link.relation for link in index.links[claim.id]}
    top, height = ruler.visible_band()
    assert top <= ruler.fraction_of(last.start) <= top + height
    # A click away from any tick scrolls there.
    qtbot.mouseClick(ruler, Qt.MouseButton.LeftButton, pos=QPoint(2, 1))
    assert bar.value() == 0
