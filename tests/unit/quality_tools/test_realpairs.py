"""The judged real pairs (tests/quality/realpairs.py): reading, matching, counting."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from tests.quality import realpairs
from tests.quality.realpairs import Judged, LinkJudged, LinkTally, RealPairsError, Shown, Tally


def write(tmp_path: Path, split: str, text: str) -> Path:
    (tmp_path / f"{split}.toml").write_text(text, encoding="utf-8")
    return tmp_path


GOOD = """
[[pair]]
docs = ["3_1ecb", "3_2ecb"]

[[judged]]
a = "3_1ecb:4"
b = "3_2ecb:7"
values = ["Thursday", "Wednesday"]
label = "genuine"
why = "the same arrest"
"""


def test_a_judged_file_reads_into_pairs_and_verdicts(tmp_path: Path) -> None:
    real = realpairs.load("dev", write(tmp_path, "dev", GOOD))
    assert real.pairs == (("3_1ecb", "3_2ecb"),)
    (j,) = real.judged
    assert (j.a, j.b, j.values, j.label) == (
        ("3_1ecb", 4),
        ("3_2ecb", 7),
        ("Thursday", "Wednesday"),
        "genuine",
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (GOOD.replace('"3_2ecb"]', '"4_2ecb"]'), "not of one dev topic"),
        (GOOD.replace('docs = ["3_1ecb", "3_2ecb"]', 'docs = ["3_1ecb"]'), "needs docs"),
        (GOOD.replace('label = "genuine"', 'label = "maybe"'), "label must be"),
        (GOOD.replace('a = "3_1ecb:4"', 'a = "3_1ecb"'), "is not '<doc>:<sentence>'"),
        (GOOD.replace('values = ["Thursday", "Wednesday"]', 'values = ["x"]'), "two strings"),
        (GOOD.replace('values = ["Thursday", "Wednesday"]', "values = [1, 2]"), "two strings"),
        (GOOD.replace('b = "3_2ecb:7"', 'b = "5_2ecb:7"'), "not of one dev topic"),
        (GOOD.replace('a = "3_1ecb:4"', 'a = "x_1ecb:4"'), "not an ECB\\+ document"),
        ("[[pair]\n", "cannot be read"),
    ],
)
def test_a_damaged_judged_file_says_what_is_wrong(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(RealPairsError, match=message):
        realpairs.load("dev", write(tmp_path, "dev", text))


def test_a_pair_of_the_other_half_is_refused(tmp_path: Path) -> None:
    # Topic 3 is development: a blind file may not hold it.
    with pytest.raises(RealPairsError, match="blind topic"):
        realpairs.load("blind", write(tmp_path, "blind", GOOD))


def test_a_verdict_matches_its_sentences_and_values_either_way_round() -> None:
    j = Judged(("3_1ecb", 4), ("3_2ecb", 7), ("Thursday", "Wednesday"), "genuine")
    assert j.matches(("3_1ecb", 4), ("3_2ecb", 7), ("Thursday", "Wednesday"))
    assert j.matches(("3_2ecb", 7), ("3_1ecb", 4), ("Wednesday", "Thursday"))
    assert j.matches(("3_1ecb", 4), ("3_2ecb", 7), ("THURSDAY", " wednesday"))
    # The same words only: "14" is not "2014", "Thursday" not "on Thursday".
    assert not j.matches(("3_1ecb", 4), ("3_2ecb", 7), ("on Thursday", "Wednesday"))
    assert not j.matches(("3_1ecb", 4), ("3_2ecb", 7), ("Wednesday", "Thursday"))
    assert not j.matches(("3_1ecb", 4), ("3_2ecb", 8), ("Thursday", "Wednesday"))


def test_a_claim_is_placed_in_the_sentence_it_begins_in() -> None:
    doc: Any = SimpleNamespace(spans={0: (0, 20), 1: (22, 60), 2: (61, 90)})
    assert realpairs.sentence_of(doc, 0) == 0
    assert realpairs.sentence_of(doc, 30) == 1
    assert realpairs.sentence_of(doc, 21) is None  # between two sentences
    assert realpairs.sentence_of(doc, 95) is None


def shown(label: str | None, kind: str = "number") -> Shown:
    judged = Judged(("1_1ecb", 1), ("1_2ecb", 1), ("1", "2"), label) if label else None
    return Shown(("1_1ecb", 1), ("1_2ecb", 1), ("1", "2"), 0.5, ("a", "b"), judged, kind)


def test_the_count_by_kind_gives_genuine_of_judged_most_shown_first() -> None:
    found = [
        shown("genuine"),
        shown("not"),
        shown("unsure"),
        shown("not", "negation"),
        shown(None, "negation"),
        shown("genuine", "number"),
    ]
    assert realpairs.by_kind(found) == (
        "number 2/3 (+1 unsure or unjudged)  negation 0/1 (+1 unsure or unjudged)"
    )


def test_the_tally_counts_unjudged_conflicts_apart_from_the_precision() -> None:
    tally = Tally(pairs=4)
    for label in ("genuine", "not", "not", "unsure", None):
        tally.add(shown(label))
    assert (tally.genuine, tally.wrong, tally.unsure, tally.unjudged, tally.shown) == (
        1,
        2,
        1,
        1,
        5,
    )
    assert "precision 0.33 (1/3)" in tally.line()
    assert "1 not yet judged" in tally.line()
    assert "1.25 per pair" in tally.line()


LINK = """
[[link]]
a = "3_1ecb:4"
b = "3_2ecb:9"
label = "topic"
why = "an arrest and a trial"
"""


def test_a_judged_match_reads_and_matches_its_sentences_either_way_round(tmp_path: Path) -> None:
    real = realpairs.load("dev", write(tmp_path, "dev", GOOD + LINK))
    (link,) = real.links
    assert (link.a, link.b, link.label) == (("3_1ecb", 4), ("3_2ecb", 9), "topic")
    assert real.link_judgment(("3_2ecb", 9), ("3_1ecb", 4)) is link
    assert real.link_judgment(("3_1ecb", 4), ("3_2ecb", 7)) is None
    with pytest.raises(RealPairsError, match="label must be"):
        realpairs.load("dev", write(tmp_path, "dev", LINK.replace('"topic"', '"genuine"')))
    with pytest.raises(RealPairsError, match="not of one dev topic"):
        realpairs.load("dev", write(tmp_path, "dev", LINK.replace("3_2ecb:9", "5_2ecb:9")))


def test_a_verdict_given_twice_is_refused(tmp_path: Path) -> None:
    # The same sentences and values, the other way round: one verdict too many.
    again = GOOD.split("[[judged]]")[1]
    again = (
        again.replace('"3_1ecb:4"', "A")
        .replace('"3_2ecb:7"', '"3_1ecb:4"')
        .replace("A", '"3_2ecb:7"')
    )
    again = again.replace('["Thursday", "Wednesday"]', '["Wednesday", "Thursday"]')
    with pytest.raises(RealPairsError, match="judged twice"):
        realpairs.load("dev", write(tmp_path, "dev", GOOD + "[[judged]]" + again))
    with pytest.raises(RealPairsError, match="judged twice"):
        realpairs.load("dev", write(tmp_path, "dev", GOOD + LINK + LINK))


def test_the_link_tally_counts_a_fact_shared_as_right_and_a_topic_as_wrong() -> None:
    tally = LinkTally()
    for label in ("same", "overlap", "topic", "topic", "unsure", None):
        tally.add(LinkJudged(("3_1ecb", 1), ("3_2ecb", 2), label) if label else None)
    assert tally.shown == 6
    assert "share a fact 0.50 (2/4 judged)" in tally.line()
    assert "1 unsure, 1 unjudged" in tally.line()


def test_the_shipped_judged_files_read_and_keep_their_halves_apart() -> None:
    dev, blind = realpairs.load("dev"), realpairs.load("blind")
    assert dev.pairs and blind.pairs and dev.judged and blind.judged
    dev_topics = {realpairs.topic_of(d) for pair in dev.pairs for d in pair}
    blind_topics = {realpairs.topic_of(d) for pair in blind.pairs for d in pair}
    assert not dev_topics & blind_topics
    assert all(j.label in realpairs.LABELS for j in (*dev.judged, *blind.judged))
    assert all(j.label in realpairs.LINK_LABELS for j in (*dev.links, *blind.links))


def test_without_the_corpus_the_real_pairs_are_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(realpairs, "DEFAULT_ROOT", tmp_path)
    assert realpairs.main([]) == 0
    assert "the real pairs are skipped" in capsys.readouterr().out
