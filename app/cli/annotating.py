"""`crosscheck annotate` and `crosscheck verdict`: the reporter's notes on a
quote and judgements of a relation, stored as the window stores them."""

from __future__ import annotations

import argparse
import shlex
from typing import TYPE_CHECKING, TextIO

from app.cli.common import EXIT_OK, repository
from app.cli.options import database_parent
from app.errors import InputError

if TYPE_CHECKING:
    from app.cli.common import Subcommands


def add_parsers(commands: Subcommands) -> None:
    db = database_parent()
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
    annotate.set_defaults(handler=run_annotate)

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
    verdict.set_defaults(handler=run_verdict)


def run_annotate(args: argparse.Namespace, out: TextIO) -> int:
    from app.editing.anchoring import find_quote, make_anchor
    from app.editing.commands import AddAnnotation
    from models.apply import apply_command

    with repository(args) as repo:
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


def run_verdict(args: argparse.Namespace, out: TextIO) -> int:
    from app import ENGINE_VERSION
    from app.domain import RelationKind
    from app.editing.commands import SetVerdict
    from app.editing.verdicts import judge
    from app.session import Verdict
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
    with repository(args) as repo:
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
