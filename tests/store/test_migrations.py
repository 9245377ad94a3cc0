"""Every earlier schema upgrades with its data intact, after a backup.

``schemas/`` keeps a database written by each shipped schema revision (from a small,
realistic document) and the export it must give. A new migration must add its file here.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from rollerlog import paths
from rollerlog.domain.interchange import document_to_dict
from rollerlog.store.backup import list_backups
from rollerlog.store.db import SCHEMA_REVISION, open_database, stored_revision
from rollerlog.store.integrity import check_database
from rollerlog.store.interchange import export_document
from rollerlog.store.migrate import revision_ids

SCHEMAS = Path(__file__).with_name("schemas")


def test_a_stored_database_is_kept_for_every_shipped_revision() -> None:
    stored = sorted(path.stem for path in SCHEMAS.glob("*.sqlite3"))
    assert stored == sorted(revision_ids())


@pytest.mark.parametrize("revision", revision_ids())
def test_a_database_of_each_revision_opens_with_its_data_intact(
    data_dir: Path, revision: str
) -> None:
    path = paths.database_path()
    paths.ensure_private_dir(path.parent)
    shutil.copyfile(SCHEMAS / f"{revision}.sqlite3", path)
    assert stored_revision(path) == revision
    database = open_database(path)
    try:
        exported = document_to_dict(export_document(database))
    finally:
        database.close()
    assert stored_revision(path) == SCHEMA_REVISION
    assert check_database(path) == []
    expected = json.loads((SCHEMAS / f"{revision}.json").read_text(encoding="utf-8"))
    assert exported == expected


def test_an_upgrade_backs_the_old_file_up_first(data_dir: Path) -> None:
    path = paths.database_path()
    paths.ensure_private_dir(path.parent)
    shutil.copyfile(SCHEMAS / "0001.sqlite3", path)
    open_database(path).close()
    assert stored_revision(path) == SCHEMA_REVISION != "0001"
    backups = list_backups(paths.backup_dir())
    assert [info.label for info in backups] == ["before-migration"]
    assert stored_revision(backups[0].path) == "0001"


def test_the_0002_database_upgrades_to_accept_the_new_vocabulary(data_dir: Path) -> None:
    """0003 widens the CHECK constraints: sunburn, flare and isotretinoin fit, junk does not."""
    import sqlite3

    path = paths.database_path()
    paths.ensure_private_dir(path.parent)
    shutil.copyfile(SCHEMAS / "0002.sqlite3", path)
    with sqlite3.connect(path) as old, pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        old.execute(
            "INSERT INTO lesion (area, kind, noted_on, notes) "
            "VALUES ('chin', 'sunburn', '2026-03-01', '')"
        )
    old.close()
    open_database(path).close()
    assert stored_revision(path) == SCHEMA_REVISION  # through 0003, to the newest
    connection = sqlite3.connect(path)
    try:
        with connection:
            for kind in ("sunburn", "flare"):
                connection.execute(
                    "INSERT INTO lesion (area, kind, noted_on, notes) "
                    "VALUES ('chin', ?, '2026-03-01', '')",
                    (kind,),
                )
            connection.execute("INSERT INTO profile_condition VALUES ('isotretinoin')")
        for table, row in (
            ("lesion (area, kind, noted_on, notes)", "('chin', 'rash', '2026-03-01', '')"),
            ("profile_condition", "('accutane')"),
        ):
            with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
                connection.execute(f"INSERT INTO {table} VALUES {row}")
        indexes = {
            row[0] for row in connection.execute("SELECT name FROM pragma_index_list('lesion')")
        }
        assert "ix_lesion_area" in indexes
        kept = connection.execute("SELECT area, kind FROM lesion ORDER BY id").fetchall()
    finally:
        connection.close()
    assert kept[0] == ("left-cheek", "mole")  # the spot the old file held is still there
    assert check_database(path) == []


def test_an_upgraded_file_has_the_same_schema_as_a_new_one(data_dir: Path, tmp_path: Path) -> None:
    import sqlite3

    def schema(file: Path) -> list[tuple[str, str]]:
        with sqlite3.connect(file) as connection:
            rows = connection.execute(
                "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name"
            ).fetchall()
        connection.close()
        return rows

    upgraded = tmp_path / "old" / "rollerlog.sqlite3"
    upgraded.parent.mkdir()
    shutil.copyfile(SCHEMAS / "0002.sqlite3", upgraded)
    open_database(upgraded, before_migration=lambda *_: None).close()
    fresh = tmp_path / "new" / "rollerlog.sqlite3"
    open_database(fresh).close()
    assert schema(upgraded) == schema(fresh)
