"""The printed log's content: a plain model of the log for a date range, rollers and areas.

Nothing here knows about pages or Qt; the PDF/print renderer and the CSV writer both read
the ``Report`` built here, so the two always agree.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import pairwise

from rollerlog.domain.areas import AREA_SLUGS, area_label, sort_areas
from rollerlog.domain.entities import Lesion, Roller, Session, Sterilization
from rollerlog.domain.findings import RULE_BY_CODE, RULES
from rollerlog.domain.interchange import Document
from rollerlog.domain.rules import (
    AROUND_LESION_KINDS,
    AreaLesion,
    AreaNeedling,
    PlannedSession,
    RollerState,
    RuleInputs,
    area_next_on,
    evaluate,
    floor_minute,
    roller_state,
)
from rollerlog.domain.settings import Settings
from rollerlog.domain.vocabulary import (
    CONDITIONS,
    DISCARD_REASONS,
    LESION_KINDS,
    PROCEDURE_KINDS,
    ROLLER_SOURCES,
    STERILIZATION_METHODS,
)
from rollerlog.domain.wording import format_mm
from rollerlog.meta import __version__

#: How far before the start of the range a cosmetic procedure still counts as "recent".
RECENT_PROCEDURE_DAYS = 90

ROLLER_STATE_LABELS: dict[RollerState, str] = {
    RollerState.ACTIVE: "In use",
    RollerState.NEAR_LIMIT: "Near its limit",
    RollerState.WORN_OUT: "Worn out",
    RollerState.DISCARDED: "Discarded",
}


@dataclass(frozen=True, slots=True)
class ReportFilter:
    """What to print: a range of days (either end open), rollers and areas (empty = all).

    ``with_sterilizations`` adds the full sterilization log as an appendix of the printout.
    """

    start: date | None = None
    end: date | None = None
    rollers: frozenset[str] = frozenset()
    areas: frozenset[str] = frozenset()
    person: str = ""
    with_sterilizations: bool = False

    def includes_day(self, day: date) -> bool:
        """True when ``day`` lies within the range."""
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    def includes_roller(self, name: str) -> bool:
        """True when the roller is one of those chosen (or no roller was chosen)."""
        return not self.rollers or name in self.rollers

    def includes_areas(self, areas: Iterable[str]) -> bool:
        """True when any of ``areas`` is chosen (or no area was chosen)."""
        return not self.areas or any(area in self.areas for area in areas)


@dataclass(frozen=True, slots=True)
class RollerLine:
    """A roller as the log shows it, with its uses as of the end of the range."""

    name: str
    needle_mm: str
    needle_count: int | None
    material: str
    acquired_on: date
    source: str
    uses: int
    limit: int
    state: str
    discarded_on: date | None
    discard_reason: str
    notes: str
    sessions_in_period: int = 0

    @property
    def uses_text(self) -> str:
        """Uses against the limit: "8 / 15"."""
        return f"{self.uses} / {self.limit}"


@dataclass(frozen=True, slots=True)
class StopLine:
    """A `stop` finding the person went ahead with: its title, the areas it concerned, why.

    ``area_labels`` are the areas the rule named for a rule about areas (``too-soon``, the
    spots, ``allergy-hives``); for a rule about the roller, the profile or a procedure they
    are all the session's areas, and ``per_area`` is False.
    """

    code: str
    title: str
    reason: str
    area_labels: tuple[str, ...] = ()
    per_area: bool = False


@dataclass(frozen=True, slots=True)
class SessionLine:
    """One session of the log, with the facts a reader checks at a glance."""

    at: datetime
    roller: str
    needle_mm: str
    use_number: int
    limit: int
    areas: tuple[str, ...]
    area_labels: tuple[str, ...]
    test_patch: bool
    topical: str
    sterilized_before: bool
    sterilized_after: bool
    notes: str
    stops: tuple[StopLine, ...]

    @property
    def missed_sterilizations(self) -> tuple[str, ...]:
        """What the row reports as findings: "before" and/or "after" when none is logged."""
        return tuple(
            side
            for side, done in (("before", self.sterilized_before), ("after", self.sterilized_after))
            if not done
        )


@dataclass(frozen=True, slots=True)
class OverrideLine:
    """An overridden stop, as the summary lists it: when, where, which rule, and why."""

    at: datetime
    roller: str
    stop: StopLine


@dataclass(frozen=True, slots=True)
class SterilizationLine:
    """One logged sterilization."""

    at: datetime
    roller: str
    method: str
    method_label: str
    minutes: int | None


@dataclass(frozen=True, slots=True)
class LesionLine:
    """A spot to avoid or needle around; ``stop`` for lupus patches and broken or inflamed skin."""

    area: str
    area_label: str
    kind: str
    kind_label: str
    noted_on: date
    notes: str
    stop: bool = False
    resolved_on: date | None = None


@dataclass(frozen=True, slots=True)
class ProcedureLine:
    """A recent cosmetic procedure."""

    at: datetime
    kind_label: str
    product: str
    area_labels: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AreaLine:
    """One area over the period: its sessions, their closest two, the last and the next safe day.

    ``shortest_gap_days`` is the fewest calendar days between two of the period's sessions on
    the area (None with fewer than two), ``gap_interval_days`` the interval the earlier of
    those two set. ``last_session`` and ``next_safe_on`` count every session up to the end of
    the period, whatever the roller filter, because the skin does not know about filters.
    """

    area: str
    label: str
    sessions: int
    shortest_gap_days: int | None
    gap_interval_days: int | None
    last_session: date | None
    next_safe_on: date | None

    @property
    def gap_too_short(self) -> bool:
        """True when the shortest gap is under the interval."""
        return (
            self.shortest_gap_days is not None
            and self.gap_interval_days is not None
            and self.shortest_gap_days < self.gap_interval_days
        )


@dataclass(frozen=True, slots=True)
class LegendEntry:
    """A finding code that appears in the log, with its title and explanation."""

    code: str
    title: str
    explanation: str


@dataclass(frozen=True, slots=True)
class Report:
    """Everything the printed log shows, as plain values."""

    person: str
    start: date | None
    end: date
    generated_at: datetime
    app_version: str
    roller_filter: tuple[str, ...]
    area_filter: tuple[str, ...]
    conditions: tuple[str, ...]
    procedures: tuple[ProcedureLine, ...]
    rollers: tuple[RollerLine, ...]
    sessions: tuple[SessionLine, ...]
    sterilizations: tuple[SterilizationLine, ...]
    lesions: tuple[LesionLine, ...]
    legend: tuple[LegendEntry, ...]
    settings_summary: str = ""
    healed: tuple[LesionLine, ...] = ()
    overrides: tuple[OverrideLine, ...] = ()
    areas: tuple[AreaLine, ...] = ()
    with_sterilizations: bool = False
    first_day: date | None = None

    @property
    def filter_text(self) -> str:
        """Which filters narrowed the log, in words ("" when none did)."""
        parts = []
        if self.roller_filter:
            parts.append("rollers " + ", ".join(self.roller_filter))
        if self.area_filter:
            parts.append("sessions touching " + ", ".join(area_label(a) for a in self.area_filter))
        return "; ".join(parts)


def _label(vocabulary: dict[str, str], key: str | None) -> str:
    if key is None:
        return ""
    return vocabulary.get(key, key)


def sterilization_ticks(
    sessions: Sequence[Session], sterilizations: Sequence[Sterilization], roller: Roller
) -> list[tuple[bool, bool]]:
    """For each of one roller's sessions (in time order): sterilized before, and after.

    Before: a sterilization after the previous session (strictly, by minute) and at or
    before this one; for the first session, one on or after the day the roller was acquired.
    After: a sterilization strictly after this session and at or before the next one
    (any later one for the last session).
    """
    minutes = sorted(floor_minute(s.at) for s in sterilizations)
    ticks: list[tuple[bool, bool]] = []
    for index, session in enumerate(sessions):
        at = floor_minute(session.at)
        up_to_now = bisect_right(minutes, at)
        if index == 0:
            start = datetime.combine(roller.acquired_on, datetime.min.time())
            before = up_to_now > bisect_left(minutes, start)
        else:
            previous = floor_minute(sessions[index - 1].at)
            before = up_to_now > bisect_right(minutes, previous)
        if index + 1 < len(sessions):
            following = floor_minute(sessions[index + 1].at)
            after = bisect_right(minutes, following) > up_to_now
        else:
            after = len(minutes) > up_to_now
        ticks.append((before, after))
    return ticks


def kind_label(kind: str) -> str:
    """A spot kind's readable name; a kind this version does not know reads as its words."""
    return LESION_KINDS.get(kind) or kind.replace("-", " ").capitalize()


