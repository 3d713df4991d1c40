"""The Linux desktop entry: Crosscheck in the applications menu with its icon,
and "Open with Crosscheck" on articles (freedesktop.org Desktop Entry spec).

``install`` writes two files into the user's data folder ($XDG_DATA_HOME, else
~/.local/share): ``applications/crosscheck.desktop`` and
``icons/hicolor/scalable/apps/crosscheck.svg``; ``uninstall`` removes those two
and nothing else.  Refreshing the desktop's caches is a courtesy done only when
the tool is there: a freedesktop menu reads the folder on its own.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from app.errors import InputError
from app.icon import ICON_NAME, icon_svg
from app.safe_text import has_undecodable

DESKTOP_FILE = f"{ICON_NAME}.desktop"
# What "Open with Crosscheck" is offered on: what the importer reads.
MIME_TYPES = (
    "text/plain",
    "text/markdown",
    "text/html",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/pdf",
)
# Marks an entry as written by this command, so that neither command touches a
# crosscheck.desktop someone else wrote.
OWNER_KEY = "X-Crosscheck-Installed-By"
OWNER_VALUE = "crosscheck install-desktop"

Run = Callable[[Sequence[str]], bool]


@dataclass(frozen=True, slots=True)
class DesktopFiles:
    """Where the two files go under one data folder."""

    data_home: Path

    @property
    def entry(self) -> Path:
        return self.data_home / "applications" / DESKTOP_FILE

    @property
    def icon(self) -> Path:
        return self.data_home / "icons" / "hicolor" / "scalable" / "apps" / f"{ICON_NAME}.svg"


@dataclass(slots=True)
class Outcome:
    """What a command did, for the person who ran it: files written or removed
    (in order), and notes (caches refreshed or not, files left alone)."""

    files: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def data_home(env: Mapping[str, str] | None = None) -> Path:
    """$XDG_DATA_HOME when it is an absolute path (the spec ignores a relative
    one), else ~/.local/share."""
    env = os.environ if env is None else env
    given = env.get("XDG_DATA_HOME", "")
    if given and Path(given).is_absolute():
        return Path(given)
    return Path.home() / ".local" / "share"


def launcher(argv0: str | None = None) -> Path:
    """The absolute path of the installed ``crosscheck`` command: the one
    running now when it was started by that name (pip, pipx and a virtual
    environment each put it somewhere else), else the one on PATH."""
    argv0 = sys.argv[0] if argv0 is None else argv0
    started = Path(argv0)
    if started.stem == "crosscheck" and started.is_file():
        return started.absolute()
    found = shutil.which("crosscheck")
    if found:
        return Path(found).absolute()
    raise InputError(
        "the installed 'crosscheck' command was not found",
        "The desktop entry starts Crosscheck through it, and this was run another way "
        "(python -m app) with no 'crosscheck' on PATH",
        "Install Crosscheck (pip install crosscheck, or pipx install crosscheck) and run "
        "'crosscheck install-desktop'",
    )


def exec_argument(path: Path) -> str:
    """``path`` as one argument of an Exec line: quoted when it holds a space
    or a reserved character, with the spec's two levels of escaping (a quoted
    argument escapes " ` $ and backslash with a backslash, then the value as a
    whole doubles every backslash); a % is doubled, as field codes start with it."""
    text = str(path)
    if has_undecodable(text) or any(ch in text for ch in "\n\r\t"):
        raise InputError(
            f"the path of the 'crosscheck' command cannot go into a desktop entry: {text!r}",
            "A desktop entry is UTF-8 text on one line, and this path holds bytes that "
            "are not UTF-8 or a line break",
            "Install Crosscheck in a folder with a plainer name and run this again",
        )
    text = text.replace("%", "%%")
    if not any(ch in text for ch in " \t\"'\\><~|&;$*?#()`"):
        return text
    quoted = "".join("\\" + ch if ch in '"`$\\' else ch for ch in text)
    return '"' + quoted.replace("\\", "\\\\") + '"'


def entry_text(command: Path) -> str:
    """The desktop entry that starts ``command gui`` on the files opened with it."""
    program = exec_argument(command)
    # TryExec is a plain string, not a command line: only backslashes escaped.
    plain = str(command).replace("\\", "\\\\")
    lines = [
        "[Desktop Entry]",
        "Type=Application",
        "Version=1.4",  # the newest that older validators know
        "Name=Crosscheck",
        "GenericName=Article comparison",
        "Comment=Compare news articles side by side: shared claims, agreements and contradictions",
        f"Exec={program} gui %F",
        f"TryExec={plain}",
        f"Icon={ICON_NAME}",
        "Terminal=false",
        "Categories=Office;",
        "Keywords=news;articles;fact-check;compare;journalism;",
        "MimeType=" + "".join(f"{m};" for m in MIME_TYPES),
        "StartupNotify=true",
        f"{OWNER_KEY}={OWNER_VALUE}",
    ]
    return "\n".join(lines) + "\n"


def is_ours(entry: Path) -> bool:
    try:
        text = entry.read_text("utf-8", errors="replace")
    except OSError:
        return False
    return f"{OWNER_KEY}={OWNER_VALUE}" in text.splitlines()


def install(home: Path, command: Path, run: Run | None = None) -> Outcome:
    """Write the entry (starting ``command``) and the icon under ``home``."""
    files = DesktopFiles(home)
    if files.entry.exists() and not is_ours(files.entry):
        raise InputError(
            f"{files.entry} exists and was not written by Crosscheck",
            "Another program's desktop entry has that name; it is left as it is",
            "Move or remove it yourself if it is an old copy of Crosscheck's, then run "
            "'crosscheck install-desktop' again",
        )
    outcome = Outcome()
    try:
        files.icon.parent.mkdir(parents=True, exist_ok=True)
        files.icon.write_bytes(icon_svg().read_bytes())
        outcome.files.append(files.icon)
        files.entry.parent.mkdir(parents=True, exist_ok=True)
        files.entry.write_text(entry_text(command), encoding="utf-8")
        outcome.files.append(files.entry)
    except OSError as exc:
        raise InputError(
            f"could not write the desktop entry into {home}",
            f"{exc.strerror or exc}" + (f" ({exc.filename})" if exc.filename else ""),
            "Check that the folder is yours and writable (or set XDG_DATA_HOME to one "
            "that is), then run 'crosscheck install-desktop' again",
        ) from None
    outcome.notes += _refresh(files, run or run_tool)
    return outcome


def uninstall(home: Path, run: Run | None = None) -> Outcome:
    """Remove what ``install`` wrote under ``home``: the entry when it is ours,
    the icon when it came with it (or is Crosscheck's icon unchanged)."""
    files = DesktopFiles(home)
    outcome = Outcome()
    entry_was_ours = is_ours(files.entry)
    if entry_was_ours:
        _remove(files.entry, outcome)
    elif files.entry.exists():
        outcome.notes.append(f"Left {files.entry} alone: Crosscheck did not write it.")
    if files.icon.is_file() and (entry_was_ours or _same_bytes(files.icon, icon_svg())):
        _remove(files.icon, outcome)
    if outcome.files:
        outcome.notes += _refresh(files, run or run_tool)
    return outcome


def _remove(path: Path, outcome: Outcome) -> None:
    try:
        path.unlink()
    except OSError as exc:
        raise InputError(
            f"could not remove {path}",
            exc.strerror or str(exc),
            "Remove it yourself, or fix its folder's permissions and run "
            "'crosscheck uninstall-desktop' again",
        ) from None
    outcome.files.append(path)


def _same_bytes(a: Path, b: Path) -> bool:
    try:
        return a.read_bytes() == b.read_bytes()
    except OSError:
        return False


def _refresh(files: DesktopFiles, run: Run) -> list[str]:
    """Let the desktop see the change now rather than at next login.  Only
    the menu's MIME cache is refreshed: ``xdg-mime default`` would make
    Crosscheck the default program for every PDF and text file, which is the
    user's choice, not ours ("Open with" needs only the MimeType line)."""
    tool = "update-desktop-database"
    if shutil.which(tool) is None:
        return [f"{tool} is not installed: the menu picks the change up on its own."]
    if run([tool, "-q", str(files.entry.parent)]):
        return [f"Refreshed the menu's file associations ({tool})."]
    return [f"{tool} failed; the menu picks the change up at the next login."]


def run_tool(argv: Sequence[str]) -> bool:
    """Run a desktop tool quietly; whether it succeeded."""
    try:
        done = subprocess.run(list(argv), capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def elsewhere_advice(platform: str = sys.platform) -> InputError | None:
    """What to do instead on a system without freedesktop menus, or None on
    Linux and the BSDs."""
    if platform == "darwin":
        return InputError(
            "install-desktop writes a Linux desktop entry; on macOS there is none to write",
            "macOS lists applications bundles, not desktop entries",
            "Start Crosscheck with 'crosscheck' in Terminal (or 'crosscheck gui FILE...'). "
            "For the Dock and Finder's Open With, make an Automator application whose "
            "'Run Shell Script' step (input passed as arguments) runs "
            "'/path/to/crosscheck gui \"$@\"', with the path 'which crosscheck' prints",
        )
    if platform == "win32":
        return InputError(
            "install-desktop writes a Linux desktop entry; on Windows there is none to write",
            "Windows starts programs from shortcuts in the Start menu",
            "Make a shortcut to crosscheck.exe (in your Python Scripts folder; 'where "
            "crosscheck' shows it) with the argument gui and put it in the Start menu "
            "(shell:programs in Explorer's address bar); files dropped on it are opened",
        )
    return None
