"""Where the application icon is.  One drawing, ``resources/icons/crosscheck.svg``,
shipped as package data: the window, the desktop entry and the PDF cover all
take it from here.  The PDF cannot draw SVG (reportlab reads SVG only through
svglib, which Crosscheck does not depend on), so it uses ``crosscheck.png``,
rendered once from the SVG by ``scripts/render-icon`` and committed;
``tests/ui/test_icon.py`` fails when the two drift apart."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

ICON_NAME = "crosscheck"  # the icon's name in an icon theme (freedesktop)
PNG_SIZE = 256  # pixels, each way


def _resource(name: str) -> Path:
    # pip installs packages as plain folders, never zipped, so the package data
    # is a file on disk that Qt, reportlab and a desktop entry can all open.
    return Path(str(resources.files("resources").joinpath("icons", name)))


def icon_svg() -> Path:
    return _resource(f"{ICON_NAME}.svg")


def icon_png() -> Path:
    return _resource(f"{ICON_NAME}.png")
