"""Reminders against a real SQLite file: the store agrees with the pure reference, and what was
sent is remembered per channel, once, outside the interchange format and the "is it empty" test.
"""

from __future__ import annotations

import sqlite3
import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rollerlog import paths
from rollerlog.domain.interchange import document_to_dict, parse_document
from rollerlog.domain.reminders import reminders_from_history
from rollerlog.store.db import open_database
from rollerlog.store.interchange import NotEmptyError, export_document, import_document
from rollerlog.store.reminders import (
    IN_APP,
    NOTIFICATION,
    PRINTED,
    REMIND_CHANNELS,
    count_sent,
    due_on,
    record_sent,
    unsent_on,
)
from tests.helpers import fresh_database, sample_document
from tests.strategies import documents

SLOW = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _history() -> dict[str, Any]:
    """Lupus, a roller at use 9 of 15 whose last session was not sterilized, a test patch."""
    sessions = [
        {"at": f"2026-02-{day:02d}T20:00", "roller": "Face", "areas": [area]}
        for day, area in zip(range(1, 10), ["forehead", "nose", *["chin"] * 7], strict=True)
    ]
    sessions.append(
        {"at": "2026-02-10T20:00", "roller": "Spare", "areas": ["jawline"], "test_patch": True}
    )
    return {
        "format": "rollerlog",
        "version": 1,
        "profile": {"conditions": ["lupus"]},
        "rollers": [
            {"name": "Face", "needle_mm": 0.5, "acquired_on": "2026-01-01"},
            {"name": "Spare", "needle_mm": 0.25, "acquired_on": "2026-01-01"},
        ],
        "sessions": sessions,
        "sterilizations": [
            {"at": f"2026-02-{day:02d}T20:10", "roller": "Face"} for day in range(1, 9)
        ]
        + [{"at": "2026-02-10T20:10", "roller": "Spare"}],
    }


@pytest.fixture
def database(data_dir: Path) -> Any:
    database = open_database(paths.database_path())
    import_document(database, parse_document(_history()), replace=False)
    yield database
    database.close()


def test_the_crafted_history_gives_every_kind_on_its_day(database: Any) -> None:
    reminders = due_on(database, date(2026, 3, 3))
    assert [(r.kind, r.due.isoformat()) for r in reminders] == [
        ("sterilize-after", "2026-02-09"),
        ("replace-roller", "2026-02-09"),
        ("area-ready", "2026-03-01"),
        ("area-ready", "2026-03-02"),
        ("test-patch-watched", "2026-03-03"),
    ]
    assert [r.area for r in reminders if r.kind == "area-ready"] == ["forehead", "nose"]


def test_sent_reminders_are_remembered_per_channel_once(database: Any) -> None:
    day = date(2026, 3, 3)
    reminders = due_on(database, day)
    at = datetime(2026, 3, 3, 9, 0)
    assert record_sent(database, reminders[:2], NOTIFICATION, at) == 2
    assert record_sent(database, reminders[:2], NOTIFICATION, at) == 0  # once per channel
    assert unsent_on(database, day, REMIND_CHANNELS) == reminders[2:]
    assert record_sent(database, reminders[2:3], PRINTED, at) == 1
    assert unsent_on(database, day, REMIND_CHANNELS) == reminders[3:]
    # The app's notice bar keeps its own account: what `remind` sent is new to it.
    assert unsent_on(database, day, [IN_APP]) == reminders
    assert count_sent(database) == 3


def test_the_sent_table_is_not_exported_and_does_not_make_a_database_non_empty(
    data_dir: Path,
) -> None:
    database = open_database(paths.database_path())
    try:
        filled = fresh_database(data_dir / "other")
        import_document(filled, parse_document(_history()), replace=False)
        reminders = due_on(filled, date(2026, 3, 3))
        filled.close()
        record_sent(database, reminders, NOTIFICATION, datetime(2026, 3, 3, 9, 0))
        assert count_sent(database) == len(reminders) > 0
        exported = document_to_dict(export_document(database))
        assert exported["sessions"] == exported["rollers"] == []
        assert "sent" not in repr(exported)
        # Only sent-reminder rows: still empty, so import needs no --replace.
        import_document(database, parse_document(sample_document()), replace=False)
        with pytest.raises(NotEmptyError):
            import_document(database, parse_document(sample_document()), replace=False)
    finally:
        database.close()


def test_a_channel_the_schema_does_not_know_is_refused_by_the_file_itself(database: Any) -> None:
    connection = sqlite3.connect(database.path)
    try:
        with pytest.raises(sqlite3.IntegrityError):
            connection.execute(
                "INSERT INTO sent_reminder (key, kind, channel, due, sent_at) "
                "VALUES ('k', 'area-ready', 'carrier-pigeon', '2026-03-01', '2026-03-01 09:00')"
            )
    finally:
        connection.close()


@SLOW
@given(documents(), st.dates(date(2025, 1, 1), date(2026, 9, 1)))
def test_the_store_agrees_with_the_reference(raw: dict[str, Any], day: date) -> None:
    document = parse_document(raw)
    expected = reminders_from_history(
        day,
        document.rollers,
        document.sessions,
        document.sterilizations,
        document.profile,
        document.settings,
    )
    with tempfile.TemporaryDirectory() as folder:
        database = fresh_database(Path(folder))
        try:
            import_document(database, document, replace=False)
            assert due_on(database, day) == expected
        finally:
            database.close()
