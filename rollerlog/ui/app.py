"""Starting the desktop app: the QApplication, its identity and the main window."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

from rollerlog import paths
from rollerlog.meta import APP_DISPLAY_NAME, APP_NAME, __version__
from rollerlog.store.db import StoreError, open_database
from rollerlog.ui.identity import apply_identity


def run() -> int:
    """Open the main window and run the event loop; return the exit code."""
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    apply_identity(app)
    try:
        database = open_database(paths.database_path())
    except StoreError as error:
        print(f"{APP_NAME}: {error}", file=sys.stderr)
        return 1
    window = QMainWindow()
    window.setWindowTitle(APP_DISPLAY_NAME)
    window.setCentralWidget(QLabel(f"rollerlog {__version__} — data in {database.path}"))
    window.resize(1000, 700)
    window.show()
    code = app.exec()
    database.close()
    return int(code)
