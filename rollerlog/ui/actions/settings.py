"""The settings workflow: validate and store the rule settings."""

from __future__ import annotations

from rollerlog.store import operations as ops
from rollerlog.ui.actions.context import ActionContext


class SettingsActions:
    """Save the rule settings (Undo puts the previous ones back)."""

    def __init__(self, context: ActionContext) -> None:
        self.context = context

    def save_settings(self, values: dict[str, object]) -> bool:
        """Validate and store the rule settings; a refusal is shown and nothing is saved."""
        context = self.context
        outcome = context.perform(lambda: ops.save_settings(context.database, values))
        if outcome is not None:
            context.notify.status("Settings saved")
        return outcome is not None
