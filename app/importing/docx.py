"""Word (``.docx``): paragraphs, headings and table cells, in order; the title
from the Title style, the first heading or the document's properties.

A .docx is a ZIP, read part by part through bounded streams (never whole), so
a ZIP bomb is refused after a few MB of output, not after gigabytes:
python-docx is given a copy holding only the XML parts, each checked."""

from __future__ import annotations

import io
import warnings
import zipfile
from collections.abc import Iterator
from typing import Any

from app.errors import ImportRefused
from app.importing import limits
from app.importing.extracted import FORMAT_DOCX, Extracted
from app.importing.refusals import Ctx, damaged, human_size, too_much_text
from app.importing.titles import clean_title

# A .docx is a ZIP, read part by part through bounded streams (never whole),
# so a ZIP bomb is refused after a few MB of output, not after gigabytes.
# Its XML parts together may not unpack to more than the largest file we read
# (the markup of 2 M characters of text fits with room to spare) ...
_MAX_UNPACKED_BYTES = limits.MAX_SOURCE_BYTES
# ... and no part may unpack to more than this many times its packed size once
# past _RATIO_GRACE bytes (Apache POI's bound; real Word XML packs 5-20 times).
_MAX_PACKING_RATIO = 100
_RATIO_GRACE = 1024 * 1024
_ZIP_CHUNK = 256 * 1024


DAMAGED_ZIP = "a damaged ZIP archive"
DOCX_TODO = "Open it in Word or LibreOffice and save it again as .docx, or save the article as .txt"


# Only stored and deflated members: Word writes nothing else, and the other
# methods (bzip2, LZMA) inflate a whole compressed block at once, unbounded.
_ZIP_METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})
# The parts that hold text, styles, relationships and properties; the rest
# (pictures, embedded objects, fonts, macros) is never unpacked.
_DOCX_TEXT_PARTS = (".xml", ".rels")


def zip_kind(data: bytes) -> str:
    """FORMAT_DOCX for a Word package, else a description of the ZIP."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            mimetype = b""
            if "mimetype" in names:
                info = archive.getinfo("mimetype")
                # 100 bytes out of a stream: the member may be a bomb.
                if info.compress_type in _ZIP_METHODS:
                    with archive.open(info) as member:
                        mimetype = member.read(100)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, KeyError):
        return DAMAGED_ZIP
    if "[Content_Types].xml" in names and any(n.startswith("word/") for n in names):
        return FORMAT_DOCX
    if any(n.startswith("xl/") for n in names):
        return "an Excel workbook (.xlsx)"
    if any(n.startswith("ppt/") for n in names):
        return "a PowerPoint presentation (.pptx)"
    if mimetype.startswith(b"application/vnd.oasis.opendocument.text"):
        return "an OpenDocument text (.odt)"
    if mimetype.startswith(b"application/epub"):
        return "an EPUB e-book"
    if mimetype.startswith(b"application/vnd.oasis.opendocument"):
        return "an OpenDocument file"
    return "a ZIP archive"


def read_docx(data: bytes, ctx: Ctx) -> Extracted:
    todo = DOCX_TODO
    try:
        package = _docx_text_package(data, ctx)
    except ImportRefused:
        raise
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, KeyError) as exc:
        raise damaged(ctx, "Word document", exc, todo) from None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import docx

            document = docx.Document(io.BytesIO(package))
            styles = _DocxStyles(document)
            blocks: list[str] = []
            styled_title = ""
            first_heading = ""
            chars = 0
            for text, paragraph in _docx_blocks(document.iter_inner_content()):
                blocks.append(text)
                chars += len(text)
                if chars > 2 * limits.MAX_TEXT_CHARS:  # the final check is after normalizing
                    raise too_much_text(ctx, chars)
                if paragraph is None or (styled_title and first_heading):
                    continue
                style = styles.name_of(paragraph)
                if not styled_title and style == "title":
                    styled_title = text
                if not first_heading and style.startswith("heading"):
                    first_heading = text
            core_title = document.core_properties.title or ""
    except ImportRefused:
        raise
    except Exception as exc:  # python-docx and lxml raise many types on bad input
        raise damaged(ctx, "Word document", exc, todo) from None
    title = clean_title(styled_title or first_heading or core_title)
    return Extracted(
        FORMAT_DOCX,
        "\n\n".join(blocks),
        "",
        title or None,
        None,
        empty_why="the document has no text in its paragraphs or tables",
    )


def _docx_text_package(data: bytes, ctx: Ctx) -> bytes:
    """The Word package with only its XML parts, each read through a stream
    that stops at the limits, and every other part left empty (never unpacked,
    but refused when it declares the packing of a ZIP bomb).

    python-docx reads every part it finds whole; it is given this copy, never
    the original archive.  Declared sizes are checked first (a refusal costs
    nothing), and the bytes actually unpacked are counted again, since a
    damaged or hostile archive may declare anything.
    """
    parts: dict[str, bytes] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = [info for info in archive.infolist() if not info.is_dir()]
        for info in members:
            _check_packing(ctx, info, info.file_size, len(data))
        texts = [info for info in members if info.filename.lower().endswith(_DOCX_TEXT_PARTS)]
        declared = 0
        for info in texts:
            declared += info.file_size
            _check_part(ctx, info, info.file_size, declared, len(data))
        unpacked = 0
        for info in texts:
            parts[info.filename] = _read_part(archive, info, ctx, unpacked, len(data))
            unpacked += len(parts[info.filename])
        for info in members:
            parts.setdefault(info.filename, b"")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as package:
        for name, blob in parts.items():
            package.writestr(name, blob)
    return out.getvalue()


def _read_part(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, ctx: Ctx, before: int, packed: int
) -> bytes:
    """One member's bytes, read a chunk at a time and refused as soon as it
    passes a limit (``before``: what the package's earlier parts unpacked to;
    ``packed``: the size of the whole archive)."""
    chunks: list[bytes] = []
    size = 0
    with archive.open(info) as member:
        while chunk := member.read(_ZIP_CHUNK):
            size += len(chunk)
            _check_part(ctx, info, size, before + size, packed)
            chunks.append(chunk)
    return b"".join(chunks)


def _check_part(ctx: Ctx, info: zipfile.ZipInfo, size: int, total: int, packed: int) -> None:
    """Refuse a part that unpacks too far: ``size`` is this part's unpacked
    bytes (declared or counted so far), ``total`` the package's."""
    if info.compress_type not in _ZIP_METHODS:
        raise ctx.refuse(
            f"{ctx.quoted} could not be read as a Word document",
            f"its part {info.filename} is packed with a method Word never uses "
            f"(ZIP method {info.compress_type}): the file is damaged or was not made by a "
            "word processor",
            DOCX_TODO,
        )
    if total > _MAX_UNPACKED_BYTES:
        raise ctx.refuse(
            f"{ctx.quoted} is too large to import",
            f"it unpacks to more than {human_size(_MAX_UNPACKED_BYTES)}, the most Crosscheck "
            "accepts for a Word document",
            "Split it into smaller documents, one article each",
        )
    _check_packing(ctx, info, size, packed)


