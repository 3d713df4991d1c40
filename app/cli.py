"""The command line, and the one composition root of the program.

It may reach ``models`` (persistence) and, inside the function that opens the
window only, ``ui``.  Nothing heavy is imported at module level: ``crosscheck
--help`` and ``--version`` must not load spaCy, SQLAlchemy or Qt.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import shlex
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from app import __version__
from app.errors import CrosscheckError, InputError, one_paragraph
from app.export.formats import FORMATS, Format, format_of, parse_format
from app.safe_text import (
    TERMINAL_ERRORS,
    has_undecodable,
    refuse_undecodable,
    replace_undecodable,
    terminal_safe,
)

if TYPE_CHECKING:
    # Types only: models/ is imported at run time inside the handlers.
    from app.domain import Article, Comparison, Settings
    from app.session import Annotation, Session, SessionArticle
    from app.verdicts import Judgements
    from models.repository import Repository

Handler = Callable[[argparse.Namespace, TextIO], int]

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_BAD_INPUT = 2
# Arguments that name files: they may hold any bytes the system allows
# (app.safe_text).  Every other text argument is words to keep or look up.
_PATH_ARGUMENTS = frozenset({"files", "json", "pdf", "out", "db", "screenshot", "backup"})
_ARGUMENT_NAMES = {"name": "session name", "old": "session name", "new": "new session name"}


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors in our one-paragraph style."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(
            f"crosscheck: {message}. The command line could not be understood; "
            f"run '{self.prog} --help' for the accepted arguments.\n"
        )
        raise SystemExit(EXIT_BAD_INPUT)


def _sensitivity(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"sensitivity must be between 0 and 1, got {value}")
    return value


def _window_size(text: str) -> tuple[int, int]:
    """ "1280x800" -> (1280, 800)."""
    width, sep, height = text.lower().partition("x")
    try:
        size = (int(width), int(height))
    except ValueError:
        size = (0, 0)
    if not sep or not (640 <= size[0] <= 10_000 and 480 <= size[1] <= 10_000):
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a window size: give WIDTHxHEIGHT in pixels, such as 1280x800"
        )
    return size


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="crosscheck",
        description=(
            "Compare news articles about one story: the claims they share, where they "
            "agree and where they contradict each other."
        ),
    )
    parser.add_argument("--version", action="version", version=f"crosscheck {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    gui = commands.add_parser(
        "gui",
        help="open the window, optionally on article files",
        description=(
            "Open the Crosscheck window. Files given are imported and compared; more can "
            "be dropped onto the window or opened from the File menu."
        ),
    )
    gui.add_argument("files", nargs="*", metavar="FILE", help="article files to open")
    gui.add_argument(
        "--screenshot",
        metavar="PNG",
        help="once the analysis is done and drawn, save the window to PNG and exit",
    )
    gui.add_argument(
        "--size",
        type=_window_size,
        metavar="WIDTHxHEIGHT",
        help="the window's size in pixels, such as 1280x800 (default: as last left; "
        "with --screenshot, 1440x900)",
    )
    gui.add_argument(
        "--theme",
        choices=("system", "light", "dark"),
        help="colour theme for this run (default: the one chosen in Preferences)",
    )
    gui.add_argument(
        "--session",
        metavar="NAME",
        help="reopen a saved session instead of opening files",
    )
    gui.add_argument(
        "--db",
        metavar="PATH",
        help="the database the sessions are saved in (default: $CROSSCHECK_DB, "
        "then the one in your data folder)",
    )
    gui.set_defaults(handler=_cmd_gui)

    analyze = commands.add_parser(
        "analyze",
        help="compare two or more article files and report matches and conflicts",
        description=(
            "Compare two or more articles (.txt, .md, .html, .docx, .pdf). Without --json, "
            "print a readable report: per pair of articles the conflicts first, then the "
            "matches, then counts."
        ),
    )
    analyze.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="article files (two or more); '-' reads one article from standard input",
    )
    _title_option(analyze)
    analyze.add_argument(
        "--json", metavar="PATH", help="write the JSON contract to PATH ('-' for stdout)"
    )
    _engine_options(analyze)
    analyze.add_argument(
        "--matches",
        action="store_true",
        help="in the readable report, list every match (default: conflicts and a summary)",
    )
    analyze.add_argument(
        "--possible",
        action="store_true",
        help="also report the links and conflicts the engine is not sure of, each marked "
        "possible (default: only those it is sure of)",
    )
    analyze.add_argument("--db", metavar="PATH", help=argparse.SUPPRESS)
    analyze.set_defaults(handler=_cmd_analyze)

    db = _Parser(add_help=False)
    db.add_argument(
        "--db",
        metavar="PATH",
        help="the database: a file or a SQLAlchemy URL (default: $CROSSCHECK_DB, then "
        "crosscheck.sqlite3 in your user data folder)",
    )
    sessions = commands.add_parser(
        "sessions", parents=[db], help="list the saved sessions", description="List sessions."
    )
    sessions.add_argument("--json", action="store_true", help="print a JSON list")
    sessions.set_defaults(handler=_cmd_sessions)

    session = commands.add_parser(
        "session",
        help="create, show, reload, rename or delete a saved session",
        description="Work with one saved session: its articles, analysis and annotations.",
    )
    actions = session.add_subparsers(
        dest="action", metavar="ACTION", parser_class=_Parser, required=True
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
    _title_option(new)
    _engine_options(new)
    new.set_defaults(handler=_cmd_session_new)
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
    show.set_defaults(handler=_cmd_session_show)
    reload = actions.add_parser(
        "reload",
        parents=[db],
        help="re-import changed source files, re-anchor annotations, re-analyse",
    )
    reload.add_argument("name", metavar="NAME")
    reload.set_defaults(handler=_cmd_session_reload)
    rename = actions.add_parser("rename", parents=[db], help="rename a session")
    rename.add_argument("old", metavar="OLD")
    rename.add_argument("new", metavar="NEW")
    rename.set_defaults(handler=_cmd_session_rename)
    delete = actions.add_parser("delete", parents=[db], help="delete a session and its notes")
    delete.add_argument("name", metavar="NAME")
    delete.add_argument(
        "--yes", action="store_true", help="do not ask (required when not run in a terminal)"
    )
    delete.set_defaults(handler=_cmd_session_delete)

    annotate = commands.add_parser(
        "annotate",
        parents=[db],
        help="attach a note to a quote in an article of a session",
        description="Annotate a quote; prints the new annotation's id.",
    )
    annotate.add_argument("--session", required=True, metavar="NAME")
    annotate.add_argument(
        "--article", required=True, type=int, metavar="N", help="1 for the first article, ..."
    )
    annotate.add_argument("--quote", required=True, metavar="TEXT", help="the words to annotate")
    annotate.add_argument("--note", required=True, metavar="TEXT")
    annotate.add_argument(
        "--tag",
        default="other",
        help="discrepancy, verified, needs source, opinion, other (default), or your own",
    )
    annotate.add_argument(
        "--occurrence", type=int, metavar="K", help="which occurrence of a repeated quote"
    )
    annotate.set_defaults(handler=_cmd_annotate)

    verdict = commands.add_parser(
        "verdict",
        parents=[db],
        help="confirm, reject or retype a relation of a session (or clear your verdict)",
        description=(
            "Record your verdict on one relation of a saved session, as the window's "
            "Confirm / Reject / Retype do. The relation is named by its id, its two claims "
            "as `crosscheck session show` lists them (for example A3-B7, either order)."
        ),
    )
    verdict.add_argument("--session", required=True, metavar="NAME")
    verdict.add_argument(
        "--relation", required=True, metavar="ID", help="the relation's id, e.g. A3-B7"
    )
    verdict.add_argument(
        "verdict",
        choices=("confirm", "reject", "retype", "clear"),
        help="confirm, reject, retype KIND, or clear (forget your verdict)",
    )
    verdict.add_argument(
        "kind",
        nargs="?",
        choices=("match", "conflict"),
        metavar="KIND",
        help="after retype: what the relation is, match or conflict",
    )
    verdict.add_argument("--note", default="", metavar="TEXT", help="why (kept with the verdict)")
    verdict.set_defaults(handler=_cmd_verdict)

    restore = commands.add_parser(
        "restore",
        parents=[db],
        help="put back a backup of a damaged database (the damaged file is set aside)",
    )
    restore.add_argument(
        "--from", dest="backup", metavar="BACKUP", help="this backup (default: the newest good one)"
    )
    restore.set_defaults(handler=_cmd_restore)

    export = commands.add_parser(
        "export",
        parents=[db],
        help="write the summary of a session, or of files (analysed first), as an annotated "
        "PDF, Markdown or Word, or its relations as CSV",
    )
    export.add_argument("files", nargs="*", metavar="FILE", help="articles, when not --session")
    export.add_argument("--session", metavar="NAME", help="a saved session")
    target = export.add_mutually_exclusive_group(required=True)
    target.add_argument(
        "--out",
        "-o",
        metavar="OUT",
        help="the file to write; its ending (.pdf, .md, .docx, .csv) picks the format",
    )
    target.add_argument("--pdf", metavar="OUT.pdf", help="the PDF to write (same as --out)")
    export.add_argument(
        "--format",
        choices=FORMATS,
        help="pdf, md (Markdown), docx (Word) or csv (the relations); "
        "default: from the file's ending, else pdf",
    )
    export.add_argument(
        "--no-texts", action="store_true", help="leave the full texts out (summary only)"
    )
    export.add_argument(
        "--only-open", action="store_true", help="open annotations only, no rejected relations"
    )
    export.add_argument(
        "--kinds",
        default="conflict,match",
        help="relation kinds to include: conflict, match or both (default conflict,match)",
    )
    export.add_argument("--paper", choices=("A4", "Letter"), default="A4", help="paper size")
    export.add_argument(
        "--possible",
        action="store_true",
        help="also include the relations the engine is not sure of",
    )
    _engine_options(export)
    export.set_defaults(handler=_cmd_export)
    return parser


def _title_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--title",
        default="",
        metavar="TEXT",
        help="the title of the article read from standard input ('-'); default: the "
        "title its HTML gives, else its first line",
    )


def _engine_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--sensitivity",
        type=_sensitivity,
        default=None,
        help="0 links only near-identical claims, 1 links generously (default 0.5)",
    )
    parser.add_argument(
        "--model", metavar="NAME", default="", help="spaCy pipeline to use (an installed one)"
    )


def _settings(args: argparse.Namespace) -> Settings:
    from app.domain import Settings

    defaults = Settings()
    return Settings(
        sensitivity=defaults.sensitivity if args.sensitivity is None else args.sensitivity,
        spacy_model=args.model or "",
    )


STDIN_ARGUMENT = "-"


def import_articles(paths: Sequence[str], *, title: str = "") -> list[Article]:
    """Import every file ('-': the article on standard input, named
    ``title``), collecting all refusals into one message."""
    from app.importing import import_file
    from app.session import article_letter

    _check_stdin_arguments(paths, title)
    articles: list[Article] = []
    problems: list[str] = []
    for index, path in enumerate(paths):
        try:
            if path == STDIN_ARGUMENT:
                article = _read_stdin(article_letter(index), title)
            else:
                article = import_file(path, article_id=article_letter(index))
        except CrosscheckError as exc:
            problems.append(exc.message())
            continue
        articles.append(article)
        for warning in article.warnings:
            _warn(warning)
    if problems:
        raise InputError(" ".join(problems))
    return articles


def _check_stdin_arguments(paths: Sequence[str], title: str) -> None:
    if paths.count(STDIN_ARGUMENT) > 1:
        raise InputError(
            "'-' (standard input) was given more than once",
            "standard input holds one article and can be read only once",
            "Give '-' once and the other articles as files",
        )
    if title.strip() and STDIN_ARGUMENT not in paths:
        raise InputError(
            "--title was given, but no article is read from standard input",
            "--title names the article given as '-'; a file's title comes from the file",
            "Add '-' to the files and pipe the article in, or leave --title out",
        )


def _read_stdin(article_id: str, title: str) -> Article:
    """The article on standard input, read up to the importer's size limit
    (one byte more, so that a larger one is refused, never read whole)."""
    from app.importing import MAX_SOURCE_BYTES
    from app.importing.pasting import article_from_stdin

    stream = sys.stdin
    if stream is None:
        raise InputError(
            "There is no standard input to read the article '-' from",
            "this program was started without one",
            "Pipe the article in, for example: crosscheck analyze a.txt - < story.html",
        )
    if stream.isatty():
        sys.stderr.write(
            "crosscheck: reading the article '-' from the terminal; paste it, then press "
            "Ctrl+D on a line of its own (Ctrl+Z, Enter on Windows).\n"
        )
    data = stream.buffer.read(MAX_SOURCE_BYTES + 1)
    return article_from_stdin(data, title=title, article_id=article_id)


def _shown_paths(paths: Sequence[str]) -> list[str]:
    """The files as a report names them: '-' is standard input."""
    return ["(standard input)" if p == STDIN_ARGUMENT else p for p in paths]


def _compare(articles: Sequence[Article], settings: Settings) -> Comparison:
    """compare(), with its progress on stderr when that is a terminal."""
    from app.engine import compare
    from app.terminal_progress import terminal_progress

    with terminal_progress() as progress:
        return compare(articles, settings=settings, progress=progress)


def _need_two(files: Sequence[str], example: str) -> None:
    if len(files) < 2:
        raise InputError(
            f"Only one article was given ({files[0]})",
            "a comparison needs at least two articles about the same story",
            f"Pass two or more files, for example: {example}",
        )


def _cmd_analyze(args: argparse.Namespace, out: TextIO) -> int:
    _need_two(args.files, "crosscheck analyze a.txt b.txt")
    articles = import_articles(args.files, title=args.title)

    found = _compare(articles, _settings(args))
    comparison = found.shown(args.possible)
    if args.json:
        from app.serialize import comparison_to_json

        payload = _json_text(comparison_to_json(comparison, args.files))
        if args.json == "-":
            out.write(payload)
        else:
            _write_text(Path(args.json), payload)
    else:
        from app.report import text_report

        out.write(
            text_report(
                comparison,
                _shown_paths(args.files),
                show_matches=args.matches,
                hidden=len(found.relations) - len(comparison.relations),
            )
        )
    return EXIT_OK


def _cmd_gui(args: argparse.Namespace, out: TextIO) -> int:
    # Qt is imported here only: no other command loads it.
    if args.session and args.files:
        raise InputError(
            "both files and --session were given",
            "The window opens either new articles (a new session) or a saved session",
            "Give the files, or --session NAME, not both",
        )
    if args.screenshot and not _has_display():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # a picture needs no screen
    elif not _has_display():
        raise InputError(
            "there is no display to open the window on",
            "Neither DISPLAY nor WAYLAND_DISPLAY is set (a remote shell or a server)",
            "Run crosscheck in a desktop session; here, 'crosscheck analyze FILE FILE' "
            "prints the comparison and 'crosscheck --help' lists every command",
        )
    from app.analysis_process import shared_process

    # Before Qt is even imported: the analysis process loads spaCy meanwhile.
    shared_process().start()
    try:
        from ui.app import run
    except ModuleNotFoundError as exc:
        if not (exc.name or "").startswith("PySide6"):
            raise
        raise InputError(
            "the window cannot open: Qt for Python (PySide6) is not installed here",
            "This environment has Crosscheck's core without its window",
            "Install Crosscheck with its dependencies (pip install crosscheck, or "
            "scripts/sample); meanwhile 'crosscheck analyze FILE FILE' prints the comparison",
        ) from exc

    return run(
        args.files,
        screenshot=args.screenshot,
        db=args.db,
        theme=args.theme,
        session=args.session,
        size=args.size,
    )


# ---------------------------------------------------------------------------
# Sessions (DESIGN.md section 8).  Every change goes through an app.commands
# command stored by models.apply, in its own short transaction.


@contextmanager
def _repository(args: argparse.Namespace) -> Iterator[Repository]:
    from models.repository import Repository
    from models.store import open_store

    with open_store(args.db) as store:
        yield Repository(store)


def _cmd_sessions(args: argparse.Namespace, out: TextIO) -> int:
    with _repository(args) as repo:
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
        _write_json(out, rows)
    elif not summaries:
        out.write(f"No sessions in {where}. Create one: crosscheck session new NAME FILE FILE\n")
    else:
        table = [("NAME", "ARTICLES", "ANNOTATIONS", "RELATIONS", "UPDATED")]
        for s in summaries:
            relations = "-" if s.relations is None else str(s.relations)
            table.append(
                (s.name, str(s.articles), str(s.annotations), relations, _local(s.updated))
            )
        widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
        for row in table:
            out.write("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
            out.write("\n")
    return EXIT_OK


def _cmd_session_new(args: argparse.Namespace, out: TextIO) -> int:
    from app.commands import clean_session_name

    name = clean_session_name(args.name)
    _need_two(args.files, "crosscheck session new NAME a.txt b.txt")
    with _repository(args) as repo:  # opened first: a damaged database fails fast
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
        comparison = _compare(articles, _settings(args))
        repo.create_session(name, articles, comparison)
        where = repo.store.where
    claims = sum(c.is_matchable for c in comparison.claims)
    out.write(
        f"Created session {name!r} in {where}: {len(articles)} articles, {claims} claims, "
        f"{_relation_counts(comparison)}.\n"
    )
    return EXIT_OK


def _cmd_session_show(args: argparse.Namespace, out: TextIO) -> int:
    """Never runs the NLP: without a cached analysis of the current texts by
    this engine, it says so and points to `session reload`."""
    from app import ENGINE_VERSION

    with _repository(args) as repo:
        session, comparison = repo.open_session(args.name, engine=ENGINE_VERSION)
        analysis = "cached"
        if comparison is None:
            older = repo.load_comparison(args.name) is not None
            analysis = "stale" if older else "missing"
    sources = {a.key: _source_state(a) for a in session.articles}
    listed = _Listed.of(session, comparison, args.possible)
    if args.json:
        _write_json(out, _session_json(session, listed, analysis, sources))
    else:
        out.write(_session_text(session, listed, analysis, sources))
    return EXIT_OK


def _cmd_session_reload(args: argparse.Namespace, out: TextIO) -> int:
    from app import ENGINE_VERSION
    from app.commands import ReloadArticle
    from app.domain import Settings
    from app.importing import import_file
    from app.importing.pasting import describe_origin
    from app.session import AnchorState
    from models.apply import apply_command

    lines: list[str] = []
    problems: list[str] = []
    with _repository(args) as repo:
        repo.store.check_writable()
        # The analysis of the texts as they are now gives the settings to keep.
        session, previous = repo.open_session(args.name)
        settings = previous.settings if previous is not None else Settings()
        for item in session.articles:
            state, path = _source_state(item), item.article.source.path
            if state == "changed":
                try:
                    fresh = import_file(path, article_id=item.article.id)
                except CrosscheckError as exc:
                    problems.append(exc.message())
                    state = "not reloaded (unreadable)"
                else:
                    command = ReloadArticle.create(session, item.key, fresh)
                    apply_command(repo, command, session=session.name)
                    session, state = command.do(session), "reloaded"
            elif state == "missing":
                state = "missing source (the stored text is kept)"
            if not item.article.source.has_file and not path:
                path = describe_origin(item.article.source, item.imported)
            lines.append(f"  {item.article.id}  {state}: {path}\n")
        current = repo.load_comparison(session.name, engine=ENGINE_VERSION, settings=settings)
        if current is None:
            current = _compare([a.article for a in session.articles], settings)
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
            line = f"  {a.id}  {letters[a.article_key]}  {_quoted(a.anchor.exact)}  {a.note}"
            out.write(terminal_safe(" ".join(line.split("\n"))) + "\n")
    out.write(f"Analysis {done}: {_relation_counts(current, session)}.\n")
    if problems:
        raise InputError(
            " ".join(problems),
            "The stored text of those articles was kept",
            f"Fix the files, then run: crosscheck session reload {shlex.quote(session.name)}",
        )
    return EXIT_OK


def _cmd_session_rename(args: argparse.Namespace, out: TextIO) -> int:
    from app.commands import RenameSession
    from models.apply import apply_command

    with _repository(args) as repo:
        session = repo.load_session(args.old)
        command = RenameSession.create(session, args.new)
        apply_command(repo, command, session=session.name)
    out.write(f"Renamed session {command.before!r} to {command.after!r}.\n")
    return EXIT_OK


def _cmd_session_delete(args: argparse.Namespace, out: TextIO) -> int:
    name = args.name
    with _repository(args) as repo:
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


def _cmd_annotate(args: argparse.Namespace, out: TextIO) -> int:
    from app.anchoring import find_quote, make_anchor
    from app.commands import AddAnnotation
    from models.apply import apply_command

    with _repository(args) as repo:
        session = repo.load_session(args.session)
        count = len(session.articles)
        if not 1 <= args.article <= count:
            raise InputError(
                f"there is no article {args.article} in the session {session.name!r}",
                f"It has {count} articles, numbered from 1 in session order",
                f"Give --article from 1 to {count}; `crosscheck session show` lists them",
            )
        target = session.articles[args.article - 1]
        text = target.article.text
        anchor = make_anchor(text, *find_quote(text, args.quote, args.occurrence))
        command = AddAnnotation.create(
            session, article_key=target.key, anchor=anchor, note=args.note, tag=args.tag
        )
        apply_command(repo, command, session=session.name)
    out.write(command.annotation.id + "\n")
    return EXIT_OK


def _cmd_verdict(args: argparse.Namespace, out: TextIO) -> int:
    from app import ENGINE_VERSION
    from app.commands import SetVerdict
    from app.domain import RelationKind
    from app.session import Verdict
    from app.verdicts import judge
    from models.apply import apply_command

    verdict = {
        "confirm": Verdict.CONFIRMED,
        "reject": Verdict.REJECTED,
        "retype": Verdict.RETYPED,
        "clear": None,
    }[args.verdict]
    if (verdict is Verdict.RETYPED) != (args.kind is not None):
        raise InputError(
            f"`{args.verdict}` {'needs a' if verdict is Verdict.RETYPED else 'takes no'} kind",
            "Only retyping says what the relation is instead: a match or a conflict",
            "Write `retype match` or `retype conflict`; confirm, reject and clear stand alone",
        )
    with _repository(args) as repo:
        session, comparison = repo.open_session(args.session, engine=ENGINE_VERSION)
        if comparison is None:
            raise InputError(
                f"the session {session.name!r} has no analysis of its current texts by "
                "this version",
                "A verdict judges a relation the analysis found, and there is none to judge",
                f"Run: crosscheck session reload {shlex.quote(session.name)}, then give the "
                "verdict again",
            )
        judged = judge(comparison, session).find(
            args.relation,
            where=f"the session {session.name!r}",
            listing=f"crosscheck session show {shlex.quote(session.name)} --possible",
        )
        assert judged.key is not None  # the session's own analysis: every article has a key
        kind = RelationKind(args.kind) if args.kind else None
        if verdict is None and judged.verdict is None:
            raise InputError(
                f"relation {judged.id} has no verdict to clear",
                f"It is a {judged.found}, as the engine found it",
                "Nothing to do; confirm, reject or retype it to give a verdict",
            )
        if kind is not None and kind is judged.found:
            raise InputError(
                f"relation {judged.id} is already a {kind}",
                "Retyping changes what the engine found, and it found a " + str(kind),
                f"Confirm it instead: crosscheck verdict --session {shlex.quote(session.name)} "
                f"--relation {judged.id} confirm",
            )
        command = SetVerdict.create(session, judged.key, verdict, kind=kind, note=args.note)
        apply_command(repo, command, session=session.name)
        now = judge(comparison, command.do(session)).find(judged.id)
    what = now.describe() or f"no verdict: a {now.found}, as the engine found"
    out.write(f"Relation {now.id}: {what}.\n")
    return EXIT_OK


def _cmd_restore(args: argparse.Namespace, out: TextIO) -> int:
    """Works on the file alone: the database is not opened (it may be damaged)."""
    from models.backups import restore
    from models.store import resolve

    path = resolve(args.db)[1]
    if path is None:
        raise InputError(
            "`crosscheck restore` works on a database file only",
            f"--db names a database server or an in-memory database ({args.db})",
            "Restore a server with its own tools (for PostgreSQL: pg_restore)",
        )
    backup = Path(args.backup).expanduser().absolute() if args.backup else None
    result = restore(path, backup)
    out.write(f"Restored {result.database} from the backup {result.backup}.\n")
    for aside in result.set_aside:
        out.write(f"The file it replaced was set aside, not deleted: {aside}\n")
    return EXIT_OK


# -- showing a session ------------------------------------------------------


def _export_format(args: argparse.Namespace) -> tuple[Format, Path]:
    """What to write and where: --pdf writes a PDF; --out takes the format
    from --format, else from the file's ending."""
    if args.pdf is not None:
        if args.format not in (None, "pdf"):
            raise InputError(
                f"--pdf and --format {args.format} disagree",
                "--pdf always writes a PDF",
                f"Run with --out FILE --format {args.format} instead",
            )
        return "pdf", Path(args.pdf)
    fmt = parse_format(args.format) if args.format else format_of(args.out)
    return fmt, Path(args.out)


