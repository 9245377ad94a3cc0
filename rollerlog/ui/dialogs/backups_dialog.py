"""File → Backups…: the backups with their date and size, and restoring one after a confirmation."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from rollerlog.domain.wording import format_moment, format_precise_moment
from rollerlog.store.backup import (
    BackupInfo,
    backup_database,
    backup_folder_for,
    list_backups,
    restore_database,
    thin_backups,
    timestamped_backup_path,
)
from rollerlog.store.db import StoreError
from rollerlog.ui.common import confirmation_box

#: confirm(parent, text) -> True to go ahead.
Confirm = Callable[[QWidget, str], bool]


def confirm_with_box(parent: QWidget, text: str) -> bool:
    """Ask in a box whose buttons say "Restore" and "Cancel" (the default; tests pass their own)."""
    box, restore = confirmation_box(parent, "Restore a backup", text, "Restore")
    box.exec()
    return box.clickedButton() is restore


def human_size(size: int) -> str:
    """A file size in plain words: "812 bytes", "48 KB", "3.2 MB"."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


class BackupsDialog(QDialog):
    """Lists the backups beside the database, newest first, and restores the chosen one.

    Emits ``restored(path)`` after a restore so the window reloads what it shows.
    """

    restored = Signal(Path)

    def __init__(
        self,
        database_path: Path,
        parent: QWidget | None = None,
        *,
        confirm: Confirm = confirm_with_box,
        clock: Callable[[], datetime] = datetime.now,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Backups")
        self.database_path = database_path
        self._confirm = confirm
        self._clock = clock
        self._backups: list[BackupInfo] = []

        intro = QLabel(
            "rollerlog backs up your data when it starts after a change, and before every "
            f"import, restore or upgrade. The backups are kept in "
            f"{backup_folder_for(database_path)}."
        )
        intro.setWordWrap(True)
        self.table = QTreeWidget()
        self.table.setHeaderLabels(["Taken", "Size", "Why"])
        self.table.setRootIsDecorated(False)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(lambda *_: self.restore_selected())
        self.message = QLabel()
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.restore_button = QPushButton("Restore…")
        self.restore_button.clicked.connect(self.restore_selected)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.back_up_button = QPushButton("&Back up now")
        self.back_up_button.setAccessibleName("Back up now")
        self.back_up_button.clicked.connect(lambda _checked=False: self.back_up_now())
        buttons.addButton(self.back_up_button, QDialogButtonBox.ButtonRole.ActionRole)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(560, 380)
        self.reload()

    def reload(self) -> None:
        """Read the backups folder again."""
        self._backups = list_backups(backup_folder_for(self.database_path))
        self.table.clear()
        for info in self._backups:
            item = QTreeWidgetItem(
                [
                    format_precise_moment(info.taken_at),
                    human_size(info.size),
                    info.description,
                ]
            )
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setToolTip(0, str(info.path))
            self.table.addTopLevelItem(item)
        for column in range(3):
            self.table.resizeColumnToContents(column)
        if not self._backups:
            self.message.setText("There are no backups yet.")
        self._update_buttons()

    def backups(self) -> list[BackupInfo]:
        """The backups listed, newest first."""
        return list(self._backups)

    def _selected(self) -> BackupInfo | None:
        rows = [self.table.indexOfTopLevelItem(item) for item in self.table.selectedItems()]
        return self._backups[rows[0]] if rows else None

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(self._selected() is not None)

    def back_up_now(self) -> Path | None:
        """Take a backup of the data as it is now ("Made by you"); return it, or None."""
        folder = backup_folder_for(self.database_path)
        try:
            made = backup_database(
                self.database_path, timestamped_backup_path(folder, self._clock(), "manual")
            )
            thin_backups(folder, spare=[made])
        except StoreError as error:
            self.message.setText(f"No backup was made: {error}.")
            return None
        self.reload()
        self.message.setText(f"Backed up your data as {made.name}.")
        for row, info in enumerate(self._backups):
            item = self.table.topLevelItem(row)
            if info.path == made and item is not None:
                self.table.setCurrentItem(item)
        return made

    def restore_selected(self) -> bool:
        """Restore the selected backup after the person confirms; return whether it was."""
        info = self._selected()
        if info is None:
            return False
        when = format_moment(info.taken_at)
        if not self._confirm(
            self,
            f"Bring back your data as it was on {when}?\n\nEverything logged since then "
            "is replaced. The current data is backed up first, so you can go back.",
        ):
            return False
        try:
            safety_copy = restore_database(info.path, self.database_path, self._clock())
        except StoreError as error:
            self.message.setText(f"Nothing was restored: {error}.")
            return False
        kept = f" The data as it was is kept as {safety_copy.name}." if safety_copy else ""
        self.message.setText(f"Restored the backup from {when}.{kept}")
        self.reload()
        self.restored.emit(info.path)
        return True
