"""Backups with SQLite's online backup API: taking, listing, thinning and restoring them.

A backup is never a plain file copy: the backup API reads a consistent snapshot even while
the database is in use and includes what still sits in the write-ahead log. Automatic
backups go into ``backups/`` beside the database and are thinned like Anki's: the recent
ones, then one a day, one a week and one a month, within a bounded count.
"""

from __future__ import annotations

import contextlib
import json
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from rollerlog.files import ensure_private_dir, partial_path, write_atomically, write_private_text
from rollerlog.paths import BACKUP_DIR_NAME
from rollerlog.store.errors import NotRollerlogDatabaseError, StoreError
from rollerlog.store.schema import inspect_file, readable_uri, sqlite_uri

#: What SQLite keeps beside a database file; it belongs to the file wherever it goes.
COMPANION_SUFFIXES = ("-wal", "-shm", "-journal")

#: How many backups of each kind thinning keeps (the bound is their sum).
KEEP_RECENT = 10
KEEP_DAILY = 7
KEEP_WEEKLY = 4
KEEP_MONTHLY = 12
MAX_BACKUPS = KEEP_RECENT + KEEP_DAILY + KEEP_WEEKLY + KEEP_MONTHLY

_NAME_RE = re.compile(r"^rollerlog-(\d{4}-\d{2}-\d{2}-\d{6})(?:-([a-z-]+?))?(?:-(\d+))?\.sqlite3$")

#: Labels of backups, shown in the Backups dialog.
LABELS = {
    "": "Automatic",
    "manual": "Made by you",
    "before-import": "Before an import",
    "before-restore": "Before a restore",
    "before-migration": "Before an upgrade",
}


class BackupError(StoreError):
    """A backup could not be made or brought back; the text says why in plain words."""


@dataclass(frozen=True, slots=True)
class BackupInfo:
    """One backup file: where it is, when it was taken, how big it is and why it was made."""

    path: Path
    taken_at: datetime
    size: int
    label: str

    @property
    def description(self) -> str:
        """Why the backup was made, in plain words."""
        return LABELS.get(self.label, self.label.replace("-", " ").capitalize())


def _copy_with_backup_api(source: Path, partial: Path) -> None:
    source_connection = sqlite3.connect(readable_uri(source), uri=True, timeout=5)
    try:
        target = sqlite3.connect(partial)
        try:
            source_connection.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")
        finally:
            target.close()
    finally:
        source_connection.close()


def backup_database(source: Path, destination: Path) -> Path:
    """Copy the database at ``source`` to ``destination`` consistently, even while it is in use.

    Uses SQLite's backup API (never a plain file copy, which could miss the write-ahead log).
    The copy is written to a private (0600) partial file and appears under its final name
    only when complete. A missing folder is created private; an existing one is left as it is.
    """
    try:
        ensure_private_dir(destination.parent)
        write_atomically(destination, lambda partial: _copy_with_backup_api(source, partial))
    except sqlite3.DatabaseError as error:
        raise BackupError(f"could not back up {source} ({error})") from error
    except OSError as error:
        raise BackupError(
            f"could not write the backup {destination} ({error.strerror or error})"
        ) from error
    return destination


def timestamped_backup_path(folder: Path, when: datetime, label: str = "") -> Path:
    """A new backup file name in ``folder`` for the moment ``when``."""
    stem = when.strftime("rollerlog-%Y-%m-%d-%H%M%S")
    if label:
        stem += f"-{label}"
    candidate = folder / f"{stem}.sqlite3"
    counter = 1
    while candidate.exists():
        counter += 1
        candidate = folder / f"{stem}-{counter}.sqlite3"
    return candidate


def backup_folder_for(database: Path) -> Path:
    """The folder of automatic backups of the database at ``database``."""
    return database.parent / BACKUP_DIR_NAME


def list_backups(folder: Path) -> list[BackupInfo]:
    """The backups in ``folder``, newest first (files that are not backups are ignored)."""
    if not folder.is_dir():
        return []
    result = []
    for path in folder.iterdir():
        match = _NAME_RE.match(path.name)
        if not match or not path.is_file():
            continue
        taken_at = datetime.strptime(match.group(1), "%Y-%m-%d-%H%M%S")
        result.append(BackupInfo(path, taken_at, path.stat().st_size, match.group(2) or ""))
    result.sort(key=lambda info: (info.taken_at, info.path.name), reverse=True)
    return result


