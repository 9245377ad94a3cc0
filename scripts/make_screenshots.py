"""Render the main window offscreen on a realistic year of data into docs/images/today.png.

Run from the repository root:  python scripts/make_screenshots.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from rollerlog import paths  # noqa: E402
from rollerlog.store.db import open_database  # noqa: E402
from rollerlog.store.sample_data import generate_year  # noqa: E402


def main() -> int:
    """Generate the data, show the Today view and save the PNG."""
    app = QApplication(sys.argv)
    from rollerlog.ui.identity import apply_identity
    from rollerlog.ui.main_window import MainWindow
    from rollerlog.ui.window_state import NOTICE_KEY

    apply_identity(app)
    now = datetime(2026, 3, 2, 19, 30)
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        paths.set_data_dir_override(data)
        database = open_database(paths.database_path())
        generate_year(database, now.date())
        state = QSettings(str(Path(folder) / "ui.ini"), QSettings.Format.IniFormat)
        state.setValue(NOTICE_KEY, True)
        window = MainWindow(database, state, clock=lambda: now)
        window.resize(1180, 820)
        window.show()
        window.statusBar().clearMessage()
        for _ in range(5):
            app.processEvents()
        out = ROOT / "docs" / "images" / "today.png"
        out.parent.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(out))
        window.close()
        database.close()
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