def _check_packing(ctx: Ctx, info: zipfile.ZipInfo, size: int, packed: int) -> None:
    """Refuse a part whose unpacked ``size`` is out of all proportion to its
    packed size, which is never more than the archive's (``packed``) whatever
    the archive declares."""
    compressed = max(min(info.compress_size, packed), 1)
    if size > _RATIO_GRACE and size > _MAX_PACKING_RATIO * compressed:
        raise ctx.refuse(
            f"{ctx.quoted} could not be read as a Word document",
            f"its part {info.filename} unpacks from {human_size(compressed)} to "
            f"{human_size(size)} or more, over {_MAX_PACKING_RATIO} times its packed size, which "
            "no word processor writes: it looks like a ZIP bomb, made to exhaust memory",
            "Ask the sender for the article as .txt or .pdf; if you trust the file, open it in "
            "Word or LibreOffice and copy the article into a .txt file",
        )


class _DocxStyles:
    """Lower-case style names of paragraphs, looked up once per style.

    python-docx's ``Paragraph.style`` scans every style of the document for
    each paragraph, which makes a long document take seconds.
    """

    def __init__(self, document: Any) -> None:
        self._document = document
        self._names: dict[str, str] | None = None

    def name_of(self, paragraph: Any) -> str:
        try:
            ppr = paragraph._p.pPr
            style_id = ppr.style if ppr is not None else None
        except AttributeError:  # a python-docx without these internals
            return self._slow(paragraph)
        if not style_id:
            return ""  # the default paragraph style: body text
        if self._names is None:
            self._names = {}
            for style in self._document.styles:
                if style.style_id and style.name:
                    self._names[str(style.style_id)] = str(style.name).lower()
        return self._names.get(str(style_id), "")

    @staticmethod
    def _slow(paragraph: Any) -> str:
        try:
            style = paragraph.style
            return str(style.name).lower() if style is not None and style.name else ""
        except (KeyError, AttributeError, ValueError):
            return ""


def _docx_blocks(items: Iterator[Any]) -> Iterator[tuple[str, Any]]:
    """(text, paragraph) of every paragraph, (text, None) of every table cell, in order."""
    from docx.table import Table

    for item in items:
        if isinstance(item, Table):
            # A merged cell is returned once per grid column it spans.  The dict
            # keeps each element alive, so no id is reused for another one.
            seen: dict[int, Any] = {}
            for row in item.rows:
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue
                    seen[id(cell._tc)] = cell._tc
                    lines = [t for t, _para in _docx_blocks(cell.iter_inner_content())]
                    if lines:
                        yield "\n".join(lines), None
        else:
            text = item.text.strip()
            if text:
                yield text, item
