"""Hostile input never reaches the terminal raw, and endless input is refused (real processes)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import run_cli, sample_document

#: What a terminal acts on: C0 controls but the line break, DEL, and the C1 controls.
RAW_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")
TITLE_AND_COLOUR = "\x1b]0;you have been owned\x07\x1b[31;1m"


def _write(path: Path, document: object) -> Path:
    path.write_text(json.dumps(document, ensure_ascii=True), encoding="utf-8")
    return path


def _assert_inert(text: str, longest: int = 400) -> None:
    assert not RAW_CONTROL.search(text), repr(text[:200])
    assert all(len(line) <= longest for line in text.splitlines()), max(map(len, text.split()))


def test_a_key_holding_terminal_escapes_is_echoed_escaped_and_short(tmp_path: Path) -> None:
    document: dict[str, Any] = sample_document()
    document["sessions"][0][TITLE_AND_COLOUR] = 1
    document["rollers"][0]["k" * 1_000_000] = 1
    document["profile"]["\x9b2J"] = []
    result = run_cli("import", str(_write(tmp_path / "bad.json", document)), data_dir=tmp_path)
    assert result.returncode == 1
    _assert_inert(result.stderr)
    assert "\\x1b]0;you have been owned\\x07" in result.stderr  # escaped, still recognisable
    assert "sessions[0]." in result.stderr
    assert "unknown key" in result.stderr
    assert 'rollers[0]."kkkk' in result.stderr
    assert '..."' in result.stderr
    assert "profile." in result.stderr
    assert "\\x9b" in result.stderr
    assert "nothing was imported (3 problems" in result.stderr


def test_a_hostile_value_in_a_field_is_escaped(tmp_path: Path) -> None:
    document = sample_document()
    document["sessions"][0]["areas"] = [TITLE_AND_COLOUR + "x" * 5000]
    document["sessions"][1]["roller"] = "\x1b[2J"
    result = run_cli("import", str(_write(tmp_path / "bad.json", document)), data_dir=tmp_path)
    assert result.returncode == 1
    _assert_inert(result.stderr)
    assert 'sessions[0].areas[0]: unknown area "\\x1b]0;' in result.stderr
    assert 'sessions[1].roller: unknown roller "\\x1b[2J"' in result.stderr


def test_command_line_values_are_echoed_escaped(tmp_path: Path) -> None:
    source = _write(tmp_path / "in.json", sample_document())
    assert run_cli("import", str(source), data_dir=tmp_path / "data").returncode == 0
    out = tmp_path / "log.csv"
    roller = run_cli(
        "export", "--format", "csv", "--out", str(out), "--roller", TITLE_AND_COLOUR,
        data_dir=tmp_path / "data",
    )  # fmt: skip
    assert roller.returncode == 1
    _assert_inert(roller.stderr)
    assert "--roller" in roller.stderr
    assert "no roller has that name" in roller.stderr
    area = run_cli(
        "plan", "--roller", "Face 0.5", "--area", "\x1b[31m" + "a" * 10_000,
        data_dir=tmp_path / "data",
    )  # fmt: skip
    assert area.returncode == 2  # a usage error
    _assert_inert(area.stderr, longest=1000)
    assert "is not an area" in area.stderr
    plan = run_cli(
        "plan", "--roller", TITLE_AND_COLOUR, "--area", "forehead", data_dir=tmp_path / "data"
    )
    _assert_inert(plan.stdout + plan.stderr, longest=1000)
    missing = run_cli("import", str(tmp_path / f"no{TITLE_AND_COLOUR}.json"), data_dir=tmp_path)
    assert missing.returncode == 1
    _assert_inert(missing.stderr)
    assert "no such file" in missing.stderr


def test_importing_a_device_a_pipe_or_a_folder_is_refused_before_reading(tmp_path: Path) -> None:
    zero = run_cli("import", "/dev/zero", data_dir=tmp_path)
    assert zero.returncode == 1
    assert "/dev/zero: not a regular file" in zero.stderr
    pipe = tmp_path / "pipe.json"
    os.mkfifo(pipe)  # nobody ever writes: reading it would wait for ever
    piped = run_cli("import", str(pipe), data_dir=tmp_path)
    assert piped.returncode == 1
    assert "not a regular file" in piped.stderr
    folder = run_cli("import", str(tmp_path), data_dir=tmp_path / "data")
    assert folder.returncode == 1
    assert "is a folder" in folder.stderr
    for result in (zero, piped, folder):
        assert "Traceback" not in result.stderr
        assert result.stderr.count("\n") == 1


def test_a_file_over_200_mb_is_refused_before_parsing(tmp_path: Path) -> None:
    huge = tmp_path / "huge.json"
    with huge.open("wb") as stream:  # sparse: takes no room on the disk
        stream.truncate(200 * 1024 * 1024 + 1)
    result = run_cli("import", str(huge), data_dir=tmp_path / "data")
    assert result.returncode == 1
    assert "too large to import (more than 200 MB)" in result.stderr
    exactly = tmp_path / "exactly.json"
    with exactly.open("wb") as stream:
        stream.truncate(200 * 1024 * 1024)  # at the limit: read, then refused as not JSON
    at_limit = run_cli("import", str(exactly), data_dir=tmp_path / "data")
    assert at_limit.returncode == 1
    assert "too large" not in at_limit.stderr
    assert "not valid JSON" in at_limit.stderr


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            lambda d: d["rollers"][0].__setitem__("notes", "half \ud800 a pair"),
            "rollers[0].notes: contains lone surrogates",
        ),
        (
            lambda d: d["rollers"][1].__setitem__("\udfff", 1),
            'rollers[1]."\\udfff": unknown key',
        ),
        (
            lambda d: d["sessions"][0].__setitem__("at", "0202-01-05T20:00"),
            "sessions[0].at: must lie in the years 1900 to 2100",
        ),
        (
            lambda d: d["rollers"][0].__setitem__("acquired_on", "2101-01-01"),
            "rollers[0].acquired_on: must lie in the years 1900 to 2100",
        ),
        (
            lambda d: d["procedures"][0].__setitem__("at", "0001-01-01T00:00+14:00"),
            "procedures[0].at: must lie in the years 1900 to 2100",
        ),
        (
            lambda d: d["sterilizations"][0].__setitem__("at", "2100-12-31T23:59-14:00"),
            "sterilizations[0].at: must lie in the years 1900 to 2100",
        ),
        (
            lambda d: d["sessions"][1].__setitem__("at", "9999-12-31T23:59:59-23:59"),
            "sessions[1].at: must lie in the years 1900 to 2100",
        ),
    ],
)
def test_surrogates_and_impossible_years_get_a_message_naming_the_field(
    tmp_path: Path, edit: Any, expected: str
) -> None:
    document = sample_document()
    edit(document)
    result = run_cli("import", str(_write(tmp_path / "bad.json", document)), data_dir=tmp_path)
    assert result.returncode == 1, result.stdout
    assert expected in result.stderr
    assert "unexpected error" not in result.stderr
    assert "Traceback" not in result.stderr
    _assert_inert(result.stderr)


def test_the_edges_of_the_allowed_years_round_trip(tmp_path: Path) -> None:
    document = sample_document()
    document["rollers"][0]["acquired_on"] = "1900-01-01"
    document["sessions"][0]["at"] = "1900-01-01T00:30"
    document["sterilizations"][0]["at"] = "1900-01-01T00:00"
    document["procedures"][0]["at"] = "2100-12-31T23:59"
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    source = _write(tmp_path / "in.json", document)
    assert run_cli("import", str(source), data_dir=tmp_path / "a").returncode == 0
    exported = run_cli("export", "--format", "json", "--out", str(first), data_dir=tmp_path / "a")
    assert exported.returncode == 0, exported.stderr
    again = run_cli("import", str(first), data_dir=tmp_path / "b")
    assert again.returncode == 0, again.stderr
    run_cli("export", "--format", "json", "--out", str(second), data_dir=tmp_path / "b")
    assert json.loads(first.read_text("utf-8")) == json.loads(second.read_text("utf-8"))
    assert json.loads(first.read_text("utf-8"))["sessions"][0]["at"] == "1900-01-01T00:30"
