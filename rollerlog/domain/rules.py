"""The safety rules: pure functions from a planned session and a slice of history to findings.

Nothing here reads a clock or a database: the time of a session is always passed in, and the
history a rule needs arrives as a :class:`RuleInputs` value. :func:`inputs_from_history` derives
that value from full lists of entities; it is the reference a database-backed query is checked
against.

How time is read (contract, section 2):

* A planned session at time ``T`` sees sessions (and so uses and test patches) strictly before
  ``T``.
* Sterilizations are compared to the minute: one counts for ``T`` when its minute is at or before
  the minute of ``T``, and counts as "after" a previous session only when its minute is later than
  that session's minute. For a roller's first session, any sterilization on or after its
  ``acquired_on`` day counts.
* Procedures count when they happened at or before ``T``.
* Discards and lesions are judged as of ``T``'s day.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, tzinfo
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from rollerlog.domain.areas import area_label, sort_areas
from rollerlog.domain.entities import Lesion, Procedure, Profile, Roller, Session, Sterilization
from rollerlog.domain.findings import ROLLER_DISCARDED, Finding, Severity, sort_findings
from rollerlog.domain.local_time import add_real_time, real_elapsed, real_local
from rollerlog.domain.settings import Settings, needle_key
from rollerlog.domain.vocabulary import DISCARD_REASONS
from rollerlog.domain.wording import format_day, format_mm, format_moment, plural

if TYPE_CHECKING:
    from rollerlog.domain.day_map import DayMap

NEUROMODULATOR_WAIT = timedelta(hours=48)
"""How long after a neuromodulator injection needling is fine again (real elapsed time)."""
FILLER_WAIT_DAYS = 14
"""Calendar days after a filler injection before needling is fine again."""
HIVES_AREAS: frozenset[str] = frozenset({"abdomen", "left-thigh", "right-thigh"})
"""Areas that must not be needled by someone with allergies."""
LUPUS_LESION_KINDS: frozenset[str] = frozenset({"lupus-patch"})
"""Lesion kinds behind `lupus-patch-in-area`."""
BROKEN_SKIN_KINDS: frozenset[str] = frozenset(
    {"active-breakout", "cold-sore", "open-wound", "sunburn", "flare"}
)
"""Lesion kinds behind `broken-skin-in-area`: broken or inflamed skin."""
AROUND_LESION_KINDS: frozenset[str] = frozenset({"mole", "skin-tag", "keloid", "other"})
"""Lesion kinds behind `lesion-in-area`: needle around them, never over them."""

_LESION_NOUNS: dict[str, str] = {
    "mole": "a mole",
    "skin-tag": "a skin tag",
    "keloid": "a keloid",
    "other": "a marked spot",
    "lupus-patch": "an active lupus patch",
    "active-breakout": "an active breakout",
    "cold-sore": "a cold sore",
    "open-wound": "an open wound",
    "sunburn": "sunburn",
    "flare": "a flare of eczema, psoriasis or rosacea",
}


class UnknownRollerError(LookupError):
    """The planned session names a roller that is not in the log; the caller reports it."""


# --------------------------------------------------------------------------- values


@dataclass(frozen=True, slots=True)
class PlannedSession:
    """A session someone is about to do (or log): when, with which roller, over which areas.

    ``at`` is a naive local time; ``zone`` is the time zone it is read in when real hours
    are counted (None: the machine's local zone).
    """

    at: datetime
    roller: str
    areas: tuple[str, ...]
    test_patch: bool = False
    zone: tzinfo | None = None

    @property
    def day(self) -> date:
        """The calendar day of the session."""
        return self.at.date()


@dataclass(frozen=True, slots=True, order=True)
class AreaNeedling:
    """An area was needled on a day with a roller whose needles have this length."""

    area: str
    day: date
    needle_mm: float


@dataclass(frozen=True, slots=True, order=True)
class AreaLesion:
    """An unresolved lesion of some kind in an area (one entry however many of that kind)."""

    area: str
    kind: str


@dataclass(frozen=True, slots=True)
class RuleInputs:
    """Exactly the slice of history the rules need for one planned session at time ``T``.

    Each field is one small, indexed query whatever the size of the history:

    * ``roller``: the planned roller (its ``id`` is dropped, ids play no part in the rules).
    * ``uses_before``: its ``prior_uses`` plus its sessions strictly before ``T``.
    * ``previous_session_at``: the time of its latest session strictly before ``T``, or None.
    * ``last_sterilized_at``: its latest sterilization whose minute is at or before ``T``'s
      minute (i.e. ``at < floor_minute(T) + 1 minute``), or None.
    * ``earlier_needlings``: for each planned area, the sessions strictly before ``T`` whose day
      lies within ``settings.max_interval_days()`` days before ``T``'s day (``day > T.day -
      max_interval``), as (area, day, that session's roller needle length). Duplicates collapse.
    * ``lesions``: the (area, kind) of lesions in the planned areas unresolved on ``T``'s day.
    * ``neuromodulator_at``: the latest `neuromodulator` procedure at or before ``T``, or None
      (only the latest can be less than 48 real hours before ``T``; the rule counts them).
    * ``filler_on``: the day of the latest `filler` procedure at or before ``T`` on a day fewer
      than 14 days before ``T``'s day, or None.
    * ``conditions``: the profile's conditions.
    * ``first_test_patch_on``: the day of the earliest test-patch session strictly before ``T``
      (any roller, any area), or None. If any test patch is old enough, this one is; if none is,
      this one is the first to become old enough.

    The collections are stored sorted and without duplicates, so two equal slices compare equal
    however they were gathered.
    """

    roller: Roller
    uses_before: int
    previous_session_at: datetime | None
    last_sterilized_at: datetime | None
    earlier_needlings: tuple[AreaNeedling, ...] = ()
    lesions: tuple[AreaLesion, ...] = ()
    neuromodulator_at: datetime | None = None
    filler_on: date | None = None
    conditions: frozenset[str] = frozenset()
    first_test_patch_on: date | None = None

    def __post_init__(self) -> None:
        """Normalize: no roller id, collections sorted and deduplicated."""
        if self.roller.id is not None:
            object.__setattr__(self, "roller", replace(self.roller, id=None))
        object.__setattr__(self, "earlier_needlings", tuple(sorted(set(self.earlier_needlings))))
        object.__setattr__(self, "lesions", tuple(sorted(set(self.lesions))))
        object.__setattr__(self, "conditions", frozenset(self.conditions))

    @property
    def sterilized(self) -> bool:
        """True when a sterilization counts for the session (no `not-sterilized`)."""
        return sterilized_since(self.last_sterilized_at, self.previous_session_at, self.roller)


# --------------------------------------------------------------------------- small helpers


_ONE_MINUTE = timedelta(minutes=1)


def floor_minute(moment: datetime) -> datetime:
    """The moment with seconds and microseconds dropped: rules compare sterilizations by minute."""
    if not (moment.second or moment.microsecond):
        return moment  # already on the minute, as almost every logged time is
    return moment.replace(second=0, microsecond=0)


def sterilized_since(
    last_sterilized_at: datetime | None, last_session_at: datetime | None, roller: Roller
) -> bool:
    """True when the latest sterilization (up to now) is after the roller's last session.

    "After" is by minute: the same minute as the session does not count. A roller with no
    session yet needs a sterilization on or after the day it was acquired.
    """
    if last_sterilized_at is None:
        return False
    if last_session_at is None:
        return last_sterilized_at.date() >= roller.acquired_on
    # floor(cleaned) > floor(session)  <=>  cleaned >= floor(session) + 1 minute
    return last_sterilized_at >= floor_minute(last_session_at) + _ONE_MINUTE


def _at_least(a: float, b: float) -> bool:
    return round(a, 6) >= round(b, 6)


def _unique(slugs: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(slugs))


def _find_roller(rollers: Iterable[Roller], name: str) -> Roller:
    for roller in rollers:
        if roller.name == name:
            return roller
    raise UnknownRollerError(f'unknown roller "{name}"')


def _join_nouns(nouns: Sequence[str]) -> str:
    if len(nouns) <= 1:
        return "".join(nouns)
    return ", ".join(nouns[:-1]) + " and " + nouns[-1]


# --------------------------------------------------------------------------- the reference slice


def inputs_from_history(
    plan: PlannedSession,
    rollers: Iterable[Roller],
    sessions: Iterable[Session],
    sterilizations: Iterable[Sterilization],
    lesions: Iterable[Lesion],
    procedures: Iterable[Procedure],
    profile: Profile,
    settings: Settings,
) -> RuleInputs:
    """Derive the rules' slice of history from full lists (the reference for store queries).

    Raises :class:`UnknownRollerError` when the plan's roller (or a session's) is not in
    ``rollers``.
    """
    roller_list = list(rollers)
    roller = _find_roller(roller_list, plan.roller)
    needle_by_name = {r.name: r.needle_mm for r in roller_list}
    day = plan.day
    before = [s for s in sessions if s.at < plan.at]
    own = [s for s in before if s.roller == roller.name]
    previous_at = max((s.at for s in own), default=None)

    t_minute = floor_minute(plan.at)
    last_sterilized = max(
        (
            st.at
            for st in sterilizations
            if st.roller == roller.name and floor_minute(st.at) <= t_minute
        ),
        default=None,
    )

    planned = set(plan.areas)
    window_start = day - timedelta(days=settings.max_interval_days())
    needlings: list[AreaNeedling] = []
    for session in before:
        session_day = session.at.date()
        if session_day <= window_start:
            continue
        if session.roller not in needle_by_name:
            raise UnknownRollerError(f'unknown roller "{session.roller}"')
        for area in session.areas:
            if area in planned:
                needlings.append(AreaNeedling(area, session_day, needle_by_name[session.roller]))

    present = [
        AreaLesion(lesion.area, lesion.kind)
        for lesion in lesions
        if lesion.area in planned and lesion.is_unresolved_on(day)
    ]

    procedure_list = list(procedures)
    neuromodulator_at = max(
        (p.at for p in procedure_list if p.kind == "neuromodulator" and p.at <= plan.at),
        default=None,
    )
    filler_on = max(
        (
            p.at.date()
            for p in procedure_list
            if p.kind == "filler"
            and p.at <= plan.at
            and (day - p.at.date()).days < FILLER_WAIT_DAYS
        ),
        default=None,
    )
    first_test_patch = min((s.at.date() for s in before if s.test_patch), default=None)

    return RuleInputs(
        roller=roller,
        uses_before=roller.prior_uses + len(own),
        previous_session_at=previous_at,
        last_sterilized_at=last_sterilized,
        earlier_needlings=tuple(needlings),
        lesions=tuple(present),
        neuromodulator_at=neuromodulator_at,
        filler_on=filler_on,
        conditions=profile.conditions,
        first_test_patch_on=first_test_patch,
    )


# --------------------------------------------------------------------------- the rules

Rule = Callable[[PlannedSession, RuleInputs, Settings], list[Finding]]


def _finding(
    code: str, severity: Severity, message: str, area: str | None = None, roller: str | None = None
) -> Finding:
    return Finding(code=code, severity=severity, message=message, area=area, roller=roller)


def check_too_soon(plan: PlannedSession, inputs: RuleInputs, settings: Settings) -> list[Finding]:
    """`too-soon`: an area was needled fewer calendar days ago than that session's interval."""
    found: list[Finding] = []
    for area in _unique(plan.areas):
        # (fine on, needled on, interval, needle length) of the session that binds longest
        binding: tuple[date, date, int, float] | None = None
        for needling in inputs.earlier_needlings:
            if needling.area != area:
                continue
            interval = settings.interval_for_needle(needling.needle_mm)
            fine_on = needling.day + timedelta(days=interval)
            if fine_on > plan.day and (binding is None or (fine_on, needling.day) > binding[:2]):
                binding = (fine_on, needling.day, interval, needling.needle_mm)
        if binding is None:
            continue
        fine_on, needled_on, interval, needle_mm = binding
        found.append(
            _finding(
                "too-soon",
                Severity.STOP,
                f"{area_label(area)} was needled on {format_day(needled_on)}; "
                f"{_interval_reason(interval, needle_mm, settings)} Leave this area until "
                f"{format_day(fine_on)} or later.",
                area=area,
            )
        )
    return found


