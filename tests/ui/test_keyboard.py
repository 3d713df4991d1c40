"""The window from the keyboard alone (issue 10, point 3): Tab and F6 move
between regions, arrows move inside a table, every menu action has its
shortcut, the focus is always visible, every control has a name, and the
whole workflow (open, relations, a verdict, a note on a passage selected with
the keyboard, editing it from the annotations panel, export) runs without a
mouse.  Keys go to whatever widget has the focus, never to one the test
chose; on throwaway databases and settings."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QFileDialog,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QScrollBar,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.session import Verdict
from ui.controller import Controller
from ui.itemmodels.relations import Column, KindRole, RelationRole
from ui.main_window import MainWindow
from ui.persistence import SessionStore
from ui.preferences import PreferencesStore
from ui.theme import load_theme

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]

TIMEOUT_MS = 120_000
CONTROLS = (
    QAbstractButton,
    QComboBox,
    QLineEdit,
    QAbstractItemView,
    QPlainTextEdit,
    QAbstractSlider,
    QAbstractSpinBox,
)


def settled(win: MainWindow) -> bool:
    c = win.controller
    return c.idle and win.ready and c.session is not None and c.comparison is not None


@pytest.fixture
def documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "Documents"
    folder.mkdir()
    monkeypatch.setattr("ui.main_window.exporting.documents_folder", lambda: folder)
    return folder


@pytest.fixture
def empty(qtbot: QtBot, tmp_path: Path, documents: Path) -> Iterator[MainWindow]:
    """The empty window, active, with its own database and settings file."""
    controller = Controller(store=SessionStore(str(tmp_path / "sessions.sqlite3")))
    prefs = PreferencesStore(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    window = MainWindow(controller, "light", interactive=False, prefs_store=prefs)
    qtbot.addWidget(window)
    window.resize(1440, 900)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    yield window
    controller.shutdown()


@pytest.fixture
def win(qtbot: QtBot, empty: MainWindow, samples_dir: Path) -> MainWindow:
    empty.controller.open_files([str(p) for p in sorted(samples_dir.glob("*.txt"))])
    qtbot.waitUntil(lambda: settled(empty) and len(empty.panes) == 3, timeout=TIMEOUT_MS)
    return empty


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the focus"
    return widget


def press(
    qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    """A key press where the focus is, as a person's would land."""
    qtbot.keyClick(focused(), key, modifier)


def region(win: MainWindow) -> str:
    current = win.current_region()
    return current.name if current is not None else "(none)"


def f6_until(qtbot: QtBot, win: MainWindow, name: str, *, back: bool = False) -> list[str]:
    """Press F6 (Shift+F6) until the region ``name`` has the focus; the
    regions passed through."""
    seen = []
    modifier = Qt.KeyboardModifier.ShiftModifier if back else Qt.KeyboardModifier.NoModifier
    for _ in range(12):
        press(qtbot, Qt.Key.Key_F6, modifier)
        seen.append(region(win))
        if seen[-1] == name:
            return seen
    raise AssertionError(f"F6 never reached {name}: {seen}")


# -- the whole workflow ----------------------------------------------------------


