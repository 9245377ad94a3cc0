"""The sessions' workflows: log a new one, edit one, delete one (with undo)."""

from __future__ import annotations

from datetime import date

from rollerlog.domain.entities import Session
from rollerlog.domain.findings import ROLLER_DISCARDED, Finding
from rollerlog.domain.rules import PlannedSession
from rollerlog.domain.vocabulary import DISCARD_REASONS
from rollerlog.domain.wording import format_moment
from rollerlog.store import operations as ops
from rollerlog.store import queries, safety
from rollerlog.ui.actions.context import ActionContext
from rollerlog.ui.actions.sterilization import SterilizationActions
from rollerlog.ui.dialogs.session_dialog import RollerChoice, SessionDialog


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
        now = context.clock()
        return context.open(
            SessionDialog(
                self.roller_choices(now.date()),
                self.findings_for,
                self._save_new_session,
                now,
                on_sterilize=self.sterilization.log_default,
                parent=context.parent,
                clock=context.clock,
            )
        )

    def _save_new_session(self, session: Session) -> bool:
        context = self.context
        outcome = context.perform(lambda: ops.log_session(context.database, session))
        if outcome is None:
            return False
        saved = outcome.value
        context.notify.status(f"Session with {saved.roller} logged")
        context.notify.notice(
            f"Session logged. Remember to sterilize <b>{saved.roller}</b> after use, so it is "
            "clean for next time.",
            "Log sterilization…",
            lambda: self.sterilization.sterilize_now(saved.roller),
        )
        return True

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
                on_sterilize=self.sterilization.log_default,
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