def _cmd_export(args: argparse.Namespace, out: TextIO) -> int:
    from app import ENGINE_VERSION
    from app.export.write import DocumentResult, export_summary
    from app.pdf import ExportOptions

    fmt, target = _export_format(args)
    kinds = frozenset(k.strip() for k in args.kinds.split(",") if k.strip())
    if not kinds or kinds - {"conflict", "match"}:
        raise InputError(
            f"Unknown relation kinds '{args.kinds}'",
            "--kinds takes conflict, match, or both separated by a comma",
            "For example: --kinds conflict",
        )
    if bool(args.session) == bool(args.files):
        raise InputError(
            "Export needs either --session NAME or two or more files, not both or neither",
            "an export summarises one comparison",
            "Run: crosscheck export --session NAME --out out.pdf, or "
            "crosscheck export a.txt b.txt --out out.md",
        )
    session: Session | None = None
    if args.session:
        with _repository(args) as repo:
            session, comparison = repo.open_session(args.session, engine=ENGINE_VERSION)
        if comparison is None:
            raise InputError(
                f"Session '{args.session}' has no analysis of its current texts by this version",
                "exporting never re-runs the analysis behind your back",
                f"Run: crosscheck session reload {args.session}, then export again",
            )
    else:
        _need_two(args.files, "crosscheck export a.txt b.txt --out out.pdf")

        comparison = _compare(import_articles(args.files), _settings(args))
    options = ExportOptions(
        include_texts=not args.no_texts,
        only_open=args.only_open,
        kinds=kinds,
        paper=args.paper,
        title=args.session or None,
    )
    from app.verdicts import shown

    comparison = shown(comparison, session, args.possible)  # judged relations stay in
    result = export_summary(target, fmt, comparison=comparison, session=session, options=options)
    if isinstance(result, DocumentResult):
        out.write(f"Wrote {result.path}: {result.describe()}.\n")
        return EXIT_OK
    out.write(
        f"Wrote {result.path}: {result.pages} pages, {result.discrepancies} discrepancies, "
        f"{result.annotations} annotations, {result.highlights} PDF highlights.\n"
    )
    if result.unprintable:
        n = len(result.unprintable)
        out.write(
            f"{n} character{'s' if n != 1 else ''} could not be printed: no font on this "
            "computer has them. The PDF's cover lists them.\n"
        )
    return EXIT_OK


