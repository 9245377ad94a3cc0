"""The standing status of a day in plain SQL: one set of statements for every connection.

Today's status (rollers, areas, standing findings, the day's map) is read by these
statements and turned into plain values here, whichever connection runs them: the ORM's
(:func:`rollerlog.store.safety.status_in`, for ``status``, reminders and the app once its
data is open) or the standard library's :mod:`sqlite3` (:func:`read_status`, for the app's
first fill of Today, before SQLAlchemy is loaded). Values come back raw from SQLite either
way and are converted once, here, so both paths give the same answer; a property test
checks it. This module imports neither SQLAlchemy nor Qt.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any

from rollerlog.domain.day_map import DayInputs, build_day_map, end_of_day
from rollerlog.domain.entities import Roller
from rollerlog.domain.rules import (
    FILLER_WAIT_DAYS,
    AreaLesion,
    AreaNeedling,
    Status,
    area_statuses,
    roller_order,
    roller_status,
    standing_findings,
)
from rollerlog.domain.settings import Settings, parse_settings
from rollerlog.store.errors import StoreError
from rollerlog.store.schema import BUSY_TIMEOUT_SECONDS, busy_error, is_busy, readable_uri

#: Runs one statement with its parameters and gives its rows (raw SQLite values).
Run = Callable[[str, tuple[object, ...]], Iterable[Sequence[Any]]]

SETTINGS_SQL = "SELECT key, value_json FROM setting"
CONDITIONS_SQL = "SELECT condition FROM profile_condition"

#: Every roller acquired by the day with its uses, last session and last sterilization
#: before the end of the day: each figure is a seek down a ``(roller_id, at)`` index.
#: Measured at 50,000 sessions and 3,336 rollers this beats grouping the sessions and
#: sterilizations first (100,000 sterilizations are read whole to group them, where a seek
#: reads one entry), and window functions would add a sort of every row.
ROLLERS_SQL = (
    "SELECT r.name, r.needle_mm, r.acquired_on, r.needle_count, r.material, r.source,"
    " r.prior_uses, r.discarded_on, r.discard_reason, r.notes, r.id,"
    " (SELECT count(*) FROM session s WHERE s.roller_id = r.id AND s.at < ?),"
    " (SELECT max(s.at) FROM session s WHERE s.roller_id = r.id AND s.at < ?),"
    " (SELECT max(z.at) FROM sterilization z WHERE z.roller_id = r.id AND z.at < ?)"
    " FROM roller r WHERE r.acquired_on <= ?"
)

#: The same for the rollers not discarded by the day only: Today's read, which never shows a
#: discarded roller (a long history holds thousands, each costing three seeks).
KEPT_ROLLERS_SQL = ROLLERS_SQL + " AND (r.discarded_on IS NULL OR r.discarded_on > ?)"

#: How many rollers acquired by the day were discarded by it (those Today's read leaves out).
DISCARDED_COUNT_SQL = "SELECT count(*) FROM roller WHERE acquired_on <= ? AND discarded_on <= ?"

#: Every area with a session, found by hopping along the area index (no full scan).
NEEDLED_AREAS_SQL = (
    "WITH RECURSIVE hop(area) AS ("
    " SELECT min(area) FROM session_area"
    " UNION ALL"
    " SELECT (SELECT min(area) FROM session_area WHERE area > hop.area)"
    " FROM hop WHERE hop.area IS NOT NULL"
    ") SELECT area FROM hop WHERE area IS NOT NULL"
)

#: Sessions with their areas and needle length, newest first (walked only as far as needed).
AREA_WALK_SQL = (
    "SELECT s.at, r.needle_mm, a.area FROM session s"
    " JOIN session_area a ON a.session_id = s.id"
    " JOIN roller r ON r.id = s.roller_id"
    " WHERE s.at < ? ORDER BY s.at DESC"
)

#: Per (area, needle length) the latest session within the longest interval.
DAY_NEEDLINGS_SQL = (
    "SELECT a.area, r.needle_mm, max(s.at) FROM session_area a"
    " JOIN session s ON s.id = a.session_id"
    " JOIN roller r ON r.id = s.roller_id"
    " WHERE s.at >= ? AND s.at < ? GROUP BY a.area, r.needle_mm"
)
LESIONS_SQL = (
    "SELECT DISTINCT area, kind FROM lesion"
    " WHERE noted_on <= ? AND (resolved_on IS NULL OR resolved_on > ?)"
)
NEUROMODULATOR_SQL = "SELECT max(at) FROM procedure WHERE kind = 'neuromodulator' AND at <= ?"
FILLER_SQL = "SELECT max(at) FROM procedure WHERE kind = 'filler' AND at >= ? AND at <= ?"
FIRST_TEST_PATCH_SQL = "SELECT min(at) FROM session WHERE test_patch = 1 AND at < ?"


def stored_moment(moment: datetime) -> str:
    """``moment`` as the schema stores times (``YYYY-MM-DD HH:MM:SS.ffffff``), for comparisons."""
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


def _moment(value: object) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) else None


def _day(value: object) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else None


def _scalar(run: Run, sql: str, parameters: tuple[object, ...]) -> object:
    for row in run(sql, parameters):
        return row[0]
    return None


def settings_with(run: Run) -> Settings:
    """The stored settings; keys never stored take the contract's defaults."""
    stored = {key: json.loads(value) for key, value in run(SETTINGS_SQL, ())}
    settings, problems = parse_settings(stored)
    if problems:
        raise StoreError("the stored settings are damaged: " + "; ".join(problems))
    return settings