DEFAULT_INTERVAL_DAYS = Settings().interval_days
"""The article's rest between two sessions on an area (the default of `interval_days`)."""


def _interval_reason(interval: int, needle_mm: float, settings: Settings) -> str:
    """Why an area rests ``interval`` days: the skin's repair time, or the user's own setting."""
    if needle_key(needle_mm) in settings.interval_days_by_needle_mm:
        return (
            f"your setting for {format_mm(needle_mm)} mm needles rests an area "
            f"{plural(interval, 'day')} after such a session."
        )
    if interval != DEFAULT_INTERVAL_DAYS:
        return f"your setting rests an area {plural(interval, 'day')} between sessions."
    return f"the skin needs about {plural(interval, 'day')} to repair after a session."


def check_roller_discarded(
    plan: PlannedSession, inputs: RuleInputs, settings: Settings
) -> list[Finding]:
    """`roller-discarded`: the roller was discarded on or before the session's day."""
    roller = inputs.roller
    if roller.discarded_on is None or not roller.is_discarded_on(plan.day):
        return []
    reason = DISCARD_REASONS.get(roller.discard_reason or "", "")
    why = f" ({reason.lower()})" if reason and roller.discard_reason != "other" else ""
    return [
        _finding(
            ROLLER_DISCARDED,
            Severity.STOP,
            f"{roller.name} was discarded on {format_day(roller.discarded_on)}{why}. A discarded "
            "roller cannot be used again: choose another roller.",
            roller=roller.name,
        )
    ]


