"""Starting the window from the command line: plain `crosscheck`, no display,
and a screenshot of the samples."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "resources" / "samples").glob("*.txt"))


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=dict(env, PYTHONPATH=str(ROOT)),
        timeout=300,
        check=False,
    )


def headless(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    env["CROSSCHECK_DB"] = str(tmp_path / "sessions.sqlite3")
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    return env


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="there is always a display")
def test_plain_crosscheck_without_a_display_says_what_to_do(tmp_path: Path) -> None:
    done = run(env=headless(tmp_path))
    assert done.returncode == 2
    assert "no display" in done.stderr
    assert "crosscheck analyze" in done.stderr
    assert not (tmp_path / "sessions.sqlite3").exists()  # nothing was started


@pytest.mark.gui
def test_a_screenshot_needs_no_display(tmp_path: Path) -> None:
    pytest.importorskip("PySide6")
    shot = tmp_path / "window.png"
    done = run("gui", *map(str, SAMPLES), "--screenshot", str(shot), env=headless(tmp_path))
    assert done.returncode == 0, done.stderr
    assert shot.read_bytes().startswith(b"\x89PNG")


@pytest.mark.gui
def test_a_screenshot_takes_the_size_asked_for(tmp_path: Path) -> None:
    pytest.importorskip("PySide6")
    from PySide6.QtGui import QImage

    shot = tmp_path / "window.png"
    done = run(
        "gui",
        *map(str, SAMPLES),
        "--screenshot",
        str(shot),
        "--size",
        "1280x800",
        env=headless(tmp_path),
    )
    assert done.returncode == 0, done.stderr
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1280, 800)


def test_a_size_that_is_no_size_is_refused(tmp_path: Path) -> None:
    done = run("gui", "--size", "big", env=headless(tmp_path))
    assert done.returncode == 2
    assert "WIDTHxHEIGHT" in done.stderr


@pytest.mark.gui
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 and xcb are Linux's")
def test_a_missing_xcb_library_is_named_before_qt_starts(tmp_path: Path) -> None:
    from ui.platform_check import missing_libraries

    missing = missing_libraries()
    if not missing:
        pytest.skip("this system has Qt's xcb libraries: Qt would really try to open a window")
    env = headless(tmp_path)
    env.update(QT_QPA_PLATFORM="xcb", DISPLAY=":97")
    done = run("gui", env=env)
    assert done.returncode == 2, done.stderr
    assert "Qt's X11 platform plugin (xcb) needs" in done.stderr
    assert all(lib.debian in done.stderr for lib in missing)
    assert "qt.qpa" not in done.stderr  # Qt never started: the message is ours
    assert not (tmp_path / "sessions.sqlite3").exists()
