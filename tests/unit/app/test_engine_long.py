"""Helpers that keep the engine linear in an article's length give the same
answers as the direct (quadratic) code they replace."""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.engine.candidates import Candidate, Vectors, candidates, top_per_key
from app.engine.frames import DocEntities
from app.engine.segment import Datelines, _is_whole_line, _line_starts
from app.engine.sparse_rows import SparseRows
from app.normalize import NameIndex, same_name

# --- candidates ---------------------------------------------------------------


def _candidates_by_full_product(
    vectors: Vectors, article_of: list[int], floor: float, per_claim: int
) -> list[Candidate]:
    """The former candidates(): every cosine at once, same-article ones too."""
    row, col, data = vectors.matrix.products(vectors.matrix)
    arts = np.asarray(article_of)
    keep = (row < col) & (data >= floor)
    keep &= arts[row] != arts[col]
    rows, cols, sims = row[keep], col[keep], data[keep]
    best: dict[tuple[int, int], list[tuple[float, int]]] = {}
    cosine: dict[tuple[int, int], float] = {}
    for i, j, s in zip(rows.tolist(), cols.tolist(), sims.tolist(), strict=True):
        cosine[(i, j)] = s
        best.setdefault((i, int(arts[j])), []).append((s, j))
        best.setdefault((j, int(arts[i])), []).append((s, i))
    chosen: set[tuple[int, int]] = set()
    for (i, _), options in best.items():
        options.sort(key=lambda o: (-o[0], o[1]))
        for _, j in options[:per_claim]:
            chosen.add((min(i, j), max(i, j)))
    out = []
    for i, j in sorted(chosen):
        a, b = (i, j) if arts[i] <= arts[j] else (j, i)
        out.append(Candidate(a, b, cosine[(i, j)]))
    return out


def _vectors(rng: random.Random, sizes: list[int], terms: int, ties: bool) -> Vectors:
    return Vectors(_rows(rng, sum(sizes), terms, ties, normalised=True), {})


def _rows(rng: random.Random, n: int, terms: int, ties: bool, normalised: bool) -> SparseRows:
    rows, cols, data = [], [], []
    for row in range(n):
        chosen = rng.sample(range(terms), rng.randint(0, min(6, terms)))
        # Equal weights make many equal cosines: ties must break alike.
        weights = [1.0 if ties else rng.uniform(0.1, 2.0) for _ in chosen]
        norm = sum(w * w for w in weights) ** 0.5 if normalised and weights else 1.0
        rows += [row] * len(chosen)
        cols += chosen
        data += [w / norm for w in weights]
    matrix = SparseRows.from_entries(rows, cols, np.asarray(data), n)
    return SparseRows(matrix.indptr, matrix.indices, matrix.data, terms)


def _dense(matrix: SparseRows) -> np.ndarray:
    out = np.zeros((len(matrix), matrix.n_columns))
    out[matrix.row_of_entries(), matrix.indices] = matrix.data
    return out


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("at_once", [1, 7, 2_000_000])
def test_sparse_products_are_the_non_zero_dot_products(
    seed: int, at_once: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    import app.engine.sparse_rows as sparse_rows

    monkeypatch.setattr(sparse_rows, "PRODUCTS_AT_ONCE", at_once)
    rng = random.Random(seed)
    terms = rng.randint(1, 20)
    left = _rows(rng, rng.randint(0, 30), terms, ties=False, normalised=False)
    right = _rows(rng, rng.randint(0, 30), terms, ties=False, normalised=False)
    here, there, product = left.products(right)
    expected = _dense(left) @ _dense(right).T
    shared = (_dense(left) != 0).astype(int) @ (_dense(right) != 0).T.astype(int)
    assert list(zip(here.tolist(), there.tolist(), strict=True)) == [
        (int(i), int(j)) for i, j in zip(*np.nonzero(shared), strict=True)
    ]
    assert product == pytest.approx(expected[here, there], rel=1e-12)


def test_sparse_rows_taken_and_summed() -> None:
    rng = random.Random(3)
    matrix = _rows(rng, 12, 9, ties=False, normalised=False)
    chosen = np.array([5, 0, 11, 5, 7], dtype=np.int64)
    taken = matrix.take(chosen)
    assert np.array_equal(_dense(taken), _dense(matrix)[chosen])
    assert taken.sum() == pytest.approx(_dense(matrix)[chosen].sum(axis=0))
    assert len(matrix.take(np.zeros(0, dtype=np.int64))) == 0


@pytest.mark.parametrize("seed", range(12))
def test_candidates_between_articles_equal_those_of_the_full_product(seed: int) -> None:
    rng = random.Random(seed)
    sizes = [rng.randint(0, 40) for _ in range(rng.randint(1, 4))]
    article_of = [a for a, n in enumerate(sizes) for _ in range(n)]
    vectors = _vectors(rng, sizes, rng.randint(1, 30), ties=seed % 2 == 0)
    for floor, per_claim in ((0.06, 3), (0.0, 1), (0.3, 2)):
        expected = _candidates_by_full_product(vectors, article_of, floor, per_claim)
        assert candidates(vectors, article_of, floor, per_claim) == expected


def test_candidates_of_a_long_article_are_taken_block_by_block(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import app.engine.candidates as stage

    rng = random.Random(7)
    sizes = [300, 45, 120]
    article_of = [a for a, n in enumerate(sizes) for _ in range(n)]
    vectors = _vectors(rng, sizes, 25, ties=True)
    expected = _candidates_by_full_product(vectors, article_of, 0.06, 3)
    monkeypatch.setattr(stage, "ROW_BLOCK", 7)
    assert candidates(vectors, article_of) == expected


def test_candidates_against_many_articles_are_taken_a_slice_of_articles_at_a_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import app.engine.candidates as stage

    rng = random.Random(11)
    sizes = [40, 12, 30, 7, 55, 20, 9]
    article_of = [a for a, n in enumerate(sizes) for _ in range(n)]
    vectors = _vectors(rng, sizes, 25, ties=True)
    expected = _candidates_by_full_product(vectors, article_of, 0.06, 3)
    monkeypatch.setattr(stage, "COLUMN_BLOCK", 35)  # some slices hold one article, some several
    monkeypatch.setattr(stage, "ROW_BLOCK", 16)
    assert candidates(vectors, article_of) == expected


def test_top_per_key_keeps_the_best_and_breaks_ties_by_the_other_index() -> None:
    key = np.array([1, 1, 1, 0, 1, 0])
    other = np.array([5, 3, 4, 9, 2, 8])
    score = np.array([0.5, 0.9, 0.5, 0.1, 0.2, 0.1])
    k, o, s = top_per_key(key, other, score, 2)
    assert list(zip(k.tolist(), o.tolist(), s.tolist(), strict=True)) == [
        (0, 8, 0.1),
        (0, 9, 0.1),
        (1, 3, 0.9),
        (1, 4, 0.5),
    ]


# --- names --------------------------------------------------------------------

_NAMES = [
    "",
    "gaddafi",
    "qaddafi",
    "kadhafi",
    "muammar gaddafi",
    "abu taqwa",
    "abu taqwa al saadi",
    "united states",
    "baghdad",
    "bagdad",
    "green zone",
    "zone",
    "kata ib hezbollah",
    "kataib hezbollah",
    "john smith",
    "jon smith",
    "smithson",
    "al",
    "new york",
    "york",
    "new zealand",
    "afc",
    "american football conference",
]


@settings(max_examples=200, deadline=None)
@given(st.sets(st.sampled_from(_NAMES)), st.sampled_from([*_NAMES, "jane smith", "bill", "x"]))
def test_a_name_index_knows_what_comparing_one_by_one_finds(names: set[str], name: str) -> None:
    index = NameIndex(names)
    assert index.knows(name) == any(same_name(name, other) for other in names)
    assert index.knows(name) == index.knows(name)  # memoized alike


def test_a_name_index_finds_names_in_their_other_spellings() -> None:
    index = NameIndex({"muammar gaddafi", "baghdad"})
    assert index.knows("qaddafi")  # transliteration, one token of the name
    assert index.knows("bagdad")
    assert not index.knows("tripoli")
    assert not NameIndex(set()).knows("baghdad")


# --- segmenting ---------------------------------------------------------------


def _whole_line_by_copying(text: str, start: int, end: int) -> bool:
    before = text[:start].rstrip(" \t")
    after = text[end:].lstrip(" \t")
    return (not before or before.endswith("\n")) and (not after or after.startswith("\n"))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=" \t\nab.", max_size=30), st.data())
