"""The application icon on the window, and the PDF's PNG drawn from the same SVG."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QIcon, QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.icon import PNG_SIZE, icon_png
from ui.app_icon import application_icon, render_icon
from ui.controller import Controller
from ui.main_window import MainWindow

pytestmark = pytest.mark.gui


def test_the_svg_icon_loads_at_every_size() -> None:
    icon = application_icon()
    assert not icon.isNull()
    for size in (16, 32, 64, 256):
        image = icon.pixmap(size, size).toImage()
        assert image.width() == size
        assert QColor(image.pixel(size // 2, size // 2)).alpha() > 0  # something is drawn


def test_the_window_has_the_icon(qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.windowIcon()
    app.setWindowIcon(QIcon())  # the window's own icon, not one it would inherit
    try:
        window = MainWindow(Controller(), interactive=False)
        qtbot.addWidget(window)
        image = window.windowIcon().pixmap(32, 32).toImage()
    finally:
        app.setWindowIcon(before)
    assert not image.isNull()
    assert image.pixelColor(16, 16) == application_icon().pixmap(32, 32).toImage().pixelColor(
        16, 16
    )


def test_the_committed_png_is_the_svg_rendered() -> None:
    """Fails when the SVG was edited and scripts/render-icon not run."""
    committed = QImage(str(icon_png())).convertToFormat(QImage.Format.Format_ARGB32)
    fresh = render_icon(PNG_SIZE)
    assert committed.size() == fresh.size()
    worst = 0
    for y in range(0, PNG_SIZE, 2):
        for x in range(0, PNG_SIZE, 2):
            a, b = QColor(committed.pixel(x, y)), QColor(fresh.pixel(x, y))
            worst = max(
                worst,
                abs(a.red() - b.red()),
                abs(a.green() - b.green()),
                abs(a.blue() - b.blue()),
                abs(a.alpha() - b.alpha()),
            )
    assert worst <= 24  # antialiasing may differ between Qt versions, shapes may not
