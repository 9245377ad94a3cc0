"""A realistic year of use, generated through the operations (for screenshots and benchmarks)."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from rollerlog.domain.entities import Lesion, Procedure, Roller, Session, Sterilization
from rollerlog.store import operations as ops
from rollerlog.store.db import Database

FACE_AREAS = ("forehead", "left-cheek", "right-cheek", "chin", "jawline")


def generate_year(database: Database, today: date, seed: int = 7) -> int:
    """Fill an empty database with a year of sessions ending ``today``; return the session count.

    Two face rollers (the first dropped after nine months, the second near its limit), a body
    roller, monthly face sessions and six-weekly body sessions, each cleaned before and after,
    a mole to needle around, a past filler, and a 0.25 mm override in the settings.
    """
    rng = random.Random(seed)
    start = today - timedelta(days=365)
    ops.save_settings(database, {"interval_days_by_needle_mm": {"0.25": 7}})
    first = ops.add_roller(
        database, Roller("Face 0.5 (first)", 0.5, start, 192, "titanium", "dermatologist")
    ).value
    second_start = start + timedelta(days=270)
    ops.add_roller(
        database, Roller("Face 0.5", 0.5, second_start, 192, "titanium", "dermatologist")
    )
    ops.add_roller(database, Roller("Body 1.0", 1.0, start, 540, "stainless steel", "retailer", 2))
    ops.add_roller(
        database,
        Roller("Touch-up 0.25", 0.25, start + timedelta(days=200), 540, "titanium", "retailer"),
    )
    ops.add_lesion(database, Lesion("left-cheek", "mole", start, notes="small, flat"))
    ops.add_lesion(database, Lesion("chin", "active-breakout", today - timedelta(days=3)))
    ops.add_procedure(
        database,
        Procedure(
            "filler",
            datetime.combine(start + timedelta(days=120), datetime.min.time()).replace(hour=11),
            "Hyaluronic filler",
            ("upper-lip",),
        ),
    )

    count = 0

    def session(at: datetime, roller: str, areas: tuple[str, ...], last: bool = False) -> None:
        nonlocal count
        ops.log_sterilization(
            database, Sterilization(at - timedelta(minutes=20), roller, "isopropyl-70", 10)
        )
        ops.log_session(database, Session(at, roller, areas, topical="hyaluronic acid serum"))
        if not last:
            ops.log_sterilization(
                database, Sterilization(at + timedelta(minutes=30), roller, "isopropyl-70", 10)
            )
        count += 1

    day = start + timedelta(days=3)
    while day <= today - timedelta(days=9):
        roller = "Face 0.5 (first)" if day < second_start else "Face 0.5"
        at = datetime.combine(day, datetime.min.time()).replace(
            hour=21, minute=rng.choice((0, 15, 30))
        )
        session(at, roller, FACE_AREAS, last=day > today - timedelta(days=38))
        day += timedelta(days=28 + rng.randint(0, 3))
    day = start + timedelta(days=10)
    while day <= today - timedelta(days=20):
        at = datetime.combine(day, datetime.min.time()).replace(hour=20)
        session(
            at, "Body 1.0", ("left-thigh", "right-thigh") if rng.random() < 0.5 else ("abdomen",)
        )
        day += timedelta(days=42 + rng.randint(0, 7))
    assert first.id is not None
    ops.discard_roller(database, first.id, "dropped", second_start)
    ops.log_session(
        database,
        Session(
            datetime.combine(today - timedelta(days=4), datetime.min.time()).replace(hour=8),
            "Touch-up 0.25",
            ("neck",),
        ),
    )
    return count + 1
