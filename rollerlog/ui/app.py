"""Starting the desktop app: the QApplication, its identity, the error hook and the main window.

The window's shell is shown and painted first, with nothing but Qt imported; then the data
lock is taken, the schema checked and Today filled with plain sqlite3; only after Today has
painted are SQLAlchemy, the quick check and the backup run (see :class:`Startup`).
"""

from __future__ import annotations

import os
import sys
import time
from datetime import datetime
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from rollerlog import paths
from rollerlog.meta import APP_DISPLAY_NAME, APP_NAME, ORGANIZATION_NAME
from rollerlog.ui.identity import apply_identity

if TYPE_CHECKING:
    from concurrent.futures import Future

    from rollerlog.store.db import Database
    from rollerlog.store.lock import DataLock
    from rollerlog.store.startup import BackgroundCheck
    from rollerlog.ui.main_window import MainWindow
    from rollerlog.ui.single_instance import InstanceServer


def ui_state() -> QSettings:
    """Where window geometry, column widths and the first-run flag live (never rule settings)."""
    return QSettings(ORGANIZATION_NAME, APP_NAME)


def log_unexpected(
    exc_type: type[BaseException], value: BaseException, tb: TracebackType | None
) -> str:
    """Write an unexpected error to the private log file; return the file's path as text."""
    from rollerlog.errorlog import log_unexpected as write_log

    return str(write_log(value.with_traceback(tb)))


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
        self._watched: QWidget | None = None
        self._watch(window)

    def _watch(self, widget: QWidget) -> None:
        # One widget at a time, as the bare window's probe watches its window: a filter on
        # the whole application would pass every event of every object through Python.
        if self._watched is not None:
            self._watched.removeEventFilter(self)
        self._watched = widget
        widget.installEventFilter(self)

    def filled(self) -> None:
        """The data is in the window: report when the Today view next paints."""
        self.waiting_for = "today-filled"
        today = self.window.view_at(0)
        self._watch(today)
        today.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.waiting_for and watched is self._watched and event.type() == QEvent.Type.Paint:
            self._reached(self.waiting_for)
        return False

    def _show_sessions(self) -> None:
        if self.window.database is None:  # Today was filled before the store was open
            QTimer.singleShot(10, self._show_sessions)
            return
        self.window.show_view(1)
        self._watch(self.window.view_at(1))
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


def follow_the_palette(app: QApplication) -> None:
    """Choose the state colours for the palette now (the main window follows its changes)."""
    from rollerlog.ui.common import follow_palette

    follow_palette(app.palette())


