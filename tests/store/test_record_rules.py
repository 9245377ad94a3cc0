"""Each record rule is written once: the same bad value is refused by all four paths.

For every rule the same value goes through the form's validator, the store's operation,
the import of an interchange file, and ``check`` on a database where the value was
forced in with raw SQL (CHECK constraints switched off, as a hand edit could). Each path
must refuse it and name the field; the value one step inside the bound must pass all four.
"""

from __future__ import annotations

import copy
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from rollerlog.domain import constraints as c
from rollerlog.domain.entities import Lesion, Roller, Session, Sterilization
from rollerlog.domain.interchange import InvalidDocumentError, parse_document
from rollerlog.domain.validation import (
    FieldErrors,
    validate_discard,
    validate_lesion,
    validate_roller,
    validate_session,
    validate_sterilization,
)
from rollerlog.store import operations as ops
from rollerlog.store.db import Database
from rollerlog.store.integrity import check_database
from rollerlog.store.interchange import import_document
from tests.helpers import fresh_database, sample_document

NOW = datetime(2026, 3, 2, 20, 0)
TODAY = NOW.date()
FACE = Roller("Face 0.5", 0.5, date(2026, 1, 2))


@dataclass(frozen=True)
class Case:
    """One rule, one value, four paths."""

    value: Any
    form: Callable[[Any], FieldErrors]
    form_field: str
    operation: Callable[[Database, Any], object]
    edit_document: Callable[[dict[str, Any], Any], None]
    import_field: str
    tamper: str  # SQL with one "?" for the value
    check_words: str


def _roller_form(**fields: Any) -> FieldErrors:
    values: dict[str, Any] = {"name": "New", "needle_mm": 0.5, "acquired_on": date(2026, 1, 2)}
    values.update(fields)
    return validate_roller(today=TODAY, **values)


def _add_roller(database: Database, **fields: Any) -> object:
    values: dict[str, Any] = {"name": "New", **fields}
    return ops.add_roller(database, replace(FACE, **values))


def _log_session(database: Database, **fields: Any) -> object:
    values: dict[str, Any] = {"at": datetime(2026, 1, 20, 20, 0), "roller": "Face 0.5"}
    values.update(fields)
    return ops.log_session(database, Session(areas=("forehead",), **values))


def _set(path: tuple[Any, ...]) -> Callable[[dict[str, Any], Any], None]:
    def edit(document: dict[str, Any], value: Any) -> None:
        target: Any = document
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value.isoformat() if isinstance(value, date) else value

    return edit


def _new_roller(field: str) -> Callable[[dict[str, Any], Any], None]:
    def edit(document: dict[str, Any], value: Any) -> None:
        roller = {"name": "New", "needle_mm": 0.5, "acquired_on": "2026-01-02", field: value}
        document["rollers"].append(roller)

    return edit