def check_roller_worn_out(
    plan: PlannedSession, inputs: RuleInputs, settings: Settings
) -> list[Finding]:
    """`roller-worn-out`: the roller already has as many uses as the limit allows."""
    if inputs.uses_before < settings.roller_max_uses:
        return []
    return [_worn_out(inputs.roller.name, inputs.uses_before, settings.roller_max_uses)]


def _worn_out(name: str, uses: int, limit: int) -> Finding:
    return _finding(
        "roller-worn-out",
        Severity.STOP,
        f"{name} has been used {plural(uses, 'time')} and its limit is {limit}. Its needles "
        "are worn: replace it with a new roller.",
        roller=name,
    )


def check_roller_near_limit(
    plan: PlannedSession, inputs: RuleInputs, settings: Settings
) -> list[Finding]:
    """`roller-near-limit`: not worn out, and this session would be use number >= the warning."""
    use_number = inputs.uses_before + 1
    if inputs.uses_before >= settings.roller_max_uses or use_number < settings.roller_warn_uses:
        return []
    return [
        _finding(
            "roller-near-limit",
            Severity.CAUTION,
            f"This will be use {use_number} of at most {settings.roller_max_uses} for "
            f"{inputs.roller.name}. Plan to replace it soon.",
            roller=inputs.roller.name,
        )
    ]


