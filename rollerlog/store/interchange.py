"""Import and export of the interchange format against the database, one transaction each."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, exists, select
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import selectinload

from rollerlog.domain.interchange import Document
from rollerlog.store.convert import (
    fill_lesion_row,
    fill_roller_row,
    fill_session_row,
    lesion_from_row,
    procedure_from_row,
    procedure_row,
    read_profile,
    read_settings,
    roller_from_row,
    session_from_row,
    sterilization_from_row,
    sterilization_row,
    write_profile,
    write_settings,
)
from rollerlog.store.db import Database, StoreError
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
    return read_settings(orm).is_default()


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
        roller_ids: dict[str, int] = {}
        for roller in document.rollers:
            row = fill_roller_row(RollerRow(), roller)
            orm.add(row)
            orm.flush()
            roller_ids[roller.name] = row.id
        for session in document.sessions:
            orm.add(fill_session_row(SessionRow(), roller_ids[session.roller], session))
        for sterilization in document.sterilizations:
            orm.add(sterilization_row(sterilization, roller_ids[sterilization.roller]))
        for lesion in document.lesions:
            orm.add(fill_lesion_row(LesionRow(), lesion))
        for procedure in document.procedures:
            orm.add(procedure_row(procedure))
    return ImportSummary(
        rollers=len(document.rollers),
        sessions=len(document.sessions),
        sterilizations=len(document.sterilizations),
        lesions=len(document.lesions),
        procedures=len(document.procedures),
        conditions=len(document.profile.conditions),
    )


def export_document(database: Database) -> Document:
    """Everything the database holds, in a stable order (by time, then by entry order)."""
    with database.reading() as orm:
        roller_rows = orm.scalars(
            select(RollerRow).order_by(RollerRow.acquired_on, RollerRow.id)
        ).all()
        names = {row.id: row.name for row in roller_rows}
        sessions = orm.scalars(
            select(SessionRow)
            .options(selectinload(SessionRow.areas), selectinload(SessionRow.acknowledgements))
            .order_by(SessionRow.at, SessionRow.id)
        ).all()
        sterilizations = orm.scalars(
            select(SterilizationRow).order_by(SterilizationRow.at, SterilizationRow.id)
        ).all()
        lesions = orm.scalars(select(LesionRow).order_by(LesionRow.noted_on, LesionRow.id)).all()
        procedures = orm.scalars(
            select(ProcedureRow)
            .options(selectinload(ProcedureRow.areas))
            .order_by(ProcedureRow.at, ProcedureRow.id)
        ).all()
        return Document(
            settings=read_settings(orm),
            profile=read_profile(orm),
            rollers=tuple(roller_from_row(row) for row in roller_rows),
            sessions=tuple(session_from_row(row, names[row.roller_id]) for row in sessions),
            sterilizations=tuple(
                sterilization_from_row(row, names[row.roller_id]) for row in sterilizations
            ),
            lesions=tuple(lesion_from_row(row) for row in lesions),
            procedures=tuple(procedure_from_row(row) for row in procedures),
        )
