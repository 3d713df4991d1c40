"""Score the engine on the hand-written gold sets, next to a naive baseline.

    python -m tests.quality.score [--sets DIR] [--set NAME] [--sensitivity X]
                                  [--json OUT] [--verbose]

For every set under ``tests/quality/sets/`` (see README.md there): import the
articles, run ``app.engine.compare()`` and the naive baseline
(``tests/quality/baseline.py``) on the same imported texts, and score both with
the same rule:

    A predicted relation hits a gold link when its two claims belong to the two
    articles of the link and each claim's span overlaps at least half of that
    article's quote span.

Printed per set and pooled (micro-averaged over all sets): link P/R/F1, conflict
P/R, conflicts naming the values, traps flagged as conflicts.

Exit status: 0 whatever the numbers (this measures, it does not gate); 2 when a
gold set is broken or no set is found (the other sets are still scored); 1 when
the importer cannot be imported, or the engine cannot be imported or fails on a
set (the baseline is still printed then).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from app.domain import Article, Claim, Comparison, Relation, RelationKind, Settings
from tests.quality.baseline import naive_compare
from tests.quality.ecbgold import ECBGOLD_DIR
from tests.quality.gold import (
    SETS_DIR,
    GoldError,
    GoldLink,
    GoldQuote,
    GoldSet,
    Importer,
    load_set,
    set_directories,
)

CompareFn = Callable[..., Comparison]

# ---------------------------------------------------------------------------
# The matching rule


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Characters shared by two ``[start, end)`` spans."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def covers(claim: Claim, quote: GoldQuote) -> bool:
    """The claim lies in the quote's article and overlaps at least half of the quote."""
    if claim.article_id != quote.article_id:
        return False
    return 2 * overlap((claim.start, claim.end), (quote.start, quote.end)) >= quote.length > 0


def _pair(relation: Relation, claims: dict[str, Claim]) -> tuple[Claim, Claim] | None:
    first, second = (claims.get(cid) for cid in relation.claims)
    if first is None or second is None or first.article_id == second.article_id:
        return None
    return first, second


def hits(relation: Relation, claims: dict[str, Claim], link: GoldLink) -> bool:
    """Does ``relation`` hit ``link`` (in either order of its two claims)?"""
    pair = _pair(relation, claims)
    if pair is None:
        return False
    first, second = pair
    return (covers(first, link.a) and covers(second, link.b)) or (
        covers(first, link.b) and covers(second, link.a)
    )


# Gold written before the ECB+ rebuild joined "£1. 2m", "9 a. m." and "£910, 000".
_SPLIT_POINT = re.compile(r"(\d|\b[ap])\. (\d|m\b)")
_SPLIT_THOUSANDS = re.compile(r"(\d), (\d{3})(?!\d)")


def fold_value(value: str) -> str:
    """A value as two writings of it compare: case, spaces, apostrophes, and
    the old rebuild's split figures ("$5. 3", "30, 000")."""
    folded = " ".join(value.casefold().replace("’", "'").split())
    return _SPLIT_THOUSANDS.sub(r"\1,\2", _SPLIT_POINT.sub(r"\1.\2", folded))


def same_value(predicted: str, gold: str) -> bool:
    """Equal after folding case and whitespace, or one contains the other."""
    p, g = fold_value(predicted), fold_value(gold)
    return bool(p) and bool(g) and (p in g or g in p)


def names_values(relation: Relation, claims: dict[str, Claim], link: GoldLink) -> bool:
    """Does some conflicting Difference of ``relation`` carry the link's gold values?

    ``Difference.values[0]`` belongs to ``relation.claims[0]``; it is compared with
    the gold value of that claim's article.
    """
    if link.values is None:
        return False
    pair = _pair(relation, claims)
    if pair is None:
        return False
    gold_a, gold_b = link.values
    if pair[0].article_id != link.a.article_id:
        gold_a, gold_b = gold_b, gold_a
    return any(
        diff.conflicting
        and same_value(diff.values[0], gold_a)
        and same_value(diff.values[1], gold_b)
        for diff in relation.differences
    )


# ---------------------------------------------------------------------------
# Counting


