"""Render the app offscreen on a realistic year of data into docs/images/.

Today, the new-session dialog (opened from a click on the body map) and Skin & health,
each in the light palette and in a dark one, at 1280x800 (``*.png``) and 1024x640
(``*-small.png``). Run from the repository root:  python scripts/make_screenshots.py
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

from PySide6.QtCore import QSettings, QSize  # noqa: E402
from PySide6.QtGui import QColor, QPalette  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from rollerlog import paths  # noqa: E402
from rollerlog.store.db import open_database  # noqa: E402
from rollerlog.store.sample_data import generate_year  # noqa: E402

SIZES = {"": (1280, 800), "-small": (1024, 640)}
"""Screen sizes, by file-name suffix."""

DARK_COLOURS = {
    QPalette.ColorRole.Window: "#2b2b2b",
    QPalette.ColorRole.WindowText: "#e8e8e8",
    QPalette.ColorRole.Base: "#1f1f1f",
    QPalette.ColorRole.AlternateBase: "#272727",
    QPalette.ColorRole.Text: "#e8e8e8",
    QPalette.ColorRole.Button: "#363636",
    QPalette.ColorRole.ButtonText: "#e8e8e8",
    QPalette.ColorRole.Highlight: "#3d8ee0",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.ToolTipBase: "#363636",
    QPalette.ColorRole.ToolTipText: "#e8e8e8",
    QPalette.ColorRole.PlaceholderText: "#9a9a9a",
    QPalette.ColorRole.Link: "#70b0ff",
}


def dark_palette() -> QPalette:
    """A dark palette like a desktop's dark theme."""
    palette = QPalette()
    for role, colour in DARK_COLOURS.items():
        palette.setColor(role, QColor(colour))
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#8a8a8a"))
    return palette


def settle(app: QApplication) -> None:
    """Let layouts and paints run."""
    for _ in range(5):
        app.processEvents()


def save(widget: QWidget, name: str) -> None:
    """Save a grab of ``widget`` as docs/images/NAME.png."""
    out = ROOT / "docs" / "images" / f"{name}.png"
    out.parent.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(out))
    print(out)


def main() -> int:
    """Generate the data, show each page in each palette and size, and save the PNGs."""
    from rollerlog.ui.common import follow_palette

    app = QApplication(sys.argv)
    app.setStyle("Fusion")  # the same look on every machine, light or dark
    from rollerlog.ui.dialogs.session_dialog import DIALOG_SIZE, SessionDialog
    from rollerlog.ui.identity import apply_identity
    from rollerlog.ui.main_window import MainWindow
    from rollerlog.ui.window_state import NOTICE_KEY

    apply_identity(app)
    light = QPalette(app.palette())
    now = datetime(2026, 3, 2, 19, 30)
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        paths.set_data_dir_override(data)
        database = open_database(paths.database_path())
        generate_year(database, now.date())
        for theme, palette in (("", light), ("-dark", dark_palette())):
            app.setPalette(palette)
            follow_palette(palette)  # as the app does at start and on a change of theme
            for suffix, (width, height) in SIZES.items():
                state = QSettings(str(Path(folder) / "ui.ini"), QSettings.Format.IniFormat)
                state.clear()
                state.setValue(NOTICE_KEY, True)
                window = MainWindow(database, state, clock=lambda: now)
                # The window as a maximized one on that screen: less a panel and a title bar.
                window.resize(width, height - 60)
                window.show()
                window.statusBar().clearMessage()
                settle(app)
                save(window, f"today{theme}{suffix}")
                window.today.start_session_on("forehead")
                dialog = window.dialog
                assert isinstance(dialog, SessionDialog)
                dialog.areas.boxes["nose"].setChecked(True)
                # The size the dialog opens at on a screen of that size (the offscreen one is
                # smaller than both).
                room = QSize(width, height) - QSize(40, 60)
                dialog.resize(DIALOG_SIZE.boundedTo(room).expandedTo(dialog.minimumSizeHint()))
                settle(app)
                save(dialog, f"session-dialog{theme}{suffix}")
                dialog.reject()
                window.show_view(window.health)
                settle(app)
                save(window, f"skin-and-health{theme}{suffix}")
                window.close()
                window.deleteLater()
                settle(app)
        database.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
