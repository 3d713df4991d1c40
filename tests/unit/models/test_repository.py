"""Round trips through the repository, on SQLite and (when configured) PostgreSQL."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from app.domain import RelationKind, Settings
from app.errors import InputError
from app.session import AnchorState, AnnotationStatus, RelationVerdict, Verdict
from models.errors import AlreadyExists, ConcurrentEdit, NotFound, StaleAnalysis
from models.repository import Repository, article_letter, sha256_hex
from models.store import open_store
from models.tables import AnalysisRow

from .helpers import T0, annotation, article, articles, comparison


def test_article_letters_follow_the_cli() -> None:
    assert [article_letter(i) for i in (0, 1, 25, 26, 27, 701, 702)] == [
        "A",
        "B",
        "Z",
        "AA",
        "AB",
        "ZZ",
        "AAA",
    ]


def test_a_created_session_loads_back_equal(repo: Repository) -> None:
    created = repo.create_session("Baghdad strike", articles(3))
    loaded = repo.load_session("Baghdad strike")
    assert loaded == created
    assert [a.article.id for a in loaded.articles] == ["A", "B", "C"]
    assert [a.position for a in loaded.articles] == [0, 1, 2]
    first = loaded.articles[0]
    assert first.text_sha256 == sha256_hex(first.article.text)
    assert first.article.published is not None and loaded.articles[1].article.published is None
    assert loaded.created.tzinfo is UTC


def test_naive_times_are_taken_as_utc(repo: Repository) -> None:
    repo.create_session("s", articles(1))
    target = repo.load_session("s").articles[0]
    note = replace(annotation(target), created=datetime(2025, 1, 2, 3, 4, 5))
    repo.add_annotation(note)
    assert repo.get_annotation(note.id).created == datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)


def test_session_names_are_unique_and_checked(repo: Repository) -> None:
    repo.create_session("one", articles(2))
    with pytest.raises(AlreadyExists, match="already exists"):
        repo.create_session("one", articles(2))
    repo.create_session("two", articles(2))
    with pytest.raises(AlreadyExists):
        repo.rename_session("one", "two")
    for bad in ("", " padded", "x" * 201, "tab\there"):
        with pytest.raises(InputError):
            repo.create_session(bad, articles(1))
    with pytest.raises(NotFound, match="no session named 'three'"):
        repo.load_session("three")


def test_rename_keeps_everything(repo: Repository) -> None:
    session = repo.create_session("old", articles(2))
    repo.add_annotation(annotation(session.articles[0]))
    before = repo.load_session("old")
    repo.rename_session("old", "new")
    after = repo.load_session("new")
    assert after.name == "new" and after.articles == before.articles
    assert after.annotations == before.annotations and after.updated >= before.updated
    with pytest.raises(NotFound):
        repo.load_session("old")


def test_delete_returns_what_insert_puts_back(repo: Repository) -> None:
    session = repo.create_session("s", articles(2))
    repo.add_annotation(annotation(session.articles[0]))
    repo.add_annotation(annotation(session.articles[1], "fighters", tag="needs source"))
    repo.set_verdict("s", _verdict("A1|B1"))
    full = repo.load_session("s")
    deleted = repo.delete_session("s")
    assert deleted == full
    with pytest.raises(NotFound):
        repo.load_session("s")
    repo.insert_session(deleted)
    assert repo.load_session("s") == full


def test_summaries_count_articles_annotations_relations(repo: Repository) -> None:
    session = repo.create_session("b", articles(2))
    repo.create_session("a", articles(3))
    for quote in ("killed", "strike", "Green Zone"):
        repo.add_annotation(annotation(session.articles[0], quote))
    repo.save_comparison("b", comparison([a.article for a in session.articles]))
    summaries = {s.name: s for s in repo.list_sessions()}
    assert [s.name for s in repo.list_sessions()] == ["a", "b"]
    assert (summaries["b"].articles, summaries["b"].annotations, summaries["b"].relations) == (
        2,
        3,
        2,
    )
    assert (summaries["a"].articles, summaries["a"].annotations, summaries["a"].relations) == (
        3,
        0,
        None,
    )
    repo.add_article("b", article("A new text.", index=7))
    assert {s.name: s for s in repo.list_sessions()}["b"].relations is None  # stale cache


def test_add_article_in_the_middle_then_undo_by_remove(repo: Repository) -> None:
    repo.create_session("s", articles(3))
    before = repo.load_session("s")
    added = repo.add_article("s", article("Inserted story.", index=9), position=1)
    during = repo.load_session("s")
    assert [a.key for a in during.articles] == [
        before.articles[0].key,
        added.key,
        before.articles[1].key,
        before.articles[2].key,
    ]
    assert [a.article.id for a in during.articles] == ["A", "B", "C", "D"]
    assert during.articles[1] == added
    removed, notes = repo.remove_article("s", added.key)
    assert removed == added and notes == ()
    assert repo.load_session("s").articles == before.articles
    with pytest.raises(InputError):
        repo.add_article("s", article("x"), position=9)


def test_remove_article_then_undo_restores_it_with_its_annotations(repo: Repository) -> None:
    session = repo.create_session("s", articles(3))
    middle = session.articles[1]
    for quote in ("fighters", "Wednesday"):
        repo.add_annotation(annotation(middle, quote))
    repo.add_annotation(annotation(session.articles[2], "drone"))
    before = repo.load_session("s")
    removed, notes = repo.remove_article("s", middle.key)
    assert len(notes) == 2 and {n.article_key for n in notes} == {middle.key}
    during = repo.load_session("s")
    assert [a.article.id for a in during.articles] == ["A", "B"]
    assert len(during.annotations) == 1
    repo.add_article(
        "s",
        removed.article,
        position=removed.position,
        key=removed.key,
        imported=removed.imported,
        annotations=notes,
    )
    assert repo.load_session("s").articles == before.articles
    assert sorted(repo.load_session("s").annotations, key=lambda a: a.id) == sorted(
        before.annotations, key=lambda a: a.id
    )


def test_replace_article_stores_text_and_reanchored_annotations(repo: Repository) -> None:
    session = repo.create_session("s", articles(2))
    target = session.articles[0]
    note = repo.add_annotation(annotation(target, "killed"))
    new_text = "Update: " + target.article.text
    moved = replace(
        note,
        anchor=replace(note.anchor, start=note.anchor.start + 8, end=note.anchor.end + 8),
        state=AnchorState.MOVED,
    )
    stored = repo.replace_article("s", target.key, replace(target.article, text=new_text), [moved])
    assert stored.key == target.key and stored.text_sha256 == sha256_hex(new_text)
    loaded = repo.load_session("s")
    assert loaded.articles[0].article.text == new_text
    assert loaded.annotations == (replace(moved, version=2),)
    # A stale annotation version refuses the whole reload.
    with pytest.raises(ConcurrentEdit):
        repo.replace_article("s", target.key, replace(target.article, text="Other."), [moved])
    assert repo.load_session("s") == loaded


def test_comparison_cache_round_trip(repo: Repository) -> None:
    session = repo.create_session("s", articles(3))
    made = comparison([a.article for a in session.articles])
    repo.save_comparison("s", made)
    assert repo.load_comparison("s") == made
    opened, cached = repo.open_session("s")
    assert opened == repo.load_session("s") and cached == made
    assert repo.load_comparison("s", engine="crosscheck test", settings=made.settings) == made
    assert repo.load_comparison("s", engine="crosscheck 9.9") is None
    assert repo.load_comparison("s", settings=Settings(sensitivity=0.9)) is None
    # Saving again under the same key replaces; another setting sits beside it.
    other = replace(made, settings=Settings(sensitivity=0.9), relations=made.relations[:1])
    repo.save_comparison("s", made)
    repo.save_comparison("s", other)
    assert repo.load_comparison("s", settings=made.settings) == made
    assert repo.load_comparison("s", settings=other.settings) == other


def test_a_cached_comparison_is_only_used_for_the_same_texts(repo: Repository) -> None:
    session = repo.create_session("s", articles(2))
    made = comparison([a.article for a in session.articles])
    repo.save_comparison("s", made)
    target = session.articles[1]
    repo.replace_article("s", target.key, replace(target.article, text="Edited."))
    assert repo.load_comparison("s") is None
    with pytest.raises(StaleAnalysis):
        repo.save_comparison("s", made)


def test_a_comparison_another_version_stored_is_analysed_again(repo: Repository) -> None:
    """A difference type this version does not know (a newer Crosscheck
    wrote it) makes the stored comparison a miss, not a crash."""
    session = repo.create_session("s", articles(2))
    repo.save_comparison("s", comparison([a.article for a in session.articles]))
    with repo.store.write() as db:
        document = db.scalar(select(AnalysisRow.document))
        assert document is not None
        stored = json.loads(document)
        differences = [d for r in stored["comparison"]["relations"] for d in r["differences"]]
        assert differences, "the test needs a stored difference"
        differences[0]["type"] = "rumour"  # only the difference's type: facts keep theirs
        db.execute(update(AnalysisRow).values(document=json.dumps(stored)))
    assert repo.load_comparison("s") is None
    opened, cached = repo.open_session("s")
    assert cached is None and opened == repo.load_session("s")


def test_annotation_add_edit_delete(repo: Repository) -> None:
    session = repo.create_session("s", articles(2))
    note = annotation(session.articles[0])
    added = repo.add_annotation(note)
    assert added.version == 1 and repo.get_annotation(note.id) == added
    with pytest.raises(AlreadyExists):
        repo.add_annotation(note)
    edited = repo.edit_annotation(
        replace(
            added,
            note="three or two?",
            tag="my own tag",
            status=AnnotationStatus.RESOLVED,
            relation_key="A1|B1",
            updated=T0 + timedelta(days=1),
        )
    )
    assert edited.version == 2
    assert repo.get_annotation(note.id) == edited
    assert repo.load_session("s").annotations == (edited,)
    repo.delete_annotation(edited)
    with pytest.raises(NotFound):
        repo.get_annotation(note.id)
    repo.delete_annotation(edited)  # already gone: nothing lost, no error


def test_an_annotation_needs_an_existing_article(repo: Repository) -> None:
    session = repo.create_session("s", articles(1))
    orphan = replace(annotation(session.articles[0]), article_key="0" * 32)
    with pytest.raises(NotFound):
        repo.add_annotation(orphan)


def test_every_action_is_committed_when_it_returns(store_url: str, repo: Repository) -> None:
    session = repo.create_session("s", articles(2))
    note = repo.add_annotation(annotation(session.articles[0]))
    repo.set_verdict("s", _verdict("A1|B1"))
    with open_store(store_url) as other:
        seen = Repository(other).load_session("s")
    assert seen.annotations == (note,) and len(seen.verdicts) == 1


def test_a_stale_edit_is_refused_not_lost(store_url: str, repo: Repository) -> None:
    session = repo.create_session("s", articles(1))
    note = repo.add_annotation(annotation(session.articles[0]))
    with open_store(store_url) as other_store:
        desk_b = Repository(other_store)
        theirs = desk_b.get_annotation(note.id)
        mine = repo.edit_annotation(replace(note, note="mine"))
        with pytest.raises(ConcurrentEdit, match="version 1, the stored one is version 2") as err:
            desk_b.edit_annotation(replace(theirs, note="theirs"))
        assert err.value.found == 2
        with pytest.raises(ConcurrentEdit):
            desk_b.delete_annotation(theirs)
        assert repo.get_annotation(note.id) == mine
        # After reloading, desk B's change goes through.
        fresh = desk_b.get_annotation(note.id)
        assert desk_b.edit_annotation(replace(fresh, note="theirs")).version == 3
        # An edit of an annotation someone deleted says so.
        repo.delete_annotation(repo.get_annotation(note.id))
        with pytest.raises(ConcurrentEdit, match="deleted") as gone:
            desk_b.edit_annotation(fresh)
        assert gone.value.found is None


def test_changes_bump_the_session_time(repo: Repository) -> None:
    ticks = iter(T0 + timedelta(minutes=i) for i in range(100))
    clocked = Repository(repo.store, clock=lambda: next(ticks))
    session = clocked.create_session("s", articles(1))
    clocked.add_annotation(annotation(session.articles[0]))
    assert clocked.load_session("s").updated == T0 + timedelta(minutes=1)


def test_verdicts_set_replace_clear(repo: Repository) -> None:
    repo.create_session("s", articles(2))
    long_key = "A|" + "three fighters were killed " * 300  # beyond an index entry
    first = _verdict(long_key)
    assert repo.set_verdict("s", first) is None
    retyped = RelationVerdict(long_key, Verdict.RETYPED, RelationKind.MATCH, "same", T0)
    assert repo.set_verdict("s", retyped) == first
    repo.set_verdict("s", _verdict("other"))
    assert set(repo.load_session("s").verdicts) == {retyped, _verdict("other")}
    assert repo.clear_verdict("s", long_key) == retyped
    assert repo.clear_verdict("s", long_key) is None
    assert repo.load_session("s").verdicts == (_verdict("other"),)


def _verdict(key: str) -> RelationVerdict:
    return RelationVerdict(key, Verdict.CONFIRMED, None, "checked with the ministry", T0)


def test_find_session_by_its_texts_in_order(repo: Repository) -> None:
    three = articles(3)
    repo.create_session("first", three)
    repo.create_session("two only", three[:2])
    hashes = [sha256_hex(a.text) for a in three]
    assert repo.find_session(hashes) == "first"
    assert repo.find_session(hashes[:2]) == "two only"
    assert repo.find_session(list(reversed(hashes))) is None  # order matters
    assert repo.find_session([]) is None
    repo.create_session("again", three)
    repo.rename_session("again", "again, renamed")  # the newest update wins
    assert repo.find_session(hashes) == "again, renamed"


def test_a_new_session_and_its_analysis_are_stored_in_one_transaction(
    repo: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 12, point 12: `session new` leaves no session without analysis."""
    items = articles(2)
    made = comparison([replace(a, id=article_letter(n)) for n, a in enumerate(items)])
    writes: list[int] = []
    write = repo.store.write

    def counted() -> Any:
        writes.append(1)
        return write()

    monkeypatch.setattr(repo.store, "write", counted)
    created = repo.create_session("s", items, made)
    assert len(writes) == 1
    session, cached = repo.open_session("s", engine=made.engine, settings=made.settings)
    assert session == created and cached == made
    assert repo.list_sessions()[0].relations == len(made.relations)


def test_a_new_session_whose_analysis_cannot_be_stored_is_not_stored(repo: Repository) -> None:
    items = articles(2)
    other = comparison(articles(3)[1:])  # made from other texts
    with pytest.raises(StaleAnalysis):
        repo.create_session("s", items, other)
    assert repo.list_sessions() == []
    repo.create_session("s", items)  # the name is free: nothing was half-made
    assert repo.load_comparison("s") is None


def test_a_pasted_article_is_stored_and_read_back_with_its_origin(repo: Repository) -> None:
    from app.domain import Origin
    from app.importing.pasting import Clipboard, article_from_clipboard

    pasted = article_from_clipboard(
        Clipboard(
            html="<h1>Strike</h1><p>A drone strike killed three people, the ministry said.</p>",
            formats={"chromium/x-source-url": b"https://news.example/strike"},
        )
    )
    created = repo.create_session("pasted", [articles(1)[0], pasted])
    loaded = repo.load_session("pasted")
    assert loaded == created
    source = loaded.articles[1].article.source
    assert (source.origin, source.url, source.path) == (
        Origin.CLIPBOARD,
        "https://news.example/strike",
        "",
    )
