"""Reads for the views, as plain values: rollers with their use counts, pages of the logs.

Logs are read a page at a time (newest first) with a separate count, so a view over
50,000 sessions never loads them all. A roller's uses are always derived: its
``prior_uses`` plus its logged sessions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, TypeVar

from sqlalchemy import Select, and_, exists, func, or_, select
from sqlalchemy.orm import aliased, selectinload

from rollerlog.domain.entities import Lesion, Procedure, Profile, Roller, Session, Sterilization
from rollerlog.domain.rules import roller_order
from rollerlog.domain.settings import Settings
from rollerlog.store import convert
from rollerlog.store.db import FOLD_FUNCTION, Database
from rollerlog.store.safety import roller_names_in
from rollerlog.store.tables import (
    LesionRow,
    ProcedureRow,
    RollerRow,
    SessionAreaRow,
    SessionRow,
    SterilizationRow,
)

_Query = TypeVar("_Query", bound=Select[*tuple[Any, ...]])


@dataclass(frozen=True, slots=True)
class RollerSummary:
    """A roller with what the Rollers view shows: uses so far, last session, last cleaning."""

    roller: Roller
    uses: int
    last_session_at: datetime | None
    last_sterilized_at: datetime | None


@dataclass(frozen=True, slots=True)
class SessionFilter:
    """Which sessions a log shows; None means any. Days are inclusive."""

    roller: str | None = None
    area: str | None = None
    from_day: date | None = None
    to_day: date | None = None
    text: str | None = None
    """Words to find in a session's notes or topical, ignoring case."""


@dataclass(frozen=True, slots=True)
class SessionEntry:
    """A logged session and which use of its roller it was (1 = first, after prior uses)."""

    session: Session
    use_number: int


def list_rollers(database: Database) -> list[RollerSummary]:
    """Every roller by name, case-insensitively, with its uses and latest dates."""
    sessions = (
        select(
            SessionRow.roller_id,
            func.count().label("count"),
            func.max(SessionRow.at).label("last"),
        )
        .group_by(SessionRow.roller_id)
        .subquery()
    )
    cleaned = (
        select(SterilizationRow.roller_id, func.max(SterilizationRow.at).label("last"))
        .group_by(SterilizationRow.roller_id)
        .subquery()
    )
    with database.reading() as orm:
        rows = orm.execute(
            select(RollerRow, sessions.c.count, sessions.c.last, cleaned.c.last)
            .outerjoin(sessions, sessions.c.roller_id == RollerRow.id)
            .outerjoin(cleaned, cleaned.c.roller_id == RollerRow.id)
        ).all()
        summaries = [
            RollerSummary(
                roller=convert.roller_from_row(row),
                uses=row.prior_uses + (count or 0),
                last_session_at=last_session,
                last_sterilized_at=last_cleaned,
            )
            for row, count, last_session, last_cleaned in rows
        ]
    return sorted(summaries, key=lambda s: roller_order(s.roller.name))


def roller_names(database: Database) -> list[str]:
    """Every roller's name, in the order of :func:`list_rollers` (cheap: names only)."""
    with database.reading() as orm:
        return roller_names_in(orm)


def roller_summary(database: Database, name: str) -> RollerSummary | None:
    """One roller's summary by name, or None."""
    return next((s for s in list_rollers(database) if s.roller.name == name), None)


def _filtered_sessions(query: _Query, where: SessionFilter) -> _Query:
    if where.roller is not None:
        query = query.where(
            SessionRow.roller_id
            == select(RollerRow.id).where(RollerRow.name == where.roller).scalar_subquery()
        )
    if where.area is not None:
        query = query.where(
            exists().where(
                and_(SessionAreaRow.session_id == SessionRow.id, SessionAreaRow.area == where.area)
            )
        )
    if where.from_day is not None:
        query = query.where(SessionRow.at >= datetime.combine(where.from_day, time()))
    if where.to_day is not None:
        query = query.where(
            SessionRow.at < datetime.combine(where.to_day + timedelta(days=1), time())
        )
    if where.text and where.text.strip():
        # LIKE with its wildcards escaped: what was typed is found as it is, ignoring case
        # in every script (both sides case-folded as Python does; SQLite folds ASCII only).
        typed = where.text.strip().casefold()
        escaped = typed.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{escaped}%"
        fold = getattr(func, FOLD_FUNCTION)
        query = query.where(
            or_(
                fold(SessionRow.notes).like(pattern, escape="\\"),
                fold(SessionRow.topical).like(pattern, escape="\\"),
            )
        )
    return query


