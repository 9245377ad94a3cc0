"""What the app does with the data at start: check, back up, open.

The app's usual start (see :mod:`rollerlog.ui.app`) is in two steps. :func:`first_look`
checks the file's header and exact schema with plain sqlite3 (a few milliseconds, nothing
read beyond the schema): when it is a current, marked, write-ahead-logged rollerlog
database, or there is none yet, Today is read from it at once. Then
:func:`check_and_back_up` runs SQLite's quick check on a worker thread and, when it passes,
backs the file up if it changed since the last backup; writes wait until it is done.

Every other case takes ``open_for_app``, all before Today: the quick check first; a healthy
file is backed up when its data changed since the last backup and then opened (upgraded if
needed, after another backup). A damaged file, or one that is not a rollerlog database, is
set aside under a new name, byte for byte as it was, and the report names the newest good
backup to offer (:func:`damaged_report`, also used when the background check finds damage).
Nothing here asks the person anything: the app explains the report and lets them choose.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from rollerlog.domain.wording import format_moment
from rollerlog.store.backup import (
    BackupError,
    BackupInfo,
    backup_folder_for,
    backup_if_changed,
    newest_good_backup,
    restore_database,
    set_aside,
)
from rollerlog.store.errors import DatabaseBusyError, NewerSchemaError, StoreError
from rollerlog.store.schema import SCHEMA_REVISION, can_write, inspect_file

if TYPE_CHECKING:
    from rollerlog.store.db import Database

#: SQLite's header: bytes 18 and 19 are 2 in a write-ahead-logged file.
_WAL_VERSIONS = b"\x02\x02"


class StartupOutcome(Enum):
    """How the start went."""

    OPENED = "opened"
    SET_ASIDE = "set-aside"
    NEWER_VERSION = "newer-version"
    BUSY = "busy"
    CANNOT_OPEN = "cannot-open"


@dataclass(frozen=True)
class StartupReport:
    """What happened at start, for the app to act on and explain."""

    outcome: StartupOutcome
    database: Database | None = None
    problems: tuple[str, ...] = ()
    set_aside_as: Path | None = None
    newest_backup: BackupInfo | None = None
    backup_made: Path | None = None
    message: str = ""
    read_only: bool = False


def open_for_app(path: Path, now: datetime) -> StartupReport:
    """Check, back up and open the database at ``path`` for the app (see the module text).

    A file another program holds locked is busy, not damaged: the report says so and
    nothing is changed. Where the data cannot be written (a read-only folder or file),
    nothing is set aside, backed up or chmod-ed: the data is opened read-only and the
    report's message says why changes cannot be saved.
    """
    from rollerlog.store.db import open_database
    from rollerlog.store.integrity import quick_check

    read_only = not can_write(path)
    try:
        problems = quick_check(path)
    except DatabaseBusyError as error:
        return StartupReport(outcome=StartupOutcome.BUSY, message=f"{error}.")
    if problems and read_only:
        return StartupReport(
            outcome=StartupOutcome.CANNOT_OPEN,
            problems=tuple(problems),
            message=f"{problems[0]}. rollerlog cannot write to {path.parent}, so it left the "
            "file as it is.",
        )
    if problems:
        return damaged_report(path, problems, now)
    if read_only:
        try:
            database = open_database(path, read_only=True)
        except NewerSchemaError as error:
            return StartupReport(outcome=StartupOutcome.NEWER_VERSION, message=f"{error}.")
        except DatabaseBusyError as error:
            return StartupReport(outcome=StartupOutcome.BUSY, message=f"{error}.")
        return StartupReport(
            outcome=StartupOutcome.OPENED,
            database=database,
            read_only=True,
            message=read_only_message(path),
        )
    try:
        backup_made = backup_if_changed(path, now)
    except BackupError:
        backup_made = None  # A backup that fails must not keep the person from their data.
    try:
        database = open_database(path)
    except NewerSchemaError as error:
        return StartupReport(outcome=StartupOutcome.NEWER_VERSION, message=f"{error}.")
    except DatabaseBusyError as error:
        return StartupReport(outcome=StartupOutcome.BUSY, message=f"{error}.")
    return StartupReport(outcome=StartupOutcome.OPENED, database=database, backup_made=backup_made)


def damaged_report(path: Path, problems: list[str], now: datetime) -> StartupReport:
    """Set the damaged file at ``path`` aside, untouched, and name the newest good backup."""
    aside = set_aside(path, now)
    newest = newest_good_backup(backup_folder_for(path))
    return StartupReport(
        outcome=StartupOutcome.SET_ASIDE,
        problems=tuple(problems),
        set_aside_as=aside,
        newest_backup=newest,
        message=damaged_file_message(aside, newest),
    )


def first_look(path: Path) -> bool:
    """Whether Today may be read from ``path`` before the full start-up check.

    True when there is no database yet, or when the file can be written and is exactly a
    current rollerlog database (rollerlog's mark, the exact schema of this version) in
    write-ahead-log mode: opening it then writes nothing, so nothing is written before
    the quick check has passed. Reads the header and the schema only; False for
    everything else (busy, damaged, foreign, older, read-only), which takes
    :func:`open_for_app` instead.
    """
    if not can_write(path):
        return False
    if not path.exists() or (path.is_file() and path.stat().st_size == 0):
        return True
    try:
        with path.open("rb") as stream:
            header = stream.read(100)
        inspection = inspect_file(path, writable=True)
    except (OSError, StoreError):
        return False
    return (
        header[18:20] == _WAL_VERSIONS
        and inspection is not None
        and inspection.marked
        and inspection.revision == SCHEMA_REVISION
    )


@dataclass(frozen=True)
class BackgroundCheck:
    """What the check after Today found: problems (empty when healthy) and any backup made."""

    problems: tuple[str, ...] = ()
    backup_made: Path | None = None
    message: str = ""


def check_and_back_up(path: Path, now: datetime) -> BackgroundCheck:
    """SQLite's quick check of ``path``; when it passes, a backup if the data changed.

    Safe to run on a worker thread (its own sqlite3 connections; no Qt, no ORM). A damaged
    file is never backed up, so a bad copy cannot push good backups out by thinning. A
    file another program holds locked is not damage: the message says so, and SQLite
    itself keeps writes away while the lock is held.
    """
    from rollerlog.store.integrity import quick_check

    try:
        problems = quick_check(path)
    except DatabaseBusyError as error:
        return BackgroundCheck(message=f"{error}.")
    if problems:
        return BackgroundCheck(problems=tuple(problems))
    try:
        backup_made = backup_if_changed(path, now)
    except BackupError:
        backup_made = None  # A backup that fails must not keep the person from their data.
    return BackgroundCheck(backup_made=backup_made)


def read_only_message(path: Path) -> str:
    """Why the data was opened read-only, in plain words."""
    where = path if path.exists() else path.parent
    return (
        f"rollerlog cannot write to {where}, so your data is opened read-only: you can look, "
        "print and export, but changes cannot be saved. Nothing there was changed."
    )


def damaged_file_message(aside: Path, newest: BackupInfo | None) -> str:
    """The plain-words explanation of a file that could not be used."""
    text = (
        "Your rollerlog data file could not be read: it is damaged, or it is not a "
        "rollerlog file. Nothing in it was changed or deleted. It was moved aside and "
        f"kept as {aside.name} in {aside.parent}."
    )
    if newest is None:
        return text + " No good backup was found, so rollerlog starts with an empty log."
    when = format_moment(newest.taken_at)
    return text + f" The newest good backup is from {when}. You can bring it back now."


def restore_newest(path: Path, backup: BackupInfo, now: datetime) -> Database:
    """Bring ``backup`` back as the data at ``path`` and open it."""
    from rollerlog.store.db import open_database

    restore_database(backup.path, path, now)
    return open_database(path)
