"""Crash safety: a writer killed with SIGKILL at random moments never damages or half-writes.

Every kill must leave a database that passes the full check and holds every write the
writer reported as committed, each whole (roller, session, both areas, acknowledgement).
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from rollerlog import paths
from rollerlog.store.integrity import check_database
from tests.helpers import REPO_ROOT

KILLS = 20


def _stored(path: Path) -> dict[str, tuple[int, int, int]]:
    """Each roller's name with its count of sessions, session areas and acknowledgements."""
    connection = sqlite3.connect(path)
    try:
        rows = connection.execute(
            "SELECT r.name, count(DISTINCT s.id), "
            "(SELECT count(*) FROM session_area a JOIN session t ON t.id = a.session_id "
            " WHERE t.roller_id = r.id), "
            "(SELECT count(*) FROM acknowledgement k JOIN session t ON t.id = k.session_id "
            " WHERE t.roller_id = r.id) "
            "FROM roller r LEFT JOIN session s ON s.roller_id = r.id GROUP BY r.id"
        ).fetchall()
    finally:
        connection.close()
    return {name: (sessions, areas, acks) for name, sessions, areas, acks in rows}


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL")
def test_sigkill_at_random_moments_loses_no_commit_and_leaves_no_half_write(
    data_dir: Path,
) -> None:
    path = paths.database_path()
    rng = random.Random(20260301)
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    zygote = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("crash_writer.py")), str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert zygote.stdin is not None
    assert zygote.stdout is not None
    reported: set[str] = set()
    try:
        for round_number in range(KILLS):
            zygote.stdin.write(f"{round_number}\n")
            zygote.stdin.flush()
            wanted = rng.choice([0, 1, 2, 5, 10, 20, 40])
            writer_pid = None
            committed = 0
            while writer_pid is None or committed < wanted:
                words = zygote.stdout.readline().split()
                assert words, "the writer stopped early"
                if words[0] == "pid":
                    writer_pid = int(words[2])
                else:
                    reported.add(f"r{words[0]}-{words[1]}")
                    committed += 1
            os.kill(writer_pid, signal.SIGKILL)
            for line in zygote.stdout:
                words = line.split()
                if words[0] == "done":
                    break
                reported.add(f"r{words[0]}-{words[1]}")

            assert check_database(path) == [], f"damaged after kill {round_number}"
            stored = _stored(path)
            missing = reported - stored.keys()
            assert not missing, f"reported commits lost after kill {round_number}: {missing}"
            half_written = {name: counts for name, counts in stored.items() if counts != (1, 2, 1)}
            assert not half_written, f"half-written after kill {round_number}: {half_written}"
    finally:
        zygote.stdin.close()
        zygote.wait(timeout=30)
        zygote.stdout.close()
    assert len(reported) >= 100
