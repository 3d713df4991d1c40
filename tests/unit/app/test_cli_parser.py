"""The command line's parser, built from its command groups (app/cli/): every
verb of README's command list exists with the options README documents, each
group adds exactly its own verbs, and every documented form parses to the
right handler and values.  Nothing here runs a command."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from app.cli import analyze, annotating, desktop, export, restore, sessions, window
from app.cli.parser import GROUPS, build_parser

README = Path(__file__).resolve().parents[3] / "README.md"

# Options every command that opens the database has, documented once in
# README's prose rather than on each line; -o is --out's short form.
UNLISTED = {"-h", "--help", "--db", "-o"}
# Options README's command list leaves out: none today, and it stays so.
UNDOCUMENTED: dict[tuple[str, ...], set[str]] = {}


def _usage_lines() -> list[str]:
    """The lines of README's command list (## Usage, its first code block)."""
    text = README.read_text(encoding="utf-8")
    block = text.split("## Usage", 1)[1].split("```", 2)[1]
    return [line for line in block.splitlines() if line.startswith("crosscheck ")]


def _verb(line: str) -> tuple[str, ...]:
    """'crosscheck session show NAME ...' -> ('session', 'show')."""
    words = line.split()[1:]
    if not words or words[0].startswith(("-", "(")):
        return ()
    return tuple(words[:2]) if words[0] == "session" else (words[0],)


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _parser_of(verb: tuple[str, ...]) -> argparse.ArgumentParser:
    parser = build_parser()
    for word in verb:
        parser = _subcommands(parser)[word]
    return parser


def _options(parser: argparse.ArgumentParser) -> set[str]:
    return {
        option
        for action in parser._actions
        if action.help != argparse.SUPPRESS
        for option in action.option_strings
    }


def _documented_verbs() -> set[tuple[str, ...]]:
    return {verb for line in _usage_lines() if (verb := _verb(line))}


def test_readme_lists_every_verb_the_parser_has() -> None:
    top = _subcommands(build_parser())
    parsed = {(name,) for name in top if name != "session"}
    parsed |= {("session", action) for action in _subcommands(top["session"])}
    assert _documented_verbs() == parsed


@pytest.mark.parametrize(
    "line", [line for line in _usage_lines() if _verb(line)], ids=lambda line: " ".join(_verb(line))
)
def test_each_verb_takes_exactly_the_options_readme_documents(line: str) -> None:
    verb = _verb(line)
    documented = set(re.findall(r"--[a-z][a-z-]*", line))
    accepted = _options(_parser_of(verb))
    assert documented <= accepted, f"{' '.join(verb)} lacks {documented - accepted}"
    undocumented = accepted - UNLISTED - documented
    assert undocumented == UNDOCUMENTED.get(verb, set()), (
        f"README's line for {' '.join(verb)} does not document {undocumented}"
    )


def test_each_group_adds_exactly_its_own_verbs() -> None:
    expected = {
        window: ["gui"],
        analyze: ["analyze"],
        sessions: ["sessions", "session"],
        annotating: ["annotate", "verdict"],
        restore: ["restore"],
        export: ["export"],
        desktop: ["install-desktop", "uninstall-desktop"],
    }
    assert list(GROUPS) == list(expected)  # the order --help lists them in
    for group, verbs in expected.items():
        commands = argparse.ArgumentParser().add_subparsers()
        group.add_parsers(commands)
        assert list(commands.choices) == verbs, group.__name__


# One command line per form in README, using every option it documents.
PARSES = [
    (
        "gui a.txt b.txt --theme dark --screenshot s.png --size 1280x800 --db x.db",
        window.run_gui,
        {
            "files": ["a.txt", "b.txt"],
            "theme": "dark",
            "screenshot": "s.png",
            "size": (1280, 800),
            "db": "x.db",
        },
    ),
    ("gui --session story", window.run_gui, {"files": [], "session": "story"}),
    (
        "analyze a.txt - --title T --json - --possible --sensitivity 0.7 --model m --matches",
        analyze.run_analyze,
        {
            "files": ["a.txt", "-"],
            "title": "T",
            "json": "-",
            "possible": True,
            "sensitivity": 0.7,
            "model": "m",
            "matches": True,
        },
    ),
    (
        "session new story a.txt b.txt --title T --sensitivity 0 --model m --db x.db",
        sessions.run_session_new,
        {"name": "story", "files": ["a.txt", "b.txt"], "sensitivity": 0.0, "db": "x.db"},
    ),
    ("sessions --json", sessions.run_sessions, {"json": True, "db": None}),
    (
        "session show story --json --possible",
        sessions.run_session_show,
        {"name": "story", "json": True, "possible": True},
    ),
    ("session reload story", sessions.run_session_reload, {"name": "story"}),
    ("session rename old new", sessions.run_session_rename, {"old": "old", "new": "new"}),
    ("session delete story --yes", sessions.run_session_delete, {"name": "story", "yes": True}),
    (
        "annotate --session s --article 2 --quote q --note n --tag verified --occurrence 3",
        annotating.run_annotate,
        {"session": "s", "article": 2, "quote": "q", "note": "n", "tag": "verified"},
    ),
    (
        "verdict --session s --relation A3-B7 retype conflict --note why",
        annotating.run_verdict,
        {"relation": "A3-B7", "verdict": "retype", "kind": "conflict", "note": "why"},
    ),
    ("verdict --session s --relation A3-B7 clear", annotating.run_verdict, {"kind": None}),
    ("restore --from b.sqlite3", restore.run_restore, {"backup": "b.sqlite3", "db": None}),
    (
        "export --session s --out o.md --format md --no-texts --only-open --kinds conflict "
        "--paper Letter --possible",
        export.run_export,
        {
            "session": "s",
            "out": "o.md",
            "format": "md",
            "no_texts": True,
            "only_open": True,
            "kinds": "conflict",
            "paper": "Letter",
            "possible": True,
        },
    ),
    ("export a.txt b.txt -o o.csv", export.run_export, {"files": ["a.txt", "b.txt"]}),
    ("install-desktop", desktop.run_install_desktop, {}),
    ("uninstall-desktop", desktop.run_uninstall_desktop, {}),
]


@pytest.mark.parametrize(("argv", "handler", "values"), PARSES, ids=[p[0] for p in PARSES])
def test_documented_forms_parse_to_their_handler(
    argv: str, handler: object, values: dict[str, object]
) -> None:
    args = build_parser().parse_args(argv.split())
    assert args.handler is handler
    for name, value in values.items():
        assert getattr(args, name) == value, name


def test_every_verb_is_parsed_by_some_form() -> None:
    parsed = {_verb("crosscheck " + argv) for argv, _, _ in PARSES}
    assert parsed == _documented_verbs()


@pytest.mark.parametrize(
    ("argv", "complaint"),
    [
        ("analyze a.txt b.txt --sensitivity 2", "sensitivity must be between 0 and 1"),
        ("gui --size 10x10", "is not a window size"),
        ("export --session s", "one of the arguments --out/-o --pdf is required"),
        ("session", "the following arguments are required: ACTION"),
        ("verdict --session s --relation A1-B1 approve", "invalid choice: 'approve'"),
    ],
)
def test_usage_errors_say_what_and_what_to_do(
    argv: str, complaint: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        build_parser().parse_args(argv.split())
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert complaint in err
    assert "--help' for the accepted arguments" in err


def test_version_and_help_exit_cleanly(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["--version"], ["--help"]):
        with pytest.raises(SystemExit) as exit_:
            build_parser().parse_args(argv)
        assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("crosscheck ")
    assert "install-desktop" in out
