"""The conflict stage on its own (app.engine.slots, app.engine.conflicts):
which values of two claims are compared, and what becomes a disagreement,
with its evidence and its confidence under the shipped conflict model,
before the pipeline decides what to show."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np
import pytest

from app.domain import Claim, FactType, Settings
from app.engine.conflicts import (
    EVIDENCE,
    TWO_THINGS_CEILING,
    Disagreement,
    candidates_of,
    negation_disagreements,
    non_conflicting,
    weigh,
)
from app.engine.frames import Frame
from app.engine.model import LogisticModel, weights
from app.engine.parse import analyze_articles
from app.engine.slots import NAMES, mention_pairs, slot_matrix
from app.normalize import NameIndex

from .helpers import article

pytestmark = pytest.mark.slow

PUBLISHED = date(2024, 3, 15)


def claim(article_id: str, sentence: str) -> tuple[Claim, Frame]:
    (analysis,) = analyze_articles([article(article_id, sentence + "\n", PUBLISHED)], Settings())
    ((c, f),) = [
        (c, f) for c, f in zip(analysis.claims, analysis.frames, strict=True) if f is not None
    ]
    return c, f


def disagreements(
    a: str, b: str, link: float = 0.9, known: tuple[str, ...] = (), anchor: float | None = None
) -> list[Disagreement]:
    """The disagreements of two one-sentence claims; ``anchor``: the link
    were the disputed values to agree (by default the link itself)."""
    ca, fa = claim("A", a)
    cb, fb = claim("B", b)
    names = (NameIndex(known), NameIndex(known))
    found = candidates_of(
        ca,
        cb,
        fa,
        fb,
        link,
        weights().slot,
        names,
        anchor_probability=link if anchor is None else anchor,
    )
    return weigh(found, weights().conflict)


def test_values_are_paired_only_with_values_of_a_comparable_kind() -> None:
    _, fa = claim("A", "The strike killed 14 people in Kabul on Wednesday.")
    _, fb = claim("B", "The attack killed 11 people in Kabul on Tuesday.")
    pairs = list(mention_pairs(fa, fb))
    assert {(p.a.type, p.b.type) for p in pairs} == {
        (FactType.NUMBER, FactType.NUMBER),
        (FactType.PLACE, FactType.PLACE),
        (FactType.DATE, FactType.DATE),
    }
    verdicts = {(p.a.text, p.b.text): p.verdict for p in pairs}
    assert verdicts[("14", "11")] is False
    assert verdicts[("Kabul", "Kabul")] is True
    assert verdicts[("Wednesday", "Tuesday")] is False
    rows = slot_matrix(pairs, fa, fb, ((0, 50), (0, 50)), 0.9)
    assert rows.shape == (len(pairs), len(NAMES))


def test_a_changed_count_under_one_predicate_is_a_disagreement_naming_both_values() -> None:
    found = disagreements(
        "Police arrested 12 protesters outside the embassy.",
        "Police arrested 17 protesters outside the embassy.",
    )
    assert found, "no disagreement"
    best = found[0]
    assert (best.type, best.difference.values) == ("number", ("12", "17"))
    assert best.difference.conflicting
    assert len(best.evidence) == len(EVIDENCE)
    assert best.ceiling == 0.9
    assert 0.5 < best.confidence <= 0.9  # never surer than the link it rests on


def test_confidence_follows_the_link() -> None:
    a = "The quake struck on Friday, officials said."
    b = "The quake struck on Thursday, officials said."
    # The same anchors, under the cap both times: the surer link wins.
    sure = disagreements(a, b, link=0.9, anchor=0.95)[0]
    unsure = disagreements(a, b, link=0.6, anchor=0.95)[0]
    assert unsure.confidence < sure.confidence < 0.95


def test_a_value_disagreement_is_never_surer_than_its_anchors() -> None:
    """A changed figure costs the link the agreement it would give; the
    anchors (the link were the values to agree) bound the conflict, and a
    surer anchor never makes it less sure."""
    a = "The quake struck on Friday, officials said."
    b = "The quake struck on Thursday, officials said."
    plain = disagreements(a, b, link=0.3)[0]
    anchored = disagreements(a, b, link=0.3, anchor=0.9)[0]
    surest = disagreements(a, b, link=0.3, anchor=0.99)[0]
    assert (plain.ceiling, anchored.ceiling) == (0.3, 0.9)
    assert plain.confidence == 0.3  # the model would say more; the cap holds it
    assert 0.3 < anchored.confidence <= surest.confidence <= 0.99


def test_a_name_disagreement_rests_on_the_link_itself() -> None:
    """The anchors restore an agreeing number, date or time; the link's
    features count no names that way."""
    a = "Governor Anton Belesh declared three days of mourning."
    b = "Governor Ilko Staver declared three days of mourning."
    plain = [d for d in disagreements(a, b, link=0.3) if d.type == "person"]
    anchored = [d for d in disagreements(a, b, link=0.3, anchor=0.9) if d.type == "person"]
    assert plain, "no disagreement on the person"
    assert [d.confidence for d in anchored] == [d.confidence for d in plain]


def test_a_negation_rests_on_the_link_itself() -> None:
    (found,) = disagreements(
        "The ministry confirmed the closure of the plant.",
        "The ministry did not confirm the closure of the plant.",
        link=0.4,
        anchor=0.9,
    )
    assert found.type == "negation"
    assert found.evidence == ()  # not weighed by the conflict model
    assert found.confidence == pytest.approx(0.4)


def test_a_value_the_other_claim_also_gives_settles_it() -> None:
    # Two counts side by side are not a disagreement with a claim that gives
    # one of them.
    found = disagreements(
        "Officials said the strike killed 14 people, though hospitals counted 16 people killed.",
        "The strike killed 16 people.",
    )
    assert found == []
    assert disagreements("The strike killed 14 people.", "The strike killed 16 people.")


def test_the_start_of_a_span_of_time_is_not_the_date_of_the_fact() -> None:
    found = disagreements(
        "It is the first time parliament has toppled a government since 1962.",
        "Parliament toppled the government on Wednesday.",
    )
    assert [d for d in found if d.type == "date"] == []
    points = disagreements(
        "Parliament toppled the government in 1962.",
        "Parliament toppled the government on Wednesday.",
    )
    assert [d.type for d in points] == ["date"]
    # Two bounds of one span still compare.
    bounds = disagreements(
        "The ceasefire will hold until Friday, the mediators said.",
        "The ceasefire will hold until Sunday, the mediators said.",
    )
    assert [d.difference.values for d in bounds] == [("Friday", "Sunday")]


def test_a_coarser_value_settles_no_finer_dispute() -> None:
    # Three months holds 91 days, but the claim also says 89 days: the
    # agreement is within its rounding, the disagreement is not.
    assert number_values(
        "The minister resigned after three months, a record 89 days in office.",
        "The minister resigned after 91 days in office.",
    ) == [("89 days", "91 days")]
    dates = disagreements(
        "The plant opened in June 2021, on June 3, the company said.",
        "The plant opened on June 5, 2021.",
    )
    assert [d.difference.values for d in dates] == [("June 3", "June 5, 2021")]
    # A value told as finely as the dispute still settles it.
    assert (
        number_values(
            "The minister resigned after 91 days, or three months, in office.",
            "The minister resigned after 91 days in office.",
        )
        == []
    )


def test_a_rough_amount_settles_no_figure() -> None:
    # "many" holds 241 as well as 214: the two figures still disagree.
    found = disagreements(
        "Another 214 people were injured, many of them by falling masonry.",
        "A further 241 people were injured in the quake.",
    )
    assert [d.difference.values for d in found][:1] == [("214", "241")]


def test_a_rough_amount_still_settles_another_rough_amount() -> None:
    found = disagreements(
        "Dozens were hurt in the blast.",
        "Dozens were hurt in the blast, five of them seriously.",
    )
    assert found == []


def test_each_further_doubt_lowers_the_confidence() -> None:
    a = "Police named the driver as John Smith."
    b = "Police named the driver as Peter Jones."
    plain = disagreements(a, b)[0]
    # Each article also names the other's man elsewhere: one doubt more.
    known = disagreements(a, b, known=("john smith", "peter jones"))[0]
    assert plain.type == "person"
    # A doubt lowers the confidence unless the fit left it out (weight 0).
    weight = dict(zip(EVIDENCE, weights().conflict.coef, strict=True))["name_known"]
    assert known.confidence < plain.confidence or weight == 0
    assert known.evidence != plain.evidence
    vague = disagreements(
        "Rescuers found 40 survivors in the rubble.",
        "Rescuers found several survivors in the rubble.",
    )
    assert vague, "a vague amount is still compared"


def test_a_party_denying_what_the_outlet_reports_is_not_a_negation_conflict() -> None:
    ca, fa = claim("A", "The army carried out the strike.")
    cb, fb = claim("B", "The army said it did not carry out the strike.")
    stance = negation_disagreements(ca, cb, fa, fb, 0.9)
    cc, fc = claim("C", "The army did not carry out the strike.")
    plain = negation_disagreements(ca, cc, fa, fc, 0.9)
    assert stance == []
    assert [d.type for d in plain] == ["negation"]
    assert weigh(plain, weights().conflict)[0].confidence == pytest.approx(0.9)


def test_a_predicate_both_claims_negate_is_no_clash() -> None:
    # The same sentence twice: "can't play" negates and "played" asserts
    # the one predicate in each, so neither contradicts the other.
    sentence = "You can't play the way I played today and win a football game."
    ca, fa = claim("A", sentence)
    cb, fb = claim("B", sentence)
    assert negation_disagreements(ca, cb, fa, fb, 0.99) == []
    # Both negate it; one also asserts it, of something else.
    cc, fc = claim("C", "The neighbour didn't hear a gunshot.")
    cd, fd = claim("D", "The neighbour didn't hear a gunshot but heard a commotion.")
    assert negation_disagreements(cc, cd, fc, fd, 0.9) == []
    # One negates what the other only asserts: a clash.
    ce, fe = claim("E", "The neighbour heard a gunshot.")
    assert [d.type for d in negation_disagreements(cc, ce, fc, fe, 0.9)] == ["negation"]


def test_a_negation_off_the_main_predicate_of_either_claim_is_no_clash() -> None:
    ca, fa = claim("A", "Results of his blood-alcohol test have not been released.")
    cb, fb = claim("B", "He was booked into jail and later released on bail.")
    assert negation_disagreements(ca, cb, fa, fb, 0.95) == []
    cc, fc = claim("C", "Results of his blood-alcohol test have been released.")
    assert [d.type for d in negation_disagreements(ca, cc, fa, fc, 0.95)] == ["negation"]


def test_a_negation_of_a_predicate_coordinated_with_the_main_one_clashes_for_one_subject() -> None:
    ca, fa = claim("A", "The suspect was arrested on Monday and charged with murder.")
    cb, fb = claim("B", "The suspect was not charged on Monday.")
    assert [d.type for d in negation_disagreements(ca, cb, fa, fb, 0.9)] == ["negation"]
    # A coordinated verb with a subject of its own is another fact.
    cc, fc = claim("C", "Smith was arrested, and his brother was charged with murder.")
    cd, fd = claim("D", "Smith was not charged with murder.")
    assert negation_disagreements(cc, cd, fc, fd, 0.9) == []


def test_quoted_words_deny_nothing_in_the_outlets_voice() -> None:
    plain, fplain = claim("P", "The plant was closed because of the strike.")
    text = (
        "Workers gathered outside the gates of the plant on Monday morning.\n"
        "\u201cThe plant was not closed because of the strike.\u201d\n"
    )
    (analysis,) = analyze_articles([article("A", text, PUBLISHED)], Settings())
    ((ca, fa),) = [
        (c, f) for c, f in zip(analysis.claims, analysis.frames, strict=True) if "not" in c.text
    ]
    assert negation_disagreements(ca, plain, fa, fplain, 0.95) == []
    cc, fc = claim("C", "The plant was not closed because of the strike.")
    assert [d.type for d in negation_disagreements(cc, plain, fc, fplain, 0.95)] == ["negation"]
    # Scare quotes at the start are no quotation of the sentence.
    cd, fd = claim("D", "\u201cRogue\u201d trader Kerviel did not resign from the bank on Monday.")
    ce, fe = claim("E", "\u201cRogue\u201d trader Kerviel resigned from the bank on Monday.")
    assert [d.type for d in negation_disagreements(cd, ce, fd, fe, 0.95)] == ["negation"]
    # Asserted in quoted words, whether the quotation closes in the claim,
    # runs on past it or closes in it having opened before it.
    for words in (
        "\u201cThe plant was closed because of the strike,\u201d he said.",
        "\u201cThe plant was closed because of the strike, and",
        "The plant was closed because of the strike.\u201d",
        "\u2018The plant was closed because of the strike.\u2019",
    ):
        ch, fh = claim("H", words)
        assert negation_disagreements(cc, ch, fc, fh, 0.95) == [], words
    # One named speaker quoted two ways by two outlets is a discrepancy; two
    # speakers called alike ("a spokesman") may be two people.
    cf, ff = claim("F", "\u201cWe did not close the plant,\u201d Tom Hart told reporters.")
    cg, fg = claim("G", "\u201cWe closed the plant,\u201d Tom Hart told reporters.")
    assert [d.type for d in negation_disagreements(cf, cg, ff, fg, 0.95)] == ["negation"]
    ci, fi = claim("I", "\u201cWe did not close the plant,\u201d a union spokesman said.")
    cj, fj = claim("J", "\u201cWe closed the plant,\u201d a company spokesman said.")
    assert negation_disagreements(ci, cj, fi, fj, 0.95) == []


def test_a_negation_moved_to_another_predicate_is_no_clash() -> None:
    ca, fa = claim("A", "I feel we weren't executing the plan on the floor.")
    cb, fb = claim("B", "I didn't feel we were executing the plan on the floor.")
    assert negation_disagreements(ca, cb, fa, fb, 0.9) == []


def test_another_negation_in_the_asserting_claim_keeps_the_clash() -> None:
    ca, fa = claim("A", "Police did not arrest the suspect.")
    cb, fb = claim("B", "Police arrested the suspect and did not release his name.")
    assert [d.type for d in negation_disagreements(ca, cb, fa, fb, 0.9)] == ["negation"]
    # Two acts each denied by one claim, neither a verb that passes its
    # negation down: still a clash, not a moved negation.
    cc, fc = claim("C", "The senator did not resign and plans to run again.")
    cd, fd = claim("D", "The senator resigned and does not plan to run again.")
    assert [d.type for d in negation_disagreements(cc, cd, fc, fd, 0.9)] == ["negation"]


def test_two_named_doers_of_one_predicate_are_two_facts_not_a_clash() -> None:
    ca, fa = claim("A", "Senator Maria Lopez attended the summit.")
    cb, fb = claim("B", "Senator John Abbott did not attend the summit.")
    assert negation_disagreements(ca, cb, fa, fb, 0.9) == []
    # A noun, a synonym or a pronoun may be the one named: still a clash.
    for other in (
        "The senator did not attend the summit.",
        "She did not attend the summit.",
        "Senator Lopez did not attend the summit.",
    ):
        cc, fc = claim("C", other)
        assert [d.type for d in negation_disagreements(ca, cc, fa, fc, 0.9)] == ["negation"]
    cd, fd = claim("D", "The quake triggered a tsunami.")
    ce, fe = claim("E", "The earthquake did not trigger a tsunami.")
    assert [d.type for d in negation_disagreements(cd, ce, fd, fe, 0.9)] == ["negation"]


def test_attribution_and_hedging_are_differences_but_never_conflicts() -> None:
    ca, fa = claim("A", "Fourteen people were killed, according to the Health Ministry.")
    cb, fb = claim("B", "Fourteen people were reportedly killed, witnesses said.")
    notes = non_conflicting(ca, cb, fa, fb)
    assert {d.type for d in notes} >= {"attribution", "hedge"}
    assert not any(d.conflicting for d in notes)


def test_background_claims_told_differently_are_doubted() -> None:
    now = disagreements(
        "The tsunami killed 170,000 people in the province on Tuesday.",
        "The tsunami killed 230,000 people around the ocean on Tuesday.",
    )
    then = disagreements(
        "In 2004 a tsunami killed 170,000 people in the province.",
        "In 2004 a tsunami killed 230,000 people around the ocean.",
    )
    (n,) = [d for d in now if d.type == "number"]
    (t,) = [d for d in then if d.type == "number"]
    assert t.confidence < n.confidence


def number_values(a: str, b: str) -> list[tuple[str, str]]:
    return [d.difference.values for d in disagreements(a, b) if d.type == "number"]


@pytest.mark.parametrize(
    ("first", "other_holder", "same_holder", "values"),
    [
        (  # the ages of two people
            "A jury convicted the 23-year-old Peterson of murdering his wife.",
            "A jury convicted Scott Peterson of murdering his wife, 32-year-old Laci.",
            "A jury convicted the 32-year-old Peterson of murdering his wife.",
            ("23-year-old", "32-year-old"),
        ),
        (  # what two named parties did
            "Echenique grabbed 11 rebounds in the win on Saturday.",
            "Artino grabbed six rebounds in the win on Saturday.",
            "Echenique grabbed six rebounds in the win on Saturday.",
            ("11", "six"),
        ),
    ],
)
def test_values_of_two_holders_are_never_compared(
    first: str, other_holder: str, same_holder: str, values: tuple[str, str]
) -> None:
    assert number_values(first, other_holder) == []
    assert number_values(first, same_holder) == [values]


@pytest.mark.parametrize(
    ("a", "b", "values"),
    [
        (  # two nouns of one thing
            "The ambush killed 12 soldiers near Kandahar on Tuesday.",
            "The ambush killed 15 troops near Kandahar on Tuesday.",
            ("12", "15"),
        ),
        (  # ... under two verbs of one happening
            "The ambush killed 12 soldiers near Kandahar on Tuesday.",
            "Fifteen troops died in the ambush near Kandahar on Tuesday.",
            ("12", "Fifteen"),
        ),
    ],
)
def test_counts_of_one_thing_told_with_two_nouns_are_compared(
    a: str, b: str, values: tuple[str, str]
) -> None:
    assert number_values(a, b) == [values]


def test_counts_of_two_nouns_under_two_predicates_are_at_most_possible() -> None:
    (found,) = disagreements(
        "The shells left two others wounded in the camp on Monday.",
        "The shells killed a mother of 12 in the camp on Monday.",
        link=0.99,
    )
    assert found.difference.values == ("two", "12")
    assert found.confidence <= TWO_THINGS_CEILING < weights().conflict_show
    assert weights().conflict_possible <= TWO_THINGS_CEILING


def test_a_count_of_people_against_a_count_of_soldiers_is_not_held_to_possible() -> None:
    (found,) = disagreements(
        "The ambush killed 12 people near Kandahar on Tuesday.",
        "Fifteen soldiers died in the ambush near Kandahar on Tuesday.",
        link=0.99,
    )
    assert found.difference.values == ("12", "Fifteen")
    assert found.ceiling > TWO_THINGS_CEILING


def test_a_figure_equal_by_chance_for_another_thing_settles_nothing() -> None:
    assert number_values(
        "The storm destroyed 40 homes and damaged 120 schools in the district.",
        "The storm destroyed 120 homes in the district.",
    ) == [("40", "120")]


def test_people_and_person_are_one_counted_noun_for_the_slot_model() -> None:
    _, fa = claim("A", "The quake killed one person in Manokwari on Sunday.")
    _, fb = claim("B", "The quake killed four people in Manokwari on Sunday.")
    (pair,) = [p for p in mention_pairs(fa, fb) if p.a.type is FactType.NUMBER]
    row = slot_matrix([pair], fa, fb, ((0, 50), (0, 50)), 0.9)
    assert row[0, NAMES.index("noun_same")] == 1.0


@pytest.mark.parametrize(
    ("a", "b", "kind", "values"),
    [
        (  # the parties the other way round: one event
            "Obama met Putin in Geneva on Tuesday.",
            "Putin met Obama in Geneva on Wednesday.",
            "date",
            ("Tuesday", "Wednesday"),
        ),
        (
            "Israel and Hamas agreed to a truce on Tuesday.",
            "Hamas and Israel agreed to a truce on Wednesday.",
            "date",
            ("Tuesday", "Wednesday"),
        ),
        (  # a country and its army: named many ways, not two parties
            "Israel killed 12 fighters in the raid on Monday.",
            "The IDF killed 17 fighters in the raid on Monday.",
            "number",
            ("12", "17"),
        ),
    ],
)
def test_one_event_told_with_other_names_still_conflicts(
    a: str, b: str, kind: str, values: tuple[str, str]
) -> None:
    assert values in [d.difference.values for d in disagreements(a, b) if d.type == kind]


def test_an_old_date_beside_the_news_is_no_background() -> None:
    plain = number_values_with_confidence(
        "The quake killed 40 people on Tuesday.", "The quake killed 50 people on Tuesday."
    )
    beside = number_values_with_confidence(
        "The quake, the strongest since 2004, killed 40 people on Tuesday.",
        "The quake, the strongest since 2004, killed 50 people on Tuesday.",
    )
    assert beside == pytest.approx(plain, rel=0.3)


def number_values_with_confidence(a: str, b: str) -> float:
    (d,) = [d for d in disagreements(a, b) if d.type == "number"]
    return d.confidence


def test_weighing_never_makes_a_conflict_surer_than_its_fact_and_puts_the_surest_first() -> None:
    (found,) = disagreements(
        "Police arrested 12 protesters outside the embassy.",
        "Police arrested 17 protesters outside the embassy.",
    )
    sure = LogisticModel(
        EVIDENCE,
        np.zeros(len(EVIDENCE)),
        np.ones(len(EVIDENCE)),
        np.zeros(len(EVIDENCE)),
        30.0,
        0.5,
        0.2,
    )
    low = replace(found, ceiling=0.3)
    weighed = weigh([low, found], sure)
    assert [d.ceiling for d in weighed] == [found.ceiling, 0.3]
    assert [d.confidence for d in weighed] == [found.ceiling, 0.3]
    assert weigh([], sure) == []
    # A negation has no evidence the model weighs: it is as sure as its link.
    negation = replace(found, evidence=(), ceiling=0.42)
    never = LogisticModel(
        EVIDENCE,
        np.zeros(len(EVIDENCE)),
        np.ones(len(EVIDENCE)),
        np.zeros(len(EVIDENCE)),
        -30.0,
        0.5,
        0.2,
    )
    assert [d.confidence for d in weigh([negation, found], never)] == pytest.approx(
        [0.42, 0.0], abs=1e-9
    )


def evidence_of(a: str, b: str, kind: str, name: str) -> float:
    (d,) = [d for d in disagreements(a, b) if d.type == kind]
    return d.evidence[EVIDENCE.index(name)]


def test_the_past_told_beside_the_news_is_a_doubt() -> None:
    news = "Klitschko stopped Thompson in the 6th round on Saturday."
    past = "In 2008, Klitschko stopped Thompson in the 11th round."
    also_past = "In 2008, Klitschko stopped Thompson in the 6th round."
    assert evidence_of(news, past, "number", "background_one") == 1.0
    assert evidence_of(past, news, "number", "background_one") == 1.0
    assert evidence_of(news, news.replace("6th", "11th"), "number", "background_one") == 0.0
    # Both in the past: background, not one beside the other.
    assert evidence_of(also_past, past, "number", "background_one") == 0.0
    assert evidence_of(also_past, past, "number", "background") == 1.0


def test_a_rank_is_a_doubt() -> None:
    assert (
        evidence_of(
            "Klitschko stopped Thompson in the 6th round.",
            "Klitschko stopped Thompson in the 11th round.",
            "number",
            "rank",
        )
        == 1.0
    )
    assert (
        evidence_of(
            "Police arrested 12 protesters outside the embassy.",
            "Police arrested 17 protesters outside the embassy.",
            "number",
            "rank",
        )
        == 0.0
    )


def test_a_line_of_statistics_is_a_doubt_by_its_figures_beyond_two() -> None:
    one = "Smith blocked six shots in the game."
    other = "Smith blocked two shots in the game."
    assert evidence_of(one, other, "number", "crowded") == 0.0
    line = "Smith scored 11 points, grabbed 11 rebounds and blocked six shots in the game."
    assert evidence_of(line, other, "number", "crowded") == 1.0  # three figures: one beyond two
    # The doubt lowers the confidence unless the fit left it out (weight 0).
    weight = dict(zip(EVIDENCE, weights().conflict.coef, strict=True))["crowded"]
    lone = next(d for d in disagreements(one, other) if d.type == "number")
    crowded = next(d for d in disagreements(line, other) if d.type == "number")
    assert crowded.confidence < lone.confidence or weight == 0


def test_two_names_with_a_word_in_common_are_a_doubt() -> None:
    near = evidence_of(
        "The fault lines encircle the Pacific Ocean.",
        "The fault lines encircle the Pacific Basin.",
        "place",
        "names_share_a_word",
    )
    apart = evidence_of(
        "The ferry sank off Lindqvay.",
        "The ferry sank off Halvorsen.",
        "place",
        "names_share_a_word",
    )
    assert (near, apart) == (1.0, 0.0)
    # A short word ("Ian", "New") makes no kinship.
    assert (
        evidence_of(
            "Police named the driver as Ian Low.",
            "Police named the driver as Ian Smith.",
            "person",
            "names_share_a_word",
        )
        == 0.0
    )


def test_a_day_and_a_date_months_from_it_are_far_apart() -> None:
    # Published March 15, 2024: "Thursday" is March 14.
    assert (
        evidence_of(
            "The jury convicted the gunman on Thursday.",
            "The jury convicted the gunman in April 2012.",
            "date",
            "far_apart",
        )
        == 1.0
    )
    assert (
        evidence_of(
            "The jury convicted the gunman on Thursday.",
            "The jury convicted the gunman on Wednesday.",
            "date",
            "far_apart",
        )
        == 0.0
    )
    # A year off on the same day is a slip, not two happenings.
    slip = (
        "The jury convicted the gunman on January 8, 2012.",
        "The jury convicted the gunman on January 8, 2013.",
    )
    assert evidence_of(*slip, "date", "far_apart") == 0.0


def test_a_participle_describing_a_noun_asserts_nothing_to_deny() -> None:
    ca, fa = claim(
        "A", "The Chiefs rushed for 350 yards, giving their leading running backs a rest."
    )
    cb, fb = claim("B", "The Chiefs never led in this game.")
    assert "lead" not in fa.asserted
    assert negation_disagreements(ca, cb, fa, fb, 0.9) == []
    cc, fc = claim("C", "The Chiefs led for most of the game.")
    assert [d.type for d in negation_disagreements(cc, cb, fc, fb, 0.9)] == ["negation"]


def test_a_question_asserts_and_denies_nothing() -> None:
    ca, fa = claim("A", "Why would he point a gun at six police officers?")
    cb, fb = claim("B", "He did not point the gun at the six police officers.")
    assert fa.asserted == fa.negated == frozenset()
    assert negation_disagreements(ca, cb, fa, fb, 0.9) == []
    cc, fc = claim("C", "He pointed a gun at six police officers.")
    assert [d.type for d in negation_disagreements(cc, cb, fc, fb, 0.9)] == ["negation"]


def test_a_figure_the_other_claim_gives_without_its_unit_settles_it() -> None:
    both = "Jamaal Charles rushed for 226 yards while Peyton Hillis added 101."
    assert disagreements(both, "Peyton Hillis rushed for 101 yards.") == []
    # Without the echo, the two players' yards are still compared.
    found = disagreements("Jamaal Charles rushed for 226 yards.", "Charles rushed for 101 yards.")
    assert [d.difference.values for d in found] == [("226 yards", "101 yards")]
    # An age is no echo of a count.
    found = disagreements("The blast killed 20, including Ahmed Khan, 25.", "The blast killed 25.")
    assert ("20", "25") in [d.difference.values for d in found]


def test_the_days_of_what_happened_to_two_named_people_are_two_facts() -> None:
    a = "Defensive tackle Jamal Williams was arrested early Sunday on suspicion of drunken driving."
    found = disagreements(
        a, "Receiver Vincent Jackson was arrested on Tuesday on a similar charge."
    )
    assert [d for d in found if d.type == "date"] == []
    same = disagreements(
        a, "Jamal Williams was arrested on Tuesday on suspicion of drunken driving."
    )
    assert [d.difference.values for d in same if d.type == "date"] == [("early Sunday", "Tuesday")]


def test_figures_orders_of_magnitude_apart_count_two_things() -> None:
    found = disagreements(
        "McDermott finished with 23 points in the game.",
        "McDermott now has 2,117 points in the game.",
    )
    assert [d for d in found if d.type == "number"] == []
    found = disagreements(
        "McDermott finished with 23 points in the game.",
        "McDermott finished with 32 points in the game.",
    )
    assert [d.difference.values for d in found] == [("23", "32")]
    # Of one predicate, far apart or not, one toll told early and late.
    found = disagreements(
        "One person was killed in the blast.", "14 people were killed in the blast."
    )
    assert [d.difference.values for d in found] == [("One", "14")]


def test_a_kind_offset_moves_the_confidence_and_never_above_its_anchors() -> None:
    found = disagreements(
        "The quake struck on Friday, officials said.",
        "The quake struck on Thursday, officials said.",
    )
    (date,) = [d for d in found if d.type == "date"]
    unmoved = weigh([replace(date, confidence=0.0)], weights().conflict)[0].confidence
    doubted = weigh([date], weights().conflict, {"date": -1.0})[0].confidence
    assert doubted < unmoved
    assert weigh([date], weights().conflict, {"number": -5.0})[0].confidence == unmoved
    raised = weigh([date], weights().conflict, {"date": 30.0})[0].confidence
    assert raised == date.ceiling
    ca, fa = claim("A", "The army carried out the strike.")
    cb, fb = claim("B", "The army did not carry out the strike.")
    negation = negation_disagreements(ca, cb, fa, fb, 0.9)
    assert weigh(negation, weights().conflict, {"negation": -1.0})[0].confidence < 0.9
    assert weigh(negation, weights().conflict, {})[0].confidence == pytest.approx(0.9)
