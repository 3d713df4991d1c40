"""A clear frame around the control that has the keyboard focus.

The article texts, the tables and the line edits draw their own focus frame
from the style sheet (resources/themes/*.qss).  Buttons, lists, check boxes,
sliders and spin boxes would lose their native look if the style sheet drew
their border, so this ring is drawn over them instead, in the theme's
"focus" colour: a widget of its own, transparent to the mouse, laid on the
focused control inside its parent.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, QRectF, Qt, Slot
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QWidget,
)

RING_WIDTH = 2.0
# The controls the ring is drawn around; the others draw their own frame.
RINGED = (QAbstractButton, QComboBox, QAbstractSpinBox, QAbstractSlider)
# Buttons the style sheet already frames when focused.
OWN_FRAME = ("openButton", "recentSession", "allSessionsButton")


class Ring(QWidget):
    """The frame itself: laid over the focused control, inside its parent."""

    def __init__(self, parent: QWidget, colour: QColor) -> None:
        super().__init__(parent)
        self.setObjectName("focusRing")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.colour = colour

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(self.colour, RING_WIDTH))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        half = RING_WIDTH / 2
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(half, half, -half, -half), 3, 3)
        painter.end()


class FocusRing(QObject):
    """Follows the focus among the widgets of ``root``'s window and of the
    dialogs it opens.  The ring widget lives in the focused control's parent
    (a dialog's ring goes with the dialog; the next focus makes a new one)."""

    def __init__(self, root: QWidget, colour: QColor) -> None:
        super().__init__(root)
        self.root = root
        self.colour = colour
        self.ring: Ring | None = None
        self.target: QWidget | None = None
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_app_focus_changed)

    def set_colour(self, colour: QColor) -> None:
        self.colour = colour
        if self._alive(self.ring):
            assert self.ring is not None
            self.ring.colour = colour
            self.ring.update()

    @staticmethod
    def _alive(widget: QWidget | None) -> bool:
        return widget is not None and shiboken6.isValid(widget)

    def _belongs(self, widget: QWidget) -> bool:
        window: QWidget | None = widget.window()
        while window is not None:
            if window is self.root.window():
                return True
            parent = window.parentWidget()
            window = parent.window() if parent is not None else None
        return False

    @Slot(QWidget, QWidget)
    def _on_app_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        ringed = (
            new is not None
            and isinstance(new, RINGED)
            and new.objectName() not in OWN_FRAME
            and new.parentWidget() is not None
            and self._belongs(new)
        )
        self.follow(new if ringed else None)

    def follow(self, target: QWidget | None) -> None:
        """Frame ``target`` (None: no frame)."""
        if self._alive(self.target):
            assert self.target is not None
            self.target.removeEventFilter(self)
        self.target = target
        if target is None:
            if self._alive(self.ring):
                assert self.ring is not None
                self.ring.hide()
            return
        target.installEventFilter(self)
        parent = target.parentWidget()
        assert parent is not None
        if not self._alive(self.ring):
            self.ring = Ring(parent, self.colour)
        assert self.ring is not None
        if self.ring.parentWidget() is not parent:
            self.ring.setParent(parent)
        self._place()

    def _place(self) -> None:
        ring, target = self.ring, self.target
        if ring is None or not self._alive(ring):
            return
        if target is None or not self._alive(target) or not target.isVisible():
            ring.hide()
            return
        ring.setGeometry(target.geometry())
        ring.raise_()
        ring.show()
        ring.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.target and event.type() in (
            QEvent.Type.Move,
            QEvent.Type.Resize,
            QEvent.Type.Show,
            QEvent.Type.Hide,
        ):
            self._place()
        return False
