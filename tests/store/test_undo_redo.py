"""Every operation's inverse: undoing gives back the database as it was, redoing as it became."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from rollerlog.domain.entities import (
    Acknowledgement,
    Lesion,
    Procedure,
    Roller,
    Session,
    Sterilization,
)
from rollerlog.store import operations as ops
from rollerlog.store import queries
from rollerlog.store.db import Database, open_database
from rollerlog.store.operations import OperationError, Outcome

Contents = dict[str, list[tuple[Any, ...]]]


@pytest.fixture
def database(data_dir: Path) -> Iterator[Database]:
    db = open_database(data_dir / "rollerlog.sqlite3")
    yield db
    db.close()


def contents(database: Database) -> Contents:
    """Every row of every table of the file, read through a connection of its own."""
    connection = sqlite3.connect(f"file:{database.path}?mode=ro", uri=True)
    try:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            table: sorted(connection.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)
            for table in tables
        }
    finally:
        connection.close()


def seed(database: Database) -> dict[str, int]:
    """A small history: two rollers, sessions, a sterilization, a spot, a procedure, settings."""
    face = ops.add_roller(database, Roller("Face 0.5", 0.5, date(2026, 1, 2))).value
    body = ops.add_roller(database, Roller("Body 1.0", 1.0, date(2026, 1, 2))).value
    ops.log_sterilization(database, Sterilization(datetime(2026, 1, 3, 19, 0), "Face 0.5"))
    session = ops.log_session(
        database,
        Session(
            datetime(2026, 1, 3, 20, 0),
            "Face 0.5",
            ("forehead", "chin"),
            topical="serum",
            acknowledged=(Acknowledgement("not-sterilized", "boiled it"),),
        ),
    ).value
    sterilization = ops.log_sterilization(
        database, Sterilization(datetime(2026, 1, 3, 21, 0), "Face 0.5", "isopropyl-70", 10)
    ).value
    lesion = ops.add_lesion(database, Lesion("left-cheek", "mole", date(2026, 1, 3))).value
    procedure = ops.add_procedure(
        database, Procedure("filler", datetime(2026, 1, 4, 10, 0), "brand", ("chin",))
    ).value
    ops.set_conditions(database, ["pregnant"])
    ops.save_settings(database, {"interval_days": 21})
    ids = {
        "face": face.id,
        "body": body.id,
        "session": session.id,
        "sterilization": sterilization.id,
        "lesion": lesion.id,
        "procedure": procedure.id,
    }
    assert all(isinstance(value, int) for value in ids.values())
    return ids  # type: ignore[return-value]


Operation = Callable[[Database, dict[str, int]], Outcome[Any]]

OPERATIONS: dict[str, Operation] = {
    "add roller": lambda db, _: ops.add_roller(db, Roller("Spare 0.25", 0.25, date(2026, 1, 5))),
    "remove roller": lambda db, ids: ops.remove_roller(db, ids["body"]),
    "edit roller": lambda db, ids: ops.edit_roller(
        db, ids["face"], Roller("Face renamed", 0.75, date(2026, 1, 1), notes="new")
    ),
    "discard roller": lambda db, ids: ops.discard_roller(
        db, ids["face"], "dropped", date(2026, 1, 10)
    ),
    "retire roller": lambda db, ids: ops.retire_roller(db, ids["body"], date(2026, 1, 10)),
    "log session": lambda db, _: ops.log_session(
        db, Session(datetime(2026, 2, 1, 20, 0), "Body 1.0", ("neck",), notes="night")
    ),
    "log sterilized session": lambda db, _: ops.log_sterilized_session(
        db,
        Session(datetime(2026, 2, 1, 20, 0), "Face 0.5", ("chin",), topical="serum"),
        Sterilization(datetime(2026, 2, 1, 20, 0), "Face 0.5", "isopropyl-other", 12),
    ),
    "edit session": lambda db, ids: ops.edit_session(
        db,
        ids["session"],
        Session(datetime(2026, 1, 3, 20, 30), "Body 1.0", ("neck", "upper-lip"), test_patch=True),
    ),
    "delete session": lambda db, ids: ops.delete_session(db, ids["session"]),
    "log sterilization": lambda db, _: ops.log_sterilization(
        db, Sterilization(datetime(2026, 1, 6, 19, 0), "Body 1.0", "isopropyl-70", 5)
    ),
    "delete sterilization": lambda db, ids: ops.delete_sterilization(db, ids["sterilization"]),
    "add spot": lambda db, _: ops.add_lesion(
        db, Lesion("chin", "active-breakout", date(2026, 1, 7))
    ),
    "edit spot": lambda db, ids: ops.edit_lesion(
        db, ids["lesion"], Lesion("nose", "keloid", date(2026, 1, 2), notes="older than thought")
    ),
    "resolve spot": lambda db, ids: ops.resolve_lesion(db, ids["lesion"], date(2026, 1, 20)),
    "delete spot": lambda db, ids: ops.delete_lesion(db, ids["lesion"]),
    "set conditions": lambda db, _: ops.set_conditions(db, ["keloid-prone", "anticoagulants"]),
    "add procedure": lambda db, _: ops.add_procedure(
        db, Procedure("neuromodulator", datetime(2026, 1, 8, 9, 0), "", ("forehead",))
    ),
    "edit procedure": lambda db, ids: ops.edit_procedure(
        db, ids["procedure"], Procedure("other", datetime(2026, 1, 4, 11, 0), "peel", ("nose",))
    ),
    "delete procedure": lambda db, ids: ops.delete_procedure(db, ids["procedure"]),
    "save settings": lambda db, _: ops.save_settings(
        db, {"interval_days": 35, "interval_days_by_needle_mm": {"0.25": 5}}
    ),
}


def test_every_public_operation_is_covered() -> None:
    """A new operation without an undo test fails here."""
    public = {
        name
        for name, value in vars(ops).items()
        if callable(value)
        and not name.startswith("_")
        and getattr(value, "__module__", "") == ops.__name__
        and name[0].islower()
        and "Outcome" in str(getattr(value, "__annotations__", {}).get("return", ""))
    }
    covered = {name.replace(" ", "_") for name in OPERATIONS}
    renamed = {
        "add_spot": "add_lesion",
        "edit_spot": "edit_lesion",
        "resolve_spot": "resolve_lesion",
    }
    covered = {renamed.get(name, name) for name in covered} | {"delete_lesion"}
    # restore_roller and restore_session are the inverses of retire/discard and delete.
    assert public - covered == {"restore_roller", "restore_session"}


@pytest.mark.parametrize("name", list(OPERATIONS))
def test_undo_and_redo_give_back_the_database_as_it_was(database: Database, name: str) -> None:
    ids = seed(database)
    before = contents(database)
    outcome = OPERATIONS[name](database, ids)
    after = contents(database)
    assert after != before, "the operation changed nothing, so its undo proves nothing"
    assert outcome.action
    undo = outcome.inverse
    assert undo is not None
    for _round in range(2):  # undo, redo, undo, redo: each step stays exact
        undone = undo(database)
        assert contents(database) == before
        redo = undone.inverse
        assert redo is not None
        redone = redo(database)
        assert contents(database) == after
        assert redone.inverse is not None
        undo = redone.inverse


def test_restoring_a_roller_is_undone_too(database: Database) -> None:
    ids = seed(database)
    ops.discard_roller(database, ids["face"], "damaged", date(2026, 1, 9))
    before = contents(database)
    restored = ops.restore_roller(database, ids["face"])
    assert contents(database) != before
    assert restored.inverse is not None
    restored.inverse(database)
    assert contents(database) == before
    roller = next(s.roller for s in queries.list_rollers(database) if s.roller.id == ids["face"])
    assert (roller.discarded_on, roller.discard_reason) == (date(2026, 1, 9), "damaged")


def test_a_roller_in_the_log_cannot_be_removed(database: Database) -> None:
    ids = seed(database)
    before = contents(database)
    with pytest.raises(OperationError, match="discard or retire"):
        ops.remove_roller(database, ids["face"])
    assert contents(database) == before


def test_a_sterilized_session_is_one_transaction_and_refused_whole(database: Database) -> None:
    """The session and its roller's sterilization commit together, or neither is written."""
    from sqlalchemy import event

    ids = seed(database)
    commits: list[object] = []

    def count(connection: object) -> None:
        commits.append(connection)

    event.listen(database.engine, "commit", count)
    try:
        outcome = ops.log_sterilized_session(
            database,
            Session(datetime(2026, 2, 1, 20, 0), "Face 0.5", ("chin",)),
            Sterilization(datetime(2026, 2, 1, 19, 55), "Face 0.5", "isopropyl-70", 10),
        )
        assert len(commits) == 1
        assert outcome.inverse is not None
        outcome.inverse(database)
        assert len(commits) == 2  # the undo takes both back in one transaction too
    finally:
        event.remove(database.engine, "commit", count)
    before = contents(database)
    with pytest.raises(OperationError, match="choose at least one area"):
        ops.log_sterilized_session(
            database,
            Session(datetime(2026, 2, 1, 20, 0), "Face 0.5", ()),
            Sterilization(datetime(2026, 2, 1, 19, 55), "Face 0.5"),
        )
    with pytest.raises(OperationError, match="the session is with"):
        ops.log_sterilized_session(
            database,
            Session(datetime(2026, 2, 1, 20, 0), "Face 0.5", ("chin",)),
            Sterilization(datetime(2026, 2, 1, 19, 55), "Body 1.0"),
        )
    assert contents(database) == before
    assert ids["face"]
