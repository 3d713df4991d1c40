"""`crosscheck sessions` and `crosscheck session new|show|reload|rename|delete`
(DESIGN.md section 8).  Every change goes through an app.editing.commands
command stored by models.apply, in its own short transaction."""

from __future__ import annotations

import argparse
import shlex
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from app.cli.articles import compare_articles, import_articles, need_two
from app.cli.common import EXIT_OK, Parser, local, quoted, repository, write_json
from app.cli.options import database_parent, engine_options, settings, title_option
from app.cli.session_view import (
    Listed,
    relation_counts,
    session_json,
    session_text,
    source_state,
)
from app.errors import CrosscheckError, InputError
from app.safe_text import terminal_safe

if TYPE_CHECKING:
    from app.cli.common import Subcommands


def add_parsers(commands: Subcommands) -> None:
    db = database_parent()
    sessions = commands.add_parser(
        "sessions", parents=[db], help="list the saved sessions", description="List sessions."
    )
    sessions.add_argument("--json", action="store_true", help="print a JSON list")
    sessions.set_defaults(handler=run_sessions)

    session = commands.add_parser(
        "session",
        help="create, show, reload, rename or delete a saved session",
        description="Work with one saved session: its articles, analysis and annotations.",
    )
    actions = session.add_subparsers(
        dest="action", metavar="ACTION", parser_class=Parser, required=True
    )
    new = actions.add_parser(
        "new", parents=[db], help="import articles, analyse them and save a session"
    )
    new.add_argument("name", metavar="NAME")
    new.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="article files (two or more); '-' reads one article from standard input",
    )
    title_option(new)
    engine_options(new)
    new.set_defaults(handler=run_session_new)
    show = actions.add_parser(
        "show", parents=[db], help="articles, relations, verdicts and annotations (no NLP run)"
    )
    show.add_argument("name", metavar="NAME")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.add_argument(
        "--possible",
        action="store_true",
        help="also list the relations the engine is not sure of (those you judged are "
        "always listed)",
    )
    show.set_defaults(handler=run_session_show)
    reload = actions.add_parser(
        "reload",
        parents=[db],
        help="re-import changed source files, re-anchor annotations, re-analyse",
    )
    reload.add_argument("name", metavar="NAME")
    reload.set_defaults(handler=run_session_reload)
    rename = actions.add_parser("rename", parents=[db], help="rename a session")
    rename.add_argument("old", metavar="OLD")
    rename.add_argument("new", metavar="NEW")
    rename.set_defaults(handler=run_session_rename)
    delete = actions.add_parser("delete", parents=[db], help="delete a session and its notes")
    delete.add_argument("name", metavar="NAME")
    delete.add_argument(
        "--yes", action="store_true", help="do not ask (required when not run in a terminal)"
    )
    delete.set_defaults(handler=run_session_delete)