def _source_state(item: SessionArticle) -> str:
    """'unchanged', 'changed', 'missing' or 'unreadable (...)' (app.sources):
    only regular files are read, within the import limit, never blocking."""
    from app.sources import source_state

    return str(source_state(item.article.source))


def _relation_counts(comparison: Comparison, session: Session | None = None) -> str:
    """ "13 matches, 3 conflicts, 1 rejected (32 possible)": the relations
    shown by default, as the session's verdicts leave them (app.verdicts)."""
    listed = _Listed.of(session, comparison, False)
    counts = listed.judgements.counts() if listed.judgements is not None else {}
    text = f"{counts.get('match', 0)} matches, {counts.get('conflict', 0)} conflicts"
    if counts.get("rejected"):
        text += f", {counts['rejected']} rejected"
    return text + (f" ({listed.hidden} possible)" if listed.hidden else "")


def _analysis_note(name: str, analysis: str) -> str:
    why = {
        "missing": "No analysis is stored for the session's current texts",
        "stale": "The stored analysis was made by another version of Crosscheck",
    }[analysis]
    return f"{why}; run `crosscheck session reload {shlex.quote(name)}` to analyse them."


@dataclass(frozen=True, slots=True)
class _Listed:
    """The relations `session show` lists, as the verdicts leave them."""

    comparison: Comparison | None  # None: no analysis of the current texts
    judgements: Judgements | None  # of the relations listed
    hidden: int  # possible relations left out (without --possible)
    ids: dict[str, str]  # verdict key -> relation id, for every relation stored

    @staticmethod
    def of(session: Session | None, comparison: Comparison | None, possible: bool) -> _Listed:
        from app.verdicts import judge, shown

        if comparison is None:
            return _Listed(None, None, 0, {})
        ids = {j.key: j.id for j in judge(comparison, session) if j.key is not None}
        view = shown(comparison, session, possible)
        hidden = len(comparison.relations) - len(view.relations)
        return _Listed(view, judge(view, session), hidden, ids)