@dataclass
class Counts:
    predicted: int = 0  # relations
    predicted_hits: int = 0  # relations hitting some gold link
    gold: int = 0
    gold_hit: int = 0
    predicted_conflicts: int = 0
    conflict_hits: int = 0  # predicted conflicts hitting a gold conflict
    gold_conflicts: int = 0
    gold_conflicts_hit: int = 0  # by a predicted conflict
    named_of: int = 0  # hit gold conflicts that have gold values
    named: int = 0  # ... and whose values some conflicting Difference names
    traps: int = 0
    traps_flagged: int = 0  # traps hit by a predicted conflict
    invalid: int = 0  # relations with unknown claims or within one article

    def add(self, other: Counts) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @staticmethod
    def ratio(num: int, den: int) -> float | None:
        return num / den if den else None

    @property
    def link_p(self) -> float | None:
        return self.ratio(self.predicted_hits, self.predicted)

    @property
    def link_r(self) -> float | None:
        return self.ratio(self.gold_hit, self.gold)

    @property
    def link_f1(self) -> float | None:
        r = self.link_r
        if r is None:
            return None
        p = self.link_p or 0.0  # no predictions at all: F1 is 0, not undefined
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def conflict_p(self) -> float | None:
        return self.ratio(self.conflict_hits, self.predicted_conflicts)

    @property
    def conflict_r(self) -> float | None:
        return self.ratio(self.gold_conflicts_hit, self.gold_conflicts)

    @property
    def named_rate(self) -> float | None:
        return self.ratio(self.named, self.named_of)

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = asdict(self)
        for name in ("link_p", "link_r", "link_f1", "conflict_p", "conflict_r", "named_rate"):
            out[name] = getattr(self, name)
        return out


@dataclass
class SetScore:
    counts: Counts
    missed: list[GoldLink] = field(default_factory=list)
    false_relations: list[Relation] = field(default_factory=list)
    # A relation that hits a gold link with the other kind (a conflict on a match).
    wrong_kind: list[tuple[Relation, GoldLink]] = field(default_factory=list)


def shown(comparison: Comparison, include_possible: bool = False) -> list[Relation]:
    """The relations a reporter sees by default (or all, with the possible ones).

    Relations without ``possible`` (engines before 0.2) are all shown."""
    return [
        r for r in comparison.relations if include_possible or not getattr(r, "possible", False)
    ]


def score(comparison: Comparison, gold: GoldSet, include_possible: bool = False) -> SetScore:
    """Score one comparison against one gold set (the matching rule above).

    Recall counts the links the gold requires ("same"); precision counts a
    relation as right when it hits any gold link ("same" or "overlap")."""
    claims = {c.id: c for c in comparison.claims}
    required = [link for link in gold.links if link.required]
    counts = Counts(gold=len(required), gold_conflicts=len(gold.conflicts), traps=len(gold.traps))
    result = SetScore(counts)
    hit_by: dict[int, list[Relation]] = {link.index: [] for link in gold.links}
    for relation in shown(comparison, include_possible):
        pair = _pair(relation, claims)
        if pair is not None and any(gold.ignored(c.article_id, c.start, c.end) for c in pair):
            continue
        counts.predicted += 1
        is_conflict = relation.kind == RelationKind.CONFLICT
        counts.predicted_conflicts += is_conflict
        if _pair(relation, claims) is None:
            counts.invalid += 1
        targets = [link for link in gold.links if hits(relation, claims, link)]
        for link in targets:
            hit_by[link.index].append(relation)
        if targets:
            counts.predicted_hits += 1
        else:
            result.false_relations.append(relation)
        if is_conflict and any(link.is_conflict for link in targets):
            counts.conflict_hits += 1
        if targets and not any(link.is_conflict == is_conflict for link in targets):
            result.wrong_kind.append((relation, targets[0]))

    for link in gold.links:
        found = hit_by[link.index]
        if not found:
            if link.required or link.is_conflict:
                result.missed.append(link)
            continue
        counts.gold_hit += link.required
        conflicts = [r for r in found if r.kind == RelationKind.CONFLICT]
        if link.is_conflict and conflicts:
            counts.gold_conflicts_hit += 1
            if link.values is not None:
                counts.named_of += 1
                counts.named += any(names_values(r, claims, link) for r in conflicts)
        if link.is_trap and conflicts:
            counts.traps_flagged += 1
    return result


# ---------------------------------------------------------------------------
# Printing


def _fraction(num: int, den: int) -> str:
    if not den:
        return "   -"
    return f"{num / den:5.3f} ({num}/{den})"


def _f1(counts: Counts) -> str:
    value = counts.link_f1
    return "   -" if value is None else f"{value:5.3f}"


