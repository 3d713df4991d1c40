"""The Linux desktop entry: its text, and install/uninstall under a temporary
XDG data home (never the user's)."""

from __future__ import annotations

import configparser
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest

from app import desktop_entry
from app.desktop_entry import (
    MIME_TYPES,
    DesktopFiles,
    data_home,
    elsewhere_advice,
    entry_text,
    exec_argument,
    install,
    launcher,
    uninstall,
)
from app.errors import InputError
from app.icon import icon_svg

COMMAND = Path("/opt/crosscheck/bin/crosscheck")


def _keys(text: str) -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(text)
    return dict(parser["Desktop Entry"])


class Calls:
    """Stands in for the desktop tools: records what would have run."""

    def __init__(self, succeed: bool = True) -> None:
        self.argvs: list[list[str]] = []
        self.succeed = succeed

    def __call__(self, argv: Sequence[str]) -> bool:
        self.argvs.append(list(argv))
        return self.succeed


@pytest.fixture
def tools_present(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(desktop_entry.shutil, "which", lambda name: f"/usr/bin/{name}")


@pytest.fixture
def tools_absent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(desktop_entry.shutil, "which", lambda name: None)


def test_data_home_follows_xdg_and_ignores_a_relative_one(tmp_path: Path) -> None:
    assert data_home({"XDG_DATA_HOME": str(tmp_path)}) == tmp_path
    default = Path.home() / ".local" / "share"
    assert data_home({"XDG_DATA_HOME": "relative/share"}) == default
    assert data_home({}) == default


def test_the_entry_opens_articles_with_the_installed_command() -> None:
    keys = _keys(entry_text(COMMAND))
    assert keys["Type"] == "Application"
    assert keys["Name"] == "Crosscheck"
    assert keys["Exec"] == "/opt/crosscheck/bin/crosscheck gui %F"
    assert keys["TryExec"] == "/opt/crosscheck/bin/crosscheck"
    assert keys["Icon"] == "crosscheck"
    assert keys["Terminal"] == "false"
    assert keys["Categories"].endswith(";")
    mime = keys["MimeType"].rstrip(";").split(";")
    for wanted in (
        "text/plain",
        "text/html",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/pdf",
    ):
        assert wanted in mime
    assert tuple(mime) == MIME_TYPES


@pytest.mark.parametrize(
    ("path", "argument"),
    [
        ("/usr/bin/crosscheck", "/usr/bin/crosscheck"),
        ("/home/ana maria/.local/bin/crosscheck", '"/home/ana maria/.local/bin/crosscheck"'),
        # A quoted argument escapes $ and \ with a backslash; the value then
        # doubles every backslash: \$ is written \\$ and \ is written \\\\.
        ("/srv/$HOME/a\\b/crosscheck", '"/srv/\\\\$HOME/a\\\\\\\\b/crosscheck"'),
        ("/srv/100%/crosscheck", "/srv/100%%/crosscheck"),
    ],
)
def test_exec_arguments_are_quoted_as_the_spec_says(path: str, argument: str) -> None:
    assert exec_argument(Path(path)) == argument


def test_a_path_that_cannot_go_into_a_desktop_file_is_refused() -> None:
    with pytest.raises(InputError, match="cannot go into a desktop entry"):
        exec_argument(Path("/srv/bad\nname/crosscheck"))


def test_install_writes_the_entry_and_the_icon(tmp_path: Path, tools_present: None) -> None:
    calls = Calls()
    outcome = install(tmp_path, COMMAND, run=calls)
    files = DesktopFiles(tmp_path)
    assert outcome.files == [files.icon, files.entry]
    assert files.entry == tmp_path / "applications" / "crosscheck.desktop"
    assert files.icon == tmp_path / "icons/hicolor/scalable/apps/crosscheck.svg"
    assert files.entry.read_text("utf-8") == entry_text(COMMAND)
    assert files.icon.read_bytes() == icon_svg().read_bytes()
    assert calls.argvs == [["update-desktop-database", "-q", str(tmp_path / "applications")]]
    assert any("Refreshed" in note for note in outcome.notes)


def test_without_the_desktop_tools_install_still_works_and_says_so(
    tmp_path: Path, tools_absent: None
) -> None:
    calls = Calls()
    outcome = install(tmp_path, COMMAND, run=calls)
    assert calls.argvs == []
    assert DesktopFiles(tmp_path).entry.is_file()
    assert outcome.notes == [
        "update-desktop-database is not installed: the menu picks the change up on its own."
    ]


def test_a_failing_tool_is_reported_not_fatal(tmp_path: Path, tools_present: None) -> None:
    outcome = install(tmp_path, COMMAND, run=Calls(succeed=False))
    assert DesktopFiles(tmp_path).entry.is_file()
    assert "failed" in outcome.notes[0]


def test_uninstall_removes_exactly_what_install_wrote(tmp_path: Path, tools_absent: None) -> None:
    neighbour_entry = tmp_path / "applications" / "editor.desktop"
    neighbour_icon = tmp_path / "icons/hicolor/scalable/apps/editor.svg"
    for path in (neighbour_entry, neighbour_icon):
        path.parent.mkdir(parents=True)
        path.write_text("not ours", encoding="utf-8")
    before = sorted(tmp_path.rglob("*"))
    written = install(tmp_path, COMMAND, run=Calls()).files

    outcome = uninstall(tmp_path, run=Calls())

    assert sorted(outcome.files) == sorted(written)
    assert sorted(tmp_path.rglob("*")) == before
    assert uninstall(tmp_path, run=Calls()).files == []  # again: nothing left to do


def test_installing_twice_replaces_the_entry(tmp_path: Path, tools_absent: None) -> None:
    install(tmp_path, Path("/old/bin/crosscheck"), run=Calls())
    install(tmp_path, COMMAND, run=Calls())
    assert _keys(DesktopFiles(tmp_path).entry.read_text("utf-8"))["TryExec"] == str(COMMAND)


def test_someone_elses_crosscheck_desktop_is_never_touched(
    tmp_path: Path, tools_absent: None
) -> None:
    foreign = DesktopFiles(tmp_path).entry
    foreign.parent.mkdir(parents=True)
    foreign.write_text("[Desktop Entry]\nType=Application\nName=Other\nExec=other\n", "utf-8")
    with pytest.raises(InputError, match="not written by Crosscheck"):
        install(tmp_path, COMMAND, run=Calls())
    outcome = uninstall(tmp_path, run=Calls())
    assert outcome.files == []
    assert foreign.read_text("utf-8").startswith("[Desktop Entry]\nType=Application\nName=Other")
    assert "Left" in outcome.notes[0]


def test_an_unwritable_data_home_is_reported(tmp_path: Path, tools_absent: None) -> None:
    blocked = tmp_path / "share"
    blocked.write_text("a file where the folder should be", encoding="utf-8")
    with pytest.raises(InputError, match=r"(?i)could not write the desktop entry") as caught:
        install(blocked, COMMAND, run=Calls())
    assert "XDG_DATA_HOME" in caught.value.todo


def test_desktop_file_validate_accepts_the_entry(tmp_path: Path) -> None:
    validator = shutil.which("desktop-file-validate")
    if validator is None:
        pytest.skip("desktop-file-validate is not installed (apt package desktop-file-utils)")
    install(tmp_path, Path("/home/ana maria/bin/crosscheck"), run=Calls())
    done = subprocess.run(
        [validator, str(DesktopFiles(tmp_path).entry)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "error" not in done.stdout + done.stderr


def test_the_launcher_is_the_command_that_is_running(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    running = tmp_path / "venv" / "bin" / "crosscheck"
    running.parent.mkdir(parents=True)
    running.write_text("#!/bin/sh\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert launcher("venv/bin/crosscheck") == running
    on_path = tmp_path / "elsewhere" / "crosscheck"
    monkeypatch.setattr(desktop_entry.shutil, "which", lambda name: str(on_path))
    assert launcher("/usr/lib/python3/app/__main__.py") == on_path
    monkeypatch.setattr(desktop_entry.shutil, "which", lambda name: None)
    with pytest.raises(InputError, match="'crosscheck' command was not found"):
        launcher("/usr/lib/python3/app/__main__.py")


@pytest.mark.parametrize("platform", ["darwin", "win32"])
def test_macos_and_windows_are_told_what_to_do_instead(platform: str) -> None:
    advice = elsewhere_advice(platform)
    assert advice is not None
    assert "crosscheck" in advice.todo
    assert elsewhere_advice("linux") is None
