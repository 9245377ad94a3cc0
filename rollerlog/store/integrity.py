"""Checking a database: SQLite's own integrity check plus the rules the data model implies.

Every check reads the file read-only with the standard library's sqlite3, so it works on a
damaged file, on a file the ORM could not map, and alongside the running app.
"""

from __future__ import annotations

import json
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
from rollerlog.store.db import (
    SCHEMA_REVISION,
    NotRollerlogDatabaseError,
    StoreError,
    known_revisions,
    stored_revision,
)

#: At most this many problems of one kind are listed; the rest are counted.
MAX_LISTED = 20


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def quick_check(path: Path) -> list[str]:
    """A fast health check for every start: is this a readable rollerlog database?

    Returns what is wrong in plain words (empty when healthy, or when there is no file yet).
    Schema versions newer than this rollerlog are not problems here: the opener says so.
    """
    try:
        if stored_revision(path) is None:
            return []
        connection = _connect(path)
        try:
            verdict = [row[0] for row in connection.execute("PRAGMA quick_check")]
        finally:
            connection.close()
    except NotRollerlogDatabaseError as error:
        return [str(error)]
    except sqlite3.DatabaseError as error:
        return [f"{path} cannot be read ({error})"]
    if verdict != ["ok"]:
        return [f"SQLite found damage: {line}" for line in verdict[:MAX_LISTED]]
    return []


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
    """A full check: SQLite's integrity check, then every logical rule of the data model.

    Returns what is wrong in plain words; an empty list means the database is healthy.
    """
    if not path.exists():
        return [f"{path}: no such file"]
    try:
        revision = stored_revision(path)
    except StoreError as error:
        return [str(error)]
    if revision is None:
        return []
    if revision != SCHEMA_REVISION and revision not in known_revisions():
        return [f"{path} was written by a newer version of rollerlog (schema {revision})"]
    try:
        connection = _connect(path)
        try:
            verdict = [row[0] for row in connection.execute("PRAGMA integrity_check")]
            if verdict != ["ok"]:
                return [f"SQLite found damage: {line}" for line in verdict[:MAX_LISTED]]
            # The logical checks read the current schema; an older file is upgraded on opening.
            return _logical_problems(connection) if revision == SCHEMA_REVISION else []
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        return [f"{path} cannot be read ({error})"]
