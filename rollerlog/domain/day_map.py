"""The day's map and verdict (contract section 2): each area's state on a day, and can I roll?

For a day D every area of the catalogue gets a state from the findings that a session on that
area alone, at the end of D (23:59), would get: the same rules as any planned session, with
the findings about rollers left out and the session taken as not a test patch.

* ``avoid``: a `stop` other than `too-soon` applies;
* ``healing``: else `too-soon` applies, and ``next_on`` is the first day it no longer does;
* ``care``: else an area caution applies (`lesion-in-area`);
* ``ready``: otherwise.

The verdict says yes (``can_roll``) when some area is ready or care and some roller is usable
on D. Everything here is pure: the day, the history's slice and the rollers are passed in.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from typing import Any

from rollerlog.domain.areas import AREA_SLUGS
from rollerlog.domain.entities import Lesion, Procedure, Profile, Roller, Session
from rollerlog.domain.findings import AREA_CODES, Finding, Severity, title_of
from rollerlog.domain.rules import (
    FILLER_WAIT_DAYS,
    AreaLesion,
    AreaNeedling,
    PlannedSession,
    RollerState,
    RollerStatus,
    RuleInputs,
    evaluate,
)
from rollerlog.domain.settings import Settings
from rollerlog.domain.wording import format_day

ROLLER_CODES: frozenset[str] = frozenset(
    {"roller-discarded", "roller-worn-out", "roller-near-limit", "not-sterilized", "long-needle"}
)
"""Findings about rollers: left out of the map (the verdict looks at rollers on its own)."""

END_OF_DAY = time(23, 59)
"""The time of day the map is read at: a session at the very end of the day."""

_PLACEHOLDER = "\x00any roller"  # a name no real roller can have (control characters are refused)


class AreaState(StrEnum):
    """An area's state on a day, most open first."""

    READY = "ready"
    CARE = "care"
    HEALING = "healing"
    AVOID = "avoid"


