"""Changes to the data: one small function per operation, one transaction each.

Every operation validates its input, writes in one transaction and returns an
:class:`Outcome`: the plain value that changed, the topics it touches (so a window
can refresh only what is affected), the action's name and its :class:`Change` inverse.
Applying the inverse returns an outcome whose own inverse makes the change again, so
undo and redo are the same step in turn. Errors a person can cause raise
:class:`OperationError` with a message in plain words; nothing is written then.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Generic, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session as OrmSession

from rollerlog.domain import constraints as c
from rollerlog.domain.areas import AREA_BY_SLUG, area_label, is_area
from rollerlog.domain.constraints import Rule, Violation
from rollerlog.domain.entities import (
    Lesion,
    Procedure,
    Profile,
    Roller,
    Session,
    Sterilization,
)
from rollerlog.domain.findings import ACKNOWLEDGEABLE_CODES
from rollerlog.domain.settings import Settings, parse_settings
from rollerlog.domain.vocabulary import (
    CONDITIONS,
    DISCARD_REASONS,
    LESION_KINDS,
    PROCEDURE_KINDS,
    ROLLER_SOURCES,
    STERILIZATION_METHODS,
)
from rollerlog.domain.wording import format_day, quoted
from rollerlog.store.convert import (
    fill_lesion_row,
    fill_roller_row,
    fill_session_row,
    lesion_from_row,
    procedure_from_row,
    procedure_row,
    profile_in,
    roller_from_row,
    session_from_row,
    settings_in,
    sterilization_from_row,
    sterilization_row,
    write_profile,
    write_settings,
)
from rollerlog.store.db import Database, StoreError
from rollerlog.store.tables import (
    LesionRow,
    ProcedureAreaRow,
    ProcedureRow,
    RollerRow,
    SessionRow,
    SterilizationRow,
)
from rollerlog.store.topics import Topic as Topic

T = TypeVar("T")


@dataclass(frozen=True)
class Change:
    """A change to make on a database: what it is called and the operation that makes it."""

    action: str
    apply: Callable[[Database], Outcome[Any]]

    def __call__(self, database: Database) -> Outcome[Any]:
        """Make the change; its outcome carries the change that takes it back."""
        return self.apply(database)


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What an operation changed: the value after it, the topics touched, how to undo it."""

    value: T
    topics: frozenset[Topic]
    action: str = ""
    inverse: Change | None = None


class OperationError(StoreError):
    """The change was refused; the message says why in plain words."""


def _outcome(
    value: T, topics: Iterable[Topic], action: str, inverse: Callable[[Database], Outcome[Any]]
) -> Outcome[T]:
    return Outcome(value, frozenset(topics), action, Change(action, inverse))


# --------------------------------------------------------------------------- helpers


def _roller_row(orm: OrmSession, roller_id: int) -> RollerRow:
    row = orm.get(RollerRow, roller_id)
    if row is None:
        raise OperationError("that roller no longer exists")
    return row


def _roller_row_by_name(orm: OrmSession, name: str) -> RollerRow:
    row = orm.scalar(select(RollerRow).where(RollerRow.name == name))
    if row is None:
        raise OperationError(f"there is no roller named {quoted(name)}")
    return row


def operation_message(what: str, violation: Violation) -> str:
    """A broken record rule as an operation refuses it: "the needle length must be ..."."""
    low, high = c.bounds_text(violation)
    day = format_day(violation.day) if violation.day is not None else ""
    messages = {
        Rule.NOT_TEXT: f"{what} must be text",
        Rule.EMPTY: f"{what} cannot be empty",
        Rule.TOO_LONG: f"{what} is too long (at most {high} characters)",
        Rule.CONTROL_CHARACTERS: f"{what} holds invisible control characters",
        Rule.UNENCODABLE: f"{what} holds characters that cannot be stored",
        Rule.NOT_NUMBER: f"{what} must be a number",
        Rule.NOT_WHOLE: f"{what} must be a whole number",
        Rule.OUT_OF_RANGE: f"{what} must be between {low} and {high}",
        Rule.NOT_DAY: f"{what} must be a day",
        Rule.NOT_MOMENT: f"{what} must be a local date and time",
        Rule.YEAR_OUT_OF_RANGE: f"{what} must lie in the years {low} to {high}",
        Rule.BEFORE_ACQUIRED: f"{what} is before the roller was acquired on {day}",
        Rule.AFTER_DISCARDED: (
            f"{what} is after the roller was discarded on {day}; "
            "a discarded roller can never be used again"
        ),
        Rule.DISCARD_HALF_SET: "a discarded roller needs both a day and a reason",
        Rule.DISCARDED_BEFORE_ACQUIRED: "a roller cannot be discarded before it was acquired",
        Rule.RESOLVED_BEFORE_NOTED: "a spot cannot heal before it was noted",
    }
    return messages[violation.rule]


