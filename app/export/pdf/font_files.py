"""Font files on this computer and the characters each holds.

Two sources: fontconfig (one ``fc-list`` run lists every face with its
character set), and, where fontconfig is missing or fails, a scan of the usual
font folders that reads each file's ``cmap`` table directly.  Only faces with
TrueType outlines (a ``glyf`` table) are kept: reportlab can embed those, not
CFF-flavoured OpenType nor bitmap-only colour emoji fonts.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

FC_TIMEOUT = 20.0  # seconds; a first run may have to build fontconfig's cache
# Folders scanned when fontconfig cannot answer (Windows, macOS, bare systems).
FONT_DIRS = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.fonts",
    "~/.local/share/fonts",
    "/Library/Fonts",
    "/System/Library/Fonts",
    "~/Library/Fonts",
    "/opt/homebrew/share/fonts",
    "C:/Windows/Fonts",
    "~/AppData/Local/Microsoft/Windows/Fonts",
)
_SUFFIXES = (".ttf", ".ttc", ".otf")
# At most this many files are opened by a scan, so a huge font folder costs
# seconds, not minutes.
SCAN_LIMIT = 4000


class Coverage:
    """A set of code points held as sorted, disjoint, inclusive ranges."""

    __slots__ = ("_ends", "_starts")

    def __init__(self, ranges: Iterable[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for start, end in sorted(ranges):
            if merged and start <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self._starts = [s for s, _ in merged]
        self._ends = [e for _, e in merged]

    def __contains__(self, code: object) -> bool:
        if not isinstance(code, int):
            return False
        i = bisect_right(self._starts, code) - 1
        return i >= 0 and code <= self._ends[i]

    def __len__(self) -> int:
        return sum(e - s + 1 for s, e in zip(self._starts, self._ends, strict=True))


@dataclass(frozen=True, slots=True)
class FaceInfo:
    path: str
    index: int  # the face's number in a .ttc collection, else 0
    family: str
    weight: int  # CSS scale: 400 regular, 700 bold
    italic: bool
    narrow: bool  # condensed, or monospaced
    coverage: Coverage

    @property
    def bold(self) -> bool:
        return self.weight >= 600

    @property
    def plain(self) -> bool:
        """Upright, regular weight, normal width: what body text is set in."""
        return 350 <= self.weight <= 500 and not self.italic and not self.narrow


@cache
def system_faces() -> tuple[FaceInfo, ...]:
    """Every embeddable face this computer has (computed once per process)."""
    faces = _fontconfig_faces()
    if faces is None:
        faces = tuple(scan_folders(FONT_DIRS))
    return faces


# -- fontconfig --------------------------------------------------------------

_FC_FIELDS = ("file", "index", "fontformat", "family[0]", "weight", "slant", "width", "spacing")
_FC_FORMAT = "".join(f"%{{{f}}}\\t" for f in (*_FC_FIELDS, "color")) + "%{charset}\\n"
# fontconfig weights and their CSS equivalents (fontconfig.h).
_FC_WEIGHTS = ((0, 100), (40, 200), (50, 300), (80, 400), (100, 500), (180, 600), (200, 700))


def _fontconfig_faces() -> tuple[FaceInfo, ...] | None:
    """The faces fontconfig knows, or None when it cannot be asked."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        run = subprocess.run(
            [fc_list, "--format", _FC_FORMAT],
            capture_output=True,
            timeout=FC_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if run.returncode != 0:
        return None
    faces = [f for line in run.stdout.splitlines() if (f := _fc_face(line)) is not None]
    return tuple(faces) if faces else None


def _fc_face(line: bytes) -> FaceInfo | None:
    parts = line.decode("utf-8", "replace").split("\t")
    if len(parts) != 10:
        return None
    path, index, fmt, family, weight, slant, width, spacing, colour, charset = parts
    # fontconfig says "TrueType" for glyf outlines and "CFF" for PostScript ones.
    if fmt != "TrueType" or colour == "True" or not path.lower().endswith(_SUFFIXES):
        return None
    try:
        ranges = [_fc_range(token) for token in charset.split()]
        return FaceInfo(
            path,
            int(index or 0),
            family,
            weight=_css_weight(float(weight or 80)),
            italic=float(slant or 0) > 0,
            narrow=float(width or 100) < 100 or float(spacing or 0) >= 90,  # 100: mono
            coverage=Coverage(ranges),
        )
    except ValueError:
        return None


def _css_weight(fc_weight: float) -> int:
    return min(_FC_WEIGHTS, key=lambda pair: abs(pair[0] - fc_weight))[1]


def _fc_range(token: str) -> tuple[int, int]:
    start, _, end = token.partition("-")
    return int(start, 16), int(end or start, 16)


