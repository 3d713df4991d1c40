"""The application icon as Qt sees it (the drawing lives in app.icon).

PySide6-Essentials ships Qt's SVG image and icon-engine plugins, so the SVG is
used as it is, sharp at every size.  ``python -m ui.app_icon`` renders the PNG
the PDF cover uses (see app.icon)."""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QIcon, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from app.icon import PNG_SIZE, icon_png, icon_svg


def application_icon() -> QIcon:
    return QIcon(str(icon_svg()))


def render_icon(size: int = PNG_SIZE) -> QImage:
    """The SVG drawn on a transparent ``size`` x ``size`` image."""
    renderer = QSvgRenderer(str(icon_svg()))
    if not renderer.isValid():
        raise ValueError(f"{icon_svg()} is not an SVG Qt can draw")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def main() -> int:
    """Write resources/icons/crosscheck.png from the SVG (run after editing it)."""
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    target = icon_png()
    if not render_icon().save(str(target)):
        sys.stderr.write(f"could not write {target}\n")
        return 1
    print(f"wrote {target}")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
