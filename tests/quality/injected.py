"""Injected conflicts on real text (the method of FactCC, Kryscinski et al. 2020).

    python -m tests.quality.injected [--root DIR] [--topics 1,2 | --split dev|blind]
                                     [--per-topic N] [--baseline] [--verbose] [--json OUT]

ECB+ pairs sentences of two articles that mention the same event
(``ecbplus_same_event_sentence_pairs.tsv``).  Where the two sentences share a
value (a number, a year, a day of the month, a weekday, a person's name, a
place) the value is changed in the second article's sentence only; where they
share a predicate, the second sentence is negated.  The engine then compares
the first article with the changed second one, and must report a conflict
between the changed sentence and the first article that names both values,
shown by default (a "possible" conflict, the engine saying it is not sure,
does not count).

The same article pairs, unchanged, measure false alarms: the share of their
same-event sentence pairs that the engine shows as conflicting (those pairs
agree as far as anyone annotated; a real discrepancy between two outlets
counts against the engine here, which makes the figure a ceiling).

Selection is deterministic: at most ``--per-topic`` injections per topic, at
most one per article pair and kind, spread over kinds.  Topics follow the
dev/blind split of ``tests/quality/splits.py``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from app.domain import Article, Claim, Comparison, RelationKind, Settings
from tests.quality.ecbplus import (
    CORPUS_DIR,
    DEFAULT_ROOT,
    PAIRS_FILE,
    EcbDoc,
    SentenceKey,
    list_topics,
    load_gold_pairs,
    load_topic,
)
from tests.quality.splits import SPLITS, ecb_split

KINDS = ("number", "year", "date", "weekday", "person", "place", "negation")
DEFAULT_PER_TOPIC = 14
PER_KIND_PER_TOPIC = 3

_NUMBER_WORDS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
}
_WORD_OF = {v: k for k, v in _NUMBER_WORDS.items()}
_DIGITS = re.compile(
    r"(?<![\w.,:/-])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w:/-]|\.\d|,\d{3}|\s?(?:a|p)\.?\s?m\b)",
    re.IGNORECASE,
)
_WORDS = re.compile(r"\b(" + "|".join(_NUMBER_WORDS) + r")\b", re.IGNORECASE)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAY = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b", re.IGNORECASE)
_MONTHS = (
    "January February March April May June July August September October November December"
).split()
_MONTH_DAY = re.compile(
    r"\b(" + "|".join(m[:3] for m in _MONTHS) + r")[a-z]*\.?\s+(\d{1,2})(?!\d|:)\b", re.IGNORECASE
)
# Replacement names and places: invented or far from any ECB+ story; one that
# occurs anywhere in the topic is skipped.
_SURNAMES = ("Halloran", "Okafor", "Lindqvist", "Brannigan", "Castellano", "Whitmore", "Nakamura")
_FULL_NAMES = (
    "Daniel Okafor",
    "Maria Lindqvist",
    "Thomas Brannigan",
    "Elena Castellano",
    "Robert Whitmore",
    "Yuki Nakamura",
    "Sean Halloran",
)
_PLACES = ("Tucson", "Leeds", "Adelaide", "Winnipeg", "Valencia", "Durban", "Bergen", "Tulsa")
_SPEECH_LEMMAS = frozenset({"say", "tell", "report", "add", "state", "note", "claim", "explain"})


@dataclass(frozen=True, slots=True)
class Injection:
    topic: str
    kind: str
    doc_a: str
    sent_a: int
    doc_b: str
    sent_b: int
    old: str  # as written in B's sentence (A's sentence says the same)
    new: str  # what replaces it
    start: int  # span of ``old`` in B's original text
    end: int

    @property
    def new_span(self) -> tuple[int, int]:
        return self.start, self.start + len(self.new)

    def apply(self, article: Article) -> Article:
        text = article.text
        assert text[self.start : self.end] == self.old, (self, text[self.start : self.end])
        return replace(article, text=text[: self.start] + self.new + text[self.end :])


# ---------------------------------------------------------------------------
# Finding values two sentences share


def _number_value(text: str) -> float | None:
    word = _NUMBER_WORDS.get(text.lower())
    if word is not None:
        return float(word)
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


def _numbers(sentence: str) -> list[tuple[int, int, str, float]]:
    found = [(m.start(1), m.end(1), m.group(1)) for m in _DIGITS.finditer(sentence)]
    found += [(m.start(1), m.end(1), m.group(1)) for m in _WORDS.finditer(sentence)]
    out = []
    for s, e, t in found:
        value = _number_value(t)
        if value is not None and value >= 2:
            out.append((s, e, t, value))
    return sorted(out)


def _changed_number(text: str, value: float) -> str:
    """A value no reader would call the same: +3 for small counts, x1.5 above."""
    if "." in text:
        decimals = len(text.split(".")[1])
        return f"{value + 0.9:.{decimals}f}"
    n = int(value)
    new = n + 3 if n < 10 else round(n * 1.5)
    if text.lower() in _NUMBER_WORDS and new in _WORD_OF:
        word = _WORD_OF[new]
        return word.capitalize() if text[:1].isupper() else word
    return f"{new:,}" if "," in text else str(new)


def _number_candidates(sa: str, sb: str) -> Iterable[tuple[str, int, int, str, str]]:
    values_a = {v for _, _, _, v in _numbers(sa)}
    for s, e, text, value in _numbers(sb):
        if value not in values_a:
            continue
        if text.isdigit() and len(text) == 4 and 1900 <= value <= 2100:
            yield "year", s, e, text, str(int(value) - 3)
        else:
            yield "number", s, e, text, _changed_number(text, value)


def _date_candidates(sa: str, sb: str) -> Iterable[tuple[str, int, int, str, str]]:
    days_a = {(m.group(1)[:3].lower(), int(m.group(2))) for m in _MONTH_DAY.finditer(sa)}
    for m in _MONTH_DAY.finditer(sb):
        day = int(m.group(2))
        if (m.group(1)[:3].lower(), day) in days_a and 1 <= day <= 31:
            new_day = day + 5 if day <= 23 else day - 5
            yield "date", m.start(2), m.end(2), m.group(2), str(new_day)
    weekdays_a = {m.group(1).lower() for m in _WEEKDAY.finditer(sa)}
    for m in _WEEKDAY.finditer(sb):
        if m.group(1).lower() in weekdays_a:
            index = [w.lower() for w in _WEEKDAYS].index(m.group(1).lower())
            yield "weekday", m.start(1), m.end(1), m.group(1), _WEEKDAYS[(index + 3) % 7]


def _unused(pool: Sequence[str], topic_text: str, seed: str) -> str | None:
    start = int(hashlib.sha256(seed.encode()).hexdigest(), 16) % len(pool)
    for k in range(len(pool)):
        candidate = pool[(start + k) % len(pool)]
        if candidate.split()[-1].lower() not in topic_text:
            return candidate
    return None


def _entity_candidates(
    nlp: Any, sa: str, sb: str, topic_text: str, seed: str
) -> Iterable[tuple[str, int, int, str, str]]:
    doc_b = nlp(sb)
    # The name must be recognised as the same kind of name in both sentences.
    labels_a = {(e.text.removeprefix("the ").removeprefix("The "), e.label_) for e in nlp(sa).ents}
    for ent in doc_b.ents:
        if ent.label_ not in ("PERSON", "GPE", "LOC"):
            continue
        text = ent.text
        while text.lower().startswith("the "):
            text = text[4:]
        if len(text) < 3 or not text[:1].isupper() or (text, ent.label_) not in labels_a:
            continue
        start = ent.start_char + (len(ent.text) - len(text))
        if ent.label_ == "PERSON":
            pool = _SURNAMES if len(text.split()) == 1 else _FULL_NAMES
            kind = "person"
        else:
            pool, kind = _PLACES, "place"
        new = _unused(pool, topic_text, seed + text)
        if new is not None:
            yield kind, start, start + len(text), text, new


def _negation_candidates(nlp: Any, sa: str, sb: str) -> Iterable[tuple[str, int, int, str, str]]:
    doc_a, doc_b = nlp(sa), nlp(sb)
    lemmas_a = {t.lemma_.lower() for t in doc_a if t.pos_ in ("VERB", "AUX")}
    for sent in doc_b.sents:
        root = sent.root
        lemma = root.lemma_.lower()
        if root.pos_ != "VERB" or lemma in _SPEECH_LEMMAS or lemma not in lemmas_a:
            continue
        if any(c.dep_ == "neg" for c in root.children):
            continue
        aux = [c for c in root.children if c.dep_ in ("aux", "auxpass") and c.i < root.i]
        if aux:
            first = aux[0]
            if first.lower_ in ("to",):
                continue
            yield (
                "negation",
                first.idx,
                first.idx + len(first.text),
                first.text,
                first.text + " not",
            )
        elif root.tag_ in ("VBD", "VBZ", "VBP"):
            helper = {"VBD": "did", "VBZ": "does", "VBP": "do"}[root.tag_]
            yield (
                "negation",
                root.idx,
                root.idx + len(root.text),
                root.text,
                f"{helper} not {root.lemma_.lower()}",
            )
        return


def header_end(text: str) -> int:
    """Where a rebuilt ECB+ article's body starts: after its headline (and the
    URL line above it, when there is one)."""
    parts = text.split("\n\n")
    head = 2 if parts[0].startswith(("http", "www")) and len(parts) > 2 else 1
    return sum(len(p) + 2 for p in parts[:head])


def find_injections(
    docs: Sequence[EcbDoc],
    pairs: set[frozenset[SentenceKey]],
    nlp: Any,
    per_topic: int = DEFAULT_PER_TOPIC,
) -> list[Injection]:
    """Deterministic injections for one topic (see the module docstring)."""
    by_name = {d.name: d for d in docs}
    topic = docs[0].topic if docs else ""
    topic_text = " ".join(d.article.text for d in docs).lower()
    order = {d.name: n for n, d in enumerate(docs)}
    candidates: list[Injection] = []
    for pair in sorted(pairs, key=lambda p: sorted(p)):
        (da, sa_n), (db, sb_n) = sorted(pair, key=lambda k: (order.get(k[0], 0), k[1]))
        if da == db or da not in by_name or db not in by_name:
            continue
        a, b = by_name[da], by_name[db]
        if a.subtopic != b.subtopic or sa_n not in a.spans or sb_n not in b.spans:
            continue
        s0, e0 = a.spans[sa_n]
        s1, e1 = b.spans[sb_n]
        sa, sb = a.article.text[s0:e0], b.article.text[s1:e1]
        if s0 < header_end(a.article.text) or s1 < header_end(b.article.text):
            continue  # the headline is not a claim
        seed = f"{da}:{sa_n}:{db}:{sb_n}"
        found = [
            *_number_candidates(sa, sb),
            *_date_candidates(sa, sb),
            *_entity_candidates(nlp, sa, sb, topic_text, seed),
            *_negation_candidates(nlp, sa, sb),
        ]
        for kind, s, e, old, new in found:
            candidates.append(Injection(topic, kind, da, sa_n, db, sb_n, old, new, s1 + s, s1 + e))
    # Spread: one per article pair and kind, few per kind, in a fixed shuffled order.
    candidates.sort(key=lambda i: hashlib.sha256(repr(i).encode()).hexdigest())
    chosen: list[Injection] = []
    seen: set[tuple[str, str, str]] = set()
    per_kind: Counter[str] = Counter()
    for inj in candidates:
        key = (inj.doc_a, inj.doc_b, inj.kind)
        if key in seen or per_kind[inj.kind] >= PER_KIND_PER_TOPIC:
            continue
        seen.add(key)
        per_kind[inj.kind] += 1
        chosen.append(inj)
        if len(chosen) >= per_topic:
            break
    return sorted(chosen, key=lambda i: (i.doc_a, i.doc_b, i.kind))


# ---------------------------------------------------------------------------
# Scoring


def overlaps(claim: Claim, span: tuple[int, int]) -> bool:
    return min(claim.end, span[1]) > max(claim.start, span[0])


def _fold(value: str) -> str:
    return " ".join(value.casefold().split())


def equivalent(shown: str, value: str) -> bool:
    """A shown value stands for ``value``: contains it, or the same number."""
    s, v = _fold(shown), _fold(value)
    if v and (v in s or (s and s in v)):
        return True
    number = _number_value(value)
    return number is not None and any(
        _number_value(tok) == number for tok in re.findall(r"[\w,.]+", shown)
    )


@dataclass
class InjectionResult:
    injection: Injection
    flagged: bool  # some conflict involves the changed sentence
    named: bool  # ... and names the old and the new value


def judge(comparison: Comparison, inj: Injection) -> InjectionResult:
    claims = {c.id: c for c in comparison.claims}
    flagged = named = False
    for rel in comparison.relations:
        if rel.kind is not RelationKind.CONFLICT:
            continue
        first, second = claims[rel.claims[0]], claims[rel.claims[1]]
        if first.article_id == inj.doc_b:
            first, second, swap = second, first, True
        else:
            swap = False
        if first.article_id != inj.doc_a or second.article_id != inj.doc_b:
            continue
        if not overlaps(second, inj.new_span):
            continue
        flagged = True
        for diff in rel.differences:
            if not diff.conflicting:
                continue
            value_a, value_b = diff.values[::-1] if swap else diff.values
            if inj.kind == "negation":
                named = named or diff.type == "negation"
            elif equivalent(value_b, inj.new) and equivalent(value_a, inj.old):
                named = True
    return InjectionResult(inj, flagged, named)


def false_alarms(
    comparison: Comparison,
    pairs: Iterable[frozenset[SentenceKey]],
    spans: dict[str, dict[int, tuple[int, int]]],
) -> tuple[int, int]:
    """(same-event sentence pairs reported as conflicting, pairs) in one comparison."""
    claims = {c.id: c for c in comparison.claims}
    conflicting: list[tuple[Claim, Claim]] = [
        (claims[r.claims[0]], claims[r.claims[1]])
        for r in comparison.relations
        if r.kind is RelationKind.CONFLICT
    ]
    total = flagged = 0
    for pair in pairs:
        (da, sa), (db, sb) = sorted(pair)
        if sa not in spans.get(da, {}) or sb not in spans.get(db, {}):
            continue
        total += 1
        span_a, span_b = spans[da][sa], spans[db][sb]
        for x, y in conflicting:
            if x.article_id == db:
                x, y = y, x
            if (x.article_id, y.article_id) == (da, db) and (
                overlaps(x, span_a) and overlaps(y, span_b)
            ):
                flagged += 1
                break
    return flagged, total


@dataclass
class Tally:
    injected: Counter[str]
    flagged: Counter[str]
    named: Counter[str]
    alarm_pairs: int = 0
    untouched_pairs: int = 0
    conflicts: int = 0
    article_pairs: int = 0

    @classmethod
    def empty(cls) -> Tally:
        return cls(Counter(), Counter(), Counter())

    def add_result(self, result: InjectionResult) -> None:
        kind = result.injection.kind
        self.injected[kind] += 1
        self.flagged[kind] += result.flagged
        self.named[kind] += result.named

    def as_json(self) -> dict[str, Any]:
        total = sum(self.injected.values())
        return {
            "injected": total,
            "flagged": sum(self.flagged.values()),
            "named": sum(self.named.values()),
            "named_rate": _rate(sum(self.named.values()), total),
            "false_alarm_rate": _rate(self.alarm_pairs, self.untouched_pairs),
            "false_alarm_pairs": self.alarm_pairs,
            "untouched_pairs": self.untouched_pairs,
            "conflicts_per_article_pair": _rate(self.conflicts, self.article_pairs),
            "by_kind": {
                k: {"injected": self.injected[k], "named": self.named[k]}
                for k in KINDS
                if self.injected[k]
            },
        }


def _rate(num: float, den: float) -> float | None:
    return round(num / den, 4) if den else None


def _pct(num: float, den: float) -> str:
    return "-" if not den else f"{100 * num / den:5.1f}% ({num}/{den})"


def format_tally(name: str, t: Tally) -> str:
    total = sum(t.injected.values())
    kinds = "  ".join(f"{k} {t.named[k]}/{t.injected[k]}" for k in KINDS if t.injected[k])
    return (
        f"{name:<16} flagged naming both values {_pct(sum(t.named.values()), total)}, "
        f"flagged at all {_pct(sum(t.flagged.values()), total)}\n"
        f"{'':16} by kind: {kinds}\n"
        f"{'':16} false alarms on untouched same-event pairs "
        f"{_pct(t.alarm_pairs, t.untouched_pairs)}; "
        f"conflicts per unchanged article pair "
        f"{(t.conflicts / t.article_pairs if t.article_pairs else 0):.2f}"
    )


# ---------------------------------------------------------------------------
# Running

CompareFn = Callable[[Sequence[Article]], Comparison]


def run_topic(
    docs: Sequence[EcbDoc],
    pairs: set[frozenset[SentenceKey]],
    injections: Sequence[Injection],
    compare: CompareFn,
    tally: Tally,
    verbose: bool = False,
) -> None:
    by_name = {d.name: d for d in docs}
    spans = {d.name: d.spans for d in docs}
    by_articles: dict[tuple[str, str], list[Injection]] = defaultdict(list)
    for inj in injections:
        by_articles[(inj.doc_a, inj.doc_b)].append(inj)
    for (da, db), group in sorted(by_articles.items()):
        a, b = by_name[da].article, by_name[db].article
        # Only what is shown by default counts, flagged or false alarm:
        # "possibly" conflicts are the engine saying it is not sure.
        plain = compare([a, b]).shown()
        touched = {frozenset({(i.doc_a, i.sent_a), (i.doc_b, i.sent_b)}) for i in group}
        between = [p for p in pairs if {k[0] for k in p} == {da, db} and p not in touched]
        flagged, total = false_alarms(plain, between, spans)
        tally.alarm_pairs += flagged
        tally.untouched_pairs += total
        tally.conflicts += sum(r.kind is RelationKind.CONFLICT for r in plain.relations)
        tally.article_pairs += 1
        for inj in group:
            result = judge(compare([a, inj.apply(b)]).shown(), inj)
            tally.add_result(result)
            if verbose and not result.named:
                sa = a.text[slice(*by_name[da].spans[inj.sent_a])]
                sb = b.text[slice(*by_name[db].spans[inj.sent_b])]
                print(f"  MISS {inj.kind}: {inj.old!r} -> {inj.new!r}")
                print(f"     A {da}:{inj.sent_a}: {sa[:160]}")
                print(f"     B {db}:{inj.sent_b}: {sb[:160]}")


def chosen_topics(corpus: Path, topics: str | None, split: str | None) -> list[str] | None:
    """The topics ``--topics`` or ``--split`` asks for (all by default); None,
    with the reason on stderr, when there is no corpus."""
    if not corpus.is_dir():
        print(f"error: no ECB+ corpus at {corpus}; pass --root", file=sys.stderr)
        return None
    if topics:
        return [t for t in topics.split(",") if t]
    return [t for t in list_topics(corpus) if split is None or ecb_split(t) == split]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m tests.quality.injected",
        description="Injected conflicts on ECB+ same-event sentence pairs.",
    )
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--topics", help="comma-separated topic numbers")
    which.add_argument("--split", choices=SPLITS, help="only the dev or the blind topics")
    parser.add_argument("--per-topic", type=int, default=DEFAULT_PER_TOPIC)
    parser.add_argument("--sensitivity", type=float, default=None)
    parser.add_argument("--baseline", action="store_true", help="also score the naive baseline")
    parser.add_argument("--verbose", action="store_true", help="list the misses (dev only!)")
    parser.add_argument("--json", type=Path, metavar="OUT")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    corpus = args.root / CORPUS_DIR
    topics = chosen_topics(corpus, args.topics, args.split)
    if topics is None:
        return 2
    if args.verbose and any(ecb_split(t) == "blind" for t in topics):
        print("error: --verbose lists misses; use it on dev topics only", file=sys.stderr)
        return 2

    from app import nlp as spacy_pipeline
    from app.engine import compare as engine_compare

    settings = Settings() if args.sensitivity is None else Settings(sensitivity=args.sensitivity)
    nlp = spacy_pipeline.load(settings.spacy_model)
    runs: dict[str, CompareFn] = {
        "engine": lambda articles: engine_compare(articles, settings=settings)
    }
    if args.baseline:
        from tests.quality.baseline import naive_compare

        runs["baseline"] = naive_compare
    tallies = {(name, split): Tally.empty() for name in runs for split in SPLITS}
    started = time.perf_counter()
    for topic in topics:
        docs = load_topic(corpus, topic)
        pairs, _, _ = load_gold_pairs(args.root / PAIRS_FILE, {d.name: d for d in docs})
        injections = find_injections(docs, pairs, nlp, args.per_topic)
        for name, compare in runs.items():
            run_topic(
                docs,
                pairs,
                injections,
                compare,
                tallies[(name, ecb_split(topic))],
                verbose=args.verbose and name == "engine",
            )
        print(f"topic {topic:>3}: {len(injections)} injections", file=sys.stderr, flush=True)
    print()
    report: dict[str, Any] = {"topics": topics, "per_topic": args.per_topic}
    for (name, split), tally in tallies.items():
        if sum(tally.injected.values()):
            print(format_tally(f"{name} {split}", tally))
            report[f"{name}_{split}"] = tally.as_json()
    print(f"wall time {time.perf_counter() - started:.1f} s")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