def run_sessions(args: argparse.Namespace, out: TextIO) -> int:
    with repository(args) as repo:
        summaries, where = repo.list_sessions(), repo.store.where
    if args.json:
        rows = [
            {
                "name": s.name,
                "articles": s.articles,
                "annotations": s.annotations,
                "relations": s.relations,  # null: no analysis of the current texts
                "created": s.created.isoformat(),
                "updated": s.updated.isoformat(),
            }
            for s in summaries
        ]
        write_json(out, rows)
    elif not summaries:
        out.write(f"No sessions in {where}. Create one: crosscheck session new NAME FILE FILE\n")
    else:
        table = [("NAME", "ARTICLES", "ANNOTATIONS", "RELATIONS", "UPDATED")]
        for s in summaries:
            relations = "-" if s.relations is None else str(s.relations)
            table.append((s.name, str(s.articles), str(s.annotations), relations, local(s.updated)))
        widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
        for row in table:
            out.write("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
            out.write("\n")
    return EXIT_OK


def run_session_new(args: argparse.Namespace, out: TextIO) -> int:
    from app.editing.commands import clean_session_name

    name = clean_session_name(args.name)
    need_two(args.files, "crosscheck session new NAME a.txt b.txt")
    with repository(args) as repo:  # opened first: a damaged database fails fast
        repo.store.check_writable()  # before the analysis, whose result it could not save
        if any(s.name == name for s in repo.list_sessions()):
            raise InputError(
                f"a session named {name!r} already exists in {repo.store.where}",
                "Session names are unique",
                f"Choose another name, or delete the old one: crosscheck session delete "
                f"{shlex.quote(name)} --yes",
            )
        # Stored with absolute paths, so `session reload` works from any folder.
        articles = [
            replace(a, source=replace(a.source, path=str(Path(path).absolute())))
            if a.source.has_file
            else a
            for a, path in zip(
                import_articles(args.files, title=args.title), args.files, strict=True
            )
        ]
        comparison = compare_articles(articles, settings(args))
        repo.create_session(name, articles, comparison)
        where = repo.store.where
    claims = sum(c.is_matchable for c in comparison.claims)
    out.write(
        f"Created session {name!r} in {where}: {len(articles)} articles, {claims} claims, "
        f"{relation_counts(comparison)}.\n"
    )
    return EXIT_OK


def run_session_show(args: argparse.Namespace, out: TextIO) -> int:
    """Never runs the NLP: without a cached analysis of the current texts by
    this engine, it says so and points to `session reload`."""
    from app import ENGINE_VERSION

    with repository(args) as repo:
        session, comparison = repo.open_session(args.name, engine=ENGINE_VERSION)
        analysis = "cached"
        if comparison is None:
            older = repo.load_comparison(args.name) is not None
            analysis = "stale" if older else "missing"
    sources = {a.key: source_state(a) for a in session.articles}
    listed = Listed.of(session, comparison, args.possible)
    if args.json:
        write_json(out, session_json(session, listed, analysis, sources))
    else:
        out.write(session_text(session, listed, analysis, sources))
    return EXIT_OK


def run_session_reload(args: argparse.Namespace, out: TextIO) -> int:
    from app import ENGINE_VERSION
    from app.domain import Settings
    from app.editing.commands import ReloadArticle
    from app.importing import import_file
    from app.importing.pasting import describe_origin
    from app.session import AnchorState
    from app.sources import SourceState
    from models.apply import apply_command

    lines: list[str] = []
    problems: list[str] = []
    with repository(args) as repo:
        repo.store.check_writable()
        # The analysis of the texts as they are now gives the settings to keep.
        session, previous = repo.open_session(args.name)
        settings = previous.settings if previous is not None else Settings()
        for item in session.articles:
            found, path = source_state(item), item.article.source.path
            state = str(found)
            if found is SourceState.CHANGED:
                try:
                    fresh = import_file(path, article_id=item.article.id)
                except CrosscheckError as exc:
                    problems.append(exc.message())
                    state = "not reloaded (unreadable)"
                else:
                    command = ReloadArticle.create(session, item.key, fresh)
                    apply_command(repo, command, session=session.name)
                    session, state = command.do(session), "reloaded"
            elif found is SourceState.MISSING:
                state = "missing source (the stored text is kept)"
            if not item.article.source.has_file and not path:
                path = describe_origin(item.article.source, item.imported)
            lines.append(f"  {item.article.id}  {state}: {path}\n")
        current = repo.load_comparison(session.name, engine=ENGINE_VERSION, settings=settings)
        if current is None:
            current = compare_articles([a.article for a in session.articles], settings)
            repo.save_comparison(session.name, current)
            done = "re-run"
        else:
            done = "up to date, not re-run"
    count = {s: sum(a.state is s for a in session.annotations) for s in AnchorState}
    out.write(f"Session {session.name!r}:\n{''.join(lines)}")
    out.write(
        f"Annotations: {count[AnchorState.ANCHORED]} anchored, {count[AnchorState.MOVED]} "
        f"moved, {count[AnchorState.FUZZY]} fuzzy (needs review), "
        f"{count[AnchorState.ORPHANED]} orphaned.\n"
    )
    orphans = [a for a in session.annotations if a.state is AnchorState.ORPHANED]
    if orphans:
        out.write("Orphaned (kept, never dropped; re-attach them by hand):\n")
        letters = {a.key: a.article.id for a in session.articles}
        for a in orphans:
            line = f"  {a.id}  {letters[a.article_key]}  {quoted(a.anchor.exact)}  {a.note}"
            out.write(terminal_safe(" ".join(line.split("\n"))) + "\n")
    out.write(f"Analysis {done}: {relation_counts(current, session)}.\n")
    if problems:
        raise InputError(
            " ".join(problems),
            "The stored text of those articles was kept",
            f"Fix the files, then run: crosscheck session reload {shlex.quote(session.name)}",
        )
    return EXIT_OK


def run_session_rename(args: argparse.Namespace, out: TextIO) -> int:
    from app.editing.commands import RenameSession
    from models.apply import apply_command

    with repository(args) as repo:
        session = repo.load_session(args.old)
        command = RenameSession.create(session, args.new)
        apply_command(repo, command, session=session.name)
    out.write(f"Renamed session {command.before!r} to {command.after!r}.\n")
    return EXIT_OK


def run_session_delete(args: argparse.Namespace, out: TextIO) -> int:
    name = args.name
    with repository(args) as repo:
        if not args.yes:
            session = repo.load_session(name)  # a mistyped name is said first
            if not sys.stdin.isatty():
                raise InputError(
                    f"the session {name!r} was not deleted",
                    "Deleting needs a confirmation and there is no terminal to ask on",
                    f"Confirm with --yes: crosscheck session delete {shlex.quote(name)} --yes",
                )
            try:
                answer = input(
                    f"Delete session {name!r} ({len(session.articles)} articles, "
                    f"{len(session.annotations)} annotations)? [y/N] "
                )
            except EOFError:
                answer = ""
            if answer.strip().lower() not in ("y", "yes"):
                out.write("Nothing was deleted.\n")
                return EXIT_OK
        removed = repo.delete_session(name)
    out.write(
        f"Deleted session {name!r} ({len(removed.articles)} articles, "
        f"{len(removed.annotations)} annotations).\n"
    )
    return EXIT_OK
