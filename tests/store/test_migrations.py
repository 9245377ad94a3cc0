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
