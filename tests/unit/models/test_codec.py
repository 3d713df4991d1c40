"""The cached comparison document: exact round trip, texts kept out."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from app.domain import Article, DifferenceType
from app.export.serialize import CONTRACT_VERSION
from models import codec

from .helpers import articles, comparison


def _items() -> list[Article]:
    return [replace(a, id=letter) for a, letter in zip(articles(3), "ABC", strict=True)]


def test_a_comparison_comes_back_exactly() -> None:
    items = _items()
    made = comparison(items)
    document = codec.encode_comparison(made)
    assert codec.decode_comparison(document, items) == made
    assert codec.relation_count(document) == len(made.relations)


def test_the_document_wraps_the_public_contract_without_the_texts() -> None:
    items = _items()
    data = json.loads(codec.encode_comparison(comparison(items)))
    assert data["comparison"]["version"] == CONTRACT_VERSION
    assert all("text" not in a for a in data["comparison"]["articles"])
    assert items[0].text[:40] not in json.dumps(data["comparison"]["articles"][0]["claims"][1])


def test_the_contract_alone_rebuilds_a_comparison_with_rounded_scores() -> None:
    items = _items()
    made = comparison(items)
    contract = json.loads(codec.encode_comparison(made))["comparison"]
    rebuilt = codec.comparison_from_json(contract, items)
    assert rebuilt.claims == made.claims and rebuilt.groups == made.groups
    assert rebuilt.relations[0].score == round(made.relations[0].score, 4)
    assert rebuilt.settings.sensitivity == made.settings.sensitivity


def test_a_pasted_or_piped_source_is_a_pseudo_path_that_round_trips() -> None:
    """No file: the origin and the page's address in ``source_path``; no
    schema change, so every existing database reads as before."""
    from app.domain import Origin, Source

    for origin, url in [
        (Origin.CLIPBOARD, "https://news.example/a?b=c#d"),
        (Origin.CLIPBOARD, ""),
        (Origin.STDIN, ""),
    ]:
        source = Source("", "html", "utf-8", "0" * 64, 10, origin, url)
        stored = codec.encode_source(source)
        assert stored == f"{origin.value}:{url}"
        assert codec.decode_source(stored) == ("", origin, url)
    file = Source("/news/a.txt", "txt", "utf-8", "0" * 64, 10)
    assert codec.encode_source(file) == "/news/a.txt"
    assert codec.decode_source("/news/a.txt") == ("/news/a.txt", Origin.FILE, "")


def test_a_file_named_like_a_pseudo_path_stays_a_file() -> None:
    from app.domain import Origin

    for name in ("clipboard:notes.txt", "stdin:x.txt"):
        stored = codec.encode_path(name)
        assert stored.startswith(codec.PATH_BYTES)
        assert codec.decode_source(stored) == (name, Origin.FILE, "")


def test_difference_types_come_back_as_the_enum_and_are_written_as_the_same_words() -> None:
    items = _items()
    document = codec.encode_comparison(comparison(items))
    back = codec.decode_comparison(document, items)
    types = [d.type for r in back.relations for d in r.differences]
    assert types == [DifferenceType.NUMBER, DifferenceType.HEDGE]
    assert all(type(t) is DifferenceType for t in types)
    written = json.loads(document)["comparison"]["relations"][0]["differences"]
    assert [d["type"] for d in written] == ["number", "hedge"]
    assert codec.encode_comparison(back) == document  # byte for byte


@pytest.mark.parametrize(
    ("path", "what"),
    [
        (("relations", 0, "differences", 0, "type"), "difference type"),
        (("relations", 0, "kind"), "relation kind"),
        (("articles", 0, "claims", 0, "kind"), "claim kind"),
        (("articles", 0, "claims", 0, "facts", 0, "type"), "fact type"),
    ],
)
def test_a_word_this_version_does_not_know_is_a_clear_error(
    path: tuple[str | int, ...], what: str
) -> None:
    """A comparison stored by a newer Crosscheck with a new difference type
    (or kind) cannot be read back exactly: it is refused, by name."""
    items = _items()
    data = json.loads(codec.encode_comparison(comparison(items)))
    node = data["comparison"]
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = "rumour"
    with pytest.raises(codec.UnreadableComparison) as caught:
        codec.decode_comparison(json.dumps(data), items)
    assert f"{what} 'rumour'" in str(caught.value)
    assert "analyse the articles again" in str(caught.value).casefold()


def test_an_unknown_document_format_is_refused_the_same_way() -> None:
    items = _items()
    data = json.loads(codec.encode_comparison(comparison(items)))
    data["format"] = codec.CACHE_FORMAT + 1
    with pytest.raises(codec.UnreadableComparison, match="format"):
        codec.decode_comparison(json.dumps(data), items)