def test_whole_line_looks_outwards_as_the_copying_test_did(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert _is_whole_line(text, start, end) == _whole_line_by_copying(text, start, end)


def _dateline_end_by_scanning(spans: list[tuple[int, int]], position: int) -> int:
    return next((e for s_, e in spans if s_ <= position < e), -1)


def test_a_dateline_is_found_as_the_linear_scan_found_it() -> None:
    text = (
        "KARSA, Verana, March 14 (Wire) - Three people died.\n"
        "A plain line.\n"
        "WASHINGTON (AP) —\n\nThe rest of the story.\n"
        "CORROW (Meridian Sports) - More.\n"
    )
    datelines = Datelines(text)
    assert len(datelines.spans) == 3
    for position in range(len(text) + 2):
        expected = _dateline_end_by_scanning(datelines.spans, position)
        assert datelines.end_holding(position) == expected


@pytest.mark.parametrize("seed", range(20))
def test_overlapping_datelines_give_the_first_that_holds_a_position(seed: int) -> None:
    rng = random.Random(seed)
    spans = sorted(
        (s, s + rng.randint(1, 15)) for s in sorted(rng.sample(range(60), rng.randint(0, 8)))
    )
    datelines = Datelines("")
    datelines.spans = spans
    datelines._reach = [max(e for _, e in spans[: k + 1]) for k in range(len(spans))]
    for position in range(80):
        expected = _dateline_end_by_scanning(spans, position)
        assert datelines.end_holding(position) == expected


def test_line_starts_are_those_after_each_line_break() -> None:
    assert _line_starts("a\nbb\n\nc\n") == [0, 2, 5, 6]


# --- entities -----------------------------------------------------------------


def test_doc_entities_answer_as_span_ents_and_a_scan_of_doc_ents() -> None:
    import spacy
    from spacy.tokens import Span

    nlp = spacy.blank("en")
    doc = nlp("Ann Lee met Bob in Baghdad on Monday while the Green Zone slept .")
    doc.ents = [
        Span(doc, 0, 2, label="PERSON"),
        Span(doc, 3, 4, label="PERSON"),
        Span(doc, 5, 6, label="GPE"),
        Span(doc, 7, 8, label="DATE"),
        Span(doc, 10, 12, label="FAC"),
    ]
    entities = DocEntities(doc)
    for first in range(len(doc) + 1):
        for last in range(first, len(doc) + 1):
            span_ents = [(e.start, e.end) for e in doc[first:last].ents]
            assert [(e.start, e.end) for e in entities.within(first, last)] == span_ents
    for i in range(len(doc)):
        holding = [e for e in doc.ents if e.start <= i < e.end]
        found = entities.at(i)
        got = (found.start, found.end) if found is not None else None
        assert got == ((holding[0].start, holding[0].end) if holding else None)
