"""The measurement tools of tests/quality: gold loading, the scoring rule, the
naive baseline and the ECB+ detokenizer, on small hand-made inputs (no spaCy)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from app.domain import (
    Article,
    Claim,
    ClaimKind,
    Comparison,
    Difference,
    Relation,
    RelationKind,
    Source,
)
from tests.quality import baseline, ecbplus, score
from tests.quality.gold import (
    GoldError,
    GoldLink,
    GoldQuote,
    GoldSet,
    QuoteError,
    article_ids,
    find_quote,
    load_set,
)


def make_article(article_id: str, text: str, path: str = "") -> Article:
    data = text.encode("utf-8")
    return Article(
        article_id,
        text.split("\n", 1)[0],
        text,
        Source(
            path or f"{article_id}.txt",
            "text",
            "utf-8",
            hashlib.sha256(data).hexdigest(),
            len(data),
        ),
    )


def fake_importer(path: Path, *, article_id: str) -> Article:
    return make_article(article_id, path.read_text(encoding="utf-8"), str(path))


def claim(cid: str, article: str, start: int, end: int, text: str = "") -> Claim:
    return Claim(cid, article, start, end, text or "x" * (end - start), ClaimKind.STATEMENT)


def relation(
    a: str, b: str, kind: RelationKind = RelationKind.MATCH, values: tuple[str, str] | None = None
) -> Relation:
    diffs = ()
    if values is not None:
        diffs = (Difference("number", values, ((0, 1), (0, 1)), f"{values[0]} vs {values[1]}"),)
    return Relation(kind, (a, b), 0.9, diffs)


def quote(article: str, start: int, end: int) -> GoldQuote:
    return GoldQuote(article, "q", start, end)


def gold_set(*links: GoldLink) -> GoldSet:
    return GoldSet("hand", Path(), "hand-made", "test", (), links)


# ---------------------------------------------------------------------------
# Gold: quotes and loading


def test_find_quote_exact_then_folded() -> None:
    text = "The army said  “three fighters” died.\nIt was   Thursday."
    assert find_quote(text, "army said") == (4, 13)
    start, end = find_quote(text, 'said "three fighters" died')
    assert text[start:end] == "said  “three fighters” died"
    start, end = find_quote(text, "It was Thursday")
    assert text[start:end] == "It was   Thursday"


def test_find_quote_missing_or_ambiguous() -> None:
    with pytest.raises(QuoteError, match="not found"):
        find_quote("one two three", "four")
    with pytest.raises(QuoteError, match="2 times"):
        find_quote("the toll rose; the toll fell", "the toll")


def test_article_ids() -> None:
    assert article_ids(4) == ["A", "B", "C", "D"]
    assert article_ids(28)[26:] == ["AA", "AB"]


GOLD = """
[set]
title = "Quake"
kind = "disaster"
articles = ["a.txt", "b.txt"]

[[link]]
a = "A"
quote_a = "killed 14 people"
b = "B"
quote_b = "toll rose to 11"
conflict = "number"
values = ["14", "11"]

