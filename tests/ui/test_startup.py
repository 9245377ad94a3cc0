"""Start-up order: the window paints before the store and views load; commands stay light.

These run the real app and commands in a child process and look at what was imported when;
no test here measures time.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from rollerlog.domain.entities import Roller
from rollerlog.store import operations as ops
from rollerlog.store.db import open_database
from rollerlog.ui.main_window import MainWindow
from tests.helpers import REPO_ROOT

HEAVY = (
    "sqlalchemy",
    "alembic",
    "PySide6.QtPrintSupport",
    "rollerlog.report",
    "rollerlog.ui.views",
    "rollerlog.ui.dialogs",
    "rollerlog.ui.print",
    # Icons and the body map's art are drawn after the first paint (and the icons, which
    # the navigation shows, only after Today).
    "rollerlog.ui.icons",
    "rollerlog.ui.body_map",
    "PySide6.QtSvg",
)

#: What must not be loaded when Today has been filled: the ORM, the migrations, printing.
HEAVY_FOR_TODAY = ("sqlalchemy", "alembic", "PySide6.QtPrintSupport", "rollerlog.report")

#: Runs the app in probe mode and prints the heavy modules already loaded at its first paint
#: and when Today has been filled.
APP_WITH_WATCH = f"""
import sys
from rollerlog.ui import app

reached = app.StartupProbe._reached

def watched(self, milestone):
    if milestone == "first-paint":
        heavy = sorted(m for m in sys.modules if m.startswith({HEAVY!r}))
        print("loaded-before-paint", heavy, flush=True)
    if milestone == "today-filled":
        loaded = {{m.split(".")[0] for m in sys.modules if m.startswith({HEAVY_FOR_TODAY!r})}}
        print("loaded-before-today", sorted(loaded), flush=True)
    reached(self, milestone)

app.StartupProbe._reached = watched
sys.exit(app.run())
"""


def _env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT), ROLLERLOG_DATA_DIR=str(data_dir))
    env.update(extra)
    return env


def test_the_window_paints_before_the_store_loads_then_fills_today(data_dir: Path) -> None:
    database = open_database(data_dir / "rollerlog.sqlite3")
    ops.add_roller(database, Roller("Face 0.5", 0.5, date(2026, 1, 1)))
    database.close()
    _start_once(data_dir)  # a new version makes its expected schemas once, with Alembic
    started = time.time()
    result = subprocess.run(
        [sys.executable, "-c", APP_WITH_WATCH],
        env=_env(data_dir, ROLLERLOG_BENCH_PROBE="sessions", QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "loaded-before-paint []"
    # Today is filled with plain sqlite3: SQLAlchemy and Alembic load only after it.
    assert "loaded-before-today []" in lines
    lines = [line for line in lines[1:] if not line.startswith("loaded-")]
    milestones = [line.split()[0] for line in lines]
    assert milestones == ["first-paint", "today-filled", "sessions-shown"]
    finished = time.time()
    # Each milestone carries the wall-clock moment it was reached, within the child's run.
    times = [float(line.split()[1]) for line in lines]
    assert all(started <= moment <= finished for moment in times), (started, times, finished)


def _start_once(data_dir: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "rollerlog"],
        env=_env(data_dir, ROLLERLOG_BENCH_PROBE="today", QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        timeout=120,
        check=True,
    )


def test_today_on_an_empty_folder_is_filled_before_the_store_loads(data_dir: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", APP_WITH_WATCH],
        env=_env(data_dir, ROLLERLOG_BENCH_PROBE="sessions", QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "loaded-before-today []" in lines
    assert [line.split()[0] for line in lines if not line.startswith("loaded-")] == [
        "first-paint",
        "today-filled",
        "sessions-shown",
    ]
    # The database is made after Today (the Sessions page needs the store): whole, once.
    assert (data_dir / "rollerlog.sqlite3").stat().st_size > 0


def test_status_and_plan_import_neither_qt_nor_alembic(data_dir: Path) -> None:
    database = open_database(data_dir / "rollerlog.sqlite3")
    ops.add_roller(database, Roller("Face 0.5", 0.5, date(2026, 1, 1)))
    database.close()
    code = """
import sys
from rollerlog.cli import main
main(["status"])
main(["plan", "--roller", "Face 0.5", "--area", "chin"])
print(sorted({m.split(".")[0] for m in sys.modules} & {"PySide6", "shiboken6", "alembic"}))
"""
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=_env(data_dir),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "[]"


def test_a_shell_filled_later_gets_the_same_file_menu(qtbot, database, ui_state) -> None:  # type: ignore[no-untyped-def]
    def file_menu_texts(window: MainWindow) -> list[str]:
        menu = window.menuBar().actions()[0].menu()
        return [a.text().replace("&", "") if not a.isSeparator() else "—" for a in menu.actions()]

    at_once = MainWindow(database, ui_state)
    qtbot.addWidget(at_once)
    shell = MainWindow(None, ui_state)
    qtbot.addWidget(shell)
    shell.show()
    assert shell.pages.currentWidget().accessibleName() == "Today"  # the Loading… page
    shell.attach(database, print_menu_later=True)
    assert shell.print_actions is None  # Qt printing loads after Today is shown
    qtbot.waitUntil(lambda: shell.print_actions is not None)
    assert file_menu_texts(shell) == file_menu_texts(at_once)
    assert "Print…" in file_menu_texts(shell)
