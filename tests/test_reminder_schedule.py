"""The daily reminders' timer, service and autostart entry, written to a temporary
XDG_CONFIG_HOME and checked by systemd's and the desktop's own validators.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest

from rollerlog.reminder_schedule import (
    AUTOSTART,
    SYSTEMD,
    current_schedule,
    remind_command,
    turn_off,
    turn_on,
    user_manager_reachable,
)


def _tool(name: str, *, required_in_ci: bool = True) -> str:
    found = shutil.which(name)
    if found is None:
        # CI must validate what ./dev installs (desktop-file-validate); systemd-analyze comes
        # only with systemd itself, so where it is missing the check is skipped.
        if required_in_ci and os.environ.get("ROLLERLOG_REQUIRE_VALIDATORS"):
            pytest.fail(f"{name} is not installed")
        pytest.skip(f"{name} is not installed here, so the file cannot be validated")
    return found


@pytest.fixture
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    return folder


@pytest.fixture
def awkward_data_dir(tmp_path: Path) -> Path:
    """A data folder whose path needs quoting everywhere: spaces, %, $, quotes."""
    folder = tmp_path / 'my data 100% $HOME "q"'
    folder.mkdir()
    return folder


class Systemctl:
    """Records `systemctl --user` calls and answers as a running user manager would."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def __call__(self, arguments: Sequence[str]) -> subprocess.CompletedProcess[str]:
        self.calls.append(list(arguments))
        return subprocess.CompletedProcess(list(arguments), 0, "", "")


def test_the_command_is_absolute_and_really_runs_remind(awkward_data_dir: Path) -> None:
    command = remind_command(awkward_data_dir)
    assert Path(command[0]).is_absolute()
    assert command[-1] == "remind"
    result = subprocess.run(
        [*command, "--dry-run"], capture_output=True, text=True, timeout=120, check=False
    )
    # The folder holds no data yet: the real command says so about exactly that folder.
    assert result.returncode == 1
    assert str(awkward_data_dir) in result.stderr


def test_the_systemd_timer_and_service_are_written_and_valid(
    config_dir: Path, awkward_data_dir: Path
) -> None:
    schedule = turn_on(config_dir, 7, remind_command(awkward_data_dir), method=SYSTEMD)
    timer = config_dir / "systemd" / "user" / "rollerlog-remind.timer"
    service = config_dir / "systemd" / "user" / "rollerlog-remind.service"
    assert schedule.files == (timer, service)
    assert schedule.method == SYSTEMD
    assert schedule.hour == 7
    timer_text = timer.read_text(encoding="utf-8")
    assert "OnCalendar=*-*-* 07:00:00\n" in timer_text
    assert "Persistent=true\n" in timer_text
    assert "WantedBy=timers.target" in timer_text
    assert "%%" in service.read_text(encoding="utf-8")  # a literal % in the folder's name
    assert str(timer) in schedule.describe()
    assert "07:00" in schedule.describe()
    assert current_schedule(config_dir).hour == 7

    tool = _tool("systemd-analyze", required_in_ci=False)
    result = subprocess.run(
        [tool, "verify", "--man=no", str(service), str(timer)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_timer_is_enabled_through_a_running_user_manager(config_dir: Path) -> None:
    systemctl = Systemctl()
    schedule = turn_on(config_dir, 21, remind_command(), runner=systemctl)
    assert schedule.method == SYSTEMD
    assert schedule.enabled
    assert ["systemctl", "--user", "enable", "--now", "rollerlog-remind.timer"] in systemctl.calls
    assert systemctl.calls.index(["systemctl", "--user", "daemon-reload"]) < systemctl.calls.index(
        ["systemctl", "--user", "enable", "--now", "rollerlog-remind.timer"]
    )
    read_back = current_schedule(config_dir, runner=systemctl)
    assert read_back.enabled
    assert "enabled in your systemd user session" in read_back.describe()
    assert ["systemctl", "--user", "is-enabled", "--quiet", "rollerlog-remind.timer"] in (
        systemctl.calls
    )
    removed = turn_off(config_dir, runner=systemctl)
    assert len(removed) == 2
    assert ["systemctl", "--user", "disable", "--now", "rollerlog-remind.timer"] in systemctl.calls
    assert not current_schedule(config_dir).on


def test_the_autostart_entry_is_written_and_valid(config_dir: Path, awkward_data_dir: Path) -> None:
    schedule = turn_on(config_dir, 9, remind_command(awkward_data_dir), method=AUTOSTART)
    entry = config_dir / "autostart" / "rollerlog-remind.desktop"
    assert schedule.files == (entry,)
    text = entry.read_text(encoding="utf-8")
    assert "\nExec=" in text
    assert "io.github.rollerlog.Rollerlog" in text
    assert current_schedule(config_dir).method == AUTOSTART
    assert "log in" in schedule.describe()
    tool = _tool("desktop-file-validate")
    result = subprocess.run([tool, str(entry)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == ""


def test_without_a_user_manager_the_choice_is_autostart_and_with_one_systemd(
    config_dir: Path,
) -> None:
    schedule = turn_on(config_dir, 9, remind_command())
    expected = SYSTEMD if user_manager_reachable() else AUTOSTART
    assert schedule.method == expected
    turn_off(config_dir)


def test_turning_on_again_replaces_and_turning_off_removes_everything(config_dir: Path) -> None:
    turn_on(config_dir, 9, remind_command(), method=AUTOSTART)
    turn_on(config_dir, 10, remind_command(), method=SYSTEMD)
    assert not (config_dir / "autostart" / "rollerlog-remind.desktop").exists()
    assert current_schedule(config_dir).hour == 10
    removed = turn_off(config_dir)
    assert {path.name for path in removed} == {"rollerlog-remind.timer", "rollerlog-remind.service"}
    assert current_schedule(config_dir).describe().startswith("Reminders are off")
    assert turn_off(config_dir) == ()


def test_an_impossible_hour_writes_nothing(config_dir: Path) -> None:
    with pytest.raises(ValueError, match="hour"):
        turn_on(config_dir, 24, remind_command(), method=SYSTEMD)
    assert not config_dir.exists()
