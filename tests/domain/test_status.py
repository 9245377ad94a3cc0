"""Standing findings and the status of rollers and areas as of a day."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from rollerlog.domain.entities import Profile, Roller, Session, Sterilization
from rollerlog.domain.rules import (
    AreaNeedling,
    RollerState,
    area_next_on,
    roller_status,
    status_from_history,
)
from rollerlog.domain.settings import Settings
from tests.domain.builders import FACE, FINE, session

DAY = date(2026, 3, 1)


def status(
    rollers: list[Roller],
    sessions: list[Session] | None = None,
    sterilizations: list[Sterilization] | None = None,
    conditions: tuple[str, ...] = (),
    settings: Settings | None = None,
    day: date = DAY,
) -> dict[str, Any]:
    """The status document for a small history."""
    return status_from_history(
        day,
        rollers,
        sessions or [],
        sterilizations or [],
        Profile(conditions=frozenset(conditions)),
        settings or Settings(),
    ).to_dict()


def test_the_contract_example_shape() -> None:
    roller = Roller("Face 0.5", 0.5, date(2026, 1, 2), prior_uses=7)
    doc = status(
        [roller],
        sessions=[session(datetime(2026, 2, 20, 21, 0))],
        sterilizations=[Sterilization(datetime(2026, 2, 20, 21, 10), "Face 0.5")],
    )
    area_map, verdict = doc.pop("map"), doc.pop("verdict")
    assert area_map[2] == {
        "area": "left-cheek",
        "state": "healing",
        "next_on": "2026-03-20",
        "findings": ["too-soon"],
    }
    assert verdict["can_roll"] is True
    assert doc == {
        "on": "2026-03-01",
        "rollers": [
            {
                "name": "Face 0.5",
                "needle_mm": 0.5,
                "uses": 8,
                "warn_at": 10,
                "limit": 15,
                "state": "active",
                "last_sterilized": "2026-02-20T21:10",
                "needs_sterilization": False,
            }
        ],
        "areas": [{"area": "left-cheek", "last_session": "2026-02-20", "next_on": "2026-03-20"}],
        "findings": [],
    }


def test_only_rollers_acquired_by_the_day_sorted_by_name() -> None:
    later = Roller("Aaa", 0.5, date(2026, 3, 2))
    doc = status([FINE, later, FACE])
    assert [r["name"] for r in doc["rollers"]] == ["Face 0.5", "Fine 0.25"]


def test_sessions_after_the_day_are_not_counted() -> None:
    doc = status([FACE], sessions=[session(datetime(2026, 3, 2, 8, 0))])
    assert doc["areas"] == []
    assert doc["rollers"][0]["uses"] == 0


def test_states() -> None:
    def state(prior: int, discarded_on: date | None = None) -> RollerState:
        roller = Roller("R", 0.5, date(2026, 1, 1), prior_uses=prior, discarded_on=discarded_on)
        return roller_status(roller, DAY, prior, None, None, Settings()).state

    assert state(8) is RollerState.ACTIVE
    assert state(9) is RollerState.NEAR_LIMIT
    assert state(14) is RollerState.NEAR_LIMIT
    assert state(15) is RollerState.WORN_OUT
    assert state(3, discarded_on=DAY) is RollerState.DISCARDED
    assert state(3, discarded_on=date(2026, 3, 2)) is RollerState.ACTIVE


def test_sterilize_after_the_last_session() -> None:
    sessions = [session(datetime(2026, 2, 27, 20, 0))]
    doc = status([FACE], sessions=sessions)
    assert doc["rollers"][0]["needs_sterilization"] is True
    [finding] = doc["findings"]
    assert finding["code"] == "sterilize-after"
    assert finding["severity"] == "caution"
    assert finding["roller"] == "Face 0.5"
    assert "27 February 2026, 20:00" in finding["message"]
    same_minute = [Sterilization(datetime(2026, 2, 27, 20, 0), "Face 0.5")]
    assert status([FACE], sessions=sessions, sterilizations=same_minute)["findings"] != []
    after = [Sterilization(datetime(2026, 2, 27, 20, 1), "Face 0.5")]
    doc = status([FACE], sessions=sessions, sterilizations=after)
    assert doc["findings"] == []
    assert doc["rollers"][0]["needs_sterilization"] is False


def test_unused_roller_needs_a_sterilization_but_gets_no_finding() -> None:
    doc = status([FACE])
    assert doc["rollers"][0]["needs_sterilization"] is True
    assert doc["rollers"][0]["last_sterilized"] is None
    assert doc["findings"] == []
    cleaned = status([FACE], sterilizations=[Sterilization(datetime(2026, 1, 1, 9), "Face 0.5")])
    assert cleaned["rollers"][0]["needs_sterilization"] is False


def test_use_findings_for_rollers_not_discarded() -> None:
    near = Roller("Near", 0.5, date(2026, 1, 1), prior_uses=9)
    worn = Roller("Worn", 0.5, date(2026, 1, 1), prior_uses=15)
    gone = Roller(
        "Gone", 0.5, date(2026, 1, 1), prior_uses=20, discarded_on=DAY, discard_reason="damaged"
    )
    gone_used = [session(datetime(2026, 2, 1, 20), roller="Gone")]
    doc = status([near, worn, gone], sessions=gone_used)
    found = [(f["code"], f["severity"], f["roller"]) for f in doc["findings"]]
    assert found == [
        ("roller-worn-out", "stop", "Worn"),
        ("roller-near-limit", "caution", "Near"),
    ]
    assert "use 10 of at most 15" in doc["findings"][1]["message"]
    assert doc["rollers"][0]["state"] == "discarded"


def test_profile_findings_without_a_session() -> None:
    all_conditions = (
        "pregnant",
        "anticoagulants",
        "immunosuppressed",
        "diabetes",
        "allergies",
        "lupus",
        "keloid-prone",
        "isotretinoin",
    )
    doc = status([], conditions=all_conditions)
    assert [f["code"] for f in doc["findings"]] == [
        "pregnant",
        "anticoagulants",
        "immunosuppressed",
        "diabetes",
        "keloid-prone",
        "isotretinoin",
    ]


def test_area_next_on_is_the_latest_over_its_sessions() -> None:
    settings = Settings(interval_days_by_needle_mm={"0.25": 7})
    sessions = [
        session(datetime(2026, 2, 1, 20), areas=["left-cheek", "chin"]),
        session(datetime(2026, 2, 20, 20), roller="Fine 0.25", areas=["left-cheek", "forehead"]),
    ]
    doc = status([FINE, FACE], sessions=sessions, settings=settings)
    assert doc["areas"] == [
        {"area": "forehead", "last_session": "2026-02-20", "next_on": "2026-02-27"},
        {"area": "left-cheek", "last_session": "2026-02-20", "next_on": "2026-03-01"},
        {"area": "chin", "last_session": "2026-02-01", "next_on": "2026-03-01"},
    ]
    assert area_next_on(
        [AreaNeedling("chin", date(2026, 2, 1), 0.5), AreaNeedling("chin", date(2026, 2, 2), 0.25)],
        settings,
    ) == date(2026, 3, 1)