def _session_json(
    session: Session, listed: _Listed, analysis: str, sources: dict[str, str]
) -> dict[str, Any]:
    from app.serialize import relation_to_json

    letters = {a.key: a.article.id for a in session.articles}
    relations = []
    for judged in listed.judgements or ():
        item = {"id": judged.id, **relation_to_json(judged.relation)}
        item["verdict"] = str(judged.judgement) if judged.judgement else None
        item["effective_kind"] = str(judged.kind) if judged.kind else None
        item["articles"] = [c.article_id for c in judged.claims]
        item["texts"] = [c.text for c in judged.claims]
        relations.append(item)
    comparison = listed.comparison
    return {
        "name": session.name,
        "created": session.created.isoformat(),
        "updated": session.updated.isoformat(),
        "analysis": analysis,  # cached, stale (another engine version) or missing
        "engine": comparison.engine if comparison else None,
        "articles": [
            {
                "letter": a.article.id,
                "key": a.key,
                "title": a.article.title,
                "source_path": a.article.source.path,
                "source": sources[a.key],
                "origin": str(a.article.source.origin),
                "url": a.article.source.url or None,
                "format": a.article.source.format,
                "words": a.article.word_count,
                "imported": a.imported.isoformat(),
            }
            for a in session.articles
        ],
        # What the relations listed are now: their effective kinds.
        "counts": listed.judgements.counts() if listed.judgements is not None else None,
        "possible_hidden": listed.hidden,
        "relations": relations,
        "verdicts": [
            {
                "relation": listed.ids.get(v.relation_key),  # null: not in this analysis
                "relation_key": v.relation_key,
                "verdict": str(v.verdict),
                "kind": str(v.kind) if v.kind else None,
                "note": v.note,
                "updated": v.updated.isoformat(),
            }
            for v in session.verdicts
        ],
        "annotations": [_annotation_json(a, letters[a.article_key]) for a in session.annotations],
    }


