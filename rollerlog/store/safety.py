"""The safety rules against the database: a few indexed queries feed the pure rules.

:func:`rule_inputs` gathers exactly the bounded slice of history the rules need for one
planned session, so the answer stays fast however many sessions are logged;
:func:`status_on` gathers the standing status of a day. Both return plain values.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session as OrmSession

from rollerlog.domain.findings import Finding
from rollerlog.domain.rules import (
    FILLER_WAIT_DAYS,
    NEUROMODULATOR_WAIT,
    AreaLesion,
    AreaNeedling,
    PlannedSession,
    RuleInputs,
    Status,
    area_statuses,
    evaluate,
    floor_minute,
    roller_order,
    roller_status,
    standing_findings,
)
from rollerlog.domain.settings import Settings
from rollerlog.store.convert import read_profile, read_settings, roller_from_row
from rollerlog.store.db import Database, StoreError
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


def roller_names(orm: OrmSession) -> list[str]:
    """Every roller's name, in the order rollers are listed."""
    return sorted(orm.scalars(select(RollerRow.name)), key=roller_order)


def rule_inputs(orm: OrmSession, plan: PlannedSession, settings: Settings) -> RuleInputs:
    """The slice of history the rules need for ``plan``, in a handful of indexed queries.

    Raises UnknownRollerNameError when the plan names no stored roller.
    """
    roller_row = orm.scalar(select(RollerRow).where(RollerRow.name == plan.roller))
    if roller_row is None:
        raise UnknownRollerNameError(plan.roller, roller_names(orm))
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
            ProcedureRow.at > plan.at - NEUROMODULATOR_WAIT,
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
        conditions=read_profile(orm).conditions,
        first_test_patch_on=first_test_patch_at.date() if first_test_patch_at else None,
    )


def plan_findings(database: Database, plan: PlannedSession) -> list[Finding]:
    """The findings for a prospective session, stops first."""
    with database.reading() as orm:
        settings = read_settings(orm)
        return evaluate(plan, rule_inputs(orm, plan, settings), settings)


def status_in(orm: OrmSession, day: date, settings: Settings) -> Status:
    """The standing status as of the end of ``day``, read through ``orm``."""
    end = _start_of(day + timedelta(days=1))
    session_stats = {
        roller_id: (count, last)
        for roller_id, count, last in orm.execute(
            select(SessionRow.roller_id, func.count(), func.max(SessionRow.at))
            .where(SessionRow.at < end)
            .group_by(SessionRow.roller_id)
        )
    }
    last_cleaned: dict[int, datetime] = {
        roller_id: last
        for roller_id, last in orm.execute(
            select(SterilizationRow.roller_id, func.max(SterilizationRow.at))
            .where(SterilizationRow.at < end)
            .group_by(SterilizationRow.roller_id)
        )
    }
    rows = orm.scalars(select(RollerRow).where(RollerRow.acquired_on <= day)).all()
    statuses = []
    for row in sorted(rows, key=lambda r: roller_order(r.name)):
        count, last_session = session_stats.get(row.id, (0, None))
        statuses.append(
            roller_status(
                roller_from_row(row),
                day,
                uses=row.prior_uses + count,
                last_session_at=last_session,
                last_sterilized_at=last_cleaned.get(row.id),
                settings=settings,
            )
        )
    needling_rows = orm.execute(
        select(SessionAreaRow.area, RollerRow.needle_mm, func.max(SessionRow.at))
        .join(SessionRow, SessionRow.id == SessionAreaRow.session_id)
        .join(RollerRow, RollerRow.id == SessionRow.roller_id)
        .where(SessionRow.at < end)
        .group_by(SessionAreaRow.area, RollerRow.needle_mm)
    ).all()
    areas = area_statuses(
        (AreaNeedling(area, last.date(), needle_mm) for area, needle_mm, last in needling_rows),
        settings,
    )
    return Status(
        on=day,
        rollers=tuple(statuses),
        areas=areas,
        findings=tuple(standing_findings(statuses, read_profile(orm).conditions)),
    )


def status_on(database: Database, day: date) -> Status:
    """The standing status as of the end of ``day``: rollers, areas and standing findings."""
    with database.reading() as orm:
        return status_in(orm, day, read_settings(orm))
