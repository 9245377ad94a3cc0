"""What is due to be reminded of, as of a day (contract, section 5): pure, the day passed in.

Four kinds, each with the day it became due and a key that says when it is "the same"
reminder (so it is sent once):

* ``area-ready``: an area last needled within the 180 days before the day, with no session
  since, has reached its ``next_on`` (due then; once per area and ``next_on``).
* ``sterilize-after``: a roller not discarded has the standing finding ``sterilize-after``
  (due on the day of its last session; once per roller and last session).
* ``replace-roller``: a roller not discarded is ``near-limit`` or ``worn-out`` (due on the
  day it became so; once per roller and state).
* ``test-patch-watched``: the profile has ``lupus`` and the latest session is a test patch
  whose watch of ``test_patch_wait_days`` has ended (due the day it ends; once per test patch).

Nothing is re-derived here: the areas' ``next_on``, the rollers' states and the standing
``sterilize-after`` finding all come from :mod:`rollerlog.domain.rules`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from rollerlog.domain.areas import AREA_SLUGS, area_label, sort_areas
from rollerlog.domain.entities import Profile, Roller, Session, Sterilization
from rollerlog.domain.rules import RollerState, RollerStatus, Status, status_from_history
from rollerlog.domain.settings import Settings
from rollerlog.domain.wording import format_clock, format_day, plural

AREA_READY = "area-ready"
STERILIZE_AFTER = "sterilize-after"
REPLACE_ROLLER = "replace-roller"
TEST_PATCH_WATCHED = "test-patch-watched"

REMINDER_KINDS: tuple[str, ...] = (AREA_READY, STERILIZE_AFTER, REPLACE_ROLLER, TEST_PATCH_WATCHED)
"""Every kind of reminder, in the order reminders due on the same day are listed."""

AREA_READY_LOOKBACK_DAYS = 180
"""An area is reminded of only when its last session lies within this many days before."""

REPLACE_STATES: frozenset[RollerState] = frozenset({RollerState.NEAR_LIMIT, RollerState.WORN_OUT})
"""The roller states that call for a new roller."""


@dataclass(frozen=True, slots=True)
class Reminder:
    """One thing to remind the person of: its kind, when it became due and what to do."""

    kind: str
    due: date
    message: str
    key: str
    area: str | None = None
    roller: str | None = None

    @property
    def title(self) -> str:
        """A short headline for a notification ("Left cheek is ready again")."""
        if self.kind == AREA_READY:
            return f"{area_label(self.area or '')} is ready again"
        if self.kind == STERILIZE_AFTER:
            return f"Sterilize {self.roller}"
        if self.kind == REPLACE_ROLLER:
            return f"Time for a new roller: {self.roller}"
        return "Your test patch has been watched long enough"

    def to_dict(self) -> dict[str, Any]:
        """The reminder as ``remind --json`` writes it (the key is bookkeeping, not shown)."""
        return {
            "kind": self.kind,
            "message": self.message,
            "area": self.area,
            "roller": self.roller,
            "due": self.due.isoformat(),
        }


def reminder_key(kind: str, *parts: str) -> str:
    """The once-only identity of a reminder: its kind and what it is about, unambiguous."""
    return json.dumps([kind, *parts], ensure_ascii=False, separators=(",", ":"))


def _minute(moment: datetime) -> str:
    return moment.isoformat(timespec="minutes")


def _when(day: date, today: date) -> str:
    """A day as it reads in a sentence, relative to the reminder's day where that is clearer."""
    if day == today:
        return "today"
    if day == today - timedelta(days=1):
        return "yesterday"
    return f"on {format_day(day)}"