def _refuse(what: str, violation: Violation | None) -> None:
    if violation is not None:
        raise OperationError(operation_message(what, violation))


def _check_text(value: object, what: str, *, limit: int = c.MAX_TEXT_LENGTH) -> None:
    _refuse(what, c.text_violation(value, limit=limit))


def _check_areas(areas: Iterable[str], *, required: bool) -> tuple[str, ...]:
    slugs = tuple(areas)
    if required and not slugs:
        raise OperationError("choose at least one area")
    seen: set[str] = set()
    for slug in slugs:
        if not is_area(slug):
            raise OperationError(f"unknown area {quoted(slug)}")
        if slug in seen:
            raise OperationError(f"{area_label(slug)} is listed twice")
        seen.add(slug)
    return slugs


def _names_taken(orm: OrmSession, name: str, except_id: int | None) -> bool:
    query = select(func.count()).select_from(RollerRow).where(RollerRow.name == name)
    if except_id is not None:
        query = query.where(RollerRow.id != except_id)
    return bool(orm.scalar(query))


def _validate_roller(roller: Roller) -> Roller:
    violation = c.name_violation(roller.name)
    if violation is not None and violation.rule is Rule.EMPTY:
        raise OperationError("give the roller a name")
    _refuse("the roller's name", violation)
    name = roller.name.strip()
    needle = c.needle_violation(roller.needle_mm)
    if needle is not None:
        raise OperationError(operation_message("the needle length", needle) + " mm")
    _refuse(
        "the needle count", c.whole_violation(roller.needle_count, c.NEEDLE_COUNT, optional=True)
    )
    _refuse("earlier uses", c.whole_violation(roller.prior_uses, c.PRIOR_USES))
    if roller.source is not None and roller.source not in ROLLER_SOURCES:
        raise OperationError(f"unknown source {quoted(roller.source)}")
    if roller.discard_reason is not None and roller.discard_reason not in DISCARD_REASONS:
        raise OperationError(f"unknown discard reason {quoted(roller.discard_reason)}")
    _refuse("the acquisition day", c.day_violation(roller.acquired_on))
    if roller.discarded_on is not None:
        _refuse("the discard day", c.day_violation(roller.discarded_on))
    _refuse(
        "the discard",
        c.discard_violation(roller.acquired_on, roller.discarded_on, roller.discard_reason),
    )
    _check_text(roller.notes, "the notes")
    _check_text(roller.material, "the material", limit=c.MAX_NAME_LENGTH)
    return replace(roller, name=name, needle_mm=c.round_needle_mm(roller.needle_mm))


# --------------------------------------------------------------------------- rollers


def _keep_id(orm: OrmSession, row: Any, wanted: int | None) -> None:
    """Give a new row the id of the record it brings back, when that id is free."""
    if wanted is not None and orm.get(type(row), wanted) is None:
        row.id = wanted


def add_roller(database: Database, roller: Roller) -> Outcome[Roller]:
    """Add a roller; its name must be new. Undone by :func:`remove_roller`."""
    roller = _validate_roller(roller)
    with database.transaction() as orm:
        if _names_taken(orm, roller.name, None):
            raise OperationError(f"there is already a roller named {quoted(roller.name)}")
        row = RollerRow()
        _keep_id(orm, row, roller.id)
        fill_roller_row(row, roller)
        orm.add(row)
        orm.flush()
        roller_id = row.id
        return _outcome(
            roller_from_row(row),
            (Topic.ROLLERS,),
            "Add roller",
            lambda db: remove_roller(db, roller_id),
        )