CASES: dict[str, tuple[Case, Any]] = {
    "needle length above 3.0 mm": (
        Case(
            3.01,
            lambda v: _roller_form(needle_mm=v),
            "needle_mm",
            lambda db, v: _add_roller(db, needle_mm=v),
            _set(("rollers", 0, "needle_mm")),
            "rollers[0].needle_mm",
            "UPDATE roller SET needle_mm = ? WHERE name = 'Face 0.5'",
            "needle length is outside 0.1..3.0",
        ),
        3.0,
    ),
    "needle length below 0.1 mm": (
        Case(
            0.09,
            lambda v: _roller_form(needle_mm=v),
            "needle_mm",
            lambda db, v: _add_roller(db, needle_mm=v),
            _set(("rollers", 0, "needle_mm")),
            "rollers[0].needle_mm",
            "UPDATE roller SET needle_mm = ? WHERE name = 'Face 0.5'",
            "needle length is outside 0.1..3.0",
        ),
        0.1,
    ),
    "a name longer than the limit": (
        Case(
            "n" * (c.MAX_NAME_LENGTH + 1),
            lambda v: _roller_form(name=v),
            "name",
            lambda db, v: _add_roller(db, name=v),
            _new_roller("name"),
            "rollers[2].name",
            "UPDATE roller SET name = ? WHERE name = 'Face 0.5'",
            "name is 101 characters long",
        ),
        "n" * c.MAX_NAME_LENGTH,
    ),
    "a terminal escape in a name": (
        Case(
            "Face\x1b]0;owned\x07",
            lambda v: _roller_form(name=v),
            "name",
            lambda db, v: _add_roller(db, name=v),
            _new_roller("name"),
            "rollers[2].name",
            "UPDATE roller SET name = ? WHERE name = 'Face 0.5'",
            "name holds control characters",
        ),
        "Face ✨ 0.5",
    ),
    "a lone surrogate in notes": (
        Case(
            "bad \ud800 half",
            lambda v: _roller_form(notes=v),
            "notes",
            lambda db, v: _add_roller(db, notes=v),
            _set(("rollers", 0, "notes")),
            "rollers[0].notes",
            "UPDATE roller SET notes = CAST(? AS TEXT) WHERE name = 'Face 0.5'",
            "notes holds characters that are not Unicode text",
        ),
        "café",
    ),
    "notes longer than the limit": (
        Case(
            "x" * (c.MAX_TEXT_LENGTH + 1),
            lambda v: _roller_form(notes=v),
            "notes",
            lambda db, v: _add_roller(db, notes=v),
            _set(("rollers", 0, "notes")),
            "rollers[0].notes",
            "UPDATE roller SET notes = ? WHERE name = 'Face 0.5'",
            "notes is 10,001 characters long",
        ),
        "x" * c.MAX_TEXT_LENGTH,
    ),
    "negative earlier uses": (
        Case(
            -1,
            lambda v: _roller_form(prior_uses=v),
            "prior_uses",
            lambda db, v: _add_roller(db, prior_uses=v),
            _set(("rollers", 0, "prior_uses")),
            "rollers[0].prior_uses",
            "UPDATE roller SET prior_uses = ? WHERE name = 'Face 0.5'",
            "earlier uses is outside 0..10,000",
        ),
        0,
    ),
    "a needle count of zero": (
        Case(
            0,
            lambda v: _roller_form(needle_count=v),
            "needle_count",
            lambda db, v: _add_roller(db, needle_count=v),
            _set(("rollers", 0, "needle_count")),
            "rollers[0].needle_count",
            "UPDATE roller SET needle_count = ? WHERE name = 'Face 0.5'",
            "needle count is outside 1..10,000",
        ),
        1,
    ),
    "a session in the year 202": (
        Case(
            datetime(202, 1, 5, 20, 0),
            lambda v: validate_session(at=v, now=NOW, roller="Face 0.5", areas=["forehead"]),
            "at",
            lambda db, v: _log_session(db, at=v),
            lambda doc, v: doc["sessions"][0].__setitem__("at", v.isoformat(timespec="minutes")),
            "sessions[0].at",
            "UPDATE session SET at = ? WHERE at LIKE '2026-01-05%'",
            "time lies outside the years 1900 to 2100",
        ),
        datetime(2026, 1, 20, 20, 0),
    ),
    "a sterilization of more than a day": (
        Case(
            c.STERILIZATION_MINUTES.high + 1,
            lambda v: validate_sterilization(at=NOW, now=NOW, roller="Face 0.5", minutes=v),
            "minutes",
            lambda db, v: ops.log_sterilization(db, Sterilization(NOW, "Face 0.5", minutes=v)),
            _set(("sterilizations", 0, "minutes")),
            "sterilizations[0].minutes",
            "UPDATE sterilization SET minutes = ?",
            "minutes is outside 0..1,440",
        ),
        c.STERILIZATION_MINUTES.high,
    ),
    "a spot that healed before it was noted": (
        Case(
            date(2025, 12, 31),
            lambda v: validate_lesion(
                area="left-cheek",
                kind="mole",
                noted_on=date(2026, 1, 1),
                resolved_on=v,
                today=TODAY,
            ),
            "resolved_on",
            lambda db, v: ops.add_lesion(db, Lesion("left-cheek", "mole", date(2026, 1, 1), v)),
            _set(("lesions", 0, "resolved_on")),
            "lesions[0].resolved_on",
            "UPDATE lesion SET resolved_on = ?",
            "was resolved before it was noted",
        ),
        date(2026, 1, 1),
    ),
    "a session the day after its roller was discarded": (
        # The form's side of this rule: discarding a roller before its last session's day.
        Case(
            date(2026, 2, 11),
            lambda v: validate_discard(
                discarded_on=date(2026, 2, 10),
                reason="dropped",
                acquired_on=date(2026, 1, 3),
                today=TODAY,
                last_session_on=v,
            ),
            "discarded_on",
            lambda db, v: _log_session(
                db, at=datetime.combine(v, datetime.min.time()), roller=BODY
            ),
            lambda doc, v: doc["sessions"][1].__setitem__("at", f"{v.isoformat()}T08:30"),
            "sessions[1].at",
            "UPDATE session SET at = ? || ' 08:30:00.000000' WHERE test_patch = 1",
            "after it was discarded on 2026-02-10",
        ),
        date(2026, 2, 10),  # the discard day itself is accepted everywhere
    ),
}
BODY = "Body 1.0 ✨"


