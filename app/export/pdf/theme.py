"""Colours of the PDF summary, read from ``resources/themes/pdf_colours.toml``."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

# Used only when the theme file is missing from an installation.
_DEFAULTS: dict[str, dict[str, str]] = {
    "background": {
        "match": "#d9f2dc",
        "conflict": "#fde2e0",
        "emphasis": "#f9b4ad",
        "annotation": "#fff1a8",
        "rejected": "#eeeeee",
    },
    "highlight": {"conflict": "#f26b5e", "annotation": "#ffd93b"},
    "ink": {
        "text": "#1a1a1a",
        "muted": "#666666",
        "marker": "#b3261e",
        "rule": "#bbbbbb",
        "header": "#444444",
    },
}

RGB = tuple[float, float, float]


def _rgb(value: str) -> RGB:
    v = value.strip().lstrip("#")
    if len(v) != 6:
        raise ValueError(f"not a #rrggbb colour: {value!r}")
    return (int(v[0:2], 16) / 255, int(v[2:4], 16) / 255, int(v[4:6], 16) / 255)


@dataclass(frozen=True, slots=True)
class Theme:
    background: dict[str, RGB]
    highlight: dict[str, RGB]
    ink: dict[str, RGB]


@cache
def theme() -> Theme:
    data: dict[str, dict[str, str]] = {k: dict(v) for k, v in _DEFAULTS.items()}
    try:
        text = resources.files("resources").joinpath("themes/pdf_colours.toml").read_text("utf-8")
    except (FileNotFoundError, ModuleNotFoundError):
        text = ""
    for section, values in tomllib.loads(text).items():
        if isinstance(values, dict):
            data.setdefault(section, {}).update({k: str(v) for k, v in values.items()})
    return Theme(
        background={k: _rgb(v) for k, v in data["background"].items()},
        highlight={k: _rgb(v) for k, v in data["highlight"].items()},
        ink={k: _rgb(v) for k, v in data["ink"].items()},
    )
