"""Only a rollerlog database, exactly: restore, start and `check` refuse anything else.

Each hostile file is a healthy rollerlog backup with one thing added or taken away (a
trigger, a view, a table, a constraint), a stranger with its own Alembic revision, or
flipped bytes in the schema text. Restoring it changes nothing, `check` names the
difference, and the opener refuses it; files of earlier versions, which carry no
application id, are still accepted when their schema is exact.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from rollerlog import paths
from rollerlog.domain.interchange import parse_document
from rollerlog.store.backup import backup_database, restore_database, verify_backup
from rollerlog.store.db import open_database
from rollerlog.store.errors import NewerSchemaError, NotRollerlogDatabaseError, StoreError
from rollerlog.store.integrity import check_database, quick_check
from rollerlog.store.interchange import import_document
from rollerlog.store.migrate import revision_ids
from rollerlog.store.schema import (
    APPLICATION_ID,
    SCHEMA_REVISION,
    expected_schemas,
    read_schema,
    stored_revision,
)
from rollerlog.store.startup import StartupOutcome, open_for_app
from tests.helpers import run_cli, sample_document

NOW = datetime(2026, 3, 1, 12, 0)
SCHEMAS = Path(__file__).with_name("schemas")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _healthy_copy(folder: Path) -> Path:
    """A healthy backup holding the sample document."""
    folder.mkdir(parents=True, exist_ok=True)
    database = open_database(folder / "source.sqlite3")
    try:
        import_document(database, parse_document(sample_document()), replace=False)
    finally:
        database.close()
    return backup_database(folder / "source.sqlite3", folder / "hostile.sqlite3")


def _alter(path: Path, *statements: str) -> None:
    connection = sqlite3.connect(path)
    try:
        connection.executescript(";\n".join(statements))
    finally:
        connection.close()


def _without_checks(path: Path) -> None:
    """Rebuild the roller table without its CHECK constraints (the data stays)."""
    connection = sqlite3.connect(path)
    try:
        sql = connection.execute(
            "SELECT sql FROM sqlite_master WHERE type='table' AND name='profile_condition'"
        ).fetchone()[0]
        assert "CHECK" in sql
        connection.executescript(
            "PRAGMA writable_schema = ON;"
            "UPDATE sqlite_master SET sql = 'CREATE TABLE profile_condition "
            "(condition VARCHAR NOT NULL, CONSTRAINT pk_profile_condition PRIMARY KEY "
            "(condition))' WHERE name = 'profile_condition';"
            "PRAGMA writable_schema = OFF;"
        )
    finally:
        connection.close()


def _only_alembic_version(path: Path) -> None:
    path.unlink()
    _alter(
        path,
        "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
        "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))",
        f"INSERT INTO alembic_version VALUES ('{SCHEMA_REVISION}')",
    )


HOSTILE: dict[str, tuple[Callable[[Path], None], str]] = {
    "a trigger that deletes every session on the next insert": (
        lambda path: _alter(
            path,
            "CREATE TRIGGER wipe AFTER INSERT ON session BEGIN DELETE FROM session; END",
        ),
        "trigger 'wipe'",
    ),
    "a trigger that silently drops the conditions": (
        lambda path: _alter(
            path,
            "CREATE TRIGGER forget AFTER INSERT ON profile_condition "
            "BEGIN DELETE FROM profile_condition; END",
        ),
        "trigger 'forget'",
    ),
    "a view": (
        lambda path: _alter(path, "CREATE VIEW everything AS SELECT * FROM session"),
        "view 'everything'",
    ),
    "an extra table with data": (
        lambda path: _alter(
            path,
            "CREATE TABLE cargo (blob BLOB)",
            "INSERT INTO cargo VALUES (randomblob(100000))",
        ),
        "table 'cargo'",
    ),
    "a table without its CHECK constraints": (_without_checks, "table 'profile_condition'"),
    "an extra index": (
        lambda path: _alter(path, "CREATE INDEX sneaky ON roller (notes)"),
        "index 'sneaky'",
    ),
    "a missing index": (
        lambda path: _alter(path, "DROP INDEX ix_session_at"),
        "index 'ix_session_at'",
    ),
    "only an alembic_version row": (_only_alembic_version, "table 'roller'"),
}


@pytest.mark.parametrize("attack", sorted(HOSTILE))
def test_a_hostile_backup_is_refused_changing_nothing_and_check_names_it(
    data_dir: Path, tmp_path: Path, attack: str
) -> None:
    alter, named = HOSTILE[attack]
    hostile = _healthy_copy(tmp_path / "files")
    alter(hostile)
    database = paths.database_path()
    open_database(database).close()
    before = _digest(database)
    hostile_before = _digest(hostile)

    with pytest.raises(NotRollerlogDatabaseError, match="not a rollerlog database"):
        verify_backup(hostile)
    with pytest.raises(StoreError):
        restore_database(hostile, database, NOW)
    assert _digest(database) == before, "a refused restore changes nothing"
    assert _digest(hostile) == hostile_before
    assert not (data_dir / "backups").exists() or not any((data_dir / "backups").iterdir())

    problems = check_database(hostile)
    assert any(named in problem for problem in problems), problems
    assert quick_check(hostile) != []
    with pytest.raises(NotRollerlogDatabaseError):
        open_database(hostile)
    assert _digest(hostile) == hostile_before, "the opener changes nothing it refuses"


def test_restore_on_the_command_line_says_what_is_wrong(data_dir: Path, tmp_path: Path) -> None:
    hostile = _healthy_copy(tmp_path / "files")
    _alter(hostile, "CREATE TRIGGER wipe AFTER INSERT ON session BEGIN DELETE FROM session; END")
    result = run_cli("restore", str(hostile), data_dir=data_dir)
    assert result.returncode == 1
    assert "not a rollerlog database" in result.stderr
    assert "trigger 'wipe'" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_reports_every_difference_of_the_data_file(data_dir: Path) -> None:
    database = paths.database_path()
    open_database(database).close()
    _alter(database, "CREATE VIEW v AS SELECT 1", "CREATE TABLE extra (x)")
    result = run_cli("check", data_dir=data_dir)
    assert result.returncode == 1
    assert "view 'v'" in result.stderr
    assert "table 'extra'" in result.stderr


def test_a_foreign_database_with_its_own_alembic_revision_is_not_rollerlog(
    tmp_path: Path,
) -> None:
    foreign = tmp_path / "other-app.sqlite3"
    _alter(
        foreign,
        "PRAGMA application_id = 1234",
        "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)",
        "INSERT INTO alembic_version VALUES ('ae1027a6acf')",
        "CREATE TABLE notes (body TEXT)",
    )
    for check in (verify_backup, stored_revision, open_database):
        with pytest.raises(NotRollerlogDatabaseError, match="not a rollerlog database"):
            check(foreign)  # type: ignore[operator]
    assert not any("newer" in problem for problem in check_database(foreign))


def test_an_unmarked_file_with_an_unknown_revision_is_not_rollerlog_either(
    tmp_path: Path,
) -> None:
    foreign = _healthy_copy(tmp_path / "files")
    _alter(foreign, "PRAGMA application_id = 0", "UPDATE alembic_version SET version_num = 'z9'")
    with pytest.raises(NotRollerlogDatabaseError, match="not a rollerlog database"):
        stored_revision(foreign)


def test_a_marked_file_with_an_unknown_revision_is_from_a_newer_rollerlog(
    tmp_path: Path,
) -> None:
    newer = _healthy_copy(tmp_path / "files")
    _alter(newer, "UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(NewerSchemaError, match="newer version of rollerlog"):
        stored_revision(newer)


def test_new_databases_carry_the_application_id(data_dir: Path) -> None:
    open_database(paths.database_path()).close()
    connection = sqlite3.connect(paths.database_path())
    try:
        assert connection.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    finally:
        connection.close()


@pytest.mark.parametrize("revision", revision_ids())
def test_files_of_earlier_versions_without_the_id_are_accepted_and_marked(
    data_dir: Path, revision: str
) -> None:
    path = paths.database_path()
    paths.ensure_private_dir(path.parent)
    shutil.copyfile(SCHEMAS / f"{revision}.sqlite3", path)
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA application_id").fetchone()[0] == 0
    finally:
        connection.close()
    assert check_database(path) == []
    open_database(path).close()
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    finally:
        connection.close()


def test_the_expected_schemas_are_made_by_the_shipped_migrations(tmp_path: Path) -> None:
    assert list(expected_schemas()) == revision_ids()
    for revision in revision_ids():
        connection = sqlite3.connect(SCHEMAS / f"{revision}.sqlite3")
        try:
            assert read_schema(connection) == expected_schemas()[revision]
        finally:
            connection.close()


def test_flipped_bytes_in_the_schema_text_are_damage_set_aside_with_a_backup_offered(
    data_dir: Path,
) -> None:
    path = paths.database_path()
    open_database(path).close()
    backup_database(path, paths.backup_dir() / "rollerlog-2026-02-01-120000.sqlite3")
    raw = bytearray(path.read_bytes())
    where = raw.find(b"CREATE TABLE roller")
    assert where > 0
    raw[where + 13 : where + 15] = b"\xff\xfe"
    path.write_bytes(bytes(raw))
    damaged = _digest(path)
    assert quick_check(path) != []
    result = run_cli("status", data_dir=data_dir)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "damaged" in result.stderr or "not a" in result.stderr
    report = open_for_app(path, NOW)
    assert report.outcome is StartupOutcome.SET_ASIDE
    assert report.set_aside_as is not None
    assert _digest(report.set_aside_as) == damaged
    assert report.newest_backup is not None


@pytest.mark.parametrize("revision", revision_ids())
def test_a_backup_of_an_earlier_version_is_restored_upgraded_and_marked(
    data_dir: Path, revision: str
) -> None:
    database = paths.database_path()
    open_database(database).close()
    restore_database(SCHEMAS / f"{revision}.sqlite3", database, NOW)
    open_database(database).close()
    assert stored_revision(database) == SCHEMA_REVISION
    assert check_database(database) == []
    connection = sqlite3.connect(database)
    try:
        assert connection.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert connection.execute("SELECT count(*) FROM roller").fetchone()[0] > 0
    finally:
        connection.close()
