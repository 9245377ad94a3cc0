"""The database-backed rules agree with the pure reference, in a bounded number of queries."""

from __future__ import annotations

import re
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sqlalchemy import event

from rollerlog.domain.areas import AREA_SLUGS
from rollerlog.domain.interchange import Document, parse_document
from rollerlog.domain.rules import PlannedSession, inputs_from_history, status_from_history
from rollerlog.store.convert import settings_in
from rollerlog.store.db import Database
from rollerlog.store.interchange import import_document
from rollerlog.store.safety import (
    UnknownRollerNameError,
    plan_findings,
    rule_inputs,
    status_in,
    status_on,
)
from tests.helpers import fresh_database, sample_document
from tests.strategies import documents

SLOW = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _load(folder: Path, document: Document) -> Database:
    database = fresh_database(folder)
    import_document(database, document, replace=False)
    return database


@SLOW
@given(documents(), st.data())
def test_the_queries_gather_exactly_what_the_reference_derives(
    raw: dict[str, Any], data: st.DataObject
) -> None:
    document = parse_document(raw)
    assume(document.rollers)
    roller = data.draw(st.sampled_from(document.rollers))
    candidate_times = [s.at for s in document.sessions] + [s.at for s in document.sterilizations]
    at = data.draw(
        st.sampled_from(candidate_times) | st.datetimes(datetime(2025, 1, 1), datetime(2026, 6, 1))
        if candidate_times
        else st.datetimes(datetime(2025, 1, 1), datetime(2026, 6, 1))
    )
    at = at + timedelta(minutes=data.draw(st.sampled_from([0, 1, -1, 60 * 24 * 27])))
    plan = PlannedSession(
        at=at.replace(microsecond=0),
        roller=roller.name,
        areas=tuple(
            data.draw(st.lists(st.sampled_from(AREA_SLUGS), min_size=1, max_size=4, unique=True))
        ),
        test_patch=data.draw(st.booleans()),
    )
    expected = inputs_from_history(
        plan,
        document.rollers,
        document.sessions,
        document.sterilizations,
        document.lesions,
        document.procedures,
        document.profile,
        document.settings,
    )
    with tempfile.TemporaryDirectory() as folder:
        database = _load(Path(folder), document)
        try:
            with database.reading() as orm:
                assert rule_inputs(orm, plan, settings_in(orm)) == expected
        finally:
            database.close()


@SLOW
@given(documents(), st.dates(date(2025, 1, 1), date(2026, 6, 1)))
def test_the_status_query_agrees_with_the_reference(raw: dict[str, Any], day: date) -> None:
    document = parse_document(raw)
    expected = status_from_history(
        day,
        document.rollers,
        document.sessions,
        document.sterilizations,
        document.profile,
        document.settings,
        lesions=document.lesions,
        procedures=document.procedures,
    )
    with tempfile.TemporaryDirectory() as folder:
        database = _load(Path(folder), document)
        try:
            with database.reading() as orm:
                assert status_in(orm, day, settings_in(orm)) == expected
        finally:
            database.close()


def _history(sessions: int) -> Document:
    """A roller used daily for ``sessions`` days on rotating areas, sterilized each time."""
    start = datetime(2020, 1, 1, 20, 0)
    raw: dict[str, Any] = {
        "format": "rollerlog",
        "version": 1,
        "rollers": [{"name": "Daily", "needle_mm": 0.25, "acquired_on": "2020-01-01"}],
        "sessions": [
            {
                "at": (start + timedelta(days=i)).strftime("%Y-%m-%dT%H:%M"),
                "roller": "Daily",
                "areas": [AREA_SLUGS[i % len(AREA_SLUGS)]],
            }
            for i in range(sessions)
        ],
        "sterilizations": [
            {
                "at": (start + timedelta(days=i, minutes=-15)).strftime("%Y-%m-%dT%H:%M"),
                "roller": "Daily",
            }
            for i in range(sessions)
        ],
    }
    return parse_document(raw)


def _count_statements(database: Database, plan: PlannedSession) -> tuple[int, int]:
    statements: list[str] = []

    def record(*args: Any) -> None:
        statements.append(args[2])

    event.listen(database.engine, "before_cursor_execute", record)
    try:
        findings = plan_findings(database, plan)
    finally:
        event.remove(database.engine, "before_cursor_execute", record)
    return len(statements), len(findings)


