"""Conflicts on real, untouched ECB+ article pairs, judged one by one.

    python -m tests.quality.realpairs [--split dev|blind] [--unjudged FILE]

The claim-level gold (``ecbgold/``) is exhaustive but small: a few dozen
natural conflicts.  What a reporter meets most is the other side: the
conflicts the engine shows on two real outlets' articles about one event,
and how many of them are genuine.  ``realpairs/<split>.toml`` holds

- ``[[pair]]``: ECB+ article pairs nobody changed, of one event
  (same-subtopic pairs that share an annotated same-event sentence pair, up
  to 20 per topic in a fixed hashed order, none of the pairs ``injected.py``
  reads first; a second batch, each file says where, takes the next 20 per
  topic in a hashed order, none of the injected pool's); the corpus is read
  from ``../shared/ecbplus``, never copied;
- ``[[judged]]``: conflicts engines showed or nearly showed on those pairs
  (confidence at least 0.3) and, on the development half, every
  disagreement 0.3.0 found at confidence 0.1 to 0.3 (so that what the fit
  learns of real disagreements is not only what some version showed), each
  judged by a labeller who saw only the two sentences and the two values,
  never the engine, its version or its confidence: ``genuine`` (one fact,
  values that cannot both be true), ``not`` or ``unsure``.  Sentences are
  named ``<doc>:<n>`` as in ECB+.

- ``[[link]]``: matches an engine showed on those pairs (a seeded sample,
  each file says of which version), judged the same way from the two claims
  alone: ``same`` (they state one claim), ``overlap`` (they share a fact
  but claim more or less than each other), ``topic`` (only the same story:
  two facts) or ``unsure``.

This tool shows every pair's conflicts and prints how many of those shown
by default were judged genuine: the precision the issue asks of real
coverage; and how many of the shown matches that were judged state or
share a fact (a match on the same topic only is a wrong one).  A shown
conflict nobody has judged is counted apart and listed (``--unjudged``
writes them out for a labeller): judging it after seeing
the engine would not be blind.  The development half's judgments are also
fitted on (``fit.py``); the blind half's never are.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import tomllib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from app.domain import Claim, Comparison, Relation, RelationKind, Settings
from tests.quality.ecbplus import CORPUS_DIR, DEFAULT_ROOT, EcbDoc, load_topic
from tests.quality.score import fold_value
from tests.quality.splits import SPLITS, Split, ecb_split

REALPAIRS_DIR = Path(__file__).resolve().parent / "realpairs"
LABELS = ("genuine", "not", "unsure")
LINK_LABELS = ("same", "overlap", "topic", "unsure")
SentenceRef = tuple[str, int]


class RealPairsError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Judged:
    """One judged conflict: two sentences, their two values, the verdict."""

    a: SentenceRef
    b: SentenceRef
    values: tuple[str, str]
    label: str
    why: str = ""

    def matches(self, a: SentenceRef, b: SentenceRef, values: tuple[str, str]) -> bool:
        if (a, b) == (self.a, self.b):
            mine = self.values
        elif (a, b) == (self.b, self.a):
            mine = (self.values[1], self.values[0])
        else:
            return False
        return all(fold_value(x) == fold_value(y) for x, y in zip(values, mine, strict=True))


@dataclass(frozen=True, slots=True)
class LinkJudged:
    """One judged match: two sentences and whether they state one fact."""

    a: SentenceRef
    b: SentenceRef
    label: str
    why: str = ""

    def matches(self, a: SentenceRef, b: SentenceRef) -> bool:
        return (a, b) in ((self.a, self.b), (self.b, self.a))


@dataclass(frozen=True, slots=True)
class RealPairs:
    split: Split
    pairs: tuple[tuple[str, str], ...]  # (doc, doc), both of one topic
    judged: tuple[Judged, ...]
    links: tuple[LinkJudged, ...] = ()

    def judgment(self, a: SentenceRef, b: SentenceRef, values: tuple[str, str]) -> Judged | None:
        return next((j for j in self.judged if j.matches(a, b, values)), None)

    def link_judgment(self, a: SentenceRef, b: SentenceRef) -> LinkJudged | None:
        return next((j for j in self.links if j.matches(a, b)), None)


def topic_of(doc: str) -> str:
    """The ECB+ topic of a document name ("3_2ecbplus" is of topic 3)."""
    topic = doc.split("_", 1)[0]
    if not topic.isdigit():
        raise RealPairsError(f"{doc!r} is not an ECB+ document name")
    return topic


def _ref(text: object, where: str) -> SentenceRef:
    if not isinstance(text, str) or ":" not in text:
        raise RealPairsError(f"{where}: {text!r} is not '<doc>:<sentence>'")
    doc, _, number = text.rpartition(":")
    if not number.isdigit():
        raise RealPairsError(f"{where}: {text!r} has no sentence number")
    return doc, int(number)


def _all_text(items: list[object]) -> bool:
    return all(isinstance(x, str) for x in items)


def load(split: Split, root: Path = REALPAIRS_DIR) -> RealPairs:
    path = root / f"{split}.toml"
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise RealPairsError(f"{path} cannot be read: {exc}") from None
    pairs = []
    for n, item in enumerate(raw.get("pair", []), 1):
        docs = item.get("docs")
        if not (isinstance(docs, list) and len(docs) == 2 and _all_text(docs)):
            raise RealPairsError(f"{path}: pair {n} needs docs = [doc, doc]")
        if topic_of(docs[0]) != topic_of(docs[1]) or ecb_split(topic_of(docs[0])) != split:
            raise RealPairsError(f"{path}: pair {n} {docs} is not of one {split} topic")
        pairs.append((docs[0], docs[1]))
    judged = []
    for n, item in enumerate(raw.get("judged", []), 1):
        where = f"{path}: judged {n}"
        values = item.get("values")
        if not (isinstance(values, list) and len(values) == 2 and _all_text(values)):
            raise RealPairsError(f"{where}: values must be two strings")
        if item.get("label") not in LABELS:
            raise RealPairsError(f"{where}: label must be one of {LABELS}")
        a, b = _ref(item.get("a"), where), _ref(item.get("b"), where)
        if topic_of(a[0]) != topic_of(b[0]) or ecb_split(topic_of(a[0])) != split:
            raise RealPairsError(f"{where}: {a[0]} and {b[0]} are not of one {split} topic")
        verdict = Judged(a, b, (values[0], values[1]), item["label"], str(item.get("why", "")))
        if any(j.matches(a, b, verdict.values) for j in judged):
            raise RealPairsError(f"{where}: {a} / {b} {verdict.values} is judged twice")
        judged.append(verdict)
    links = []
    for n, item in enumerate(raw.get("link", []), 1):
        where = f"{path}: link {n}"
        if item.get("label") not in LINK_LABELS:
            raise RealPairsError(f"{where}: label must be one of {LINK_LABELS}")
        a, b = _ref(item.get("a"), where), _ref(item.get("b"), where)
        if topic_of(a[0]) != topic_of(b[0]) or ecb_split(topic_of(a[0])) != split:
            raise RealPairsError(f"{where}: {a[0]} and {b[0]} are not of one {split} topic")
        if any(j.matches(a, b) for j in links):
            raise RealPairsError(f"{where}: {a} / {b} is judged twice")
        links.append(LinkJudged(a, b, item["label"], str(item.get("why", ""))))
    return RealPairs(split, tuple(pairs), tuple(judged), tuple(links))


def sentence_of(doc: EcbDoc, start: int) -> int | None:
    """The ECB+ sentence a claim starting at ``start`` begins in."""
    for number, (s, e) in doc.spans.items():
        if s <= start < e:
            return number
    return None


@dataclass(frozen=True, slots=True)
class Shown:
    """A conflict shown on a real pair, with its judgment if it has one."""

    a: SentenceRef
    b: SentenceRef
    values: tuple[str, str]
    confidence: float
    texts: tuple[str, str]
    judged: Judged | None
    kind: str = ""  # the difference's type ("number", "date", "negation", ...)


def conflicts_of(
    comparison: Comparison, docs: dict[str, EcbDoc], real: RealPairs
) -> Iterator[Shown]:
    """Every conflict the comparison shows by default, placed by sentence."""
    claims: dict[str, Claim] = {c.id: c for c in comparison.claims}
    for relation in comparison.relations:
        if relation.kind is not RelationKind.CONFLICT or relation.possible:
            continue
        yield from _placed(relation, claims, docs, real)


def _placed(
    relation: Relation, claims: dict[str, Claim], docs: dict[str, EcbDoc], real: RealPairs
) -> Iterator[Shown]:
    ca, cb = (claims[i] for i in relation.claims)
    # A claim outside every sentence (none is, as the text is rebuilt) is
    # still shown: it counts as not judged (sentence -1).
    sa = sentence_of(docs[ca.article_id], ca.start)
    sb = sentence_of(docs[cb.article_id], cb.start)
    a = (ca.article_id, -1 if sa is None else sa)
    b = (cb.article_id, -1 if sb is None else sb)
    for diff in relation.differences:
        if not diff.conflicting:
            continue
        yield Shown(
            a,
            b,
            diff.values,
            relation.confidence,
            (ca.text, cb.text),
            real.judgment(a, b, diff.values),
            str(diff.type),
        )


def matches_of(
    comparison: Comparison, docs: dict[str, EcbDoc], real: RealPairs
) -> Iterator[tuple[SentenceRef, SentenceRef, LinkJudged | None]]:
    """Every match the comparison shows by default, placed by sentence, with
    its judgment if it has one."""
    claims: dict[str, Claim] = {c.id: c for c in comparison.claims}
    for relation in comparison.relations:
        if relation.kind is not RelationKind.MATCH or relation.possible:
            continue
        ca, cb = (claims[i] for i in relation.claims)
        sa = sentence_of(docs[ca.article_id], ca.start)
        sb = sentence_of(docs[cb.article_id], cb.start)
        a = (ca.article_id, -1 if sa is None else sa)
        b = (cb.article_id, -1 if sb is None else sb)
        yield a, b, real.link_judgment(a, b)


@dataclass
class LinkTally:
    """The shown matches, by what their judgment says of them."""

    shown: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, judged: LinkJudged | None) -> None:
        self.shown += 1
        label = judged.label if judged else "unjudged"
        self.counts[label] = self.counts.get(label, 0) + 1

    def line(self) -> str:
        right = self.counts.get("same", 0) + self.counts.get("overlap", 0)
        judged = right + self.counts.get("topic", 0)
        precision = f"{right / judged:.2f}" if judged else "n/a"
        parts = ", ".join(f"{self.counts.get(k, 0)} {k}" for k in (*LINK_LABELS, "unjudged"))
        return (
            f"{self.shown} matches shown: {parts}; "
            f"share a fact {precision} ({right}/{judged} judged)"
        )


@dataclass
class Tally:
    pairs: int = 0
    genuine: int = 0
    wrong: int = 0
    unsure: int = 0
    unjudged: int = 0

    @property
    def shown(self) -> int:
        return self.genuine + self.wrong + self.unsure + self.unjudged

    def add(self, shown: Shown) -> None:
        label = shown.judged.label if shown.judged else None
        if label == "genuine":
            self.genuine += 1
        elif label == "not":
            self.wrong += 1
        elif label == "unsure":
            self.unsure += 1
        else:
            self.unjudged += 1

    def line(self) -> str:
        judged = self.genuine + self.wrong
        precision = f"{self.genuine / judged:.2f}" if judged else "n/a"
        return (
            f"{self.pairs} article pairs, {self.shown} conflicts shown "
            f"({self.shown / max(1, self.pairs):.2f} per pair): {self.genuine} genuine, "
            f"{self.wrong} not, {self.unsure} unsure, {self.unjudged} not yet judged; "
            f"precision {precision} ({self.genuine}/{judged})"
        )


def by_kind(shown: Sequence[Shown]) -> str:
    """Genuine / judged of the shown conflicts, kind by kind (counts only)."""
    tallies: dict[str, Tally] = {}
    for s in shown:
        tallies.setdefault(s.kind, Tally()).add(s)
    return "  ".join(
        f"{kind} {t.genuine}/{t.genuine + t.wrong}"
        + (f" (+{t.unsure + t.unjudged} unsure or unjudged)" if t.unsure + t.unjudged else "")
        for kind, t in sorted(tallies.items(), key=lambda kv: -kv[1].shown)
    )


def measure(
    real: RealPairs, settings: Settings, root: Path = DEFAULT_ROOT
) -> tuple[Tally, list[Shown], LinkTally]:
    from app.engine import compare

    corpus = root / CORPUS_DIR
    by_topic: dict[str, dict[str, EcbDoc]] = {}
    tally, shown, links = Tally(), [], LinkTally()
    for da, db in real.pairs:
        topic = topic_of(da)
        if topic not in by_topic:
            by_topic[topic] = {d.name: d for d in load_topic(corpus, topic)}
        docs = by_topic[topic]
        comparison = compare([docs[da].article, docs[db].article], settings=settings)
        tally.pairs += 1
        for s in conflicts_of(comparison, docs, real):
            tally.add(s)
            shown.append(s)
        for _, _, judged in matches_of(comparison, docs, real):
            links.add(judged)
    return tally, shown, links


def _describe(s: Shown) -> str:
    verdict = s.judged.label if s.judged else "NOT JUDGED"
    return (
        f"  [{verdict}] {s.confidence:.2f} {s.values[0]!r} vs {s.values[1]!r}"
        f" ({s.a[0]}:{s.a[1]} / {s.b[0]}:{s.b[1]})"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.quality.realpairs", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--split", choices=SPLITS, help="one half only (default: both)")
    parser.add_argument("--verbose", action="store_true", help="list every conflict shown")
    parser.add_argument(
        "--unjudged", type=Path, help="write the shown conflicts nobody has judged here (JSON)"
    )
    args = parser.parse_args(argv)
    if not (DEFAULT_ROOT / CORPUS_DIR).is_dir():
        print(f"no ECB+ corpus at {DEFAULT_ROOT / CORPUS_DIR}: the real pairs are skipped")
        return 0
    settings = Settings()
    unjudged = []
    for split in [args.split] if args.split else list(SPLITS):
        started = time.perf_counter()
        tally, shown, links = measure(load(split), settings)
        print(f"{split}: {tally.line()} [{time.perf_counter() - started:.0f} s]")
        print(f"{split}: by kind, genuine/judged: {by_kind(shown)}")
        print(f"{split}: {links.line()}")
        for s in shown:
            if args.verbose or s.judged is None:
                print(_describe(s))
            if s.judged is None:
                unjudged.append(
                    {
                        "a": f"{s.a[0]}:{s.a[1]}",
                        "b": f"{s.b[0]}:{s.b[1]}",
                        "values": list(s.values),
                        "texts": list(s.texts),
                    }
                )
    if args.unjudged:
        args.unjudged.write_text(json.dumps(unjudged, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
