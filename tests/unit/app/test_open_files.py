"""Which files a comparison already holds, and the next article letter."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from app.open_files import (
    already_open,
    already_open_message,
    free_letter,
    open_paths,
    real_path,
)

from .helpers import article


def test_real_path_is_one_spelling_per_file(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_text("x", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    dotted = str(tmp_path / "sub" / ".." / "a.txt")
    assert real_path(str(link)) == real_path(dotted) == real_path(str(target))
    assert Path(real_path("a.txt")).is_absolute()


def test_open_paths_gives_letters_and_empty_for_files_on_their_way(tmp_path: Path) -> None:
    a = article("A", "First text.")
    a = replace(a, source=replace(a.source, path=str(tmp_path / "a.txt")))
    pasted = replace(article("B", "Pasted."), source=replace(a.source, path=""))
    again = replace(a, id="C")  # the same file later: the first letter stays
    shown = open_paths([a, pasted, again], [str(tmp_path / "a.txt"), str(tmp_path / "new.txt")])
    assert shown == {
        real_path(str(tmp_path / "a.txt")): "A",
        real_path(str(tmp_path / "new.txt")): "",
    }


def test_already_open_keeps_the_paths_as_given(tmp_path: Path) -> None:
    shown = {real_path(str(tmp_path / "a.txt")): "A"}
    given = [str(tmp_path / "x" / ".." / "a.txt"), str(tmp_path / "b.txt")]
    assert already_open(given, shown) == {given[0]: "A"}


@pytest.mark.parametrize(
    ("known", "message"),
    [
        (
            {"/d/a.txt": "A"},
            "“a.txt” is already open in this comparison (article A); it is not added twice.",
        ),
        (
            {"/d/a.txt": ""},
            "“a.txt” is already open in this comparison; it is not added twice.",
        ),
        (
            {"/d/a.txt": "B", "/d/b.txt": "A", "/d/c.txt": ""},
            "3 of these files are already open in this comparison (articles A, B); "
            "they are not added twice.",
        ),
    ],
)
def test_already_open_message_is_one_sentence(known: dict[str, str], message: str) -> None:
    assert already_open_message(known) == message


def test_free_letter_takes_the_first_gap() -> None:
    assert free_letter([]) == "A"
    assert free_letter(["A", "C"]) == "B"
    assert free_letter([chr(ord("A") + i) for i in range(26)]) == "AA"
