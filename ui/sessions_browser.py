"""The sessions browser: find, open, rename and delete stored sessions.

The dialog never touches the database.  It shows the ``SessionSummary`` values
it is given (``set_sessions``) and emits requests (``open_requested``,
``rename_requested``, ``delete_requested``); the window forwards them to the
controller, which does the store work on a worker thread and calls
``set_sessions`` again with the fresh list.

Both confirmations are non-blocking (``open()``, never ``exec()``) and stay
reachable as ``rename_prompt`` and ``delete_prompt``, so tests can drive them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.editing.commands import clean_session_name
from app.errors import InputError

NameRole = Qt.ItemDataRole.UserRole

if TYPE_CHECKING:  # models.repository loads SQLAlchemy
    from models.repository import SessionSummary


READING = "Reading the sessions…"
NO_SESSIONS = "No saved sessions yet."


def describe_updated(updated: datetime, now: datetime, tz: tzinfo | None = None) -> str:
    """When a session last changed, for a person: "today 14:05", "yesterday
    09:12", else "2026-11-20 14:05".

    Both times are shown in ``tz``, the system's local time zone when None
    (each instant with its own offset, so a daylight-saving change between
    them does not shift the clock).  Naive datetimes are taken as UTC, the
    store's convention.
    """
    when = _in_zone(updated, tz)
    today = _in_zone(now, tz).date()
    if when.date() == today:
        return f"today {when:%H:%M}"
    if when.date() == today - timedelta(days=1):
        return f"yesterday {when:%H:%M}"
    return f"{when:%Y-%m-%d %H:%M}"


def _in_zone(moment: datetime, tz: tzinfo | None) -> datetime:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(tz)


def counted(n: int, noun: str) -> str:
    """ "1 article", "3 articles", "no notes"."""
    if n == 0:
        return f"no {noun}s"
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def local_now() -> datetime:
    return datetime.now().astimezone()


def newest_first(sessions: Iterable[SessionSummary]) -> list[SessionSummary]:
    """Most recently updated first; equal times by name, so the order is stable."""
    by_name = sorted(sessions, key=lambda s: s.name.casefold())
    return sorted(by_name, key=lambda s: _in_zone(s.updated, UTC), reverse=True)


class Column:
    NAME = 0
    ARTICLES = 1
    NOTES = 2
    UPDATED = 3


HEADERS = ("Session", "Articles", "Notes", "Last updated")


class RenamePrompt(QDialog):
    """Asks for a new name; refuses (inline, without closing) a name the store
    would refuse.  ``renamed(old, new)`` only when the name really changes."""

    renamed = Signal(str, str)

    def __init__(self, old: str, taken: Iterable[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("renamePrompt")
        self.setWindowTitle("Rename session")
        self.setMinimumWidth(380)
        self.old = old
        self._taken = frozenset(taken) - {old}
        self.label = QLabel(f"New name for “{old}”:")
        self.label.setWordWrap(True)
        self.line_edit = QLineEdit(old)
        self.line_edit.setObjectName("renameEdit")
        self.line_edit.setAccessibleName("New name")
        self.line_edit.selectAll()
        self.error = QLabel()
        self.error.setObjectName("renameError")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Rename")
        self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.line_edit.textEdited.connect(lambda _text: self.error.hide())
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.line_edit)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.line_edit.setFocus()

    def problem(self) -> str | None:
        """Why the typed name cannot be used, or None."""
        try:
            new = clean_session_name(self.line_edit.text())
        except InputError as error:
            return error.message()
        if new in self._taken:
            return InputError(
                f"a session named “{new}” already exists",
                "Each session has its own name",
                "Choose another name",
            ).message()
        return None

    def accept(self) -> None:
        problem = self.problem()
        if problem is not None:
            self.error.setText(problem)
            self.error.show()
            self.line_edit.setFocus()
            return
        new = clean_session_name(self.line_edit.text())
        super().accept()
        if new != self.old:
            self.renamed.emit(self.old, new)


class SessionsBrowser(QDialog):
    """Every stored session, newest first, with a name filter."""

    open_requested = Signal(str)
    rename_requested = Signal(str, str)  # old, new
    delete_requested = Signal(str)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        clock: Callable[[], datetime] = local_now,
        tz: tzinfo | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("sessionsBrowser")
        self.setWindowTitle("Sessions")
        self.resize(660, 440)
        self._clock = clock
        self._tz = tz
        self._sessions: dict[str, SessionSummary] = {}
        self._current: str | None = None
        self._loaded = False
        self._followed_rename: tuple[str, str] | None = None
        self.rename_prompt: RenamePrompt | None = None
        self.delete_prompt: QMessageBox | None = None

        self.filter = QLineEdit()
        self.filter.setObjectName("sessionsFilter")
        self.filter.setAccessibleName("Filter sessions by name")
        self.filter.setPlaceholderText("Filter by name")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._apply_filter)

        self.table = QTreeWidget()
        self.table.setObjectName("sessionsTable")
        self.table.setAccessibleName("Sessions")
        self.table.setColumnCount(len(HEADERS))
        self.table.setHeaderLabels(list(HEADERS))
        self.table.setRootIsDecorated(False)
        self.table.setAlternatingRowColors(True)
        self.table.setAllColumnsShowFocus(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        numbers = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        header_item = self.table.headerItem()
        for column in (Column.ARTICLES, Column.NOTES):
            header_item.setTextAlignment(column, numbers)
        header = self.table.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(Column.NAME, QHeaderView.ResizeMode.Stretch)
        for column in (Column.ARTICLES, Column.NOTES, Column.UPDATED):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(lambda _item, _column: self.open_chosen())

        self.placeholder = QLabel(READING)
        self.placeholder.setObjectName("sessionsPlaceholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(self.table)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Close
        )
        self.open_button = buttons.button(QDialogButtonBox.StandardButton.Open)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        self.rename_button = QPushButton("Rename…")
        self.delete_button = QPushButton("Delete…")
        self.rename_button.setObjectName("renameSessionButton")
        self.delete_button.setObjectName("deleteSessionButton")
        buttons.addButton(self.rename_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.delete_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.accepted.connect(self.open_chosen)
        buttons.rejected.connect(self.reject)
        self.rename_button.clicked.connect(self._on_rename_clicked)
        self.delete_button.clicked.connect(self._on_delete_clicked)

        # F2 and Delete on the table, also in its context menu.
        self.rename_action = QAction("Rename…", self.table)
        self.rename_action.setShortcut(QKeySequence(Qt.Key.Key_F2))
        self.delete_action = QAction("Delete…", self.table)
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        for action in (self.rename_action, self.delete_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            self.table.addAction(action)
        self.rename_action.triggered.connect(self._on_rename_clicked)
        self.delete_action.triggered.connect(self._on_delete_clicked)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.stack, 1)
        layout.addWidget(buttons)
        self.open_button.setDefault(True)  # once in the dialog, so Enter finds it
        self.filter.setFocus()
        self._update_buttons()

    # -- what the window calls -------------------------------------------

    def set_sessions(self, sessions: list[SessionSummary]) -> None:
        """Show ``sessions`` (any order); the selection stays on the same name
        when it is still there, follows a rename asked for here, else moves to
        the row that took the place of a removed one."""
        previous = self.chosen()
        previous_row = self._visible_row_of(previous)
        first = not self._loaded
        self._loaded = True
        followed, self._followed_rename = self._followed_rename, None
        self._sessions = {s.name: s for s in sessions}
        now = self._clock()
        self.table.clear()
        for summary in newest_first(sessions):
            item = QTreeWidgetItem()
            item.setData(Column.NAME, NameRole, summary.name)
            self._fill(item, summary, now)
            self.table.addTopLevelItem(item)
        self._hide_filtered()
        if previous is not None and followed is not None and followed[0] == previous:
            previous = followed[1]
        if previous is not None and previous in self._sessions:
            self._select(previous)
        elif previous is not None and previous_row is not None:
            visible = self._visible_items()
            self._select_item(visible[min(previous_row, len(visible) - 1)] if visible else None)
        elif first:
            self._select_first_visible()
        else:
            self._select_item(None)
        self._update_placeholder()
        self._update_buttons()

    def set_current(self, name: str | None) -> None:
        """Mark the session open in the window (bold, "(open)")."""
        self._current = name
        now = self._clock()
        for item in self._items():
            summary = self._sessions.get(self._name(item))
            if summary is not None:
                self._fill(item, summary, now)

    def chosen(self) -> str | None:
        """The selected session's name, or None."""
        selected = [item for item in self.table.selectedItems() if not item.isHidden()]
        return self._name(selected[0]) if selected else None

    def names(self) -> list[str]:
        """The names of the rows the filter shows, top to bottom."""
        return [self._name(item) for item in self._visible_items()]

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Rows filled before the style sheet reached the table keep their
        # unstyled height (item padding) until laid out again.
        self.table.doItemsLayout()

    # -- actions ----------------------------------------------------------

    def open_chosen(self) -> None:
        """Ask for the selected session to be opened and close the browser."""
        name = self.chosen()
        if name is None:
            return
        self.open_requested.emit(name)
        self.accept()

    def ask_rename(self, name: str) -> None:
        """Open (non-blocking) a prompt for the new name of ``name``."""
        if self.rename_prompt is not None:
            self.rename_prompt.deleteLater()
        prompt = RenamePrompt(name, self._sessions, self)
        prompt.renamed.connect(self._on_rename_prompt_renamed)
        self.rename_prompt = prompt
        prompt.open()

    def ask_delete(self, name: str) -> None:
        """Open (non-blocking) a confirmation; Yes emits ``delete_requested``."""
        if self.delete_prompt is not None:
            self.delete_prompt.deleteLater()
        summary = self._sessions.get(name)
        if summary is None:
            contents = "Everything in it will be deleted from the database"
        else:
            contents = (
                f"Its {counted(summary.articles, 'article')} and "
                f"{counted(summary.annotations, 'note')} will be deleted from the database"
            )
        box = QMessageBox(self)
        box.setObjectName("deleteSessionPrompt")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Delete session")
        box.setText(f"Delete the session “{name}”?")
        opened = " It is the session open in the window." if name == self._current else ""
        box.setInformativeText(
            f"{contents} (the article files on disk are not touched).{opened}\n\n"
            "The database keeps daily backups: “crosscheck restore” on the command "
            "line puts back the newest one, undoing every change made after it."
        )
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        box.button(QMessageBox.StandardButton.Yes).setText("Delete")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setEscapeButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(lambda _result: self._on_delete_prompt_finished(box, name))
        self.delete_prompt = box
        box.open()

    # -- slots ------------------------------------------------------------

    def _on_rename_clicked(self) -> None:
        name = self.chosen()
        if name is not None:
            self.ask_rename(name)

    def _on_delete_clicked(self) -> None:
        name = self.chosen()
        if name is not None:
            self.ask_delete(name)

    def _on_rename_prompt_renamed(self, old: str, new: str) -> None:
        self._followed_rename = (old, new)
        self.rename_requested.emit(old, new)

    def _on_delete_prompt_finished(self, box: QMessageBox, name: str) -> None:
        if box.clickedButton() is box.button(QMessageBox.StandardButton.Yes):
            self.delete_requested.emit(name)

    def _apply_filter(self) -> None:
        self._hide_filtered()
        if self.chosen() is None:
            self._select_first_visible()
        self._update_placeholder()
        self._update_buttons()

    # -- helpers ----------------------------------------------------------

    def _fill(self, item: QTreeWidgetItem, summary: SessionSummary, now: datetime) -> None:
        is_open = summary.name == self._current
        item.setText(Column.NAME, f"{summary.name}  (open)" if is_open else summary.name)
        item.setText(Column.ARTICLES, str(summary.articles))
        item.setText(Column.NOTES, str(summary.annotations))
        item.setText(Column.UPDATED, describe_updated(summary.updated, now, self._tz))
        for column in (Column.ARTICLES, Column.NOTES):
            item.setTextAlignment(
                column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            )
        relations = (
            "not analysed for the current articles"
            if summary.relations is None
            else counted(summary.relations, "relation")
        )
        created = describe_updated(summary.created, now, self._tz)
        tip = f"{summary.name}\nCreated {created} · {relations}"
        if is_open:
            tip += "\nOpen in the window"
        for column in range(len(HEADERS)):
            font = item.font(column)
            font.setBold(is_open)
            item.setFont(column, font)
            item.setToolTip(column, tip)

    def _items(self) -> list[QTreeWidgetItem]:
        items = (self.table.topLevelItem(i) for i in range(self.table.topLevelItemCount()))
        return [item for item in items if item is not None]

    def _visible_items(self) -> list[QTreeWidgetItem]:
        return [item for item in self._items() if not item.isHidden()]

    def _visible_row_of(self, name: str | None) -> int | None:
        for row, item in enumerate(self._visible_items()):
            if self._name(item) == name:
                return row
        return None

    @staticmethod
    def _name(item: QTreeWidgetItem) -> str:
        return str(item.data(Column.NAME, NameRole))

    def _hide_filtered(self) -> None:
        needle = self.filter.text().strip().casefold()
        for item in self._items():
            item.setHidden(needle not in self._name(item).casefold())
        selected = self.table.selectedItems()
        if selected and selected[0].isHidden():
            self._select_item(None)

    def _select(self, name: str) -> None:
        for item in self._visible_items():
            if self._name(item) == name:
                self._select_item(item)
                return
        self._select_item(None)

    def _select_first_visible(self) -> None:
        visible = self._visible_items()
        self._select_item(visible[0] if visible else None)

    def _select_item(self, item: QTreeWidgetItem | None) -> None:
        if item is None:
            self.table.clearSelection()
            self.table.setCurrentIndex(QModelIndex())
            return
        self.table.setCurrentItem(item)
        item.setSelected(True)
        self.table.scrollToItem(item)

    def _update_placeholder(self) -> None:
        if not self._loaded:
            text = READING
        elif not self._sessions:
            text = NO_SESSIONS
        elif not self._visible_items():
            text = f"No session name contains “{self.filter.text().strip()}”."
        else:
            self.stack.setCurrentWidget(self.table)
            return
        self.placeholder.setText(text)
        self.stack.setCurrentWidget(self.placeholder)

    def _update_buttons(self) -> None:
        some = self.chosen() is not None
        for widget in (self.open_button, self.rename_button, self.delete_button):
            widget.setEnabled(some)
        self.rename_action.setEnabled(some)
        self.delete_action.setEnabled(some)
