"""Can Qt open a window here?  Checked before the QApplication is made.

On Linux under X11, Qt draws through its xcb platform plugin, which needs a
few system libraries that minimal desktops and containers often lack
(``libxcb-cursor0`` above all, since Qt 6.5).  When one is missing Qt aborts
the whole process with a message of its own that names no package, so the
libraries are looked for first and a missing one is reported in our words:
what, why, and what to install.  Pure Python: nothing of Qt is loaded here.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from app.errors import InputError


@dataclass(frozen=True, slots=True)
class SystemLibrary:
    name: str  # as ctypes.util.find_library takes it
    soname: str  # the file the plugin loads
    debian: str  # the package on Debian and Ubuntu
    fedora: str  # the package on Fedora (Arch names it alike)


# The libraries of Qt's xcb plugin (libqxcb.so, libQt6XcbQpa.so) that a
# desktop may lack; libxcb itself and X11 come with any X session.
XCB_LIBRARIES = (
    SystemLibrary("xcb-cursor", "libxcb-cursor.so.0", "libxcb-cursor0", "xcb-util-cursor"),
    SystemLibrary("xcb-icccm", "libxcb-icccm.so.4", "libxcb-icccm4", "xcb-util-wm"),
    SystemLibrary("xcb-keysyms", "libxcb-keysyms.so.1", "libxcb-keysyms1", "xcb-util-keysyms"),
    SystemLibrary("xcb-image", "libxcb-image.so.0", "libxcb-image0", "xcb-util-image"),
    SystemLibrary(
        "xcb-render-util", "libxcb-render-util.so.0", "libxcb-render-util0", "xcb-util-renderutil"
    ),
    SystemLibrary(
        "xkbcommon-x11", "libxkbcommon-x11.so.0", "libxkbcommon-x11-0", "libxkbcommon-x11"
    ),
)


def uses_xcb(env: Mapping[str, str], platform: str = sys.platform) -> bool:
    """Whether Qt will open its window through xcb: asked for by name in
    QT_QPA_PLATFORM, or, when nothing is asked, on Linux under X11 (a
    Wayland session gets Qt's Wayland plugin)."""
    asked = env.get("QT_QPA_PLATFORM", "").strip()
    if asked:
        first = asked.split(";")[0].split(":")[0].strip()
        return first == "xcb"
    if not platform.startswith("linux"):
        return False
    if env.get("WAYLAND_DISPLAY"):
        return False
    return bool(env.get("DISPLAY"))


def loadable(soname: str) -> bool:
    """Whether the dynamic loader finds ``soname`` (what Qt will ask it)."""
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def missing_libraries(
    libraries: tuple[SystemLibrary, ...] = XCB_LIBRARIES,
    *,
    find: Callable[[str], str | None] = ctypes.util.find_library,
    load: Callable[[str], bool] = loadable,
) -> list[SystemLibrary]:
    """Those of ``libraries`` the system does not have.  ``find_library``
    answers first; a library it does not see is tried by loading it, so a
    system without ldconfig or a compiler is not taken for one without the
    library."""
    return [lib for lib in libraries if not find(lib.name) and not load(lib.soname)]


def xcb_problem(
    env: Mapping[str, str] | None = None,
    platform: str = sys.platform,
    *,
    find: Callable[[str], str | None] = ctypes.util.find_library,
    load: Callable[[str], bool] = loadable,
) -> InputError | None:
    """Why the window cannot start through xcb here, or None when it can (or
    when Qt will not use xcb)."""
    env = os.environ if env is None else env
    if not uses_xcb(env, platform):
        return None
    missing = missing_libraries(find=find, load=load)
    if not missing:
        return None
    files = _listed([lib.soname for lib in missing])
    debian = " ".join(lib.debian for lib in missing)
    fedora = " ".join(lib.fedora for lib in missing)
    return InputError(
        "the window cannot start: Qt's X11 platform plugin (xcb) needs "
        f"{files}, which {'is' if len(missing) == 1 else 'are'} not installed",
        "Qt draws the window on an X11 desktop through this plugin, and the plugin loads "
        "these system libraries when the window opens",
        f"Install {'it' if len(missing) == 1 else 'them'} and start Crosscheck again: on "
        f"Debian or Ubuntu 'sudo apt install {debian}', on Fedora 'sudo dnf install {fedora}' "
        f"(Arch: 'sudo pacman -S {fedora}'). Meanwhile 'crosscheck analyze FILE FILE' "
        "compares articles without the window",
    )


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
