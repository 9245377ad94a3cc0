"""The quick check after Today: writes wait for it, and damage it finds takes the usual path.

The app fills Today from the file before SQLite's quick check has read it; these tests run
the real start-up (rollerlog.ui.app.Startup) on real files and check that a change made
meanwhile waits until the check has passed, and that a file the check finds damaged is set
aside, byte for byte, with the newest good backup offered and brought back.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from datetime import date, datetime
from functools import partial
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from rollerlog import paths
from rollerlog.domain.entities import Roller
from rollerlog.store import operations as ops
from rollerlog.store import startup as store_startup
from rollerlog.store.backup import backup_database, list_backups, timestamped_backup_path
from rollerlog.store.db import open_database
from rollerlog.store.startup import BackgroundCheck
from rollerlog.ui import recovery
from rollerlog.ui.app import Startup
from rollerlog.ui.main_window import MainWindow
from rollerlog.ui.single_instance import server_name
from tests.ui.conftest import Answers


def _database_with(path: Path, *names: str) -> None:
    database = open_database(path)
    try:
        for name in names:
            ops.add_roller(database, Roller(name, 0.5, date(2026, 1, 1)))
    finally:
        database.close()


@pytest.fixture
def start(qtbot, ui_state: QSettings, answers: Answers) -> Iterator[partial[Startup]]:  # type: ignore[no-untyped-def]
    started: list[Startup] = []

    def make() -> Startup:
        window = MainWindow(None, ui_state, confirm=answers)
        startup = Startup(window, server_name(paths.data_dir()), None)
        started.append(startup)
        window.show()
        startup.open()
        return startup

    yield partial(make)
    for startup in started:
        startup.close()
        startup.window.close()  # the window of the start; one set aside was deleted already


def _roller_names_on_today(window: MainWindow) -> list[str]:
    status = window.today.status
    return [roller.name for roller in status.rollers] if status is not None else []


def test_a_change_made_while_the_check_runs_waits_for_it(
    start: partial[Startup],
    qtbot,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    path = paths.database_path()
    _database_with(path, "Face 0.5")
    events: list[str] = []
    release = threading.Event()
    real_check = store_startup.check_and_back_up

    def slow_check(where: Path, now: datetime) -> BackgroundCheck:
        assert release.wait(30)
        result = real_check(where, now)
        events.append("check passed" if not result.problems else "check failed")
        return result

    monkeypatch.setattr(store_startup, "check_and_back_up", slow_check)
    startup = start()
    window = startup.window
    assert _roller_names_on_today(window) == ["Face 0.5"]  # Today first, before the check
    qtbot.waitUntil(lambda: window.database is not None, timeout=20000)
    assert window.write_gate is not None, "writes are held while the check runs"
    assert startup.check is not None
    assert not startup.check.done()

    def add() -> ops.Outcome[Roller]:
        events.append("write")
        return ops.add_roller(window.database, Roller("Body 1.0", 1.0, date(2026, 1, 2)))

    threading.Timer(0.3, release.set).start()
    outcome = window.perform(add)
    assert outcome is not None
    assert events == ["check passed", "write"]
    qtbot.waitUntil(lambda: window.write_gate is None, timeout=20000)
    assert sorted(_roller_names_on_today(window)) == ["Body 1.0", "Face 0.5"]
    # The check passed, so the start's backup was made (the data had no backup yet).
    assert len(list_backups(path.parent / "backups")) == 1


def _corrupt_a_table_today_never_reads(path: Path, table: str = "procedure_area") -> bytes:
    """Overwrite the root page of ``table`` with garbage; return the file's bytes."""
    connection = sqlite3.connect(path)
    try:
        connection.execute(
            "INSERT INTO procedure (id, kind, product, at) "
            "VALUES (1, 'filler', '', '2025-01-01 10:00:00.000000')"
        )
        connection.execute(
            "INSERT INTO procedure_area (procedure_id, area, position) VALUES (1, 'chin', 0)"
        )
        connection.commit()
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        root = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)
        ).fetchone()[0]
    finally:
        connection.close()
    with path.open("r+b") as stream:
        stream.seek((root - 1) * page_size)
        stream.write(b"\xa5" * page_size)
    return path.read_bytes()


def test_damage_found_after_today_is_set_aside_and_the_backup_offered(
    start: partial[Startup],
    qtbot,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    path = paths.database_path()
    _database_with(path, "Face 0.5")
    backup = backup_database(
        path, timestamped_backup_path(path.parent / "backups", datetime(2026, 1, 1, 12))
    )
    _database_with(path, "Neck 0.25")  # a later change, then the file is damaged
    damaged = _corrupt_a_table_today_never_reads(path)
    asked: list[str] = []
    monkeypatch.setattr(
        recovery,
        "recover",
        partial(
            recovery.recover,
            ask=lambda title, text: asked.append(text) or True,
            tell=lambda title, text: pytest.fail(f"unexpected message: {text}"),
        ),
    )
    startup = start()
    first = startup.window
    # Today was filled from the file: the damaged page is one Today never reads.
    assert sorted(_roller_names_on_today(first)) == ["Face 0.5", "Neck 0.25"]
    qtbot.waitUntil(lambda: startup.window is not first, timeout=20000)
    assert first.writes_may_start() is False, "the damaged file's window saves nothing"
    qtbot.waitUntil(lambda: startup.window.database is not None, timeout=20000)
    assert len(asked) == 1
    assert "Restore that backup now?" in asked[0]
    set_aside = sorted(path.parent.glob("rollerlog-damaged-*.sqlite3"))
    assert len(set_aside) == 1
    assert set_aside[0].read_bytes() == damaged, "the damaged file is kept as it was"
    assert _roller_names_on_today(startup.window) == ["Face 0.5"]  # the backup's data
    assert backup.exists()
    assert startup.window.writes_may_start()


def test_damage_today_would_read_takes_the_whole_check_before_today(
    start: partial[Startup],
    qtbot,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    path = paths.database_path()
    _database_with(path, "Face 0.5")
    damaged = _corrupt_a_table_today_never_reads(path, table="roller")
    told: list[str] = []
    monkeypatch.setattr(
        recovery,
        "recover",
        partial(
            recovery.recover,
            ask=lambda title, text: pytest.fail("no backup exists to offer"),
            tell=lambda title, text: told.append(text),
        ),
    )
    startup = start()
    # Today could not be read, so the start took the whole check at once, in one window.
    assert startup.check is None
    assert startup.window.database is not None
    assert len(told) == 1
    assert "No good backup was found" in told[0]
    set_aside = sorted(path.parent.glob("rollerlog-damaged-*.sqlite3"))
    assert [aside.read_bytes() for aside in set_aside] == [damaged]
    assert _roller_names_on_today(startup.window) == []  # a new, empty log
