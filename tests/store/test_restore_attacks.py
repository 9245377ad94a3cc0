"""Restore never destroys what it restores, and a restore or `import --replace` thins after.

The attack: a folder of 40 daily backups; restoring one of the oldest made the
before-restore backup thin the folder, which deleted the very file being restored.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from rollerlog import paths
from rollerlog.store.backup import (
    MAX_BACKUPS,
    backup_database,
    backups_to_keep,
    list_backups,
    restore_database,
    timestamped_backup_path,
)
from rollerlog.store.db import open_database
from rollerlog.store.integrity import check_database
from tests.helpers import run_cli, sample_document

FIRST_DAY = datetime(2026, 1, 1, 9, 0)
DAYS = 40


def _set_roller(path: Path, name: str) -> None:
    """Make the data hold exactly one roller, called ``name``."""
    connection = sqlite3.connect(path)
    try:
        with connection:
            connection.execute("DELETE FROM roller")
            connection.execute(
                "INSERT INTO roller (id, name, needle_mm, material, acquired_on, prior_uses, "
                "notes) VALUES (1, ?, 0.5, 'titanium', '2026-01-01', 0, '')",
                (name,),
            )
    finally:
        connection.close()


def _roller_names(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return [row[0] for row in connection.execute("SELECT name FROM roller ORDER BY name")]
    finally:
        connection.close()


def _forty_daily_backups(folder: Path) -> list[Path]:
    """40 backups, one a day, each holding a roller named after its day (oldest first)."""
    database = folder / paths.DATABASE_FILE_NAME
    open_database(database).close()
    made = []
    for day in range(DAYS):
        _set_roller(database, f"day {day}")
        when = FIRST_DAY + timedelta(days=day)
        made.append(backup_database(database, timestamped_backup_path(folder / "backups", when)))
    return made


@pytest.mark.parametrize("day", [0, 1, 2, 4, 5, 6, 7])
def test_restoring_one_of_the_oldest_of_40_daily_backups_brings_it_back(
    data_dir: Path, day: int
) -> None:
    backups = _forty_daily_backups(data_dir)
    database = paths.database_path()
    kept = backups_to_keep(info.taken_at for info in list_backups(paths.backup_dir()))
    # The attack needs a backup that thinning drops: each of these is one.
    assert FIRST_DAY + timedelta(days=day) not in kept
    restore_database(backups[day], database, FIRST_DAY + timedelta(days=DAYS))
    assert _roller_names(database) == [f"day {day}"]
    assert backups[day].exists(), "restoring a backup must never delete it"
    assert check_database(database) == []
    labels = [info.label for info in list_backups(paths.backup_dir())]
    assert "before-restore" in labels
    assert len(labels) <= MAX_BACKUPS, "the backups are thinned once the restore is done"
    assert not list(data_dir.glob(".rollerlog-restoring*")), "the aside copy is cleaned up"


def test_restore_on_the_command_line_of_the_oldest_backup(data_dir: Path) -> None:
    backups = _forty_daily_backups(data_dir)
    result = run_cli("restore", str(backups[0]), data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    assert _roller_names(paths.database_path()) == ["day 0"]
    assert backups[0].exists()


def test_import_replace_backs_up_through_the_one_path_and_thins(
    data_dir: Path, tmp_path: Path
) -> None:
    _forty_daily_backups(data_dir)
    assert len(list_backups(paths.backup_dir())) == DAYS
    document = tmp_path / "doc.json"
    document.write_text(json.dumps(sample_document()), encoding="utf-8")
    result = run_cli("import", "--replace", str(document), data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    labels = [info.label for info in list_backups(paths.backup_dir())]
    assert "before-import" in labels
    assert len(labels) <= MAX_BACKUPS