# -- scanning font folders -----------------------------------------------------


def scan_folders(folders: Iterable[str]) -> Iterator[FaceInfo]:
    """The embeddable faces of the font files under ``folders``."""
    seen = 0
    for folder in folders:
        base = Path(folder).expanduser()
        if not base.is_dir():
            continue
        for root, _, files in os.walk(base):
            for name in sorted(files):
                if not name.lower().endswith(_SUFFIXES):
                    continue
                seen += 1
                if seen > SCAN_LIMIT:
                    return
                yield from read_faces(Path(root) / name)


def read_faces(path: Path) -> list[FaceInfo]:
    """The faces of one font file that have TrueType outlines; [] for a file
    that is not a font or cannot be read."""
    try:
        data = path.read_bytes()
    except OSError:
        return []
    try:
        offsets = _face_offsets(data)
        out = []
        for index, offset in enumerate(offsets):
            face = _read_face(data, offset, str(path), index)
            if face is not None:
                out.append(face)
        return out
    except (struct.error, ValueError, IndexError):
        return []


def _face_offsets(data: bytes) -> list[int]:
    if data[:4] == b"ttcf":
        (count,) = struct.unpack_from(">I", data, 8)
        return list(struct.unpack_from(f">{min(count, 64)}I", data, 12))
    return [0]


def _tables(data: bytes, offset: int) -> dict[bytes, tuple[int, int]]:
    (count,) = struct.unpack_from(">H", data, offset + 4)
    tables = {}
    for i in range(count):
        tag, _, start, length = struct.unpack_from(">4sIII", data, offset + 12 + 16 * i)
        tables[tag] = (start, length)
    return tables


def _read_face(data: bytes, offset: int, path: str, index: int) -> FaceInfo | None:
    tables = _tables(data, offset)
    if b"glyf" not in tables or b"loca" not in tables or b"cmap" not in tables:
        return None
    weight, width, italic = 400, 5, False
    if b"OS/2" in tables:
        start, _ = tables[b"OS/2"]
        weight, width = struct.unpack_from(">HH", data, start + 4)
        (selection,) = struct.unpack_from(">H", data, start + 62)
        italic = bool(selection & 1)
    family = _family(data, tables.get(b"name")) or Path(path).stem
    coverage = Coverage(_cmap_ranges(data, tables[b"cmap"]))
    # OS/2 width class 5 is normal; "Mono" in the name stands in for the
    # monospace flag, which lives in yet another table.
    narrow = width < 5 or "mono" in family.lower()
    return FaceInfo(path, index, family, weight, italic, narrow, coverage)


def _family(data: bytes, where: tuple[int, int] | None) -> str:
    """Name ID 1 (font family) in a Windows Unicode record, when there is one."""
    if where is None:
        return ""
    start, _ = where
    _, count, strings = struct.unpack_from(">HHH", data, start)
    for i in range(count):
        platform, encoding, _, name_id, length, at = struct.unpack_from(
            ">HHHHHH", data, start + 6 + 12 * i
        )
        if name_id == 1 and platform == 3 and encoding in (0, 1, 10):
            raw = data[start + strings + at : start + strings + at + length]
            return raw.decode("utf-16-be", "replace")
    return ""


def _cmap_ranges(data: bytes, where: tuple[int, int]) -> list[tuple[int, int]]:
    """Code point ranges of the best Unicode subtable (format 12, else 4).
    A range may include a few code points mapped to no glyph; reportlab's own
    reading of the font decides the final answer."""
    start, _ = where
    _, count = struct.unpack_from(">HH", data, start)
    best: tuple[int, int] | None = None  # (format, offset)
    for i in range(count):
        platform, encoding, at = struct.unpack_from(">HHI", data, start + 4 + 8 * i)
        if (platform, encoding) not in ((3, 1), (3, 10), (0, 3), (0, 4), (0, 6)):
            continue
        (fmt,) = struct.unpack_from(">H", data, start + at)
        if fmt in (4, 12) and (best is None or fmt > best[0]):
            best = (fmt, start + at)
    if best is None:
        return []
    fmt, at = best
    if fmt == 12:
        (groups,) = struct.unpack_from(">I", data, at + 12)
        return [
            (first, last)
            for first, last, _ in (
                struct.unpack_from(">III", data, at + 16 + 12 * g) for g in range(groups)
            )
        ]
    (seg_x2,) = struct.unpack_from(">H", data, at + 6)
    ends = struct.unpack_from(f">{seg_x2 // 2}H", data, at + 14)
    starts = struct.unpack_from(f">{seg_x2 // 2}H", data, at + 16 + seg_x2)
    return [(s, e) for s, e in zip(starts, ends, strict=True) if s != 0xFFFF and s <= e]
