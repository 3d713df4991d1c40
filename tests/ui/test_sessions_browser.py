"""The sessions browser and the recent-sessions list, without a database: they
show SessionSummary values and emit requests, nothing more."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.editing.commands import MAX_NAME_CHARS
from models.repository import SessionSummary
from ui.recent_sessions import RecentSessions
from ui.sessions_browser import (
    NO_SESSIONS,
    READING,
    Column,
    SessionsBrowser,
    describe_updated,
)

# The offscreen platform says so whenever a dialog is shown; it is not ours.
# Every other Qt warning still fails the test.
pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore("^This plugin does not support propagateSizeHints\\(\\)$"),
]

# A fixed clock and zone, so "today" does not depend on when or where the
# tests run.  14:05 at UTC+2 is 12:05 UTC.
TZ = timezone(timedelta(hours=2))
NOW = datetime(2026, 11, 20, 14, 5, tzinfo=TZ)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A stored (UTC) time: November ``day`` 2026 at hour:minute UTC."""
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def summary(
    name: str, updated: datetime, articles: int = 3, notes: int = 0, relations: int | None = 7
) -> SessionSummary:
    return SessionSummary(
        name=name,
        articles=articles,
        annotations=notes,
        relations=relations,
        created=updated - timedelta(days=3),
        updated=updated,
    )


def sample() -> list[SessionSummary]:
    # Deliberately not in date order.
    return [
        summary("ferry-disaster", at(18, 8, 30), articles=3, notes=2),
        summary("Baghdad bombing", at(20, 12, 0), articles=4, notes=5),
        summary("court ruling", at(19, 7, 12), articles=2, notes=0),
        summary("earthquake", at(20, 9, 45), articles=5, notes=1),
        summary("Election night", at(1, 20, 0), articles=2, notes=1),
    ]


NEWEST_FIRST = ["Baghdad bombing", "earthquake", "court ruling", "ferry-disaster", "Election night"]


def make_browser(qtbot: QtBot, sessions: list[SessionSummary] | None = None) -> SessionsBrowser:
    browser = SessionsBrowser(clock=lambda: NOW, tz=TZ)
    qtbot.addWidget(browser)
    browser.show()
    if sessions is not None:
        browser.set_sessions(sessions)
    return browser


def select(browser: SessionsBrowser, name: str) -> None:
    for row in range(browser.table.topLevelItemCount()):
        item = browser.table.topLevelItem(row)
        assert item is not None
        if item.data(Column.NAME, Qt.ItemDataRole.UserRole) == name:
            browser.table.setCurrentItem(item)
            return
    raise AssertionError(f"no row for {name!r}")


def row_texts(browser: SessionsBrowser, row: int) -> list[str]:
    item = browser.table.topLevelItem(row)
    assert item is not None
    return [item.text(column) for column in range(browser.table.columnCount())]


def action_buttons_enabled(browser: SessionsBrowser) -> list[bool]:
    return [
        b.isEnabled() for b in (browser.open_button, browser.rename_button, browser.delete_button)
    ]


# -- describe_updated ---------------------------------------------------------


def test_describe_updated_today_yesterday_and_older() -> None:
    assert describe_updated(at(20, 10, 0), NOW, TZ) == "today 12:00"
    assert describe_updated(at(19, 7, 12), NOW, TZ) == "yesterday 09:12"
    assert describe_updated(at(18, 12, 5), NOW, TZ) == "2026-11-18 14:05"
    assert describe_updated(datetime(2025, 11, 20, 12, 5, tzinfo=UTC), NOW, TZ) == (
        "2025-11-20 14:05"
    )


def test_describe_updated_counts_days_in_local_time() -> None:
    # 23:30 UTC on the 19th is already 01:30 on the 20th at UTC+2: today.
    assert describe_updated(at(19, 23, 30), NOW, TZ) == "today 01:30"
    # 21:59 UTC on the 18th is 23:59 on the 18th locally: two days ago.
    assert describe_updated(at(18, 21, 59), NOW, TZ) == "2026-11-18 23:59"
    # The same instant in another zone is the same answer.
    assert describe_updated(at(20, 10), NOW.astimezone(UTC), TZ) == "today 12:00"