def remove_roller(database: Database, roller_id: int) -> Outcome[Roller]:
    """Remove a roller added by mistake; refused once a session or sterilization names it."""
    with database.transaction() as orm:
        row = _roller_row(orm, roller_id)
        for table in (SessionRow, SterilizationRow):
            used = orm.scalar(
                select(func.count()).select_from(table).where(table.roller_id == roller_id)
            )
            if used:
                raise OperationError(
                    f"{row.name} is in the log, so it cannot be removed: discard or retire it"
                )
        removed = roller_from_row(row)
        orm.delete(row)
        return _outcome(
            removed, (Topic.ROLLERS,), "Remove roller", lambda db: add_roller(db, removed)
        )


def edit_roller(database: Database, roller_id: int, roller: Roller) -> Outcome[Roller]:
    """Change a roller's details (its sessions follow a rename)."""
    roller = _validate_roller(roller)
    with database.transaction() as orm:
        row = _roller_row(orm, roller_id)
        if _names_taken(orm, roller.name, roller_id):
            raise OperationError(f"there is already a roller named {quoted(roller.name)}")
        first_use = orm.scalar(
            select(func.min(SessionRow.at)).where(SessionRow.roller_id == row.id)
        )
        if first_use is not None and first_use.date() < roller.acquired_on:
            raise OperationError(
                f"{quoted(roller.name)} was used on {format_day(first_use.date())}, "
                "so it cannot have been acquired later"
            )
        before = roller_from_row(row)
        fill_roller_row(row, roller)
        orm.flush()
        return _outcome(
            roller_from_row(row),
            (Topic.ROLLERS, Topic.SESSIONS, Topic.STERILIZATIONS),
            "Edit roller",
            lambda db: edit_roller(db, roller_id, before),
        )


def _set_discard(
    orm: OrmSession, row: RollerRow, on: date | None, reason: str | None, action: str
) -> Outcome[Roller]:
    before_on, before_reason = row.discarded_on, row.discard_reason
    row.discarded_on = on
    row.discard_reason = reason
    orm.flush()
    roller_id = row.id

    def inverse(database: Database) -> Outcome[Roller]:
        with database.transaction() as again:
            return _set_discard(
                again, _roller_row(again, roller_id), before_on, before_reason, action
            )

    return _outcome(roller_from_row(row), (Topic.ROLLERS,), action, inverse)


def discard_roller(
    database: Database, roller_id: int, reason: str, on: date, action: str = "Discard roller"
) -> Outcome[Roller]:
    """Flag a roller as dropped, damaged or otherwise discarded from ``on``; never usable again."""
    if reason not in DISCARD_REASONS:
        raise OperationError(f"unknown discard reason {quoted(reason)}")
    _refuse("the discard day", c.day_violation(on))
    with database.transaction() as orm:
        row = _roller_row(orm, roller_id)
        if row.discarded_on is not None:
            raise OperationError(f"{quoted(row.name)} is already discarded")
        last_use = orm.scalar(select(func.max(SessionRow.at)).where(SessionRow.roller_id == row.id))
        discarded_on = max(on, row.acquired_on)
        if last_use is not None and c.session_day_violation(
            replace(roller_from_row(row), discarded_on=discarded_on), last_use.date()
        ):
            raise OperationError(
                f"{quoted(row.name)} was used on {format_day(last_use.date())}, "
                "so it cannot have been discarded earlier"
            )
        return _set_discard(orm, row, discarded_on, reason, action)


def retire_roller(database: Database, roller_id: int, on: date) -> Outcome[Roller]:
    """Retire a roller: discard it with the reason "other"."""
    return discard_roller(database, roller_id, "other", on, action="Retire roller")


def restore_roller(database: Database, roller_id: int) -> Outcome[Roller]:
    """Undo a discard flag set by mistake: the roller can be used again."""
    with database.transaction() as orm:
        return _set_discard(orm, _roller_row(orm, roller_id), None, None, "Use roller again")


# --------------------------------------------------------------------------- sessions