def table_rows(counts: Counts) -> list[tuple[str, str]]:
    c = counts
    return [
        ("relations predicted", str(c.predicted)),
        ("link precision", _fraction(c.predicted_hits, c.predicted)),
        ("link recall", _fraction(c.gold_hit, c.gold)),
        ("link F1", _f1(c)),
        ("conflicts predicted", str(c.predicted_conflicts)),
        ("conflict precision", _fraction(c.conflict_hits, c.predicted_conflicts)),
        ("conflict recall", _fraction(c.gold_conflicts_hit, c.gold_conflicts)),
        ("conflicts naming the values", _fraction(c.named, c.named_of)),
        ("traps flagged as conflicts", f"{c.traps_flagged} of {c.traps}"),
    ]


def format_table(engine: Counts | None, baseline: Counts) -> str:
    base_rows = table_rows(baseline)
    eng_rows = table_rows(engine) if engine is not None else [(n, "n/a") for n, _ in base_rows]
    width = max(len(n) for n, _ in base_rows)
    lines = [f"  {'':{width}}  {'engine':>18}  {'baseline':>18}"]
    for (name, e), (_, b) in zip(eng_rows, base_rows, strict=True):
        lines.append(f"  {name:{width}}  {e:>18}  {b:>18}")
    if engine is not None and engine.invalid:
        lines.append(f"  ! {engine.invalid} engine relations join unknown claims or one article")
    return "\n".join(lines)


def shorten(text: str, limit: int = 80) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _describe(relation: Relation, claims: dict[str, Claim]) -> str:
    texts = []
    for cid in relation.claims:
        claim = claims.get(cid)
        texts.append(f"{cid}: {shorten(claim.text) if claim else '(unknown claim)'}")
    notes = "; ".join(d.note for d in relation.differences if d.conflicting)
    head = f"{relation.kind} {relation.score:.2f}" + (f" [{notes}]" if notes else "")
    return f"    {head}\n      {texts[0]}\n      {texts[1]}"


def _link_label(link: GoldLink) -> str:
    kind = (
        f"conflict {link.conflict} {list(link.values) if link.values else ''}".rstrip()
        if link.is_conflict
        else "trap"
        if link.is_trap
        else "match"
    )
    return (
        f"    #{link.index} {kind}\n      {link.a.article_id}: {shorten(link.a.quote)}\n"
        f"      {link.b.article_id}: {shorten(link.b.quote)}"
    )


def format_details(result: SetScore, comparison: Comparison) -> str:
    claims = {c.id: c for c in comparison.claims}
    lines = [f"  missed gold links ({len(result.missed)}):"]
    lines += [_link_label(link) for link in result.missed]
    lines.append(f"  false relations ({len(result.false_relations)}):")
    lines += [_describe(r, claims) for r in result.false_relations]
    lines.append(f"  right link, wrong kind ({len(result.wrong_kind)}):")
    for relation, link in result.wrong_kind:
        lines.append(_describe(relation, claims))
        lines.append(
            f"      gold: #{link.index} "
            f"{'conflict ' + str(link.conflict) if link.is_conflict else 'match'}"
            f"{' (trap: ' + link.trap + ')' if link.trap else ''}"
        )
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# Running


def _load_engine() -> tuple[CompareFn | None, str]:
    try:
        from app.engine import compare
    except Exception as exc:  # not written yet, or broken: still print the baseline
        return None, f"{type(exc).__name__}: {exc}"
    return compare, ""


def run_engine(compare: CompareFn, articles: Sequence[Article], settings: Settings) -> Comparison:
    return compare(articles, settings=settings)