def _join(words: Sequence[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


# --------------------------------------------------------------------------- each kind


def area_ready_reminders(status: Status) -> list[Reminder]:
    """`area-ready`: areas needled within the last 180 days whose next safe day has come."""
    day = status.on
    found = []
    for area in status.areas:
        if (day - area.last_session).days > AREA_READY_LOOKBACK_DAYS or area.next_on > day:
            continue
        since = (
            "today is its first safe day"
            if area.next_on == day
            else f"it has been safe to needle since {format_day(area.next_on)}"
        )
        found.append(
            Reminder(
                kind=AREA_READY,
                due=area.next_on,
                message=f"{area_label(area.area)} is ready for needling again: its last session "
                f"was on {format_day(area.last_session)}, and {since}.",
                key=reminder_key(AREA_READY, area.area, area.next_on.isoformat()),
                area=area.area,
            )
        )
    return found


def sterilize_after_reminders(status: Status) -> list[Reminder]:
    """`sterilize-after`: every roller with that standing finding (not discarded)."""
    by_name = {roller.name: roller for roller in status.rollers}
    found = []
    for finding in status.findings:
        if finding.code != STERILIZE_AFTER or finding.roller is None:
            continue
        roller = by_name[finding.roller]
        last = roller.last_session_at
        assert last is not None  # the finding needs a last session
        found.append(
            Reminder(
                kind=STERILIZE_AFTER,
                due=last.date(),
                message=f"{roller.name} has not been sterilized since its session "
                f"{_when(last.date(), status.on)} at {format_clock(last)}. Clean it now, for "
                "example in 70% isopropyl alcohol, so it is ready for next time.",
                key=reminder_key(STERILIZE_AFTER, roller.name, _minute(last)),
                roller=roller.name,
            )
        )
    return found


def state_reached_on(
    state: RollerState, roller: Roller, session_days: Sequence[date], settings: Settings
) -> date:
    """The day a roller became ``near-limit`` or ``worn-out``.

    ``session_days`` are the days of its sessions, oldest first (at least as many as it took
    to reach the state). A roller whose prior uses already put it there became so the day it
    was acquired.
    """
    if state is RollerState.NEAR_LIMIT:
        threshold = settings.roller_warn_uses - 1  # the next session would be use `warn`
    elif state is RollerState.WORN_OUT:
        threshold = settings.roller_max_uses
    else:
        raise ValueError(f"a roller in state {state} needs no replacing")
    sessions_needed = threshold - roller.prior_uses
    if sessions_needed <= 0:
        return roller.acquired_on
    return session_days[sessions_needed - 1]


def replace_roller_reminders(
    status: Status,
    rollers: Mapping[str, Roller],
    session_days: Mapping[str, Sequence[date]],
    settings: Settings,
) -> list[Reminder]:
    """`replace-roller`: rollers near their limit or worn out, due the day they became so."""
    found = []
    for roller_status in status.rollers:
        if roller_status.state not in REPLACE_STATES:
            continue
        name = roller_status.name
        due = state_reached_on(
            roller_status.state, rollers[name], session_days.get(name, ()), settings
        )
        found.append(
            Reminder(
                kind=REPLACE_ROLLER,
                due=due,
                message=_replace_message(roller_status),
                key=reminder_key(REPLACE_ROLLER, name, str(roller_status.state)),
                roller=name,
            )
        )
    return found


def _replace_message(roller: RollerStatus) -> str:
    if roller.state is RollerState.WORN_OUT:
        return (
            f"{roller.name} has reached its limit of {roller.limit} uses "
            f"({plural(roller.uses, 'use')} so far). Its needles are worn: throw it away and "
            "use a new roller."
        )
    return (
        f"{roller.name} has reached use {roller.uses} of {roller.limit}: its next session will "
        f"be use {roller.uses + 1}. Order a new roller now, so it is there in time."
    )


def watched_test_patch_reminders(
    day: date, latest_session: Session | None, conditions: frozenset[str], settings: Settings
) -> list[Reminder]:
    """`test-patch-watched`: with lupus, the latest session is a test patch watched long enough.

    ``latest_session`` is the latest session up to the end of ``day`` (any roller, any area):
    a test patch followed by any other session is not waited on any more.
    """
    if "lupus" not in conditions or latest_session is None or not latest_session.test_patch:
        return []
    patched_on = latest_session.at.date()
    ends = patched_on + timedelta(days=settings.test_patch_wait_days)
    if ends > day:
        return []
    where = _join([area_label(area).lower() for area in sort_areas(latest_session.areas)])
    watched = (day - patched_on).days
    return [
        Reminder(
            kind=TEST_PATCH_WATCHED,
            due=ends,
            message=f"Your test patch on the {where} of {format_day(patched_on)} has been "
            f"watched for {plural(watched, 'day')}. If the skin stayed calm, with no new "
            "patches or redness, a full session is fine now; if it reacted, ask your "
            "dermatologist before you needle again.",
            key=reminder_key(TEST_PATCH_WATCHED, _minute(latest_session.at)),
        )
    ]


# --------------------------------------------------------------------------- all of them

_AREA_ORDER = {slug: index for index, slug in enumerate(AREA_SLUGS)}
_KIND_ORDER = {kind: index for index, kind in enumerate(REMINDER_KINDS)}


def _due_order(reminder: Reminder) -> tuple[date, int, int, str, str]:
    roller = reminder.roller or ""
    return (
        reminder.due,
        _KIND_ORDER[reminder.kind],
        _AREA_ORDER.get(reminder.area or "", -1),
        roller.casefold(),
        roller,
    )


def due_reminders(
    status: Status,
    rollers: Mapping[str, Roller],
    session_days: Mapping[str, Sequence[date]],
    latest_session: Session | None,
    conditions: frozenset[str],
    settings: Settings,
) -> list[Reminder]:
    """Every reminder due as of the end of ``status.on``, in due order.

    ``status`` is the standing status of that day; ``rollers`` holds (at least) the rollers
    that are near their limit or worn out, by name, and ``session_days`` the days of their
    sessions, oldest first; ``latest_session`` is the latest session up to the end of the day.
    """
    found = [
        *area_ready_reminders(status),
        *sterilize_after_reminders(status),
        *replace_roller_reminders(status, rollers, session_days, settings),
        *watched_test_patch_reminders(status.on, latest_session, conditions, settings),
    ]
    return sorted(found, key=_due_order)


def reminders_from_history(
    day: date,
    rollers: Iterable[Roller],
    sessions: Iterable[Session],
    sterilizations: Iterable[Sterilization],
    profile: Profile,
    settings: Settings,
) -> list[Reminder]:
    """The reminders due as of the end of ``day`` from full lists (the reference for the store)."""
    roller_list = list(rollers)
    session_list = list(sessions)
    status = status_from_history(day, roller_list, session_list, sterilizations, profile, settings)
    upto = sorted((s for s in session_list if s.at.date() <= day), key=lambda s: s.at)
    session_days: dict[str, list[date]] = {}
    for session in upto:
        session_days.setdefault(session.roller, []).append(session.at.date())
    return due_reminders(
        status,
        {roller.name: roller for roller in roller_list},
        session_days,
        upto[-1] if upto else None,
        profile.conditions,
        settings,
    )


def unsent(reminders: Iterable[Reminder], sent_keys: Iterable[str]) -> list[Reminder]:
    """The reminders whose key is not among ``sent_keys``, in their order."""
    sent = set(sent_keys)
    return [reminder for reminder in reminders if reminder.key not in sent]
