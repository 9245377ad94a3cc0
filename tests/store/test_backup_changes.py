"""Backup-if-changed decides from the file's header, size and write-ahead log, not by copying.

The attack on such a shortcut is a change it misses: every kind of write below (through
rollerlog, through another program in rollback-journal mode, a change of one byte's worth
of data that keeps the size, a crash that leaves data in the -wal) must give a new backup,
and a start on unchanged data must not.
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

from rollerlog.domain.entities import Roller
from rollerlog.store import operations as ops
from rollerlog.store.backup import (
    FINGERPRINT_NAME,
    backup_if_changed,
    changed_since_last_backup,
    list_backups,
)
from rollerlog.store.db import open_database
from rollerlog.store.safety import status_on

START = datetime(2026, 3, 1, 9, 0)


def _database(folder: Path) -> Path:
    path = folder / "rollerlog.sqlite3"
    database = open_database(path)
    ops.add_roller(database, Roller("Face 0.5", 0.5, date(2026, 1, 1)))
    database.close()
    return path


def test_unchanged_data_gives_no_new_backup_even_after_reading_it(tmp_path: Path) -> None:
    path = _database(tmp_path)
    first = backup_if_changed(path, START)
    assert first is not None
    database = open_database(path)  # the app reads, as every start does, and closes
    status_on(database, date(2026, 3, 1))
    database.close()
    assert not changed_since_last_backup(path)
    assert backup_if_changed(path, START + timedelta(minutes=1)) is None
    assert [info.path for info in list_backups(tmp_path / "backups")] == [first]


def test_a_change_through_rollerlog_gives_a_new_backup(tmp_path: Path) -> None:
    path = _database(tmp_path)
    backup_if_changed(path, START)
    database = open_database(path)
    ops.add_roller(database, Roller("Body 1.0", 1.0, date(2026, 1, 2)))
    database.close()
    assert backup_if_changed(path, START + timedelta(minutes=1)) is not None


def test_a_same_size_change_by_another_program_gives_a_new_backup(tmp_path: Path) -> None:
    path = _database(tmp_path)
    backup_if_changed(path, START)
    size = path.stat().st_size
    other = sqlite3.connect(path)  # another tool, in rollback-journal mode
    other.execute("PRAGMA journal_mode = DELETE")
    other.execute("UPDATE roller SET notes = 'x' WHERE name = 'Face 0.5'")
    other.commit()
    other.close()
    assert path.stat().st_size == size
    assert backup_if_changed(path, START + timedelta(minutes=1)) is not None


def test_data_left_in_the_write_ahead_log_gives_a_new_backup(tmp_path: Path) -> None:
    path = _database(tmp_path)
    backup_if_changed(path, START)
    writer = sqlite3.connect(path)
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("UPDATE roller SET notes = 'y'")
    writer.commit()
    # Like a crash: the change is only in the -wal while the file itself is as it was.
    assert (tmp_path / "rollerlog.sqlite3-wal").stat().st_size > 0
    try:
        assert changed_since_last_backup(path)
        made = backup_if_changed(path, START + timedelta(minutes=1))
        assert made is not None
        copy = sqlite3.connect(made)
        assert copy.execute("SELECT notes FROM roller").fetchall() == [("y",)]
        copy.close()
    finally:
        writer.close()


def test_a_missing_or_doctored_note_means_a_backup(tmp_path: Path) -> None:
    path = _database(tmp_path)
    first = backup_if_changed(path, START)
    assert first is not None
    note = tmp_path / "backups" / FINGERPRINT_NAME
    assert note.stat().st_mode & 0o777 == 0o600
    note.write_text("{not json", encoding="utf-8")
    assert changed_since_last_backup(path)
    assert backup_if_changed(path, START + timedelta(minutes=1)) is not None
    # The backup the note names was removed: the data has no backup of its state any more.
    for info in list_backups(tmp_path / "backups"):
        info.path.unlink()
    assert changed_since_last_backup(path)
