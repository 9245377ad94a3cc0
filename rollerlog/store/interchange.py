"""Import and export of the interchange format against the database, one transaction each."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from sqlalchemy import Table, delete, exists, func, insert, select
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import selectinload

from rollerlog.domain.entities import Acknowledgement, Session, Sterilization
from rollerlog.domain.interchange import Document
from rollerlog.store.convert import (
    acknowledgement_values,
    fill_lesion_row,
    lesion_from_row,
    procedure_from_row,
    procedure_row,
    profile_in,
    roller_from_row,
    roller_values,
    session_area_values,
    session_values,
    settings_in,
    sterilization_values,
    write_profile,
    write_settings,
)
from rollerlog.store.db import Database, StoreError
from rollerlog.store.tables import (
    AcknowledgementRow,
    Base,
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


class NotEmptyError(StoreError):
    """Import into a database that already holds data, without ``replace``."""


@dataclass(frozen=True)
class ImportSummary:
    """What an import wrote."""

    rollers: int
    sessions: int
    sterilizations: int
    lesions: int
    procedures: int
    conditions: int


_RECORD_TABLES = (RollerRow, SessionRow, SterilizationRow, LesionRow, ProcedureRow, ConditionRow)


def database_is_empty(orm: OrmSession) -> bool:
    """True when the database holds no record, condition or non-default setting."""
    for table in _RECORD_TABLES:
        if orm.scalar(select(exists().select_from(table))):
            return False
    return settings_in(orm).is_default()


def _clear(orm: OrmSession) -> None:
    for table in (
        AcknowledgementRow,
        SessionAreaRow,
        SessionRow,
        SterilizationRow,
        ProcedureAreaRow,
        ProcedureRow,
        LesionRow,
        RollerRow,
        ConditionRow,
        SettingRow,
    ):
        orm.execute(delete(table))


def _table(row_class: type[Base]) -> Table:
    return cast(Table, row_class.__table__)


def _next_id(orm: OrmSession, table: type[RollerRow | SessionRow | ProcedureRow]) -> int:
    return int(orm.scalar(select(func.coalesce(func.max(table.id), 0))) or 0) + 1


def _insert_records(orm: OrmSession, document: Document) -> None:
    """Insert every record with a few multi-row statements (ids chosen here, not per row)."""
    first_roller = _next_id(orm, RollerRow)
    roller_ids = {roller.name: first_roller + i for i, roller in enumerate(document.rollers)}
    rollers = [
        {"id": roller_ids[roller.name], **roller_values(roller)} for roller in document.rollers
    ]
    first_session = _next_id(orm, SessionRow)
    sessions: list[dict[str, object]] = []
    areas: list[dict[str, object]] = []
    acknowledgements: list[dict[str, object]] = []
    for number, session in enumerate(document.sessions):
        session_id = first_session + number
        sessions.append({"id": session_id, **session_values(session, roller_ids[session.roller])})
        areas.extend({"session_id": session_id, **area} for area in session_area_values(session))
        acknowledgements.extend(
            {"session_id": session_id, **ack} for ack in acknowledgement_values(session)
        )
    sterilizations = [
        sterilization_values(sterilization, roller_ids[sterilization.roller])
        for sterilization in document.sterilizations
    ]
    for row_class, rows in (
        (RollerRow, rollers),
        (SessionRow, sessions),
        (SessionAreaRow, areas),
        (AcknowledgementRow, acknowledgements),
        (SterilizationRow, sterilizations),
    ):
        if rows:
            orm.execute(insert(_table(row_class)), rows)
    for lesion in document.lesions:
        orm.add(fill_lesion_row(LesionRow(), lesion))
    for procedure in document.procedures:
        orm.add(procedure_row(procedure))


def import_document(database: Database, document: Document, *, replace: bool) -> ImportSummary:
    """Write a validated document into the database in one transaction.

    Refuses a non-empty database unless ``replace``; then the old data is removed
    in the same transaction, so a failure leaves everything as it was.
    """
    with database.transaction() as orm:
        if not database_is_empty(orm):
            if not replace:
                raise NotEmptyError(
                    "the database already holds data; use --replace to replace it "
                    "(a backup is made first)"
                )
            _clear(orm)
            orm.flush()
        write_settings(orm, document.settings)
        write_profile(orm, document.profile.conditions)
        _insert_records(orm, document)
    return ImportSummary(
        rollers=len(document.rollers),
        sessions=len(document.sessions),
        sterilizations=len(document.sterilizations),
        lesions=len(document.lesions),
        procedures=len(document.procedures),
        conditions=len(document.profile.conditions),
    )


def _sessions(orm: OrmSession, names: dict[int, str]) -> tuple[Session, ...]:
    """Every session with its areas and acknowledgements, read as plain columns.

    Three ordered reads instead of an object per row: a log of 50,000 sessions exports in
    seconds.
    """
    connection = orm.connection()
    areas: dict[int, list[str]] = {}
    for session_id, area in connection.execute(
        select(SessionAreaRow.session_id, SessionAreaRow.area).order_by(
            SessionAreaRow.session_id, SessionAreaRow.position
        )
    ):
        areas.setdefault(session_id, []).append(area)
    acknowledged: dict[int, list[Acknowledgement]] = {}
    for session_id, code, reason in connection.execute(
        select(
            AcknowledgementRow.session_id, AcknowledgementRow.code, AcknowledgementRow.reason
        ).order_by(AcknowledgementRow.session_id, AcknowledgementRow.position)
    ):
        acknowledged.setdefault(session_id, []).append(Acknowledgement(code, reason))
    rows = connection.execute(
        select(
            SessionRow.id,
            SessionRow.at,
            SessionRow.roller_id,
            SessionRow.test_patch,
            SessionRow.topical,
            SessionRow.notes,
        ).order_by(SessionRow.at, SessionRow.id)
    )
    return tuple(
        Session(
            id=session_id,
            at=at,
            roller=names[roller_id],
            areas=tuple(areas.get(session_id, ())),
            test_patch=test_patch,
            topical=topical,
            notes=notes,
            acknowledged=tuple(acknowledged.get(session_id, ())),
        )
        for session_id, at, roller_id, test_patch, topical, notes in rows
    )


def export_document(database: Database) -> Document:
    """Everything the database holds, in a stable order (by time, then by entry order)."""
    with database.reading() as orm:
        roller_rows = orm.scalars(
            select(RollerRow).order_by(RollerRow.acquired_on, RollerRow.id)
        ).all()
        names = {row.id: row.name for row in roller_rows}
        sterilizations = orm.connection().execute(
            select(
                SterilizationRow.id,
                SterilizationRow.at,
                SterilizationRow.roller_id,
                SterilizationRow.method,
                SterilizationRow.minutes,
            ).order_by(SterilizationRow.at, SterilizationRow.id)
        )
        lesions = orm.scalars(select(LesionRow).order_by(LesionRow.noted_on, LesionRow.id)).all()
        procedures = orm.scalars(
            select(ProcedureRow)
            .options(selectinload(ProcedureRow.areas))
            .order_by(ProcedureRow.at, ProcedureRow.id)
        ).all()
        return Document(
            settings=settings_in(orm),
            profile=profile_in(orm),
            rollers=tuple(roller_from_row(row) for row in roller_rows),
            sessions=_sessions(orm, names),
            sterilizations=tuple(
                Sterilization(
                    id=sterilization_id,
                    at=at,
                    roller=names[roller_id],
                    method=method,
                    minutes=minutes,
                )
                for sterilization_id, at, roller_id, method, minutes in sterilizations
            ),
            lesions=tuple(lesion_from_row(row) for row in lesions),
            procedures=tuple(procedure_from_row(row) for row in procedures),
        )
