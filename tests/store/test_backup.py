"""Backups: taken with the backup API, thinned within a bound, verified and restored."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from rollerlog import paths
from rollerlog.domain.interchange import parse_document
from rollerlog.store.backup import (
    MAX_BACKUPS,
    BackupError,
    backup_if_changed,
    backups_to_keep,
    list_backups,
    newest_good_backup,
    restore_database,
    thin_backups,
    timestamped_backup_path,
    verify_backup,
)
from rollerlog.store.db import NotRollerlogDatabaseError, open_database
from rollerlog.store.interchange import export_document, import_document
from tests.helpers import sample_document

NOON = datetime(2026, 3, 1, 12, 0)


def _populated(path: Path) -> None:
    database = open_database(path)
    try:
        import_document(database, parse_document(sample_document()), replace=False)
    finally:
        database.close()


def _session_count(path: Path) -> int:
    connection = sqlite3.connect(path)
    try:
        return int(connection.execute("SELECT count(*) FROM session").fetchone()[0])
    finally:
        connection.close()


def test_a_backup_holds_writes_still_in_the_write_ahead_log(data_dir: Path) -> None:
    path = paths.database_path()
    database = open_database(path)
    try:
        # The engine stays open, so the import sits in the -wal file, not the main file.
        import_document(database, parse_document(sample_document()), replace=False)
        assert path.with_name(path.name + "-wal").exists()
        made = backup_if_changed(path, NOON)
    finally:
        database.close()
    assert made is not None
    assert _session_count(made) == 2
    verify_backup(made)


def test_a_start_backs_up_only_when_the_data_changed(data_dir: Path) -> None:
    path = paths.database_path()
    _populated(path)
    first = backup_if_changed(path, NOON)
    assert first is not None
    assert backup_if_changed(path, NOON + timedelta(hours=1)) is None
    connection = sqlite3.connect(path)
    connection.execute("DELETE FROM lesion")
    connection.commit()
    connection.close()
    assert backup_if_changed(path, NOON + timedelta(hours=2)) is not None
    assert len(list_backups(paths.backup_dir())) == 2


def test_thinning_keeps_recent_then_daily_weekly_monthly_within_a_bound() -> None:
    # Four backups a day for two years.
    moments = [
        datetime(2024, 1, 1, 9) + timedelta(days=day, hours=3 * slot)
        for day in range(730)
        for slot in range(4)
    ]
    keep = backups_to_keep(moments)
    newest = sorted(moments, reverse=True)
    assert len(keep) <= MAX_BACKUPS
    assert set(newest[:10]) <= keep
    # Older kept ones spread out: days, then weeks, then months back.
    assert min(keep) < newest[0] - timedelta(days=300)
    assert len({moment.date() for moment in keep}) >= len(keep) - 9


def test_thinning_deletes_files_and_only_backups(data_dir: Path) -> None:
    folder = paths.ensure_private_dir(paths.backup_dir())
    for hour in range(60):
        timestamped_backup_path(folder, NOON - timedelta(hours=7 * hour)).write_bytes(b"x")
    unrelated = folder / "my notes.txt"
    unrelated.write_text("keep me", encoding="utf-8")
    removed = thin_backups(folder)
    assert removed
    assert len(list_backups(folder)) <= MAX_BACKUPS
    assert unrelated.exists()


def test_restore_checks_the_file_and_backs_up_the_current_data(data_dir: Path) -> None:
    path = paths.database_path()
    _populated(path)
    good = backup_if_changed(path, NOON)
    assert good is not None
    connection = sqlite3.connect(path)
    connection.execute("DELETE FROM acknowledgement")
    connection.execute("DELETE FROM session_area")
    connection.execute("DELETE FROM session")
    connection.commit()
    connection.close()
    assert _session_count(path) == 0

    not_a_backup = data_dir / "holiday.sqlite3"
    not_a_backup.write_bytes(b"not a database at all" * 50)
    with pytest.raises(NotRollerlogDatabaseError):
        restore_database(not_a_backup, path, NOON)
    assert _session_count(path) == 0, "a refused restore changed the data"

    safety_copy = restore_database(good, path, NOON + timedelta(minutes=5))
    assert _session_count(path) == 2
    assert safety_copy is not None
    assert _session_count(safety_copy) == 0
    assert "before-restore" in safety_copy.name


def test_restore_into_an_open_database_is_seen_by_it(data_dir: Path) -> None:
    path = paths.database_path()
    _populated(path)
    good = backup_if_changed(path, NOON)
    assert good is not None
    database = open_database(path)
    try:
        import_document(
            database, parse_document({"format": "rollerlog", "version": 1}), replace=True
        )
        assert export_document(database).sessions == ()
        restore_database(good, path, NOON + timedelta(minutes=1))
        assert len(export_document(database).sessions) == 2
    finally:
        database.close()


def test_newest_good_backup_skips_damaged_ones(data_dir: Path) -> None:
    path = paths.database_path()
    _populated(path)
    good = backup_if_changed(path, NOON)
    assert good is not None
    damaged = timestamped_backup_path(paths.backup_dir(), NOON + timedelta(days=1))
    damaged.write_bytes(good.read_bytes()[:4096] + b"\x00" * 5000)
    newest = newest_good_backup(paths.backup_dir())
    assert newest is not None
    assert newest.path == good


def test_a_backup_that_cannot_be_written_says_so(data_dir: Path, tmp_path: Path) -> None:
    path = paths.database_path()
    _populated(path)
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(BackupError, match="could not write"):
        backup_if_changed(path, NOON, folder=blocker / "inside")
