"""The embedded TrueType font of the PDF summary.

DejaVu Sans covers what news text holds: curly quotes, dashes, the euro sign,
accented and transliterated names (Kovač, Kata'ib, al-Saadi).  When it is not
installed we fall back to reportlab's bundled Vera, which lacks some Latin
Extended-A letters (č, ł, ő...): those print as boxes.  CI installs
fonts-dejavu-core.  Scripts DejaVu lacks come from other faces
(``app.export.pdf.scripts``), all embedded through :class:`EmbeddedFont`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

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


# A ToUnicode entry whose target lies beyond the BMP (an emoji, a rare CJK
# ideograph): reportlab writes the code point ("<1F600>", odd-length hex).
_ASTRAL_ENTRY = re.compile(rb"^(<[0-9A-F]{2}>) <([0-9A-F]{5,6})>$", re.MULTILINE)


def _utf16_entry(match: re.Match[bytes]) -> bytes:
    code = int(match.group(2), 16) - 0x10000
    high, low = 0xD800 + (code >> 10), 0xDC00 + (code & 0x3FF)
    return match.group(1) + b" <%04X%04X>" % (high, low)


class EmbeddedFont(TTFont):  # type: ignore[misc]
    """reportlab's TrueType font with a correct ToUnicode map.

    A character outside the BMP goes into the map as its bare code point, which
    PDF readers reject ("invalid hex string" in pypdf, on every page whose
    font subset holds one) and text extraction then loses.  A ToUnicode
    target is UTF-16BE: such characters are written as surrogate pairs.
    """

    def addObjects(self, doc: Any) -> None:
        super().addObjects(doc)
        for name, obj in doc.idToObject.items():
            if not str(name).startswith("toUnicodeCMap:"):
                continue
            content = obj.content
            raw = content.encode("latin-1") if isinstance(content, str) else content
            fixed = _ASTRAL_ENTRY.sub(_utf16_entry, raw)
            if fixed != raw:
                obj.content = fixed.decode("latin-1") if isinstance(content, str) else fixed


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
    pdfmetrics.registerFont(EmbeddedFont(REGULAR, str(files.regular)))
    pdfmetrics.registerFont(EmbeddedFont(BOLD, str(files.bold)))
    for bold, italic, face in ((0, 0, REGULAR), (1, 0, BOLD), (0, 1, REGULAR), (1, 1, BOLD)):
        addMapping(REGULAR, bold, italic, face)
    return files
