"""`crosscheck export`: a session's (or some files') summary as PDF, Markdown
or Word, or its relations as CSV."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from app.cli.articles import (
    compare_articles,
    import_articles,
    need_two,
    refuse_writing_over_an_article,
)
from app.cli.common import EXIT_OK, repository
from app.cli.options import database_parent, engine_options, settings
from app.errors import InputError
from app.export.formats import FORMATS, Format, format_of, parse_format

if TYPE_CHECKING:
    from app.cli.common import Subcommands
    from app.domain import Comparison
    from app.session import Session


def add_parsers(commands: Subcommands) -> None:
    export = commands.add_parser(
        "export",
        parents=[database_parent()],
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
    engine_options(export)
    export.set_defaults(handler=run_export)


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


def _kinds(args: argparse.Namespace) -> frozenset[str]:
    kinds = frozenset(k.strip() for k in args.kinds.split(",") if k.strip())
    if not kinds or kinds - {"conflict", "match"}:
        raise InputError(
            f"Unknown relation kinds '{args.kinds}'",
            "--kinds takes conflict, match, or both separated by a comma",
            "For example: --kinds conflict",
        )
    return kinds


def _comparison(args: argparse.Namespace) -> tuple[Session | None, Comparison]:
    """The saved session's analysis, or the files' (analysed now)."""
    from app import ENGINE_VERSION

    if bool(args.session) == bool(args.files):
        raise InputError(
            "Export needs either --session NAME or two or more files, not both or neither",
            "an export summarises one comparison",
            "Run: crosscheck export --session NAME --out out.pdf, or "
            "crosscheck export a.txt b.txt --out out.md",
        )
    if not args.session:
        need_two(args.files, "crosscheck export a.txt b.txt --out out.pdf")
        return None, compare_articles(import_articles(args.files), settings(args))
    with repository(args) as repo:
        session, comparison = repo.open_session(args.session, engine=ENGINE_VERSION)
    if comparison is None:
        raise InputError(
            f"Session '{args.session}' has no analysis of its current texts by this version",
            "exporting never re-runs the analysis behind your back",
            f"Run: crosscheck session reload {args.session}, then export again",
        )
    return session, comparison


def run_export(args: argparse.Namespace, out: TextIO) -> int:
    from app.editing.verdicts import shown
    from app.export.pdf import ExportOptions
    from app.export.write import DocumentResult, export_summary

    fmt, target = _export_format(args)
    if args.files:
        option = "--pdf" if args.pdf is not None else "--out"
        refuse_writing_over_an_article(
            str(target),
            args.files,
            option,
            f"crosscheck export a.txt b.txt {option} summary.pdf",
            any_article=False,
        )
    kinds = _kinds(args)
    session, comparison = _comparison(args)
    options = ExportOptions(
        include_texts=not args.no_texts,
        only_open=args.only_open,
        kinds=kinds,
        paper=args.paper,
        title=args.session or None,
    )
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