def test_describe_updated_takes_naive_times_as_utc() -> None:
    assert describe_updated(datetime(2026, 11, 20, 10, 0), NOW, TZ) == "today 12:00"


def test_describe_updated_defaults_to_the_system_zone() -> None:
    now = datetime(2026, 11, 20, 14, 5).astimezone()  # 14:05 here, wherever here is
    earlier = now - timedelta(hours=1)
    assert describe_updated(earlier.astimezone(UTC), now) == "today 13:05"
    assert describe_updated((now - timedelta(days=1)).astimezone(UTC), now) == ("yesterday 14:05")


# -- the browser --------------------------------------------------------------


def test_browser_reads_then_says_when_there_are_no_sessions(qtbot: QtBot) -> None:
    browser = make_browser(qtbot)
    assert browser.objectName() == "sessionsBrowser"
    assert browser.windowTitle() == "Sessions"
    assert browser.stack.currentWidget() is browser.placeholder
    assert browser.placeholder.text() == READING
    assert action_buttons_enabled(browser) == [False, False, False]
    browser.set_sessions([])
    assert browser.placeholder.text() == NO_SESSIONS
    assert browser.stack.currentWidget() is browser.placeholder
    assert browser.chosen() is None
    assert action_buttons_enabled(browser) == [False, False, False]


def test_browser_lists_newest_first_with_counts_and_local_times(qtbot: QtBot) -> None:
    browser = make_browser(qtbot, sample())
    assert browser.stack.currentWidget() is browser.table
    assert browser.names() == NEWEST_FIRST
    assert row_texts(browser, 0) == ["Baghdad bombing", "4", "5", "today 14:00"]
    assert row_texts(browser, 2) == ["court ruling", "2", "0", "yesterday 09:12"]
    assert row_texts(browser, 4) == ["Election night", "2", "1", "2026-11-01 22:00"]
    # The newest is chosen, so Enter opens it straight away.
    assert browser.chosen() == "Baghdad bombing"
    assert action_buttons_enabled(browser) == [True, True, True]
    assert browser.open_button.isDefault()


def test_filter_matches_names_ignoring_case(qtbot: QtBot) -> None:
    browser = make_browser(qtbot, sample())
    select(browser, "court ruling")
    qtbot.keyClicks(browser.filter, "E")
    # "court ruling" does not hold an e: the choice moves to the first match.
    assert browser.names() == ["earthquake", "ferry-disaster", "Election night"]
    assert browser.chosen() == "earthquake"
    browser.filter.setText("eLeCt")
    assert browser.names() == ["Election night"]
    assert browser.chosen() == "Election night"
    browser.filter.setText("nothing like it")
    assert browser.names() == []
    assert browser.chosen() is None
    assert browser.stack.currentWidget() is browser.placeholder
    assert "nothing like it" in browser.placeholder.text()
    assert action_buttons_enabled(browser) == [False, False, False]
    browser.filter.clear()
    assert browser.names() == NEWEST_FIRST
    assert browser.stack.currentWidget() is browser.table
    assert browser.chosen() == "Baghdad bombing"


def test_buttons_are_disabled_without_a_selection(qtbot: QtBot) -> None:
    browser = make_browser(qtbot, sample())
    browser.table.clearSelection()
    assert browser.chosen() is None
    assert action_buttons_enabled(browser) == [False, False, False]
    assert not browser.rename_action.isEnabled()
    assert not browser.delete_action.isEnabled()
    with qtbot.assertNotEmitted(browser.open_requested):
        browser.open_chosen()
    select(browser, "earthquake")
    assert action_buttons_enabled(browser) == [True, True, True]


