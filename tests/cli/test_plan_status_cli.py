"""`rollerlog plan` and `rollerlog status` end to end, on data loaded with `rollerlog import`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import run_cli, sample_document


@pytest.fixture
def loaded(tmp_path: Path) -> Path:
    """A data folder holding the sample document, imported through the command line."""
    source = tmp_path / "sample.json"
    source.write_text(json.dumps(sample_document()), encoding="utf-8")
    data = tmp_path / "data"
    result = run_cli("import", str(source), data_dir=data)
    assert result.returncode == 0, result.stderr
    return data


def test_plan_exits_3_with_the_stops_in_json(loaded: Path) -> None:
    result = run_cli(
        "plan", "--roller", "Face 0.5", "--area", "left-cheek", "--area", "forehead",
        "--at", "2026-02-02T20:00", "--json", data_dir=loaded,
    )  # fmt: skip
    assert result.returncode == 3, result.stderr
    findings = json.loads(result.stdout)["findings"]
    assert set(findings[0]) == {"code", "severity", "message", "area", "roller"}
    codes = {(f["code"], f["severity"], f["area"]) for f in findings}
    assert ("not-sterilized", "stop", None) in codes
    assert ("neuromodulator-recent", "stop", None) in codes
    assert ("lesion-in-area", "caution", "left-cheek") in codes
    assert [f["severity"] for f in findings] == sorted(
        (f["severity"] for f in findings), key=["stop", "caution", "note"].index
    )


def test_plan_exits_0_when_nothing_says_stop_and_names_the_fine_date(loaded: Path) -> None:
    result = run_cli(
        "plan", "--roller", "Face 0.5", "--area", "chin", "--at", "2026-01-05T19:50",
        "--test-patch", data_dir=loaded,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Chin" in result.stdout
    too_soon = run_cli(
        "plan", "--roller", "Face 0.5", "--area", "right-cheek", "--at", "2026-02-01T20:00",
        "--json", data_dir=loaded,
    )  # fmt: skip
    assert too_soon.returncode == 3
    messages = [f["message"] for f in json.loads(too_soon.stdout)["findings"]]
    assert any("2 February 2026" in message for message in messages)


def test_plan_refuses_unknown_rollers_and_areas_listing_the_valid_names(loaded: Path) -> None:
    roller = run_cli("plan", "--roller", "Face", "--area", "chin", data_dir=loaded)
    assert roller.returncode == 1
    assert '"Face 0.5"' in roller.stderr
    area = run_cli("plan", "--roller", "Face 0.5", "--area", "cheeks", data_dir=loaded)
    assert area.returncode == 2  # the areas are a fixed catalogue: an unknown one is a usage error
    assert "left-cheek" in area.stderr
    assert "rollerlog areas" in area.stderr
    assert "Traceback" not in roller.stderr + area.stderr


def test_plan_with_a_malformed_time_is_a_usage_error(loaded: Path) -> None:
    result = run_cli(
        "plan", "--roller", "Face 0.5", "--area", "chin", "--at", "tomorrow", data_dir=loaded
    )
    assert result.returncode == 2
    assert "YYYY-MM-DDTHH:MM" in result.stderr


def test_status_json_has_the_contract_shape(loaded: Path) -> None:
    result = run_cli("status", "--on", "2026-02-12", "--json", data_dir=loaded)
    assert result.returncode == 0, result.stderr
    status = json.loads(result.stdout)
    assert status["on"] == "2026-02-12"
    by_name = {r["name"]: r for r in status["rollers"]}
    assert by_name["Body 1.0 ✨"]["state"] == "discarded"
    assert by_name["Face 0.5"]["uses"] == 1
    assert by_name["Face 0.5"]["needs_sterilization"] is True
    assert {"area": "left-thigh", "last_session": "2026-01-06", "next_on": "2026-02-03"} in status[
        "areas"
    ]
    assert {f["code"] for f in status["findings"]} == {"sterilize-after"}


def test_status_for_a_person_lists_rollers_areas_and_what_needs_attention(loaded: Path) -> None:
    result = run_cli("status", "--on", "2026-02-12", data_dir=loaded)
    assert result.returncode == 0
    assert "Needs attention" in result.stdout
    assert "Face 0.5" in result.stdout
    assert "Left cheek" in result.stdout
    assert "2 February 2026" in result.stdout


def test_status_on_a_folder_without_data_says_so_and_creates_nothing(tmp_path: Path) -> None:
    result = run_cli("status", data_dir=tmp_path / "empty")
    assert result.returncode == 1
    assert f"no rollerlog data in {tmp_path / 'empty'}" in result.stderr
    assert not (tmp_path / "empty").exists()