def backups_to_keep(moments: Iterable[datetime]) -> set[datetime]:
    """Which backup moments thinning keeps: the newest few, then one a day, a week, a month.

    Walking from newest to oldest, a backup is kept when it is among the ``KEEP_RECENT``
    newest, or the newest of a day, week or month not yet represented while that kind
    still has room. At most ``MAX_BACKUPS`` are kept.
    """
    ordered = sorted(set(moments), reverse=True)
    keep = set(ordered[:KEEP_RECENT])
    days: set[object] = {moment.date() for moment in keep}
    weeks: set[object] = {moment.isocalendar()[:2] for moment in keep}
    months: set[object] = {(moment.year, moment.month) for moment in keep}
    counts = {"day": 0, "week": 0, "month": 0}
    for moment in ordered[KEEP_RECENT:]:
        day, week, month = moment.date(), moment.isocalendar()[:2], (moment.year, moment.month)
        if day not in days and counts["day"] < KEEP_DAILY:
            counts["day"] += 1
        elif week not in weeks and counts["week"] < KEEP_WEEKLY:
            counts["week"] += 1
        elif month not in months and counts["month"] < KEEP_MONTHLY:
            counts["month"] += 1
        else:
            continue
        keep.add(moment)
        days.add(day)
        weeks.add(week)
        months.add(month)
    return keep


def thin_backups(folder: Path, spare: Iterable[Path] = ()) -> list[Path]:
    """Delete the backups thinning does not keep (never one in ``spare``); return them."""
    spared = {path.absolute() for path in spare}
    backups = [info for info in list_backups(folder) if info.path.absolute() not in spared]
    keep = backups_to_keep(info.taken_at for info in backups)
    seen: set[datetime] = set()
    removed = []
    for info in backups:
        # Two backups in the same second: keep only the newest-named one of them.
        if info.taken_at in keep and info.taken_at not in seen:
            seen.add(info.taken_at)
            continue
        info.path.unlink(missing_ok=True)
        removed.append(info.path)
    return removed


#: Beside the automatic backups: what the data looked like when the newest was taken.
FINGERPRINT_NAME = ".last-backup.json"


def data_fingerprint(database: Path) -> dict[str, int] | None:
    """What says whether the data at ``database`` changed, without reading the data.

    SQLite's file change counter (header bytes 24..27, raised by every write in rollback
    mode and by the checkpoints that carry write-ahead-logged changes into the file), the
    file's size and modification time, and the size of its ``-wal``. None when the file is
    not an SQLite database. ``PRAGMA data_version`` cannot serve here: it only tells one
    open connection about changes made by others while it is open, never across starts.
    """
    try:
        with database.open("rb") as stream:
            header = stream.read(100)
        status = database.stat()
        wal = database.with_name(database.name + "-wal")
        wal_size = wal.stat().st_size if wal.exists() else 0
    except OSError:
        return None
    if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
        return None
    return {
        "change_counter": int.from_bytes(header[24:28], "big"),
        "size": status.st_size,
        "modified_ns": status.st_mtime_ns,
        "wal_size": wal_size,
    }


def _recorded_fingerprint(folder: Path) -> tuple[str, dict[str, int]] | None:
    try:
        stored = json.loads((folder / FINGERPRINT_NAME).read_text(encoding="utf-8"))
        return str(stored["backup"]), {key: int(value) for key, value in stored["data"].items()}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


def changed_since_last_backup(database: Path, folder: Path | None = None) -> bool:
    """Whether the data at ``database`` may differ from its newest automatic backup.

    Decided from :func:`data_fingerprint` against the one noted when that backup was
    taken; when in doubt (no note, the noted backup gone or no longer the newest, data
    still in the ``-wal``) the answer is yes, so a change is never left without a backup.
    """
    folder = folder or backup_folder_for(database)
    now = data_fingerprint(database)
    recorded = _recorded_fingerprint(folder)
    if now is None or recorded is None or now["wal_size"] > 0:
        return True
    name, then = recorded
    backups = list_backups(folder)
    if not backups or backups[0].path.name != name:
        return True
    return now != then


def backup_if_changed(database: Path, when: datetime, folder: Path | None = None) -> Path | None:
    """Back up ``database`` when its data changed since the newest backup; then thin.

    Returns the new backup, or None when nothing changed (or there is no database yet).
    Whether it changed is read from the file's header and size (see
    :func:`changed_since_last_backup`), not by copying and comparing the data.
    """
    if not database.exists() or database.stat().st_size == 0:
        return None
    folder = folder or backup_folder_for(database)
    if not changed_since_last_backup(database, folder):
        return None
    # Noted before the copy: a write during it makes the next start back up again.
    fingerprint = data_fingerprint(database)
    destination = timestamped_backup_path(folder, when)
    backup_database(database, destination)
    if fingerprint is not None and fingerprint["wal_size"] == 0:
        with contextlib.suppress(OSError):
            write_private_text(
                folder / FINGERPRINT_NAME,
                json.dumps({"backup": destination.name, "data": fingerprint}),
            )
    thin_backups(folder)
    return destination


def backup_before(
    database: Path,
    when: datetime,
    label: str,
    folder: Path | None = None,
    *,
    thin: bool = True,
) -> Path:
    """The one backup taken before every risky change (import --replace, restore, upgrade).

    The backups are thinned afterwards unless ``thin`` is False (a restore thins only once
    it has finished, so the file it restores is never among those removed).
    """
    folder = folder or backup_folder_for(database)
    destination = backup_database(database, timestamped_backup_path(folder, when, label))
    if thin:
        thin_backups(folder)
    return destination