@dataclass(frozen=True, slots=True)
class _RollerHistory:
    roller: Roller
    count: int
    last_session_at: datetime | None
    last_sterilized_at: datetime | None


def _rollers(run: Run, day: date, end: datetime, discarded: bool) -> list[_RollerHistory]:
    stamp = stored_moment(end)
    rows = []
    sql = ROLLERS_SQL
    parameters: tuple[object, ...] = (stamp, stamp, stamp, day.isoformat())
    if not discarded:
        sql, parameters = KEPT_ROLLERS_SQL, (*parameters, day.isoformat())
    for row in run(sql, parameters):
        name, needle, acquired, count, material, source, prior, discarded, reason, notes = row[:10]
        roller = Roller(
            name,
            needle,
            _day(acquired),  # type: ignore[arg-type]  # NOT NULL in the schema
            count,
            material,
            source,
            prior,
            _day(discarded),
            reason,
            notes,
            row[10],
        )
        rows.append(_RollerHistory(roller, row[11], _moment(row[12]), _moment(row[13])))
    rows.sort(key=lambda item: roller_order(item.roller.name))
    return rows


def _area_needlings(run: Run, end: datetime, settings: Settings) -> list[AreaNeedling]:
    """Per (area, needle length) the latest day needled before ``end``, where it can matter.

    Sessions are walked newest first and the walk stops once every needled area has been
    seen and older sessions can no longer set any area's next day (``area_next_on`` takes
    the latest of day + interval, and ``last_session`` is the newest day): a long log is
    read only as far back as the longest interval, not whole.
    """
    areas = {row[0] for row in run(NEEDLED_AREAS_SQL, ())}
    longest = timedelta(days=settings.max_interval_days())
    newest: dict[tuple[str, float], date] = {}
    last_day: dict[str, date] = {}
    oldest_last: date | None = None
    for at, needle_mm, area in run(AREA_WALK_SQL, (stored_moment(end),)):
        day = datetime.fromisoformat(at).date()
        if oldest_last is not None and day + longest < oldest_last:
            break
        newest.setdefault((area, needle_mm), day)
        if area not in last_day:
            last_day[area] = day
            if areas <= last_day.keys():
                oldest_last = min(last_day.values())
    return [AreaNeedling(area, day, needle_mm) for (area, needle_mm), day in newest.items()]


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time())


