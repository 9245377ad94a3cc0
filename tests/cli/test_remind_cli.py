"""`rollerlog remind` as real subprocesses: once-only across runs, --dry-run remembering nothing,
notifications through a real session bus (dbus-run-session) to a stand-in service, and the
paths where no service (or no bus) is there.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import REPO_ROOT, run_cli

SERVER = REPO_ROOT / "tests" / "notification_server.py"
DAY = "2026-03-05"

DOCUMENT: dict[str, Any] = {
    "format": "rollerlog",
    "version": 1,
    "rollers": [
        {"name": "Face <3> & co", "needle_mm": 0.5, "acquired_on": "2026-01-01", "prior_uses": 10}
    ],
    "sessions": [
        {"at": "2026-02-01T20:00", "roller": "Face <3> & co", "areas": ["left-cheek", "chin"]}
    ],
}
"""Due on DAY: replace-roller, sterilize-after, and two areas ready again (four in all)."""


@pytest.fixture
def loaded(data_dir: Path, tmp_path: Path) -> Path:
    source = tmp_path / "doc.json"
    source.write_text(json.dumps(DOCUMENT), encoding="utf-8")
    result = run_cli("import", str(source), data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    return data_dir


def _sent_rows(data_dir: Path) -> list[tuple[str, str]]:
    connection = sqlite3.connect(data_dir / "rollerlog.sqlite3")
    try:
        return connection.execute("SELECT kind, channel FROM sent_reminder ORDER BY id").fetchall()
    finally:
        connection.close()


def _dbus_run_session() -> str:
    found = shutil.which("dbus-run-session")
    if found is None:
        if os.environ.get("ROLLERLOG_REQUIRE_VALIDATORS"):  # set by CI: never skip there
            pytest.fail("dbus-run-session is not installed")
        pytest.skip("dbus-run-session is not installed (./dev test installs dbus as root)")
    return found


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO_ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("ROLLERLOG_DATA_DIR", None)
    return env


def _remind_on_a_session_bus(
    data_dir: Path,
    records: Path,
    *args: str,
    server: bool = True,
    refuse: bool = False,
    accept_only: int | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run `rollerlog remind ARGS` on a fresh session bus, with the stand-in service or none."""
    command = [sys.executable, "-m", "rollerlog", "--data-dir", str(data_dir), "remind", *args]
    if server:
        options = [str(records), *(["--refuse"] if refuse else [])]
        if accept_only is not None:
            options += ["--accept-only", str(accept_only)]
        command = [sys.executable, str(SERVER), "--around", *options, "--", *command]
    return subprocess.run(
        [_dbus_run_session(), "--", *command],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=_env(),
        timeout=120,
        check=False,
    )


def _own_stderr(result: subprocess.CompletedProcess[str]) -> list[str]:
    """stderr without the bus daemon's own start-up notices."""
    return [line for line in result.stderr.splitlines() if not line.startswith("dbus-daemon[")]


def _notifications(records: Path) -> list[dict[str, Any]]:
    if not records.exists():
        return []
    return [json.loads(line) for line in records.read_text(encoding="utf-8").splitlines()]


# --------------------------------------------------------------------------- no data


def test_dry_run_on_a_folder_without_data_creates_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "never-used"
    result = run_cli("remind", "--dry-run", data_dir=folder)
    assert result.returncode == 1
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert str(folder) in result.stderr
    assert not folder.exists()


