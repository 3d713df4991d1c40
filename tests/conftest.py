"""Shared test setup.

Qt must run offscreen and no test may touch the user's database or settings,
so both are fixed here before anything imports Qt or reads the environment.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# A throwaway home for anything that would otherwise land in the user's dirs.
_SANDBOX = Path(tempfile.mkdtemp(prefix="crosscheck-tests-"))
os.environ["CROSSCHECK_DB"] = str(_SANDBOX / "never-the-users.sqlite3")
os.environ["XDG_DATA_HOME"] = str(_SANDBOX / "data")
os.environ["XDG_CONFIG_HOME"] = str(_SANDBOX / "config")

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "resources" / "samples"
SEEDS = ROOT.parent / "shared" / "seeds"


def pytest_addoption(parser: pytest.Parser) -> None:
    try:
        import pytestqt  # noqa: F401
    except ImportError:
        # The core runs without Qt (CI proves it): keep --strict-config happy
        # about the pytest-qt settings in pyproject.toml.
        for name in ("qt_api", "qt_log_level_fail"):
            parser.addini(name, "pytest-qt setting, unused where pytest-qt is absent")


@pytest.fixture
def samples_dir() -> Path:
    return SAMPLES


@pytest.fixture
def seeds_dir() -> Iterator[Path]:
    if not SEEDS.is_dir():
        pytest.skip(f"the seed articles are not beside the checkout ({SEEDS})")
    yield SEEDS
