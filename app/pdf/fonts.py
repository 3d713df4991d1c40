"""The embedded TrueType font of the PDF summary.

DejaVu Sans covers what news text holds: curly quotes, dashes, the euro sign,
accented and transliterated names (Kovač, Kata'ib, al-Saadi).  When it is not
installed we fall back to reportlab's bundled Vera, which lacks some Latin
Extended-A letters (č, ł, ő...): those print as boxes.  CI installs
fonts-dejavu-core.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import reportlab
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

REGULAR = "CrosscheckSans"
BOLD = "CrosscheckSans-Bold"

_DEJAVU_DIRS = (
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/dejavu",
    "/usr/share/fonts/TTF",
    "/usr/local/share/fonts",
    "/usr/share/fonts/truetype",
    "/Library/Fonts",
    "~/.fonts",
    "~/.local/share/fonts",
    "/opt/homebrew/share/fonts",
    "C:/Windows/Fonts",
)


@dataclass(frozen=True, slots=True)
class FontFiles:
    regular: Path
    bold: Path
    name: str  # "DejaVu Sans" or "Vera (no Latin Extended-A)"

    @property
    def full_coverage(self) -> bool:
        return self.name == "DejaVu Sans"


def find_fonts(extra_dirs: tuple[str, ...] = ()) -> FontFiles:
    for folder in (*extra_dirs, *_DEJAVU_DIRS):
        base = Path(folder).expanduser()
        regular, bold = base / "DejaVuSans.ttf", base / "DejaVuSans-Bold.ttf"
        if regular.is_file() and bold.is_file():
            return FontFiles(regular, bold, "DejaVu Sans")
    bundled = Path(reportlab.__file__).parent / "fonts"
    return FontFiles(bundled / "Vera.ttf", bundled / "VeraBd.ttf", "Vera (no Latin Extended-A)")


@cache
def register_fonts() -> FontFiles:
    """Register the regular and bold faces once per process, under fixed names."""
    files = find_fonts()
    pdfmetrics.registerFont(TTFont(REGULAR, str(files.regular)))
    pdfmetrics.registerFont(TTFont(BOLD, str(files.bold)))
    for bold, italic, face in ((0, 0, REGULAR), (1, 0, BOLD), (0, 1, REGULAR), (1, 1, BOLD)):
        addMapping(REGULAR, bold, italic, face)
    return files
