"""The application icon: a real SVG drawing, and its committed PNG (no Qt)."""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET

from app.icon import PNG_SIZE, icon_png, icon_svg

SVG = "{http://www.w3.org/2000/svg}"


def test_the_icon_is_a_square_svg_drawing() -> None:
    root = ET.parse(icon_svg()).getroot()
    assert root.tag == f"{SVG}svg"
    _, _, width, height = (float(v) for v in root.attrib["viewBox"].split())
    assert width == height
    shapes = [el for el in root.iter() if el.tag in (f"{SVG}path", f"{SVG}rect", f"{SVG}circle")]
    assert len(shapes) >= 6  # two pages, their lines and the mark, not a placeholder
    assert root.findtext(f"{SVG}title") == "Crosscheck"


def test_the_png_for_the_pdf_is_a_square_png_of_the_promised_size() -> None:
    data = icon_png().read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk comes first
    assert (width, height) == (PNG_SIZE, PNG_SIZE)