def test_a_plan_costs_the_same_few_queries_whatever_the_history(tmp_path: Path) -> None:
    small = _load(tmp_path / "small", _history(10))
    large = _load(tmp_path / "large", _history(3000))
    try:
        at = datetime(2030, 1, 1, 21, 0)
        plan = PlannedSession(at=at, roller="Daily", areas=("left-cheek", "forehead"))
        small_count, _ = _count_statements(small, plan)
        large_count, _ = _count_statements(large, plan)
    finally:
        small.close()
        large.close()
    assert small_count == large_count
    assert large_count <= 12


def test_an_unknown_roller_is_named_with_the_valid_names(tmp_path: Path) -> None:
    database = _load(tmp_path, parse_document(sample_document()))
    try:
        plan = PlannedSession(at=datetime(2026, 3, 1, 20), roller="Fcae", areas=("chin",))
        with pytest.raises(UnknownRollerNameError, match=re.escape('"Body 1.0 ✨", "Face 0.5"')):
            plan_findings(database, plan)
    finally:
        database.close()


def test_status_of_the_sample_matches_the_contract_shape(tmp_path: Path) -> None:
    database = _load(tmp_path, parse_document(sample_document()))
    try:
        status = status_on(database, date(2026, 3, 1)).to_dict()
    finally:
        database.close()
    assert status["on"] == "2026-03-01"
    face = next(r for r in status["rollers"] if r["name"] == "Face 0.5")
    assert face == {
        "name": "Face 0.5",
        "needle_mm": 0.5,
        "uses": 1,
        "warn_at": 10,
        "limit": 15,
        "state": "active",
        "last_sterilized": "2026-01-05T19:40",
        "needs_sterilization": True,
    }
    body = next(r for r in status["rollers"] if r["name"] == "Body 1.0 ✨")
    assert body["state"] == "discarded"
    assert {"area": "left-cheek", "last_session": "2026-01-05", "next_on": "2026-02-02"} in status[
        "areas"
    ]
    codes = [(f["code"], f["roller"]) for f in status["findings"]]
    assert ("sterilize-after", "Face 0.5") in codes
    assert ("sterilize-after", "Body 1.0 ✨") not in codes


def _count_status_statements(database: Database, day: date) -> int:
    statements: list[str] = []

    def record(*args: Any) -> None:
        statements.append(args[2])

    event.listen(database.engine, "before_cursor_execute", record)
    try:
        status_on(database, day)
    finally:
        event.remove(database.engine, "before_cursor_execute", record)
    return len(statements)


def _many_rollers(rollers: int, sessions_each: int) -> Document:
    """``rollers`` retired one after another, each used ``sessions_each`` times, with spots."""
    start = datetime(2020, 1, 1, 20, 0)
    raw: dict[str, Any] = {"format": "rollerlog", "version": 1, "rollers": [], "sessions": []}
    raw["sterilizations"] = []
    for number in range(rollers):
        first = start + timedelta(days=number * sessions_each)
        last = first + timedelta(days=sessions_each - 1)
        raw["rollers"].append(
            {
                "name": f"Roller {number}",
                "needle_mm": 0.5,
                "acquired_on": first.date().isoformat(),
                "discarded_on": (last + timedelta(days=1)).date().isoformat(),
                "discard_reason": "other",
            }
        )
        for use in range(sessions_each):
            at = first + timedelta(days=use)
            raw["sessions"].append(
                {
                    "at": at.strftime("%Y-%m-%dT%H:%M"),
                    "roller": f"Roller {number}",
                    "areas": [AREA_SLUGS[use % len(AREA_SLUGS)]],
                    "test_patch": use == 0,
                }
            )
            raw["sterilizations"].append(
                {"at": (at - timedelta(minutes=10)).strftime("%Y-%m-%dT%H:%M"),
                 "roller": f"Roller {number}"}
            )  # fmt: skip
    raw["lesions"] = [{"area": "chin", "kind": "sunburn", "noted_on": "2020-01-01"}]
    raw["procedures"] = [{"kind": "neuromodulator", "at": "2020-02-01T10:00"}]
    return parse_document(raw)


def test_status_costs_the_same_few_queries_whatever_the_history(tmp_path: Path) -> None:
    """Rollers, areas, map and verdict: a fixed number of statements, not one per roller."""
    small = _load(tmp_path / "small", _many_rollers(2, 3))
    large = _load(tmp_path / "large", _many_rollers(60, 15))
    try:
        day = date(2030, 1, 1)
        small_count = _count_status_statements(small, day)
        large_count = _count_status_statements(large, day)
        assert len(status_on(large, day).rollers) == 60
    finally:
        small.close()
        large.close()
    assert small_count == large_count
    assert large_count <= 12
