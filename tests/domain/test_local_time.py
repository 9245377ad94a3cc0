"""Real hours across clock changes: `neuromodulator-recent` and skipped local times."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from rollerlog.domain.entities import Procedure
from rollerlog.domain.local_time import (
    add_real_time,
    exists_locally,
    real_elapsed,
    skipped_hour_message,
)
from rollerlog.domain.rules import PlannedSession
from tests.domain.builders import only, run

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
UTC_ZONE = ZoneInfo("UTC")
# Clocks go forward: Berlin on Sunday 29 March 2026 at 02:00, New York on Sunday 8 March 2026.
SATURDAY_BERLIN = datetime(2026, 3, 28, 10, 0)
SATURDAY_NEW_YORK = datetime(2026, 3, 7, 10, 0)


def neuromodulator_at(at: datetime, injected: datetime, zone: ZoneInfo) -> list[str]:
    """The `neuromodulator-recent` messages for a session at ``at`` read in ``zone``."""
    plan = PlannedSession(at=at, roller="Face 0.5", areas=("forehead",), zone=zone)
    found = run(plan, procedures=[Procedure("neuromodulator", injected, areas=("forehead",))])
    return [f.message for f in only(found, "neuromodulator-recent")]


@pytest.mark.parametrize(
    ("zone", "saturday"), [(BERLIN, SATURDAY_BERLIN), (NEW_YORK, SATURDAY_NEW_YORK)]
)
def test_48_hours_after_saturday_10_00_end_at_11_00_on_monday(
    zone: ZoneInfo, saturday: datetime
) -> None:
    monday = saturday + timedelta(days=2)
    assert neuromodulator_at(monday.replace(hour=10, minute=59), saturday, zone)
    [message] = neuromodulator_at(monday.replace(hour=10, minute=0), saturday, zone)
    assert f"{monday.day} March 2026, 11:00" in message
    assert neuromodulator_at(monday.replace(hour=11, minute=0), saturday, zone) == []


def test_without_a_clock_change_48_hours_are_two_days_to_the_minute() -> None:
    saturday = SATURDAY_BERLIN
    assert neuromodulator_at(saturday + timedelta(days=2), saturday, UTC_ZONE) == []
    assert neuromodulator_at(saturday + timedelta(days=2, minutes=-1), saturday, UTC_ZONE)


def test_in_autumn_the_extra_hour_counts_too() -> None:
    saturday = datetime(2026, 10, 24, 10, 0)  # Berlin goes back on Sunday 25 October
    [message] = neuromodulator_at(datetime(2026, 10, 26, 8, 0), saturday, BERLIN)
    assert "26 October 2026, 09:00" in message
    assert neuromodulator_at(datetime(2026, 10, 26, 9, 0), saturday, BERLIN) == []


def test_an_injection_stored_in_the_skipped_hour_is_named_as_a_real_time() -> None:
    skipped = datetime(2026, 3, 29, 2, 30)
    [message] = neuromodulator_at(datetime(2026, 3, 29, 12, 0), skipped, BERLIN)
    assert "02:30" not in message
    assert "29 March 2026, 03:30" in message
    assert "31 March 2026, 03:30" in message


def test_the_helpers_count_real_time() -> None:
    assert real_elapsed(SATURDAY_BERLIN, SATURDAY_BERLIN + timedelta(days=2), BERLIN) == timedelta(
        hours=47
    )
    assert add_real_time(SATURDAY_BERLIN, timedelta(hours=24), BERLIN) == datetime(
        2026, 3, 29, 11, 0
    )
    assert not exists_locally(datetime(2026, 3, 29, 2, 0), BERLIN)
    assert not exists_locally(datetime(2026, 3, 29, 2, 59), BERLIN)
    assert exists_locally(datetime(2026, 3, 29, 3, 0), BERLIN)
    assert exists_locally(datetime(2026, 3, 29, 1, 59), BERLIN)
    assert exists_locally(datetime(2026, 3, 29, 2, 30), NEW_YORK)
    assert not exists_locally(datetime(2026, 3, 8, 2, 30), NEW_YORK)
    assert exists_locally(datetime(2026, 10, 25, 2, 30), BERLIN)  # happens twice, but exists


def test_the_refusal_names_only_times_that_exist() -> None:
    message = skipped_hour_message("2026-03-29T02:30", datetime(2026, 3, 29, 2, 30), BERLIN)
    times = re.findall(r"\b(\d\d):(\d\d)\b", message.replace("2026-03-29T02:30", ""))
    assert times == [("01", "59"), ("03", "00")]
    for hour, minute in times:
        assert exists_locally(datetime(2026, 3, 29, int(hour), int(minute)), BERLIN)