def test_the_whole_workflow_without_a_mouse(
    qtbot: QtBot,
    empty: MainWindow,
    samples_dir: Path,
    documents: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    win = empty
    samples = [str(p) for p in sorted(samples_dir.glob("*.txt"))]
    # The file chooser is Qt's own dialog; what it returns is what the reporter picked.
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *_a, **_k: (samples, ""))

    # Open the samples: Ctrl+O from the empty window.
    press(qtbot, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: settled(win) and len(win.panes) == 3, timeout=TIMEOUT_MS)
    # The keyboard starts in the first article.
    qtbot.waitUntil(lambda: focused() is win.panes["A"].text)

    # Move to the relations: F6 walks the articles, the filters, the table.
    assert f6_until(qtbot, win, "relations") == [
        "article B",
        "article C",
        "filters",
        "relations",
    ]
    assert focused() is win.table

    # Step to a conflict, and give it a verdict with one key.
    press(qtbot, Qt.Key.Key_F8)
    current = win.table.currentIndex()
    assert current.data(KindRole) == "conflict"
    assert win.table.selectionModel().isRowSelected(current.row(), current.parent())
    relation = current.data(RelationRole)
    assert isinstance(relation, int)
    press(qtbot, Qt.Key.Key_C)
    verdict = win.controller.verdict_of(relation)
    assert verdict is not None and verdict.verdict is Verdict.CONFIRMED

    # Annotate a passage of article A, selected with the keyboard.
    f6_until(qtbot, win, "article A")
    text = win.panes["A"].text
    assert focused() is text
    press(qtbot, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    for _ in range(3):
        press(
            qtbot,
            Qt.Key.Key_Right,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
    selected = text.textCursor().selectedText().strip()
    assert selected == "Ferry capsizes in"
    press(qtbot, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    dialog = win.annotation_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: focused() is dialog.note)
    qtbot.keyClicks(focused(), "check the headline")
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # saves
    qtbot.waitUntil(lambda: len(win.controller.annotations) == 1, timeout=10_000)
    (note,) = win.controller.annotations
    assert note.note == "check the headline" and note.anchor.exact.strip() == selected

    # Reach the annotations panel (backwards from the first article) and edit the note.
    qtbot.waitUntil(lambda: focused() is text)  # the dialog gave the focus back
    assert f6_until(qtbot, win, "annotations", back=True) == ["annotations"]
    assert win.annotations_table.selectionModel().isRowSelected(
        0, win.annotations_table.rootIndex()
    )
    press(qtbot, Qt.Key.Key_Return)
    editor = win.annotation_dialog
    assert editor is not None and editor is not dialog
    qtbot.waitUntil(lambda: focused() is editor.note)
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(focused(), "headline checked with the agency")
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(
        lambda: win.controller.annotations[0].note == "headline checked with the agency",
        timeout=10_000,
    )

    qtbot.waitUntil(lambda: QApplication.focusWidget() is win.annotations_table)

    # Export: Ctrl+E proposes a file in the documents folder; Enter writes it.
    press(qtbot, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    export = win.export_dialog
    assert export is not None
    qtbot.waitUntil(lambda: export.isVisible() and export.isAncestorOf(focused()))
    target = Path(export.path())
    assert target.parent == documents
    session = win.controller.session
    assert session is not None and target.stem == session.name
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: win.last_export is not None, timeout=TIMEOUT_MS)
    assert target.read_bytes().startswith(b"%PDF")


# -- regions, Tab and arrows ---------------------------------------------------------


def test_tab_moves_between_regions_never_cell_by_cell(qtbot: QtBot, win: MainWindow) -> None:
    assert focused() is win.panes["A"].text
    panel = win.relations_panel
    filters = [
        w
        for w in (panel.kind_filter, panel.type_filter, panel.article_filter, panel.text_filter)
        if w.isVisible()
    ]
    expected = [
        win.panes["B"].text,
        win.panes["C"].text,
        *filters,
        win.table,
        win.annotations_table,
        win.panes["A"].text,
    ]
    order = []
    for _ in expected:
        press(qtbot, Qt.Key.Key_Tab)
        order.append(focused())
    assert order == expected
    # Shift+Tab goes back the same way, out of the table in one press.
    win.step_region(-1)  # from article A back to the annotations
    assert focused() is win.annotations_table
    press(qtbot, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert focused() is win.table
    press(qtbot, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert focused() is filters[-1]


def test_arrows_move_inside_the_table_and_ctrl_tab_leaves_it(qtbot: QtBot, win: MainWindow) -> None:
    f6_until(qtbot, win, "relations")
    table = win.table
    first = table.currentIndex()
    assert first.isValid() and first.row() == 0  # the row the keys act on is chosen...
    assert table.selectionModel().isRowSelected(0, first.parent())  # ...and looks it
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Down)
    assert table.currentIndex().row() == 2 and focused() is table
    press(qtbot, Qt.Key.Key_Up)
    assert table.currentIndex().row() == 1
    press(qtbot, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)  # the next region
    assert focused() is win.annotations_table
    press(
        qtbot,
        Qt.Key.Key_Tab,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert focused() is table and table.currentIndex().row() == 1


def test_the_menu_key_opens_the_context_menu_on_the_current_row(
    qtbot: QtBot, win: MainWindow
) -> None:
    f6_until(qtbot, win, "relations")
    view = win.relations_view
    last = view.rowCount() - 1
    for _ in range(last):
        press(qtbot, Qt.Key.Key_Down)
    assert win.table.currentIndex().row() == last
    wanted = view.index(last, Column.KIND).data(RelationRole)
    seen: list[int | None] = []

    def close_menu() -> None:
        menu = QApplication.activePopupWidget()
        seen.append(win.relations_panel.current_relation())
        if isinstance(menu, QMenu):
            menu.close()

    QTimer.singleShot(100, close_menu)
    press(qtbot, Qt.Key.Key_Menu)
    qtbot.waitUntil(lambda: bool(seen), timeout=5_000)
    assert seen == [wanted]  # the menu acted on the current row, not the middle one


def test_article_actions_work_on_the_pane_with_the_caret(qtbot: QtBot, win: MainWindow) -> None:
    f6_until(qtbot, win, "article B")
    press(
        qtbot,
        Qt.Key.Key_PageUp,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert [a for a, _ in win._ordered_panes()] == ["B", "A", "C"]
    assert focused() is win.panes["B"].text
    press(
        qtbot,
        Qt.Key.Key_PageDown,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert [a for a, _ in win._ordered_panes()] == ["A", "B", "C"]
    # Enter on a claim does what a click does: the counterparts come, the row is chosen.
    index = win.controller.index
    assert index is not None
    claim = next(
        c
        for c in index.claims_between("B", 0, len(win.panes["B"].article.text))
        if index.links.get(c.id)
    )
    text = win.panes["B"].text
    cursor = text.textCursor()
    cursor.setPosition(text.offsets.to_qt(claim.start + 1))
    text.setTextCursor(cursor)  # the caret, as the arrows would have put it
    press(qtbot, Qt.Key.Key_Return)
    assert win.relations_panel.current_relation() == index.links[claim.id][0].relation
    # Ctrl+Shift+W closes the article the caret is in (Ctrl+Z brings it back).
    f6_until(qtbot, win, "article C")
    press(
        qtbot, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    qtbot.waitUntil(lambda: settled(win) and list(win.panes) == ["A", "B"], timeout=TIMEOUT_MS)
    assert win.current_region() is not None  # the focus is still somewhere it can work


# -- menus, names, focus frames --------------------------------------------------------


def menu_actions(menu: QMenu, path: str = "") -> list[tuple[str, QKeySequence, str]]:
    out = []
    for action in menu.actions():
        if action.isSeparator() or not action.text():
            continue
        name = f"{path}{action.text()}"
        sub = action.menu()
        if isinstance(sub, QMenu):
            out += menu_actions(sub, f"{name} > ")
        else:
            out.append((name, action.shortcut(), action.text()))
    return out


def test_every_menu_action_has_a_shortcut_shown_in_its_menu(win: MainWindow) -> None:
    actions = [
        entry
        for action in win.menuBar().actions()
        if isinstance(action.menu(), QMenu)
        for entry in menu_actions(action.menu(), f"{action.text()} > ")  # type: ignore[arg-type]
    ]
    assert len(actions) > 25
    missing = [
        name
        for name, shortcut, _text in actions
        # Lists of names (the recent sessions, the themes) have mnemonics instead.
        if shortcut.isEmpty() and "Recent sessions" not in name and "T&heme" not in name
    ]
    assert missing == []
    for name, _shortcut, text in actions:
        if "T&heme" in name:
            assert "&" in text, f"{name} has no mnemonic"
    # Relation and annotation actions, reachable only by right-click before, are in menus.
    texts = {name.split(" > ")[-1] for name, _s, _t in actions}
    assert {"&Confirm", "&Reject", "C&lear verdict", "&Edit annotation…"} <= texts
    assert {"Next &region", "&Fit all articles", "Close &article"} <= texts


def controls(root: QWidget) -> list[QWidget]:
    """The visible controls under ``root``, not the parts of other controls
    (a table's header and corner button, a list's line edit, scroll bars)."""
    out = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or isinstance(widget, QScrollBar):
            continue
        if not widget.isVisibleTo(root):
            continue
        parent = widget.parentWidget()
        inside = False
        while parent is not None and parent is not root:
            if isinstance(parent, CONTROLS):
                inside = True
                break
            parent = parent.parentWidget()
        if not inside:
            out.append(widget)
    return out


def test_every_control_has_an_accessible_name(qtbot: QtBot, win: MainWindow) -> None:
    win.open_find()  # the find bar too
    found = controls(win)
    assert len(found) >= 12
    unnamed = [
        f"{type(w).__name__} {w.objectName()!r}" for w in found if not w.accessibleName().strip()
    ]
    assert unnamed == []
    # Symbols are not names: the pane buttons say what they do.
    pane = win.panes["A"]
    assert pane.close_button.accessibleName() == "Close article A"
    assert pane.left_button.accessibleName() == "Move article A left"
    assert pane.text.accessibleName().startswith("Article A: Ferry capsizes")
    # The dialogs the workflow opens.
    win.table.setFocus()
    win.table.selectRow(0)
    win.relations_panel.annotate_action.trigger()
    assert win.annotation_dialog is not None
    win.export_action.trigger()
    assert win.export_dialog is not None
    for dialog in (win.annotation_dialog, win.export_dialog):
        unnamed = [
            f"{type(w).__name__} {w.objectName()!r}"
            for w in controls(dialog)
            if not w.accessibleName().strip()
        ]
        assert unnamed == [], type(dialog).__name__
        dialog.reject()


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_focus_is_visible_in_both_themes(qtbot: QtBot, win: MainWindow, theme: str) -> None:
    win.set_theme(theme)
    frame = QColor(load_theme(theme).colours["focus"])

    def edge(widget: QWidget) -> QColor:
        image = widget.grab().toImage()
        return image.pixelColor(0, image.height() // 2)

    text = win.panes["A"].text
    for widget in (text, win.table, win.annotations_table, win.relations_panel.text_filter):
        win.panes["B"].text.setFocus()
        qtbot.waitUntil(lambda: focused() is win.panes["B"].text)
        assert edge(widget) != frame, widget.objectName()
        widget.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.waitUntil(lambda w=widget: focused() is w)  # type: ignore[misc]
        assert edge(widget) == frame, widget.objectName()
    # A list keeps its own look: the window draws the frame around it.
    combo = win.relations_panel.kind_filter
    combo.setFocus(Qt.FocusReason.TabFocusReason)
    ring = win.focus_ring.ring
    qtbot.waitUntil(lambda: ring is not None or win.focus_ring.ring is not None)
    ring = win.focus_ring.ring
    assert ring is not None and ring.isVisible()
    assert ring.geometry() == combo.geometry() and ring.parentWidget() is combo.parentWidget()
    assert ring.colour == frame
    image = ring.grab().toImage()
    assert image.pixelColor(1, image.height() // 2).rgb() == frame.rgb()
    text.setFocus()
    qtbot.waitUntil(lambda: not ring.isVisible())
    win.set_theme("light")