def is_stop_kind(kind: str) -> bool:
    """True for spots that stop needling (lupus patch, broken or inflamed skin, and any kind
    this version does not know); False for those to needle around (moles, skin tags, …)."""
    return kind not in AROUND_LESION_KINDS


class _AreaHistory:
    """Every session day of each area with the needle length used, for quick look-backs."""

    def __init__(self, sessions: Iterable[Session], needle_by_roller: dict[str, float]) -> None:
        self.by_area: dict[str, list[tuple[datetime, float]]] = defaultdict(list)
        for session in sessions:
            needle = needle_by_roller.get(session.roller, 0.0)
            for area in set(session.areas):
                self.by_area[area].append((session.at, needle))
        for entries in self.by_area.values():
            entries.sort()

    def before(self, area: str, at: datetime, since: date) -> list[AreaNeedling]:
        """The area's needlings strictly before ``at`` on days after ``since``."""
        entries = self.by_area.get(area, [])
        stop = bisect_left(entries, (at, -1.0))
        found: list[AreaNeedling] = []
        for index in range(stop - 1, -1, -1):
            moment, needle = entries[index]
            if moment.date() <= since:
                break
            found.append(AreaNeedling(area, moment.date(), needle))
        return found

    def up_to(self, area: str, day: date) -> list[AreaNeedling]:
        """The area's latest needling on or before ``day`` for each needle length used.

        That is all :func:`area_next_on` needs; the latest overall comes first.
        """
        entries = self.by_area.get(area, [])
        after = datetime.combine(day + timedelta(days=1), datetime.min.time())
        stop = bisect_left(entries, (after, -1.0))
        latest: dict[float, date] = {}
        for index in range(stop - 1, -1, -1):
            moment, needle = entries[index]
            if needle not in latest:
                latest[needle] = moment.date()
        return [AreaNeedling(area, on, needle) for needle, on in latest.items()]


