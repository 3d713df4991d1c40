"""Title and published date from the text (``app.importing.titles``)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from app.importing import import_bytes, import_file, normalize_text

if TYPE_CHECKING:
    from app.domain import Article

from .importing_helpers import BODY, write


def title_of(text: str, name: str = "fallback-name.txt") -> str:
    return import_bytes(text.encode(), name=name).title


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (f"Strike in Baghdad\n\n{BODY}", "Strike in Baghdad"),
        (f"  Strike in Baghdad  \n{BODY}", "Strike in Baghdad"),
        (f"Who ordered the strike?\n\n{BODY}", "Who ordered the strike?"),
        (f"Militia leader killed!\n\n{BODY}", "Militia leader killed!"),
        (f"July 24, 2024\n\nThe Headline\n\n{BODY}", "The Headline"),
        # No headline line: the first line stands for it, cut at a word before
        # 160 characters (date lines skipped), never the file's name.
        (f"{BODY}\n\nMore.", f"{BODY[:159].rsplit(' ', 1)[0]}…"),
        (f"A sentence that ends with a period.\n\n{BODY}", "A sentence that ends with a period."),
        (
            f"{'Long headline words ' * 12}\n\n{BODY}",
            ("Long headline words " * 8)[:159].rsplit(" ", 1)[0] + "…",
        ),
        (f"Jan 5, 2024\n\n{BODY}", f"{BODY[:159].rsplit(' ', 1)[0]}…"),
    ],
)
def test_plain_text_title(text: str, title: str) -> None:
    assert title_of(text) == title


@pytest.mark.parametrize(
    "line",
    [
        "July 24, 2024",
        "Jan 5, 2024",
        "Jan. 5, 2024",
        "5 January 2024",
        "2024-01-05",
        "Friday, January 5, 2024",
        "Updated 3:15 PM EST, Fri January 5, 2024",
        "Published: 5 Jan 2024 | Updated: 6 Jan 2024",
        "*January 5, 2024*",
    ],
)
def test_dateline_formats(line: str) -> None:
    expected = date(2024, 7, 24) if line.startswith("July") else date(2024, 1, 5)
    article = import_bytes(f"Headline\n\n{line}\n\n{BODY}".encode(), name="a.txt")
    assert article.published == expected


def test_page_header_date_loses_to_the_date_above_the_body() -> None:
    text = (
        "July 24, 2024\n\nThe Headline\n\nWritten by Someone\n\n"
        f"{BODY} A blurb about the author.\n\nJan 5, 2024\n\n{BODY}"
    )
    assert import_bytes(text.encode(), name="a.txt").published == date(2024, 1, 5)


def test_date_lines_without_long_paragraphs() -> None:
    text = "July 24, 2024\n\nHeadline\n\nJan 5, 2024\n\nShort body."
    assert import_bytes(text.encode(), name="a.txt").published == date(2024, 1, 5)


@pytest.mark.parametrize(
    ("first", "expected"),
    [
        (f"WASHINGTON, Jan. 5, 2024 (Reuters) - {BODY}", date(2024, 1, 5)),
        (f"BAGHDAD, Iraq, January 5, 2024 (AP) — {BODY}", date(2024, 1, 5)),
        (f"NEW YORK, Jan. 5 (Reuters) - {BODY}", None),
        (f"WASHINGTON (Reuters) - {BODY}", None),
    ],
)
def test_wire_datelines(first: str, expected: date | None) -> None:
    article = import_bytes(f"Headline\n\n{first}".encode(), name="wire.txt")
    assert article.published == expected


def test_dates_inside_sentences_or_far_down_are_not_datelines() -> None:
    text = f"Headline\n\nThe strike on Jan 5, 2024 killed three.\n\n{BODY}"
    assert import_bytes(text.encode(), name="a.txt").published is None
    filler = "\n\n".join(f"Paragraph {n}." for n in range(20))
    text = f"Headline\n\n{filler}\n\nJan 5, 2024"
    assert import_bytes(text.encode(), name="a.txt").published is None


def test_seed_aibot(seeds_dir: Path) -> None:
    path = seeds_dir / "aibot-baghdad-strike.txt"
    if not path.is_file():
        pytest.skip(f"seed article missing: {path}")
    article = import_file(path)
    assert article.published == date(2024, 1, 5)
    assert article.title == "US Carries Out Strike in Baghdad, Kills Iran-Backed Militia Leader"
    assert article.text == normalize_text(path.read_text(encoding="utf-8"))


def test_seed_examiner(seeds_dir: Path) -> None:
    path = seeds_dir / "examiner-baghdad-strike.txt"
    if not path.is_file():
        pytest.skip(f"seed article missing: {path}")
    article = import_file(path)
    assert article.published is None
    assert article.title == (
        "American Attack in Baghdad Claims Life of Iranian-backed Militia Leader!"
    )


def test_a_megabyte_of_text_imports(tmp_path: Path) -> None:
    paragraph = f"{BODY}\r\n\r\n"
    data = ("Headline\r\n\r\n" + paragraph * (1_000_000 // len(paragraph))).encode()
    article: Article = import_file(write(tmp_path, "big.txt", data))
    assert article.title == "Headline"
    assert len(article.text) > 900_000
