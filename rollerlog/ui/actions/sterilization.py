"""The sterilization workflows: log one now, delete one logged by mistake."""

from __future__ import annotations

from datetime import datetime

from rollerlog.domain.entities import Sterilization
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

        return context.open(
            SterilizeDialog(
                names, save, context.clock(), roller, parent=context.parent, clock=context.clock
            )
        )

    def log_default(self, roller: str, at: datetime) -> bool:
        """Log a sterilization with the usual method and time (from the session dialog)."""
        value = Sterilization(at=at, roller=roller, method="isopropyl-70", minutes=10)
        context = self.context
        return context.perform(lambda: ops.log_sterilization(context.database, value)) is not None

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
