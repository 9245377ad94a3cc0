"""Running ``rollerlog remind`` every day without the app: a systemd user timer, or autostart.

On Linux, turning reminders on writes a user service and a timer (``OnCalendar`` daily at the
chosen hour, ``Persistent=true`` so a day the machine was off is caught up at the next boot)
into ``$XDG_CONFIG_HOME/systemd/user`` and enables the timer with ``systemctl --user`` when
a user manager answers. Where there is none, it writes an XDG autostart entry instead, which
runs the reminders each time the person logs in. Turning reminders off removes both. The
files are the only record: what is installed is read back from them.

Qt-free and given the config folder, so the Settings page, the tests and any script can use it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rollerlog.meta import APP_ID

SERVICE_NAME = "rollerlog-remind.service"
TIMER_NAME = "rollerlog-remind.timer"
AUTOSTART_NAME = "rollerlog-remind.desktop"
DEFAULT_HOUR = 9

SYSTEMD = "systemd"
AUTOSTART = "autostart"

_ON_CALENDAR = re.compile(r"^OnCalendar=\*-\*-\* (\d{2}):00:00$", re.MULTILINE)

Runner = Callable[[Sequence[str]], "subprocess.CompletedProcess[str]"]


@dataclass(frozen=True, slots=True)
class Schedule:
    """What is installed to send the reminders: how, at which hour, in which files."""

    method: str | None
    """``systemd``, ``autostart`` or None (reminders are off)."""
    hour: int | None
    files: tuple[Path, ...]
    enabled: bool
    """For systemd: the timer was enabled through a running user manager."""
    note: str = ""

    @property
    def on(self) -> bool:
        """True when something is installed."""
        return self.method is not None

    def describe(self) -> str:
        """What is installed, where, in plain words (shown on the Settings page)."""
        if self.method is None:
            return "Reminders are off: nothing is installed."
        where = "\n".join(f"  {path}" for path in self.files)
        if self.method == SYSTEMD:
            state = (
                "enabled in your systemd user session"
                if self.enabled
                else "written, but not enabled: no systemd user session answered"
            )
            at = f"at {self.hour:02d}:00" if self.hour is not None else "(at an hour set by hand)"
            text = f"A systemd user timer runs the reminders every day {at} ({state}):"
        else:
            text = "An autostart entry runs the reminders each time you log in:"
        return f"{text}\n{where}" + (f"\n{self.note}" if self.note else "")


def user_config_home() -> Path:
    """The user's configuration folder, where systemd and autostart look: ``$XDG_CONFIG_HOME``.

    Falls back to ``~/.config`` when the variable is unset or not absolute (as the XDG base
    directory specification says).
    """
    configured = os.environ.get("XDG_CONFIG_HOME", "")
    if configured and Path(configured).is_absolute():
        return Path(configured)
    return Path.home() / ".config"


def schedule_supported() -> bool:
    """True where the timer or autostart entry can be installed (Linux and other XDG systems).

    Not inside a Flatpak sandbox: its config folder is not the one the host's systemd and
    session read (packaging/README.md describes the portal route instead).
    """
    return sys.platform not in ("win32", "darwin") and not Path("/.flatpak-info").exists()


def systemd_user_dir(config_dir: Path) -> Path:
    """Where user units live: ``$XDG_CONFIG_HOME/systemd/user``."""
    return config_dir / "systemd" / "user"


def autostart_dir(config_dir: Path) -> Path:
    """Where autostart entries live: ``$XDG_CONFIG_HOME/autostart``."""
    return config_dir / "autostart"


def remind_command(data_dir: Path | None = None) -> list[str]:
    """The absolute command line that runs ``rollerlog remind`` for this installation.

    The ``rollerlog`` console script beside the running interpreter when there is one, else
    ``python -m rollerlog``; a frozen app runs itself. ``data_dir`` is passed on when given.
    """
    if getattr(sys, "frozen", False):
        command = [str(Path(sys.executable).absolute())]
    else:
        python = Path(sys.executable).absolute()
        script = python.parent / ("rollerlog.exe" if sys.platform == "win32" else "rollerlog")
        command = [str(script)] if script.is_file() else [str(python), "-m", "rollerlog"]
    if data_dir is not None:
        command += ["--data-dir", str(Path(data_dir).absolute())]
    return [*command, "remind"]


# --------------------------------------------------------------------------- quoting


def systemd_exec_line(command: Sequence[str]) -> str:
    """A command for ``ExecStart=``: each word quoted, ``%`` and ``$`` kept literal."""

    def word(text: str) -> str:
        escaped = text.replace("\\", "\\\\").replace('"', '\\"')
        escaped = escaped.replace("%", "%%").replace("$", "$$")
        return f'"{escaped}"' if re.search(r'[\s"\\\'%$;]', text) or not text else escaped

    return " ".join(word(part) for part in command)


def desktop_exec_line(command: Sequence[str]) -> str:
    """A command for a desktop entry's ``Exec=`` (quoted as the Desktop Entry spec asks)."""
    reserved = re.compile(r"[\s\"'\\><~|&;$*?#()`%=]")

    def word(text: str) -> str:
        if text and not reserved.search(text):
            return text
        inner = "".join("\\" + c if c in '"`$\\' else c for c in text).replace("%", "%%")
        # The value is itself a string with escapes: each backslash is written twice.
        return '"' + inner.replace("\\", "\\\\") + '"'

    return " ".join(word(part) for part in command)


