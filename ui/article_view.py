"""One article pane: a header (title, source, date, words) over the exact text.

The text is ``Article.text`` unchanged; highlights are ExtraSelections placed
by character offsets.  Qt counts UTF-16 code units, Python counts code points:
``Offsets`` converts between the two for texts outside the BMP.
"""

from __future__ import annotations

import html
from bisect import bisect_right
from datetime import UTC, datetime
from pathlib import PurePath

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from app.domain import Article, Origin, Source
from app.importing import first_line_title
from app.importing.pasting import describe_origin
from app.safe_text import replace_undecodable
from ui.highlighter import HighlightIndex, Role, Span, embolden, extra_selections
from ui.labels import ElidedLabel
from ui.overview import Mark, OverviewRuler
from ui.theme import Theme

MIN_PANE_WIDTH = 340  # a pane's width when the panes scroll (View > Fit all articles off)
FIT_PANE_WIDTH = 220  # the narrowest a fitted pane gets: still about 30 characters a line
FLASH_MS = 600
TITLE_LINES = 2  # a pane's header shows at most this many lines of title


def display_title(article: Article) -> str:
    """What a pane's header calls the article: its title, or, when the
    importer fell back to the file's name (sessions stored before it took the
    first line instead), the text's first line."""
    name = replace_undecodable(PurePath(article.source.path).name)
    title = replace_undecodable(" ".join(article.title.split()))
    if title and title not in (name, PurePath(name).stem):
        return title
    return first_line_title(article.text) or title or name or "(untitled)"


def _origin_label(source: Source, imported: datetime | None) -> str:
    """Where an article without a file came from, said where a file's name
    would be: there is nothing on disk to watch ("pasted from the clipboard
    on 5 Mar 2025, 14:02 (https://...)"; the line is cut at the pane's
    width and whole in its tooltip)."""
    if source.origin is Origin.FILE:
        return "(no file)"
    return describe_origin(source, imported or datetime.now(UTC))


class Offsets:
    """Code-point offsets (Python) <-> UTF-16 positions (Qt) of one text."""

    def __init__(self, text: str) -> None:
        # Code-point offsets of the characters that take two UTF-16 units.
        self._wide = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]
        self._wide_qt = [i + n for n, i in enumerate(self._wide)]

    def to_qt(self, offset: int) -> int:
        return offset + bisect_right(self._wide, offset - 1)

    def from_qt(self, position: int) -> int:
        return position - bisect_right(self._wide_qt, position - 2)


