"""A first start killed at any moment, two first starts at once, busy files and hot journals.

The attacks: a first command SIGKILLed while it made the schema left 3 or 8 tables and
every later command failing; two first starts raced the same way; a database another
program held locked was set aside as "damaged"; a rollback journal left by a killed
writer was treated as damage and the file moved aside without it.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest

from rollerlog import paths
from rollerlog.store.backup import set_aside
from rollerlog.store.db import DatabaseBusyError, open_database
from rollerlog.store.integrity import check_database
from rollerlog.store.schema import SCHEMA_REVISION, stored_revision
from rollerlog.store.startup import StartupOutcome, open_for_app
from tests.store.attack_helpers import folder_state, run_rollerlog, subprocess_env

NOW = datetime(2026, 3, 1, 12, 0)
KILLS = 15

FIRST_START = """
import sys, time
from pathlib import Path
from rollerlog.store.db import open_database
print("ready", flush=True)
go = Path(sys.argv[2])
while not go.exists():
    time.sleep(0.001)
open_database(Path(sys.argv[1])).close()
print("done", flush=True)
"""

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


def _start(path: Path, go: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", FIRST_START, str(path), str(go)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=subprocess_env(),
    )


def _assert_none_or_whole(path: Path) -> None:
    if path.exists():
        assert stored_revision(path) == SCHEMA_REVISION
        assert check_database(path) == []


def test_a_first_start_killed_at_random_moments_leaves_no_database_or_a_whole_one(
    tmp_path: Path,
) -> None:
    rng = random.Random(20261201)
    go = tmp_path / "go"
    go.touch()
    timing = _start(tmp_path / "timing" / "rollerlog.sqlite3", go)
    assert timing.stdout is not None
    timing.stdout.readline()
    began = time.monotonic()
    timing.communicate(timeout=120)
    duration = time.monotonic() - began  # how long making a database takes here
    outcomes = {"none": 0, "whole": 0}
    for round_number in range(KILLS):
        path = tmp_path / f"round-{round_number}" / "rollerlog.sqlite3"
        child = _start(path, go)
        assert child.stdout is not None
        child.stdout.readline()  # imported; from here on it makes the database
        time.sleep(rng.uniform(0, duration * 1.1))
        child.send_signal(signal.SIGKILL)
        child.communicate(timeout=60)
        _assert_none_or_whole(path)
        outcomes["whole" if path.exists() else "none"] += 1
        # Whatever the kill left, the next start works and the folder ends whole.
        open_database(path).close()
        assert check_database(path) == []
        leftovers = [p.name for p in path.parent.iterdir() if p.name.startswith(".rollerlog-new")]
        assert leftovers == []
    assert outcomes["none"] > 0, "no kill landed while the database was being made"


def test_three_first_starts_at_once_all_open_the_same_whole_database(tmp_path: Path) -> None:
    path = tmp_path / "data" / "rollerlog.sqlite3"
    go = tmp_path / "go"
    children = [_start(path, go) for _ in range(3)]
    for child in children:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
    go.touch()
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
        assert "done" in out
    _assert_none_or_whole(path)
    assert path.exists()


HOLD_LOCKED = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("PRAGMA locking_mode = EXCLUSIVE")
connection.execute("BEGIN EXCLUSIVE")
connection.execute("DELETE FROM setting WHERE key = 'none'")
print("ready", flush=True)
sys.stdin.read()
"""


def test_a_database_another_program_holds_locked_is_busy_not_damaged(data_dir: Path) -> None:
    path = paths.database_path()
    open_database(path).close()
    before = folder_state(data_dir)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCKED, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "ready"
        report = open_for_app(path, NOW)
        assert report.outcome is StartupOutcome.BUSY
        assert "in use by another program" in report.message
        with pytest.raises(DatabaseBusyError):
            check_database(path)
        result = run_rollerlog(data_dir, "check")
        assert result.returncode == 1
        assert "in use by another program" in result.stderr
    finally:
        holder.communicate("", timeout=30)
    after = folder_state(data_dir)
    assert {k: v for k, v in after.items() if not k.endswith(("-wal", "-shm"))} == {
        k: v for k, v in before.items() if not k.endswith(("-wal", "-shm"))
    }, "nothing was set aside, backed up or changed"


KILLED_WRITER = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("PRAGMA journal_mode = DELETE")
connection.execute("PRAGMA cache_size = 2")
connection.execute("BEGIN")
connection.execute("UPDATE roller SET notes = ?", ("half-written " * 300,))
print("ready", flush=True)
sys.stdin.read()
"""


def _leave_hot_journal(path: Path) -> None:
    """A database in rollback-journal mode whose writer was killed mid-change."""
    open_database(path).close()
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("PRAGMA journal_mode = DELETE")
        connection.executemany(
            "INSERT INTO roller (name, needle_mm, material, acquired_on, prior_uses, notes) "
            "VALUES (?, 0.5, 'titanium', '2026-01-01', 0, '')",
            [(f"roller {n}",) for n in range(400)],
        )
    connection.close()
    writer = subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout is not None
    assert writer.stdout.readline().strip() == "ready"
    os.kill(writer.pid, signal.SIGKILL)
    writer.communicate(timeout=30)
    journal = path.with_name(path.name + "-journal")
    assert journal.exists(), "the attack needs a hot journal"
    assert journal.stat().st_size > 0


def test_a_hot_journal_left_by_a_killed_writer_is_rolled_back_not_set_aside(
    data_dir: Path,
) -> None:
    path = paths.database_path()
    _leave_hot_journal(path)

    report = open_for_app(path, NOW)
    assert report.outcome is StartupOutcome.OPENED, report.message
    assert report.database is not None
    report.database.close()
    assert not list(data_dir.glob("rollerlog-damaged-*"))
    connection = sqlite3.connect(path)
    try:
        notes = {row[0] for row in connection.execute("SELECT notes FROM roller")}
    finally:
        connection.close()
    assert notes == {""}, "the half-written change was rolled back"
    assert check_database(path) == []


def test_what_is_set_aside_takes_its_wal_shm_and_journal_along(data_dir: Path) -> None:
    path = paths.database_path()
    paths.ensure_private_dir(data_dir)
    contents = {"": b"main", "-wal": b"wal", "-shm": b"shm", "-journal": b"journal"}
    for suffix, data in contents.items():
        path.with_name(path.name + suffix).write_bytes(data)
    aside = set_aside(path, NOW)
    for suffix, data in contents.items():
        assert not path.with_name(path.name + suffix).exists()
        assert aside.with_name(aside.name + suffix).read_bytes() == data


def test_read_only_commands_also_roll_a_hot_journal_back(data_dir: Path) -> None:
    path = paths.database_path()
    _leave_hot_journal(path)
    result = run_rollerlog(data_dir, "status", "--json")
    assert result.returncode == 0, result.stderr
    result = run_rollerlog(data_dir, "check")
    assert result.returncode == 0, result.stderr
    assert not path.with_name(path.name + "-journal").exists()
