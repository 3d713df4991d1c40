"""Which articles of a session tell one story (app.engine.stories)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from app.domain import Comparison, Relation, Settings
from app.engine import pipeline, stories
from app.engine.model import LogisticModel, weights
from app.engine.pipeline import Prepared, compare, prepare
from tests.quality.fit_story import threshold_keeping
from tests.unit.app.helpers import article

FIRE_A = (
    "Fire destroys Dunmore paper mill\n\n"
    "A fire destroyed the Harlan paper mill in Dunmore on Tuesday night, the fire service said.\n"
    "About 60 firefighters fought the blaze for six hours.\n"
    "Mill owner Petra Voss said nobody was inside when the fire started.\n"
)
FIRE_B = (
    "Blaze guts Harlan mill\n\n"
    "The Harlan paper mill in Dunmore burned down on Tuesday night.\n"
    "Some 60 firefighters needed six hours to bring the fire under control.\n"
    "Petra Voss, who owns the mill, said the building was empty.\n"
)
VOTE = (
    "Senate passes budget after all-night session\n\n"
    "The senate passed the budget by 51 votes to 49 on Wednesday after an all-night session.\n"
    "Finance minister Karl Odin said the vote would end months of uncertainty.\n"
    "The opposition said it would challenge two of the spending cuts in court.\n"
)


def session() -> Prepared:
    return prepare([article("A", FIRE_A), article("B", FIRE_B), article("C", VOTE)], Settings())


def features_of(prep: Prepared) -> np.ndarray:
    ctx = prep.context
    return stories.article_pair_features(
        ctx.vectors, ctx.article_names, ctx.article_of, len(prep.articles), ctx.article_similarity
    )


def story_model() -> LogisticModel:
    model = weights().story
    assert model is not None
    return model


def test_two_reports_of_one_story_are_alike_as_wholes_and_an_unrelated_one_is_not() -> None:
    rows = features_of(session())
    assert rows.shape == (3, len(stories.NAMES))  # (A, B), (A, C), (B, C)
    column = {name: rows[:, i] for i, name in enumerate(stories.NAMES)}
    for name in ("lead_cosine", "article_cosine", "names_shared"):
        assert column[name][0] > max(column[name][1:])
    p = stories.one_story(story_model(), rows, 3)
    assert np.allclose(p, p.T) and np.allclose(np.diag(p), 1.0)
    assert p[0, 1] >= story_model().show > max(p[0, 2], p[1, 2])


def test_names_are_shared_in_any_spelling_the_engine_matches() -> None:
    named = "President Barack Obama visited the burned mill in Ohio on Tuesday.\n"
    surname = "Obama visited the mill in Ohio on Tuesday, officials said.\n"
    nameless = "The mill burned down on Tuesday night, the fire service said.\n"
    prep = prepare([article("A", named), article("B", surname), article("C", nameless)], Settings())
    assert prep.context.article_names[1].names == {"obama", "ohio"}
    column = dict(zip(stories.NAMES, features_of(prep).T, strict=True))
    assert column["names_shared"].tolist() == [1.0, 0.0, 0.0]  # B's names known to A; C has none


FIRE_C = (
    "Dunmore mill lost to overnight fire\n\n"
    "The Harlan paper mill in Dunmore was destroyed by fire on Tuesday night.\n"
    "Around 60 firefighters battled the flames for six hours, the fire service said.\n"
    "Owner Petra Voss said no one was in the mill when the fire broke out.\n"
)


def forced_apart(monkeypatch: pytest.MonkeyPatch, pairs: list[tuple[int, int]]) -> None:
    """As if the story model told each of ``pairs`` (article indexes) apart."""

    def apart(prep: Prepared, w: object, sensitivity: float) -> np.ndarray:
        out = np.ones((len(prep.articles),) * 2, dtype=bool)
        for i, j in pairs:
            out[i, j] = out[j, i] = False
        return out

    monkeypatch.setattr(pipeline, "told_together", apart)


def between(comparison: Comparison, a: str, b: str) -> list[Relation]:
    article_of = {c.id: c.article_id for c in comparison.claims}
    return [
        r
        for r in comparison.relations
        if {article_of[r.claims[0]], article_of[r.claims[1]]} == {a, b}
    ]


def test_relations_between_articles_told_apart_keep_their_kind_and_are_only_possible(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    articles = [article("A", FIRE_A), article("B", FIRE_B), article("C", FIRE_C)]
    one_story = compare(articles)
    shown = [r for r in between(one_story, "A", "B") if not r.possible]
    assert shown
    forced_apart(monkeypatch, [(0, 1)])
    told_apart = compare(articles)
    a_b = between(told_apart, "A", "B")
    assert a_b and all(r.possible for r in a_b)  # kept, hidden by default
    # What the claims are to each other is unchanged: only hidden.
    assert [(r.kind, r.claims, r.confidence) for r in a_b] == [
        (r.kind, r.claims, r.confidence) for r in between(one_story, "A", "B")
    ]
    assert between(told_apart, "A", "C") == between(one_story, "A", "C")


def test_a_claim_shared_across_articles_told_apart_is_no_group(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    articles = [article("A", FIRE_A), article("B", FIRE_B), article("C", FIRE_C)]
    assert compare(articles).groups  # the fire, told by all three
    forced_apart(monkeypatch, [(0, 2), (1, 2)])
    assert compare(articles).groups == ()  # C tells another story: two articles left


def test_the_sensitivity_moves_the_story_threshold_as_the_links() -> None:
    prep = session()
    p = float(stories.one_story(story_model(), features_of(prep), 3)[0, 2])  # fire and vote
    assert 0.001 < p < 0.999
    w = replace(weights(), story=replace(story_model(), show=p, possible=p))
    assert pipeline.told_together(prep, w, 0.5)[0, 2]  # at the threshold: one story
    assert pipeline.told_together(prep, w, 1.0)[0, 2]  # more generous: still
    assert not pipeline.told_together(prep, w, 0.0)[0, 2]  # stricter: told apart


def test_two_articles_alone_are_compared_as_they_are() -> None:
    pair = prepare([article("A", FIRE_A), article("C", VOTE)], Settings())
    ctx = pair.context
    args = (ctx.vectors, ctx.article_names, ctx.article_of, 2, ctx.article_similarity)
    assert stories.together(story_model(), 0.5, *args).all()
    three = session().context
    args = (three.vectors, three.article_names, three.article_of, 3, three.article_similarity)
    assert stories.together(None, 0.5, *args).all()  # no fitted model: every pair
    fitted = stories.together(story_model(), story_model().show, *args)
    assert fitted.tolist() == [[True, True, False], [True, True, False], [False, False, True]]


def test_the_story_threshold_keeps_the_asked_share_of_pairs_of_one_story() -> None:
    p = np.array([0.9, 0.8, 0.7, 0.2, 0.06, 0.01, 0.003])
    labels = np.array([1, 1, 1, 1, 1, 0, 0], dtype=float)
    assert threshold_keeping(p, labels, 0.8) == 0.2  # four of the five reach 0.2
    assert threshold_keeping(p, labels, 1.0) == 0.06


def test_the_shipped_story_model_reads_the_features_the_code_computes() -> None:
    model = weights().story
    assert isinstance(model, LogisticModel)
    model.check(stories.NAMES, "story")
    assert (model.coef > 0).all()  # alike articles are likelier one story
    assert 0 < model.show < 0.5
