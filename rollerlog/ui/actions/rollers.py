"""The rollers' workflows: add, edit, discard after a drop, retire, use again."""

from __future__ import annotations

from rollerlog.domain.entities import Roller
from rollerlog.store import operations as ops
from rollerlog.store import queries
from rollerlog.ui.actions.context import ActionContext
from rollerlog.ui.dialogs.forms import DiscardDialog, DiscardRequest, RollerDialog


class RollerActions:
    """Add, edit, discard, retire and restore rollers."""

    def __init__(self, context: ActionContext) -> None:
        self.context = context

    def names(self, except_id: int | None = None) -> list[str]:
        """Every roller's name (but the one with ``except_id``)."""
        return [
            summary.roller.name
            for summary in queries.list_rollers(self.context.database)
            if summary.roller.id != except_id
        ]

    def add_roller(self) -> RollerDialog:
        """Open the add-roller dialog."""
        context = self.context

        def save(value: Roller) -> bool:
            outcome = context.perform(lambda: ops.add_roller(context.database, value))
            if outcome is not None:
                context.notify.status(f"{outcome.value.name} added")
            return outcome is not None

        return context.open(
            RollerDialog(
                save, context.clock().date(), parent=context.parent, existing_names=self.names()
            )
        )

    def edit_roller(self, roller: Roller) -> RollerDialog:
        """Open a roller for editing."""
        context = self.context
        assert roller.id is not None
        roller_id = roller.id

        def save(value: Roller) -> bool:
            outcome = context.perform(lambda: ops.edit_roller(context.database, roller_id, value))
            return outcome is not None

        return context.open(
            RollerDialog(
                save,
                context.clock().date(),
                roller,
                parent=context.parent,
                existing_names=self.names(except_id=roller_id),
            )
        )

    def discard_roller(self, roller: Roller) -> DiscardDialog:
        """Open "Dropped or damaged…" for a roller."""
        context = self.context

        def save(request: DiscardRequest) -> bool:
            outcome = context.perform(
                lambda: ops.discard_roller(
                    context.database, request.roller_id, request.reason, request.on
                )
            )
            if outcome is None:
                return False
            context.notify.notice(
                f"{outcome.value.name} is discarded and can no longer be used.",
                "Undo",
                context.notify.undo,
            )
            return True

        summary = queries.roller_summary(context.database, roller.name)
        last = summary.last_session_at if summary else None
        return context.open(
            DiscardDialog(
                roller,
                save,
                context.clock().date(),
                parent=context.parent,
                last_session_on=last.date() if last else None,
            )
        )

    def retire_roller(self, roller: Roller) -> bool:
        """Retire a roller after confirmation (Undo brings it back)."""
        context = self.context
        assert roller.id is not None
        roller_id = roller.id
        if not context.confirm(
            "Retire roller", f"Retire {roller.name}? It can no longer be chosen for a session."
        ):
            return False
        outcome = context.perform(
            lambda: ops.retire_roller(context.database, roller_id, context.clock().date())
        )
        return outcome is not None

    def restore_roller(self, roller: Roller) -> bool:
        """Undo a roller's discard flag after confirmation."""
        context = self.context
        assert roller.id is not None
        roller_id = roller.id
        if not context.confirm(
            "Undo discard",
            f"Use {roller.name} again? Only do this if it was flagged by mistake.",
            "Use it again",
        ):
            return False
        return context.perform(lambda: ops.restore_roller(context.database, roller_id)) is not None