def _stop_areas(
    session: Session,
    roller: Roller,
    history: _AreaHistory,
    lesions: Sequence[Lesion],
    conditions: frozenset[str],
    settings: Settings,
) -> dict[str, tuple[str, ...]]:
    """For each area rule the session's stops name: the areas the rule found, re-checked."""
    day = session.at.date()
    since = day - timedelta(days=settings.max_interval_days())
    planned = set(session.areas)
    inputs = RuleInputs(
        roller=roller,
        uses_before=0,
        previous_session_at=None,
        last_sterilized_at=None,
        earlier_needlings=tuple(
            needling for area in planned for needling in history.before(area, session.at, since)
        ),
        lesions=tuple(
            AreaLesion(lesion.area, lesion.kind)
            for lesion in lesions
            if lesion.area in planned and lesion.is_unresolved_on(day)
        ),
        conditions=conditions,
    )
    plan = PlannedSession(session.at, session.roller, session.areas, session.test_patch)
    found: dict[str, list[str]] = defaultdict(list)
    for finding in evaluate(plan, inputs, settings):
        if finding.area is not None:
            found[finding.code].append(finding.area)
    return {code: sort_areas(set(areas)) for code, areas in found.items()}


def _interval_after(needle_mm: float, settings: Settings) -> int:
    return settings.interval_for_needle(needle_mm)


