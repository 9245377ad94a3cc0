"""`status` prints the day's map and verdict; `plan --at` counts real hours in the local zone."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from rollerlog.domain.areas import AREA_SLUGS
from tests.helpers import REPO_ROOT


def rollerlog(data: Path, *args: str, tz: str = "UTC") -> subprocess.CompletedProcess[str]:
    """Run the command line with the time zone ``tz``, as a person's terminal would."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO_ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("ROLLERLOG_DATA_DIR", None)
    env["TZ"] = tz
    return subprocess.run(
        [sys.executable, "-m", "rollerlog", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        check=False,
    )


def load(tmp_path: Path, **records: Any) -> Path:
    """A data folder holding one roller, sterilized, plus the given records."""
    document = {
        "format": "rollerlog",
        "version": 1,
        "rollers": [{"name": "Face #3", "needle_mm": 0.5, "acquired_on": "2026-01-01"}],
        "sterilizations": [{"at": "2026-01-01T09:00", "roller": "Face #3"}],
        **records,
    }
    source = tmp_path / "log.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    data = tmp_path / "data"
    result = rollerlog(data, "import", str(source))
    assert result.returncode == 0, result.stderr
    return data


def test_status_json_has_the_map_and_the_verdict(tmp_path: Path) -> None:
    data = load(
        tmp_path,
        sessions=[{"at": "2026-02-20T20:00", "roller": "Face #3", "areas": ["left-cheek"]}],
        lesions=[
            {"area": "chin", "kind": "active-breakout", "noted_on": "2026-02-28"},
            {"area": "nose", "kind": "sunburn", "noted_on": "2026-02-28"},
            {"area": "back", "kind": "mole", "noted_on": "2025-02-28"},
        ],
    )
    result = rollerlog(data, "status", "--on", "2026-03-01", "--json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert [entry["area"] for entry in document["map"]] == list(AREA_SLUGS)
    by_area = {entry["area"]: entry for entry in document["map"]}
    assert by_area["chin"] == {
        "area": "chin", "state": "avoid", "next_on": None, "findings": ["broken-skin-in-area"],
    }  # fmt: skip
    assert by_area["nose"]["state"] == "avoid"
    assert by_area["back"]["state"] == "care"
    assert by_area["left-cheek"] == {
        "area": "left-cheek", "state": "healing", "next_on": "2026-03-20", "findings": ["too-soon"],
    }  # fmt: skip
    assert document["verdict"] == {
        "can_roll": True,
        "rollers": ["Face #3"],
        "areas": [a for a in AREA_SLUGS if a not in ("chin", "nose", "left-cheek")],
        "test_patch_only": False,
    }
    text = rollerlog(data, "status", "--on", "2026-03-01")
    assert "Can I roll? Yes — with Face #3 on 19 areas; 3 areas left out (why below)." in (
        text.stdout
    )
    assert any(
        line.split()[:2] == ["Chin", "Avoid"] and "Broken or inflamed skin" in line
        for line in text.stdout.splitlines()
    )
    assert any("Left cheek" in line and "fine again on 20 March 2026" in line
               for line in text.stdout.splitlines())  # fmt: skip


def test_status_says_no_when_a_profile_stop_covers_every_area(tmp_path: Path) -> None:
    data = load(tmp_path, profile={"conditions": ["pregnant"]})
    document = json.loads(rollerlog(data, "status", "--on", "2026-03-01", "--json").stdout)
    assert document["verdict"]["can_roll"] is False
    assert {entry["state"] for entry in document["map"]} == {"avoid"}
    text = rollerlog(data, "status", "--on", "2026-03-01").stdout
    assert "Can I roll? No — you are pregnant: needling is off until after the pregnancy." in text
    assert "Yes" not in text


def test_status_says_only_a_test_patch_with_lupus(tmp_path: Path) -> None:
    data = load(tmp_path, profile={"conditions": ["lupus"]})
    document = json.loads(rollerlog(data, "status", "--on", "2026-03-01", "--json").stdout)
    assert document["verdict"]["test_patch_only"] is True
    assert document["verdict"]["can_roll"] is False
    text = rollerlog(data, "status", "--on", "2026-03-01").stdout
    assert "Can I roll? Only a test patch for now: lupus needs one watched for 21 days first." in (
        text
    )


@pytest.mark.parametrize(
    ("tz", "saturday", "monday"),
    [
        ("Europe/Berlin", "2026-03-28", "2026-03-30"),
        ("America/New_York", "2026-03-07", "2026-03-09"),
    ],
)
def test_48_real_hours_across_spring_forward(
    tmp_path: Path, tz: str, saturday: str, monday: str
) -> None:
    data = load(
        tmp_path,
        procedures=[{"kind": "neuromodulator", "at": f"{saturday}T10:00", "areas": ["forehead"]}],
        sterilizations=[{"at": f"{monday}T09:00", "roller": "Face #3"}],
    )
    at_ten = rollerlog(data, "plan", "--roller", "Face #3", "--area", "chin",
                       "--at", f"{monday}T10:00", "--json", tz=tz)  # fmt: skip
    assert at_ten.returncode == 3, at_ten.stderr
    [finding] = json.loads(at_ten.stdout)["findings"]
    assert finding["code"] == "neuromodulator-recent"
    assert ", 11:00 or later" in finding["message"]
    at_eleven = rollerlog(data, "plan", "--roller", "Face #3", "--area", "chin",
                          "--at", f"{monday}T11:00", tz=tz)  # fmt: skip
    assert at_eleven.returncode == 0, at_eleven.stdout + at_eleven.stderr
    # Without a clock change in between (UTC), 48 hours end at 10:00.
    in_utc = rollerlog(data, "plan", "--roller", "Face #3", "--area", "chin",
                       "--at", f"{monday}T10:00", tz="UTC")  # fmt: skip
    assert in_utc.returncode == 0, in_utc.stdout


@pytest.mark.parametrize(
    ("tz", "skipped"),
    [("Europe/Berlin", "2026-03-29T02:30"), ("America/New_York", "2026-03-08T02:00")],
)
def test_a_time_in_the_skipped_hour_is_a_usage_error(tmp_path: Path, tz: str, skipped: str) -> None:
    data = load(tmp_path)
    result = rollerlog(
        data, "plan", "--roller", "Face #3", "--area", "chin", "--at", skipped, tz=tz
    )
    assert result.returncode == 2
    [line] = [line for line in result.stderr.splitlines() if "skipped" in line]
    assert "--at" in line
    assert "skipped when the clocks went forward" in line
    assert "01:59 to 03:00" in line
    assert "Traceback" not in result.stderr
    elsewhere = rollerlog(data, "plan", "--roller", "Face #3", "--area", "chin", "--at", skipped)
    assert elsewhere.returncode == 0, elsewhere.stderr  # in UTC that time exists
