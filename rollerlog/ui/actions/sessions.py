"""The sessions' workflows: log a new one, edit one, delete one (with undo)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from rollerlog.domain.areas import area_label
from rollerlog.domain.day_map import AreaState, area_reason, is_usable
from rollerlog.domain.entities import Session, Sterilization
from rollerlog.domain.findings import ROLLER_DISCARDED, Finding
from rollerlog.domain.rules import PlannedSession, Status
from rollerlog.domain.vocabulary import DISCARD_REASONS
from rollerlog.domain.wording import format_moment, format_short_day
from rollerlog.store import operations as ops
from rollerlog.store import queries, safety
from rollerlog.ui.actions.context import ActionContext
from rollerlog.ui.actions.sterilization import SterilizationActions
from rollerlog.ui.dialogs.session_dialog import RollerChoice, SessionDialog, SessionPrefill


def usual_roller(status: Status, latest: str | None) -> str | None:
    """The latest session's roller if still usable, else the usable one used most recently."""
    usable = [roller for roller in status.rollers if is_usable(roller)]
    if any(roller.name == latest for roller in usable):
        return latest
    used = [roller for roller in usable if roller.last_session_at is not None]
    if not used:
        return None
    return max(used, key=lambda roller: roller.last_session_at or datetime.min).name


def prefill_from(latest: Session | None, status: Status) -> SessionPrefill:
    """A new session as last time: its roller, its areas open today (the others with a
    line saying why they are left out, from the day's map), its topical."""
    if latest is None:
        return SessionPrefill()
    day_map = status.day_map
    everywhere = day_map.stops_everywhere
    ticked: list[str] = []
    left_out: list[tuple[str, str]] = []
    for slug in latest.areas:
        entry = day_map.area(slug)
        if entry.is_open:
            ticked.append(slug)
        elif entry.state is AreaState.HEALING and entry.next_on is not None:
            next_day = format_short_day(entry.next_on)
            left_out.append((slug, f"{area_label(slug)} is healing; next safe day {next_day}"))
        else:
            why = area_reason(entry, everywhere) or "a stop applies"
            left_out.append((slug, f"{area_label(slug)} is to be avoided today: {why}"))
    return SessionPrefill(
        roller=usual_roller(status, latest.roller),
        areas=tuple(ticked),
        topical=latest.topical,
        left_out=tuple(left_out),
    )


class SessionActions:
    """New session, edit and delete, with the checks as the session is entered."""

    def __init__(self, context: ActionContext, sterilization: SterilizationActions) -> None:
        self.context = context
        self.sterilization = sterilization

    def findings_for(self, plan: PlannedSession) -> list[Finding]:
        """The findings for a session as entered."""
        return safety.plan_findings(self.context.database, plan)

    def roller_choices(self, day: date) -> list[RollerChoice]:
        """Every roller for the session dialog; discarded and worn-out ones with the reason."""
        database = self.context.database
        settings = queries.read_settings(database)
        choices = []
        for summary in queries.list_rollers(database):
            roller = summary.roller
            uses = f"{summary.uses} / {settings.roller_max_uses}"
            label = f"{roller.name} ({roller.needle_mm:g} mm, {uses} uses)"
            reason = ""
            if roller.is_discarded_on(day) or roller.discarded_on is not None:
                why = DISCARD_REASONS.get(roller.discard_reason or "", "discarded").lower()
                reason = f"discarded ({why})"
            elif summary.uses >= settings.roller_max_uses:
                reason = "worn out: replace it"
            choices.append(RollerChoice(roller.name, label, reason, roller.discarded_on))
        return choices

    def new_session(self) -> SessionDialog | None:
        """Open the new-session dialog (or ask for a roller first)."""
        context = self.context
        if not queries.list_rollers(context.database):
            context.notify.error(
                "Add a roller first", "Every session is logged with a roller: add yours first."
            )
            return None
        now = context.clock().replace(second=0, microsecond=0)
        entries = queries.session_page(context.database, limit=1)
        latest = entries[0].session if entries else None
        prefill = prefill_from(latest, safety.status_on(context.database, now.date()))
        return context.open(
            SessionDialog(
                self.roller_choices(now.date()),
                self.findings_for,
                self._save_new_session,
                now,
                parent=context.parent,
                clock=context.clock,
                prefill=prefill,
                cleaning=self.sterilization.last_cleaning(prefill.roller),
                on_save_sterilized=self._save_sterilized_session,
            )
        )

    def _save_new_session(self, session: Session) -> bool:
        context = self.context
        outcome = context.perform(lambda: ops.log_session(context.database, session))
        if outcome is None:
            return False
        self._after_saving(outcome.value)
        return True

    def _save_sterilized_session(self, session: Session, sterilization: Sterilization) -> bool:
        context = self.context
        outcome = context.perform(
            lambda: ops.log_sterilized_session(context.database, session, sterilization)
        )
        if outcome is None:
            return False
        self._after_saving(outcome.value[0])
        return True

    def _after_saving(self, saved: Session) -> None:
        """Confirm, and remind to sterilize after use: one click logs it as last time."""
        context = self.context
        context.notify.status(f"Session with {saved.roller} logged")
        after = saved.at + timedelta(minutes=1)  # a sterilization after use is after the session
        context.notify.notice(
            f"Session logged. Remember to sterilize <b>{saved.roller}</b> after use, so it is "
            "clean for next time.",
            "I sterilized it",
            lambda: self.sterilization.log_as_last_time(saved.roller, after),
        )

    def edit_session(self, session: Session) -> SessionDialog:
        """Open a logged session for editing."""
        context = self.context
        assert session.id is not None
        session_id = session.id

        def save(value: Session) -> bool:
            outcome = context.perform(lambda: ops.edit_session(context.database, session_id, value))
            return outcome is not None

        def findings_for(plan: PlannedSession) -> list[Finding]:
            # The session was logged before its roller was discarded later that day: a
            # record may keep its roller up to the discard day (as import and check hold).
            kept = plan.roller == session.roller and plan.day <= session.at.date()
            return [
                finding
                for finding in self.findings_for(plan)
                if not (kept and finding.code == ROLLER_DISCARDED)
            ]

        return context.open(
            SessionDialog(
                self.roller_choices(session.at.date()),
                findings_for,
                save,
                context.clock(),
                session=session,
                parent=context.parent,
                clock=context.clock,
            )
        )

    def delete_session(self, session: Session) -> bool:
        """Delete a session after confirmation; Undo brings it back."""
        context = self.context
        assert session.id is not None
        session_id = session.id
        if not context.confirm(
            "Delete session",
            f"Delete the session of {format_moment(session.at)} with {session.roller}?",
        ):
            return False
        outcome = context.perform(lambda: ops.delete_session(context.database, session_id))
        if outcome is None:
            return False
        context.notify.notice("Session deleted.", "Undo", context.notify.undo)
        return True
