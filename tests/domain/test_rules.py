"""Every safety rule on both sides of its boundary, as a user would notice it."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from rollerlog.domain.entities import Lesion, Procedure, Profile, Roller, Sterilization
from rollerlog.domain.findings import Severity
from rollerlog.domain.rules import (
    PlannedSession,
    UnknownRollerError,
    evaluate,
    inputs_from_history,
)
from rollerlog.domain.settings import Settings
from tests.domain.builders import FACE, ROLLERS, codes, only, plan, run, session

MARCH_2 = datetime(2026, 3, 2, 20, 0)


# --------------------------------------------------------------------------- too-soon


def test_day_27_is_too_soon_and_names_day_28() -> None:
    findings = run(plan(datetime(2026, 3, 29, 9, 0)), sessions=[session(MARCH_2)])
    [finding] = only(findings, "too-soon")
    assert finding.severity == Severity.STOP
    assert finding.area == "left-cheek"
    assert "Left cheek" in finding.message
    assert "2 March 2026" in finding.message
    assert "30 March 2026" in finding.message


def test_day_28_is_fine() -> None:
    findings = run(plan(datetime(2026, 3, 30, 6, 0)), sessions=[session(MARCH_2)])
    assert "too-soon" not in codes(findings)


def test_calendar_days_not_hours() -> None:
    late = datetime(2026, 3, 2, 23, 50)
    assert "too-soon" not in codes(
        run(plan(datetime(2026, 3, 30, 0, 10)), sessions=[session(late)])
    )


def test_earlier_the_same_day_is_too_soon_but_later_that_day_is_not_seen() -> None:
    at = datetime(2026, 3, 2, 12, 0)
    assert "too-soon" in codes(run(plan(at), sessions=[session(at - timedelta(minutes=1))]))
    assert "too-soon" not in codes(run(plan(at), sessions=[session(at)]))
    assert "too-soon" not in codes(run(plan(at), sessions=[session(at + timedelta(hours=1))]))


def test_other_areas_do_not_count() -> None:
    findings = run(
        plan(datetime(2026, 3, 10, 9, 0), areas=["forehead"]),
        sessions=[session(MARCH_2, areas=["left-cheek", "chin"])],
    )
    assert "too-soon" not in codes(findings)


def test_one_finding_per_area() -> None:
    findings = run(
        plan(datetime(2026, 3, 10, 9, 0), areas=["left-cheek", "right-cheek", "chin"]),
        sessions=[
            session(MARCH_2, areas=["left-cheek", "right-cheek"]),
            session(datetime(2026, 3, 3, 20, 0), areas=["left-cheek"]),
        ],
    )
    too_soon = only(findings, "too-soon")
    assert [f.area for f in too_soon] == ["left-cheek", "right-cheek"]
    assert "31 March 2026" in too_soon[0].message
    assert "30 March 2026" in too_soon[1].message


def test_override_set_by_the_earlier_sessions_roller() -> None:
    settings = Settings(interval_days_by_needle_mm={"0.25": 7})
    fine_session = [session(MARCH_2, roller="Fine 0.25")]
    # After a 0.25 mm session a week is enough, whatever roller comes next.
    day_6 = run(plan(datetime(2026, 3, 8, 20, 0)), sessions=fine_session, settings=settings)
    [finding] = only(day_6, "too-soon")
    assert "9 March 2026" in finding.message
    day_7 = run(plan(datetime(2026, 3, 9, 20, 0)), sessions=fine_session, settings=settings)
    assert "too-soon" not in codes(day_7)
    # After a 0.5 mm session the next one with a 0.25 mm roller still waits 28 days.
    after_face = run(
        plan(datetime(2026, 3, 9, 20, 0), roller="Fine 0.25"),
        sessions=[session(MARCH_2)],
        settings=settings,
    )
    [finding] = only(after_face, "too-soon")
    assert "30 March 2026" in finding.message


def test_names_the_latest_date_across_earlier_sessions() -> None:
    settings = Settings(interval_days_by_needle_mm={"0.25": 7})
    findings = run(
        plan(datetime(2026, 3, 15, 20, 0)),
        sessions=[
            session(datetime(2026, 3, 1, 20, 0)),  # 0.5 mm: fine from 29 March
            session(datetime(2026, 3, 12, 20, 0), roller="Fine 0.25"),  # fine from 19 March
        ],
        settings=settings,
    )
    [finding] = only(findings, "too-soon")
    assert "29 March 2026" in finding.message
    assert "1 March 2026" in finding.message


def test_interval_days_setting() -> None:
    settings = Settings(interval_days=10)
    sessions = [session(MARCH_2)]
    assert "too-soon" in codes(
        run(plan(datetime(2026, 3, 11, 9)), sessions=sessions, settings=settings)
    )
    assert "too-soon" not in codes(
        run(plan(datetime(2026, 3, 12, 9)), sessions=sessions, settings=settings)
    )


# --------------------------------------------------------------------------- roller use


@pytest.mark.parametrize(("prior", "expected"), [(8, False), (9, True)])
def test_near_limit_from_the_warning_use(prior: int, expected: bool) -> None:
    roller = Roller(name="Face 0.5", needle_mm=0.5, acquired_on=date(2026, 1, 1), prior_uses=prior)
    findings = run(plan(MARCH_2), rollers=[roller])
    near = only(findings, "roller-near-limit")
    assert bool(near) is expected
    if near:
        assert near[0].severity == Severity.CAUTION
        assert near[0].roller == "Face 0.5"
        assert "use 10 of at most 15" in near[0].message


def test_logged_sessions_count_as_uses_only_before_the_plan() -> None:
    roller = Roller(name="Face 0.5", needle_mm=0.5, acquired_on=date(2026, 1, 1), prior_uses=12)
    history = [
        session(datetime(2026, 1, 2, 20), areas=["chin"]),
        session(datetime(2026, 1, 3, 20), areas=["nose"]),
        session(datetime(2026, 4, 3, 20), areas=["nose"]),  # after the plan: not a use yet
    ]
    findings = run(plan(MARCH_2), rollers=[roller], sessions=history)
    [near] = only(findings, "roller-near-limit")
    assert "use 15 of at most 15" in near.message
    assert "roller-worn-out" not in codes(findings)


@pytest.mark.parametrize(("prior", "worn"), [(14, False), (15, True), (16, True)])
def test_worn_out_at_the_limit(prior: int, worn: bool) -> None:
    roller = Roller(name="Face 0.5", needle_mm=0.5, acquired_on=date(2026, 1, 1), prior_uses=prior)
    findings = run(plan(MARCH_2), rollers=[roller])
    assert ("roller-worn-out" in codes(findings)) is worn
    assert ("roller-near-limit" in codes(findings)) is not worn
    if worn:
        assert only(findings, "roller-worn-out")[0].severity == Severity.STOP


def test_warning_setting() -> None:
    roller = Roller(name="Face 0.5", needle_mm=0.5, acquired_on=date(2026, 1, 1), prior_uses=1)
    settings = Settings(roller_warn_uses=2, roller_max_uses=3)
    [near] = only(run(plan(MARCH_2), rollers=[roller], settings=settings), "roller-near-limit")
    assert "use 2 of at most 3" in near.message


@pytest.mark.parametrize(
    ("discarded_on", "expected"),
    [(date(2026, 3, 1), True), (date(2026, 3, 2), True), (date(2026, 3, 3), False)],
)
def test_discarded_on_or_before_the_day(discarded_on: date, expected: bool) -> None:
    roller = Roller(
        name="Face 0.5",
        needle_mm=0.5,
        acquired_on=date(2026, 1, 1),
        discarded_on=discarded_on,
        discard_reason="dropped",
    )
    findings = run(plan(MARCH_2), rollers=[roller])
    discarded = only(findings, "roller-discarded")
    assert bool(discarded) is expected
    if discarded:
        assert discarded[0].severity == Severity.STOP
        assert not discarded[0].acknowledgeable
        assert "dropped" in discarded[0].message


# --------------------------------------------------------------------------- sterilization

PREVIOUS = datetime(2026, 3, 1, 20, 0)
NEXT = datetime(2026, 3, 30, 20, 0)


@pytest.mark.parametrize(
    ("sterilized_at", "missing"),
    [
        (PREVIOUS - timedelta(minutes=1), True),
        (PREVIOUS, True),
        (PREVIOUS + timedelta(seconds=30), True),  # the same minute does not count
        (PREVIOUS + timedelta(minutes=1), False),
        (NEXT, False),  # at the session's time counts
        (NEXT + timedelta(seconds=59), False),  # still the session's minute
        (NEXT + timedelta(minutes=1), True),  # after the session: too late
    ],
)
def test_sterilized_after_the_previous_session(sterilized_at: datetime, missing: bool) -> None:
    findings = run(
        plan(NEXT),
        sessions=[session(PREVIOUS, areas=["chin"])],
        sterilizations=[Sterilization(at=sterilized_at, roller="Face 0.5")],
    )
    assert ("not-sterilized" in codes(findings)) is missing
    if missing:
        [finding] = only(findings, "not-sterilized")
        assert finding.severity == Severity.STOP
        assert finding.roller == "Face 0.5"
        assert "1 March 2026, 20:00" in finding.message


def test_another_rollers_sterilization_does_not_count() -> None:
    findings = run(
        plan(NEXT),
        sessions=[session(PREVIOUS, areas=["chin"])],
        sterilizations=[Sterilization(at=NEXT - timedelta(minutes=5), roller="Fine 0.25")],
    )
    assert "not-sterilized" in codes(findings)


@pytest.mark.parametrize(
    ("sterilized_at", "missing"),
    [
        (datetime(2025, 12, 31, 23, 59), True),
        (datetime(2026, 1, 1, 0, 0), False),
        (None, True),
    ],
)
def test_first_session_needs_a_sterilization_since_acquired(
    sterilized_at: datetime | None, missing: bool
) -> None:
    sterilizations = [] if sterilized_at is None else [Sterilization(sterilized_at, "Face 0.5")]
    findings = run(plan(datetime(2026, 1, 5, 20)), sterilizations=sterilizations)
    assert ("not-sterilized" in codes(findings)) is missing
    if missing:
        assert "1 January 2026" in only(findings, "not-sterilized")[0].message


# --------------------------------------------------------------------------- lesions


def lesion(
    kind: str, noted_on: date, resolved_on: date | None = None, area: str = "left-cheek"
) -> Lesion:
    """A lesion on the left cheek unless told."""
    return Lesion(area=area, kind=kind, noted_on=noted_on, resolved_on=resolved_on)


@pytest.mark.parametrize(
    ("kind", "code", "severity"),
    [
        ("lupus-patch", "lupus-patch-in-area", Severity.STOP),
        ("active-breakout", "broken-skin-in-area", Severity.STOP),
        ("cold-sore", "broken-skin-in-area", Severity.STOP),
        ("open-wound", "broken-skin-in-area", Severity.STOP),
        ("mole", "lesion-in-area", Severity.CAUTION),
        ("skin-tag", "lesion-in-area", Severity.CAUTION),
        ("keloid", "lesion-in-area", Severity.CAUTION),
        ("other", "lesion-in-area", Severity.CAUTION),
    ],
)
def test_lesion_kinds(kind: str, code: str, severity: Severity) -> None:
    findings = run(plan(MARCH_2), lesions=[lesion(kind, date(2026, 2, 1))])
    [finding] = [f for f in findings if f.area is not None]
    assert finding.code == code
    assert finding.severity == severity
    assert finding.area == "left-cheek"
    assert "Left cheek" in finding.message


@pytest.mark.parametrize(
    ("noted_on", "resolved_on", "present"),
    [
        (date(2026, 3, 2), None, True),  # noted that day
        (date(2026, 3, 3), None, False),  # noted the day after
        (date(2026, 2, 1), date(2026, 3, 2), False),  # resolved that day
        (date(2026, 2, 1), date(2026, 3, 3), True),  # resolved the day after
    ],
)
def test_lesion_unresolved_on_the_day(
    noted_on: date, resolved_on: date | None, present: bool
) -> None:
    findings = run(plan(MARCH_2), lesions=[lesion("cold-sore", noted_on, resolved_on)])
    assert ("broken-skin-in-area" in codes(findings)) is present


def test_several_lesions_in_one_area_give_one_finding() -> None:
    findings = run(
        plan(MARCH_2, areas=["left-cheek", "chin"]),
        lesions=[
            lesion("mole", date(2026, 1, 1)),
            lesion("skin-tag", date(2026, 1, 1)),
            lesion("mole", date(2026, 2, 1)),
            lesion("mole", date(2026, 2, 1), area="nose"),
        ],
    )
    [finding] = only(findings, "lesion-in-area")
    assert finding.area == "left-cheek"
    assert "mole" in finding.message
    assert "skin tag" in finding.message
    assert "around them" in finding.message


# --------------------------------------------------------------------------- test patches


def test_test_patch_21_days_back_is_watched_long_enough() -> None:
    patch = session(datetime(2026, 3, 9, 20), areas=["jawline"], test_patch=True)
    findings = run(
        plan(datetime(2026, 3, 30, 9), areas=["chin"]), sessions=[patch], conditions=["lupus"]
    )
    assert "test-patch-first" not in codes(findings)


def test_test_patch_20_days_back_names_when_it_is_watched_long_enough() -> None:
    patch = session(datetime(2026, 3, 10, 20), areas=["jawline"], test_patch=True)
    findings = run(
        plan(datetime(2026, 3, 30, 9), areas=["chin"]), sessions=[patch], conditions=["lupus"]
    )
    [finding] = only(findings, "test-patch-first")
    assert finding.severity == Severity.STOP
    assert "10 March 2026" in finding.message
    assert "31 March 2026" in finding.message


def test_test_patch_with_any_roller_counts() -> None:
    patch = session(
        datetime(2026, 2, 1, 20), roller="Body 1.5", areas=["left-leg"], test_patch=True
    )
    findings = run(plan(MARCH_2), sessions=[patch], conditions=["lupus"])
    assert "test-patch-first" not in codes(findings)


def test_no_test_patch_at_all() -> None:
    findings = run(plan(MARCH_2), conditions=["lupus"])
    assert "test-patch-first" in codes(findings)
    # The test patch itself is fine, and without lupus nothing is asked.
    assert "test-patch-first" not in codes(
        run(plan(MARCH_2, test_patch=True), conditions=["lupus"])
    )
    assert "test-patch-first" not in codes(run(plan(MARCH_2)))


def test_a_later_test_patch_does_not_count() -> None:
    patch = session(MARCH_2 + timedelta(minutes=1), areas=["jawline"], test_patch=True)
    settings = Settings(test_patch_wait_days=0)
    findings = run(plan(MARCH_2), sessions=[patch], conditions=["lupus"], settings=settings)
    assert "test-patch-first" in codes(findings)
    earlier = session(MARCH_2 - timedelta(minutes=1), areas=["jawline"], test_patch=True)
    findings = run(plan(MARCH_2), sessions=[earlier], conditions=["lupus"], settings=settings)
    assert "test-patch-first" not in codes(findings)


# --------------------------------------------------------------------------- profile


@pytest.mark.parametrize(
    ("condition", "severity"),
    [
        ("pregnant", Severity.STOP),
        ("anticoagulants", Severity.STOP),
        ("immunosuppressed", Severity.STOP),
        ("diabetes", Severity.CAUTION),
        ("keloid-prone", Severity.CAUTION),
    ],
)
def test_profile_conditions(condition: str, severity: Severity) -> None:
    [finding] = run(plan(MARCH_2), conditions=[condition])
    assert finding.code == condition
    assert finding.severity == severity
    assert finding.area is None
    assert finding.roller is None
    assert run(plan(MARCH_2)) == []


def test_allergies_and_thighs_or_abdomen() -> None:
    findings = run(
        plan(MARCH_2, areas=["left-thigh", "chin", "abdomen", "right-thigh", "left-leg"]),
        conditions=["allergies"],
    )
    hives = only(findings, "allergy-hives")
    assert [f.area for f in hives] == ["left-thigh", "abdomen", "right-thigh"]
    assert all(f.severity == Severity.STOP for f in hives)
    assert run(plan(MARCH_2, areas=["abdomen"])) == []
    assert run(plan(MARCH_2, areas=["chin"]), conditions=["allergies"]) == []


# --------------------------------------------------------------------------- procedures


@pytest.mark.parametrize(
    ("before", "recent"),
    [
        (timedelta(hours=47, minutes=59), True),
        (timedelta(hours=48), False),
        (timedelta(0), True),
        (timedelta(minutes=-1), False),  # an injection after the session is not "before" it
    ],
)
def test_neuromodulator_48_hours(before: timedelta, recent: bool) -> None:
    injected = MARCH_2 - before
    procedure = Procedure(kind="neuromodulator", at=injected, product="Botox", areas=("forehead",))
    findings = run(plan(MARCH_2, areas=["chin"]), procedures=[procedure])
    found = only(findings, "neuromodulator-recent")
    assert bool(found) is recent
    if found:
        assert found[0].severity == Severity.STOP
        assert found[0].area is None
        fine = injected + timedelta(hours=48)
        assert f"{fine.day} March 2026, {fine:%H:%M}" in found[0].message


@pytest.mark.parametrize(
    ("filler_at", "recent"),
    [
        (datetime(2026, 2, 16, 23, 0), True),  # 13 calendar days before 1 March
        (datetime(2026, 2, 15, 8, 0), False),  # 14 calendar days before
    ],
)
def test_filler_14_days(filler_at: datetime, recent: bool) -> None:
    findings = run(
        plan(datetime(2026, 3, 1, 7, 0)),
        procedures=[Procedure(kind="filler", at=filler_at, areas=("upper-lip",))],
    )
    found = only(findings, "filler-recent")
    assert bool(found) is recent
    if found:
        assert "2 March 2026" in found[0].message


def test_other_procedures_do_not_count() -> None:
    findings = run(
        plan(MARCH_2), procedures=[Procedure(kind="other", at=MARCH_2 - timedelta(hours=1))]
    )
    assert findings == []


# --------------------------------------------------------------------------- needle length


@pytest.mark.parametrize(("needle", "long"), [(0.75, False), (1.0, True), (1.5, True)])
def test_long_needle(needle: float, long: bool) -> None:
    roller = Roller(name="R", needle_mm=needle, acquired_on=date(2026, 1, 1))
    findings = run(plan(MARCH_2, roller="R"), rollers=[roller])
    assert (codes(findings) == ["long-needle"]) is long
    if long:
        assert findings[0].severity == Severity.CAUTION
        assert findings[0].roller == "R"


def test_long_needle_setting() -> None:
    settings = Settings(long_needle_mm=0.5)
    assert codes(run(plan(MARCH_2), settings=settings)) == ["long-needle"]


# --------------------------------------------------------------------------- combined


def test_stops_come_first() -> None:
    findings = run(
        plan(MARCH_2, areas=["left-cheek", "abdomen"]),
        conditions=["diabetes", "pregnant", "allergies", "keloid-prone"],
        lesions=[lesion("mole", date(2026, 1, 1)), lesion("cold-sore", date(2026, 1, 1))],
    )
    severities = [f.severity for f in findings]
    assert severities == sorted(severities, key=["stop", "caution", "note"].index)
    assert set(codes(findings)) == {
        "diabetes",
        "pregnant",
        "allergy-hives",
        "keloid-prone",
        "lesion-in-area",
        "broken-skin-in-area",
    }


def test_unknown_roller_is_the_callers_to_report() -> None:
    with pytest.raises(UnknownRollerError):
        inputs_from_history(
            plan(MARCH_2, roller="Nope"), ROLLERS, [], [], [], [], Profile(), Settings()
        )


def test_inputs_for_another_roller_are_refused() -> None:
    planned = plan(MARCH_2)
    inputs = inputs_from_history(planned, ROLLERS, [], [], [], [], Profile(), Settings())
    other = PlannedSession(at=MARCH_2, roller="Fine 0.25", areas=("chin",))
    with pytest.raises(ValueError, match=r"Face 0\.5"):
        evaluate(other, inputs, Settings())


def test_clean_session_has_no_findings() -> None:
    findings = run(plan(NEXT), sessions=[session(PREVIOUS)], rollers=[FACE])
    assert findings == []


# --------------------------------------------------------------------------- honest words


def test_long_needle_names_the_threshold_in_force() -> None:
    [default] = only(run(plan(MARCH_2, roller="Body 1.5")), "long-needle")
    assert "1.5 mm needles" in default.message
    assert "the 1 mm your settings count as long" in default.message
    [lowered] = only(run(plan(MARCH_2), settings=Settings(long_needle_mm=0.5)), "long-needle")
    assert "0.5 mm your settings count as long" in lowered.message
    assert "millimetre" not in lowered.message


def test_an_override_is_the_users_setting_not_the_skins_repair_time() -> None:
    settings = Settings(interval_days_by_needle_mm={"0.25": 7})
    earlier = session(MARCH_2, roller="Fine 0.25")
    [finding] = only(
        run(plan(MARCH_2 + timedelta(days=3)), sessions=[earlier], settings=settings), "too-soon"
    )
    assert "your setting for 0.25 mm needles rests an area 7 days" in finding.message
    assert "skin needs" not in finding.message
    [default] = only(
        run(plan(MARCH_2 + timedelta(days=3)), sessions=[session(MARCH_2)]), "too-soon"
    )
    assert "the skin needs about 28 days" in default.message
    changed = Settings(interval_days=35)
    [own] = only(
        run(plan(MARCH_2 + timedelta(days=3)), sessions=[session(MARCH_2)], settings=changed),
        "too-soon",
    )
    assert "your setting rests an area 35 days" in own.message


def test_lupus_messages_advise_a_dermatologist_and_a_gentle_approach() -> None:
    first = only(run(plan(MARCH_2), conditions=["lupus"]), "test-patch-first")
    patch = [Lesion("left-cheek", "lupus-patch", date(2026, 3, 1))]
    in_area = only(run(plan(MARCH_2, test_patch=True), lesions=patch), "lupus-patch-in-area")
    for finding in (*first, *in_area):
        assert "board-certified dermatologist" in finding.message
        assert "gentl" in finding.message


def test_sunburn_and_flares_are_broken_skin() -> None:
    for kind, noun in (("sunburn", "sunburn"), ("flare", "eczema, psoriasis or rosacea")):
        lesion = Lesion("left-cheek", kind, date(2026, 3, 1))
        [finding] = only(run(plan(MARCH_2), lesions=[lesion]), "broken-skin-in-area")
        assert finding.severity is Severity.STOP
        assert noun in finding.message


def test_isotretinoin_is_a_standing_caution() -> None:
    [finding] = only(run(plan(MARCH_2), conditions=["isotretinoin"]), "isotretinoin")
    assert finding.severity is Severity.CAUTION
    assert "6 months" in finding.message