def _validate_session(orm: OrmSession, session: Session) -> tuple[RollerRow, Session]:
    roller = _roller_row_by_name(orm, session.roller)
    areas = _check_areas(session.areas, required=True)
    _refuse("the session's time", c.moment_violation(session.at))
    _refuse("the session's day", c.session_day_violation(roller, session.at.date()))
    codes: set[str] = set()
    for ack in session.acknowledged:
        if ack.code not in ACKNOWLEDGEABLE_CODES:
            raise OperationError(f"{quoted(ack.code)} cannot be acknowledged")
        if not ack.reason.strip():
            raise OperationError("give a reason for going ahead despite the stop")
        if ack.code in codes:
            raise OperationError(f"{quoted(ack.code)} is acknowledged twice")
        codes.add(ack.code)
        _check_text(ack.reason, "the reason")
    _check_text(session.topical, "the topical", limit=c.MAX_SHORT_TEXT_LENGTH)
    _check_text(session.notes, "the notes")
    acknowledged = tuple(replace(ack, reason=ack.reason.strip()) for ack in session.acknowledged)
    return roller, replace(
        session, areas=areas, at=session.at.replace(microsecond=0), acknowledged=acknowledged
    )


_SESSION_TOPICS = (Topic.SESSIONS, Topic.ROLLERS)


def _insert_session(
    database: Database, session: Session, action: str, *, validate: bool
) -> Outcome[Session]:
    with database.transaction() as orm:
        if validate:
            roller, session = _validate_session(orm, session)
        else:
            roller = _roller_row_by_name(orm, session.roller)
        row = SessionRow()
        _keep_id(orm, row, session.id)
        fill_session_row(row, roller.id, session)
        orm.add(row)
        orm.flush()
        session_id = row.id
        return _outcome(
            session_from_row(row, roller.name),
            _SESSION_TOPICS,
            action,
            lambda db: delete_session(db, session_id),
        )


def log_session(database: Database, session: Session) -> Outcome[Session]:
    """Log a session; stops (``roller-discarded`` among them) are the caller's to check.

    The record rule is the one import and ``check`` apply: a day after the roller's
    discard day is refused, the discard day itself is kept (the session came first).
    """
    return _insert_session(database, session, "Log session", validate=True)


def _session_row(orm: OrmSession, session_id: int) -> tuple[SessionRow, Session]:
    row = orm.get(SessionRow, session_id)
    if row is None:
        raise OperationError("that session no longer exists")
    roller = orm.get(RollerRow, row.roller_id)
    assert roller is not None
    return row, session_from_row(row, roller.name)


def _replace_session(
    database: Database, session_id: int, session: Session, *, validate: bool
) -> Outcome[Session]:
    with database.transaction() as orm:
        row, before = _session_row(orm, session_id)
        if validate:
            roller, session = _validate_session(orm, session)
        else:
            roller = _roller_row_by_name(orm, session.roller)
        row.areas.clear()
        row.acknowledgements.clear()
        orm.flush()
        fill_session_row(row, roller.id, session)
        orm.flush()
        return _outcome(
            session_from_row(row, roller.name),
            _SESSION_TOPICS,
            "Edit session",
            # Putting back what was there is no new entry: it was checked when it was made.
            lambda db: _replace_session(db, session_id, before, validate=False),
        )


def edit_session(database: Database, session_id: int, session: Session) -> Outcome[Session]:
    """Replace a logged session's details."""
    return _replace_session(database, session_id, session, validate=True)


def delete_session(database: Database, session_id: int) -> Outcome[Session]:
    """Delete a session; the returned value restores it with :func:`restore_session`."""
    with database.transaction() as orm:
        row, deleted = _session_row(orm, session_id)
        orm.delete(row)
        return _outcome(
            deleted, _SESSION_TOPICS, "Delete session", lambda db: restore_session(db, deleted)
        )


def restore_session(database: Database, session: Session) -> Outcome[Session]:
    """Bring back a deleted session as it was (its roller must still exist).

    A roller discarded since is not checked again: the session happened before.
    """
    return _insert_session(database, session, "Restore session", validate=False)


# --------------------------------------------------------------------------- sterilizations