def build_report(
    document: Document,
    selection: ReportFilter,
    now: datetime,
) -> Report:
    """The log of ``document`` for ``selection``, as generated at ``now``.

    The filters narrow the sessions, the rollers (those the chosen sessions used, or with
    no area filter those in use during the period), the areas' summary and the sterilization
    appendix alike; the health conditions, the cosmetic procedures and the spots always show.
    """
    settings = document.settings
    end = selection.end or now.date()
    rollers_by_name = {roller.name: roller for roller in document.rollers}
    needle_by_roller = {roller.name: roller.needle_mm for roller in document.rollers}
    history = _AreaHistory(document.sessions, needle_by_roller)
    lesions_with_stops = [lesion for lesion in document.lesions if lesion.noted_on <= end]

    sessions_by_roller: dict[str, list[Session]] = defaultdict(list)
    for session in document.sessions:
        sessions_by_roller[session.roller].append(session)
    sterilizations_by_roller: dict[str, list[Sterilization]] = defaultdict(list)
    for sterilization in document.sterilizations:
        sterilizations_by_roller[sterilization.roller].append(sterilization)

    lines: list[SessionLine] = []
    used_codes: set[str] = set()
    used_rollers: dict[str, int] = defaultdict(int)
    for name, own_sessions in sessions_by_roller.items():
        roller = rollers_by_name[name]
        own_sessions.sort(key=lambda s: s.at)
        ticks = sterilization_ticks(own_sessions, sterilizations_by_roller[name], roller)
        for index, (session, (before, after)) in enumerate(zip(own_sessions, ticks, strict=True)):
            if not (
                selection.includes_day(session.at.date())
                and selection.includes_roller(name)
                and selection.includes_areas(session.areas)
            ):
                continue
            used_rollers[name] += 1
            areas = sort_areas(session.areas)
            labels = tuple(area_label(area) for area in areas)
            found = (
                _stop_areas(
                    session,
                    roller,
                    history,
                    lesions_with_stops,
                    document.profile.conditions,
                    settings,
                )
                if any(
                    ack.code in RULE_BY_CODE and RULE_BY_CODE[ack.code].per_area
                    for ack in session.acknowledged
                )
                else {}
            )
            stops = []
            for ack in session.acknowledged:
                rule = RULE_BY_CODE.get(ack.code)
                per_area = rule is not None and rule.per_area
                named = found.get(ack.code, ())
                stops.append(
                    StopLine(
                        code=ack.code,
                        title=rule.title if rule is not None else ack.code,
                        reason=ack.reason,
                        area_labels=tuple(area_label(a) for a in named) if named else labels,
                        per_area=per_area and bool(named),
                    )
                )
            used_codes.update(stop.code for stop in stops)
            lines.append(
                SessionLine(
                    at=session.at,
                    roller=name,
                    needle_mm=format_mm(roller.needle_mm),
                    use_number=roller.prior_uses + index + 1,
                    limit=settings.roller_max_uses,
                    areas=areas,
                    area_labels=labels,
                    test_patch=session.test_patch,
                    topical=session.topical,
                    sterilized_before=before,
                    sterilized_after=after,
                    notes=session.notes,
                    stops=tuple(stops),
                )
            )
    lines.sort(key=lambda line: (line.at, line.roller))

    roller_lines: list[RollerLine] = []
    for roller in document.rollers:
        if not selection.includes_roller(roller.name):
            continue
        in_range = roller.acquired_on <= end and (
            selection.start is None
            or roller.discarded_on is None
            or roller.discarded_on >= selection.start
        )
        # With an area filter, only the rollers of the chosen sessions belong to the log.
        if roller.name not in used_rollers and (selection.areas or not in_range):
            continue
        uses = roller.prior_uses + sum(
            1 for s in sessions_by_roller.get(roller.name, ()) if s.at.date() <= end
        )
        state = roller_state(roller, uses, settings, end)
        discarded = state is RollerState.DISCARDED
        roller_lines.append(
            RollerLine(
                name=roller.name,
                needle_mm=format_mm(roller.needle_mm),
                needle_count=roller.needle_count,
                material=roller.material,
                acquired_on=roller.acquired_on,
                source=_label(ROLLER_SOURCES, roller.source),
                uses=uses,
                limit=settings.roller_max_uses,
                state=ROLLER_STATE_LABELS[state],
                discarded_on=roller.discarded_on if discarded else None,
                discard_reason=_label(DISCARD_REASONS, roller.discard_reason) if discarded else "",
                notes=roller.notes,
                sessions_in_period=used_rollers.get(roller.name, 0),
            )
        )
    printed_rollers = {line.name for line in roller_lines}

    sterilization_lines = tuple(
        SterilizationLine(
            at=s.at,
            roller=s.roller,
            method=s.method or "",
            method_label=_label(STERILIZATION_METHODS, s.method),
            minutes=s.minutes,
        )
        for s in sorted(document.sterilizations, key=lambda s: (s.at, s.roller))
        if selection.includes_day(s.at.date()) and s.roller in printed_rollers
    )

    first_day = selection.start or min((s.at.date() for s in document.sessions), default=None)

    def lesion_line(lesion: Lesion) -> LesionLine:
        return LesionLine(
            area=lesion.area,
            area_label=area_label(lesion.area),
            kind=lesion.kind,
            kind_label=kind_label(lesion.kind),
            noted_on=lesion.noted_on,
            notes=lesion.notes,
            stop=is_stop_kind(lesion.kind),
            resolved_on=lesion.resolved_on,
        )

    order = {slug: index for index, slug in enumerate(AREA_SLUGS)}
    in_body_order = sorted(
        document.lesions,
        key=lambda x: (order.get(x.area, len(order)), x.area, not is_stop_kind(x.kind), x.noted_on),
    )
    lesion_lines = tuple(
        lesion_line(lesion) for lesion in in_body_order if lesion.is_unresolved_on(end)
    )
    healed_lines = tuple(
        lesion_line(lesion)
        for lesion in in_body_order
        if lesion.resolved_on is not None
        and lesion.resolved_on <= end
        and (first_day is None or lesion.resolved_on >= first_day)
    )

    # Procedures show whatever the filters: those of the period and the 90 days before it.
    recent_from = (
        first_day - timedelta(days=RECENT_PROCEDURE_DAYS) if first_day is not None else None
    )
    procedure_lines = tuple(
        ProcedureLine(
            at=p.at,
            kind_label=_label(PROCEDURE_KINDS, p.kind),
            product=p.product,
            area_labels=tuple(area_label(a) for a in sort_areas(p.areas)),
        )
        for p in sorted(document.procedures, key=lambda p: p.at)
        if (recent_from is None or recent_from <= p.at.date()) and p.at.date() <= end
    )

    overrides = tuple(
        OverrideLine(at=line.at, roller=line.roller, stop=stop)
        for line in lines
        for stop in line.stops
    )

    area_lines = _area_lines(lines, selection, history, end, settings)

    legend = tuple(
        LegendEntry(code=rule.code, title=rule.title, explanation=rule.explanation)
        for rule in RULES
        if rule.code in used_codes
    )

    limits = (
        f"Rules in use: {settings.interval_days} days between sessions on an area"
        + "".join(
            f" ({days} days after {mm} mm needles)"
            for mm, days in sorted(settings.interval_days_by_needle_mm.items())
        )
        + f"; a roller is replaced after {settings.roller_max_uses} uses."
    )
    return Report(
        person=selection.person.strip(),
        start=selection.start,
        end=end,
        generated_at=now,
        app_version=__version__,
        roller_filter=tuple(sorted(selection.rollers)),
        area_filter=sort_areas(selection.areas),
        conditions=tuple(
            CONDITIONS.get(c, c.replace("-", " ").capitalize())
            for c in (
                *[k for k in CONDITIONS if k in document.profile.conditions],
                *sorted(set(document.profile.conditions) - set(CONDITIONS)),
            )
        ),
        procedures=procedure_lines,
        rollers=tuple(roller_lines),
        sessions=tuple(lines),
        sterilizations=sterilization_lines,
        lesions=lesion_lines,
        legend=legend,
        settings_summary=limits,
        healed=healed_lines,
        overrides=overrides,
        areas=area_lines,
        with_sterilizations=selection.with_sterilizations,
        first_day=first_day,
    )