def _sql_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and c.has_lone_surrogates(value):
        return value.encode("utf-8", errors="surrogatepass")  # raw bytes, as a hand edit may
    return value


def _populated(folder: Path) -> Database:
    database = fresh_database(folder)
    import_document(database, parse_document(sample_document()), replace=False)
    return database


def _forced(path: Path, sql: str, value: Any) -> None:
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA ignore_check_constraints = ON")
    connection.execute(sql, (_sql_value(value),))
    connection.commit()
    connection.close()


def _import_problems(case: Case, value: Any) -> list[str]:
    document = copy.deepcopy(sample_document())
    case.edit_document(document, value)
    try:
        parse_document(document)
    except InvalidDocumentError as error:
        return error.problems
    return []


@pytest.mark.parametrize("name", list(CASES))
def test_the_same_bad_value_is_refused_by_every_path(name: str, tmp_path: Path) -> None:
    case, good = CASES[name]
    bad = case.value

    assert case.form_field in case.form(bad), "the form lets it through"
    assert case.form_field not in case.form(good)

    database = _populated(tmp_path / "ops")
    try:
        with pytest.raises(ops.OperationError):
            case.operation(database, bad)
        case.operation(database, good)
    finally:
        database.close()

    problems = _import_problems(case, bad)
    assert any(p.startswith(case.import_field + ":") for p in problems), problems
    assert _import_problems(case, good) == []

    for value, healthy in ((bad, False), (good, True)):
        folder = tmp_path / ("bad" if not healthy else "good")
        _populated(folder).close()
        path = folder / "rollerlog.sqlite3"
        _forced(path, case.tamper, value)
        found = check_database(path)
        if healthy:
            assert found == [], found
        else:
            assert any(case.check_words in p for p in found), found


def test_a_session_on_its_rollers_discard_day_can_still_be_edited(tmp_path: Path) -> None:
    database = _populated(tmp_path / "db")
    try:
        morning = ops.log_session(
            database,
            Session(datetime(2026, 2, 9, 8, 0), "Face 0.5", ("forehead",), notes="tpyo"),
        ).value
        assert morning.id is not None
        roller = ops.discard_roller(database, 1, "dropped", date(2026, 2, 9)).value
        assert roller.discarded_on == morning.at.date()
        fixed = ops.edit_session(database, morning.id, replace(morning, notes="typo")).value
        assert fixed.notes == "typo"
        with pytest.raises(ops.OperationError, match="after the roller was discarded"):
            ops.edit_session(database, morning.id, replace(morning, at=datetime(2026, 2, 10, 8)))
    finally:
        database.close()
    assert check_database(tmp_path / "db" / "rollerlog.sqlite3") == []


def test_discarding_a_roller_before_its_last_session_is_refused(tmp_path: Path) -> None:
    database = _populated(tmp_path / "db")
    try:
        ops.log_session(database, Session(datetime(2026, 2, 9, 8, 0), "Face 0.5", ("forehead",)))
        with pytest.raises(ops.OperationError, match="cannot have been discarded earlier"):
            ops.discard_roller(database, 1, "dropped", date(2026, 2, 8))
        assert ops.discard_roller(database, 1, "dropped", date(2026, 2, 9)).value.discarded_on
    finally:
        database.close()