def log_sterilization(database: Database, sterilization: Sterilization) -> Outcome[Sterilization]:
    """Log that a roller was sterilized."""
    sterilization = _validate_sterilization(sterilization)
    with database.transaction() as orm:
        logged = _insert_sterilization(orm, sterilization)
        assert logged.id is not None
        sterilization_id = logged.id
        return _outcome(
            logged,
            (Topic.STERILIZATIONS, Topic.ROLLERS),
            "Log sterilization",
            lambda db: delete_sterilization(db, sterilization_id),
        )


def delete_sterilization(database: Database, sterilization_id: int) -> Outcome[Sterilization]:
    """Delete a sterilization logged by mistake; the value can be logged again to undo."""
    with database.transaction() as orm:
        row = orm.get(SterilizationRow, sterilization_id)
        if row is None:
            raise OperationError("that sterilization no longer exists")
        roller = orm.get(RollerRow, row.roller_id)
        assert roller is not None
        deleted = sterilization_from_row(row, roller.name)
        orm.delete(row)
        return _outcome(
            deleted,
            (Topic.STERILIZATIONS, Topic.ROLLERS),
            "Delete sterilization",
            lambda db: log_sterilization(db, deleted),
        )


def _validate_sterilization(sterilization: Sterilization) -> Sterilization:
    if sterilization.method is not None and sterilization.method not in STERILIZATION_METHODS:
        raise OperationError(f"unknown method {quoted(sterilization.method)}")
    _refuse("the time", c.moment_violation(sterilization.at))
    _refuse(
        "minutes", c.whole_violation(sterilization.minutes, c.STERILIZATION_MINUTES, optional=True)
    )
    return replace(sterilization, at=sterilization.at.replace(microsecond=0))


def _insert_sterilization(orm: OrmSession, sterilization: Sterilization) -> Sterilization:
    roller = _roller_row_by_name(orm, sterilization.roller)
    row = sterilization_row(sterilization, roller.id)
    _keep_id(orm, row, sterilization.id)
    orm.add(row)
    orm.flush()
    return sterilization_from_row(row, roller.name)


def _insert_session_in(orm: OrmSession, session: Session, *, validate: bool) -> Session:
    if validate:
        roller, session = _validate_session(orm, session)
    else:
        roller = _roller_row_by_name(orm, session.roller)
    row = SessionRow()
    _keep_id(orm, row, session.id)
    fill_session_row(row, roller.id, session)
    orm.add(row)
    orm.flush()
    return session_from_row(row, roller.name)


_SESSION_AND_CLEANING_TOPICS = (Topic.SESSIONS, Topic.ROLLERS, Topic.STERILIZATIONS)


def _insert_cleaned_session(
    database: Database,
    session: Session,
    sterilization: Sterilization,
    action: str,
    *,
    validate: bool,
) -> Outcome[tuple[Session, Sterilization]]:
    if sterilization.roller != session.roller:
        raise OperationError(
            f"the sterilization is of {quoted(sterilization.roller)}, "
            f"the session is with {quoted(session.roller)}"
        )
    sterilization = _validate_sterilization(sterilization)
    with database.transaction() as orm:
        cleaned = _insert_sterilization(orm, sterilization)
        logged = _insert_session_in(orm, session, validate=validate)
        assert logged.id is not None
        assert cleaned.id is not None
        session_id, sterilization_id = logged.id, cleaned.id
        return _outcome(
            (logged, cleaned),
            _SESSION_AND_CLEANING_TOPICS,
            action,
            lambda db: _delete_cleaned_session(db, session_id, sterilization_id),
        )


def _delete_cleaned_session(
    database: Database, session_id: int, sterilization_id: int
) -> Outcome[tuple[Session, Sterilization]]:
    with database.transaction() as orm:
        row, session = _session_row(orm, session_id)
        cleaning = orm.get(SterilizationRow, sterilization_id)
        if cleaning is None:
            raise OperationError("that sterilization no longer exists")
        sterilization = sterilization_from_row(cleaning, session.roller)
        orm.delete(row)
        orm.delete(cleaning)
        return _outcome(
            (session, sterilization),
            _SESSION_AND_CLEANING_TOPICS,
            "Delete session and sterilization",
            # Putting back what was there is no new entry: it was checked when it was made.
            lambda db: _insert_cleaned_session(
                db, session, sterilization, "Log session with sterilization", validate=False
            ),
        )


