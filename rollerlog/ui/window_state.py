"""What the app remembers between runs in QSettings: window geometry, column widths, first run.

Never rule settings: those live in the database.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QSize, QStandardPaths
from PySide6.QtWidgets import QMainWindow, QTableView

NOTICE_KEY = "notice/disclaimer-shown"
"""Set once the first-run notice (a log, not medical advice) has been shown."""
GEOMETRY_KEY = "window/geometry"
FILE_FOLDER_KEY = "files/last-folder"
"""The folder a file was last exported to; the file dialogs start there."""

DEFAULT_SIZE = QSize(1180, 780)
"""The window's size on a first start."""
MINIMUM_USEFUL_SIZE = QSize(900, 600)
"""Below this, Today's rollers and areas no longer fit; a restored geometry is grown to it."""


class WindowState:
    """The remembered state of one main window and its tables, in a QSettings store."""

    def __init__(self, settings: QSettings) -> None:
        self.settings = settings

    @staticmethod
    def _column_key(table: QTableView) -> str:
        return "columns/" + table.accessibleName().replace(" ", "_")

    def restore_columns(self, table: QTableView) -> None:
        """Give a table the column widths it had last time (or fit them to the contents)."""
        saved = self.settings.value(self._column_key(table))
        if isinstance(saved, QByteArray) and not saved.isEmpty():
            table.horizontalHeader().restoreState(saved)
        else:
            table.resizeColumnsToContents()
        header = table.horizontalHeader()
        if header.stretchLastSection():
            # Fitting or restoring sizes the last column too; hand it the spare width again.
            header.setStretchLastSection(False)
            header.setStretchLastSection(True)

    def save_columns(self, table: QTableView) -> None:
        """Remember a table's column widths."""
        self.settings.setValue(self._column_key(table), table.horizontalHeader().saveState())

    def restore_geometry(self, window: QMainWindow) -> None:
        """The window's size and place from the last run, never smaller than useful."""
        geometry = self.settings.value(GEOMETRY_KEY)
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            window.restoreGeometry(geometry)
        else:
            window.resize(DEFAULT_SIZE)
        # A geometry saved on another screen (or by a window that never finished opening)
        # may be too small to read Today; never start smaller than the smallest useful size.
        smallest = MINIMUM_USEFUL_SIZE.boundedTo(window.screen().availableGeometry().size())
        if window.width() < smallest.width() or window.height() < smallest.height():
            window.resize(window.size().expandedTo(smallest))

    def save_geometry(self, window: QMainWindow) -> None:
        """Remember the window's size and place."""
        self.settings.setValue(GEOMETRY_KEY, window.saveGeometry())

    def first_run_notice_due(self) -> bool:
        """True until the first-run notice has been shown once."""
        return not self.settings.value(NOTICE_KEY, False, type=bool)

    def first_run_notice_shown(self) -> None:
        """Remember that the first-run notice was shown."""
        self.settings.setValue(NOTICE_KEY, True)

    def file_folder(self) -> Path:
        """Where a file dialog starts: the folder used last, else the Documents folder."""
        saved = self.settings.value(FILE_FOLDER_KEY, "", type=str)
        if isinstance(saved, str) and saved and Path(saved).is_dir():
            return Path(saved)
        return self.documents_folder()

    @staticmethod
    def documents_folder() -> Path:
        """The person's Documents folder (their home when the system names none)."""
        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        return Path(documents) if documents and Path(documents).is_dir() else Path.home()

    def remember_file(self, chosen: Path) -> None:
        """Remember the folder of a file the person chose, for the next file dialog."""
        self.settings.setValue(FILE_FOLDER_KEY, str(chosen.parent))

    def sync(self) -> None:
        """Write what was remembered to disk now."""
        self.settings.sync()