[[link]]
a = "B"
quote_a = "At least 120 homes"
b = "A"
quote_b = "120 homes were"
trap = "'at least 120' is compatible with '120'"
"""


def write_set(tmp_path: Path, gold: str = GOLD) -> Path:
    folder = tmp_path / "quake"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Quake hits Verana\n\nThe quake killed 14 people.\n120 homes were destroyed.\n",
        encoding="utf-8",
    )
    (folder / "b.txt").write_text(
        "Verana quake\n\nThe toll rose to 11 on Friday.\nAt least 120 homes fell.\n",
        encoding="utf-8",
    )
    (folder / "gold.toml").write_text(gold, encoding="utf-8")
    return folder


def test_load_set_resolves_quotes(tmp_path: Path) -> None:
    gold = load_set(write_set(tmp_path), importer=fake_importer)
    assert [a.id for a in gold.articles] == ["A", "B"]
    first, second = gold.links
    text_a = gold.articles[0].article.text
    assert text_a[first.a.start : first.a.end] == "killed 14 people"
    assert first.is_conflict and first.values == ("14", "11")
    assert second.a.article_id == "B" and second.is_trap and not second.is_conflict
    assert len(gold.conflicts) == 1 and len(gold.traps) == 1
    assert gold.warnings == ()


def test_load_set_names_set_and_quote_when_lost(tmp_path: Path) -> None:
    folder = write_set(tmp_path, GOLD.replace("toll rose to 11", "toll rose to 12"))
    with pytest.raises(GoldError, match=r"'quake'.*toll rose to 12"):
        load_set(folder, importer=fake_importer)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('a = "A"', 'a = "E"', "not one of the set's article ids"),
        ('trap = "', 'conflict = "date"\ntrap = "', "both a conflict and a trap"),
        ('"b.txt"]', '"c.txt"]', "does not exist"),
        ('values = ["14", "11"]', 'values = ["14"]', "list of two values"),
    ],
)
def test_load_set_rejects_broken_gold(tmp_path: Path, old: str, new: str, message: str) -> None:
    folder = write_set(tmp_path, GOLD.replace(old, new, 1))
    with pytest.raises(GoldError, match=message):
        load_set(folder, importer=fake_importer)


def test_load_set_warns_on_unknown_keys(tmp_path: Path) -> None:
    folder = write_set(tmp_path, GOLD.replace('conflict = "number"', 'confict = "number"'))
    gold = load_set(folder, importer=fake_importer)
    assert any("confict" in w for w in gold.warnings)
    assert not gold.links[0].is_conflict


# ---------------------------------------------------------------------------
# The matching rule


def test_covers_needs_half_of_the_quote() -> None:
    q = quote("A", 10, 20)
    assert score.covers(claim("A1", "A", 15, 40), q)  # 5 of 10 characters
    assert not score.covers(claim("A1", "A", 16, 40), q)  # 4 of 10
    assert score.covers(claim("A1", "A", 0, 100), q)  # a long claim holding the quote
    assert not score.covers(claim("B1", "B", 10, 20), q)  # other article


def test_hits_in_either_order_and_only_between_the_links_articles() -> None:
    link = GoldLink(1, quote("A", 0, 10), quote("B", 50, 60))
    claims = {
        c.id: c
        for c in (
            claim("A1", "A", 0, 12),
            claim("B1", "B", 48, 70),
            claim("C1", "C", 50, 60),
            claim("A2", "A", 30, 40),
        )
    }
    assert score.hits(relation("A1", "B1"), claims, link)
    assert score.hits(relation("B1", "A1"), claims, link)
    assert not score.hits(relation("A1", "C1"), claims, link)  # C is not in the link
    assert not score.hits(relation("A2", "B1"), claims, link)  # A2 misses the quote
    assert not score.hits(relation("A1", "X9"), claims, link)  # unknown claim


def test_same_value_reads_gold_written_on_the_old_ecb_rebuild() -> None:
    assert score.same_value("£1.2m", "£1. 2m")
    assert score.same_value("9:25 a.m.", "9:25 a. m.")
    assert score.same_value("£910,000", "£910, 000")
    assert score.same_value("2,000ft", "2, 000ft")
    assert not score.same_value("£1.2m", "£2. 1m")


def test_same_value_folds_case_whitespace_and_allows_substrings() -> None:
    assert score.same_value("14 People", "14 people")
    assert score.same_value("on  Thursday", "thursday")
    assert score.same_value("Green", "the Green Zone")
    assert not score.same_value("", "14")
    assert not score.same_value("three", "3")


def comparison(claims: list[Claim], relations: list[Relation]) -> Comparison:
    return Comparison((), tuple(claims), tuple(relations), (), "hand")


def test_score_counts_links_conflicts_values_and_traps() -> None:
    conflict_link = GoldLink(
        1, quote("A", 0, 10), quote("B", 0, 10), conflict="number", values=("14", "11")
    )
    match_link = GoldLink(2, quote("A", 20, 30), quote("B", 20, 30))
    trap_link = GoldLink(3, quote("A", 40, 50), quote("C", 40, 50), trap="compatible")
    missed_link = GoldLink(4, quote("B", 60, 70), quote("C", 60, 70))
    gold = gold_set(conflict_link, match_link, trap_link, missed_link)
    claims = [
        claim("A1", "A", 0, 10),
        claim("B1", "B", 0, 10),
        claim("A2", "A", 20, 30),
        claim("B2", "B", 20, 30),
        claim("A3", "A", 40, 50),
        claim("C3", "C", 40, 50),
        claim("A9", "A", 90, 99),
        claim("C9", "C", 90, 99),
    ]
    relations = [
        # B1 comes first: the Difference's values are B's then A's.
        relation("B1", "A1", RelationKind.CONFLICT, ("11 people", "14")),
        relation("A2", "B2"),
        relation("A3", "C3", RelationKind.CONFLICT, ("x", "y")),  # a trap flagged
        relation("A9", "C9", RelationKind.CONFLICT, ("1", "2")),  # a false conflict
    ]
    result = score.score(comparison(claims, relations), gold)
    c = result.counts
    assert (c.predicted, c.predicted_hits, c.gold, c.gold_hit) == (4, 3, 4, 3)
    assert (c.predicted_conflicts, c.conflict_hits) == (3, 1)
    assert (c.gold_conflicts, c.gold_conflicts_hit) == (1, 1)
    assert (c.named_of, c.named) == (1, 1)
    assert (c.traps, c.traps_flagged) == (1, 1)
    assert c.link_p == pytest.approx(0.75) and c.link_r == pytest.approx(0.75)
    assert c.link_f1 == pytest.approx(0.75)
    assert c.conflict_p == pytest.approx(1 / 3) and c.conflict_r == 1.0
    assert [link.index for link in result.missed] == [4]
    assert [r.claims for r in result.false_relations] == [("A9", "C9")]
    assert [(r.claims, link.index) for r, link in result.wrong_kind] == [(("A3", "C3"), 3)]


def test_values_must_match_the_right_article() -> None:
    link = GoldLink(1, quote("A", 0, 10), quote("B", 0, 10), conflict="number", values=("14", "11"))
    claims = [claim("A1", "A", 0, 10), claim("B1", "B", 0, 10)]
    swapped = relation("A1", "B1", RelationKind.CONFLICT, ("11", "14"))
    result = score.score(comparison(claims, [swapped]), gold_set(link))
    assert (result.counts.gold_conflicts_hit, result.counts.named) == (1, 0)


def test_non_conflicting_differences_do_not_name_values() -> None:
    link = GoldLink(1, quote("A", 0, 10), quote("B", 0, 10), conflict="number", values=("14", "11"))
    claims = [claim("A1", "A", 0, 10), claim("B1", "B", 0, 10)]
    diff = Difference("number", ("14", "11"), ((0, 1), (0, 1)), "", conflicting=False)
    rel = Relation(RelationKind.CONFLICT, ("A1", "B1"), 0.5, (diff,))
    assert score.score(comparison(claims, [rel]), gold_set(link)).counts.named == 0


def test_pooled_counts_are_micro_averaged() -> None:
    one = score.Counts(predicted=10, predicted_hits=9, gold=10, gold_hit=9)
    two = score.Counts(predicted=90, predicted_hits=9, gold=10, gold_hit=1)
    one.add(two)
    assert one.link_p == pytest.approx(18 / 100)
    assert one.link_r == pytest.approx(10 / 20)
    assert score.Counts().link_p is None and score.Counts().link_f1 is None


def test_score_main_exits_2_without_sets(tmp_path: Path) -> None:
    assert score.main(["--sets", str(tmp_path), "--ecb", "none", "--real", str(tmp_path)]) == 2


# ---------------------------------------------------------------------------
# The naive baseline


def test_baseline_sentences_and_numbers() -> None:
    text = 'Headline here\n\nThe quake killed 14 people. "It was awful." Three homes fell.\n'
    spans = baseline.split_sentences(text)
    assert [text[s:e] for s, e in spans] == [
        "Headline here",
        "The quake killed 14 people.",
        '"It was awful."',
        "Three homes fell.",
    ]
    assert set(baseline.numbers("1,200 homes and three dead, 2.5 km")) == {"1200", "3", "2.5"}


def test_baseline_links_similar_sentences_and_flags_number_differences() -> None:
    a = make_article("A", "The quake killed 14 people in the north.\nThe weather was sunny.")
    b = make_article("B", "The quake killed 11 people in the north.\nMarkets rallied strongly.")
    result = baseline.naive_compare([a, b])
    assert len(result.relations) == 1
    rel = result.relations[0]
    assert rel.kind == RelationKind.CONFLICT and rel.claims == ("A1", "B1")
    assert rel.differences[0].values == ("14", "11")


# ---------------------------------------------------------------------------
# ECB+: detokenizer, rebuilt text, evaluation


@pytest.mark.parametrize(
    ("tokens", "text"),
    [
        (
            "Report : Red Sox offer Teixeira $ 200 million",
            "Report: Red Sox offer Teixeira $200 million",
        ),
        ("`` We appreciate it , '' she said .", '"We appreciate it," she said.'),
        ('" Peter Capaldi is in the Tardis . "', '"Peter Capaldi is in the Tardis."'),
        ("Mr . Gray ’ s sister did n't go ( really ) .", "Mr. Gray’s sister didn't go (really)."),
        ("an eight - year deal -- huge !", "an eight-year deal -- huge!"),
        ("Ms. Gomes ' body , the nation 's pride", "Ms. Gomes' body, the nation's pride"),
        ("It ended at 7 : 35 pm ; [ sic ]", "It ended at 7:35 pm; [sic]"),
        ("http : / / www . foxnews . com / a - b", "http://www.foxnews.com/a-b"),
        ("show `` Scrubs , ' ' has entered", 'show "Scrubs," has entered'),
        ('he said , " We met . "', 'he said, "We met."'),
        (
            "a $5 . 3 million debt at 1 : 30 a . m . , watched by 6 . 1m",
            "a $5.3 million debt at 1:30 a.m., watched by 6.1m",
        ),
        ("paid $30 , 000 , then 170 , 000", "paid $30,000, then 170,000"),
        ("fell 2 , 000ft , then 3 , 5000", "fell 2,000ft, then 3, 5000"),
        ("It fell in 2012 . Then", "It fell in 2012. Then"),
    ],
)
def test_detokenize(tokens: str, text: str) -> None:
    assert ecbplus.detokenize([toks(tokens)]) == [text]


def toks(sentence: str) -> list[str]:
    return sentence.split(" ")


def test_rebuild_layout_and_spans() -> None:
    sentences = [
        (0, toks("http : / / x . com / a")),
        (1, toks("Lohan checks into rehab")),
        (2, toks("May 03 , 2013")),
        (3, toks("She arrived on Thursday .")),
    ]
    built = ecbplus.rebuild(sentences)
    assert built.text == (
        "http://x.com/a\n\nLohan checks into rehab\n\nMay 03, 2013\nShe arrived on Thursday.\n"
    )
    assert {n: built.text[s:e] for n, (s, e) in built.spans.items()} == {
        0: "http://x.com/a",
        1: "Lohan checks into rehab",
        2: "May 03, 2013",
        3: "She arrived on Thursday.",
    }
    assert built.title == "Lohan checks into rehab"
    assert str(built.published) == "2013-05-03"
    plain = ecbplus.rebuild([(0, toks("Reid checked in .")), (1, toks("Fans cheered ."))])
    assert plain.text == "Reid checked in.\n\nFans cheered.\n"
    assert plain.published is None


def make_doc(name: str, sentences: list[str]) -> ecbplus.EcbDoc:
    built = ecbplus.rebuild([(n, toks(s)) for n, s in enumerate(sentences)])
    return ecbplus.EcbDoc(
        name,
        name.split("_")[0],
        "ecbplus" if name.endswith("ecbplus") else "ecb",
        Path(name),
        make_article(name, built.text),
        built.spans,
        dict(enumerate(sentences)),
    )


def test_ecbplus_evaluate() -> None:
    d1 = make_doc("1_1ecb", ["Reid checks in .", "She is 33 .", "Fans wait ."])
    d2 = make_doc("1_2ecb", ["Tara Reid enters rehab .", "The actress is 33 ."])
    d3 = make_doc("1_3ecbplus", ["Lohan checks in .", "She is 26 ."])
    docs = [d1, d2, d3]

    def span_claim(cid: str, doc: ecbplus.EcbDoc, sentence: int) -> Claim:
        start, end = doc.spans[sentence]
        return claim(cid, doc.name, start, end)

    claims = [
        span_claim("1_1ecb1", d1, 0),
        span_claim("1_1ecb2", d1, 1),
        span_claim("1_1ecb3", d1, 2),
        span_claim("1_2ecb1", d2, 0),
        span_claim("1_2ecb2", d2, 1),
        span_claim("1_3ecbplus1", d3, 0),
    ]
    relations = [
        relation("1_1ecb1", "1_2ecb1"),  # gold pair
        relation("1_1ecb3", "1_2ecb2"),  # same event, annotated, not gold
        relation("1_1ecb1", "1_3ecbplus1", RelationKind.CONFLICT),  # cross-event
    ]
    gold = {frozenset({("1_1ecb", 0), ("1_2ecb", 0)}), frozenset({("1_1ecb", 1), ("1_2ecb", 1)})}
    annotated = {("1_1ecb", 0), ("1_1ecb", 1), ("1_1ecb", 2), ("1_2ecb", 0), ("1_2ecb", 1)}
    stats = ecbplus.evaluate(docs, comparison(claims, relations), gold, annotated)
    assert (stats.gold_pairs, stats.gold_found) == (2, 1)
    assert (stats.relations, stats.cross_relations, stats.cross_conflicts) == (3, 1, 1)
    assert (stats.cross_doc_pairs, stats.same_doc_pairs, stats.same_relations) == (2, 1, 2)
    assert (stats.annotated_relations, stats.annotated_gold) == (2, 1)


def test_gold_pairs_numbering_is_detected(tmp_path: Path) -> None:
    d1 = make_doc("1_1ecb", ["Reid checks in .", "She is 33 ."])
    d2 = make_doc("1_2ecb", ["Tara Reid enters rehab .", "The actress is 33 ."])
    tsv = tmp_path / "pairs.tsv"
    # 1-based numbering, and a text with a double quote that must not open a CSV field.
    tsv.write_text(
        "doc_a\tsent_a\tdoc_b\tsent_b\ttext_a\ttext_b\n"
        "1_1ecb.xml\t2\t1_2ecb.xml\t2\tShe is 33 .\tThe actress is 33 .\n"
        "1_1ecb.xml\t1\t1_2ecb.xml\t1\tReid checks in .\tTara Reid enters rehab .\n"
        '9_1ecb.xml\t1\t9_2ecb.xml\t1\t" x\ty\n',
        encoding="utf-8",
    )
    pairs, offset, _ = ecbplus.load_gold_pairs(tsv, {"1_1ecb": d1, "1_2ecb": d2})
    assert offset == -1
    assert pairs == {
        frozenset({("1_1ecb", 1), ("1_2ecb", 1)}),
        frozenset({("1_1ecb", 0), ("1_2ecb", 0)}),
    }
