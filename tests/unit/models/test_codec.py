"""The cached comparison document: exact round trip, texts kept out."""

from __future__ import annotations

import json
from dataclasses import replace

from app.domain import Article
from app.serialize import CONTRACT_VERSION
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
