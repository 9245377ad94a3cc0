"""The safety rules against the database: a few indexed queries feed the pure rules.

:func:`rule_inputs` gathers exactly the bounded slice of history the rules need for one
planned session, so the answer stays fast however many sessions are logged;
:func:`status_on` gathers the standing status of a day. Both return plain values.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session as OrmSession

from rollerlog.domain.findings import Finding
from rollerlog.domain.rules import (
    FILLER_WAIT_DAYS,
    AreaLesion,
    AreaNeedling,
    PlannedSession,
    RuleInputs,
    Status,
    evaluate,
    floor_minute,
    roller_order,
)
from rollerlog.domain.settings import Settings
from rollerlog.store.convert import profile_in, roller_from_row, settings_in
from rollerlog.store.db import Database, StoreError
from rollerlog.store.status_read import Run, status_with
from rollerlog.store.tables import (
    LesionRow,
    ProcedureRow,
    RollerRow,
    SessionAreaRow,
    SessionRow,
    SterilizationRow,
)


class UnknownRollerNameError(StoreError):
    """A command or dialog named a roller that does not exist."""

    def __init__(self, name: str, known: list[str]) -> None:
        choices = ", ".join(f'"{k}"' for k in known) if known else "none yet"
        super().__init__(f'unknown roller "{name}"; the rollers are: {choices}')
        self.name = name
        self.known = known


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time())


def roller_names_in(orm: OrmSession) -> list[str]:
    """Every roller's name, in the order rollers are listed."""
    return sorted(orm.scalars(select(RollerRow.name)), key=roller_order)


def rule_inputs(orm: OrmSession, plan: PlannedSession, settings: Settings) -> RuleInputs:
    """The slice of history the rules need for ``plan``, in a handful of indexed queries.

    Raises UnknownRollerNameError when the plan names no stored roller.
    """
    roller_row = orm.scalar(select(RollerRow).where(RollerRow.name == plan.roller))
    if roller_row is None:
        raise UnknownRollerNameError(plan.roller, roller_names_in(orm))
    roller = roller_from_row(roller_row)
    day = plan.day

    own_before = select(func.count(), func.max(SessionRow.at)).where(
        SessionRow.roller_id == roller_row.id, SessionRow.at < plan.at
    )
    count_before, previous_at = orm.execute(own_before).one()

    last_sterilized = orm.scalar(
        select(func.max(SterilizationRow.at)).where(
            SterilizationRow.roller_id == roller_row.id,
            SterilizationRow.at < floor_minute(plan.at) + timedelta(minutes=1),
        )
    )

    window_start = _start_of(day - timedelta(days=settings.max_interval_days() - 1))
    needling_rows = orm.execute(
        select(SessionAreaRow.area, SessionRow.at, RollerRow.needle_mm)
        .join(SessionRow, SessionRow.id == SessionAreaRow.session_id)
        .join(RollerRow, RollerRow.id == SessionRow.roller_id)
        .where(
            SessionAreaRow.area.in_(plan.areas),
            SessionRow.at >= window_start,
            SessionRow.at < plan.at,
        )
    ).all()

    lesion_rows = orm.execute(
        select(LesionRow.area, LesionRow.kind).where(
            LesionRow.area.in_(plan.areas),
            LesionRow.noted_on <= day,
            (LesionRow.resolved_on.is_(None)) | (LesionRow.resolved_on > day),
        )
    ).all()

    neuromodulator_at = orm.scalar(
        select(func.max(ProcedureRow.at)).where(
            ProcedureRow.kind == "neuromodulator",
            ProcedureRow.at <= plan.at,
        )
    )
    filler_at = orm.scalar(
        select(func.max(ProcedureRow.at)).where(
            ProcedureRow.kind == "filler",
            ProcedureRow.at >= _start_of(day - timedelta(days=FILLER_WAIT_DAYS - 1)),
            ProcedureRow.at <= plan.at,
        )
    )
    first_test_patch_at = orm.scalar(
        select(func.min(SessionRow.at)).where(
            SessionRow.test_patch.is_(True), SessionRow.at < plan.at
        )
    )

    return RuleInputs(
        roller=roller,
        uses_before=roller.prior_uses + int(count_before),
        previous_session_at=previous_at,
        last_sterilized_at=last_sterilized,
        earlier_needlings=tuple(
            AreaNeedling(area, at.date(), needle_mm) for area, at, needle_mm in needling_rows
        ),
        lesions=tuple(AreaLesion(area, kind) for area, kind in lesion_rows),
        neuromodulator_at=neuromodulator_at,
        filler_on=filler_at.date() if filler_at is not None else None,
        conditions=profile_in(orm).conditions,
        first_test_patch_on=first_test_patch_at.date() if first_test_patch_at else None,
    )


def plan_findings(database: Database, plan: PlannedSession) -> list[Finding]:
    """The findings for a prospective session, stops first."""
    with database.reading() as orm:
        settings = settings_in(orm)
        return evaluate(plan, rule_inputs(orm, plan, settings), settings)


def orm_runner(orm: OrmSession) -> Run:
    """Runs :mod:`rollerlog.store.status_read`'s statements on the ORM's connection, raw."""
    connection = orm.connection()

    def run(sql: str, parameters: tuple[object, ...]) -> Iterable[Sequence[Any]]:
        return connection.exec_driver_sql(sql, parameters)

    return run


def status_in(
    orm: OrmSession,
    day: date,
    settings: Settings,
    zone: tzinfo | None = None,
    *,
    discarded: bool = True,
) -> Status:
    """The standing status, map and verdict as of the end of ``day``, read through ``orm``.

    The statements and their conversion are :mod:`rollerlog.store.status_read`'s, the same
    the app's first fill of Today runs on plain sqlite3 (``discarded`` as there).
    """
    return status_with(orm_runner(orm), day, settings, zone, discarded=discarded)


def status_on(database: Database, day: date, *, discarded: bool = True) -> Status:
    """The standing status as of the end of ``day``: rollers, areas and standing findings.

    With ``discarded=False`` the discarded rollers are only counted, as Today reads it.
    """
    with database.reading() as orm:
        return status_in(orm, day, settings_in(orm), discarded=discarded)