def log_sterilized_session(
    database: Database, session: Session, sterilization: Sterilization
) -> Outcome[tuple[Session, Sterilization]]:
    """Log a session and the sterilization of its roller just before it, in one transaction.

    Both are checked as :func:`log_session` and :func:`log_sterilization` check them, and
    the sterilization must be of the session's roller; either both are written or neither.
    Undone (both records at once) by deleting the two, redone by putting them back.
    """
    return _insert_cleaned_session(
        database, session, sterilization, "Log session with sterilization", validate=True
    )


# --------------------------------------------------------------------------- lesions


def _validate_lesion(lesion: Lesion) -> None:
    if lesion.area not in AREA_BY_SLUG:
        raise OperationError(f"unknown area {quoted(lesion.area)}")
    if lesion.kind not in LESION_KINDS:
        raise OperationError(f"unknown kind {quoted(lesion.kind)}")
    _refuse("the day it was noted", c.day_violation(lesion.noted_on))
    if lesion.resolved_on is not None:
        _refuse("the day it healed", c.day_violation(lesion.resolved_on))
    _refuse("the spot", c.resolution_violation(lesion.noted_on, lesion.resolved_on))
    _check_text(lesion.notes, "the notes")


def add_lesion(database: Database, lesion: Lesion) -> Outcome[Lesion]:
    """Note a spot to avoid."""
    _validate_lesion(lesion)
    with database.transaction() as orm:
        row = fill_lesion_row(LesionRow(), lesion)
        _keep_id(orm, row, lesion.id)
        orm.add(row)
        orm.flush()
        lesion_id = row.id
        return _outcome(
            lesion_from_row(row),
            (Topic.LESIONS,),
            "Add spot",
            lambda db: delete_lesion(db, lesion_id),
        )


def _lesion_row(orm: OrmSession, lesion_id: int) -> LesionRow:
    row = orm.get(LesionRow, lesion_id)
    if row is None:
        raise OperationError("that spot no longer exists")
    return row


def edit_lesion(database: Database, lesion_id: int, lesion: Lesion) -> Outcome[Lesion]:
    """Change a noted spot (its area, kind, day, notes)."""
    _validate_lesion(lesion)
    with database.transaction() as orm:
        row = _lesion_row(orm, lesion_id)
        before = lesion_from_row(row)
        fill_lesion_row(row, lesion)
        orm.flush()
        return _outcome(
            lesion_from_row(row),
            (Topic.LESIONS,),
            "Edit spot",
            lambda db: edit_lesion(db, lesion_id, before),
        )


def _set_resolved(database: Database, lesion_id: int, on: date | None) -> Outcome[Lesion]:
    with database.transaction() as orm:
        row = _lesion_row(orm, lesion_id)
        if on is not None:
            _refuse("the day it healed", c.day_violation(on))
            _refuse("the spot", c.resolution_violation(row.noted_on, on))
        before = row.resolved_on
        row.resolved_on = on
        orm.flush()
        return _outcome(
            lesion_from_row(row),
            (Topic.LESIONS,),
            "Mark spot healed",
            lambda db: _set_resolved(db, lesion_id, before),
        )


def resolve_lesion(database: Database, lesion_id: int, on: date) -> Outcome[Lesion]:
    """Mark a spot as healed from ``on``."""
    return _set_resolved(database, lesion_id, on)


def delete_lesion(database: Database, lesion_id: int) -> Outcome[Lesion]:
    """Delete a spot noted by mistake."""
    with database.transaction() as orm:
        row = _lesion_row(orm, lesion_id)
        deleted = lesion_from_row(row)
        orm.delete(row)
        return _outcome(
            deleted, (Topic.LESIONS,), "Delete spot", lambda db: add_lesion(db, deleted)
        )


# --------------------------------------------------------------------------- profile, procedures