@dataclass(frozen=True, slots=True)
class AreaDay:
    """One area on the day: its state, when healing ends, and the findings behind the state."""

    area: str
    state: AreaState
    next_on: date | None
    findings: tuple[Finding, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        """The codes of the findings considered for the area, each once, stops first."""
        return tuple(dict.fromkeys(finding.code for finding in self.findings))

    @property
    def is_open(self) -> bool:
        """True when a session may include the area today (ready, or with care)."""
        return self.state in (AreaState.READY, AreaState.CARE)

    @property
    def stops(self) -> tuple[Finding, ...]:
        """The findings at `stop` for this area."""
        return tuple(f for f in self.findings if f.severity is Severity.STOP)

    def to_dict(self) -> dict[str, Any]:
        """The area as the contract's `status --json` ``map`` entry."""
        return {
            "area": self.area,
            "state": str(self.state),
            "next_on": None if self.next_on is None else self.next_on.isoformat(),
            "findings": list(self.codes),
        }


@dataclass(frozen=True, slots=True)
class Verdict:
    """Can I roll on the day? With which rollers, on which areas; or only a test patch."""

    can_roll: bool
    rollers: tuple[str, ...]
    areas: tuple[str, ...]
    test_patch_only: bool

    def to_dict(self) -> dict[str, Any]:
        """The verdict as the contract's `status --json` ``verdict`` object."""
        return {
            "can_roll": self.can_roll,
            "rollers": list(self.rollers),
            "areas": list(self.areas),
            "test_patch_only": self.test_patch_only,
        }


@dataclass(frozen=True, slots=True)
class DayMap:
    """Every area of the catalogue on a day (in catalogue order) and the day's verdict."""

    on: date
    areas: tuple[AreaDay, ...]
    verdict: Verdict
    test_patch_wait_days: int = Settings().test_patch_wait_days
    """How long a test patch is watched (the setting in force), for the verdict's words."""

    def area(self, slug: str) -> AreaDay:
        """The state of one area; raises KeyError for a slug outside the catalogue."""
        for entry in self.areas:
            if entry.area == slug:
                return entry
        raise KeyError(slug)

    @property
    def left_out(self) -> tuple[AreaDay, ...]:
        """The areas that are not open today (healing or avoided), in catalogue order."""
        return tuple(entry for entry in self.areas if not entry.is_open)

    @property
    def stops_everywhere(self) -> tuple[Finding, ...]:
        """The `stop` findings that apply to every area alike (profile, procedures, lupus).

        These are the findings about no particular area that every area's entry has; when
        there is one, no area is open, whatever else is true.
        """
        if not self.areas:
            return ()
        first = self.areas[0]
        shared = [
            finding
            for finding in first.stops
            if finding.code not in AREA_CODES
            and all(finding in entry.findings for entry in self.areas[1:])
        ]
        return tuple(shared)

    def to_dicts(self) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        """The ``map`` list and the ``verdict`` object of `status --json`."""
        return [entry.to_dict() for entry in self.areas], self.verdict.to_dict()


@dataclass(frozen=True, slots=True)
class DayInputs:
    """The slice of history the map of day D needs; T is D at 23:59.

    * ``needlings``: per (area, needle length) the latest day an area was needled by a session
      strictly before T, on a day within ``settings.max_interval_days()`` days before D (only
      the latest can set when the area heals).
    * ``lesions``: the (area, kind) of every lesion unresolved on D.
    * ``neuromodulator_at``: the latest `neuromodulator` procedure at or before T, or None.
    * ``filler_on``: the day of the latest `filler` at or before T on a day fewer than 14 days
      before D, or None.
    * ``conditions``: the profile's conditions.
    * ``first_test_patch_on``: the day of the earliest test-patch session strictly before T.

    Stored sorted and without duplicates, so equal slices compare equal however gathered.
    """

    needlings: tuple[AreaNeedling, ...] = ()
    lesions: tuple[AreaLesion, ...] = ()
    neuromodulator_at: datetime | None = None
    filler_on: date | None = None
    conditions: frozenset[str] = frozenset()
    first_test_patch_on: date | None = None

    def __post_init__(self) -> None:
        """Normalize: latest day per (area, needle length); collections sorted."""
        latest: dict[tuple[str, float], date] = {}
        for needling in self.needlings:
            key = (needling.area, needling.needle_mm)
            if key not in latest or latest[key] < needling.day:
                latest[key] = needling.day
        object.__setattr__(
            self,
            "needlings",
            tuple(sorted(AreaNeedling(area, day, mm) for (area, mm), day in latest.items())),
        )
        object.__setattr__(self, "lesions", tuple(sorted(set(self.lesions))))
        object.__setattr__(self, "conditions", frozenset(self.conditions))


def end_of_day(day: date) -> datetime:
    """The moment the map of ``day`` is read at: 23:59 on that day."""
    return datetime.combine(day, END_OF_DAY)


def day_inputs_from_history(
    day: date,
    rollers: Iterable[Roller],
    sessions: Iterable[Session],
    lesions: Iterable[Lesion],
    procedures: Iterable[Procedure],
    profile: Profile,
    settings: Settings,
) -> DayInputs:
    """The map's slice of history from full lists (the reference for store queries)."""
    at = end_of_day(day)
    needle_by_name = {r.name: r.needle_mm for r in rollers}
    window_start = day - timedelta(days=settings.max_interval_days())
    before = [s for s in sessions if s.at < at]
    needlings = [
        AreaNeedling(area, session.at.date(), needle_by_name[session.roller])
        for session in before
        if session.at.date() > window_start
        for area in session.areas
    ]
    procedure_list = list(procedures)
    return DayInputs(
        needlings=tuple(needlings),
        lesions=tuple(
            AreaLesion(lesion.area, lesion.kind)
            for lesion in lesions
            if lesion.is_unresolved_on(day)
        ),
        neuromodulator_at=max(
            (p.at for p in procedure_list if p.kind == "neuromodulator" and p.at <= at),
            default=None,
        ),
        filler_on=max(
            (
                p.at.date()
                for p in procedure_list
                if p.kind == "filler" and p.at <= at and (day - p.at.date()).days < FILLER_WAIT_DAYS
            ),
            default=None,
        ),
        conditions=profile.conditions,
        first_test_patch_on=min((s.at.date() for s in before if s.test_patch), default=None),
    )


def area_findings(
    day: date, area: str, inputs: DayInputs, settings: Settings, zone: tzinfo | None = None
) -> list[Finding]:
    """What a session on ``area`` alone at the end of ``day`` would get, rollers left out.

    The session is not a test patch. These are the very rules :func:`rules.evaluate` runs for
    any planned session, so the map and `plan` cannot disagree.
    """
    plan = PlannedSession(at=end_of_day(day), roller=_PLACEHOLDER, areas=(area,), zone=zone)
    slice_ = RuleInputs(
        roller=Roller(name=_PLACEHOLDER, needle_mm=0.1, acquired_on=day),
        uses_before=0,
        previous_session_at=None,
        last_sterilized_at=None,
        earlier_needlings=tuple(n for n in inputs.needlings if n.area == area),
        lesions=tuple(les for les in inputs.lesions if les.area == area),
        neuromodulator_at=inputs.neuromodulator_at,
        filler_on=inputs.filler_on,
        conditions=inputs.conditions,
        first_test_patch_on=inputs.first_test_patch_on,
    )
    return [f for f in evaluate(plan, slice_, settings) if f.code not in ROLLER_CODES]


def _too_soon_until(day: date, area: str, inputs: DayInputs, settings: Settings) -> date:
    """The first day `too-soon` no longer applies to ``area`` (the latest day + interval)."""
    return max(
        n.day + timedelta(days=settings.interval_for_needle(n.needle_mm))
        for n in inputs.needlings
        if n.area == area
    )


def state_of(findings: Iterable[Finding]) -> AreaState:
    """The map's state of an area from the findings a session on it alone gets.

    The rollers' findings play no part: a stop other than `too-soon` is `avoid`, else
    `too-soon` is `healing`, else an area caution is `care`, else `ready` (contract, section 2).
    """
    considered = [f for f in findings if f.code not in ROLLER_CODES]
    stops = {f.code for f in considered if f.severity is Severity.STOP}
    if stops - {"too-soon"}:
        return AreaState.AVOID
    if "too-soon" in stops:
        return AreaState.HEALING
    if any(f.severity is Severity.CAUTION and f.code in AREA_CODES for f in considered):
        return AreaState.CARE
    return AreaState.READY


def area_day(
    day: date, area: str, inputs: DayInputs, settings: Settings, zone: tzinfo | None = None
) -> AreaDay:
    """One area's state on ``day`` and the findings behind it."""
    findings = tuple(area_findings(day, area, inputs, settings, zone))
    state = state_of(findings)
    next_on = None
    if state is AreaState.HEALING:
        next_on = _too_soon_until(day, area, inputs, settings)
    return AreaDay(area=area, state=state, next_on=next_on, findings=findings)


def is_usable(status: RollerStatus) -> bool:
    """True when a roller may be used on its status's day (needing a clean still counts)."""
    return status.state not in (RollerState.DISCARDED, RollerState.WORN_OUT)


def build_day_map(
    day: date,
    inputs: DayInputs,
    rollers: Sequence[RollerStatus],
    settings: Settings,
    zone: tzinfo | None = None,
) -> DayMap:
    """The map and verdict of ``day``.

    ``rollers`` are the statuses of the rollers acquired on or before the day, as of its end
    (:func:`rules.roller_status`), in the order they are listed.
    """
    entries = tuple(area_day(day, area, inputs, settings, zone) for area in AREA_SLUGS)
    usable = tuple(status.name for status in rollers if is_usable(status))
    open_areas = tuple(entry.area for entry in entries if entry.is_open)
    test_patch_only = not open_areas and any(
        {f.code for f in entry.stops} == {"test-patch-first"} for entry in entries
    )
    return DayMap(
        on=day,
        areas=entries,
        verdict=Verdict(
            can_roll=bool(open_areas) and bool(usable),
            rollers=usable,
            areas=open_areas,
            test_patch_only=test_patch_only,
        ),
        test_patch_wait_days=settings.test_patch_wait_days,
    )


# --------------------------------------------------------------------------- the answer in words


class Tone(StrEnum):
    """What kind of answer the verdict gives."""

    YES = "yes"
    TEST_PATCH = "test-patch"
    NO = "no"


@dataclass(frozen=True, slots=True)
class Answer:
    """The verdict in words: a headline that answers "can I roll today?", then the details."""

    tone: Tone
    headline: str
    details: tuple[str, ...] = ()


_EVERYWHERE_PHRASES: dict[str, str] = {
    "pregnant": "you are pregnant: needling is off until after the pregnancy",
    "anticoagulants": "you take blood thinners: needling at home is off while you do",
    "immunosuppressed": "your immune system is weakened: needling is off until your doctor "
    "says it is safe",
    "neuromodulator-recent": "a neuromodulator injection is still settling: needling is off "
    "for 48 hours after it",
    "filler-recent": "a filler is still settling: needling is off for two weeks after it",
    "test-patch-first": "with lupus, a test patch must be watched first",
}


def _names(names: Sequence[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " or " + names[-1]


def _count(number: int, word: str) -> str:
    return f"{number} {word}" if number == 1 else f"{number} {word}s"


def answer(day_map: DayMap, rollers: Sequence[RollerStatus]) -> Answer:
    """The day's verdict as a person reads it; never a yes beside a stop on every area.

    ``rollers`` are the statuses the map was built from (to say which need sterilizing).
    """
    verdict = day_map.verdict
    if verdict.can_roll:
        left_out = len(day_map.areas) - len(verdict.areas)
        headline = f"Yes — with {_names(verdict.rollers)} on {_count(len(verdict.areas), 'area')}"
        if left_out:
            headline += f"; {_count(left_out, 'area')} left out (why below)"
        dirty = [r.name for r in rollers if r.name in verdict.rollers and r.needs_sterilization]
        details = tuple(f"Sterilize {name} before you start." for name in dirty)
        return Answer(Tone.YES, headline, details)
    everywhere = day_map.stops_everywhere
    if verdict.test_patch_only:
        wait = day_map.test_patch_wait_days
        details = tuple(f.message for f in everywhere if f.code == "test-patch-first")
        return Answer(
            Tone.TEST_PATCH,
            f"Only a test patch for now: lupus needs one watched for {_count(wait, 'day')} first",
            details,
        )
    if everywhere:
        chosen = next((f for f in everywhere if f.code != "test-patch-first"), everywhere[0])
        phrase = _EVERYWHERE_PHRASES.get(chosen.code, "something stops every area")
        return Answer(Tone.NO, f"No — {phrase}", tuple(f.message for f in everywhere))
    if not verdict.rollers:
        return Answer(
            Tone.NO,
            "No — no roller can be used today: each is worn out or discarded",
            ("Add a new roller to roll again.",),
        )
    healing = [entry.next_on for entry in day_map.areas if entry.next_on is not None]
    headline = "No — every area is healing or to be avoided today"
    if healing:
        headline += f"; the first is fine again on {format_day(min(healing))}"
    return Answer(Tone.NO, headline)


def state_words(entry: AreaDay) -> str:
    """The area's state in a few words: "Ready now", "Ready, with care", "Healing", "Avoid"."""
    if entry.state is AreaState.READY:
        return "Ready now"
    if entry.state is AreaState.CARE:
        return "Ready, with care"
    if entry.state is AreaState.HEALING:
        return "Healing"
    return "Avoid"


def deciding_findings(entry: AreaDay) -> tuple[Finding, ...]:
    """The findings that set the area's state (none for a ready area).

    Avoid: its stops but `too-soon`; healing: `too-soon`; care: its area cautions.
    """
    if entry.state is AreaState.AVOID:
        return tuple(f for f in entry.stops if f.code != "too-soon")
    if entry.state is AreaState.HEALING:
        return tuple(f for f in entry.findings if f.code == "too-soon")
    if entry.state is AreaState.CARE:
        return tuple(f for f in entry.findings if f.code in AREA_CODES)
    return ()


def area_reason(entry: AreaDay, everywhere: Sequence[Finding] = ()) -> str:
    """Why an area is not simply ready, in plain words (empty for a ready area).

    Findings in ``everywhere`` (the stops on every area) are named by their title only, so
    the same long message is not repeated for each area.
    """
    parts = []
    for finding in deciding_findings(entry):
        parts.append(title_of(finding.code) if finding in everywhere else finding.message)
    return " ".join(dict.fromkeys(parts))
