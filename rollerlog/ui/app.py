"""Starting the desktop app: the QApplication, its identity, the error hook and the main window.

The window's shell is shown and painted first, with nothing but Qt imported; only then are
the data lock taken, the start-up check run and the views filled (see :func:`run`).
"""

from __future__ import annotations

import logging
import os
import sys
import time
import traceback
from datetime import datetime
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from rollerlog import paths
from rollerlog.meta import APP_DISPLAY_NAME, APP_NAME, ORGANIZATION_NAME
from rollerlog.ui.identity import apply_identity

if TYPE_CHECKING:
    from rollerlog.store.db import Database
    from rollerlog.store.lock import DataLock
    from rollerlog.ui.main_window import MainWindow
    from rollerlog.ui.single_instance import InstanceServer

LOG_FILE_NAME = "rollerlog.log"
logger = logging.getLogger("rollerlog")


def ui_state() -> QSettings:
    """Where window geometry, column widths and the first-run flag live (never rule settings)."""
    return QSettings(ORGANIZATION_NAME, APP_NAME)


def log_unexpected(
    exc_type: type[BaseException], value: BaseException, tb: TracebackType | None
) -> str:
    """Write an unexpected error to the log file; return the file's path as text."""
    folder = paths.ensure_private_dir(paths.log_dir())
    path = folder / LOG_FILE_NAME
    if not any(isinstance(h, logging.FileHandler) for h in logger.handlers):
        handler = logging.FileHandler(path, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        logger.addHandler(handler)
    logger.error("unexpected error\n%s", "".join(traceback.format_exception(exc_type, value, tb)))
    return str(path)


def excepthook(
    exc_type: type[BaseException], value: BaseException, tb: TracebackType | None
) -> None:
    """Log an unexpected exception and tell the person, instead of a silent crash."""
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, value, tb)
        return
    try:
        where = log_unexpected(exc_type, value, tb)
    except OSError:
        where = "(the log file could not be written)"
    if QApplication.instance() is None:
        sys.__excepthook__(exc_type, value, tb)
        return
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(
        QMessageBox.Icon.Critical,
        "Something went wrong",
        f"rollerlog ran into an unexpected problem: {value}\n\n"
        f"Your saved data is safe. The details were written to {where}.",
    )
    box.exec()


PROBE_ENV = "ROLLERLOG_BENCH_PROBE"
"""For the benchmarks: set to ``today`` or ``sessions`` to report start-up times and quit.

The app then prints ``first-paint <epoch seconds>`` when its window first paints,
``today-filled <epoch>`` when the Today view has painted with the data, and with
``sessions`` also ``sessions-shown <epoch>`` once the Sessions page has painted; then it
quits normally. Unset, nothing is watched.
"""


class StartupProbe(QObject):
    """Reports the start-up milestones of ``window`` on stdout (see :data:`PROBE_ENV`)."""

    def __init__(self, window: MainWindow, mode: str) -> None:
        super().__init__(window)
        self.window = window
        self.mode = mode
        self.waiting_for = "first-paint"
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)

    def filled(self) -> None:
        """The data is in the window: report at its next paint."""
        self.waiting_for = "today-filled"
        self.window.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            self.waiting_for
            and event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and watched.window() is self.window
        ):
            self._reached(self.waiting_for)
        return False

    def _show_sessions(self) -> None:
        self.window.show_view(1)
        self.waiting_for = "sessions-shown"

    def _reached(self, milestone: str) -> None:
        print(f"{milestone} {time.time():.6f}", flush=True)
        if milestone == "first-paint":
            self.waiting_for = ""
        elif milestone == "today-filled" and self.mode == "sessions":
            self.waiting_for = ""
            QTimer.singleShot(0, self._show_sessions)
        else:
            self.waiting_for = ""
            QTimer.singleShot(0, QApplication.quit)


class FirstPaint(QObject):
    """Calls ``then`` once, soon after ``widget`` first paints (or after ``fallback_ms``)."""

    def __init__(self, widget: QWidget, then: object, fallback_ms: int = 500) -> None:
        super().__init__(widget)
        self.then = then
        self.done = False
        widget.installEventFilter(self)
        # A window that never paints (started minimized, say) must still open its data.
        QTimer.singleShot(fallback_ms, self._go)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self.done:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._go)
        return False

    def _go(self) -> None:
        if not self.done:
            self.done = True
            self.then()  # type: ignore[operator]


