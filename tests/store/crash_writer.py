"""A writer for the crash test: imports once, then forks one child writer per round.

Reads ``ROUND`` lines on stdin. For each it forks a child that opens the database and
writes one roller with a session per transaction, printing ``ROUND INDEX`` after each
commit, until killed; the parent prints ``pid ROUND PID`` and, once the child is gone,
``done ROUND``. Importing before forking keeps each round fast.
"""

from __future__ import annotations

import os
import sys
from datetime import datetime, timedelta
from pathlib import Path

from rollerlog.store.db import open_database
from rollerlog.store.tables import AcknowledgementRow, RollerRow, SessionAreaRow, SessionRow


def write_until_killed(path: Path, round_number: int) -> None:
    """Commit one roller and its session per transaction, reporting each commit."""
    database = open_database(path)
    start = datetime(2026, 1, 1, 8, 0)
    for index in range(100_000):
        with database.transaction() as orm:
            roller = RollerRow(
                name=f"r{round_number}-{index}",
                needle_mm=0.5,
                acquired_on=start.date(),
                notes="n" * (index % 7 * 300),
            )
            orm.add(roller)
            orm.flush()
            orm.add(
                SessionRow(
                    at=start + timedelta(minutes=index),
                    roller_id=roller.id,
                    notes="written by the crash test",
                    areas=[
                        SessionAreaRow(area="chin", position=0),
                        SessionAreaRow(area="forehead", position=1),
                    ],
                    acknowledgements=[
                        AcknowledgementRow(code="too-soon", reason="crash test", position=0)
                    ],
                )
            )
        print(f"{round_number} {index}", flush=True)


def main() -> None:
    """Fork one writer per round named on stdin."""
    path = Path(sys.argv[1])
    for line in sys.stdin:
        round_number = int(line)
        pid = os.fork()
        if pid == 0:
            try:
                write_until_killed(path, round_number)
            finally:
                os._exit(0)
        print(f"pid {round_number} {pid}", flush=True)
        os.waitpid(pid, 0)
        print(f"done {round_number}", flush=True)


if __name__ == "__main__":
    main()