def _day_inputs(run: Run, day: date, settings: Settings) -> DayInputs:
    at = stored_moment(end_of_day(day))
    window_start = stored_moment(_start_of(day - timedelta(days=settings.max_interval_days() - 1)))
    needlings = [
        AreaNeedling(area, datetime.fromisoformat(last).date(), needle_mm)
        for area, needle_mm, last in run(DAY_NEEDLINGS_SQL, (window_start, at))
    ]
    lesions = [AreaLesion(area, kind) for area, kind in run(LESIONS_SQL, (day.isoformat(),) * 2)]
    neuromodulator_at = _moment(_scalar(run, NEUROMODULATOR_SQL, (at,)))
    filler_start = stored_moment(_start_of(day - timedelta(days=FILLER_WAIT_DAYS - 1)))
    filler_at = _moment(_scalar(run, FILLER_SQL, (filler_start, at)))
    first_test_patch_at = _moment(_scalar(run, FIRST_TEST_PATCH_SQL, (at,)))
    return DayInputs(
        needlings=tuple(needlings),
        lesions=tuple(lesions),
        neuromodulator_at=neuromodulator_at,
        filler_on=filler_at.date() if filler_at is not None else None,
        conditions=frozenset(row[0] for row in run(CONDITIONS_SQL, ())),
        first_test_patch_on=first_test_patch_at.date() if first_test_patch_at else None,
    )


def status_with(
    run: Run,
    day: date,
    settings: Settings,
    zone: tzinfo | None = None,
    *,
    discarded: bool = True,
) -> Status:
    """The standing status, map and verdict as of the end of ``day``, read through ``run``.

    With ``discarded=False`` the rollers discarded by the day are left out of ``rollers``
    and only counted (``Status.rollers_left_out``): nothing else depends on them, since a
    discarded roller is never usable and has no standing findings. Today reads it so.
    """
    end = _start_of(day + timedelta(days=1))
    statuses = [
        roller_status(
            item.roller,
            day,
            uses=item.roller.prior_uses + item.count,
            last_session_at=item.last_session_at,
            last_sterilized_at=item.last_sterilized_at,
            settings=settings,
        )
        for item in _rollers(run, day, end, discarded)
    ]
    left_out = 0
    if not discarded:
        counted = _scalar(run, DISCARDED_COUNT_SQL, (day.isoformat(),) * 2)
        left_out = counted if isinstance(counted, int) else 0
    areas = area_statuses(_area_needlings(run, end, settings), settings)
    inputs = _day_inputs(run, day, settings)
    return Status(
        on=day,
        rollers=tuple(statuses),
        areas=areas,
        findings=tuple(standing_findings(statuses, inputs.conditions)),
        day_map=build_day_map(day, inputs, statuses, settings, zone),
        rollers_left_out=left_out,
    )


def _nothing(_sql: str, _parameters: tuple[object, ...]) -> list[Sequence[Any]]:
    return []


def read_status(path: Path, day: date, *, discarded: bool = True) -> Status:
    """The status of ``day`` from the file at ``path`` with :mod:`sqlite3` (never writing).

    ``discarded`` as for :func:`status_with`.

    No file yet reads as an empty log. The file's schema must have been checked first
    (:func:`rollerlog.store.schema.inspect_file`); a lock held by another program raises
    DatabaseBusyError, any other SQLite error a StoreError.
    """
    if not path.exists() or path.stat().st_size == 0:
        return status_with(_nothing, day, Settings())
    try:
        connection = sqlite3.connect(readable_uri(path), uri=True, timeout=BUSY_TIMEOUT_SECONDS)
    except sqlite3.Error as error:
        raise StoreError(f"{path} cannot be opened ({error})") from error
    try:

        def run(sql: str, parameters: tuple[object, ...]) -> Iterable[Sequence[Any]]:
            return connection.execute(sql, parameters)

        with connection:  # one read transaction: every statement sees the same data
            connection.execute("BEGIN")
            return status_with(run, day, settings_with(run), discarded=discarded)
    except sqlite3.Error as error:
        if is_busy(error):
            raise busy_error(path) from error
        raise StoreError(f"{path} could not be read ({error})") from error
    finally:
        connection.close()


@dataclass(frozen=True, slots=True)
class DataFile:
    """The data file before the store is open: enough for Today's first fill, no writes."""

    path: Path
