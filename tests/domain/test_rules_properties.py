"""Property-based checks of the rules over random small histories."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from babel.dates import get_month_names
from hypothesis import given, settings
from hypothesis import strategies as st

from rollerlog.domain.areas import area_label
from rollerlog.domain.entities import Lesion, Procedure, Profile, Roller, Session, Sterilization
from rollerlog.domain.findings import AREA_CODES, CODES, SEVERITY_RANK, Finding, severity_of
from rollerlog.domain.rules import (
    PlannedSession,
    RollerState,
    evaluate,
    inputs_from_history,
    status_from_history,
)
from rollerlog.domain.settings import Settings
from rollerlog.domain.vocabulary import CONDITIONS, LESION_KINDS

BASE = datetime(2026, 1, 1)
SPAN_DAYS = 80
AREAS = ("left-cheek", "chin", "abdomen", "left-thigh")
NAMES = ("Face 0.5", "Fine 0.25", "Body 1.5")
NEEDLES = {"Face 0.5": 0.5, "Fine 0.25": 0.25, "Body 1.5": 1.5}
EXAMPLES = settings(max_examples=100, deadline=None)


@dataclass(frozen=True)
class History:
    """A complete random history and the settings it is read with."""

    rollers: tuple[Roller, ...]
    sessions: tuple[Session, ...]
    sterilizations: tuple[Sterilization, ...]
    lesions: tuple[Lesion, ...]
    procedures: tuple[Procedure, ...]
    profile: Profile
    settings: Settings

    def before(self, moment: datetime) -> History:
        """The same history with only the sessions strictly before ``moment``."""
        return replace(self, sessions=tuple(s for s in self.sessions if s.at < moment))


# Quarter-hour times so that sessions and sterilizations often share a minute.
moments = st.integers(0, SPAN_DAYS * 24 * 4).map(lambda q: BASE + timedelta(minutes=15 * q))
days = st.integers(0, SPAN_DAYS).map(lambda d: BASE.date() + timedelta(days=d))
area_sets = st.lists(st.sampled_from(AREAS), min_size=1, max_size=3, unique=True).map(tuple)


@st.composite
def rollers(draw: st.DrawFn) -> tuple[Roller, ...]:
    """The three rollers, with random prior uses and perhaps a discard."""
    made = []
    for name in NAMES:
        discarded_on = draw(st.none() | days)
        made.append(
            Roller(
                name=name,
                needle_mm=NEEDLES[name],
                acquired_on=BASE.date(),
                prior_uses=draw(st.integers(0, 6)),
                discarded_on=discarded_on,
                discard_reason=None if discarded_on is None else "dropped",
            )
        )
    return tuple(made)


sessions = st.builds(
    Session, at=moments, roller=st.sampled_from(NAMES), areas=area_sets, test_patch=st.booleans()
)
sterilizations = st.builds(Sterilization, at=moments, roller=st.sampled_from(NAMES))


@st.composite
def lesions(draw: st.DrawFn) -> Lesion:
    """A lesion in one of the areas, perhaps resolved."""
    noted_on = draw(days)
    resolved_after = draw(st.none() | st.integers(1, 30))
    return Lesion(
        area=draw(st.sampled_from(AREAS)),
        kind=draw(st.sampled_from(sorted(LESION_KINDS))),
        noted_on=noted_on,
        resolved_on=None if resolved_after is None else noted_on + timedelta(days=resolved_after),
    )


procedures = st.builds(
    Procedure, kind=st.sampled_from(["neuromodulator", "filler", "other"]), at=moments
)


@st.composite
def rule_settings(draw: st.DrawFn) -> Settings:
    """Settings within their bounds, small enough for the histories to reach them."""
    warn = draw(st.integers(1, 8))
    return Settings(
        interval_days=draw(st.sampled_from([3, 14, 28])),
        interval_days_by_needle_mm=draw(st.sampled_from([{}, {"0.25": 7}, {"1.5": 40}])),
        roller_warn_uses=warn,
        roller_max_uses=draw(st.integers(warn, 10)),
        test_patch_wait_days=draw(st.integers(0, 30)),
        long_needle_mm=draw(st.sampled_from([0.5, 1.0, 2.0])),
    )


@st.composite
def histories(draw: st.DrawFn) -> History:
    """A random small history."""
    return History(
        rollers=draw(rollers()),
        sessions=tuple(draw(st.lists(sessions, max_size=12))),
        sterilizations=tuple(draw(st.lists(sterilizations, max_size=8))),
        lesions=tuple(draw(st.lists(lesions(), max_size=4))),
        procedures=tuple(draw(st.lists(procedures, max_size=3))),
        profile=Profile(conditions=draw(st.frozensets(st.sampled_from(sorted(CONDITIONS))))),
        settings=draw(rule_settings()),
    )


plans = st.builds(
    PlannedSession,
    at=moments,
    roller=st.sampled_from(NAMES),
    areas=area_sets,
    test_patch=st.booleans(),
)


def findings_for(plan: PlannedSession, history: History) -> list[Finding]:
    """Evaluate a plan against a history."""
    inputs = inputs_from_history(
        plan,
        history.rollers,
        history.sessions,
        history.sterilizations,
        history.lesions,
        history.procedures,
        history.profile,
        history.settings,
    )
    return evaluate(plan, inputs, history.settings)


def too_soon_areas(findings: list[Finding]) -> set[str]:
    """The areas with a `too-soon` finding."""
    return {f.area for f in findings if f.code == "too-soon" and f.area is not None}


MONTH_NAMES = tuple(get_month_names("wide", locale="en_GB").values())
_DAY_TEXT = re.compile(r"(\d{1,2}) (" + "|".join(MONTH_NAMES) + r") (\d{4})")


def named_days(message: str) -> list[date]:
    """Every "2 March 2026" day a message names, in order."""
    return [
        date(int(year), MONTH_NAMES.index(month) + 1, int(day))
        for day, month, year in _DAY_TEXT.findall(message)
    ]


@EXAMPLES
@given(histories(), plans)
def test_findings_are_well_formed(history: History, plan: PlannedSession) -> None:
    findings = findings_for(plan, history)
    ranks = [SEVERITY_RANK[f.severity] for f in findings]
    assert ranks == sorted(ranks)
    seen: set[tuple[str, str | None]] = set()
    for finding in findings:
        assert finding.code in CODES
        assert finding.code != "sterilize-after"
        assert finding.severity == severity_of(finding.code)
        assert finding.message
        key = (finding.code, finding.area)
        assert key not in seen
        seen.add(key)
        if finding.code in AREA_CODES:
            assert finding.area in plan.areas
            assert area_label(finding.area).lower() in finding.message.lower()
        else:
            assert finding.area is None
        if finding.roller is not None:
            assert finding.roller == plan.roller


@EXAMPLES
@given(histories(), plans, st.integers(1, 60 * 24 * 40))
def test_moving_a_session_later_never_adds_a_too_soon(
    history: History, plan: PlannedSession, minutes_later: int
) -> None:
    past = history.before(plan.at)
    later = replace(plan, at=plan.at + timedelta(minutes=minutes_later))
    assert too_soon_areas(findings_for(later, past)) <= too_soon_areas(findings_for(plan, past))


@EXAMPLES
@given(histories(), plans)
def test_too_soon_names_the_first_fine_day(history: History, plan: PlannedSession) -> None:
    past = history.before(plan.at)
    for finding in findings_for(plan, past):
        if finding.code != "too-soon":
            continue
        fine_on = named_days(finding.message)[-1]
        assert fine_on > plan.day
        on_the_day = replace(plan, at=datetime.combine(fine_on, datetime.min.time()))
        assert finding.area not in too_soon_areas(findings_for(on_the_day, past))
        day_before = replace(on_the_day, at=on_the_day.at - timedelta(minutes=1))
        if day_before.at >= plan.at:
            assert finding.area in too_soon_areas(findings_for(day_before, past))


@EXAMPLES
@given(histories(), plans, moments)
def test_adding_a_sterilization_never_adds_not_sterilized(
    history: History, plan: PlannedSession, cleaned_at: datetime
) -> None:
    before = "not-sterilized" in {f.code for f in findings_for(plan, history)}
    more = replace(
        history,
        sterilizations=(*history.sterilizations, Sterilization(cleaned_at, plan.roller)),
    )
    after = "not-sterilized" in {f.code for f in findings_for(plan, more)}
    assert before or not after


@EXAMPLES
@given(histories(), plans)
def test_the_order_of_the_history_does_not_matter(history: History, plan: PlannedSession) -> None:
    def inputs(h: History) -> object:
        return inputs_from_history(
            plan,
            h.rollers,
            h.sessions,
            h.sterilizations,
            h.lesions,
            h.procedures,
            h.profile,
            h.settings,
        )

    reversed_history = replace(
        history,
        rollers=history.rollers[::-1],
        sessions=history.sessions[::-1],
        sterilizations=history.sterilizations[::-1],
        lesions=history.lesions[::-1],
        procedures=history.procedures[::-1],
    )
    assert inputs(history) == inputs(reversed_history)


@EXAMPLES
@given(histories(), days)
def test_status_agrees_with_a_session_at_the_end_of_the_day(history: History, day: date) -> None:
    # Keep every session before 23:00 so a plan at 23:59 sees the whole day.
    history = replace(
        history,
        sessions=tuple(s for s in history.sessions if s.at.hour < 23 and s.at.date() <= day),
    )
    status = status_from_history(
        day,
        history.rollers,
        history.sessions,
        history.sterilizations,
        history.profile,
        history.settings,
    )
    end_of_day = datetime.combine(day, datetime.min.time()).replace(hour=23, minute=59)
    for roller in status.rollers:
        plan = PlannedSession(at=end_of_day, roller=roller.name, areas=("nose",))
        found = {f.code for f in findings_for(plan, history)}
        assert ("not-sterilized" in found) is roller.needs_sterilization
        assert ("roller-discarded" in found) is (roller.state is RollerState.DISCARDED)
        if roller.state is not RollerState.DISCARDED:
            assert ("roller-worn-out" in found) is (roller.state is RollerState.WORN_OUT)
            assert ("roller-near-limit" in found) is (roller.state is RollerState.NEAR_LIMIT)
    for area in status.areas:
        if area.next_on <= day:
            continue
        plan = PlannedSession(
            at=datetime.combine(area.next_on, datetime.min.time()),
            roller="Face 0.5",
            areas=(area.area,),
        )
        assert area.area not in too_soon_areas(findings_for(plan, history))
        eve = replace(plan, at=plan.at - timedelta(minutes=1))
        assert area.area in too_soon_areas(findings_for(eve, history))
    standing = {(f.code, f.roller) for f in status.findings}
    for roller in status.rollers:
        expected = (
            roller.state is not RollerState.DISCARDED
            and roller.needs_sterilization
            and roller.last_session_at is not None
        )
        assert (("sterilize-after", roller.name) in standing) is expected