REAL_SETS_DIR = Path(__file__).resolve().parents[3] / "realsets"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m tests.quality.score",
        description="Score the engine and a naive baseline on every gold set, dev and blind.",
    )
    parser.add_argument(
        "--sets",
        type=Path,
        default=SETS_DIR,
        help=f"folder of hand-written sets (default: {SETS_DIR})",
    )
    parser.add_argument(
        "--ecb",
        type=Path,
        default=ECBGOLD_DIR,
        help=f"folder of claim-level ECB+ gold (default: {ECBGOLD_DIR}); 'none' to skip",
    )
    parser.add_argument(
        "--real",
        type=Path,
        action="append",
        help="folder of real multi-outlet sets kept outside the repository "
        f"(repeatable; default: {REAL_SETS_DIR} when it exists)",
    )
    parser.add_argument(
        "--set",
        dest="only",
        metavar="NAME",
        action="append",
        help="score only this set (repeatable)",
    )
    parser.add_argument(
        "--split",
        choices=("dev", "blind"),
        help="score only one half (default: both, reported apart)",
    )
    parser.add_argument(
        "--possible",
        action="store_true",
        help="count the relations the engine marks possible too (default: what it shows)",
    )
    parser.add_argument(
        "--sensitivity",
        type=float,
        default=None,
        help="engine sensitivity, 0..1 (default: the Settings default)",
    )
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write the figures here")
    parser.add_argument(
        "--verbose",
        "-v",
        action="store_true",
        help="list missed gold links and false relations per set (dev sets only)",
    )
    return parser


Loader = Callable[[], GoldSet]


def _sources(args: argparse.Namespace, import_file: Importer) -> list[tuple[str, Loader]]:
    """(name, loader) of every set to score, hand-written, ECB+ and real."""
    out: list[tuple[str, Loader]] = []
    for directory in set_directories(args.sets):
        out.append((directory.name, lambda d=directory: load_set(d, importer=import_file)))
    if str(args.ecb) != "none" and args.ecb.is_dir():
        from tests.quality.ecbgold import gold_files, load_ecb_set

        for path in gold_files(args.ecb):
            out.append((f"ecb-{path.stem}", lambda p=path: load_ecb_set(p)))
    real_dirs = args.real or ([REAL_SETS_DIR] if REAL_SETS_DIR.is_dir() else [])
    for root in real_dirs:
        for directory in set_directories(root):
            out.append((directory.name, lambda d=directory: load_set(d, importer=import_file)))
    if args.only:
        out = [(name, load) for name, load in out if name in set(args.only)]
    return out


@dataclass
class _Scoring:
    """What scoring every set gathers: the figures pooled by (family, split),
    the per-set report, the summary rows, the broken sets, the exit status."""

    settings: Settings
    possible: bool
    compare: CompareFn | None
    status: int = 0
    engine_name: str = ""
    pooled: dict[tuple[str, str], tuple[Counts, Counts]] = field(default_factory=dict)
    sets: dict[str, Any] = field(default_factory=dict)
    summary: list[tuple[str, Counts | None, Counts]] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = Settings() if args.sensitivity is None else Settings(sensitivity=args.sensitivity)
    try:
        from app.importing import import_file
    except Exception as exc:
        print(
            f"error: the importer cannot be imported ({type(exc).__name__}: {exc}); "
            "the gold sets need app.importing.import_file",
            file=sys.stderr,
        )
        return 1
    sources = _sources(args, import_file)
    if not sources:
        print("error: no gold sets found (expected <name>/gold.toml folders)", file=sys.stderr)
        return 2
    compare, engine_error = _load_engine()
    scoring = _Scoring(settings, args.possible, compare)
    if compare is None:
        print(f"engine unavailable ({engine_error}); printing the baseline only", file=sys.stderr)
        scoring.status = 1
    started = time.perf_counter()
    for set_name, load in sources:
        try:
            gold = load()
        except GoldError as exc:
            print(f"BROKEN {exc}", file=sys.stderr)
            scoring.broken.append(set_name)
            continue
        if not args.split or gold.split == args.split:
            _score_set(gold, scoring, verbose=args.verbose)
    _print_pooled(scoring)
    elapsed = time.perf_counter() - started
    print(
        f"\nengine: {scoring.engine_name or 'n/a'}; sensitivity {settings.sensitivity}; "
        f"{'all relations' if args.possible else 'relations shown by default'}; "
        f"wall time {elapsed:.1f} s"
    )
    if scoring.broken:
        print(f"broken gold sets (not scored): {', '.join(scoring.broken)}", file=sys.stderr)
        scoring.status = 2
    if args.json:
        args.json.write_text(
            json.dumps(_report(scoring, elapsed), indent=2) + "\n", encoding="utf-8"
        )
    return scoring.status


