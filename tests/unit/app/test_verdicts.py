"""What a relation is now (app.editing.verdicts): the one rule every surface reads.
Hand-built comparisons: no spaCy, no Qt."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from app.domain import Claim, ClaimKind, Comparison, Difference, Relation, RelationKind
from app.editing.verdicts import article_keys, judge, relation_id, relation_keys, shown
from app.errors import InputError
from app.session import RelationVerdict, Session, SessionArticle, Verdict, relation_key

from .helpers import article

NOW = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)
TEXT_A = "Three people died on Thursday. The mayor spoke. Rain fell all night."
TEXT_B = "Two people died on Thursday. The mayor spoke at noon. Storm warning issued."


def _claim(cid: str, text: str, sentence: str) -> Claim:
    start = text.index(sentence)
    return Claim(cid, cid[0], start, start + len(sentence), sentence, ClaimKind.STATEMENT)


def _span(text: str, word: str) -> tuple[int, int]:
    start = text.index(word)
    return start, start + len(word)


A1 = _claim("A1", TEXT_A, "Three people died on Thursday.")
A2 = _claim("A2", TEXT_A, "The mayor spoke.")
A3 = _claim("A3", TEXT_A, "Rain fell all night.")
B1 = _claim("B1", TEXT_B, "Two people died on Thursday.")
B2 = _claim("B2", TEXT_B, "The mayor spoke at noon.")
B3 = _claim("B3", TEXT_B, "Storm warning issued.")
DIED = Difference(
    "number", ("Three", "Two"), (_span(TEXT_A, "Three"), _span(TEXT_B, "Two")), "died: 3 vs 2"
)
NOON = Difference(
    "time", ("", "noon"), (_span(TEXT_A, "spoke"), _span(TEXT_B, "noon")), "time", False
)


def build() -> tuple[Comparison, Session]:
    a, b = article("A", TEXT_A), article("B", TEXT_B)
    relations = (
        Relation(RelationKind.CONFLICT, ("A1", "B1"), 0.9, (DIED,)),
        # Stored B first: the id still reads in article order.
        Relation(RelationKind.MATCH, ("B2", "A2"), 0.8, (NOON,)),
        Relation(RelationKind.MATCH, ("A3", "B3"), 0.2, (), possible=True),
    )
    comparison = Comparison(
        (a, b), (A1, A2, A3, B1, B2, B3), relations, (("A3", "B3"),), "crosscheck test"
    )
    items = tuple(SessionArticle(f"key-{x.id}", n, x, "sha", NOW) for n, x in enumerate((a, b)))
    return comparison, Session("story", NOW, NOW, items)


def verdict(a: Claim, b: Claim, what: Verdict, kind: RelationKind | None = None) -> RelationVerdict:
    return RelationVerdict(
        relation_key(f"key-{a.article_id}", a.text, f"key-{b.article_id}", b.text),
        what,
        kind,
        "checked",
        NOW,
    )


def test_without_verdicts_every_relation_is_what_the_engine_found() -> None:
    comparison, session = build()
    judged = judge(comparison, session)
    assert [j.id for j in judged] == ["A1-B1", "A2-B2", "A3-B3"]
    assert [j.kind for j in judged] == [r.kind for r in comparison.relations]
    assert all(j.verdict is None and j.key is not None for j in judged)
    assert judged.counts() == {"conflict": 1, "match": 2, "rejected": 0}
    assert [j.id for j in judged.conflicts()] == ["A1-B1"]
    assert relation_id(comparison, comparison.relations[1]) == "A2-B2"
    assert judged[1].claims == (A2, B2)  # article order


def test_a_verdict_decides_what_a_relation_is_now() -> None:
    comparison, session = build()
    session = replace(
        session,
        verdicts=(
            verdict(A1, B1, Verdict.REJECTED),
            verdict(B2, A2, Verdict.RETYPED, RelationKind.CONFLICT),  # either order
            verdict(A3, B3, Verdict.CONFIRMED),
        ),
    )
    rejected, retyped, confirmed = judge(comparison, session)
    assert (rejected.kind, rejected.state, rejected.rejected) == (None, "rejected", True)
    assert rejected.disagreements == () and rejected.found is RelationKind.CONFLICT
    assert (retyped.kind, retyped.state, retyped.retyped) == (
        RelationKind.CONFLICT,
        "conflict",
        True,
    )
    # A match retyped as a conflict shows whatever values its differences hold.
    assert retyped.disagreements == (NOON,)
    assert (confirmed.kind, confirmed.judgement) == (RelationKind.MATCH, Verdict.CONFIRMED)
    assert not confirmed.possible  # judged: no longer "possible"
    counts = judge(comparison, session).counts()
    assert counts == {"conflict": 1, "match": 1, "rejected": 1}
    assert judge(comparison, session).verdicts().keys() == {0, 1, 2}
    assert rejected.describe() == (
        "rejected by the reporter; the engine found a conflict (note: checked)"
    )
    assert retyped.describe().startswith("retyped by the reporter as a conflict; the engine")


def test_a_conflict_retyped_as_a_match_has_no_values() -> None:
    comparison, session = build()
    session = replace(session, verdicts=(verdict(A1, B1, Verdict.RETYPED, RelationKind.MATCH),))
    first = judge(comparison, session)[0]
    assert first.kind is RelationKind.MATCH and first.disagreements == ()
    assert judge(comparison, session).counts()["conflict"] == 0


def test_an_older_unsorted_key_is_found_and_kept() -> None:
    comparison, session = build()
    keys = article_keys(comparison, session)
    old = relation_keys(keys, A1, B1)[1]  # "key-B:...|key-A:...", not sorted
    assert old != relation_key("key-A", A1.text, "key-B", B1.text)
    stored = replace(verdict(A1, B1, Verdict.REJECTED), relation_key=old)
    first = judge(comparison, replace(session, verdicts=(stored,)))[0]
    assert first.rejected and first.key == old  # a new verdict replaces this one


def test_articles_whose_text_is_not_the_sessions_get_no_key() -> None:
    comparison, session = build()
    other = replace(session.articles[1], article=article("B", TEXT_B + " Updated."))
    session = replace(
        session,
        articles=(session.articles[0], other),
        verdicts=(verdict(A1, B1, Verdict.REJECTED),),
    )
    assert article_keys(comparison, session) == {"A": "key-A"}
    assert all(j.key is None and j.verdict is None for j in judge(comparison, session))
    assert all(j.key is None for j in judge(comparison))  # no session at all


def test_ids_are_found_in_either_order_and_unknown_ones_are_refused() -> None:
    comparison, session = build()
    judged = judge(comparison, session)
    assert judged.find("A2-B2") is judged[1]
    assert judged.find(" b2-a2 ") is judged[1]
    assert judged.get("A1-B2") is None
    with pytest.raises(InputError) as wrong:
        judged.find("A1-B3", where="the session 'story'")
    message = wrong.value.message()
    assert "no relation 'A1-B3' in the session 'story'" in message
    assert "session show" in message
    with pytest.raises(InputError) as malformed:
        judged.find("A1")
    assert "hyphen, for example A1-B1" in malformed.value.message()


def test_a_judged_possible_relation_is_shown() -> None:
    comparison, session = build()
    assert [r.claims for r in shown(comparison, session).relations] == [
        ("A1", "B1"),
        ("B2", "A2"),
    ]
    assert shown(comparison, session).groups == ()
    assert shown(comparison, session, include_possible=True) is comparison
    judged = replace(session, verdicts=(verdict(A3, B3, Verdict.REJECTED),))
    view = shown(comparison, judged)
    assert len(view.relations) == 3 and view.groups == (("A3", "B3"),)
    third = judge(view, judged)[2]
    assert third.shown() and third.rejected and not third.possible
    assert not judge(comparison, session)[2].shown()