def backup_before_migration(database: Path, revision: str) -> None:
    """The hook the opener calls before upgrading a file of schema ``revision``."""
    backup_before(database, datetime.now(), "before-migration")


def verify_backup(path: Path) -> None:
    """Raise a StoreError saying what is wrong unless ``path`` is a healthy rollerlog database.

    Healthy means exactly the schema rollerlog's migrations make at its revision (see
    :mod:`rollerlog.store.schema`) and SQLite's integrity check passing.
    """
    if not path.exists():
        raise BackupError(f"{path}: no such file")
    if not path.is_file():
        raise BackupError(f"{path}: is a folder, not a backup file")
    if inspect_file(path) is None:
        raise NotRollerlogDatabaseError(f"{path} is empty, not a rollerlog backup")
    try:
        connection = sqlite3.connect(readable_uri(path), uri=True)
        try:
            verdict = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise NotRollerlogDatabaseError(f"{path} is damaged ({error})") from error
    if verdict != ["ok"]:
        raise NotRollerlogDatabaseError(f"{path} is damaged ({verdict[0]})")


def _copy_aside(source: Path, folder: Path) -> Path:
    """A private copy of ``source`` in ``folder``, out of thinning's reach, checked again."""
    aside = partial_path(folder / ".rollerlog-restoring.sqlite3")
    try:
        write_atomically(aside, lambda partial: _copy_with_backup_api(source, partial))
    except sqlite3.DatabaseError as error:
        raise BackupError(f"could not read {source} ({error})") from error
    except OSError as error:
        raise BackupError(
            f"could not copy {source} before restoring it ({error.strerror or error})"
        ) from error
    try:
        verify_backup(aside)
    except BaseException:
        aside.unlink(missing_ok=True)
        raise
    return aside


def _bring_back(copy: Path, database: Path) -> None:
    backup = sqlite3.connect(sqlite_uri(copy, "ro"), uri=True)
    try:
        target = sqlite3.connect(database, timeout=5)
        try:
            target.execute("PRAGMA journal_mode = WAL")
            target.execute("PRAGMA synchronous = FULL")
            backup.backup(target)
        finally:
            target.close()
    finally:
        backup.close()


def restore_database(source: Path, database: Path, when: datetime) -> Path | None:
    """Replace the data of ``database`` with the backup at ``source``, after checking it.

    The chosen file is first copied aside (out of the backups folder) and checked, then the
    current data is backed up (returned; None when there was none), and only when the data
    is back are the backups thinned, sparing the one restored: a restore never removes what
    it restores. The data comes back through the backup API in one step, so a failure leaves
    it as it was. Works while the database is open elsewhere in this process.
    """
    verify_backup(source)
    folder = ensure_private_dir(database.parent)
    backups = backup_folder_for(database)
    aside = _copy_aside(source, folder)
    try:
        safety_copy: Path | None = None
        if database.exists() and database.stat().st_size > 0:
            try:
                safety_copy = backup_before(database, when, "before-restore", thin=False)
            except BackupError:
                # The current file cannot even be read: keep it, untouched, under a new name.
                safety_copy = set_aside(database, when)
        try:
            _bring_back(aside, database)
        except sqlite3.DatabaseError as error:
            raise BackupError(
                f"could not restore {source} ({error}); the current data was left as it was"
            ) from error
    finally:
        aside.unlink(missing_ok=True)
    thin_backups(backups, spare=[source] + ([safety_copy] if safety_copy else []))
    return safety_copy


def set_aside(database: Path, when: datetime, reason: str = "damaged") -> Path:
    """Move ``database`` with its -wal, -shm and -journal to a new name beside it.

    Returns the new path. The bytes are never changed: the files are only renamed
    together, never overwritten or deleted, so the set-aside copy is what SQLite saw.
    """
    stem = when.strftime(f"rollerlog-{reason}-%Y-%m-%d-%H%M%S")
    target = database.with_name(f"{stem}.sqlite3")
    counter = 1
    while any(target.with_name(target.name + s).exists() for s in ("", *COMPANION_SUFFIXES)):
        counter += 1
        target = database.with_name(f"{stem}-{counter}.sqlite3")
    for suffix in COMPANION_SUFFIXES:
        companion = database.with_name(database.name + suffix)
        if companion.exists():
            companion.rename(target.with_name(target.name + suffix))
    database.rename(target)
    return target


def newest_good_backup(folder: Path) -> BackupInfo | None:
    """The newest backup in ``folder`` that passes the checks, or None."""
    for info in list_backups(folder):
        try:
            verify_backup(info.path)
        except StoreError:
            continue
        return info
    return None
