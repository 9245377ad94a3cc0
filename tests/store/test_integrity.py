"""`check_database` and `quick_check`: SQLite's damage checks and the data model's rules."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from rollerlog import paths
from rollerlog.domain.interchange import parse_document
from rollerlog.store.db import open_database
from rollerlog.store.integrity import check_database, quick_check
from rollerlog.store.interchange import import_document
from tests.helpers import sample_document


def _populated() -> Path:
    path = paths.database_path()
    database = open_database(path)
    try:
        import_document(database, parse_document(sample_document()), replace=False)
    finally:
        database.close()
    return path


def _tamper(path: Path, *statements: str) -> None:
    # What a buggy version or a hand edit could leave behind: constraints bypassed.
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA ignore_check_constraints = ON")
    for statement in statements:
        connection.execute(statement)
    connection.commit()
    connection.close()


def test_a_healthy_database_has_no_problems(data_dir: Path) -> None:
    path = _populated()
    assert check_database(path) == []
    assert quick_check(path) == []


def test_a_session_pointing_at_a_missing_roller_is_reported(data_dir: Path) -> None:
    path = _populated()
    _tamper(path, "UPDATE session SET roller_id = 999 WHERE at LIKE '2026-01-05%'")
    problems = check_database(path)
    assert any("points at a roller that does not exist" in p for p in problems), problems


def test_a_session_after_its_roller_was_discarded_is_reported(data_dir: Path) -> None:
    path = _populated()
    _tamper(path, "UPDATE session SET at = '2026-03-01 10:00:00.000000' WHERE test_patch = 1")
    problems = check_database(path)
    assert problems == [
        'the session of 2026-03-01 10:00:00.000000 uses roller "Body 1.0 ✨" after it was '
        "discarded on 2026-02-10"
    ]


def test_acknowledging_a_code_that_cannot_be_acknowledged_is_reported(data_dir: Path) -> None:
    path = _populated()
    _tamper(path, "UPDATE acknowledgement SET code = 'roller-discarded'")
    problems = check_database(path)
    assert len(problems) == 1
    assert '"roller-discarded", which cannot be acknowledged' in problems[0]


def test_unknown_vocabulary_and_bad_settings_are_reported(data_dir: Path) -> None:
    path = _populated()
    _tamper(
        path,
        "UPDATE lesion SET kind = 'freckle'",
        "INSERT INTO setting (key, value_json) VALUES ('interval_days', '0')",
    )
    problems = check_database(path)
    assert 'a lesion has an unknown kind "freckle"' in problems
    assert any("setting.interval_days: must be between 1 and 365" in p for p in problems)


def test_damage_to_the_file_is_found_by_both_checks(data_dir: Path) -> None:
    path = _populated()
    data = bytearray(path.read_bytes())
    page_size = 4096
    # Scribble over the second page (a table's b-tree page).
    data[page_size : page_size + 200] = b"\xff" * 200
    path.write_bytes(bytes(data))
    assert check_database(path)
    assert quick_check(path)


def test_a_file_that_is_not_a_database_fails_the_quick_check(data_dir: Path) -> None:
    path = paths.database_path()
    paths.ensure_private_dir(path.parent)
    path.write_text("dear diary " * 500, encoding="utf-8")
    assert quick_check(path)
    assert check_database(path)
