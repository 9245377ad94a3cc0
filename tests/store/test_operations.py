"""The operations: each change is one transaction that validates first and says what changed."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from rollerlog.domain.entities import (
    Acknowledgement,
    Lesion,
    Procedure,
    Roller,
    Session,
    Sterilization,
)
from rollerlog.domain.settings import Settings
from rollerlog.store import operations as ops
from rollerlog.store import queries
from rollerlog.store.db import Database, open_database
from rollerlog.store.operations import OperationError, Topic


@pytest.fixture
def database(data_dir: Path) -> Database:
    db = open_database(data_dir / "rollerlog.sqlite3")
    yield db
    db.close()


def face(**changes: object) -> Roller:
    values: dict[str, object] = {
        "name": "Face 0.5",
        "needle_mm": 0.5,
        "acquired_on": date(2026, 1, 2),
    }
    values.update(changes)
    return Roller(**values)  # type: ignore[arg-type]


def session(at: str = "2026-01-05T20:00", roller: str = "Face 0.5", **changes: object) -> Session:
    values: dict[str, object] = {
        "at": datetime.fromisoformat(at),
        "roller": roller,
        "areas": ("left-cheek",),
    }
    values.update(changes)
    return Session(**values)  # type: ignore[arg-type]


def test_adding_a_roller_returns_it_with_an_id_and_refuses_a_duplicate_name(
    database: Database,
) -> None:
    outcome = ops.add_roller(database, face(name="  Face 0.5 "))
    assert outcome.value.id is not None
    assert outcome.value.name == "Face 0.5"
    assert outcome.topics == {Topic.ROLLERS}
    with pytest.raises(OperationError, match="already a roller named"):
        ops.add_roller(database, face())
    with pytest.raises(OperationError, match=r"between 0\.1 and 3\.0"):
        ops.add_roller(database, face(name="Other", needle_mm=5.0))
    assert [s.roller.name for s in queries.list_rollers(database)] == ["Face 0.5"]


def test_uses_are_prior_uses_plus_sessions_and_follow_deletes(database: Database) -> None:
    roller = ops.add_roller(database, face(prior_uses=3)).value
    first = ops.log_session(database, session()).value
    ops.log_session(database, session("2026-02-05T20:00"))
    assert queries.list_rollers(database)[0].uses == 5
    deleted = ops.delete_session(database, first.id or 0)
    assert queries.list_rollers(database)[0].uses == 4
    restored = ops.restore_session(database, deleted.value).value
    assert restored == first
    summary = queries.list_rollers(database)[0]
    assert summary.uses == 5
    assert summary.roller.id == roller.id


def test_a_discarded_roller_cannot_be_used_until_the_flag_is_undone(database: Database) -> None:
    roller = ops.add_roller(database, face()).value
    assert roller.id is not None
    flagged = ops.discard_roller(database, roller.id, "dropped", date(2026, 1, 4)).value
    assert (flagged.discarded_on, flagged.discard_reason) == (date(2026, 1, 4), "dropped")
    with pytest.raises(OperationError, match="can never be used"):
        ops.log_session(database, session())
    with pytest.raises(OperationError, match="already discarded"):
        ops.retire_roller(database, roller.id, date(2026, 1, 4))
    ops.restore_roller(database, roller.id)
    assert ops.log_session(database, session()).value.id is not None
    retired = ops.retire_roller(database, roller.id, date(2026, 2, 1)).value
    assert retired.discard_reason == "other"


def test_a_session_needs_areas_and_reasons_for_its_acknowledgements(database: Database) -> None:
    ops.add_roller(database, face())
    with pytest.raises(OperationError, match="at least one area"):
        ops.log_session(database, session(areas=()))
    with pytest.raises(OperationError, match="reason"):
        ops.log_session(database, session(acknowledged=(Acknowledgement("too-soon", "  "),)))
    with pytest.raises(OperationError, match="cannot be acknowledged"):
        ops.log_session(database, session(acknowledged=(Acknowledgement("roller-discarded", "x"),)))
    with pytest.raises(OperationError, match="acquired on"):
        ops.log_session(database, session("2026-01-01T10:00"))
    assert queries.count_sessions(database) == 0
    saved = ops.log_session(
        database, session(acknowledged=(Acknowledgement("too-soon", "doctor said so"),))
    ).value
    assert saved.acknowledged == (Acknowledgement("too-soon", "doctor said so"),)


def test_editing_a_session_replaces_its_areas(database: Database) -> None:
    ops.add_roller(database, face())
    saved = ops.log_session(database, session()).value
    assert saved.id is not None
    edited = ops.edit_session(
        database, saved.id, session(areas=("chin", "nose"), notes="fine")
    ).value
    assert edited.areas == ("chin", "nose")
    assert queries.get_session(database, saved.id) == edited


def test_sterilizations_lesions_procedures_profile_and_settings(database: Database) -> None:
    ops.add_roller(database, face())
    cleaned = ops.log_sterilization(
        database, Sterilization(datetime(2026, 1, 5, 19, 40), "Face 0.5", "isopropyl-70", 10)
    ).value
    assert queries.sterilization_page(database) == [cleaned]
    assert queries.list_rollers(database)[0].last_sterilized_at == datetime(2026, 1, 5, 19, 40)
    ops.delete_sterilization(database, cleaned.id or 0)
    assert queries.count_sterilizations(database) == 0

    lesion = ops.add_lesion(database, Lesion("chin", "mole", date(2026, 1, 1))).value
    with pytest.raises(OperationError, match="before it was noted"):
        ops.resolve_lesion(database, lesion.id or 0, date(2025, 12, 1))
    healed = ops.resolve_lesion(database, lesion.id or 0, date(2026, 2, 1)).value
    assert queries.list_lesions(database) == [healed]
    ops.delete_lesion(database, lesion.id or 0)
    assert queries.list_lesions(database) == []

    procedure = ops.add_procedure(
        database, Procedure("filler", datetime(2026, 1, 3, 9, 0), "Juvederm", ("chin",))
    ).value
    assert queries.list_procedures(database) == [procedure]
    ops.delete_procedure(database, procedure.id or 0)
    assert queries.list_procedures(database) == []

    assert ops.set_conditions(database, ["lupus", "diabetes"]).value.conditions == {
        "lupus",
        "diabetes",
    }
    with pytest.raises(OperationError, match="unknown condition"):
        ops.set_conditions(database, ["sunburn"])
    assert queries.read_profile(database).conditions == {"lupus", "diabetes"}

    ops.save_settings(database, Settings(interval_days=35))
    with pytest.raises(
        OperationError, match=r"replace a roller after \(uses\): must be between 20"
    ):
        ops.save_settings(database, {"roller_warn_uses": 20, "roller_max_uses": 15})
    assert queries.read_settings(database).interval_days == 35
