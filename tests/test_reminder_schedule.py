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


def _string_unescaped(value: str) -> str:
    """Undo a desktop entry string's escapes; the specification defines no others."""
    escapes = {"\\": "\\", "s": " ", "n": "\n", "t": "\t", "r": "\r"}
    out: list[str] = []
    characters = iter(value)
    for char in characters:
        if char == "\\":
            following = next(characters, "")
            assert following in escapes, f"invalid string escape before {following!r}"
            out.append(escapes[following])
        else:
            out.append(char)
    return "".join(out)


def _desktop_words(value: str) -> list[str]:
    """Split an Exec value (string escapes already undone) as the Desktop Entry spec says."""
    words: list[str] = []
    word: list[str] = []
    quoted = escaped = False
    started = False
    for char in value:
        if escaped:
            assert char in '"`$\\', f"backslash before {char!r} inside quotes"
            word.append(char)
            escaped = False
        elif quoted and char == "\\":
            escaped = True
        elif char == '"':
            quoted = not quoted
            started = True
        elif char == " " and not quoted:
            if started or word:
                words.append("".join(word))
            word, started = [], False
        else:
            word.append(char)
    assert not quoted
    assert not escaped
    if started or word:
        words.append("".join(word))
    return words


def _value(text: str, key: str) -> str:
    (line,) = [line for line in text.splitlines() if line.startswith(f"{key}=")]
    return line.partition("=")[2]


def test_the_written_command_lines_read_back_as_the_same_words(awkward_data_dir: Path) -> None:
    """Read back by the quoting rules of each format, the command is word for word the same.

    Desktop entries (the Desktop Entry specification): string escapes first (a doubled
    backslash is one), then words split at spaces outside double quotes, where a backslash
    before a quote, backtick, dollar or backslash stands for that character; then ``%%`` is
    a literal ``%``. systemd: shell-like double quotes (shlex), then ``%%`` and ``$$``.
    """
    import shlex

    from rollerlog.reminder_schedule import autostart_text, service_text

    command = remind_command(awkward_data_dir)
    exec_value = _string_unescaped(_value(autostart_text(command), "Exec"))
    assert [word.replace("%%", "%") for word in _desktop_words(exec_value)] == command
    exec_start = _value(service_text(command), "ExecStart")
    words = [word.replace("%%", "%").replace("$$", "$") for word in shlex.split(exec_start)]
    assert words == command
