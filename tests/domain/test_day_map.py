"""The day's map and verdict: each area's state, and whether the answer to "can I roll?" is yes."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from hypothesis import given
from hypothesis import strategies as st

from rollerlog.domain.areas import AREA_SLUGS
from rollerlog.domain.day_map import ROLLER_CODES, AreaState, DayMap
from rollerlog.domain.entities import Lesion, Procedure, Profile, Roller, Session, Sterilization
from rollerlog.domain.findings import AREA_CODES, Severity
from rollerlog.domain.rules import PlannedSession, RollerState, status_from_history
from rollerlog.domain.settings import Settings
from tests.domain.builders import FACE, FINE, session
from tests.domain.test_rules_properties import EXAMPLES, History, days, findings_for, histories

DAY = date(2026, 3, 1)
CLEAN = [Sterilization(datetime(2026, 1, 1, 9), "Face 0.5")]


def day_map(
    *,
    rollers: list[Roller] | None = None,
    sessions: list[Session] | None = None,
    sterilizations: list[Sterilization] | None = None,
    lesions: list[Lesion] | None = None,
    procedures: list[Procedure] | None = None,
    conditions: tuple[str, ...] = (),
    settings: Settings | None = None,
    day: date = DAY,
) -> DayMap:
    """The map of a small history."""
    return status_from_history(
        day,
        rollers if rollers is not None else [FACE],
        sessions or [],
        CLEAN if sterilizations is None else sterilizations,
        Profile(frozenset(conditions)),
        settings or Settings(),
        lesions=lesions or [],
        procedures=procedures or [],
    ).day_map


def states(found: DayMap) -> dict[str, str]:
    """Area slug -> state, for the areas not ready."""
    return {a.area: str(a.state) for a in found.areas if a.state is not AreaState.READY}


def test_a_fresh_log_is_ready_everywhere_with_its_roller() -> None:
    found = day_map()
    assert [a.area for a in found.areas] == list(AREA_SLUGS)
    assert states(found) == {}
    assert found.verdict.can_roll
    assert found.verdict.rollers == ("Face 0.5",)
    assert found.verdict.areas == AREA_SLUGS
    assert not found.verdict.test_patch_only


def test_a_recent_session_heals_its_areas_until_the_day_it_is_fine() -> None:
    sessions = [session(datetime(2026, 2, 20, 20), areas=["left-cheek", "chin"])]
    found = day_map(sessions=sessions)
    assert states(found) == {"left-cheek": "healing", "chin": "healing"}
    assert found.area("chin").next_on == date(2026, 3, 20)
    assert found.area("chin").codes == ("too-soon",)
    assert found.area("nose").next_on is None
    on_the_day = day_map(sessions=sessions, day=date(2026, 3, 20))
    assert states(on_the_day) == {}
    assert day_map(sessions=sessions, day=date(2026, 3, 19)).area("chin").next_on == date(
        2026, 3, 20
    )


def test_a_session_on_the_day_itself_counts_until_23_59() -> None:
    late = day_map(sessions=[session(datetime(2026, 3, 1, 23, 58), areas=["nose"])])
    assert late.area("nose").state is AreaState.HEALING
    at_the_minute = day_map(sessions=[session(datetime(2026, 3, 1, 23, 59), areas=["nose"])])
    assert at_the_minute.area("nose").state is AreaState.READY  # "strictly before" 23:59


def test_the_per_needle_override_sets_next_on() -> None:
    settings = Settings(interval_days_by_needle_mm={"0.25": 7})
    found = day_map(
        rollers=[FACE, FINE],
        sessions=[session(datetime(2026, 2, 27, 20), roller="Fine 0.25", areas=["forehead"])],
        settings=settings,
    )
    assert found.area("forehead").next_on == date(2026, 3, 6)


def test_an_active_breakout_avoids_only_its_area() -> None:
    found = day_map(lesions=[Lesion("chin", "active-breakout", date(2026, 2, 25))])
    assert states(found) == {"chin": "avoid"}
    assert found.area("chin").codes == ("broken-skin-in-area",)
    assert "chin" not in found.verdict.areas
    assert found.verdict.can_roll


def test_sunburn_and_flares_are_broken_skin_a_mole_is_care() -> None:
    found = day_map(
        lesions=[
            Lesion("nose", "sunburn", date(2026, 2, 28)),
            Lesion("left-arm", "flare", date(2026, 2, 1)),
            Lesion("back", "mole", date(2025, 1, 1)),
            Lesion("forehead", "sunburn", date(2026, 2, 1), resolved_on=DAY),
        ]
    )
    assert states(found) == {"nose": "avoid", "left-arm": "avoid", "back": "care"}
    assert "back" in found.verdict.areas  # care is open: roll around the mole


def test_a_healing_area_with_a_spot_is_avoided_not_healing() -> None:
    found = day_map(
        sessions=[session(datetime(2026, 2, 20, 20), areas=["chin"])],
        lesions=[Lesion("chin", "cold-sore", date(2026, 2, 28))],
    )
    assert found.area("chin").state is AreaState.AVOID
    assert found.area("chin").next_on is None
    assert set(found.area("chin").codes) == {"too-soon", "broken-skin-in-area"}


def test_allergies_avoid_the_abdomen_and_thighs() -> None:
    found = day_map(conditions=("allergies",))
    assert states(found) == dict.fromkeys(("abdomen", "left-thigh", "right-thigh"), "avoid")


def test_a_profile_stop_avoids_every_area_and_the_answer_is_no() -> None:
    for condition in ("pregnant", "anticoagulants", "immunosuppressed"):
        found = day_map(conditions=(condition,))
        assert set(states(found).values()) == {"avoid"}
        assert len(states(found)) == len(AREA_SLUGS)
        assert not found.verdict.can_roll
        assert found.verdict.areas == ()
        assert found.verdict.rollers == ("Face 0.5",)  # the roller is fine; the person is not
        assert [f.code for f in found.stops_everywhere] == [condition]


def test_cautions_about_the_person_leave_areas_ready() -> None:
    found = day_map(conditions=("diabetes", "keloid-prone", "isotretinoin"))
    assert states(found) == {}
    assert set(found.area("nose").codes) == {"diabetes", "keloid-prone", "isotretinoin"}
    assert found.verdict.can_roll


def test_a_neuromodulator_avoids_everything_for_48_hours() -> None:
    injected = [Procedure("neuromodulator", datetime(2026, 3, 1, 10, 0), areas=("forehead",))]
    assert not day_map(procedures=injected).verdict.can_roll
    assert day_map(procedures=injected, day=date(2026, 3, 3)).verdict.can_roll


def test_lupus_without_a_test_patch_is_test_patch_only() -> None:
    found = day_map(conditions=("lupus",))
    assert not found.verdict.can_roll
    assert found.verdict.test_patch_only
    assert found.area("nose").codes == ("test-patch-first",)


def test_lupus_with_a_patch_watched_long_enough_is_yes() -> None:
    patch = [session(datetime(2026, 2, 5, 20), areas=["left-arm"], test_patch=True)]
    found = day_map(conditions=("lupus",), sessions=patch)
    assert found.verdict.can_roll
    assert not found.verdict.test_patch_only
    assert found.area("left-arm").state is AreaState.HEALING
    recent = [replace(patch[0], at=datetime(2026, 2, 20, 20))]
    waiting = day_map(conditions=("lupus",), sessions=recent)
    assert not waiting.verdict.can_roll
    assert waiting.verdict.test_patch_only


def test_lupus_and_pregnancy_is_no_not_test_patch_only() -> None:
    found = day_map(conditions=("lupus", "pregnant"))
    assert not found.verdict.can_roll
    assert not found.verdict.test_patch_only


def test_no_usable_roller_is_no_even_with_every_area_ready() -> None:
    worn = Roller("Worn", 0.5, date(2026, 1, 1), prior_uses=15)
    gone = Roller("Gone", 0.5, date(2026, 1, 1), discarded_on=DAY, discard_reason="dropped")
    later = Roller("Later", 0.5, date(2026, 3, 2))
    found = day_map(rollers=[worn, gone, later])
    assert states(found) == {}
    assert not found.verdict.can_roll
    assert found.verdict.rollers == ()


def test_a_roller_that_needs_sterilizing_is_usable() -> None:
    found = day_map(sterilizations=[])
    assert found.verdict.rollers == ("Face 0.5",)
    assert found.verdict.can_roll


def test_the_json_shape_is_the_contracts() -> None:
    doc = status_from_history(
        DAY,
        [FACE],
        [session(datetime(2026, 2, 20, 20))],
        CLEAN,
        Profile(),
        Settings(),
    ).to_dict()
    assert doc["map"][2] == {
        "area": "left-cheek",
        "state": "healing",
        "next_on": "2026-03-20",
        "findings": ["too-soon"],
    }
    assert doc["map"][0] == {"area": "forehead", "state": "ready", "next_on": None, "findings": []}
    assert [entry["area"] for entry in doc["map"]] == list(AREA_SLUGS)
    assert doc["verdict"] == {
        "can_roll": True,
        "rollers": ["Face 0.5"],
        "areas": [a for a in AREA_SLUGS if a != "left-cheek"],
        "test_patch_only": False,
    }


# --------------------------------------------------------------------------- properties


def end_of(day: date) -> datetime:
    """23:59 on the day: the moment the map is read at."""
    return datetime.combine(day, datetime.min.time()).replace(hour=23, minute=59)


@EXAMPLES
@given(histories(), days)
def test_the_map_agrees_with_plan_for_every_area(history: History, day: date) -> None:
    status = status_from_history(
        day,
        history.rollers,
        history.sessions,
        history.sterilizations,
        history.profile,
        history.settings,
        lesions=history.lesions,
        procedures=history.procedures,
    )
    found = status.day_map
    usable = [r.name for r in status.rollers if r.state not in _UNUSABLE]
    assert list(found.verdict.rollers) == usable
    for entry in found.areas:
        for roller in usable or [history.rollers[0].name]:
            plan = PlannedSession(at=end_of(day), roller=roller, areas=(entry.area,))
            findings = [f for f in findings_for(plan, history) if f.code not in ROLLER_CODES]
            stops = {f.code for f in findings if f.severity is Severity.STOP}
            area_stops = {f.code for f in findings if f.severity is Severity.STOP and f.area}
            assert {f.code for f in findings} == set(entry.codes)
            if entry.is_open:
                assert not area_stops
                assert not stops
            elif entry.state is AreaState.AVOID:
                assert stops - {"too-soon"}
            else:
                assert stops == {"too-soon"}
                later = replace(plan, at=datetime.combine(entry.next_on, datetime.min.time()))
                past = history.before(plan.at)  # what the map knew on the day
                assert "too-soon" not in {f.code for f in findings_for(later, past)}
            if entry.state is AreaState.CARE:
                assert any(f.code in AREA_CODES for f in findings)
    assert found.verdict.can_roll is (bool(usable) and bool(found.verdict.areas))
    if found.verdict.test_patch_only:
        assert not found.verdict.areas
        assert any({f.code for f in entry.stops} == {"test-patch-first"} for entry in found.areas)
        patch_ok = False
        for entry in found.areas:
            plan = PlannedSession(end_of(day), history.rollers[0].name, (entry.area,), True)
            stops = {
                f.code
                for f in findings_for(plan, history)
                if f.severity is Severity.STOP and f.code not in ROLLER_CODES
            }
            patch_ok = patch_ok or not stops
        assert patch_ok


_UNUSABLE = (RollerState.DISCARDED, RollerState.WORN_OUT)


@EXAMPLES
@given(histories(), days, st.sampled_from(["diabetes", "pregnant", "lupus", "allergies"]))
def test_never_yes_beside_a_stop_for_every_area(history: History, day: date, extra: str) -> None:
    history = replace(history, profile=Profile(history.profile.conditions | {extra}))
    found = status_from_history(
        day,
        history.rollers,
        history.sessions,
        history.sterilizations,
        history.profile,
        history.settings,
        lesions=history.lesions,
        procedures=history.procedures,
    ).day_map
    if found.stops_everywhere:
        assert not found.verdict.can_roll
    if found.verdict.can_roll:
        assert all(not entry.stops for entry in found.areas if entry.area in found.verdict.areas)
