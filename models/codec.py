"""A cached ``Comparison`` as a JSON document, and back.

The document wraps the public contract (``app.export.serialize.comparison_to_json``)
with what the contract leaves out and a reload needs to be exact: full
precision scores and the complete settings.  Article texts are dropped: the
articles table holds them, and a cached comparison is only used while the
session's texts are exactly the ones it was made from.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import replace
from typing import Any, TypeVar
from urllib.parse import quote_from_bytes, unquote_to_bytes

from app.domain import (
    Article,
    Claim,
    ClaimKind,
    Comparison,
    Difference,
    DifferenceType,
    Fact,
    FactType,
    Origin,
    Relation,
    RelationKind,
    Settings,
    Source,
)
from app.errors import one_paragraph
from app.export.serialize import comparison_to_json
from app.safe_text import has_undecodable, replace_undecodable

CACHE_FORMAT = 1
# A stored source path that starts with this holds the path's bytes,
# percent-encoded (see encode_path).  Stored paths are absolute, so no plain
# path starts with it.
PATH_BYTES = "file:"
# Dict lookups: calling an Enum class per claim and fact is slow.
_CLAIM_KINDS = {k.value: k for k in ClaimKind}
_FACT_TYPES = {t.value: t for t in FactType}
_RELATION_KINDS = {k.value: k for k in RelationKind}
_DIFFERENCE_TYPES = {t.value: t for t in DifferenceType}
_Word = TypeVar("_Word")


class UnreadableComparison(ValueError):
    """A stored comparison this version cannot read back exactly: another
    format, or a word of a vocabulary it does not know (a difference type a
    newer engine added).  The comparison is a cache: analyse again."""


def _known(table: dict[str, _Word], value: Any, what: str) -> _Word:
    """``table[value]``, or an error that names the unknown ``what``."""
    try:
        return table[value]
    except (KeyError, TypeError):
        raise UnreadableComparison(
            one_paragraph(
                f"the stored comparison has a {what} {value!r} this version does not know",
                "another version of Crosscheck wrote it",
                "analyse the articles again",
            )
        ) from None


# An article that came from no file is stored under a pseudo path: its
# origin and a colon, then the address of the page it was copied from (or
# nothing).  Old databases hold none; an older Crosscheck reading one sees a
# missing file and keeps the stored text, as it does for any missing file.
_NO_FILE = {origin: f"{origin.value}:" for origin in Origin if origin is not Origin.FILE}
_RESERVED = (PATH_BYTES, *_NO_FILE.values())


def encode_source(source: Source) -> str:
    """What the ``source_path`` column holds for ``source``: its path (see
    ``encode_path``), or for pasted or piped text ``clipboard:`` / ``stdin:``
    and the page's address."""
    if source.origin is Origin.FILE:
        return encode_path(source.path)
    return _NO_FILE[source.origin] + source.url


def decode_source(stored: str) -> tuple[str, Origin, str]:
    """(path, origin, url) of a ``source_path`` value (see ``encode_source``)."""
    for origin, prefix in _NO_FILE.items():
        if stored.startswith(prefix):
            return "", origin, stored.removeprefix(prefix)
    return decode_path(stored), Origin.FILE, ""


def encode_path(path: str) -> str:
    """A source path as the database stores it: as it is when it is UTF-8 (so
    it reads plainly in the database), else ``file:`` and its bytes
    percent-encoded, so a file name in another encoding still finds its file
    (and so does a relative name that starts like a pseudo path)."""
    if not has_undecodable(path) and not path.startswith(_RESERVED):
        return path
    try:
        data = os.fsencode(path)
    except UnicodeEncodeError:  # a lone surrogate no file name can hold
        return replace_undecodable(path)
    return PATH_BYTES + quote_from_bytes(data, safe="/\\:")


def decode_path(stored: str) -> str:
    if not stored.startswith(PATH_BYTES):
        return stored
    return os.fsdecode(unquote_to_bytes(stored.removeprefix(PATH_BYTES)))


def encode_comparison(comparison: Comparison) -> str:
    contract = comparison_to_json(comparison)
    for article in contract["articles"]:
        del article["text"]
    settings = comparison.settings
    # The articles table keeps the exact paths; this copy is never read back.
    return replace_undecodable(
        json.dumps(
            {
                "format": CACHE_FORMAT,
                "comparison": contract,
                "scores": [r.score for r in comparison.relations],
                "settings": {
                    "sensitivity": settings.sensitivity,
                    "spacy_model": settings.spacy_model,
                    "max_chars": settings.max_chars,
                },
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )
    )


def relation_count(document: str) -> int:
    return len(json.loads(document)["comparison"]["relations"])


def decode_comparison(document: str, articles: Sequence[Article]) -> Comparison:
    """The comparison stored in ``document``, over ``articles`` (the session's,
    in order, whose texts the document was made from)."""
    data = json.loads(document)
    if data.get("format") != CACHE_FORMAT:
        raise UnreadableComparison(f"unknown cached comparison format {data.get('format')!r}")
    return comparison_from_json(data["comparison"], articles, data["scores"], data["settings"])


def comparison_from_json(
    contract: dict[str, Any],
    articles: Sequence[Article],
    scores: Sequence[float] | None = None,
    settings: dict[str, Any] | None = None,
) -> Comparison:
    """Rebuild a ``Comparison`` from the JSON contract.  ``scores`` replace the
    contract's rounded ones when given; ``settings`` the sensitivity alone."""
    settings = settings or {"sensitivity": contract.get("settings", {}).get("sensitivity", 0.5)}
    claims = tuple(_claim(c, a["id"]) for a in contract["articles"] for c in a.get("claims", ()))
    relations = tuple(_relation(r) for r in contract["relations"])
    if scores is not None:
        relations = tuple(
            replace(r, score=float(s)) for r, s in zip(relations, scores, strict=True)
        )
    return Comparison(
        articles=tuple(articles),
        claims=claims,
        relations=relations,
        groups=tuple(tuple(g) for g in contract["groups"]),
        engine=contract["engine"],
        settings=Settings(**settings),
    )


def _claim(data: dict[str, Any], article_id: str) -> Claim:
    return Claim(
        id=data["id"],
        article_id=article_id,
        start=data["start"],
        end=data["end"],
        text=data["text"],
        kind=_known(_CLAIM_KINDS, data["kind"], "claim kind"),
        facts=tuple(_fact(f) for f in data["facts"]),
    )


def _fact(data: dict[str, Any]) -> Fact:
    return Fact(
        type=_known(_FACT_TYPES, data["type"], "fact type"),
        text=data["text"],
        value=data["value"],
        start=data["start"],
        end=data["end"],
        head=data.get("head", ""),
        event=data.get("event", ""),
    )


def _relation(data: dict[str, Any]) -> Relation:
    first, second = data["claims"]
    return Relation(
        kind=_known(_RELATION_KINDS, data["kind"], "relation kind"),
        claims=(first, second),
        score=float(data["score"]),
        differences=tuple(_difference(d) for d in data["differences"]),
        confidence=float(data.get("confidence", data["score"])),
        possible=bool(data.get("possible", False)),
    )


def _difference(data: dict[str, Any]) -> Difference:
    (v1, v2), (s1, s2) = data["values"], data["spans"]
    return Difference(
        type=_known(_DIFFERENCE_TYPES, data["type"], "difference type"),
        values=(v1, v2),
        spans=((s1[0], s1[1]), (s2[0], s2[1])),
        note=data["note"],
        conflicting=data.get("conflicting", True),
    )
