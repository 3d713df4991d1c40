"""`crosscheck install-desktop` / `uninstall-desktop` as a user runs them, into
a temporary XDG data home."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="freedesktop entries are a Linux thing"
)


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=False,
    )


def test_install_then_uninstall_desktop(tmp_path: Path) -> None:
    # Run as `python -m app`: the launcher is the `crosscheck` found on PATH.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    launcher = bin_dir / "crosscheck"
    launcher.write_text("#!/bin/sh\n", encoding="utf-8")
    launcher.chmod(0o755)
    share = tmp_path / "share"
    env = dict(
        os.environ,
        PYTHONPATH=str(ROOT),
        XDG_DATA_HOME=str(share),
        PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
    )
    entry = share / "applications" / "crosscheck.desktop"
    icon = share / "icons" / "hicolor" / "scalable" / "apps" / "crosscheck.svg"

    done = run("install-desktop", env=env)
    assert done.returncode == 0, done.stderr
    assert f"Wrote {entry}" in done.stdout
    assert f"Wrote {icon}" in done.stdout
    assert f"Exec={launcher} gui %F\n" in entry.read_text("utf-8")
    assert icon.read_bytes() == (ROOT / "resources" / "icons" / "crosscheck.svg").read_bytes()

    done = run("uninstall-desktop", env=env)
    assert done.returncode == 0, done.stderr
    assert f"Removed {entry}" in done.stdout
    assert f"Removed {icon}" in done.stdout
    assert not entry.exists()
    assert not icon.exists()

    done = run("uninstall-desktop", env=env)
    assert done.returncode == 0, done.stderr
    assert "Nothing to remove" in done.stdout