def check_not_sterilized(
    plan: PlannedSession, inputs: RuleInputs, settings: Settings
) -> list[Finding]:
    """`not-sterilized`: no sterilization since the roller's previous session (or acquisition)."""
    if inputs.sterilized:
        return []
    roller = inputs.roller
    if inputs.previous_session_at is None:
        since = f"since you got it on {format_day(roller.acquired_on)}"
        first = " before its first session"
    else:
        since = f"since its last session on {format_moment(inputs.previous_session_at)}"
        first = ""
    return [
        _finding(
            "not-sterilized",
            Severity.STOP,
            f"Sterilize {roller.name}{first}: no sterilization is logged {since}. Clean it, log "
            "it, then go ahead.",
            roller=roller.name,
        )
    ]


def _lesion_check(
    code: str, severity: Severity, kinds: frozenset[str], advice: str
) -> Callable[[PlannedSession, RuleInputs, Settings], list[Finding]]:
    def check(plan: PlannedSession, inputs: RuleInputs, settings: Settings) -> list[Finding]:
        found: list[Finding] = []
        for area in _unique(plan.areas):
            present = [les.kind for les in inputs.lesions if les.area == area and les.kind in kinds]
            if not present:
                continue
            nouns = [_LESION_NOUNS.get(kind, "a marked spot") for kind in dict.fromkeys(present)]
            found.append(
                _finding(
                    code,
                    severity,
                    f"{area_label(area)} has {_join_nouns(nouns)}. "
                    + advice.format(it="it" if len(nouns) == 1 else "them"),
                    area=area,
                )
            )
        return found

    check.__name__ = f"check_{code.replace('-', '_')}"
    check.__doc__ = f"`{code}`: an unresolved lesion of a kind in {sorted(kinds)} in an area."
    return check


