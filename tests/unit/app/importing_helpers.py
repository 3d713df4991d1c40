"""What the importer's tests share: an article body, and refusals asserted readable."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.errors import ImportRefused
from app.importing import import_bytes

BODY = (
    "The United States carried out a drone strike in Baghdad early Thursday, killing a "
    "senior militia leader, according to Iraqi and US officials who spoke on condition "
    "of anonymity."
)
assert len(BODY.split()) >= 25


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def refusal(data: bytes, name: str) -> ImportRefused:
    with pytest.raises(ImportRefused) as info:
        import_bytes(data, name=name)
    return info.value


def assert_readable(error: ImportRefused, name: str) -> None:
    """Every refusal names the file and says what happened, why, and what to do."""
    assert name in error.what
    assert error.why
    assert error.todo
    message = error.message()
    assert name in message
    assert "\n" not in message