def _annotation_json(a: Annotation, letter: str) -> dict[str, Any]:
    return {
        "id": a.id,
        "article": letter,
        "quote": a.anchor.exact,
        "start": a.anchor.start,
        "end": a.anchor.end,
        "state": str(a.state),
        "note": a.note,
        "tag": a.tag,
        "status": str(a.status),
        "author": a.author,
        "created": a.created.isoformat(),
        "updated": a.updated.isoformat(),
        "relation_key": a.relation_key,
    }


def _session_text(session: Session, listed: _Listed, analysis: str, sources: dict[str, str]) -> str:
    from app.importing.pasting import describe_origin
    from app.report import oriented_note
    from app.sources import SourceState

    hint = f"crosscheck session reload {shlex.quote(session.name)}"
    lines = [
        f"Session {session.name!r}: created {_local(session.created)}, "
        f"updated {_local(session.updated)}",
        "",
        "Articles:",
    ]
    for a in session.articles:
        lines.append(f"  {a.article.id}  {a.article.title}")
        where = a.article.source.path or describe_origin(a.article.source, a.imported)
        lines.append(f"     {where} ({a.article.word_count} words)")
        if sources[a.key] not in (SourceState.UNCHANGED, SourceState.NO_FILE):
            lines.append(f"     the source file is {sources[a.key]}; `{hint}` re-reads it")
    lines.append("")
    judgements = listed.judgements
    if judgements is None:
        lines.append(_analysis_note(session.name, analysis))
    else:
        counts = judgements.counts()
        summary = f"Relations: {counts['conflict']} conflicts, {counts['match']} matches"
        if counts["rejected"]:
            summary += f", {counts['rejected']} rejected"
        if listed.hidden:
            summary += f" ({listed.hidden} possible not listed; --possible lists them)"
        lines.append(summary)
        rank = {"conflict": 0, "match": 1, "rejected": 2}
        for judged in sorted(judgements, key=lambda j: rank[j.state]):
            first, second = judged.claims
            rel = judged.relation
            possible = " possible" if judged.possible else ""
            lines.append(f"  {judged.state}{possible}  {judged.id}  ({rel.confidence:.2f})")
            lines.append(f"     {first.article_id}: {_quoted(first.text)}")
            lines.append(f"     {second.article_id}: {_quoted(second.text)}")
            flipped = first.id != rel.claims[0]
            lines.extend(f"     - {oriented_note(d, flipped)}" for d in judged.disagreements)
            if judged.verdict is not None:
                lines.append(f"     verdict: {judged.describe()}")
    if session.verdicts:
        lines += ["", "Verdicts:"]
        for v in session.verdicts:
            kind = f" as {v.kind}" if v.kind else ""
            where = listed.ids.get(v.relation_key) or f"(not in this analysis) {v.relation_key}"
            lines.append(f"  {v.verdict}{kind}  {where}  {v.note}".rstrip())
    lines += ["", f"Annotations: {len(session.annotations)}"]
    letters = {a.key: a.article.id for a in session.articles}
    for n in session.annotations:
        lines.append(f"  {n.id}  {letters[n.article_key]}  {n.state}  [{n.tag}]  {n.status}")
        lines.append(f"     {_quoted(n.anchor.exact)}")
        if n.note:
            lines.append("     " + n.note.replace("\n", "\n     "))
    return terminal_safe("\n".join(lines) + "\n")


