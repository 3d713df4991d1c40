"""Start the window: ``run(files, screenshot, db)`` is what ``crosscheck gui`` calls;
``launch`` shows the window without running the event loop (tests, benchmarks)."""

from __future__ import annotations

import gc
import sys
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app.domain import Settings
from app.icon import ICON_NAME
from app.jobs.analysis_process import shared_process
from ui.app_icon import application_icon
from ui.controller import Controller
from ui.gui_thread_gc import GuiThreadCollector
from ui.main_window import MainWindow
from ui.persistence import SessionStore
from ui.platform_check import xcb_problem
from ui.preferences import Preferences, PreferencesStore, default_settings

MIN_SHOT = (1200, 750)
SCREENSHOT_TIMEOUT_S = 180.0


def freeze_startup_heap() -> None:
    """Exempt what exists at start (modules, the window) from the cyclic
    garbage collector.  A full collection over it took 50-75 ms on the GUI
    thread, the longest stall left once analysis moved to its own process;
    later objects are still collected as usual."""
    gc.collect()
    gc.freeze()


def launch(
    files: Sequence[str] = (),
    *,
    db: str | None = None,
    theme: str | None = None,
    session: str | None = None,
    size: tuple[int, int] | None = None,
    picture: bool = False,
) -> tuple[QApplication, Controller, MainWindow]:
    """Show the window and set its work going, without running the event
    loop: the analysis process is started first (the pipeline loads while Qt
    starts), ``files`` are read and shown at the loop's first turn, or the
    stored ``session`` is read.  ``picture``: a fixed picture (a screenshot)
    that neither reads nor writes the user's preferences and layout and asks
    no questions.  Raises InputError when Qt could not open a window here
    (see ui.platform_check)."""
    # A no-op when ``crosscheck gui`` has started it already.
    shared_process().start()
    existing = QApplication.instance()
    if not isinstance(existing, QApplication):
        # Qt aborts the process when its platform plugin cannot load: look first.
        problem = xcb_problem()
        if problem is not None:
            raise problem
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("Crosscheck")
    app.setOrganizationName("Crosscheck")
    app.setWindowIcon(application_icon())  # every window and dialog
    # Wayland finds the icon and the menu entry through the desktop file's name
    # (crosscheck install-desktop writes crosscheck.desktop).
    app.setDesktopFileName(ICON_NAME)
    prefs_store = None if picture else PreferencesStore(default_settings())
    prefs = prefs_store.load() if prefs_store else Preferences()
    settings = Settings(sensitivity=prefs.sensitivity, spacy_model=prefs.spacy_model)
    controller = Controller(settings, store=SessionStore(db))
    window = MainWindow(
        controller,
        theme or prefs.theme,
        interactive=not picture,
        prefs_store=prefs_store,
    )
    # The pipeline the preferences name, loaded and warmed in that process
    # (on a worker thread that waits for it): the first analysis finds it ready.
    controller.preload_model()
    window.apply_preferences(replace(prefs, theme=theme or prefs.theme))
    window.restore_layout()
    if size is not None:
        window.resize(*size)
    app.aboutToQuit.connect(controller.shutdown)
    window.show()
    freeze_startup_heap()
    collector = GuiThreadCollector(app)
    collector.start()
    app.aboutToQuit.connect(collector.stop)
    if session:
        controller.open_session(session)  # read on the store's worker
    if files:
        QTimer.singleShot(0, lambda: controller.open_files(list(files)))
    return app, controller, window


def run(
    files: Sequence[str],
    screenshot: str | None = None,
    db: str | None = None,
    theme: str | None = None,
    session: str | None = None,
    size: tuple[int, int] | None = None,
) -> int:
    """Open the window on ``files`` (saved as a new session in ``db`` once
    analysed) or on the stored ``session`` (see launch); with ``screenshot``,
    save a PNG of the window once the analysis is done, saved and drawn, then
    exit.  ``size``: the window's width and height in pixels."""
    app, controller, window = launch(
        files, db=db, theme=theme, session=session, size=size, picture=screenshot is not None
    )
    if screenshot is None:
        return app.exec()

    outcome = {"code": 0}
    started = time.monotonic()

    def poll() -> None:
        waiting = (bool(files) and controller.runs_ended == 0) or controller.opening
        settled = controller.idle and window.ready and not waiting
        if settled or time.monotonic() - started > SCREENSHOT_TIMEOUT_S:
            if not controller.idle:
                sys.stderr.write("crosscheck: the analysis did not finish in time.\n")
                outcome["code"] = 1
            timer.stop()
            # One more turn of the event loop so the last highlights are laid out.
            QTimer.singleShot(50, shoot)

    def shoot() -> None:
        if size is None and (window.width() < MIN_SHOT[0] or window.height() < MIN_SHOT[1]):
            window.resize(max(window.width(), MIN_SHOT[0]), max(window.height(), MIN_SHOT[1]))
        image = window.grab()
        target = Path(screenshot)
        if not image.save(str(target)):
            sys.stderr.write(f"crosscheck: could not write the screenshot to {target}.\n")
            outcome["code"] = 2
        window.close()
        app.exit(outcome["code"])

    timer = QTimer()
    timer.setInterval(100)
    timer.timeout.connect(poll)
    timer.start()
    code = app.exec()
    return outcome["code"] or code
