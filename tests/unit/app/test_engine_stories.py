"""Which articles of a session tell one story (app.engine.stories)."""

from __future__ import annotations

import numpy as np

from app.domain import Settings
from app.engine import stories
from app.engine.model import LogisticModel, weights
from app.engine.pipeline import prepare
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


def session() -> object:
    return prepare([article("A", FIRE_A), article("B", FIRE_B), article("C", VOTE)], Settings())


def test_two_reports_of_one_story_are_alike_as_wholes_and_an_unrelated_one_is_not() -> None:
    prep = session()
    ctx = prep.context  # type: ignore[attr-defined]
    rows = stories.article_pair_features(
        ctx.vectors, ctx.frames, ctx.article_of, 3, ctx.article_similarity
    )
    assert rows.shape == (3, len(stories.NAMES))  # (A, B), (A, C), (B, C)
    one_story, unrelated = rows[0], rows[1:]
    assert (one_story > unrelated).all()
    p = stories.one_story(weights().story, rows, 3)  # type: ignore[arg-type]
    assert np.allclose(p, p.T) and np.allclose(np.diag(p), 1.0)
    assert p[0, 1] >= weights().story.show > max(p[0, 2], p[1, 2])  # type: ignore[union-attr]


def test_no_pair_of_claims_of_two_stories_is_scored_and_none_within_one_is_lost() -> None:
    prep = session()
    art = prep.article_of  # type: ignore[attr-defined]
    pairs = prep.candidates  # type: ignore[attr-defined]
    assert pairs and all(art[c.a] != 2 and art[c.b] != 2 for c in pairs)
    alone = prepare([article("A", FIRE_A), article("B", FIRE_B)], Settings())
    assert [(c.a, c.b) for c in alone.candidates] == [(c.a, c.b) for c in pairs]


def test_without_a_story_model_every_two_articles_may_be_linked() -> None:
    ctx = session().context  # type: ignore[attr-defined]
    args = (ctx.vectors, ctx.frames, ctx.article_of, 3, ctx.article_similarity)
    assert stories.together(None, *args).all()
    fitted = stories.together(weights().story, *args)
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
