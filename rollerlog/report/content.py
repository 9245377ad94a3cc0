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

from rollerlog.domain.areas import area_label, sort_areas
from rollerlog.domain.entities import Roller, Session, Sterilization
from rollerlog.domain.findings import RULE_BY_CODE, RULES
from rollerlog.domain.interchange import Document
from rollerlog.domain.rules import RollerState, floor_minute, roller_state
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
    """What to print: a range of days (either end open), rollers and areas (empty = all)."""

    start: date | None = None
    end: date | None = None
    rollers: frozenset[str] = frozenset()
    areas: frozenset[str] = frozenset()
    person: str = ""

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

    @property
    def uses_text(self) -> str:
        """Uses against the limit: "8 / 15"."""
        return f"{self.uses} / {self.limit}"


@dataclass(frozen=True, slots=True)
class StopLine:
    """A `stop` finding the person went ahead with, with its title and their reason."""

    code: str
    title: str
    reason: str


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
    """An unresolved spot to avoid."""

    area: str
    area_label: str
    kind: str
    kind_label: str
    noted_on: date
    notes: str


@dataclass(frozen=True, slots=True)
class ProcedureLine:
    """A recent cosmetic procedure."""

    at: datetime
    kind_label: str
    product: str
    area_labels: tuple[str, ...]


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


def build_report(
    document: Document,
    selection: ReportFilter,
    now: datetime,
) -> Report:
    """The log of ``document`` for ``selection``, as generated at ``now``."""
    settings = document.settings
    end = selection.end or now.date()
    rollers_by_name = {roller.name: roller for roller in document.rollers}

    sessions_by_roller: dict[str, list[Session]] = defaultdict(list)
    for session in document.sessions:
        sessions_by_roller[session.roller].append(session)
    sterilizations_by_roller: dict[str, list[Sterilization]] = defaultdict(list)
    for sterilization in document.sterilizations:
        sterilizations_by_roller[sterilization.roller].append(sterilization)

    lines: list[SessionLine] = []
    used_codes: set[str] = set()
    used_rollers: set[str] = set()
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
            used_rollers.add(name)
            stops = tuple(
                StopLine(
                    code=ack.code,
                    title=RULE_BY_CODE[ack.code].title if ack.code in RULE_BY_CODE else ack.code,
                    reason=ack.reason,
                )
                for ack in session.acknowledged
            )
            used_codes.update(stop.code for stop in stops)
            areas = sort_areas(session.areas)
            lines.append(
                SessionLine(
                    at=session.at,
                    roller=name,
                    needle_mm=format_mm(roller.needle_mm),
                    use_number=roller.prior_uses + index + 1,
                    limit=settings.roller_max_uses,
                    areas=areas,
                    area_labels=tuple(area_label(area) for area in areas),
                    test_patch=session.test_patch,
                    topical=session.topical,
                    sterilized_before=before,
                    sterilized_after=after,
                    notes=session.notes,
                    stops=stops,
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
        if roller.name not in used_rollers and not in_range:
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
            )
        )

    sterilization_lines = tuple(
        SterilizationLine(
            at=s.at,
            roller=s.roller,
            method=s.method or "",
            method_label=_label(STERILIZATION_METHODS, s.method),
            minutes=s.minutes,
        )
        for s in sorted(document.sterilizations, key=lambda s: (s.at, s.roller))
        if selection.includes_day(s.at.date()) and selection.includes_roller(s.roller)
    )

    lesion_lines = tuple(
        LesionLine(
            area=lesion.area,
            area_label=area_label(lesion.area),
            kind=lesion.kind,
            kind_label=_label(LESION_KINDS, lesion.kind),
            noted_on=lesion.noted_on,
            notes=lesion.notes,
        )
        for lesion in sorted(document.lesions, key=lambda x: (sort_areas([x.area]), x.noted_on))
        if lesion.is_unresolved_on(end) and (not selection.areas or lesion.area in selection.areas)
    )

    first_day = selection.start or (lines[0].at.date() if lines else end)
    recent_from = first_day - timedelta(days=RECENT_PROCEDURE_DAYS)
    procedure_lines = tuple(
        ProcedureLine(
            at=p.at,
            kind_label=_label(PROCEDURE_KINDS, p.kind),
            product=p.product,
            area_labels=tuple(area_label(a) for a in sort_areas(p.areas)),
        )
        for p in sorted(document.procedures, key=lambda p: p.at)
        if recent_from <= p.at.date() <= end
    )

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
        conditions=tuple(CONDITIONS[c] for c in CONDITIONS if c in document.profile.conditions),
        procedures=procedure_lines,
        rollers=tuple(roller_lines),
        sessions=tuple(lines),
        sterilizations=sterilization_lines,
        lesions=lesion_lines,
        legend=legend,
        settings_summary=limits,
    )