def _quoted(text: str, limit: int = 100) -> str:
    text = " ".join(text.split())
    return f"“{text}”" if len(text) <= limit else f"“{text[: limit - 3]}...”"


def _local(when: datetime) -> str:
    return when.astimezone().strftime("%Y-%m-%d %H:%M")


def _write_json(out: TextIO, data: object) -> None:
    out.write(_json_text(data))


def _json_text(data: object) -> str:
    """JSON is UTF-8 text: a stray byte of a file name becomes U+FFFD, and the
    user is told (the file itself is still read by its exact name)."""
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if not has_undecodable(text):
        return text
    _warn(
        one_paragraph(
            "a file name holds bytes that are not UTF-8; in the JSON each of them is "
            "written as \ufffd",
            "JSON is UTF-8 text, and those bytes are in another encoding (Latin-1, "
            "Windows-1252, ...); Crosscheck still reads and stores the files by their "
            "exact names",
            "To keep the names exact in JSON, rename the files to UTF-8 names "
            "(for example with convmv)",
        )
    )
    return replace_undecodable(text)


def _warn(message: str) -> None:
    sys.stderr.write(f"crosscheck: warning: {terminal_safe(message)}\n")


def _refuse_undecodable_arguments(args: argparse.Namespace) -> None:
    """Names, notes, quotes and tags must be UTF-8 text; paths may hold any
    bytes (they are used as they are)."""
    for name, value in vars(args).items():
        if isinstance(value, str) and name not in _PATH_ARGUMENTS:
            refuse_undecodable(value, _ARGUMENT_NAMES.get(name, f"{name} given with --{name}"))


