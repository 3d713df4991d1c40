"""Measure linking at scale on ECB+ (``../shared/ecbplus``, see its ABOUT.md).

    python -m tests.quality.ecbplus [--root DIR] [--topics 1,2,3 | --all]
                                    [--sensitivity X] [--baseline]
                                    [--dump-dir DIR [--dump-only]] [--json OUT]

Each topic folder holds articles about two look-alike events: ``<n>ecb.xml``
files report one, ``<n>ecbplus.xml`` files the other.  The articles are rebuilt
from their tokens (see :func:`detokenize`) into plain text with a map from
sentence number to character span, and ``compare()`` runs once per topic on all
of them.  Reported per topic and pooled:

(a) recall of the gold same-event sentence pairs
    (``ecbplus_same_event_sentence_pairs.tsv``): a pair is found when some
    relation links a claim overlapping sentence a with a claim overlapping
    sentence b;
(b) false cross-event links: relations between an ecb and an ecbplus article,
    as a share of all relations, as a count, and per cross-event article pair
    (next to the links per same-event article pair);
(c) a precision proxy: among relations between two annotated sentences
    (``ECBplus_coreference_sentences.csv``) of same-event articles, the share
    that are gold pairs.  Annotated sentences can mention different events of
    one story, so this understates precision; use it to compare runs.

``--dump-dir DIR`` writes the rebuilt articles as ``DIR/<topic>/<doc>.txt``
(plus ``sentences.tsv`` with the spans) so a person can run the CLI on them.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import sys
import time
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from app.dates import parse_month
from app.domain import Article, Comparison, RelationKind, Settings, Source

DEFAULT_ROOT = Path(__file__).resolve().parents[3] / "shared" / "ecbplus"
CORPUS_DIR = Path("ECB+_LREC2014") / "ECB+"
PAIRS_FILE = "ecbplus_same_event_sentence_pairs.tsv"
ANNOTATED_FILE = Path("ECB+_LREC2014") / "ECBplus_coreference_sentences.csv"
DEFAULT_TOPIC_COUNT = 5

SentenceKey = tuple[str, int]  # (doc name such as "1_10ecb", sentence number as in the XML)

# ---------------------------------------------------------------------------
# Detokenizing

_GLUE_LEFT = frozenset({",", ".", ":", ";", "?", "!", ")", "]", "}", "%", "...", "…", "''", "”"})
_GLUE_RIGHT = frozenset({"(", "[", "{", "$", "#", "``", "“", "‘", "`"})
_GLUE_BOTH = frozenset({"/", "_"})
_CLITICS = frozenset(
    {
        "'s",
        "'re",
        "'ve",
        "'ll",
        "'d",
        "'m",
        "n't",
        "’s",
        "’re",
        "’ve",
        "’ll",
        "’d",
        "’m",
        "n’t",
        "'",
        "’",
    }
)
_CLITIC_TAILS = frozenset({"s", "t", "re", "ve", "ll", "d", "m"})
_SENTENCE_PUNCT = frozenset({",", ".", "?", "!", "...", "…", ";", ":"})
_REPLACE = {"``": '"', "''": '"'}


def _is_wordlike(token: str | None) -> bool:
    return bool(token) and token[0].isalnum()  # type: ignore[index]


def _looks_like_url(tokens: Sequence[str]) -> bool:
    first = tokens[0].lower() if tokens else ""
    return first in ("http", "https") or first.startswith(("http://", "https://", "www"))


# Three digits after a thousands comma, maybe with a unit glued on ("000ft").
_THOUSANDS_TAIL = re.compile(r"\d{3}(?!\d)")


def _joins_tight(tok: str, prev: str | None, nxt: str | None) -> bool:
    """A hyphen between words, a slash or underscore inside, a colon between
    digits, a decimal point or a thousands comma inside a number ("6.1",
    "$5.3", "170,000", "$30,000", "2,000ft", which the corpus splits into
    three tokens), the first point of "a.m." and "p.m."."""
    if prev is None or nxt is None:
        return False
    if tok == "." and prev[-1:].isdigit() and nxt[:1].isdigit():
        return True
    if tok == "." and prev.lower() in ("a", "p") and nxt.lower() == "m":
        return True
    if tok == "," and prev[-1:].isdigit() and _THOUSANDS_TAIL.match(nxt):
        return True
    if tok in ("-", "‐", "‑"):
        return _is_wordlike(prev) and _is_wordlike(nxt)
    if tok == ":":
        return prev.isdigit() and nxt[:1].isdigit()
    return tok in _GLUE_BOTH


def detokenize(sentences: Sequence[Sequence[str]]) -> list[str]:
    """Rebuild readable text for each sentence of one document.

    No space before , . : ; ? ! ) ] % 's n't and closing quotes; none after
    ( [ $ # and opening quotes; ``` `` ``` and ``''`` become straight double quotes;
    a lone ``-``, ``/`` or ``_`` between two words is joined tight ("eight-year",
    "and/or"), as is ``:`` between digits ("7:35"); a sentence that starts with
    ``http``/``www`` (the URL line of ECB+ articles) is joined without spaces.
    A straight ``"`` opens at the start of a sentence, closes at its end, closes
    after punctuation when a lower-case word or nothing follows, and otherwise
    alternates.
    """
    return [
        _detokenize_sentence(_merge_split_quotes([t.strip() for t in s if t and t.strip()]))
        for s in sentences
    ]


def _merge_split_quotes(tokens: list[str]) -> list[str]:
    """``' '`` and ``` ` ` ``` (a double quote split in two) become ``''`` and ``` `` ```."""
    out: list[str] = []
    for tok in tokens:
        if out and tok in ("'", "`") and out[-1] == tok:
            out[-1] = tok * 2
        else:
            out.append(tok)
    return out


def _detokenize_sentence(tokens: list[str]) -> str:
    if not tokens:
        return ""
    if _looks_like_url(tokens):
        return "".join(tokens)
    out: list[str] = []
    glue_next = False  # the previous token forbids a space after it
    quotes = _OpenQuotes()
    last = len(tokens) - 1
    for i, tok in enumerate(tokens):
        prev = tokens[i - 1] if i > 0 else None
        nxt = tokens[i + 1] if i < last else None
        glue_left, glue_right = _glue(tok, i == 0, i == last, prev, nxt, quotes)
        if out and not glue_left and not glue_next:
            out.append(" ")
        out.append(_REPLACE.get(tok, tok))
        glue_next = glue_right
    return "".join(out)


@dataclass(slots=True)
class _OpenQuotes:
    """Which quotes the sentence has opened so far and not closed."""

    double: bool = False
    single: bool = False


def _glue(
    tok: str, first: bool, final: bool, prev: str | None, nxt: str | None, quotes: _OpenQuotes
) -> tuple[bool, bool]:
    """Whether ``tok`` joins the token before it and the one after it (no
    space between), updating the open ``quotes``."""
    glue_left = tok in _GLUE_LEFT or tok.lower() in _CLITICS
    glue_right = tok in _GLUE_RIGHT
    if tok in ("``", "“"):
        quotes.double = True
    elif tok in ("''", "”"):
        if first and not final:  # used as an opening quote
            glue_left, glue_right, quotes.double = False, True, True
        else:
            quotes.double = False
    elif tok == '"':
        glue_left, glue_right = _straight_double_quote(first, final, prev, nxt, quotes)
    elif tok in ("'", "’"):
        glue_left, glue_right = _single_quote(tok, first, final, prev, nxt, quotes)
    elif tok in ("‘", "`"):
        quotes.single = True
    elif len(tok) > 1 and tok[0] in '"“':
        quotes.double = not (tok[-1] in '"”' and tok.count('"') % 2 == 0)
    elif len(tok) > 1 and tok[-1] in '"”':
        quotes.double = False
    elif _joins_tight(tok, prev, nxt):
        glue_left = glue_right = True
    return glue_left, glue_right


def _straight_double_quote(
    first: bool, final: bool, prev: str | None, nxt: str | None, quotes: _OpenQuotes
) -> tuple[bool, bool]:
    """A ``"`` closes an open quote, ends the sentence or follows its
    punctuation; else it opens one."""
    closing = (
        final
        or (not first and quotes.double)
        or (
            prev in _SENTENCE_PUNCT and (nxt is None or nxt[:1].islower() or nxt in _SENTENCE_PUNCT)
        )
    )
    if first:
        closing = False
    quotes.double = not closing
    return closing, not closing


def _single_quote(
    tok: str, first: bool, final: bool, prev: str | None, nxt: str | None, quotes: _OpenQuotes
) -> tuple[bool, bool]:
    """A ``'`` or ``’``: inside a word, closing, possessive or opening."""
    if _is_wordlike(prev) and nxt is not None and nxt.lower() in _CLITIC_TAILS:
        return True, True  # don ' t, Gray ’ s
    if quotes.single or final or prev in _SENTENCE_PUNCT:
        quotes.single = False
        return True, False
    if prev is not None and prev[-1:] in ("s", "S") and _is_wordlike(nxt):
        return True, False  # possessive: Gomes ' body
    if first or not _is_wordlike(nxt):
        return tok == "’", False
    quotes.single = True
    return False, True


# ---------------------------------------------------------------------------
# Documents

_MONTH_RE = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE_MDY = re.compile(_MONTH_RE + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", re.IGNORECASE)
_DATE_DMY = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH_RE + r",?\s+(\d{4})", re.IGNORECASE)


def _month(name: str) -> int:
    number = parse_month(name) or parse_month(name[:3])
    if number is None:
        raise ValueError(name)
    return number


def find_date(lines: Iterable[str]) -> date | None:
    """The first "May 03, 2013" or "12 March 2013" style date in ``lines``."""
    for line in lines:
        for pattern, order in ((_DATE_MDY, "mdy"), (_DATE_DMY, "dmy")):
            m = pattern.search(line)
            if not m:
                continue
            try:
                if order == "mdy":
                    return date(int(m.group(3)), _month(m.group(1)), int(m.group(2)))
                return date(int(m.group(3)), _month(m.group(2)), int(m.group(1)))
            except ValueError:
                continue
    return None


@dataclass(frozen=True)
class Rebuilt:
    text: str
    spans: dict[int, tuple[int, int]]  # sentence number -> [start, end) in text
    title: str
    published: date | None


def rebuild(sentences: Sequence[tuple[int, Sequence[str]]]) -> Rebuilt:
    """Article text from ``(sentence number, tokens)`` in order.

    One sentence per line; a blank line after the first sentence (usually the
    headline).  When the first sentence is the URL of an ECB+ article, it gets
    its own paragraph and the blank line follows the headline after it.
    """
    numbers = [n for n, _ in sentences]
    texts = detokenize([tokens for _, tokens in sentences])
    kept = [(n, t) for n, t in zip(numbers, texts, strict=True) if t]
    head = 2 if kept and _looks_like_url(kept[0][1].split()) and len(kept) > 1 else 1
    parts: list[str] = []
    spans: dict[int, tuple[int, int]] = {}
    cursor = 0
    for i, (number, sentence) in enumerate(kept):
        if i:
            separator = "\n\n" if i <= head else "\n"
            parts.append(separator)
            cursor += len(separator)
        spans[number] = (cursor, cursor + len(sentence))
        parts.append(sentence)
        cursor += len(sentence)
    headline = kept[head - 1][1] if kept else ""
    title = headline if len(headline) <= 100 else headline[:99] + "…"
    published = find_date(t for _, t in kept[head - 1 : head + 2])
    return Rebuilt("".join(parts) + "\n", spans, title, published)


@dataclass(frozen=True)
class EcbDoc:
    name: str  # "1_10ecb"
    topic: str  # "1"
    subtopic: str  # "ecb" or "ecbplus"
    path: Path
    article: Article
    spans: dict[int, tuple[int, int]]
    raw_sentences: dict[int, str]  # tokens joined by one space, as in the tsv


def read_tokens(xml: bytes) -> list[tuple[int, list[str]]]:
    root = ElementTree.fromstring(xml)
    sentences: dict[int, list[str]] = {}
    for token in root.iter("token"):
        number = int(token.get("sentence", "0"))
        text = unicodedata.normalize("NFC", (token.text or "").strip())
        sentences.setdefault(number, [])
        if text:
            sentences[number].append(text)
    return sorted(sentences.items())


def read_doc(path: Path, topic: str) -> EcbDoc:
    data = path.read_bytes()
    sentences = read_tokens(data)
    built = rebuild(sentences)
    name = path.name.removesuffix(".xml")
    subtopic = "ecbplus" if name.endswith("ecbplus") else "ecb"
    article = Article(
        id=name,  # ends in a letter, so "<id><n>" claim ids stay unique
        title=built.title,
        text=built.text,
        source=Source(
            path=str(path),
            format="ecbplus-xml",
            encoding="utf-8",
            sha256=hashlib.sha256(data).hexdigest(),
            size=len(data),
        ),
        published=built.published,
    )
    raw = {n: " ".join(tokens) for n, tokens in sentences}
    return EcbDoc(name, topic, subtopic, path, article, built.spans, raw)


def _doc_order(path: Path) -> tuple[int, int, str]:
    m = re.match(r"\d+_(\d+)(ecb|ecbplus)\.xml$", path.name)
    return (0 if m and m.group(2) == "ecb" else 1, int(m.group(1)) if m else 0, path.name)


def load_topic(corpus: Path, topic: str) -> list[EcbDoc]:
    """Every article of a topic: the ecb ones first, then the ecbplus ones."""
    folder = corpus / topic
    paths = sorted(folder.glob("*ecb.xml"), key=_doc_order)
    paths += sorted(folder.glob("*ecbplus.xml"), key=_doc_order)
    return [read_doc(p, topic) for p in paths]


def list_topics(corpus: Path) -> list[str]:
    return sorted((p.name for p in corpus.iterdir() if p.is_dir() and p.name.isdigit()), key=int)


# ---------------------------------------------------------------------------
# Gold


def _fold(text: str) -> str:
    return " ".join(text.split())


def load_gold_pairs(
    path: Path, docs: dict[str, EcbDoc]
) -> tuple[set[frozenset[SentenceKey]], int, str]:
    """Unordered gold sentence pairs among ``docs``, numbered as in the XML.

    The tsv's numbering (0- or 1-based) is checked against the rebuilt
    sentences: returns the pairs, the offset applied and a one-line note.
    """
    rows = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            doc_a, doc_b = row["doc_a"].removesuffix(".xml"), row["doc_b"].removesuffix(".xml")
            if doc_a in docs and doc_b in docs:
                rows.append(
                    (
                        doc_a,
                        int(row["sent_a"]),
                        doc_b,
                        int(row["sent_b"]),
                        row.get("text_a", ""),
                        row.get("text_b", ""),
                    )
                )
    agree = {0: 0, -1: 0, 1: 0}
    checked = 0
    for doc_a, sent_a, doc_b, sent_b, text_a, text_b in rows[:2000]:
        for doc, sent, text in ((doc_a, sent_a, text_a), (doc_b, sent_b, text_b)):
            if not text:
                continue
            checked += 1
            for offset in agree:
                if _fold(docs[doc].raw_sentences.get(sent + offset, "")) == _fold(text):
                    agree[offset] += 1
    offset = max(agree, key=lambda k: (agree[k], k == 0))
    note = (
        f"gold pair sentence numbers: xml = tsv {offset:+d} "
        f"({agree[offset]}/{checked} sampled texts agree)"
    )
    pairs = {frozenset({(a, sa + offset), (b, sb + offset)}) for a, sa, b, sb, _, _ in rows}
    return pairs, offset, note


def load_annotated(
    path: Path, docs: dict[str, EcbDoc], gold: set[frozenset[SentenceKey]]
) -> tuple[set[SentenceKey], str]:
    """Annotated sentences among ``docs``, numbered as in the XML (offset checked
    against the gold pairs' sentences, which are all annotated)."""
    raw: set[SentenceKey] = set()
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            name = f"{row['Topic']}_{row['File']}"
            if name in docs:
                raw.add((name, int(row["Sentence Number"])))
    gold_sentences = {key for pair in gold for key in pair}
    agree = {o: sum((d, s - o) in gold_sentences for d, s in raw) for o in (0, 1, -1)}
    offset = max(agree, key=lambda k: (agree[k], k == 0))
    note = (
        f"annotated sentence numbers: xml = csv {-offset:+d} "
        f"({agree[offset]} of {len(raw)} agree with gold-pair sentences)"
    )
    return {(d, s - offset) for d, s in raw}, note


# ---------------------------------------------------------------------------
# Evaluation


@dataclass
class TopicStats:
    topic: str = ""
    ecb_docs: int = 0
    ecbplus_docs: int = 0
    claims: int = 0
    relations: int = 0
    conflicts: int = 0
    gold_pairs: int = 0
    gold_found: int = 0
    cross_relations: int = 0
    cross_conflicts: int = 0
    cross_doc_pairs: int = 0
    same_relations: int = 0
    same_doc_pairs: int = 0
    annotated_relations: int = 0
    annotated_gold: int = 0
    unknown_claims: int = 0
    seconds: float = 0.0

    def add(self, other: TopicStats) -> None:
        for name in self.__dataclass_fields__:
            if name != "topic":
                setattr(self, name, getattr(self, name) + getattr(other, name))

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = asdict(self)
        out["recall"] = _rate(self.gold_found, self.gold_pairs)
        out["cross_rate"] = _rate(self.cross_relations, self.relations)
        out["cross_per_pair"] = _rate(self.cross_relations, self.cross_doc_pairs)
        out["same_per_pair"] = _rate(self.same_relations, self.same_doc_pairs)
        out["precision_proxy"] = _rate(self.annotated_gold, self.annotated_relations)
        return out


def _rate(num: float, den: float) -> float | None:
    return num / den if den else None


@dataclass
class SentenceIndex:
    """Which sentences a character span of a document overlaps."""

    spans: dict[str, list[tuple[int, int, int]]] = field(default_factory=dict)

    @classmethod
    def of(cls, docs: Iterable[EcbDoc]) -> SentenceIndex:
        return cls({d.name: sorted((s, e, n) for n, (s, e) in d.spans.items()) for d in docs})

    def overlapped(self, doc: str, start: int, end: int) -> list[int]:
        return [n for s, e, n in self.spans.get(doc, ()) if min(e, end) > max(s, start)]


def evaluate(
    docs: Sequence[EcbDoc],
    comparison: Comparison,
    gold: set[frozenset[SentenceKey]],
    annotated: set[SentenceKey],
) -> TopicStats:
    by_name = {d.name: d for d in docs}
    index = SentenceIndex.of(docs)
    n_ecb = sum(d.subtopic == "ecb" for d in docs)
    n_plus = len(docs) - n_ecb
    stats = TopicStats(
        topic=docs[0].topic if docs else "",
        ecb_docs=n_ecb,
        ecbplus_docs=n_plus,
        claims=len(comparison.claims),
        gold_pairs=len(gold),
        cross_doc_pairs=n_ecb * n_plus,
        same_doc_pairs=n_ecb * (n_ecb - 1) // 2 + n_plus * (n_plus - 1) // 2,
    )
    claims = {c.id: c for c in comparison.claims}
    sentences_of: dict[str, list[SentenceKey]] = {
        c.id: [(c.article_id, n) for n in index.overlapped(c.article_id, c.start, c.end)]
        for c in comparison.claims
    }
    found: set[frozenset[SentenceKey]] = set()
    for relation in comparison.relations:
        stats.relations += 1
        is_conflict = relation.kind == RelationKind.CONFLICT
        stats.conflicts += is_conflict
        first, second = (claims.get(cid) for cid in relation.claims)
        if (
            first is None
            or second is None
            or first.article_id not in by_name
            or second.article_id not in by_name
        ):
            stats.unknown_claims += 1
            continue
        if by_name[first.article_id].subtopic != by_name[second.article_id].subtopic:
            stats.cross_relations += 1
            stats.cross_conflicts += is_conflict
            continue
        stats.same_relations += 1
        left, right = sentences_of[first.id], sentences_of[second.id]
        hit = {frozenset({a, b}) for a in left for b in right} & gold
        found |= hit
        if any(a in annotated for a in left) and any(b in annotated for b in right):
            stats.annotated_relations += 1
            stats.annotated_gold += bool(hit)
    stats.gold_found = len(found)
    return stats


# ---------------------------------------------------------------------------
# Printing


def _pct(num: float, den: float, digits: int = 1) -> str:
    return "-" if not den else f"{100 * num / den:.{digits}f}%"


def _per(num: float, den: float) -> str:
    return "-" if not den else f"{num / den:.2f}"


HEADER = (
    f"{'topic':>6} {'docs':>7} {'rels':>6} {'recall (found/gold)':>21} "
    f"{'cross %':>8} {'cross#':>6} {'x/pair':>6} {'s/pair':>6} "
    f"{'proxyP (gold/ann)':>19} {'secs':>7}"
)


def format_row(s: TopicStats) -> str:
    recall = f"{_pct(s.gold_found, s.gold_pairs)} ({s.gold_found}/{s.gold_pairs})"
    proxy = (
        f"{_pct(s.annotated_gold, s.annotated_relations)} "
        f"({s.annotated_gold}/{s.annotated_relations})"
    )
    return (
        f"{s.topic:>6} {f'{s.ecb_docs}+{s.ecbplus_docs}':>7} {s.relations:>6} "
        f"{recall:>21} {_pct(s.cross_relations, s.relations):>8} {s.cross_relations:>6} "
        f"{_per(s.cross_relations, s.cross_doc_pairs):>6} "
        f"{_per(s.same_relations, s.same_doc_pairs):>6} {proxy:>19} {s.seconds:>7.1f}"
    )


# ---------------------------------------------------------------------------
# Running


def dump(docs: Sequence[EcbDoc], directory: Path) -> None:
    if not docs:
        return
    folder = directory / docs[0].topic
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["doc\tsentence\tstart\tend"]
    for doc in docs:
        (folder / f"{doc.name}.txt").write_text(doc.article.text, encoding="utf-8")
        lines += [f"{doc.name}\t{n}\t{s}\t{e}" for n, (s, e) in sorted(doc.spans.items())]
    (folder / "sentences.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m tests.quality.ecbplus",
        description="Measure linking on ECB+: same-event recall, cross-event false links.",
    )
    parser.add_argument(
        "--root",
        type=Path,
        default=DEFAULT_ROOT,
        help=f"the ECB+ folder holding ABOUT.md (default: {DEFAULT_ROOT})",
    )
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--topics", help="comma-separated topic numbers, e.g. 1,2,3")
    which.add_argument("--all", action="store_true", help="all 43 topics")
    parser.add_argument(
        "--sensitivity",
        type=float,
        default=None,
        help="engine sensitivity, 0..1 (default: the Settings default)",
    )
    parser.add_argument(
        "--baseline",
        action="store_true",
        help="also measure the naive baseline of tests/quality/baseline.py",
    )
    parser.add_argument(
        "--dump-dir",
        type=Path,
        metavar="DIR",
        help="write the rebuilt articles to DIR/<topic>/<doc>.txt",
    )
    parser.add_argument(
        "--dump-only", action="store_true", help="with --dump-dir: write the articles and stop"
    )
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write the figures here")
    return parser


Runs = dict[str, Callable[[Sequence[Article]], Comparison]]


class _Refused(Exception):
    """What stops the measurement before it starts, and the exit code."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class _Measured:
    """The figures of every run (engine, baseline), pooled and per topic."""

    pooled: dict[str, TopicStats]
    per_topic: dict[str, list[dict[str, Any]]]
    engine_name: str = ""


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = Settings() if args.sensitivity is None else Settings(sensitivity=args.sensitivity)
    try:
        corpus = args.root / CORPUS_DIR
        topics = _chosen_topics(args, corpus)
        runs = _runs(args, settings)
    except _Refused as refused:
        print(f"error: {refused}", file=sys.stderr)
        return refused.code
    started = time.perf_counter()
    measured = _measure(args, corpus, topics, runs)
    elapsed = time.perf_counter() - started
    if args.dump_dir:
        print(f"rebuilt articles written under {args.dump_dir}/<topic>/ ({len(topics)} topic(s))")
    if runs:
        _print_pooled(measured, settings, topics)
    print(f"wall time {elapsed:.1f} s")
    if args.json and runs:
        report = {
            "engine": measured.engine_name,
            "settings": {"sensitivity": settings.sensitivity},
            "topics": topics,
            "seconds": round(elapsed, 3),
            "pooled": {name: stats.as_json() for name, stats in measured.pooled.items()},
            "per_topic": measured.per_topic,
        }
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


def _chosen_topics(args: argparse.Namespace, corpus: Path) -> list[str]:
    """The topics asked for (--all, --topics, else the first few)."""
    if not corpus.is_dir():
        raise _Refused(f"no ECB+ corpus at {corpus}; pass --root (the folder with ABOUT.md)", 2)
    available = list_topics(corpus)
    if args.all:
        topics = available
    elif args.topics:
        topics = [t.strip() for t in args.topics.split(",") if t.strip()]
        missing = [t for t in topics if t not in available]
        if missing:
            raise _Refused(f"no topic {', '.join(missing)} in {corpus}", 2)
    else:
        topics = available[:DEFAULT_TOPIC_COUNT]
    if args.dump_only and not args.dump_dir:
        raise _Refused("--dump-only needs --dump-dir", 2)
    return topics


def _runs(args: argparse.Namespace, settings: Settings) -> Runs:
    """What to measure: the engine and, with --baseline, the naive baseline;
    nothing with --dump-only."""
    if args.dump_only:
        return {}
    try:
        from app.engine import compare
    except Exception as exc:
        raise _Refused(f"the engine cannot be imported ({type(exc).__name__}: {exc})", 1) from exc
    runs: Runs = {"engine": lambda articles: compare(articles, settings=settings)}
    if args.baseline:
        from tests.quality.baseline import naive_compare

        runs["baseline"] = naive_compare
    return runs


def _measure(args: argparse.Namespace, corpus: Path, topics: list[str], runs: Runs) -> _Measured:
    """Each topic's documents (dumped when asked), compared by every run."""
    measured = _Measured(
        pooled={name: TopicStats(topic="pooled") for name in runs},
        per_topic={name: [] for name in runs},
    )
    notes_printed = False
    for topic in topics:
        docs = load_topic(corpus, topic)
        if args.dump_dir:
            dump(docs, args.dump_dir)
        if not runs:
            continue
        by_name = {d.name: d for d in docs}
        gold, _, gold_note = load_gold_pairs(args.root / PAIRS_FILE, by_name)
        annotated, ann_note = load_annotated(args.root / ANNOTATED_FILE, by_name, gold)
        if not notes_printed:
            print(f"{gold_note}\n{ann_note}")
            print(f"\n{'':9}{HEADER}")
            notes_printed = True
        for name, run in runs.items():
            _measure_run(name, run, docs, gold, annotated, measured)
    return measured


def _measure_run(
    name: str,
    run: Callable[[Sequence[Article]], Comparison],
    docs: list[EcbDoc],
    gold: set[frozenset[SentenceKey]],
    annotated: set[SentenceKey],
    measured: _Measured,
) -> None:
    t0 = time.perf_counter()
    comparison = run([d.article for d in docs])
    seconds = time.perf_counter() - t0
    if name == "engine":
        measured.engine_name = comparison.engine
    stats = evaluate(docs, comparison, gold, annotated)
    stats.seconds = seconds
    measured.pooled[name].add(stats)
    measured.per_topic[name].append(stats.as_json())
    print(f"{name:>8} {format_row(stats)}", flush=True)
    if stats.unknown_claims:
        print(f"         ! {stats.unknown_claims} relations name unknown claims")


def _print_pooled(measured: _Measured, settings: Settings, topics: list[str]) -> None:
    print(f"\n{'':9}{HEADER}")
    for name, stats in measured.pooled.items():
        print(f"{name:>8} {format_row(stats)}")
        print(
            f"{'':9}{name}: recall {_pct(stats.gold_found, stats.gold_pairs)}, "
            f"false cross-event links {_pct(stats.cross_relations, stats.relations)} of "
            f"{stats.relations} relations ({stats.cross_relations}, of them "
            f"{stats.cross_conflicts} conflicts; "
            f"{_per(stats.cross_relations, stats.cross_doc_pairs)} per cross-event pair "
            f"vs {_per(stats.same_relations, stats.same_doc_pairs)} per same-event pair), "
            f"precision proxy {_pct(stats.annotated_gold, stats.annotated_relations)}"
        )
    print(
        f"\nengine: {measured.engine_name}; sensitivity {settings.sensitivity}; "
        f"topics {','.join(topics)}"
    )


if __name__ == "__main__":
    sys.exit(main())