def test_usable_on_and_the_discard_day() -> None:
    dropped = replace(FACE, discarded_on=date(2026, 2, 9), discard_reason="dropped")
    assert c.usable_on(dropped, date(2026, 2, 8))
    assert not c.usable_on(dropped, date(2026, 2, 9))  # a new session: roller-discarded
    assert c.session_day_violation(dropped, date(2026, 2, 9)) is None  # a logged one: kept
    assert c.session_day_violation(dropped, date(2026, 2, 10)) is not None
    assert not c.usable_on(FACE, date(2026, 1, 1))  # before it was acquired


def test_needle_lengths_are_kept_to_a_hundredth_so_overrides_meet(tmp_path: Path) -> None:
    document = sample_document()
    document["rollers"][0]["needle_mm"] = 0.1 + 0.2  # 0.30000000000000004
    document["settings"]["interval_days_by_needle_mm"] = {"0.3": 5}
    parsed = parse_document(document)
    assert parsed.rollers[0].needle_mm == 0.3
    assert parsed.settings.interval_for_needle(parsed.rollers[0].needle_mm) == 5
    database = fresh_database(tmp_path / "db")
    try:
        saved = ops.add_roller(database, replace(FACE, needle_mm=0.1 + 0.2)).value
        assert saved.needle_mm == 0.3
        assert parsed.settings.interval_for_needle(saved.needle_mm) == 5
    finally:
        database.close()


def _table_accepts(connection: sqlite3.Connection, **values: object) -> bool:
    """True when the migrated roller table's CHECK constraints accept these values."""
    row: dict[str, object] = {"name": "x", "needle_mm": 1.0, "acquired_on": "2026-01-01"}
    row.update({"prior_uses": 0, "material": "", "notes": ""})
    row.update(values)
    columns = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    try:
        with connection:
            connection.execute(
                f"INSERT INTO roller ({columns}) VALUES ({marks})", tuple(row.values())
            )
            connection.execute("DELETE FROM roller")
    except sqlite3.IntegrityError:
        return False
    return True


def test_the_migrated_checks_agree_with_the_constants(tmp_path: Path) -> None:
    """Where a table constraint guards a bound, it draws the line exactly where the rule does."""
    fresh_database(tmp_path / "db").close()
    connection = sqlite3.connect(tmp_path / "db" / "rollerlog.sqlite3")
    try:
        low, high = c.NEEDLE_MM.low, c.NEEDLE_MM.high
        for mm in (low, high, low - 0.01, high + 0.01):
            expected = c.needle_violation(mm) is None
            assert _table_accepts(connection, needle_mm=mm) == expected, mm
        for uses in (c.PRIOR_USES.low, c.PRIOR_USES.low - 1):
            expected = c.whole_violation(uses, c.PRIOR_USES) is None
            assert _table_accepts(connection, prior_uses=uses) == expected, uses
        for count in (c.NEEDLE_COUNT.low, c.NEEDLE_COUNT.low - 1):
            expected = c.whole_violation(count, c.NEEDLE_COUNT) is None
            assert _table_accepts(connection, needle_count=count) == expected, count
    finally:
        connection.close()


def test_the_table_classes_write_the_same_checks_as_the_migration(tmp_path: Path) -> None:
    """The CHECKs written from the constants are, word for word, the ones migrated files hold."""
    from sqlalchemy import CheckConstraint

    from rollerlog.store.tables import Base

    fresh_database(tmp_path / "db").close()
    connection = sqlite3.connect(tmp_path / "db" / "rollerlog.sqlite3")
    try:
        schema = dict(connection.execute("SELECT name, sql FROM sqlite_master WHERE type='table'"))
    finally:
        connection.close()
    bounded = ("needle_mm", "needle_count", "prior_uses", "minutes")
    checked = 0
    for table in Base.metadata.sorted_tables:
        for constraint in table.constraints:
            if isinstance(constraint, CheckConstraint):
                text = str(constraint.sqltext)
                if text.split()[0] in bounded:
                    assert text in schema[table.name], (table.name, text)
                    checked += 1
    assert checked == len(bounded)