class PaletteFollower(QObject):
    """Keeps the state colours readable when the desktop switches between light and dark."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """On a new application palette, pick the colour set readable on it."""
        if event.type() == QEvent.Type.ApplicationPaletteChange and watched is self.parent():
            from rollerlog.ui.common import follow_palette

            follow_palette(QApplication.palette())
        return False


def follow_the_palette(app: QApplication) -> None:
    """Choose the state colours for the palette now and whenever it changes."""
    from rollerlog.ui.common import follow_palette

    follow_palette(app.palette())
    if not app.findChildren(PaletteFollower):
        app.installEventFilter(PaletteFollower(app))


class Startup:
    """What the app does once its window has painted: lock, check, open, fill, listen."""

    def __init__(self, window: MainWindow, channel: str, probe: StartupProbe | None) -> None:
        self.window = window
        self.channel = channel
        self.probe = probe
        self.lock: DataLock | None = None
        self.database: Database | None = None
        self.server: InstanceServer | None = None
        self.exit_code: int | None = None

    def open(self) -> None:
        """Take the data lock, run the start-up check, and fill the window; or explain and quit."""
        from PySide6.QtWidgets import QMessageBox

        from rollerlog.store.db import StoreError
        from rollerlog.store.lock import DataLock
        from rollerlog.store.startup import open_for_app
        from rollerlog.ui.icons import app_icon
        from rollerlog.ui.recovery import recover
        from rollerlog.ui.single_instance import InstanceServer, bring_forward

        window = self.window
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.setWindowIcon(app_icon())
        follow_the_palette(app)
        window.show_icons()
        lock = DataLock(paths.data_dir(), "the rollerlog app")
        try:
            locked = lock.try_acquire()
        except OSError as error:
            locked, problem = False, f"the data folder cannot be used ({error.strerror or error})"
        else:
            problem = f"rollerlog is already running ({lock.holder_description() or 'elsewhere'})"
        if not locked:
            print(f"{APP_NAME}: {problem}", file=sys.stderr)
            QMessageBox.information(window, APP_DISPLAY_NAME, f"{problem[0].upper()}{problem[1:]}.")
            self._quit(1)
            return
        self.lock = lock
        try:
            report = open_for_app(paths.database_path(), datetime.now())
            self.database = recover(report, paths.database_path(), parent=window)
        except StoreError as error:
            print(f"{APP_NAME}: {error}", file=sys.stderr)
            QMessageBox.critical(window, "rollerlog cannot open its data", str(error))
            self._quit(1)
            return
        if self.database is None:
            self._quit(1)
            return
        window.attach(self.database, print_menu_later=True)
        self.server = InstanceServer(self.channel, window)
        self.server.show_requested.connect(lambda: bring_forward(window))
        self.server.start()
        if self.probe is not None:
            self.probe.filled()
        else:
            QTimer.singleShot(0, window.show_first_run_notice)

    def _quit(self, code: int) -> None:
        self.exit_code = code
        self.window.hide()
        QApplication.exit(code)

    def close(self) -> None:
        """Stop listening, close the data and give the lock back."""
        if self.server is not None:
            self.server.close()
        if self.database is not None:
            self.database.close()
        if self.lock is not None:
            self.lock.release()


def run() -> int:
    """Show the window, open the data once it has painted, run the event loop; return the code."""
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    apply_identity(app, with_icon=False)
    sys.excepthook = excepthook
    from rollerlog.ui.single_instance import ask_running_instance_to_show, server_name

    channel = server_name(paths.data_dir())
    if ask_running_instance_to_show(channel):
        print(f"{APP_NAME} is already running; its window was brought forward.")
        return 0
    from rollerlog.ui.main_window import MainWindow

    window = MainWindow(None, ui_state())
    mode = os.environ.get(PROBE_ENV, "")
    probe = StartupProbe(window, mode) if mode else None
    startup = Startup(window, channel, probe)
    FirstPaint(window, startup.open)
    window.show()
    try:
        code = app.exec()
    finally:
        startup.close()
    return startup.exit_code if startup.exit_code is not None else int(code)
