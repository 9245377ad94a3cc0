"""Turning ORM rows into the domain's plain values (the only place that reads rows' fields)."""

from __future__ import annotations

import json
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session as OrmSession

from rollerlog.domain.entities import (
    Acknowledgement,
    Lesion,
    Procedure,
    Profile,
    Roller,
    Session,
    Sterilization,
)
from rollerlog.domain.settings import Settings, parse_settings
from rollerlog.store.tables import (
    AcknowledgementRow,
    ConditionRow,
    LesionRow,
    ProcedureAreaRow,
    ProcedureRow,
    RollerRow,
    SessionAreaRow,
    SessionRow,
    SettingRow,
    SterilizationRow,
)


def roller_from_row(row: RollerRow) -> Roller:
    """The plain value of a roller row."""
    return Roller(
        id=row.id,
        name=row.name,
        needle_mm=row.needle_mm,
        needle_count=row.needle_count,
        material=row.material,
        acquired_on=row.acquired_on,
        source=row.source,
        prior_uses=row.prior_uses,
        discarded_on=row.discarded_on,
        discard_reason=row.discard_reason,
        notes=row.notes,
    )


def session_from_row(row: SessionRow, roller_name: str) -> Session:
    """The plain value of a session row (its areas and acknowledgements loaded)."""
    return Session(
        id=row.id,
        at=row.at,
        roller=roller_name,
        areas=tuple(area.area for area in row.areas),
        test_patch=row.test_patch,
        topical=row.topical,
        notes=row.notes,
        acknowledged=tuple(Acknowledgement(a.code, a.reason) for a in row.acknowledgements),
    )


def sterilization_from_row(row: SterilizationRow, roller_name: str) -> Sterilization:
    """The plain value of a sterilization row."""
    return Sterilization(
        id=row.id, at=row.at, roller=roller_name, method=row.method, minutes=row.minutes
    )


def lesion_from_row(row: LesionRow) -> Lesion:
    """The plain value of a lesion row."""
    return Lesion(
        id=row.id,
        area=row.area,
        kind=row.kind,
        noted_on=row.noted_on,
        resolved_on=row.resolved_on,
        notes=row.notes,
    )


def procedure_from_row(row: ProcedureRow) -> Procedure:
    """The plain value of a procedure row (its areas loaded)."""
    return Procedure(
        id=row.id,
        kind=row.kind,
        product=row.product,
        at=row.at,
        areas=tuple(area.area for area in row.areas),
    )


def roller_values(roller: Roller) -> dict[str, object]:
    """A roller's column values (without its id), for a row or a multi-row insert."""
    return {
        "name": roller.name,
        "needle_mm": roller.needle_mm,
        "needle_count": roller.needle_count,
        "material": roller.material,
        "acquired_on": roller.acquired_on,
        "source": roller.source,
        "prior_uses": roller.prior_uses,
        "discarded_on": roller.discarded_on,
        "discard_reason": roller.discard_reason,
        "notes": roller.notes,
    }


def fill_roller_row(row: RollerRow, roller: Roller) -> RollerRow:
    """Copy a roller's values onto its row (a new or an existing one); return the row."""
    for column, value in roller_values(roller).items():
        setattr(row, column, value)
    return row


def session_values(session: Session, roller_id: int) -> dict[str, object]:
    """A session's own column values (without its id, areas and acknowledgements)."""
    return {
        "at": session.at,
        "roller_id": roller_id,
        "test_patch": session.test_patch,
        "topical": session.topical,
        "notes": session.notes,
    }


def session_area_values(session: Session) -> list[dict[str, object]]:
    """The column values of a session's area rows, in order (without the session id)."""
    return [{"area": area, "position": index} for index, area in enumerate(session.areas)]


def acknowledgement_values(session: Session) -> list[dict[str, object]]:
    """The column values of a session's acknowledgement rows (without the session id)."""
    return [
        {"code": ack.code, "reason": ack.reason, "position": index}
        for index, ack in enumerate(session.acknowledged)
    ]


def fill_session_row(row: SessionRow, roller_id: int, session: Session) -> SessionRow:
    """Copy a session's values, areas and acknowledgements onto its row; return the row."""
    for column, value in session_values(session, roller_id).items():
        setattr(row, column, value)
    row.areas = [SessionAreaRow(**values) for values in session_area_values(session)]
    row.acknowledgements = [
        AcknowledgementRow(**values) for values in acknowledgement_values(session)
    ]
    return row


def sterilization_values(sterilization: Sterilization, roller_id: int) -> dict[str, object]:
    """A sterilization's column values (without its id)."""
    return {
        "at": sterilization.at,
        "roller_id": roller_id,
        "method": sterilization.method,
        "minutes": sterilization.minutes,
    }


def sterilization_row(sterilization: Sterilization, roller_id: int) -> SterilizationRow:
    """A new row for a sterilization of the roller with ``roller_id``."""
    return SterilizationRow(**sterilization_values(sterilization, roller_id))


def fill_lesion_row(row: LesionRow, lesion: Lesion) -> LesionRow:
    """Copy a lesion's values onto its row; return the row."""
    row.area = lesion.area
    row.kind = lesion.kind
    row.noted_on = lesion.noted_on
    row.resolved_on = lesion.resolved_on
    row.notes = lesion.notes
    return row


def procedure_row(procedure: Procedure) -> ProcedureRow:
    """A new row for a procedure, with its areas."""
    return ProcedureRow(
        kind=procedure.kind,
        product=procedure.product,
        at=procedure.at,
        areas=[ProcedureAreaRow(area=a, position=i) for i, a in enumerate(procedure.areas)],
    )


def settings_in(orm: OrmSession) -> Settings:
    """The stored settings; keys never stored take the contract's defaults."""
    stored = {row.key: json.loads(row.value_json) for row in orm.scalars(select(SettingRow))}
    settings, problems = parse_settings(stored)
    if problems:
        from rollerlog.store.db import StoreError

        raise StoreError("the stored settings are damaged: " + "; ".join(problems))
    return settings


def write_settings(orm: OrmSession, settings: Settings) -> None:
    """Store the settings that differ from the defaults, forget the ones that do not."""
    defaults = Settings().to_dict()
    values = settings.to_dict()
    orm.query(SettingRow).delete()
    for key, value in values.items():
        if value != defaults[key]:
            orm.add(SettingRow(key=key, value_json=json.dumps(value, sort_keys=True)))


def profile_in(orm: OrmSession) -> Profile:
    """The person's stored conditions."""
    return Profile(frozenset(orm.scalars(select(ConditionRow.condition))))


def write_profile(orm: OrmSession, conditions: Iterable[str]) -> None:
    """Replace the stored conditions."""
    orm.query(ConditionRow).delete()
    for condition in sorted(set(conditions)):
        orm.add(ConditionRow(condition=condition))