# --------------------------------------------------------------------------- the files


def service_text(command: Sequence[str]) -> str:
    """The user service that runs the reminders once."""
    return (
        "[Unit]\n"
        "Description=rollerlog reminders: areas ready again, sterilizing, replacing a roller\n"
        "\n"
        "[Service]\n"
        "Type=oneshot\n"
        f"ExecStart={systemd_exec_line(command)}\n"
    )


def timer_text(hour: int) -> str:
    """The timer that starts the service every day at ``hour`` (caught up after downtime)."""
    if not 0 <= hour <= 23:
        raise ValueError(f"hour: must be between 0 and 23, got {hour}")
    return (
        "[Unit]\n"
        f"Description=Send the rollerlog reminders every day at {hour:02d}:00\n"
        "\n"
        "[Timer]\n"
        f"OnCalendar=*-*-* {hour:02d}:00:00\n"
        "Persistent=true\n"
        f"Unit={SERVICE_NAME}\n"
        "\n"
        "[Install]\n"
        "WantedBy=timers.target\n"
    )


def autostart_text(command: Sequence[str]) -> str:
    """The XDG autostart entry that runs the reminders at login."""
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        "Name=rollerlog reminders\n"
        "Comment=Send the rollerlog reminders that are due, once, when you log in\n"
        f"Exec={desktop_exec_line(command)}\n"
        f"Icon={APP_ID}\n"
        "Terminal=false\n"
        "NoDisplay=true\n"
        "X-GNOME-Autostart-enabled=true\n"
    )


def _write(path: Path, text: str) -> None:
    """Write through a temporary file beside ``path``, so no half-written unit is ever read."""
    from rollerlog.files import write_private_text

    path.parent.mkdir(parents=True, exist_ok=True)
    write_private_text(path, text)


def _run(arguments: Sequence[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(arguments), capture_output=True, text=True, timeout=20, check=False)


def _systemctl(runner: Runner, *arguments: str) -> bool:
    if shutil.which("systemctl") is None:
        return False
    try:
        return runner(["systemctl", "--user", *arguments]).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def user_manager_reachable(runner: Runner = _run) -> bool:
    """True when ``systemctl --user`` reaches a running systemd user manager."""
    return _systemctl(runner, "show-environment")


# --------------------------------------------------------------------------- on and off


def current_schedule(config_dir: Path, runner: Runner | None = _run) -> Schedule:
    """What is installed now, read back from the files.

    For a timer, ``runner`` asks ``systemctl --user is-enabled`` whether it is enabled
    (None: do not ask, and say it is not).
    """
    timer = systemd_user_dir(config_dir) / TIMER_NAME
    service = systemd_user_dir(config_dir) / SERVICE_NAME
    autostart = autostart_dir(config_dir) / AUTOSTART_NAME
    if timer.is_file():
        match = _ON_CALENDAR.search(timer.read_text(encoding="utf-8"))
        enabled = runner is not None and _systemctl(runner, "is-enabled", "--quiet", TIMER_NAME)
        return Schedule(
            SYSTEMD,
            int(match.group(1)) if match else None,
            tuple(p for p in (timer, service) if p.is_file()),
            enabled,
        )
    if autostart.is_file():
        return Schedule(AUTOSTART, None, (autostart,), False)
    return Schedule(None, None, (), False)


def turn_on(
    config_dir: Path,
    hour: int,
    command: Sequence[str],
    *,
    method: str | None = None,
    runner: Runner = _run,
) -> Schedule:
    """Install the daily reminders; return what was installed, where.

    ``method`` None chooses: systemd when a user manager answers, else autostart. Anything
    installed before is replaced, so only one of the two ever runs.
    """
    if not 0 <= hour <= 23:
        raise ValueError(f"hour: must be between 0 and 23, got {hour}")
    chosen = method or (SYSTEMD if user_manager_reachable(runner) else AUTOSTART)
    turn_off(config_dir, runner=runner)
    if chosen == AUTOSTART:
        path = autostart_dir(config_dir) / AUTOSTART_NAME
        _write(path, autostart_text(command))
        return Schedule(AUTOSTART, None, (path,), False, _autostart_note())
    if chosen != SYSTEMD:
        raise ValueError(f"method: unknown {chosen!r}")
    units = systemd_user_dir(config_dir)
    service, timer = units / SERVICE_NAME, units / TIMER_NAME
    _write(service, service_text(command))
    _write(timer, timer_text(hour))
    enabled = _systemctl(runner, "daemon-reload") and _systemctl(
        runner, "enable", "--now", TIMER_NAME
    )
    return Schedule(SYSTEMD, hour, (timer, service), enabled)


def _autostart_note() -> str:
    return "(No systemd user session was found to run it at a set hour.)"


def turn_off(config_dir: Path, *, runner: Runner = _run) -> tuple[Path, ...]:
    """Remove the timer, its service and the autostart entry; return the files removed."""
    units = systemd_user_dir(config_dir)
    timer = units / TIMER_NAME
    if timer.is_file():
        _systemctl(runner, "disable", "--now", TIMER_NAME)
    removed = []
    for path in (timer, units / SERVICE_NAME, autostart_dir(config_dir) / AUTOSTART_NAME):
        if path.is_file():
            path.unlink()
            removed.append(path)
    if removed[:1] == [timer]:
        _systemctl(runner, "daemon-reload")
    return tuple(removed)
