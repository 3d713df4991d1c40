"""A file name with bytes that are not UTF-8 shows in a pane with U+FFFD in
their place: Qt would otherwise cut the text at the first such byte."""

from __future__ import annotations

import os

import pytest
from pytestqt.qtbot import QtBot

from app.domain import Article, Source
from ui.article_view import ArticlePane, display_title

pytestmark = pytest.mark.gui

PATH = os.fsdecode(b"/reports/caf\xe9-ferry.txt")  # Latin-1 bytes in a UTF-8 world


def untitled_article() -> Article:
    text = "Nine dead as ferry capsizes\n\nThe ferry capsized late on Wednesday."
    return Article("A", "caf\udce9-ferry", text, Source(PATH, "txt", "utf-8", "0" * 64, len(text)))


def test_the_pane_header_shows_the_name_with_a_replacement_character(qtbot: QtBot) -> None:
    pane = ArticlePane(untitled_article())
    qtbot.addWidget(pane)
    meta = pane.meta.full_text()
    assert "caf\ufffd-ferry.txt" in meta
    assert pane.meta.toolTip() == "/reports/caf\ufffd-ferry.txt"
    assert not any(0xDC80 <= ord(c) <= 0xDCFF for c in meta + pane.meta.toolTip())


def test_a_title_that_is_only_the_file_name_gives_way_to_the_first_line() -> None:
    assert display_title(untitled_article()) == "Nine dead as ferry capsizes"