def count_sessions(database: Database, where: SessionFilter = SessionFilter()) -> int:
    """How many sessions the filter matches."""
    query = _filtered_sessions(select(SessionRow.id), where)
    with database.reading() as orm:
        return int(orm.scalar(select(func.count()).select_from(query.subquery())) or 0)


def session_page(
    database: Database,
    where: SessionFilter = SessionFilter(),
    offset: int = 0,
    limit: int = 200,
    total: int | None = None,
) -> list[SessionEntry]:
    """A page of the matching sessions, newest first, each with its use number.

    Given ``total`` (the count of matching sessions), a page in the older half is read
    from the oldest end and turned around, so SQLite skips fewer rows to reach it.
    """
    earlier = aliased(SessionRow)
    use_number = (
        select(func.count())
        .where(
            earlier.roller_id == SessionRow.roller_id,
            or_(
                earlier.at < SessionRow.at,
                and_(earlier.at == SessionRow.at, earlier.id <= SessionRow.id),
            ),
        )
        .scalar_subquery()
    )
    from_oldest = total is not None and offset > total // 2
    if total is not None and from_oldest:
        limit = min(limit, total - offset)
        offset = total - offset - limit
        order = (SessionRow.at.asc(), SessionRow.id.asc())
    else:
        order = (SessionRow.at.desc(), SessionRow.id.desc())
    if limit <= 0:
        return []
    query = (
        select(SessionRow, RollerRow.name, RollerRow.prior_uses + use_number)
        .join(RollerRow, RollerRow.id == SessionRow.roller_id)
        .options(selectinload(SessionRow.areas), selectinload(SessionRow.acknowledgements))
        .order_by(*order)
        .offset(offset)
        .limit(limit)
    )
    query = _filtered_sessions(query, where)
    with database.reading() as orm:
        entries = [
            SessionEntry(convert.session_from_row(row, name), int(number))
            for row, name, number in orm.execute(query).all()
        ]
    if from_oldest:
        entries.reverse()
    return entries


def get_session(database: Database, session_id: int) -> Session | None:
    """One session by id, or None."""
    with database.reading() as orm:
        row = orm.get(SessionRow, session_id)
        if row is None:
            return None
        roller = orm.get(RollerRow, row.roller_id)
        assert roller is not None
        return convert.session_from_row(row, roller.name)


def count_sterilizations(database: Database, roller: str | None = None) -> int:
    """How many sterilizations are logged (of one roller, when named)."""
    query = select(func.count()).select_from(SterilizationRow)
    if roller is not None:
        query = query.join(RollerRow, RollerRow.id == SterilizationRow.roller_id).where(
            RollerRow.name == roller
        )
    with database.reading() as orm:
        return int(orm.scalar(query) or 0)


def sterilization_page(
    database: Database, roller: str | None = None, offset: int = 0, limit: int = 200
) -> list[Sterilization]:
    """A page of the sterilization log, newest first."""
    query = (
        select(SterilizationRow, RollerRow.name)
        .join(RollerRow, RollerRow.id == SterilizationRow.roller_id)
        .order_by(SterilizationRow.at.desc(), SterilizationRow.id.desc())
        .offset(offset)
        .limit(limit)
    )
    if roller is not None:
        query = query.where(RollerRow.name == roller)
    with database.reading() as orm:
        return [convert.sterilization_from_row(row, name) for row, name in orm.execute(query).all()]


def list_lesions(database: Database) -> list[Lesion]:
    """Every noted spot: unresolved first, then newest noted first."""
    with database.reading() as orm:
        rows = orm.scalars(
            select(LesionRow).order_by(
                LesionRow.resolved_on.is_not(None), LesionRow.noted_on.desc(), LesionRow.id.desc()
            )
        ).all()
        return [convert.lesion_from_row(row) for row in rows]


def list_procedures(database: Database) -> list[Procedure]:
    """Every cosmetic procedure, newest first."""
    with database.reading() as orm:
        rows = orm.scalars(
            select(ProcedureRow)
            .options(selectinload(ProcedureRow.areas))
            .order_by(ProcedureRow.at.desc(), ProcedureRow.id.desc())
        ).all()
        return [convert.procedure_from_row(row) for row in rows]


def read_profile(database: Database) -> Profile:
    """The person's health conditions."""
    with database.reading() as orm:
        return convert.profile_in(orm)


def read_settings(database: Database) -> Settings:
    """The rule settings (defaults for what was never changed)."""
    with database.reading() as orm:
        return convert.settings_in(orm)