def test_remind_on_an_existing_empty_folder_creates_no_database(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    for args in (["--dry-run"], ["--print"], []):
        result = run_cli("remind", *args, data_dir=folder)
        assert result.returncode == 1, args
        assert list(folder.iterdir()) == [], args


# --------------------------------------------------------------------------- dry run, print


def test_dry_run_lists_what_would_be_sent_and_remembers_nothing(loaded: Path) -> None:
    first = run_cli("remind", "--on", DAY, "--dry-run", "--json", data_dir=loaded)
    assert first.returncode == 0, first.stderr
    document = json.loads(first.stdout)
    assert document["on"] == DAY
    assert [r["kind"] for r in document["reminders"]] == [
        "replace-roller",
        "sterilize-after",
        "area-ready",
        "area-ready",
    ]
    assert [r["due"] for r in document["reminders"]] == sorted(
        r["due"] for r in document["reminders"]
    )
    assert set(document["reminders"][0]) == {"kind", "message", "area", "roller", "due"}
    again = run_cli("remind", "--on", DAY, "--dry-run", "--json", data_dir=loaded)
    assert json.loads(again.stdout) == document
    assert _sent_rows(loaded) == []
    text = run_cli("remind", "--on", DAY, "--dry-run", data_dir=loaded)
    assert text.stdout.splitlines()[0] == "Would send 4 reminders:"


def test_print_sends_each_reminder_once_across_runs(loaded: Path) -> None:
    first = run_cli("remind", "--on", DAY, "--print", data_dir=loaded)
    assert first.returncode == 0, first.stderr
    lines = first.stdout.splitlines()
    assert len(lines) == 4
    assert "Face <3> & co" in lines[0]
    assert [channel for _kind, channel in _sent_rows(loaded)] == ["print"] * 4
    second = run_cli("remind", "--on", DAY, "--print", "--json", data_dir=loaded)
    assert second.returncode == 0
    assert json.loads(second.stdout) == {"on": DAY, "reminders": []}
    # A later day brings what became due since, and only that.
    later = run_cli("remind", "--on", "2026-04-20", "--print", "--json", data_dir=loaded)
    assert json.loads(later.stdout)["reminders"] == []
    assert run_cli("remind", "--on", DAY, "--dry-run", data_dir=loaded).stdout.startswith(
        "Nothing new"
    )


def test_a_new_session_brings_a_new_sterilize_reminder(loaded: Path, tmp_path: Path) -> None:
    assert run_cli("remind", "--on", DAY, "--print", data_dir=loaded).returncode == 0
    database = sqlite3.connect(loaded / "rollerlog.sqlite3")
    try:
        database.execute(
            "INSERT INTO session (at, roller_id, test_patch, topical, notes) "
            "VALUES ('2026-03-06 20:00:00.000000', 1, 0, '', '')"
        )
        database.execute(
            "INSERT INTO session_area (session_id, area, position) "
            "VALUES (last_insert_rowid(), 'forehead', 0)"
        )
        database.commit()
    finally:
        database.close()
    result = run_cli("remind", "--on", "2026-03-06", "--print", "--json", data_dir=loaded)
    kinds = [r["kind"] for r in json.loads(result.stdout)["reminders"]]
    assert kinds == ["sterilize-after"]


# --------------------------------------------------------------------------- a real session bus


def test_notifications_reach_the_service_once_with_the_apps_name_icon_and_action(
    loaded: Path, tmp_path: Path
) -> None:
    records = tmp_path / "notify.jsonl"
    result = _remind_on_a_session_bus(loaded, records, "--on", DAY)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Sent 4 reminders as desktop notifications."
    sent = _notifications(records)
    assert len(sent) == 4
    for notification in sent:
        assert notification["app_name"] == "rollerlog"
        assert notification["app_icon"] == "io.github.rollerlog.Rollerlog"
        assert notification["hints"]["desktop-entry"] == "io.github.rollerlog.Rollerlog"
        assert notification["actions"] == ["default", "Open Today"]
        assert notification["signature"] == "susssasa{sv}i"
    # The service renders markup, so the roller's name is escaped, never taken as a tag.
    assert "Face &lt;3&gt; &amp; co" in sent[0]["body"]
    assert sent[0]["summary"] == "Time for a new roller: Face <3> & co"
    assert [channel for _kind, channel in _sent_rows(loaded)] == ["notification"] * 4

    again = _remind_on_a_session_bus(loaded, records, "--on", DAY, "--json")
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout) == {"on": DAY, "reminders": []}
    assert len(_notifications(records)) == 4  # nothing sent twice
    # And what was notified is not printed again either.
    printed = run_cli("remind", "--on", DAY, "--print", data_dir=loaded)
    assert printed.stdout == ""


def test_no_notification_service_is_one_line_exit_1_and_nothing_remembered(
    loaded: Path, tmp_path: Path
) -> None:
    result = _remind_on_a_session_bus(loaded, tmp_path / "none.jsonl", "--on", DAY, server=False)
    assert result.returncode == 1
    assert result.stdout == ""
    (line,) = _own_stderr(result)
    assert "notification service" in line
    assert "Traceback" not in result.stderr
    assert _sent_rows(loaded) == []


