"""In-process timings on one database: plan, status, and the Sessions view of the real window.

    python -m benchmarks.inprocess DATABASE      (prints one JSON line; run by run.py)

plan and status: the database is opened once and each is called many times; the median
is reported (interpreter start excluded). The Sessions view: a fresh main window (offscreen)
opens its Sessions page, and the time until its first rows are painted is taken; then a
scroll to the very end, until the last rows are painted. Medians of several windows.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

RUNS = 25
WINDOWS = 5


def median_seconds(action: Callable[[], object], runs: int = RUNS) -> float:
    """The median wall time of ``action`` after one warm-up call."""
    action()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    """Time everything on the database named on the command line; print one JSON line."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from rollerlog.domain.rules import PlannedSession
    from rollerlog.store import queries, safety
    from rollerlog.store.db import open_database
    from rollerlog.ui.main_window import MainWindow

    database = open_database(Path(sys.argv[1]))
    today = date.today()
    usable = [
        s.roller.name for s in queries.list_rollers(database) if not s.roller.is_discarded_on(today)
    ]
    plan = PlannedSession(
        datetime.now().replace(second=0, microsecond=0), usable[0], ("forehead", "nose")
    )
    found: dict[str, float | int] = {
        "plan": median_seconds(lambda: safety.plan_findings(database, plan)),
        "status": median_seconds(lambda: safety.status_on(database, today)),
    }

    app = QApplication.instance() or QApplication([])
    first_rows: list[float] = []
    scroll_end: list[float] = []
    for _ in range(WINDOWS):
        window = MainWindow(database, QSettings())
        window.resize(1180, 780)
        window.show()
        app.processEvents()
        started = time.perf_counter()
        window.show_view(1)
        sessions = window.sessions
        sessions.table.viewport().repaint()  # paints now, reading the rows it shows
        first_rows.append(time.perf_counter() - started)
        started = time.perf_counter()
        sessions.table.scrollToBottom()
        sessions.table.viewport().repaint()
        scroll_end.append(time.perf_counter() - started)
        last = sessions.model.rowCount() - 1
        assert sessions.table.rowAt(sessions.table.viewport().height() - 2) in (last, -1)
        found["held_rows"] = sessions.model.held_rows()
        found["total"] = sessions.model.total()
        window.close()
        window.deleteLater()
        app.processEvents()
    found["first_rows"] = statistics.median(first_rows)
    found["scroll_end"] = statistics.median(scroll_end)
    database.close()
    print(json.dumps(found))


if __name__ == "__main__":
    main()
