"""Reminders against the database: what is due on a day, and what was already sent, and how.

The due reminders come from :func:`rollerlog.domain.reminders.due_reminders` fed by the same
standing status `status` shows plus two small reads (the sessions that brought a roller to
its limit, the latest session). What was sent lives in its own table, ``sent_reminder``:
bookkeeping, never part of the interchange format, never counted as data by ``import``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import selectinload

from rollerlog.domain.entities import Session
from rollerlog.domain.reminders import REPLACE_STATES, Reminder, due_reminders
from rollerlog.store.convert import read_profile, read_settings, roller_from_row, session_from_row
from rollerlog.store.db import Database
from rollerlog.store.safety import status_in
from rollerlog.store.tables import RollerRow, SentReminderRow, SessionRow

NOTIFICATION = "notification"
"""Sent as a desktop notification by ``rollerlog remind``."""
PRINTED = "print"
"""Written to standard output by ``rollerlog remind --print``."""
IN_APP = "app"
"""Shown in the app's notice bar."""

REMIND_CHANNELS: frozenset[str] = frozenset({NOTIFICATION, PRINTED})
"""The channels of ``rollerlog remind``: a reminder sent on one is not sent on the other."""


def _latest_session(orm: OrmSession, end: datetime) -> Session | None:
    row = orm.scalar(
        select(SessionRow)
        .where(SessionRow.at < end)
        .options(selectinload(SessionRow.areas))
        .order_by(SessionRow.at.desc(), SessionRow.id.desc())
        .limit(1)
    )
    if row is None:
        return None
    name = orm.scalar(select(RollerRow.name).where(RollerRow.id == row.roller_id))
    assert name is not None
    return session_from_row(row, name)


def due_in(orm: OrmSession, day: date) -> list[Reminder]:
    """Every reminder due as of the end of ``day``, in due order, read through ``orm``."""
    settings = read_settings(orm)
    status = status_in(orm, day, settings)
    end = datetime.combine(day + timedelta(days=1), time())
    replacing = [r.name for r in status.rollers if r.state in REPLACE_STATES]
    rollers = {}
    session_days: dict[str, list[date]] = {}
    for row in orm.scalars(select(RollerRow).where(RollerRow.name.in_(replacing))):
        rollers[row.name] = roller_from_row(row)
        session_days[row.name] = [
            at.date()
            for at in orm.scalars(
                select(SessionRow.at)
                .where(SessionRow.roller_id == row.id, SessionRow.at < end)
                .order_by(SessionRow.at, SessionRow.id)
                .limit(settings.roller_max_uses)
            )
        ]
    return due_reminders(
        status,
        rollers,
        session_days,
        _latest_session(orm, end),
        read_profile(orm).conditions,
        settings,
    )


def due_on(database: Database, day: date) -> list[Reminder]:
    """Every reminder due as of the end of ``day``, in due order."""
    with database.reading() as orm:
        return due_in(orm, day)


def sent_keys(database: Database, keys: Iterable[str], channels: Iterable[str]) -> set[str]:
    """Which of ``keys`` were already sent on any of ``channels``."""
    wanted = list(dict.fromkeys(keys))
    if not wanted:
        return set()
    found: set[str] = set()
    with database.reading() as orm:
        for start in range(0, len(wanted), 500):  # SQLite limits the parameters of a query
            found.update(
                orm.scalars(
                    select(SentReminderRow.key).where(
                        SentReminderRow.key.in_(wanted[start : start + 500]),
                        SentReminderRow.channel.in_(list(channels)),
                    )
                )
            )
    return found


def unsent_on(database: Database, day: date, channels: Iterable[str]) -> list[Reminder]:
    """The reminders due as of ``day`` not yet sent on any of ``channels``, in due order."""
    channel_list = list(channels)
    due = due_on(database, day)
    sent = sent_keys(database, (r.key for r in due), channel_list)
    return [reminder for reminder in due if reminder.key not in sent]


def record_sent(
    database: Database, reminders: Iterable[Reminder], channel: str, at: datetime
) -> int:
    """Remember, in one transaction, that ``reminders`` reached the person on ``channel``.

    A reminder already remembered on that channel is left as it was. Returns how many rows
    were added.
    """
    rows = [
        {
            "key": reminder.key,
            "kind": reminder.kind,
            "channel": channel,
            "due": reminder.due,
            "sent_at": at,
        }
        for reminder in reminders
    ]
    if not rows:
        return 0
    with database.transaction() as orm:
        added = 0
        for row in rows:
            result = orm.execute(insert(SentReminderRow).values(**row).on_conflict_do_nothing())
            added += int(getattr(result, "rowcount", 0) or 0)
    return added


def count_sent(database: Database) -> int:
    """How many sent reminders are remembered (on every channel)."""
    with database.reading() as orm:
        return int(orm.scalar(select(func.count()).select_from(SentReminderRow)) or 0)