check_lupus_patch_in_area = _lesion_check(
    "lupus-patch-in-area",
    Severity.STOP,
    LUPUS_LESION_KINDS,
    "Leave this area out until {it} has cleared; near it, needle only gently and "
    "conservatively, ideally with a board-certified dermatologist's guidance.",
)
check_broken_skin_in_area = _lesion_check(
    "broken-skin-in-area",
    Severity.STOP,
    BROKEN_SKIN_KINDS,
    "Leave this area out until the skin has healed.",
)
check_lesion_in_area = _lesion_check(
    "lesion-in-area",
    Severity.CAUTION,
    AROUND_LESION_KINDS,
    "Roll around {it} with a margin, never over {it}.",
)


def check_test_patch_first(
    plan: PlannedSession, inputs: RuleInputs, settings: Settings
) -> list[Finding]:
    """`test-patch-first`: lupus, not a test patch, and no test patch watched long enough."""
    if "lupus" not in inputs.conditions or plan.test_patch:
        return []
    wait = settings.test_patch_wait_days
    first = inputs.first_test_patch_on
    if first is not None and (plan.day - first).days >= wait:
        return []
    if first is None:
        message = (
            "With lupus, try the roller on a small test patch before a full session: log this "
            f"session as a test patch, then watch the skin for {plural(wait, 'day')}. Needle "
            "gently and conservatively, ideally with a board-certified dermatologist's guidance."
        )
    else:
        ready = first + timedelta(days=wait)
        message = (
            f"With lupus, watch a test patch for {plural(wait, 'day')} before a full session. "
            f"Your test patch of {format_day(first)} will have been watched long enough on "
            f"{format_day(ready)}; until then, do only test patches. Keep it gentle and "
            "conservative, ideally with a board-certified dermatologist's guidance."
        )
    return [_finding("test-patch-first", Severity.STOP, message)]


_PROFILE_MESSAGES: dict[str, tuple[Severity, str]] = {
    "pregnant": (
        Severity.STOP,
        "Your profile says you are pregnant. Pause needling until after the pregnancy; your "
        "doctor can suggest a gentler treatment.",
    ),
    "anticoagulants": (
        Severity.STOP,
        "Your profile says you take blood thinners. Needling could make you bleed and bruise for "
        "longer than usual; talk to your doctor instead of needling at home.",
    ),
    "immunosuppressed": (
        Severity.STOP,
        "Your profile says your immune system is weakened. The small wounds could easily get "
        "infected; do not needle without your doctor's go-ahead.",
    ),
    "diabetes": (
        Severity.CAUTION,
        "Your profile lists diabetes. Skin may heal slowly: keep the session gentle, keep "
        "everything very clean and watch the skin over the next days.",
    ),
    "keloid-prone": (
        Severity.CAUTION,
        "Your profile says you are prone to keloid scars (for example on the palms or soles). "
        "Go carefully: inflammation after needling can make scarring worse, and antihistamines "
        "can hold it back; ask a dermatologist whether one suits you.",
    ),
    "isotretinoin": (
        Severity.CAUTION,
        "Your profile says you took isotretinoin (such as Accutane) in the last 6 months. Its "
        "label advises against skin procedures during that time; ask your dermatologist "
        "before needling.",
    ),
}

PROFILE_CODES: tuple[str, ...] = tuple(_PROFILE_MESSAGES)
"""The profile findings that need no session (also shown as standing findings)."""


def profile_finding(code: str, conditions: frozenset[str]) -> list[Finding]:
    """The finding for a profile code when its condition is in ``conditions``."""
    if code not in conditions:
        return []
    severity, message = _PROFILE_MESSAGES[code]
    return [_finding(code, severity, message)]


def _profile_check(code: str) -> Rule:
    def check(plan: PlannedSession, inputs: RuleInputs, settings: Settings) -> list[Finding]:
        return profile_finding(code, inputs.conditions)

    check.__name__ = f"check_{code.replace('-', '_')}"
    check.__doc__ = f"`{code}`: the profile has `{code}`."
    return check


check_pregnant = _profile_check("pregnant")
check_anticoagulants = _profile_check("anticoagulants")
check_immunosuppressed = _profile_check("immunosuppressed")
check_diabetes = _profile_check("diabetes")
check_keloid_prone = _profile_check("keloid-prone")
check_isotretinoin = _profile_check("isotretinoin")