def test_a_service_that_refuses_is_one_line_exit_1_and_nothing_remembered(
    loaded: Path, tmp_path: Path
) -> None:
    records = tmp_path / "refused.jsonl"
    result = _remind_on_a_session_bus(loaded, records, "--on", DAY, refuse=True)
    assert result.returncode == 1
    (line,) = _own_stderr(result)
    assert "refused" in line
    assert _sent_rows(loaded) == []
    # Once a service accepts them, all four go out.
    accepted = _remind_on_a_session_bus(loaded, records, "--on", DAY)
    assert accepted.returncode == 0, accepted.stderr
    assert len(_notifications(records)) == 4


def test_a_service_that_stops_accepting_midway_keeps_exactly_what_it_accepted(
    loaded: Path, tmp_path: Path
) -> None:
    records = tmp_path / "partial.jsonl"
    result = _remind_on_a_session_bus(loaded, records, "--on", DAY, accept_only=2)
    assert result.returncode == 1
    (line,) = _own_stderr(result)
    assert "2 of 4" in line
    assert len(_sent_rows(loaded)) == 2
    accepted = [n["summary"] for n in _notifications(records)]
    rest = _remind_on_a_session_bus(loaded, records, "--on", DAY, "--json")
    assert rest.returncode == 0, rest.stderr
    assert len(json.loads(rest.stdout)["reminders"]) == 2
    everything = [n["summary"] for n in _notifications(records)]
    assert everything[:2] == accepted
    assert len(everything) == len(set(everything)) == 4  # none twice


def test_a_second_remind_while_one_runs_sends_nothing(loaded: Path) -> None:
    import fcntl

    with (loaded / "remind.lock").open("w") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = run_cli("remind", "--on", DAY, "--print", data_dir=loaded)
    assert result.returncode == 1
    assert result.stdout == ""
    assert "another rollerlog remind" in result.stderr
    assert _sent_rows(loaded) == []


def test_on_macos_and_windows_it_prints_with_a_note(loaded: Path) -> None:
    # Everything is loaded first, as on a Mac; then the command runs believing it is one.
    probe = (
        "import sys; from rollerlog.cli import main; import rollerlog.store.reminders, "
        "rollerlog.store.lock; sys.platform = 'darwin'; sys.exit(main(sys.argv[1:]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, "--data-dir", str(loaded), "remind", "--on", DAY],
        capture_output=True,
        text=True,
        env=_env(),
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 4
    (note,) = result.stderr.splitlines()
    assert "printing" in note
    assert [channel for _kind, channel in _sent_rows(loaded)] == ["print"] * 4


def test_no_session_bus_at_all_is_one_line_exit_1(loaded: Path, tmp_path: Path) -> None:
    env = _env()
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    env["XDG_RUNTIME_DIR"] = str(tmp_path)  # no bus socket in it
    result = subprocess.run(
        [sys.executable, "-m", "rollerlog", "--data-dir", str(loaded), "remind", "--on", DAY],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert len(result.stderr.splitlines()) == 1
    assert "session bus" in result.stderr
    assert _sent_rows(loaded) == []


# --------------------------------------------------------------------------- no Qt


_NO_QT_PROBE = """
import sys
from rollerlog.cli import main
code = main(sys.argv[1:])
loaded = sorted(name for name in sys.modules if name.split(".")[0] in ("PySide6", "shiboken6"))
print("QT:" + ",".join(loaded), file=sys.stderr)
sys.exit(code)
"""


@pytest.mark.parametrize("mode", [["--dry-run"], ["--print"], []])
def test_remind_imports_no_qt_at_all(loaded: Path, tmp_path: Path, mode: list[str]) -> None:
    probe = [sys.executable, "-c", _NO_QT_PROBE, "--data-dir", str(loaded), "remind", *mode]
    records = str(tmp_path / "r.jsonl")
    around = [_dbus_run_session(), "--", sys.executable, str(SERVER), "--around", records, "--"]
    command = probe if mode else [*around, *probe]
    result = subprocess.run(
        command, capture_output=True, text=True, env=_env(), timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert [line for line in result.stderr.splitlines() if line.startswith("QT:")] == ["QT:"]