def _score_set(gold: GoldSet, scoring: _Scoring, *, verbose: bool) -> None:
    """Score the engine (when there is one) and the baseline on one set;
    print its table and add it to the pools."""
    _print_set_heading(gold)
    articles = gold.article_objects
    comparison, engine_seconds = _run_engine_on(gold, scoring)
    engine_counts: Counts | None = None
    if comparison is not None:
        scoring.engine_name = comparison.engine
        engine_result = score(comparison, gold, scoring.possible)
        engine_counts = engine_result.counts
    base_result = score(naive_compare(articles), gold)
    for key in ((gold.family, gold.split), ("all", gold.split)):
        eng, base = scoring.pooled.setdefault(key, (Counts(), Counts()))
        eng.add(engine_counts if engine_counts is not None else Counts())
        base.add(base_result.counts)
    print(format_table(engine_counts, base_result.counts))
    if comparison is not None:
        print(f"  engine time {engine_seconds:.2f} s")
        if verbose and gold.split == "dev":
            print(format_details(engine_result, comparison))
    scoring.summary.append((f"{gold.name} [{gold.split}]", engine_counts, base_result.counts))
    scoring.sets[gold.name] = {
        "family": gold.family,
        "split": gold.split,
        "engine": engine_counts.as_json() if engine_counts else None,
        "baseline": base_result.counts.as_json(),
        "engine_seconds": round(engine_seconds, 3),
    }


def _print_set_heading(gold: GoldSet) -> None:
    required = sum(link.required for link in gold.links)
    print(
        f"\n== {gold.name} [{gold.family}, {gold.split}]: {gold.title} "
        f"({len(gold.articles)} articles, {required} required links, "
        f"{len(gold.links) - required} optional, "
        f"{len(gold.conflicts)} conflicts, {len(gold.traps)} traps)"
    )
    for warning in gold.warnings:
        print(f"  warning: {warning}")


def _run_engine_on(gold: GoldSet, scoring: _Scoring) -> tuple[Comparison | None, float]:
    """The engine's comparison of the set's articles (None when there is no
    engine or it failed: the failure is printed and the status set) and the
    seconds it took."""
    if scoring.compare is None:
        return None, 0.0
    comparison: Comparison | None = None
    t0 = time.perf_counter()
    try:
        comparison = run_engine(scoring.compare, gold.article_objects, scoring.settings)
    except Exception:
        print(f"  engine failed on {gold.name}:", file=sys.stderr)
        traceback.print_exc()
        scoring.status = 1
    return comparison, time.perf_counter() - t0


def _print_pooled(scoring: _Scoring) -> None:
    for (family, split), (eng, base) in sorted(scoring.pooled.items()):
        print(f"\n== POOLED {family} / {split} (micro-averaged)")
        print(format_table(eng if scoring.compare is not None else None, base))
    if scoring.summary:
        print("\n" + format_summary(scoring.summary))


def _report(scoring: _Scoring, elapsed: float) -> dict[str, Any]:
    """The figures as --json writes them."""
    return {
        "settings": {"sensitivity": scoring.settings.sensitivity},
        "possible_included": scoring.possible,
        "sets": scoring.sets,
        "pooled": {
            f"{family}/{split}": {
                "engine": eng.as_json() if scoring.compare is not None else None,
                "baseline": base.as_json(),
            }
            for (family, split), (eng, base) in sorted(scoring.pooled.items())
        },
        "engine": scoring.engine_name,
        "broken": scoring.broken,
        "seconds": round(elapsed, 3),
    }


def format_summary(rows: list[tuple[str, Counts | None, Counts]]) -> str:
    """One line per set: engine figures, then the baseline's link F1 and conflict P/R."""

    def num(value: float | None) -> str:
        return "    -" if value is None else f"{value:5.2f}"

    width = max(12, *(len(name) for name, _, _ in rows))
    head = (
        f"{'set':{width}}  {'linkP':>5} {'linkR':>5} {'F1':>5} {'cnfP':>5} {'cnfR':>5} "
        f"{'named':>5} {'traps':>5} | {'base F1':>7} {'cnfP':>5} {'cnfR':>5}"
    )
    lines = [head, "-" * len(head)]
    for name, eng, base in rows:
        if eng is None:
            left = f"{'n/a':<41}"
        else:
            left = (
                f"{num(eng.link_p)} {num(eng.link_r)} {num(eng.link_f1)} "
                f"{num(eng.conflict_p)} {num(eng.conflict_r)} {num(eng.named_rate)} "
                f"{eng.traps_flagged:>2}/{eng.traps:<2}"
            )
        right = f"{num(base.link_f1):>7} {num(base.conflict_p)} {num(base.conflict_r)}"
        lines.append(f"{name:{width}}  {left} | {right}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
