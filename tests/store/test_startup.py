"""Starting the app on its data: a damaged or foreign file is set aside untouched."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

from rollerlog import paths
from rollerlog.domain.interchange import parse_document
from rollerlog.store.backup import list_backups
from rollerlog.store.db import open_database
from rollerlog.store.interchange import export_document, import_document
from rollerlog.store.startup import StartupOutcome, open_for_app, restore_newest
from tests.helpers import sample_document

NOW = datetime(2026, 3, 1, 9, 0)


def _populated() -> Path:
    path = paths.database_path()
    database = open_database(path)
    try:
        import_document(database, parse_document(sample_document()), replace=False)
    finally:
        database.close()
    return path


def test_a_healthy_start_opens_and_backs_up_changed_data_once(data_dir: Path) -> None:
    path = _populated()
    first = open_for_app(path, NOW)
    assert first.outcome is StartupOutcome.OPENED
    assert first.database is not None
    first.database.close()
    assert first.backup_made is not None
    second = open_for_app(path, NOW + timedelta(hours=1))
    assert second.database is not None
    second.database.close()
    assert second.backup_made is None, "unchanged data was backed up again"
    assert len(list_backups(paths.backup_dir())) == 1


def test_a_damaged_file_is_set_aside_byte_identical_and_a_backup_offered(data_dir: Path) -> None:
    path = _populated()
    report = open_for_app(path, NOW)
    assert report.database is not None
    report.database.close()
    data = bytearray(path.read_bytes())
    data[4096 : 4096 + 300] = b"\xab" * 300
    path.write_bytes(bytes(data))
    fingerprint = hashlib.sha256(data).hexdigest()

    damaged = open_for_app(path, NOW + timedelta(days=1))
    assert damaged.outcome is StartupOutcome.SET_ASIDE
    assert damaged.database is None
    assert damaged.set_aside_as is not None
    assert not path.exists()
    assert hashlib.sha256(damaged.set_aside_as.read_bytes()).hexdigest() == fingerprint
    assert damaged.newest_backup is not None
    assert "Nothing in it was changed or deleted" in damaged.message
    assert "1 March 2026" in damaged.message

    database = restore_newest(path, damaged.newest_backup, NOW + timedelta(days=1))
    try:
        assert len(export_document(database).sessions) == 2
    finally:
        database.close()
    assert hashlib.sha256(damaged.set_aside_as.read_bytes()).hexdigest() == fingerprint


def test_a_file_of_another_program_is_set_aside_untouched(data_dir: Path) -> None:
    path = paths.database_path()
    paths.ensure_private_dir(path.parent)
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE recipes (name TEXT)")
    other.execute("INSERT INTO recipes VALUES ('pancakes')")
    other.commit()
    other.close()
    before = path.read_bytes()
    report = open_for_app(path, NOW)
    assert report.outcome is StartupOutcome.SET_ASIDE
    assert report.newest_backup is None
    assert "starts with an empty log" in report.message
    assert report.set_aside_as is not None
    assert report.set_aside_as.read_bytes() == before
    fresh = open_for_app(path, NOW)
    assert fresh.outcome is StartupOutcome.OPENED
    assert fresh.database is not None
    fresh.database.close()


def test_a_file_from_a_newer_version_is_left_in_place(data_dir: Path) -> None:
    path = _populated()
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.commit()
    connection.close()
    before = path.read_bytes()
    report = open_for_app(path, NOW)
    assert report.outcome is StartupOutcome.NEWER_VERSION
    assert "newer version of rollerlog" in report.message
    assert path.read_bytes() == before
