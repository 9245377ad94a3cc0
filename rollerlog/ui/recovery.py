"""At start: explain a damaged or foreign data file in plain words and offer the newest backup."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from rollerlog.store.db import Database, StoreError, open_database
from rollerlog.store.startup import StartupOutcome, StartupReport, restore_newest

#: ask(title, text) -> True for yes; tell(title, text) shows a message.
Ask = Callable[[str, str], bool]
Tell = Callable[[str, str], None]


def _ask_with_box(parent: QWidget | None) -> Ask:
    def ask(title: str, text: str) -> bool:
        from rollerlog.ui.common import confirmation_box

        box, restore = confirmation_box(parent, title, text, "Restore", action_first=True)
        box.exec()
        return box.clickedButton() is restore

    return ask


def _tell_with_box(parent: QWidget | None) -> Tell:
    def tell(title: str, text: str) -> None:
        QMessageBox.warning(parent, title, text)

    return tell


def recover(
    report: StartupReport,
    database_path: Path,
    *,
    now: datetime | None = None,
    parent: QWidget | None = None,
    ask: Ask | None = None,
    tell: Tell | None = None,
) -> Database | None:
    """Turn a start-up report into an open database, asking the person where needed.

    Returns None when the app cannot go on (a file from a newer rollerlog, or a failure
    to open even an empty log); the person has been told why.
    """
    ask = ask or _ask_with_box(parent)
    tell = tell or _tell_with_box(parent)
    if report.outcome is StartupOutcome.OPENED:
        return report.database
    if report.outcome is StartupOutcome.NEWER_VERSION:
        tell("rollerlog is too old for this data", report.message)
        return None
    if report.outcome in (StartupOutcome.BUSY, StartupOutcome.CANNOT_OPEN):
        tell("rollerlog cannot open its data", report.message)
        return None
    path = database_path
    now = now or datetime.now()
    try:
        if report.newest_backup is not None and ask(
            "Your data file could not be read", report.message + "\n\nRestore that backup now?"
        ):
            return restore_newest(path, report.newest_backup, now)
        if report.newest_backup is None:
            tell("Your data file could not be read", report.message)
        return open_database(path)
    except StoreError as error:
        tell("rollerlog cannot open its data", f"{error}.")
        return None