def set_conditions(database: Database, conditions: Iterable[str]) -> Outcome[Profile]:
    """Replace the profile's health conditions."""
    chosen = frozenset(conditions)
    unknown = sorted(chosen - set(CONDITIONS))
    if unknown:
        raise OperationError(f"unknown condition {quoted(unknown[0])}")
    with database.transaction() as orm:
        before = profile_in(orm).conditions
        write_profile(orm, chosen)
        orm.flush()
        return _outcome(
            profile_in(orm),
            (Topic.PROFILE,),
            "Change conditions",
            lambda db: set_conditions(db, before),
        )


def add_procedure(database: Database, procedure: Procedure) -> Outcome[Procedure]:
    """Log a cosmetic procedure (neuromodulator, filler, other)."""
    if procedure.kind not in PROCEDURE_KINDS:
        raise OperationError(f"unknown procedure {quoted(procedure.kind)}")
    _refuse("the time", c.moment_violation(procedure.at))
    areas = _check_areas(procedure.areas, required=False)
    _check_text(procedure.product, "the product", limit=c.MAX_SHORT_TEXT_LENGTH)
    with database.transaction() as orm:
        row = procedure_row(replace(procedure, areas=areas, at=procedure.at.replace(microsecond=0)))
        _keep_id(orm, row, procedure.id)
        orm.add(row)
        orm.flush()
        procedure_id = row.id
        return _outcome(
            procedure_from_row(row),
            (Topic.PROCEDURES,),
            "Add procedure",
            lambda db: delete_procedure(db, procedure_id),
        )


def edit_procedure(
    database: Database, procedure_id: int, procedure: Procedure
) -> Outcome[Procedure]:
    """Change a logged procedure (kind, product, time, areas)."""
    if procedure.kind not in PROCEDURE_KINDS:
        raise OperationError(f'unknown procedure "{procedure.kind}"')
    areas = _check_areas(procedure.areas, required=False)
    _check_text(procedure.product, "the product")
    with database.transaction() as orm:
        row = orm.get(ProcedureRow, procedure_id)
        if row is None:
            raise OperationError("that procedure no longer exists")
        before = procedure_from_row(row)
        row.kind, row.product = procedure.kind, procedure.product
        row.at = procedure.at.replace(microsecond=0)
        row.areas.clear()
        orm.flush()
        row.areas = [ProcedureAreaRow(area=area, position=i) for i, area in enumerate(areas)]
        orm.flush()
        return _outcome(
            procedure_from_row(row),
            (Topic.PROCEDURES,),
            "Edit procedure",
            lambda db: edit_procedure(db, procedure_id, before),
        )


def delete_procedure(database: Database, procedure_id: int) -> Outcome[Procedure]:
    """Delete a procedure logged by mistake."""
    with database.transaction() as orm:
        row = orm.get(ProcedureRow, procedure_id)
        if row is None:
            raise OperationError("that procedure no longer exists")
        deleted = procedure_from_row(row)
        orm.delete(row)
        return _outcome(
            deleted,
            (Topic.PROCEDURES,),
            "Delete procedure",
            lambda db: add_procedure(db, deleted),
        )


# --------------------------------------------------------------------------- settings


_SETTING_LABELS = {
    "interval_days_by_needle_mm": "days between sessions for needle length",
    "interval_days": "days between sessions",
    "roller_warn_uses": "warn from use number",
    "roller_max_uses": "replace a roller after (uses)",
    "test_patch_wait_days": "days to watch a test patch",
    "long_needle_mm": "long needle from (mm)",
}


def _plain_setting_problem(problem: str) -> str:
    text = problem.removeprefix("settings.")
    for key, label in _SETTING_LABELS.items():
        if text.startswith(key):
            return label + text[len(key) :].replace(".", " ", 1)
    return text


def save_settings(database: Database, values: Settings | Mapping[str, Any]) -> Outcome[Settings]:
    """Validate and store the rule settings; refuses values outside the contract's bounds."""
    raw = values.to_dict() if isinstance(values, Settings) else dict(values)
    settings, problems = parse_settings(raw, where="settings")
    if problems:
        raise OperationError("; ".join(_plain_setting_problem(p) for p in problems))
    with database.transaction() as orm:
        before = settings_in(orm)
        write_settings(orm, settings)
        orm.flush()
        return _outcome(
            settings_in(orm),
            (Topic.SETTINGS,),
            "Save settings",
            lambda db: save_settings(db, before),
        )
