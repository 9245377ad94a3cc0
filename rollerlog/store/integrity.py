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
from collections.abc import Callable
from pathlib import Path

from rollerlog.domain.areas import AREA_SLUGS
from rollerlog.domain.findings import ACKNOWLEDGEABLE_CODES
from rollerlog.domain.settings import SETTING_KEYS, parse_settings
from rollerlog.domain.vocabulary import (
    CONDITIONS,
    LESION_KINDS,
    PROCEDURE_KINDS,
)
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


def _logical_problems(connection: sqlite3.Connection) -> list[str]:
    problems: list[str] = []
    run = connection.execute

    _list(
        problems,
        run("PRAGMA foreign_key_check").fetchall(),
        lambda table, rowid, parent, _fk: (
            f"a {table} record (row {rowid}) points at a {parent} that does not exist"
        ),
    )
    _list(
        problems,
        run(
            "SELECT s.at, r.name, r.discarded_on FROM session s JOIN roller r "
            "ON r.id = s.roller_id WHERE r.discarded_on IS NOT NULL "
            "AND date(s.at) > r.discarded_on ORDER BY s.at"
        ).fetchall(),
        lambda at, name, day: (
            f"the session of {at} uses roller {name!r} after it was discarded on {day}"
        ),
    )
    _list(
        problems,
        run(
            "SELECT s.at, r.name, r.acquired_on FROM session s JOIN roller r "
            "ON r.id = s.roller_id WHERE date(s.at) < r.acquired_on ORDER BY s.at"
        ).fetchall(),
        lambda at, name, day: (
            f"the session of {at} uses roller {name!r} before it was acquired on {day}"
        ),
    )
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
        lambda at, code: f"the session of {at} acknowledges {code!r}, which cannot be acknowledged",
    )
    _list(
        problems,
        run(
            "SELECT s.at, k.code FROM acknowledgement k JOIN session s ON s.id = k.session_id "
            "WHERE k.reason IS NULL OR length(trim(k.reason)) = 0 ORDER BY s.at"
        ).fetchall(),
        lambda at, code: f"the session of {at} acknowledges {code!r} without a reason",
    )
    areas = _quoted(AREA_SLUGS)
    for table in ("session_area", "procedure_area", "lesion"):
        _list(
            problems,
            run(f"SELECT DISTINCT area FROM {table} WHERE area NOT IN ({areas})").fetchall(),
            lambda area, table=table: f"a {table.replace('_', ' ')} names an unknown area {area!r}",
        )
    for table, vocabulary in (("lesion", LESION_KINDS), ("procedure", PROCEDURE_KINDS)):
        _list(
            problems,
            run(
                f"SELECT DISTINCT kind FROM {table} WHERE kind NOT IN ({_quoted(vocabulary)})"
            ).fetchall(),
            lambda kind, table=table: f"a {table} has an unknown kind {kind!r}",
        )
    _list(
        problems,
        run(
            "SELECT condition FROM profile_condition "
            f"WHERE condition NOT IN ({_quoted(CONDITIONS)})"
        ).fetchall(),
        lambda condition: f"the profile names an unknown condition {condition!r}",
    )
    _list(
        problems,
        run(
            "SELECT name FROM roller WHERE needle_mm < 0.1 OR needle_mm > 3.0 OR prior_uses < 0 "
            "OR (discarded_on IS NULL) <> (discard_reason IS NULL) "
            "OR (discarded_on IS NOT NULL AND discarded_on < acquired_on)"
        ).fetchall(),
        lambda name: f"roller {name!r} has impossible values",
    )
    _list(
        problems,
        run(
            "SELECT area, noted_on FROM lesion WHERE resolved_on IS NOT NULL "
            "AND resolved_on < noted_on"
        ).fetchall(),
        lambda area, day: f"the lesion on {area} noted {day} was resolved before it was noted",
    )
    settings: dict[str, object] = {}
    for key, value_json in run("SELECT key, value_json FROM setting").fetchall():
        if key not in SETTING_KEYS:
            problems.append(f"an unknown setting {key!r} is stored")
            continue
        try:
            settings[key] = json.loads(value_json)
        except (TypeError, ValueError):
            problems.append(f"the setting {key!r} holds unreadable text")
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