def _escape_what_cannot_be_printed() -> None:
    """stdout and stderr show what their encoding cannot carry (a stray byte
    of a file name, a character a non-UTF-8 terminal lacks) as an escape such
    as \\xe9, instead of failing half-way through the output."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors=TERMINAL_ERRORS)


def _write_text(path: Path, text: str) -> None:
    from app.files import write_replacing

    try:
        write_replacing(path, lambda where: where.write_text(text, encoding="utf-8"))
    except OSError as exc:
        raise InputError(
            f"Could not write {path}",
            exc.strerror or str(exc),
            "Choose a writable location with free space",
        ) from None


def _has_display() -> bool:
    """Whether Qt can show a window here (a desktop, or a chosen platform)."""
    if sys.platform in ("win32", "darwin") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def main(argv: Sequence[str] | None = None) -> int:
    # A frozen build (PyInstaller and the like) starts the analysis process
    # through this entry point; elsewhere this does nothing.
    multiprocessing.freeze_support()
    _escape_what_cannot_be_printed()
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args(["gui"])  # plain `crosscheck` opens the window
    handler: Handler = args.handler
    try:
        _refuse_undecodable_arguments(args)
        return handler(args, sys.stdout)
    except CrosscheckError as exc:
        sys.stderr.write(f"crosscheck: {terminal_safe(exc.message())}\n")
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        sys.stderr.write("crosscheck: interrupted.\n")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # an internal error: say so, keep the traceback
        import traceback

        traceback.print_exc()
        sys.stderr.write(
            f"crosscheck: internal error ({type(exc).__name__}: {exc}). This is a bug in "
            "Crosscheck, not in your files; please report it with the message above.\n"
        )
        return EXIT_INTERNAL
