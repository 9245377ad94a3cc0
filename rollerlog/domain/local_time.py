"""Real hours on the local clock: naive local times read in a time zone (``zoneinfo``).

Times in rollerlog are naive local datetimes, as a person reads them off the wall clock.
Where a rule counts hours (48 hours after a neuromodulator) it counts real elapsed time,
so the wall clock's jumps at a daylight-saving change are taken into account: 48 hours
after 10:00 on the day before the clocks go forward end at 11:00 local time.

Every function takes the zone explicitly; :func:`local_zone` names the machine's own.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo
from functools import lru_cache


@lru_cache(maxsize=1)
def local_zone() -> tzinfo:
    """The machine's local time zone (``TZ`` when set, else the system's setting).

    Falls back to the current fixed UTC offset when no zone can be named, so a machine
    with no time zone configured still works (without daylight-saving changes).
    """
    try:
        import tzlocal

        # reload: tzlocal keeps its own cache, and ours (cleared) must read TZ afresh
        return tzlocal.reload_localzone()
    except Exception:  # any failure to name a zone falls back to the current offset
        zone = datetime.now().astimezone().tzinfo
        return zone if zone is not None else UTC


def _zone(zone: tzinfo | None) -> tzinfo:
    return local_zone() if zone is None else zone


def to_utc(moment: datetime, zone: tzinfo | None = None) -> datetime:
    """The real instant of a naive local time, in UTC.

    A time in the hour skipped when the clocks go forward is read with the offset before
    the change (so 02:30 on a spring-forward night in Berlin is 01:30 UTC, i.e. 03:30).
    """
    return moment.replace(tzinfo=_zone(zone)).astimezone(UTC)


def from_utc(instant: datetime, zone: tzinfo | None = None) -> datetime:
    """The naive local wall-clock time of an aware instant."""
    return instant.astimezone(_zone(zone)).replace(tzinfo=None)


def real_local(moment: datetime, zone: tzinfo | None = None) -> datetime:
    """The wall-clock time that really exists for ``moment``: itself, unless it was skipped.

    A skipped time (02:30 on a spring-forward night) becomes the time the clock showed at
    that instant (03:30), so no message ever names a time that did not exist.
    """
    return from_utc(to_utc(moment, zone), zone)


def exists_locally(moment: datetime, zone: tzinfo | None = None) -> bool:
    """False when ``moment`` lies in the hour the clocks skipped going forward."""
    return real_local(moment, zone) == moment.replace(fold=0)


def add_real_time(moment: datetime, span: timedelta, zone: tzinfo | None = None) -> datetime:
    """The naive local time ``span`` of real elapsed time after ``moment``."""
    return from_utc(to_utc(moment, zone) + span, zone)


def real_elapsed(start: datetime, end: datetime, zone: tzinfo | None = None) -> timedelta:
    """The real time elapsed from ``start`` to ``end`` (both naive local times)."""
    return to_utc(end, zone) - to_utc(start, zone)


def skipped_hour_message(text: str, moment: datetime, zone: tzinfo | None = None) -> str:
    """Why the skipped local time ``moment`` (typed as ``text``) is refused.

    Names only wall-clock times that exist: the last minute before the jump and the first
    one after it.
    """
    minute = timedelta(minutes=1)
    last_before = moment.replace(second=0, microsecond=0, fold=0)
    for _ in range(24 * 60):
        if exists_locally(last_before, zone):
            break
        last_before -= minute
    first_after = moment.replace(second=0, microsecond=0, fold=0)
    for _ in range(24 * 60):
        if exists_locally(first_after, zone):
            break
        first_after += minute
    return (
        f'"{text}" falls in the hour skipped when the clocks went forward (they jumped from '
        f"{last_before:%H:%M} to {first_after:%H:%M} that night); choose a time that exists"
    )