def _area_lines(
    lines: Sequence[SessionLine],
    selection: ReportFilter,
    history: _AreaHistory,
    end: date,
    settings: Settings,
) -> tuple[AreaLine, ...]:
    """Per area of the printed sessions (or of the area filter): the period's rhythm."""
    needles: dict[str, list[tuple[date, float]]] = defaultdict(list)
    for line in lines:
        for area in line.areas:
            if not selection.areas or area in selection.areas:
                needles[area].append((line.at.date(), float(line.needle_mm)))
    shown = sort_areas(set(needles) | set(selection.areas))
    result: list[AreaLine] = []
    for area in shown:
        days = sorted(set(needles.get(area, [])))
        shortest: tuple[int, int] | None = None
        for (day, needle), (later, _) in pairwise(days):
            gap = (later - day).days
            if gap == 0:
                continue
            if shortest is None or gap < shortest[0]:
                shortest = (gap, _interval_after(needle, settings))
        everything = history.up_to(area, end)
        result.append(
            AreaLine(
                area=area,
                label=area_label(area),
                sessions=len({day for day, _ in days}),
                shortest_gap_days=shortest[0] if shortest else None,
                gap_interval_days=shortest[1] if shortest else None,
                last_session=max((n.day for n in everything), default=None),
                next_safe_on=area_next_on(everything, settings) if everything else None,
            )
        )
    return tuple(result)
