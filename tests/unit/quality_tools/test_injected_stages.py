"""The stage-by-stage account of injected conflicts follows the engine."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain import Settings
from app.engine.model import weights
from tests.quality.ecbplus import CORPUS_DIR
from tests.quality.injected import Injection
from tests.quality.injected_stages import STAGES, Followed, follow, main
from tests.unit.quality_tools.test_gold_and_score import make_article

pytestmark = pytest.mark.slow

HEAD = "Protest in Leeds\n\n"
A = HEAD + "Police arrested 12 protesters outside the town hall in Leeds on Monday night."
B = A  # the same report from a second outlet, before the change
OFF = HEAD + "The council will review the cost of repairing the old library roof next spring."


def _injection(text: str, old: str, new: str) -> Injection:
    start = text.index(old)
    return Injection("t", "number", "a", 1, "b", 1, old, new, start, start + len(old))


def _sentence(text: str) -> tuple[int, int]:
    return len(HEAD), len(text)


def test_a_changed_count_in_twin_sentences_is_shown_and_weakens_the_link() -> None:
    a, b = make_article("a", A), make_article("b", B)
    inj = _injection(B, "12", "17")
    before = follow(a, b, _sentence(A), (inj.start, inj.end), inj, Settings(), weights())
    after = follow(a, inj.apply(b), _sentence(A), inj.new_span, inj, Settings(), weights())
    assert after.stage == "shown"
    assert 0 < after.link_probability <= before.link_probability


def test_sentences_never_paired_are_lost_before_any_candidate() -> None:
    a, b = make_article("a", A), make_article("b", OFF)
    inj = _injection(OFF, "old", "new")
    followed = follow(a, inj.apply(b), _sentence(A), inj.new_span, inj, Settings(), weights())
    assert followed == Followed(STAGES[0], 0.0)


def test_showing_lost_injections_refuses_a_blind_topic(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for topic in ("1", "2"):  # odd topics are development ones, even ones blind
        (tmp_path / CORPUS_DIR / topic).mkdir(parents=True)
    assert main(["--root", str(tmp_path), "--topics", "2", "--show", "no candidate"]) == 2
    assert "development topics only" in capsys.readouterr().err
