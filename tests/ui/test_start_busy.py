"""At start, a database another program holds locked is explained and left alone.

The attack: the app moved a healthy, merely busy database aside as "damaged" and offered
to restore a backup over it.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from pathlib import Path

from rollerlog import paths
from rollerlog.store.db import open_database
from rollerlog.store.startup import StartupOutcome, open_for_app
from rollerlog.ui.recovery import recover
from tests.store.attack_helpers import folder_state
from tests.store.test_start_attacks import HOLD_LOCKED


def test_the_app_says_a_busy_database_is_in_use_and_restores_nothing(data_dir: Path) -> None:
    path = paths.database_path()
    open_database(path).close()
    before = folder_state(data_dir)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCKED, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    told: list[tuple[str, str]] = []
    asked: list[str] = []
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "ready"
        report = open_for_app(path, datetime(2026, 3, 1, 12, 0))
        assert report.outcome is StartupOutcome.BUSY
        opened = recover(
            report,
            path,
            ask=lambda title, text: asked.append(text) or True,
            tell=lambda title, text: told.append((title, text)),
        )
    finally:
        holder.communicate("", timeout=30)
    assert opened is None
    assert asked == [], "no restore is offered for a file that is only busy"
    assert len(told) == 1
    assert "in use by another program" in told[0][1]
    assert folder_state(data_dir) == before