def check_allergy_hives(
    plan: PlannedSession, inputs: RuleInputs, settings: Settings
) -> list[Finding]:
    """`allergy-hives`: allergies, and an area is the abdomen or a thigh."""
    if "allergies" not in inputs.conditions:
        return []
    return [
        _finding(
            "allergy-hives",
            Severity.STOP,
            f"With allergies, needling the {area_label(area).lower()} can bring out hives. "
            "Leave this area out.",
            area=area,
        )
        for area in _unique(plan.areas)
        if area in HIVES_AREAS
    ]


def check_neuromodulator_recent(
    plan: PlannedSession, inputs: RuleInputs, settings: Settings
) -> list[Finding]:
    """`neuromodulator-recent`: a neuromodulator less than 48 real hours before; 48 h is fine.

    Hours are real elapsed time in the plan's zone, so a clock change in between counts.
    """
    injected = inputs.neuromodulator_at
    if injected is None or injected > plan.at:
        return []
    if real_elapsed(injected, plan.at, plan.zone) >= NEUROMODULATOR_WAIT:
        return []
    fine_at = add_real_time(injected, NEUROMODULATOR_WAIT, plan.zone)
    shown = real_local(injected, plan.zone)
    return [
        _finding(
            "neuromodulator-recent",
            Severity.STOP,
            f"You had a neuromodulator injection (such as Botox) on {format_moment(shown)}. "
            f"Give it 48 hours to settle: needle on {format_moment(fine_at)} or later.",
        )
    ]


def check_filler_recent(
    plan: PlannedSession, inputs: RuleInputs, settings: Settings
) -> list[Finding]:
    """`filler-recent`: filler on a calendar day fewer than 14 days before; day 14 is fine."""
    filled = inputs.filler_on
    if filled is None:
        return []
    fine_on = filled + timedelta(days=FILLER_WAIT_DAYS)
    if not filled <= plan.day < fine_on:
        return []
    return [
        _finding(
            "filler-recent",
            Severity.STOP,
            f"You had filler injected on {format_day(filled)}. Wait two weeks so the skin does "
            f"not become inflamed: needle on {format_day(fine_on)} or later.",
        )
    ]


def check_long_needle(
    plan: PlannedSession, inputs: RuleInputs, settings: Settings
) -> list[Finding]:
    """`long-needle`: the roller's needles are at least `long_needle_mm` long."""
    roller = inputs.roller
    if not _at_least(roller.needle_mm, settings.long_needle_mm):
        return []
    return [
        _finding(
            "long-needle",
            Severity.CAUTION,
            f"{roller.name} has {format_mm(roller.needle_mm)} mm needles, at or over the "
            f"{format_mm(settings.long_needle_mm)} mm your settings count as long. Depths like "
            "this belong to professional treatment; a shorter roller is safer at home.",
            roller=roller.name,
        )
    ]


RULE_CHECKS: tuple[Rule, ...] = (
    check_too_soon,
    check_roller_discarded,
    check_roller_worn_out,
    check_roller_near_limit,
    check_not_sterilized,
    check_lupus_patch_in_area,
    check_broken_skin_in_area,
    check_lesion_in_area,
    check_test_patch_first,
    check_pregnant,
    check_anticoagulants,
    check_immunosuppressed,
    check_diabetes,
    check_allergy_hives,
    check_keloid_prone,
    check_isotretinoin,
    check_neuromodulator_recent,
    check_filler_recent,
    check_long_needle,
)
"""Every rule for a planned session, in the contract's order."""


def evaluate(plan: PlannedSession, inputs: RuleInputs, settings: Settings) -> list[Finding]:
    """All findings for a planned session, stops first, then cautions, then notes.

    ``inputs`` must be the slice for this plan (see :class:`RuleInputs`); its roller is the
    plan's roller, so an unknown roller name never reaches this function: the caller reports it.
    Raises ValueError when the slice belongs to another roller.
    """
    if inputs.roller.name != plan.roller:
        raise ValueError(f'inputs are for roller "{inputs.roller.name}", not "{plan.roller}"')
    found: list[Finding] = []
    for check in RULE_CHECKS:
        found.extend(check(plan, inputs, settings))
    return sort_findings(found)


# --------------------------------------------------------------------------- standing status


class RollerState(StrEnum):
    """A roller's state as of a day, most serious first."""

    DISCARDED = "discarded"
    WORN_OUT = "worn-out"
    NEAR_LIMIT = "near-limit"
    ACTIVE = "active"