class ArticleText(QPlainTextEdit):
    """Read-only text with claim tooltips."""

    clicked = Signal(int)  # a click without a selection, at this code-point offset

    def __init__(self, article: Article, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articleText")
        self.setReadOnly(True)
        self.setAcceptDrops(False)  # dropped files go to the window
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setUndoRedoEnabled(False)
        # One stop for Tab (it moves on to the next region); the arrows move
        # the caret and Shift+arrows select, as in any text.
        self.setTabChangesFocus(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(f"Article {article.id}: {display_title(article)}")
        self.setAccessibleDescription(
            "Read-only article text. Arrows move, Shift with the arrows selects, "
            "N or Ctrl+M annotates the selection, or the relation selected when no "
            "passage is; Enter shows the counterparts of the claim at the caret."
        )
        self.setPlainText(article.text)
        self.article = article
        self.offsets = Offsets(article.text)
        self.index: HighlightIndex | None = None
        self.notes: list[tuple[int, int, str]] = []  # start, end, note of annotations
        self.context_actions: list[QAction] = []  # added to the context menu

    def tooltip_at(self, offset: int) -> str:
        parts = [
            "<b>Note:</b> " + html.escape(note or "(no note)")
            for start, end, note in self.notes
            if start <= offset < end
        ]
        if self.index is not None:
            claim = self.index.claim_at(self.article.id, offset)
            if claim is not None:
                parts.append(self.index.tooltip(claim))
        return "<hr>".join(p for p in parts if p)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.createStandardContextMenu(event.pos())
        if self.context_actions:
            menu.addSeparator()
            for action in self.context_actions:
                menu.addAction(action)
        menu.exec(event.globalPos())
        menu.deleteLater()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter does from the keyboard what a click on a claim does.
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
            self.clicked.emit(self.offsets.from_qt(self.textCursor().position()))
            event.accept()
            return
        super().keyPressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() is Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            position = self.cursorForPosition(event.position().toPoint()).position()
            self.clicked.emit(self.offsets.from_qt(position))

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            cursor = self.cursorForPosition(event.pos())
            tip = self.tooltip_at(self.offsets.from_qt(cursor.position()))
            if tip:
                QToolTip.showText(event.globalPos(), tip, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)


class SourceBanner(QFrame):
    """A strip above the text: the source changed on disk (Reload / Dismiss),
    or, after a reload, what happened to the annotations (OK)."""

    reload_clicked = Signal()
    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sourceBanner")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.message = QLabel(self)
        self.message.setObjectName("bannerText")
        self.message.setWordWrap(True)
        self.reload_button = QPushButton("Reload", self)
        self.reload_button.setToolTip("Take the new text; annotations are placed again")
        self.reload_button.setAccessibleName("Reload the article from its changed file")
        self.reload_button.clicked.connect(self.reload_clicked)
        self.dismiss_button = QPushButton("Dismiss", self)
        self.dismiss_button.setAccessibleName("Dismiss this message")
        self.dismiss_button.clicked.connect(self.dismissed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 8, 6)
        layout.setSpacing(6)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.reload_button, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.dismiss_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.hide()

    def offer_reload(self) -> None:
        self.message.setText(
            "The file changed on disk since this article was opened. Reload it to compare "
            "the new text (annotations are placed again; Ctrl+Z undoes the reload)."
        )
        self.reload_button.show()
        self.dismiss_button.setText("Dismiss")
        self.show()

    def report(self, text: str) -> None:
        self.message.setText(text)
        self.reload_button.hide()
        self.dismiss_button.setText("OK")
        self.show()


class ArticlePane(QFrame):
    close_requested = Signal(str)  # article id
    claim_clicked = Signal(str, int)  # article id, code-point offset
    move_requested = Signal(str, int)  # article id, -1 (left) or +1 (right)
    reload_requested = Signal(str)  # article id
    banner_dismissed = Signal(str)  # article id

    def __init__(
        self,
        article: Article,
        parent: QWidget | None = None,
        *,
        imported: datetime | None = None,  # when a session took it in
    ) -> None:
        super().__init__(parent)
        self.setObjectName("articlePane")
        self.setMinimumWidth(MIN_PANE_WIDTH)
        self.article = article

        header = QWidget(self)
        header.setObjectName("paneHeader")
        header.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        letter = QLabel(article.id, header)
        letter.setObjectName("paneLetter")
        # At most two lines of title (five panes share the width), cut with
        # "…" and whole in the tooltip; the file and date on one line.
        self.title = ElidedLabel(display_title(article), TITLE_LINES, header)
        self.title.setObjectName("paneTitle")
        self.meta = ElidedLabel(self.meta_text(article, imported), 1, header)
        self.meta.setObjectName("paneMeta")
        self.meta.setToolTip(replace_undecodable(article.source.path))
        # The buttons are for the mouse; the keyboard has View > Article
        # (Ctrl+Shift+PgUp / PgDown, Ctrl+Shift+W), so Tab does not stop on them.
        self.left_button = self._header_button(header, "◀", "Move this article left", -1)
        self.right_button = self._header_button(header, "▶", "Move this article right", +1)
        close = QToolButton(header)
        close.setObjectName("paneClose")
        close.setText("✕")
        close.setToolTip(f"Close article {article.id} (Ctrl+Shift+W; Ctrl+Z brings it back)")
        close.setAccessibleName(f"Close article {article.id}")
        close.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        close.clicked.connect(lambda: self.close_requested.emit(self.article.id))
        self.close_button = close

        # The title gets the width: only the close button beside it; the move
        # buttons sit at the end of the file line below.
        top = QHBoxLayout()
        top.setSpacing(4)
        top.addWidget(letter, 0, Qt.AlignmentFlag.AlignTop)
        top.addSpacing(4)
        top.addWidget(self.title, 1)
        top.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        below = QHBoxLayout()
        below.setSpacing(2)
        below.addWidget(self.meta, 1)
        below.addWidget(self.left_button, 0, Qt.AlignmentFlag.AlignVCenter)
        below.addWidget(self.right_button, 0, Qt.AlignmentFlag.AlignVCenter)
        head = QVBoxLayout(header)
        head.setContentsMargins(10, 8, 8, 6)
        head.setSpacing(3)
        head.addLayout(top)
        head.addLayout(below)

        self.banner = SourceBanner(self)
        self.banner.reload_clicked.connect(lambda: self.reload_requested.emit(self.article.id))
        self.banner.dismissed.connect(lambda: self.banner_dismissed.emit(self.article.id))
        self.text = ArticleText(article, self)
        self.text.clicked.connect(lambda offset: self.claim_clicked.emit(self.article.id, offset))
        self.ruler = OverviewRuler(self.text, self.text.offsets.to_qt, self.text.tooltip_at, self)
        self.ruler.setAccessibleName(f"Where the conflicts are in article {article.id}")
        self.ruler.mark_clicked.connect(self._on_ruler_mark_clicked)
        self.ruler.position_clicked.connect(self._on_ruler_position_clicked)
        self._emphasised: list[tuple[int, int]] = []
        # What set_highlights last drew: spans (claims and notes), theme.
        self._shown: tuple[list[Span], Theme] | None = None
        # Extra selections in layers: claims and notes, find matches, a flash.
        self._highlights: list[QTextEdit.ExtraSelection] = []
        self._found: list[QTextEdit.ExtraSelection] = []
        self._flashed: list[QTextEdit.ExtraSelection] = []
        self._flash_timer = QTimer(self)
        self._flash_timer.setSingleShot(True)
        self._flash_timer.setInterval(FLASH_MS)
        self._flash_timer.timeout.connect(self.end_flash)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        layout.setSpacing(0)
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(self.text, 1)
        body.addWidget(self.ruler)
        layout.addWidget(header)
        layout.addWidget(self.banner)
        layout.addLayout(body, 1)

    def _header_button(self, header: QWidget, text: str, tip: str, step: int) -> QToolButton:
        button = QToolButton(header)
        button.setObjectName("paneMove")
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip.replace("this article", f"article {self.article.id}"))
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setAutoRaise(True)
        button.clicked.connect(lambda: self.move_requested.emit(self.article.id, step))
        return button

    def set_place(self, index: int, count: int) -> None:
        """Enable the move buttons for the pane's place among ``count``."""
        self.left_button.setEnabled(index > 0)
        self.right_button.setEnabled(index < count - 1)
        self.left_button.setVisible(count > 1)
        self.right_button.setVisible(count > 1)

    def set_text_size(self, points: int) -> None:
        font = self.text.font()
        if font.pointSize() != points:
            font.setPointSize(points)
            self.text.setFont(font)

    @staticmethod
    def meta_text(article: Article, imported: datetime | None = None) -> str:
        # The date and the length first: a narrow pane cuts the end of the
        # line, and the file is also in the tooltip.
        parts = [
            f"{article.published.day} {article.published:%b %Y}"
            if article.published
            else "no date",
            f"{article.word_count:,} words",
            replace_undecodable(PurePath(article.source.path).name)
            or _origin_label(article.source, imported),
        ]
        return "  ·  ".join(parts)

    def set_highlights(
        self,
        index: HighlightIndex | None,
        theme: Theme,
        notes: list[tuple[int, int, str]] | None = None,
    ) -> None:
        """Claim highlights from ``index``, and the annotations ``notes``
        (start, end, note) on top of them.  Nothing is redrawn when the spans
        and the theme are what the pane already shows (a verdict elsewhere
        gives a new index that paints this article alike)."""
        self.text.index = index  # tooltips read what the relations are now
        self.text.notes = notes or []
        spans = list(index.spans(self.article.id)) if index else []
        spans += [Span(start, end, Role.ANNOTATION, "") for start, end, _ in self.text.notes]
        last = self._shown
        if last is not None and last[0] == spans and last[1] is theme:
            return
        self._shown = (spans, theme)
        self.ruler.set_marks(
            [Mark(s.start, s.end, "conflict_ink") for s in spans if s.role is Role.CONFLICT]
            + [Mark(s.start, s.end, "annotation_ink") for s in spans if s.role is Role.ANNOTATION],
            theme,
        )
        document, to_qt = self.text.document(), self.text.offsets.to_qt
        self._highlights = extra_selections(document, spans, theme, to_qt)
        self._refresh_selections()
        # Extra selections only colour; the weight of the differing values has
        # to be in the document's own formats (the text itself is unchanged).
        emphasised = [(s.start, s.end) for s in spans if s.role is Role.VALUE]
        if emphasised != self._emphasised:
            self._emphasised = emphasised
            embolden(document, [(to_qt(a), to_qt(b)) for a, b in emphasised])

    def _on_ruler_mark_clicked(self, start: int, end: int) -> None:
        """A tick of the ruler: go to its claim, as a click on the claim would."""
        self.centre_span(start, end)
        self.claim_clicked.emit(self.article.id, start)

    def _on_ruler_position_clicked(self, fraction: float) -> None:
        bar = self.text.verticalScrollBar()
        lines = max(1, self.text.document().lineCount())
        bar.setValue(round(fraction * lines - bar.pageStep() / 2))

    def show_span(self, start: int, end: int) -> None:
        """Select ``start:end`` (code points) and scroll it to the middle."""
        to_qt = self.text.offsets.to_qt
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(to_qt(end))
        cursor.setPosition(to_qt(start), QTextCursor.MoveMode.KeepAnchor)
        self.text.setTextCursor(cursor)
        self.text.centerCursor()

    def clear_selection(self) -> None:
        """Drop the text selection, if any, without scrolling."""
        cursor = self.text.textCursor()
        if not cursor.hasSelection():
            return
        bars = (self.text.verticalScrollBar(), self.text.horizontalScrollBar())
        kept = [bar.value() for bar in bars]
        cursor.clearSelection()
        self.text.setTextCursor(cursor)
        for bar, value in zip(bars, kept, strict=True):
            bar.setValue(value)

    def selected_span(self) -> tuple[int, int]:
        cursor = self.text.textCursor()
        from_qt = self.text.offsets.from_qt
        return from_qt(cursor.selectionStart()), from_qt(cursor.selectionEnd())

    def centre_span(self, start: int, end: int) -> None:
        """Scroll ``start:end`` (code points) to the middle without selecting it."""
        to_qt = self.text.offsets.to_qt
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(to_qt((start + end) // 2))
        self.text.setTextCursor(cursor)
        self.text.centerCursor()

    def flash(self, spans: list[tuple[int, int]], theme: Theme) -> None:
        """Mark ``spans`` (code points) strongly for a moment (FLASH_MS)."""
        colour = theme.colour("flash")
        self._flashed = [self._selection(a, b, colour, "flash") for a, b in spans]
        self._refresh_selections()
        self._flash_timer.start()

    def end_flash(self) -> None:
        self._flash_timer.stop()
        if self._flashed:
            self._flashed = []
            self._refresh_selections()

    @property
    def flashing(self) -> bool:
        return bool(self._flashed)

    def set_found(self, spans: list[tuple[int, int]], theme: Theme) -> None:
        """Mark the find bar's matches, ``(start, end)`` in code points."""
        colour = theme.colour("find")
        self._found = [self._selection(a, b, colour, "find") for a, b in spans]
        self._refresh_selections()

    def _selection(
        self, start: int, end: int, colour: QColor, kind: str
    ) -> QTextEdit.ExtraSelection:
        to_qt = self.text.offsets.to_qt
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(to_qt(start))
        cursor.setPosition(to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        fmt = QTextCharFormat()
        fmt.setBackground(colour)
        fmt.setProperty(QTextCharFormat.Property.UserProperty, kind)
        sel = QTextEdit.ExtraSelection()
        sel.cursor = cursor
        sel.format = fmt
        return sel

    def _refresh_selections(self) -> None:
        self.text.setExtraSelections(self._highlights + self._found + self._flashed)