class Startup:
    """What the app does once its window has painted: lock, check, open, fill, listen.

    The usual start (the data file is exactly a current rollerlog database, or there is
    none yet; see :func:`rollerlog.store.startup.first_look`): the lock and the schema
    check, then Today is filled from the file with plain sqlite3, before SQLAlchemy is
    loaded. Once Today has painted, SQLite's quick check runs on a worker thread (and,
    when it passes, the backup if the data changed) while the store loads and the window
    gets its actions; until the check has passed every write waits for it
    (:meth:`MainWindow.writes_may_start`). A file the check finds damaged then takes the
    same path as at any start: it is set aside and the newest good backup is offered.
    Every other case runs the whole check before Today, as :func:`open_for_app` says.
    """

    def __init__(self, window: MainWindow, channel: str, probe: StartupProbe | None) -> None:
        self.window = window
        self.channel = channel
        self.probe = probe
        self.lock: DataLock | None = None
        self.database: Database | None = None
        self.server: InstanceServer | None = None
        self.exit_code: int | None = None
        self.check: Future[BackgroundCheck] | None = None
        self.check_passed = False
        self._watch: QTimer | None = None

    def open(self) -> None:
        """Take the data lock, fill Today, then check and open the store; or explain and quit."""
        from rollerlog.store.lock import DataLock
        from rollerlog.store.schema import can_write
        from rollerlog.store.startup import first_look
        from rollerlog.ui.common import use_app_locale

        use_app_locale()
        window = self.window
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        follow_the_palette(app)

        lock = DataLock(paths.data_dir(), "the rollerlog app")
        try:
            # Where nothing can be written nothing needs the lock: the data opens read-only.
            locked = lock.try_acquire() if can_write(paths.database_path()) else True
        except OSError as error:
            locked, problem = False, f"the data folder cannot be used ({error.strerror or error})"
        else:
            problem = f"rollerlog is already running ({lock.holder_description() or 'elsewhere'})"
        if not locked:
            from PySide6.QtWidgets import QMessageBox

            print(f"{APP_NAME}: {problem}", file=sys.stderr)
            QMessageBox.information(window, APP_DISPLAY_NAME, f"{problem[0].upper()}{problem[1:]}.")
            self._quit(1)
            return
        self.lock = lock if lock.held else None
        if first_look(paths.database_path()) and self._fill_today_first():
            return
        self._open_after_full_check()

    def _fill_today_first(self) -> bool:
        """Fill Today from the file with sqlite3; the rest follows its paint. False if it failed."""
        from rollerlog.store.errors import StoreError
        from rollerlog.store.status_read import DataFile

        try:
            self.window.fill_today_first(DataFile(paths.database_path()))
        except StoreError:
            return False  # busy or unreadable after all: the full check explains it
        self._after_paint_of(self.window.view_at(0), self._check_and_open)
        if self.probe is not None:
            self.probe.filled()
        return True

    def _after_paint_of(self, widget: QWidget, then: object) -> None:
        FirstPaint(widget, then, fallback_ms=200)

    def _dress_window(self) -> None:
        """The app's and the navigation's icons: after Today, which they would only delay."""
        from rollerlog.ui.icons import app_icon

        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.setWindowIcon(app_icon())
        self.window.show_icons()

    def _check_and_open(self) -> None:
        """Start the quick check (and backup) on a worker, load the store, attach the window."""
        from concurrent.futures import ThreadPoolExecutor

        from rollerlog.store.startup import check_and_back_up

        self._dress_window()

        path = paths.database_path()
        executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="rollerlog-check")
        self.check = executor.submit(check_and_back_up, path, datetime.now())
        executor.shutdown(wait=False)
        self.window.write_gate = self._wait_for_check
        # SQLite's check runs in C without the interpreter lock, so it overlaps this import.
        from rollerlog.store.db import StoreError, open_database

        try:
            database = open_database(path)
        except StoreError as error:
            self.check.result()
            self._explain_and_quit(str(error))
            return
        self.database = database
        self._attach(database)
        self._watch = QTimer(self.window)
        self._watch.setInterval(20)
        self._watch.timeout.connect(self._check_done_yet)
        self._watch.start()
        self._check_done_yet()

    def _check_done_yet(self) -> None:
        if self.check is None or not self.check.done():
            return
        if self._watch is not None:
            self._watch.stop()
        self._check_finished()

    def _wait_for_check(self) -> bool:
        """The window's write gate: wait for the check; True when it passed."""
        if self.check is None:
            return True
        if not self.check.done():
            self.window.statusBar().showMessage("Checking your data file before saving…")
            self.check.result()
        if not self.check_passed:
            QTimer.singleShot(0, self._check_done_yet)
        return self._check_result_is_healthy()

    def _check_result_is_healthy(self) -> bool:
        assert self.check is not None
        return not self.check.result().problems

    def _check_finished(self) -> None:
        """The quick check is done: let writes go, or take the damaged-file path."""
        if self.check is None or self.check_passed:
            return
        result = self.check.result()
        if not result.problems:
            self.check_passed = True
            self.window.write_gate = None
            if result.message:
                self.window.statusBar().showMessage(result.message, 10000)
            return
        self._start_over_after_damage(list(result.problems))

    def _start_over_after_damage(self, problems: list[str]) -> None:
        """The background check found damage: close it, set it aside, offer the newest backup."""
        from rollerlog.store.db import StoreError
        from rollerlog.store.startup import damaged_report
        from rollerlog.ui.main_window import MainWindow
        from rollerlog.ui.recovery import recover

        self.check = None
        old = self.window
        old.write_gate = lambda: False
        if self.server is not None:
            self.server.close()
            self.server = None
        if self.database is not None:
            self.database.close()
            self.database = None
        window = MainWindow(
            None, old.state.settings, clock=old.clock, confirm=old._confirm, open_url=old.open_url
        )
        window.show()
        old.hide()
        old.deleteLater()
        self.window = window
        path = paths.database_path()
        try:
            report = damaged_report(path, problems, datetime.now())
            database = recover(report, path, parent=window)
        except StoreError as error:
            self._explain_and_quit(str(error))
            return
        if database is None:
            self._quit(1)
            return
        self.database = database
        self._attach(database)

    def _open_after_full_check(self) -> None:
        """The whole check before Today (see :func:`open_for_app`), then fill the window."""
        from rollerlog.store.db import StoreError
        from rollerlog.store.startup import open_for_app
        from rollerlog.ui.recovery import recover

        self._dress_window()
        window = self.window
        try:
            report = open_for_app(paths.database_path(), datetime.now())
            self.database = recover(report, paths.database_path(), parent=window)
        except StoreError as error:
            self._explain_and_quit(str(error))
            return
        if self.database is None:
            self._quit(1)
            return
        self._attach(self.database)
        if report.read_only:
            print(f"{APP_NAME}: {report.message}", file=sys.stderr)
            window.statusBar().showMessage(report.message)
        if self.probe is not None:
            self.probe.filled()

    def _attach(self, database: Database) -> None:
        from rollerlog.ui.single_instance import InstanceServer, bring_forward

        window = self.window
        window.attach(database, print_menu_later=True)
        self.server = InstanceServer(self.channel, window)
        self.server.show_requested.connect(lambda: bring_forward(window))
        self.server.start()
        if self.probe is None:
            QTimer.singleShot(0, window.show_first_run_notice)

    def _explain_and_quit(self, message: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        print(f"{APP_NAME}: {message}", file=sys.stderr)
        QMessageBox.critical(self.window, "rollerlog cannot open its data", message)
        self._quit(1)

    def _quit(self, code: int) -> None:
        self.exit_code = code
        self.window.hide()
        QApplication.exit(code)

    def close(self) -> None:
        """Wait for the check, stop listening, close the data and give the lock back."""
        if self.check is not None:
            self.check.exception()  # waits; what it found no longer matters when closing
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
