"""Themes: a style sheet and a small palette, both read from resources/themes.

No colour is written in Python.  Each ``<name>.qss`` carries an ``@palette``
block in its opening comment; the palette feeds ``QPalette`` and the claim
highlights, which a style sheet cannot style.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

THEMES = ("light", "dark")
# Keys every theme's palette must define.
REQUIRED = (
    "window",
    "base",
    "alternate_base",
    "text",
    "muted",
    "button",
    "border",
    "selection",
    "selection_text",
    "tooltip",
    "match",
    "conflict",
    "conflict_value",
    "conflict_value_text",
    "unique",
    "rejected",
    "annotation",
    "annotation_ink",
    "conflict_ink",
    "match_ink",
    "flash",
    "find",
    "focus",  # the keyboard focus frame
)

_BLOCK = re.compile(r"@palette(.*?)@end", re.DOTALL)
_ENTRY = re.compile(r"([a-z_]+)\s*:\s*(#[0-9a-fA-F]{6})\s*;")


class ThemeError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Theme:
    name: str
    qss: str
    colours: dict[str, str]

    def colour(self, key: str) -> QColor:
        return QColor(self.colours[key])


def parse_palette(qss: str, name: str = "theme") -> dict[str, str]:
    block = _BLOCK.search(qss)
    if block is None:
        raise ThemeError(f"{name}: no @palette ... @end block")
    colours = dict(_ENTRY.findall(block.group(1)))
    missing = [k for k in REQUIRED if k not in colours]
    if missing:
        raise ThemeError(f"{name}: the palette lacks {', '.join(missing)}")
    return colours


def load_theme(name: str) -> Theme:
    if name not in THEMES:
        raise ThemeError(f"unknown theme {name!r}; choose one of {', '.join(THEMES)}")
    qss = resources.files("resources").joinpath("themes", f"{name}.qss").read_text("utf-8")
    return Theme(name, qss, parse_palette(qss, f"{name}.qss"))


def system_theme_name() -> str:
    """ "dark" when the desktop asks for a dark scheme, else "light"."""
    hints = QGuiApplication.styleHints()
    return "dark" if hints.colorScheme() == Qt.ColorScheme.Dark else "light"


def qpalette(theme: Theme) -> QPalette:
    c = theme.colour
    pal = QPalette()
    role = QPalette.ColorRole
    for r, key in (
        (role.Window, "window"),
        (role.WindowText, "text"),
        (role.Base, "base"),
        (role.AlternateBase, "alternate_base"),
        (role.Text, "text"),
        (role.Button, "button"),
        (role.ButtonText, "text"),
        (role.ToolTipBase, "tooltip"),
        (role.ToolTipText, "text"),
        (role.PlaceholderText, "muted"),
        (role.Highlight, "selection"),
        (role.HighlightedText, "selection_text"),
        (role.Mid, "border"),
        (role.Link, "selection"),
    ):
        # The same in every group: an unfocused pane still shows which claim
        # the selected relation points at.
        pal.setColor(r, c(key))
    for r, key in ((role.Text, "muted"), (role.WindowText, "muted"), (role.ButtonText, "muted")):
        pal.setColor(QPalette.ColorGroup.Disabled, r, c(key))
    return pal


def apply_theme(app: QApplication, theme: Theme) -> None:
    app.setStyle("Fusion")
    app.setPalette(qpalette(theme))
    app.setStyleSheet(theme.qss)
