"""Checking a database: SQLite's own integrity check plus the rules the data model implies.

Every check reads the file with the standard library's sqlite3, so it works on a damaged
file, on a file the ORM could not map, and alongside the running app. The schema must be
exactly the one rollerlog's migrations make (:mod:`rollerlog.store.schema`); every
difference is reported. A file another program holds locked raises DatabaseBusyError:
busy is not damage.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from rollerlog.domain import constraints as c
from rollerlog.domain.areas import AREA_SLUGS
from rollerlog.domain.constraints import Rule, Violation
from rollerlog.domain.findings import ACKNOWLEDGEABLE_CODES
from rollerlog.domain.settings import SETTING_KEYS, parse_settings
from rollerlog.domain.vocabulary import (
    CONDITIONS,
    DISCARD_REASONS,
    LESION_KINDS,
    PROCEDURE_KINDS,
    ROLLER_SOURCES,
    STERILIZATION_METHODS,
)
from rollerlog.domain.wording import printable, quoted
from rollerlog.store.errors import NewerSchemaError, NotRollerlogDatabaseError
from rollerlog.store.schema import SCHEMA_REVISION, inspect_connection, inspecting

#: At most this many problems of one kind are listed; the rest are counted.
MAX_LISTED = 20


def quick_check(path: Path) -> list[str]:
    """A fast health check for every start: is this exactly a readable rollerlog database?

    Returns what is wrong in plain words (empty when healthy, or when there is no file yet).
    Opens the file for writing where it may, so SQLite rolls back a journal left by a killed
    writer, as it would for any program; nothing else is written. Schema versions newer than
    this rollerlog are not problems here: the opener says so. Raises DatabaseBusyError.
    """
    if not path.exists() or (path.is_file() and path.stat().st_size == 0):
        return []
    writable = os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)
    try:
        with inspecting(path, writable=writable) as connection:
            if inspect_connection(connection, path) is None:
                return []
            verdict = [row[0] for row in connection.execute("PRAGMA quick_check")]
    except NewerSchemaError:
        return []
    except NotRollerlogDatabaseError as error:
        return [str(error)]
    damage = _damage(verdict)
    return [f"SQLite found damage: {line}" for line in damage[:MAX_LISTED]]


def _broken_rules(verdict: list[str]) -> list[str]:
    # A connection that may write also checks CHECK constraints: records that break a
    # table's rules are not damage to the file; the logical checks word them.
    return [line for line in verdict if line.startswith("CHECK constraint failed")]


def _damage(verdict: list[str]) -> list[str]:
    broken = set(_broken_rules(verdict))
    return [line for line in verdict if line != "ok" and line not in broken]


def _list(problems: list[str], rows: list[tuple[object, ...]], say: Callable[..., str]) -> None:
    for row in rows[:MAX_LISTED]:
        problems.append(say(*row))
    if len(rows) > MAX_LISTED:
        problems.append(f"... and {len(rows) - MAX_LISTED} more like the last one")


def _quoted(values: object) -> str:
    return ", ".join(f"'{value}'" for value in sorted(values))  # type: ignore[call-overload]


def check_message(what: str, violation: Violation) -> str:
    """A broken record rule as ``check`` reports it, after the record it names."""
    low, high = c.bounds_text(violation)
    day = violation.day.isoformat() if violation.day is not None else ""
    messages = {
        Rule.NOT_TEXT: f"its {what} is not text",
        Rule.EMPTY: f"its {what} is empty",
        Rule.TOO_LONG: f"its {what} is {violation.size or 0:,} characters long (at most {high})",
        Rule.CONTROL_CHARACTERS: f"its {what} holds control characters",
        Rule.UNENCODABLE: f"its {what} holds characters that are not Unicode text",
        Rule.NOT_NUMBER: f"its {what} is not a number",
        Rule.NOT_WHOLE: f"its {what} is not a whole number",
        Rule.OUT_OF_RANGE: f"its {what} is outside {low}..{high}",
        Rule.NOT_DAY: f"its {what} is not a day",
        Rule.NOT_MOMENT: f"its {what} is not a time",
        Rule.YEAR_OUT_OF_RANGE: f"its {what} lies outside the years {low} to {high}",
        Rule.BEFORE_ACQUIRED: f"it is before its roller was acquired on {day}",
        Rule.AFTER_DISCARDED: f"it is after its roller was discarded on {day}",
        Rule.DISCARD_HALF_SET: "it has only one of a discard day and a discard reason",
        Rule.DISCARDED_BEFORE_ACQUIRED: "it was discarded before it was acquired",
        Rule.RESOLVED_BEFORE_NOTED: "it was resolved before it was noted",
    }
    return messages[violation.rule]


@dataclass(frozen=True, slots=True)
class _StoredRoller:
    """A roller as the file holds it, for the day rules."""

    acquired_on: date
    discarded_on: date | None


def _stored_day(value: object) -> date | object:
    """A stored day as a ``date`` when it reads as one; the raw value otherwise."""
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _stored_moment(value: object) -> datetime | object:
    """A stored time as a naive ``datetime`` when it reads as one; the raw value otherwise."""
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return value
    return value


def _record_problems(connection: sqlite3.Connection) -> Iterator[tuple[str, str]]:
    """Every record that breaks a record rule, as (kind of problem, message) pairs."""
    run = connection.execute
    rollers: dict[int, tuple[str, _StoredRoller | None]] = {}
    for row in run(
        "SELECT id, name, needle_mm, needle_count, material, acquired_on, source, prior_uses, "
        "discarded_on, discard_reason, notes FROM roller ORDER BY id"
    ):
        (rid, name, needle, count, material, acquired, source, prior, discarded, reason, notes) = (
            row
        )
        subject = f"roller {quoted(name)}"
        acquired_on, discarded_on = _stored_day(acquired), _stored_day(discarded)
        checks: list[tuple[str, Violation | None]] = [
            ("name", c.name_violation(name)),
            ("needle length", c.needle_violation(needle)),
            ("needle count", c.whole_violation(count, c.NEEDLE_COUNT, optional=True)),
            ("earlier uses", c.whole_violation(prior, c.PRIOR_USES)),
            ("material", c.text_violation(material, limit=c.MAX_NAME_LENGTH)),
            ("notes", c.text_violation(notes, limit=c.MAX_TEXT_LENGTH)),
            ("acquisition day", c.day_violation(acquired_on)),
        ]
        if discarded is not None:
            checks.append(("discard day", c.day_violation(discarded_on)))
        for what, violation in checks:
            if violation is not None:
                yield what, f"{subject}: {check_message(what, violation)}"
        if source is not None and source not in ROLLER_SOURCES:
            yield "source", f"{subject}: its source {quoted(source)} is unknown"
        if reason is not None and reason not in DISCARD_REASONS:
            yield "reason", f"{subject}: its discard reason {quoted(reason)} is unknown"
        life: _StoredRoller | None = None
        if isinstance(acquired_on, date) and (
            discarded_on is None or isinstance(discarded_on, date)
        ):
            life = _StoredRoller(acquired_on, discarded_on)
            violation = c.discard_violation(acquired_on, discarded_on, reason)
            if violation is not None:
                yield "discard", f"{subject}: {check_message('discard', violation)}"
        rollers[rid] = (name, life)

    for at, roller_id, topical, notes in run(
        "SELECT at, roller_id, topical, notes FROM session ORDER BY at"
    ):
        subject = f"the session of {printable(str(at), 40)}"
        moment = _stored_moment(at)
        violation = c.moment_violation(moment)
        if violation is not None:
            yield "time", f"{subject}: {check_message('time', violation)}"
        elif roller_id in rollers:
            assert isinstance(moment, datetime)
            name, life = rollers[roller_id]
            day_problem = c.session_day_violation(life, moment.date()) if life else None
            if day_problem is not None and day_problem.rule is Rule.AFTER_DISCARDED:
                yield (
                    "day",
                    (
                        f"{subject} uses roller {quoted(name)} after it was discarded on "
                        f"{day_problem.day}"
                    ),
                )
            elif day_problem is not None:
                yield (
                    "day",
                    (
                        f"{subject} uses roller {quoted(name)} before it was acquired on "
                        f"{day_problem.day}"
                    ),
                )
        for what, value, limit in (
            ("topical", topical, c.MAX_SHORT_TEXT_LENGTH),
            ("notes", notes, c.MAX_TEXT_LENGTH),
        ):
            violation = c.text_violation(value, limit=limit)
            if violation is not None:
                yield what, f"{subject}: {check_message(what, violation)}"

    for at, reason in run(
        "SELECT s.at, k.reason FROM acknowledgement k JOIN session s ON s.id = k.session_id "
        "ORDER BY s.at"
    ):
        violation = c.text_violation(reason, limit=c.MAX_TEXT_LENGTH)
        if violation is not None:
            yield (
                "reason",
                f"the session of {printable(str(at), 40)}: {check_message('reason', violation)}",
            )

    for at, method, minutes in run("SELECT at, method, minutes FROM sterilization ORDER BY at"):
        subject = f"the sterilization of {printable(str(at), 40)}"
        for what, violation in (
            ("time", c.moment_violation(_stored_moment(at))),
            ("minutes", c.whole_violation(minutes, c.STERILIZATION_MINUTES, optional=True)),
        ):
            if violation is not None:
                yield what, f"{subject}: {check_message(what, violation)}"
        if method is not None and method not in STERILIZATION_METHODS:
            yield "method", f"{subject}: its method {quoted(method)} is unknown"

    for area, noted, resolved, notes in run(
        "SELECT area, noted_on, resolved_on, notes FROM lesion ORDER BY noted_on"
    ):
        subject = f"the lesion on {printable(str(area), 40)} noted {printable(str(noted), 40)}"
        noted_on, resolved_on = _stored_day(noted), _stored_day(resolved)
        checks = [
            ("day it was noted", c.day_violation(noted_on)),
            ("notes", c.text_violation(notes, limit=c.MAX_TEXT_LENGTH)),
        ]
        if resolved is not None:
            checks.append(("day it was resolved", c.day_violation(resolved_on)))
        for what, violation in checks:
            if violation is not None:
                yield what, f"{subject}: {check_message(what, violation)}"
        if isinstance(noted_on, date) and isinstance(resolved_on, date):
            violation = c.resolution_violation(noted_on, resolved_on)
            if violation is not None:
                yield "resolved", f"{subject} was resolved before it was noted"

    for at, product in run("SELECT at, product FROM procedure ORDER BY at"):
        subject = f"the procedure of {printable(str(at), 40)}"
        for what, violation in (
            ("time", c.moment_violation(_stored_moment(at))),
            ("product", c.text_violation(product, limit=c.MAX_SHORT_TEXT_LENGTH)),
        ):
            if violation is not None:
                yield what, f"{subject}: {check_message(what, violation)}"


def _lenient_text(raw: bytes) -> str:
    """Stored text that is not valid UTF-8 keeps its bad bytes as lone surrogates."""
    return raw.decode("utf-8", errors="surrogateescape")


def _logical_problems(connection: sqlite3.Connection) -> list[str]:
    problems: list[str] = []
    connection.text_factory = _lenient_text
    run = connection.execute

    _list(
        problems,
        run("PRAGMA foreign_key_check").fetchall(),
        lambda table, rowid, parent, _fk: (
            f"a {table} record (row {rowid}) points at a {parent} that does not exist"
        ),
    )
    by_kind: dict[str, list[tuple[str]]] = {}
    for kind, message in _record_problems(connection):
        by_kind.setdefault(kind, []).append((message,))
    for messages in by_kind.values():
        _list(problems, list(messages), lambda message: message)
    _list(
        problems,
        run(
            "SELECT s.at FROM session s WHERE NOT EXISTS "
            "(SELECT 1 FROM session_area a WHERE a.session_id = s.id) ORDER BY s.at"
        ).fetchall(),
        lambda at: f"the session of {at} names no area",
    )
    _list(
        problems,
        run(
            "SELECT s.at, k.code FROM acknowledgement k JOIN session s ON s.id = k.session_id "
            f"WHERE k.code NOT IN ({_quoted(ACKNOWLEDGEABLE_CODES)}) ORDER BY s.at"
        ).fetchall(),
        lambda at, code: (
            f"the session of {at} acknowledges {quoted(code)}, which cannot be acknowledged"
        ),
    )
    _list(
        problems,
        run(
            "SELECT s.at, k.code FROM acknowledgement k JOIN session s ON s.id = k.session_id "
            "WHERE k.reason IS NULL OR length(trim(k.reason)) = 0 ORDER BY s.at"
        ).fetchall(),
        lambda at, code: f"the session of {at} acknowledges {quoted(code)} without a reason",
    )
    areas = _quoted(AREA_SLUGS)
    for table in ("session_area", "procedure_area", "lesion"):
        _list(
            problems,
            run(f"SELECT DISTINCT area FROM {table} WHERE area NOT IN ({areas})").fetchall(),
            lambda area, table=table: (
                f"a {table.replace('_', ' ')} names an unknown area {quoted(area)}"
            ),
        )
    for table, vocabulary in (("lesion", LESION_KINDS), ("procedure", PROCEDURE_KINDS)):
        _list(
            problems,
            run(
                f"SELECT DISTINCT kind FROM {table} WHERE kind NOT IN ({_quoted(vocabulary)})"
            ).fetchall(),
            lambda kind, table=table: f"a {table} has an unknown kind {quoted(kind)}",
        )
    _list(
        problems,
        run(
            "SELECT condition FROM profile_condition "
            f"WHERE condition NOT IN ({_quoted(CONDITIONS)})"
        ).fetchall(),
        lambda condition: f"the profile names an unknown condition {quoted(condition)}",
    )
    settings: dict[str, object] = {}
    for key, value_json in run("SELECT key, value_json FROM setting").fetchall():
        if key not in SETTING_KEYS:
            problems.append(f"an unknown setting {quoted(key)} is stored")
            continue
        try:
            settings[key] = json.loads(value_json)
        except (TypeError, ValueError):
            problems.append(f"the setting {quoted(key)} holds unreadable text")
    problems.extend(parse_settings(settings, "setting")[1])
    return problems


def check_database(path: Path) -> list[str]:
    """A full check: the exact schema, SQLite's integrity check, then every logical rule.

    Returns what is wrong in plain words; an empty list means the database is healthy.
    Changes nothing (works in a read-only folder); raises DatabaseBusyError when locked.
    """
    if not path.exists():
        return [f"{path}: no such file"]
    if path.is_file() and path.stat().st_size == 0:
        return []
    # Where it may, the check lets SQLite roll back a journal a killed writer left, as any
    # reader of the file would; in a read-only place it reads only.
    writable = os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)
    try:
        with inspecting(path, writable=writable) as connection:
            try:
                inspection = inspect_connection(connection, path)
            except NewerSchemaError as error:
                return [str(error).split(";")[0]]
            except NotRollerlogDatabaseError as error:
                return _schema_problems(str(error))
            if inspection is None:
                return []
            verdict = [row[0] for row in connection.execute("PRAGMA integrity_check")]
            damage = _damage(verdict)
            if damage:
                return [f"SQLite found damage: {line}" for line in damage[:MAX_LISTED]]
            # The logical checks read the current schema; an older file is upgraded on opening.
            if inspection.revision != SCHEMA_REVISION:
                return []
            problems = _logical_problems(connection)
            if not problems:
                problems = [
                    f"records break the rules of the tables: {line}"
                    for line in _broken_rules(verdict)
                ]
            return problems
    except NotRollerlogDatabaseError as error:
        return [str(error)]


def _schema_problems(message: str) -> list[str]:
    """A refusal naming several differences, one problem per difference."""
    head, colon, rest = message.partition(": ")
    if not colon or "; " not in rest:
        return [message]
    return [f"{head}: {part}" for part in rest.split("; ")]
