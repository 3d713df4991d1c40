"""The closed vocabularies the layers share are enums that read, and are
written, as the plain words the JSON contract and the text output have
always used."""

from __future__ import annotations

import json

from app.domain import Difference, DifferenceType
from app.editing.verdicts import RelationState, judge
from app.export.pdf.content import TYPE_ORDER, _type_rank
from app.export.serialize import difference_to_json

from .test_verdicts import build


def test_a_difference_is_written_with_its_type_as_a_plain_word() -> None:
    diff = Difference(DifferenceType.NEGATION, ("not kill", "kill"), ((0, 8), (3, 7)), "kill")
    written = difference_to_json(diff)
    assert type(written["type"]) is str
    assert json.dumps(written).startswith('{"type": "negation", ')


def test_every_difference_type_has_its_place_in_the_summary_order() -> None:
    assert sorted(TYPE_ORDER) == sorted(DifferenceType)
    assert _type_rank((DifferenceType.HEDGE, DifferenceType.DATE)) == 1
    assert _type_rank(()) == len(TYPE_ORDER) + 1


def test_what_a_relation_is_now_is_a_state_counted_under_its_word() -> None:
    comparison, session = build()
    judged = judge(comparison, session)
    assert [j.state for j in judged] == [
        RelationState.CONFLICT,
        RelationState.MATCH,
        RelationState.MATCH,
    ]
    assert all(type(j.state) is RelationState for j in judged)
    assert json.dumps(judged.counts()) == '{"conflict": 1, "match": 2, "rejected": 0}'
