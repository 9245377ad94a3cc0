"""The view queries: pages of the log, newest first, filtered, with use numbers."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from rollerlog.domain.entities import Roller, Session
from rollerlog.store import operations as ops
from rollerlog.store import queries
from rollerlog.store.db import Database, open_database
from rollerlog.store.queries import SessionFilter


@pytest.fixture
def database(data_dir: Path) -> Database:
    db = open_database(data_dir / "rollerlog.sqlite3")
    ops.add_roller(db, Roller("Face", 0.5, date(2026, 1, 1), prior_uses=2))
    ops.add_roller(db, Roller("Body", 1.0, date(2026, 1, 1)))
    start = datetime(2026, 1, 1, 20, 0)
    for day in range(30):
        roller = "Face" if day % 2 == 0 else "Body"
        area = ("chin",) if day % 3 == 0 else ("back", "abdomen")
        ops.log_session(db, Session(start + timedelta(days=day), roller, area))
    yield db
    db.close()


def test_pages_are_newest_first_and_cover_every_session_once(database: Database) -> None:
    first = queries.session_page(database, offset=0, limit=7)
    rest = queries.session_page(database, offset=7, limit=100)
    everything = [entry.session.at for entry in first + rest]
    assert len(everything) == queries.count_sessions(database) == 30
    assert everything == sorted(everything, reverse=True)


def test_use_numbers_count_prior_uses_and_earlier_sessions(database: Database) -> None:
    face = queries.session_page(database, SessionFilter(roller="Face"), limit=100)
    assert [entry.use_number for entry in face] == list(range(17, 2, -1))
    assert queries.list_rollers(database)[1].uses == 17


def test_filters_by_roller_area_and_inclusive_days(database: Database) -> None:
    chin = SessionFilter(area="chin")
    assert queries.count_sessions(database, chin) == 10
    assert all("chin" in e.session.areas for e in queries.session_page(database, chin))
    window = SessionFilter(roller="Body", from_day=date(2026, 1, 2), to_day=date(2026, 1, 6))
    days = [e.session.at.day for e in queries.session_page(database, window)]
    assert days == [6, 4, 2]
    assert queries.count_sessions(database, window) == 3
    assert queries.count_sessions(database, SessionFilter(roller="Nobody")) == 0
