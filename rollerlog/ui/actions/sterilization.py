"""The sterilization workflows: log one now, delete one logged by mistake."""

from __future__ import annotations

from datetime import datetime

from rollerlog.domain.entities import Sterilization
from rollerlog.domain.vocabulary import STERILIZATION_METHODS
from rollerlog.store import operations as ops
from rollerlog.store import queries
from rollerlog.ui.actions.context import ActionContext
from rollerlog.ui.dialogs.forms import SterilizeDialog


class SterilizationActions:
    """Log and delete sterilizations."""

    def __init__(self, context: ActionContext) -> None:
        self.context = context

    def usable_roller_names(self) -> list[str]:
        """Names of the rollers not discarded as of today."""
        today = self.context.clock().date()
        return [
            summary.roller.name
            for summary in queries.list_rollers(self.context.database)
            if not summary.roller.is_discarded_on(today)
        ]

    def sterilize_now(self, roller: str | None = None) -> SterilizeDialog | None:
        """Open "Sterilize now" (roller, method, minutes, time now)."""
        context = self.context
        names = self.usable_roller_names()
        if not names:
            context.notify.error("No roller to sterilize", "Add a roller first.")
            return None

        def save(value: Sterilization) -> bool:
            outcome = context.perform(lambda: ops.log_sterilization(context.database, value))
            if outcome is not None:
                context.notify.status(f"Sterilization of {value.roller} logged")
                context.notify.hide_notice()
            return outcome is not None

        dialog = SterilizeDialog(
            names, save, context.clock(), roller, parent=context.parent, clock=context.clock
        )
        # The method and minutes of last time: with the roller given, Save is all it takes.
        template = self.last_cleaning(roller or names[0])
        if template.method is not None:
            dialog.method.setCurrentIndex(max(0, dialog.method.findData(template.method)))
        if template.minutes is not None:
            dialog.minutes.setValue(template.minutes)
        return context.open(dialog)

    def last_cleaning(self, roller: str | None) -> Sterilization:
        """The method and minutes of the roller's latest sterilization (else of any roller's,
        else 70% isopropyl alcohol for 10 minutes), as a template to log the next one."""
        database = self.context.database
        latest = (queries.sterilization_page(database, roller, 0, 1) if roller else []) or (
            queries.sterilization_page(database, None, 0, 1)
        )
        if latest:
            return latest[0]
        return Sterilization(
            at=self.context.clock(), roller=roller or "", method="isopropyl-70", minutes=10
        )

    def log_as_last_time(self, roller: str, not_before: datetime | None = None) -> bool:
        """Log a sterilization of ``roller`` now, with the method and minutes of last time.

        The notice's one click after a session; ``not_before`` (the minute after the session)
        keeps a click in the session's own minute counting as after use. Undo takes it back.
        """
        context = self.context
        template = self.last_cleaning(roller)
        at = context.clock().replace(second=0, microsecond=0)
        if not_before is not None:
            at = max(at, not_before)
        value = Sterilization(
            at=at, roller=roller, method=template.method, minutes=template.minutes
        )
        outcome = context.perform(lambda: ops.log_sterilization(context.database, value))
        if outcome is None:
            return False
        method = STERILIZATION_METHODS.get(value.method or "", "method not recorded")
        minutes = "" if value.minutes is None else f", {value.minutes} min"
        context.notify.status(f"Sterilization of {roller} logged")
        context.notify.notice(
            f"Sterilization of <b>{roller}</b> logged ({method}{minutes}).",
            "Undo",
            context.notify.undo,
        )
        return True

    def delete_sterilization(self, sterilization: Sterilization) -> bool:
        """Delete a sterilization after confirmation; Undo logs it again."""
        context = self.context
        assert sterilization.id is not None
        sterilization_id = sterilization.id
        if not context.confirm("Delete sterilization", "Delete this sterilization?"):
            return False
        outcome = context.perform(
            lambda: ops.delete_sterilization(context.database, sterilization_id)
        )
        return outcome is not None