def _iso_minute(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat(timespec="minutes")


@dataclass(frozen=True, slots=True)
class RollerStatus:
    """A roller as of the end of a day: uses, limits, state and whether it needs cleaning."""

    name: str
    needle_mm: float
    uses: int
    warn_at: int
    limit: int
    state: RollerState
    last_session_at: datetime | None
    last_sterilized_at: datetime | None
    needs_sterilization: bool

    def to_dict(self) -> dict[str, Any]:
        """The roller as the contract's `status --json` writes it."""
        return {
            "name": self.name,
            "needle_mm": self.needle_mm,
            "uses": self.uses,
            "warn_at": self.warn_at,
            "limit": self.limit,
            "state": str(self.state),
            "last_sterilized": _iso_minute(self.last_sterilized_at),
            "needs_sterilization": self.needs_sterilization,
        }


def roller_state(roller: Roller, uses: int, settings: Settings, day: date) -> RollerState:
    """Discarded (as of ``day``), else worn out, else near the limit, else active."""
    if roller.is_discarded_on(day):
        return RollerState.DISCARDED
    if uses >= settings.roller_max_uses:
        return RollerState.WORN_OUT
    if uses + 1 >= settings.roller_warn_uses:
        return RollerState.NEAR_LIMIT
    return RollerState.ACTIVE


def roller_status(
    roller: Roller,
    day: date,
    uses: int,
    last_session_at: datetime | None,
    last_sterilized_at: datetime | None,
    settings: Settings,
) -> RollerStatus:
    """A roller's status as of the end of ``day``.

    ``uses`` is its ``prior_uses`` plus its sessions up to that day; ``last_session_at`` and
    ``last_sterilized_at`` are its latest session and sterilization up to that day (or None).
    """
    return RollerStatus(
        name=roller.name,
        needle_mm=roller.needle_mm,
        uses=uses,
        warn_at=settings.roller_warn_uses,
        limit=settings.roller_max_uses,
        state=roller_state(roller, uses, settings, day),
        last_session_at=last_session_at,
        last_sterilized_at=last_sterilized_at,
        needs_sterilization=not sterilized_since(last_sterilized_at, last_session_at, roller),
    )


@dataclass(frozen=True, slots=True)
class AreaStatus:
    """An area as of a day: when it was last needled and the first day it is fine again."""

    area: str
    last_session: date
    next_on: date

    def to_dict(self) -> dict[str, Any]:
        """The area as the contract's `status --json` writes it."""
        return {
            "area": self.area,
            "last_session": self.last_session.isoformat(),
            "next_on": self.next_on.isoformat(),
        }


def area_next_on(needlings: Iterable[AreaNeedling], settings: Settings) -> date:
    """The first day an area is fine again: the latest (session day + that session's interval).

    Per needle length only the latest day matters, so a store may pass one row per
    (area, needle length) with its latest day. Raises ValueError when there are none.
    """
    days = [n.day + timedelta(days=settings.interval_for_needle(n.needle_mm)) for n in needlings]
    if not days:
        raise ValueError("an area needs at least one session to have a next day")
    return max(days)


def area_statuses(needlings: Iterable[AreaNeedling], settings: Settings) -> tuple[AreaStatus, ...]:
    """One status per area needled, in catalogue order (see :func:`area_next_on` for the rows)."""
    by_area: dict[str, list[AreaNeedling]] = {}
    for needling in needlings:
        by_area.setdefault(needling.area, []).append(needling)
    return tuple(
        AreaStatus(
            area=area,
            last_session=max(n.day for n in by_area[area]),
            next_on=area_next_on(by_area[area], settings),
        )
        for area in sort_areas(by_area)
    )


def standing_findings(rollers: Iterable[RollerStatus], conditions: frozenset[str]) -> list[Finding]:
    """Findings that need no planned session, as of the end of the statuses' day.

    For each roller not discarded: `sterilize-after` when its last session has no
    sterilization after it, and `roller-worn-out` / `roller-near-limit` as its next session
    would get them. Then the profile findings that need no session. Stops first.
    """
    found: list[Finding] = []
    for status in rollers:
        if status.state is RollerState.DISCARDED:
            continue
        if status.last_session_at is not None and status.needs_sterilization:
            found.append(
                _finding(
                    "sterilize-after",
                    Severity.CAUTION,
                    f"{status.name} has not been sterilized since its session on "
                    f"{format_moment(status.last_session_at)}. Clean it now so it is ready for "
                    "next time.",
                    roller=status.name,
                )
            )
        if status.state is RollerState.WORN_OUT:
            found.append(_worn_out(status.name, status.uses, status.limit))
        elif status.state is RollerState.NEAR_LIMIT:
            found.append(
                _finding(
                    "roller-near-limit",
                    Severity.CAUTION,
                    f"The next session with {status.name} would be use {status.uses + 1} of "
                    f"at most {status.limit}. Plan to replace it soon.",
                    roller=status.name,
                )
            )
    for code in PROFILE_CODES:
        found.extend(profile_finding(code, conditions))
    return sort_findings(found)


@dataclass(frozen=True, slots=True)
class Status:
    """Everything `status` shows for a day: rollers, areas, standing findings, map and verdict.

    ``day_map`` is the day's map and verdict (:mod:`rollerlog.domain.day_map`): the answer
    Today gives, as plain values. ``rollers_left_out`` counts the discarded rollers a read
    for Today leaves out of ``rollers`` (0 when every roller is listed).
    """

    on: date
    rollers: tuple[RollerStatus, ...]
    areas: tuple[AreaStatus, ...]
    findings: tuple[Finding, ...]
    day_map: DayMap
    rollers_left_out: int = 0

    def without_discarded(self) -> Status:
        """The same status with the discarded rollers only counted, as Today reads it."""
        kept = tuple(r for r in self.rollers if r.state is not RollerState.DISCARDED)
        left_out = self.rollers_left_out + len(self.rollers) - len(kept)
        return replace(self, rollers=kept, rollers_left_out=left_out)

    def to_dict(self) -> dict[str, Any]:
        """The status as the contract's `status --json` document."""
        area_map, verdict = self.day_map.to_dicts()
        return {
            "on": self.on.isoformat(),
            "rollers": [r.to_dict() for r in self.rollers],
            "areas": [a.to_dict() for a in self.areas],
            "findings": [f.to_dict() for f in self.findings],
            "map": area_map,
            "verdict": verdict,
        }


def roller_order(name: str) -> tuple[str, str]:
    """The sort key rollers are listed by: their name, case-insensitively."""
    return (name.casefold(), name)


def status_from_history(
    day: date,
    rollers: Iterable[Roller],
    sessions: Iterable[Session],
    sterilizations: Iterable[Sterilization],
    profile: Profile,
    settings: Settings,
    *,
    lesions: Iterable[Lesion] = (),
    procedures: Iterable[Procedure] = (),
    zone: tzinfo | None = None,
) -> Status:
    """The status as of the end of ``day`` from full lists (the reference for store queries).

    Rollers acquired on or before the day, by name; areas needled up to the day, in catalogue
    order; standing findings, stops first; the day's map and verdict (which also read the
    lesions and procedures, and count real hours in ``zone``).
    """
    from rollerlog.domain.day_map import build_day_map, day_inputs_from_history

    all_rollers = list(rollers)
    needle_by_name = {r.name: r.needle_mm for r in all_rollers}
    roller_list = sorted(
        (r for r in all_rollers if r.acquired_on <= day), key=lambda r: roller_order(r.name)
    )
    session_list = list(sessions)
    upto = [s for s in session_list if s.at.date() <= day]
    cleaned = [st for st in sterilizations if st.at.date() <= day]

    statuses: list[RollerStatus] = []
    for roller in roller_list:
        own = [s.at for s in upto if s.roller == roller.name]
        statuses.append(
            roller_status(
                roller,
                day,
                uses=roller.prior_uses + len(own),
                last_session_at=max(own, default=None),
                last_sterilized_at=max(
                    (st.at for st in cleaned if st.roller == roller.name), default=None
                ),
                settings=settings,
            )
        )

    needlings = [
        AreaNeedling(area, session.at.date(), needle_by_name[session.roller])
        for session in upto
        for area in session.areas
    ]
    inputs = day_inputs_from_history(
        day, all_rollers, session_list, lesions, procedures, profile, settings
    )
    return Status(
        on=day,
        rollers=tuple(statuses),
        areas=area_statuses(needlings, settings),
        findings=tuple(standing_findings(statuses, profile.conditions)),
        day_map=build_day_map(day, inputs, statuses, settings, zone),
    )