def test_open_with_the_button(qtbot: QtBot) -> None:
    browser = make_browser(qtbot, sample())
    select(browser, "court ruling")
    with qtbot.waitSignal(browser.open_requested, timeout=1000) as blocker:
        qtbot.mouseClick(browser.open_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["court ruling"]
    assert not browser.isVisible()
    assert browser.result() == SessionsBrowser.DialogCode.Accepted


def test_open_with_a_double_click(qtbot: QtBot) -> None:
    browser = make_browser(qtbot, sample())
    item = browser.table.topLevelItem(1)
    assert item is not None
    centre = browser.table.visualItemRect(item).center()
    with qtbot.waitSignal(browser.open_requested, timeout=1000) as blocker:
        qtbot.mouseClick(browser.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
        qtbot.mouseDClick(browser.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert blocker.args == ["earthquake"]


def test_open_with_enter_in_the_table_or_the_filter(qtbot: QtBot) -> None:
    browser = make_browser(qtbot, sample())
    select(browser, "ferry-disaster")
    with qtbot.waitSignal(browser.open_requested, timeout=1000) as blocker:
        qtbot.keyClick(browser.table, Qt.Key.Key_Return)
    assert blocker.args == ["ferry-disaster"]

    browser = make_browser(qtbot, sample())
    qtbot.keyClicks(browser.filter, "quake")
    with qtbot.waitSignal(browser.open_requested, timeout=1000) as blocker:
        qtbot.keyClick(browser.filter, Qt.Key.Key_Return)
    assert blocker.args == ["earthquake"]


def test_close_emits_nothing(qtbot: QtBot) -> None:
    browser = make_browser(qtbot, sample())
    with qtbot.assertNotEmitted(browser.open_requested):
        qtbot.mouseClick(browser.close_button, Qt.MouseButton.LeftButton)
    assert not browser.isVisible()
    assert browser.result() == SessionsBrowser.DialogCode.Rejected


def test_set_current_marks_the_open_session(qtbot: QtBot) -> None:
    browser = make_browser(qtbot, sample())
    browser.set_current("court ruling")
    item = browser.table.topLevelItem(2)
    assert item is not None
    assert item.text(Column.NAME) == "court ruling  (open)"
    assert item.font(Column.NAME).bold()
    assert item.font(Column.UPDATED).bold()
    other = browser.table.topLevelItem(0)
    assert other is not None
    assert not other.font(Column.NAME).bold()
    # The mark is a label, not part of the name.
    select(browser, "court ruling")
    assert browser.chosen() == "court ruling"
    browser.filter.setText("open")
    assert browser.names() == []
    browser.filter.clear()
    # It survives a refresh, and goes when nothing is open.
    browser.set_sessions(sample())
    assert browser.table.topLevelItem(2).text(Column.NAME) == "court ruling  (open)"  # type: ignore[union-attr]
    browser.set_current(None)
    assert browser.table.topLevelItem(2).text(Column.NAME) == "court ruling"  # type: ignore[union-attr]
    assert not browser.table.topLevelItem(2).font(Column.NAME).bold()  # type: ignore[union-attr]


# -- keeping the selection across refreshes ----------------------------------


def test_set_sessions_keeps_the_selection_on_the_same_name(qtbot: QtBot) -> None:
    browser = make_browser(qtbot, sample())
    select(browser, "court ruling")
    # "court ruling" was just updated: it moves to the top, the choice follows.
    fresh = [s for s in sample() if s.name != "court ruling"]
    fresh.append(summary("court ruling", at(20, 12, 30), articles=3))
    browser.set_sessions(fresh)
    assert browser.names()[0] == "court ruling"
    assert browser.chosen() == "court ruling"
    assert row_texts(browser, 0)[:2] == ["court ruling", "3"]


def test_set_sessions_moves_to_the_neighbour_of_a_deleted_session(qtbot: QtBot) -> None:
    browser = make_browser(qtbot, sample())
    select(browser, "court ruling")  # third row
    browser.set_sessions([s for s in sample() if s.name != "court ruling"])
    assert browser.chosen() == "ferry-disaster"  # now the third row
    select(browser, "Election night")  # the last row
    browser.set_sessions([s for s in sample() if s.name not in {"court ruling", "Election night"}])
    assert browser.chosen() == "ferry-disaster"  # the new last row
    browser.set_sessions([])
    assert browser.chosen() is None
    assert browser.placeholder.text() == NO_SESSIONS


def test_set_sessions_keeps_no_selection_when_there_was_none(qtbot: QtBot) -> None:
    browser = make_browser(qtbot, sample())
    browser.table.clearSelection()
    browser.set_sessions(sample())
    assert browser.chosen() is None
    assert action_buttons_enabled(browser) == [False, False, False]


# -- renaming -----------------------------------------------------------------


def test_rename_asks_for_a_new_name_and_emits_it_cleaned(qtbot: QtBot) -> None:
    browser = make_browser(qtbot, sample())
    select(browser, "earthquake")
    qtbot.mouseClick(browser.rename_button, Qt.MouseButton.LeftButton)
    prompt = browser.rename_prompt
    assert prompt is not None
    assert prompt.isVisible()
    assert prompt.line_edit.text() == "earthquake"
    assert prompt.line_edit.selectedText() == "earthquake"
    prompt.line_edit.clear()
    qtbot.keyClicks(prompt.line_edit, "  Quake in the north  ")
    with qtbot.waitSignal(browser.rename_requested, timeout=1000) as blocker:
        qtbot.mouseClick(prompt.ok_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["earthquake", "Quake in the north"]
    assert not prompt.isVisible()
    assert browser.isVisible()  # the browser stays open for more work
    # The controller answers with the renamed list: the choice follows it.
    renamed = [s for s in sample() if s.name != "earthquake"]
    renamed.append(summary("Quake in the north", at(20, 9, 45), articles=5, notes=1))
    browser.set_sessions(renamed)
    assert browser.chosen() == "Quake in the north"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("", "the session name is empty"),
        ("   ", "the session name is empty"),
        ("x" * (MAX_NAME_CHARS + 1), "characters long"),
        ("tab\there", "control character"),
        ("ferry-disaster", "already exists"),
    ],
)
def test_rename_refuses_a_bad_name_inline(qtbot: QtBot, typed: str, expected: str) -> None:
    browser = make_browser(qtbot, sample())
    browser.ask_rename("earthquake")
    prompt = browser.rename_prompt
    assert prompt is not None
    assert not prompt.error.isVisible()
    prompt.line_edit.setText(typed)
    with qtbot.assertNotEmitted(browser.rename_requested):
        qtbot.mouseClick(prompt.ok_button, Qt.MouseButton.LeftButton)
    assert prompt.isVisible()
    assert prompt.error.isVisible()
    assert expected in prompt.error.text().lower()
    # Typing again clears the complaint; a good name then goes through.
    prompt.line_edit.clear()
    qtbot.keyClicks(prompt.line_edit, "aftershocks")
    assert not prompt.error.isVisible()
    with qtbot.waitSignal(browser.rename_requested, timeout=1000) as blocker:
        qtbot.keyClick(prompt.line_edit, Qt.Key.Key_Return)
    assert blocker.args == ["earthquake", "aftershocks"]


def test_rename_to_the_same_name_or_cancelled_emits_nothing(qtbot: QtBot) -> None:
    browser = make_browser(qtbot, sample())
    browser.ask_rename("earthquake")
    prompt = browser.rename_prompt
    assert prompt is not None
    prompt.line_edit.setText(" earthquake ")  # the same once trimmed
    with qtbot.assertNotEmitted(browser.rename_requested):
        qtbot.mouseClick(prompt.ok_button, Qt.MouseButton.LeftButton)
    assert not prompt.isVisible()

    browser.ask_rename("earthquake")
    prompt = browser.rename_prompt
    assert prompt is not None
    prompt.line_edit.setText("something else")
    with qtbot.assertNotEmitted(browser.rename_requested):
        qtbot.mouseClick(prompt.cancel_button, Qt.MouseButton.LeftButton)
    assert not prompt.isVisible()


def test_f2_and_delete_in_the_table(qtbot: QtBot) -> None:
    browser = make_browser(qtbot, sample())
    browser.activateWindow()
    qtbot.waitUntil(browser.isActiveWindow, timeout=1000)
    browser.table.setFocus()  # the shortcuts belong to the table only
    select(browser, "court ruling")
    qtbot.keyClick(browser.table, Qt.Key.Key_F2)
    assert browser.rename_prompt is not None
    assert browser.rename_prompt.line_edit.text() == "court ruling"
    browser.rename_prompt.reject()
    qtbot.waitUntil(browser.isActiveWindow, timeout=1000)
    browser.table.setFocus()
    qtbot.keyClick(browser.table, Qt.Key.Key_Delete)
    assert browser.delete_prompt is not None
    assert "“court ruling”" in browser.delete_prompt.text()


# -- deleting -----------------------------------------------------------------


def test_delete_asks_first_and_emits_on_yes(qtbot: QtBot) -> None:
    browser = make_browser(qtbot, sample())
    select(browser, "ferry-disaster")
    qtbot.mouseClick(browser.delete_button, Qt.MouseButton.LeftButton)
    box = browser.delete_prompt
    assert box is not None
    assert box.isVisible()
    assert "“ferry-disaster”" in box.text()
    details = box.informativeText()
    assert "3 articles and 2 notes" in details
    assert "daily backups" in details
    assert "crosscheck restore" in details
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    with qtbot.waitSignal(browser.delete_requested, timeout=1000) as blocker:
        qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    assert blocker.args == ["ferry-disaster"]
    assert not box.isVisible()


def test_delete_says_so_when_the_session_is_open_and_counts_in_the_singular(
    qtbot: QtBot,
) -> None:
    sessions = [*sample(), summary("one of each", at(20, 11), articles=1, notes=1)]
    browser = make_browser(qtbot, sessions)
    browser.set_current("one of each")
    browser.ask_delete("one of each")
    box = browser.delete_prompt
    assert box is not None
    assert "1 article and 1 note" in box.informativeText()
    assert "open in the window" in box.informativeText()
    browser.ask_delete("court ruling")
    box = browser.delete_prompt
    assert box is not None
    assert "2 articles and no notes" in box.informativeText()
    assert "open in the window" not in box.informativeText()


@pytest.mark.parametrize("how", ["cancel button", "escape", "enter"])
def test_delete_cancelled_emits_nothing(qtbot: QtBot, how: str) -> None:
    browser = make_browser(qtbot, sample())
    select(browser, "ferry-disaster")
    browser.ask_delete("ferry-disaster")
    box = browser.delete_prompt
    assert box is not None
    with qtbot.assertNotEmitted(browser.delete_requested):
        if how == "cancel button":
            qtbot.mouseClick(
                box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton
            )
        elif how == "escape":
            qtbot.keyClick(box, Qt.Key.Key_Escape)
        else:  # Enter presses the default button, which is Cancel
            qtbot.keyClick(box, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: not box.isVisible(), timeout=1000)
    assert browser.chosen() == "ferry-disaster"


# -- the recent-sessions list -------------------------------------------------


def make_recent(qtbot: QtBot, limit: int = 6) -> RecentSessions:
    recent = RecentSessions(limit=limit, clock=lambda: NOW, tz=TZ)
    qtbot.addWidget(recent)
    return recent


def test_recent_is_hidden_until_there_are_sessions(qtbot: QtBot) -> None:
    recent = make_recent(qtbot)
    assert recent.objectName() == "recentSessions"
    assert recent.isHidden()
    recent.set_sessions([])
    assert recent.isHidden()
    recent.set_sessions(sample())
    assert not recent.isHidden()
    assert recent.title.text() == "Recent sessions"
    recent.set_sessions([])
    assert recent.isHidden()
    assert recent.rows == []


def test_recent_shows_the_newest_up_to_its_limit(qtbot: QtBot) -> None:
    recent = make_recent(qtbot, limit=3)
    recent.set_sessions(sample())
    assert recent.names() == NEWEST_FIRST[:3]
    first = recent.rows[0]
    assert first.name_label.text() == "Baghdad bombing"
    assert first.details_label.text() == "4 articles · 5 notes · today 14:00"
    assert recent.rows[2].details_label.text() == "2 articles · no notes · yesterday 09:12"
    # The default shows six: all five here.
    recent = make_recent(qtbot)
    recent.set_sessions(sample())
    assert recent.names() == NEWEST_FIRST
    recent.set_sessions(sample()[:2])  # a refresh replaces the rows
    assert recent.names() == ["Baghdad bombing", "ferry-disaster"]
    assert recent.rows[1].details_label.text() == "3 articles · 2 notes · 2026-11-18 10:30"


def test_recent_emits_open_requested_on_click(qtbot: QtBot) -> None:
    recent = make_recent(qtbot)
    recent.set_sessions(sample())
    recent.show()
    row = recent.rows[1]
    with qtbot.waitSignal(recent.open_requested, timeout=1000) as blocker:
        qtbot.mouseClick(row, Qt.MouseButton.LeftButton, pos=QPoint(10, row.height() // 2))
    assert blocker.args == ["earthquake"]
    # A click on a label reaches the row underneath.
    label = recent.rows[0].name_label
    with qtbot.waitSignal(recent.open_requested, timeout=1000) as blocker:
        qtbot.mouseClick(label, Qt.MouseButton.LeftButton)
    assert blocker.args == ["Baghdad bombing"]


@pytest.mark.parametrize("key", [Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter])
def test_recent_rows_work_from_the_keyboard(qtbot: QtBot, key: Qt.Key) -> None:
    recent = make_recent(qtbot)
    recent.set_sessions(sample())
    recent.show()
    for row in recent.rows:
        assert row.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert recent.all_button.focusPolicy() & Qt.FocusPolicy.TabFocus
    with qtbot.waitSignal(recent.open_requested, timeout=1000) as blocker:
        qtbot.keyClick(recent.rows[2], key)
    assert blocker.args == ["court ruling"]


def test_recent_all_sessions_asks_for_the_browser(qtbot: QtBot) -> None:
    recent = make_recent(qtbot)
    recent.set_sessions(sample())
    recent.show()
    assert recent.all_button.text() == "All sessions…"
    with qtbot.waitSignal(recent.browse_requested, timeout=1000):
        qtbot.mouseClick(recent.all_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(recent.browse_requested, timeout=1000):
        qtbot.keyClick(recent.all_button, Qt.Key.Key_Space)


def test_recent_rows_walk_with_the_arrow_keys(qtbot: QtBot) -> None:
    recent = make_recent(qtbot, limit=3)
    recent.set_sessions(sample())
    recent.show()
    recent.activateWindow()
    qtbot.waitUntil(recent.isActiveWindow, timeout=1000)
    recent.rows[0].setFocus()
    qtbot.keyClick(recent.rows[0], Qt.Key.Key_Down)
    assert recent.rows[1].hasFocus()
    qtbot.keyClick(recent.rows[1], Qt.Key.Key_Down)
    qtbot.keyClick(recent.rows[2], Qt.Key.Key_Down)
    assert recent.all_button.hasFocus()
    recent.rows[2].setFocus()
    qtbot.keyClick(recent.rows[2], Qt.Key.Key_Up)
    assert recent.rows[1].hasFocus()
