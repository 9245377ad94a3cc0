"""The database file: created by the migrations, pragmas in force, schema matching the tables."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from rollerlog import paths
from rollerlog.store.db import (
    SCHEMA_REVISION,
    NotRollerlogDatabaseError,
    open_database,
    stored_revision,
)
from rollerlog.store.migrate import head_revision
from rollerlog.store.tables import Base
from tests.helpers import REPO_ROOT


def test_first_start_creates_the_whole_schema_in_a_private_folder(data_dir: Path) -> None:
    database = open_database(paths.database_path())
    try:
        tables = set(
            sqlite3.connect(database.path)
            .execute("SELECT name FROM sqlite_master WHERE type='table'")
            .fetchall()
        )
    finally:
        database.close()
    names = {name for (name,) in tables}
    assert {"roller", "session", "session_area", "sterilization", "lesion"} <= names
    assert stored_revision(paths.database_path()) == SCHEMA_REVISION
    if os.name == "posix":
        assert data_dir.stat().st_mode & 0o777 == 0o700
        assert paths.database_path().stat().st_mode & 0o777 == 0o600


def test_the_shipped_head_migration_is_the_revision_the_code_expects() -> None:
    assert head_revision() == SCHEMA_REVISION


def test_the_migrated_schema_matches_the_tables_exactly(data_dir: Path) -> None:
    database = open_database(paths.database_path())
    try:
        with database.engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "render_as_batch": True}
            )
            differences = compare_metadata(context, Base.metadata)
    finally:
        database.close()
    assert differences == []


def test_connections_use_foreign_keys_wal_and_full_sync(data_dir: Path) -> None:
    database = open_database(paths.database_path())
    try:
        with database.engine.connect() as connection:
            pragma = connection.exec_driver_sql
            assert pragma("PRAGMA foreign_keys").scalar() == 1
            assert pragma("PRAGMA journal_mode").scalar() == "wal"
            assert pragma("PRAGMA synchronous").scalar() == 2  # FULL
    finally:
        database.close()


def test_opening_a_current_database_does_not_import_alembic(data_dir: Path) -> None:
    open_database(paths.database_path()).close()
    code = (
        "import sys; from pathlib import Path; from rollerlog.store.db import open_database; "
        f"open_database(Path({str(paths.database_path())!r})).close(); "
        "sys.exit(3 if 'alembic' in sys.modules else 0)"
    )
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    result = subprocess.run([sys.executable, "-c", code], env=env, check=False)
    assert result.returncode == 0, "alembic was imported although the schema was current"


def test_a_file_that_is_not_a_rollerlog_database_is_refused_and_left_alone(
    data_dir: Path,
) -> None:
    data_dir.mkdir(parents=True)
    path = paths.database_path()
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE notes (text TEXT)")
    other.commit()
    other.close()
    before = path.read_bytes()
    with pytest.raises(NotRollerlogDatabaseError, match="not a rollerlog database"):
        open_database(path)
    assert path.read_bytes() == before


def test_a_file_that_is_not_sqlite_at_all_is_refused(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    path = paths.database_path()
    path.write_bytes(b"this is a shopping list, not a database" * 100)
    with pytest.raises(NotRollerlogDatabaseError):
        open_database(path)
    assert path.read_bytes().startswith(b"this is a shopping list")
