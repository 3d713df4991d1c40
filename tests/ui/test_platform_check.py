"""The window's start on a Linux desktop without Qt's xcb libraries (issue
10, point 9): found before Qt starts (Qt would abort with a message that
names no package) and reported as what, why and what to install.  Pure
Python: fake finders, no Qt, no real library loaded."""

from __future__ import annotations

import pytest

from app.errors import InputError
from ui.platform_check import XCB_LIBRARIES, missing_libraries, uses_xcb, xcb_problem

X11 = {"DISPLAY": ":0"}


def none_found(_name: str) -> str | None:
    return None


def all_found(name: str) -> str | None:
    return f"lib{name}.so"


def loads_nothing(_soname: str) -> bool:
    return False


@pytest.mark.parametrize(
    ("env", "platform", "expected"),
    [
        ({"DISPLAY": ":0"}, "linux", True),
        ({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"}, "linux", False),
        ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "xcb"}, "linux", True),
        ({"WAYLAND_DISPLAY": "w", "QT_QPA_PLATFORM": "xcb;wayland"}, "linux", True),
        ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}, "linux", False),
        ({"QT_QPA_PLATFORM": "wayland:foo"}, "linux", False),
        ({}, "linux", False),
        ({"DISPLAY": ":0"}, "darwin", False),
        ({"DISPLAY": ":0"}, "win32", False),
    ],
)
def test_uses_xcb(env: dict[str, str], platform: str, expected: bool) -> None:
    assert uses_xcb(env, platform) is expected


def test_a_missing_cursor_library_names_the_package_to_install() -> None:
    def found(name: str) -> str | None:
        return None if name == "xcb-cursor" else f"lib{name}.so"

    problem = xcb_problem(X11, "linux", find=found, load=loads_nothing)
    assert isinstance(problem, InputError)
    message = problem.message()
    assert message.startswith("The window cannot start: Qt's X11 platform plugin (xcb) needs")
    assert "libxcb-cursor.so.0, which is not installed" in message
    assert "sudo apt install libxcb-cursor0'" in message
    assert "sudo dnf install xcb-util-cursor'" in message
    assert "crosscheck analyze" in message  # what works meanwhile


def test_several_missing_libraries_are_named_in_one_message() -> None:
    problem = xcb_problem(X11, "linux", find=none_found, load=loads_nothing)
    assert problem is not None
    message = problem.message()
    assert all(lib.soname in message and lib.debian in message for lib in XCB_LIBRARIES)
    assert "which are not installed" in message


def test_nothing_is_reported_when_the_libraries_are_there_or_xcb_is_not_used() -> None:
    assert xcb_problem(X11, "linux", find=all_found, load=loads_nothing) is None
    # find_library sees nothing (no ldconfig, no compiler) but the loader finds it all.
    assert xcb_problem(X11, "linux", find=none_found, load=lambda _s: True) is None
    offscreen = {"QT_QPA_PLATFORM": "offscreen", "DISPLAY": ":0"}
    assert xcb_problem(offscreen, "linux", find=none_found, load=loads_nothing) is None


def test_missing_libraries_asks_the_loader_only_for_what_find_library_missed() -> None:
    asked: list[str] = []

    def load(soname: str) -> bool:
        asked.append(soname)
        return soname == "libxcb-icccm.so.4"

    def found(name: str) -> str | None:
        return None if name in ("xcb-cursor", "xcb-icccm") else f"lib{name}.so"

    missing = missing_libraries(find=found, load=load)
    assert [lib.soname for lib in missing] == ["libxcb-cursor.so.0"]
    assert asked == ["libxcb-cursor.so.0", "libxcb-icccm.so.4"]
