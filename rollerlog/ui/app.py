"""Starting the desktop app: the QApplication, its identity, the error hook and the main window."""

from __future__ import annotations

import logging
import sys
import traceback
from datetime import datetime
from types import TracebackType

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from rollerlog import paths
from rollerlog.meta import APP_DISPLAY_NAME, APP_NAME, ORGANIZATION_NAME
from rollerlog.store.db import StoreError
from rollerlog.ui.identity import apply_identity

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
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        "Something went wrong",
        f"rollerlog ran into an unexpected problem: {value}\n\n"
        f"Your saved data is safe. The details were written to {where}.",
    )
    box.exec()


def run() -> int:
    """Open the main window and run the event loop; return the exit code."""
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    apply_identity(app)
    sys.excepthook = excepthook
    from rollerlog.store.lock import DataLock
    from rollerlog.store.startup import open_for_app
    from rollerlog.ui.recovery import recover
    from rollerlog.ui.single_instance import (
        InstanceServer,
        ask_running_instance_to_show,
        bring_forward,
        server_name,
    )

    channel = server_name(paths.data_dir())
    if ask_running_instance_to_show(channel):
        print(f"{APP_NAME} is already running; its window was brought forward.")
        return 0
    lock = DataLock(paths.data_dir(), "the rollerlog app")
    try:
        locked = lock.try_acquire()
    except OSError as error:
        locked, problem = False, f"the data folder cannot be used ({error.strerror or error})"
    else:
        problem = f"rollerlog is already running ({lock.holder_description() or 'elsewhere'})"
    if not locked:
        print(f"{APP_NAME}: {problem}", file=sys.stderr)
        QMessageBox.information(None, APP_DISPLAY_NAME, f"{problem[0].upper()}{problem[1:]}.")
        return 1
    try:
        report = open_for_app(paths.database_path(), datetime.now())
        database = recover(report, paths.database_path())
    except StoreError as error:
        print(f"{APP_NAME}: {error}", file=sys.stderr)
        QMessageBox.critical(None, "rollerlog cannot open its data", str(error))
        lock.release()
        return 1
    if database is None:
        lock.release()
        return 1
    from rollerlog.ui.main_window import MainWindow

    window = MainWindow(database, ui_state())
    server = InstanceServer(channel, window)
    server.show_requested.connect(lambda: bring_forward(window))
    server.start()
    window.show()
    QTimer.singleShot(0, window.show_first_run_notice)
    try:
        code = app.exec()
    finally:
        server.close()
        database.close()
        lock.release()
    return int(code)
