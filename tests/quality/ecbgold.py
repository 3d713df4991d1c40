"""Claim-level gold on real ECB+ articles (``tests/quality/ecbgold/<topic>.toml``).

The files name sentences by ECB+ document and sentence number (``"3_2ecbplus:4"``);
the corpus itself is read from ``../shared/ecbplus`` and never copied here.
Each file was written by a labeller who had not seen the engine's output, with
the instructions in ``ecbgold/README.md``.

The labellers were told to leave each article's first line alone (its URL, or
its headline when it has no URL line); relations touching it are not scored.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from tests.quality.ecbplus import CORPUS_DIR, DEFAULT_ROOT, EcbDoc, load_topic
from tests.quality.gold import (
    LINK_KINDS,
    GoldArticle,
    GoldError,
    GoldLink,
    GoldQuote,
    GoldSet,
)
from tests.quality.splits import ecb_split

ECBGOLD_DIR = Path(__file__).resolve().parent / "ecbgold"


def gold_files(root: Path = ECBGOLD_DIR) -> list[Path]:
    return sorted(root.glob("*.toml"), key=lambda p: (len(p.stem), p.stem))


def _sentence(ref: Any, docs: dict[str, EcbDoc], name: str, where: str) -> tuple[str, int]:
    if not isinstance(ref, str) or ":" not in ref:
        raise GoldError(name, f"{where}: {ref!r} is not '<doc>:<sentence>'")
    doc, _, number = ref.rpartition(":")
    if doc not in docs or not number.isdigit() or int(number) not in docs[doc].spans:
        raise GoldError(name, f"{where}: no sentence {ref!r} among {sorted(docs)}")
    return doc, int(number)


def load_ecb_set(path: Path, root: Path = DEFAULT_ROOT) -> GoldSet:
    """One topic's gold as a :class:`GoldSet` whose quotes are whole sentences."""
    name = f"ecb-{path.stem}"
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise GoldError(name, f"{path} cannot be read: {exc}") from None
    head = raw.get("set", {})
    topic = str(head.get("topic", path.stem))
    wanted = head.get("articles", [])
    corpus = root / CORPUS_DIR
    if not corpus.is_dir():
        raise GoldError(name, f"no ECB+ corpus at {corpus}")
    docs = {d.name: d for d in load_topic(corpus, topic) if d.name in wanted}
    if len(docs) != len(wanted) or len(docs) < 2:
        raise GoldError(name, f"articles {wanted} are not all in topic {topic}")
    ordered = [docs[n] for n in wanted]
    links: list[GoldLink] = []
    warnings: list[str] = []
    for index, entry in enumerate(raw.get("link", []), start=1):
        where = f"link #{index}"
        (da, sa), (db, sb) = (_sentence(entry.get(k), docs, name, where) for k in ("a", "b"))
        if da == db:
            raise GoldError(name, f"{where} joins two sentences of one article")
        spans = docs[da].spans[sa], docs[db].spans[sb]
        kind = entry.get("kind", "same")
        if kind not in LINK_KINDS:
            raise GoldError(name, f"{where}: kind must be one of {LINK_KINDS}, not {kind!r}")
        quotes = [
            GoldQuote(d, docs[d].article.text[s[0] : s[1]], s[0], s[1])
            for d, s in ((da, spans[0]), (db, spans[1]))
        ]
        values = entry.get("values")
        conflict = entry.get("conflict")
        if conflict is not None and (not isinstance(values, list) or len(values) != 2):
            warnings.append(f"{where} is a conflict without two values")
            values = None
        links.append(
            GoldLink(
                index,
                quotes[0],
                quotes[1],
                conflict,
                (str(values[0]), str(values[1])) if conflict and values else None,
                entry.get("trap"),
                str(entry.get("note", "")),
                kind,
            )
        )
    return GoldSet(
        name=name,
        directory=path.parent,
        title=str(head.get("title", name)),
        kind="ecb",
        articles=tuple(GoldArticle(d.name, d.path, d.article) for d in ordered),
        links=tuple(links),
        warnings=tuple(warnings),
        split=ecb_split(topic),
        family="ecb",
        ignore=tuple((d.name, 0, first_line_end(d.article.text)) for d in ordered),
    )


def first_line_end(text: str) -> int:
    """End of the part of a rebuilt article the labellers left alone."""
    end = text.find("\n\n")
    return len(text) if end < 0 else end
