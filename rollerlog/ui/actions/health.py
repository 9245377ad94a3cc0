"""The Skin & health workflows: spots to avoid, the profile's conditions, procedures."""

from __future__ import annotations

from rollerlog.domain.entities import Lesion, Procedure
from rollerlog.store import operations as ops
from rollerlog.ui.actions.context import ActionContext
from rollerlog.ui.dialogs.forms import LesionDialog, ProcedureDialog


class HealthActions:
    """Add, edit, heal and delete spots; set conditions; add, edit and delete procedures."""

    def __init__(self, context: ActionContext) -> None:
        self.context = context

    def add_lesion(self) -> LesionDialog:
        """Open the add-spot dialog."""
        context = self.context

        def save(value: Lesion) -> bool:
            return context.perform(lambda: ops.add_lesion(context.database, value)) is not None

        return context.open(LesionDialog(save, context.clock().date(), parent=context.parent))

    def edit_lesion(self, lesion: Lesion) -> LesionDialog:
        """Open a noted spot for editing."""
        context = self.context
        assert lesion.id is not None
        lesion_id = lesion.id

        def save(value: Lesion) -> bool:
            outcome = context.perform(lambda: ops.edit_lesion(context.database, lesion_id, value))
            return outcome is not None

        return context.open(
            LesionDialog(save, context.clock().date(), parent=context.parent, lesion=lesion)
        )

    def resolve_lesion(self, lesion: Lesion) -> bool:
        """Mark a spot as healed today."""
        context = self.context
        assert lesion.id is not None
        lesion_id = lesion.id
        day = max(context.clock().date(), lesion.noted_on)
        outcome = context.perform(lambda: ops.resolve_lesion(context.database, lesion_id, day))
        return outcome is not None

    def delete_lesion(self, lesion: Lesion) -> bool:
        """Delete a spot after confirmation; Undo adds it back."""
        context = self.context
        assert lesion.id is not None
        lesion_id = lesion.id
        if not context.confirm("Delete spot", "Delete this spot? Use Healed if it went away."):
            return False
        return context.perform(lambda: ops.delete_lesion(context.database, lesion_id)) is not None

    def set_conditions(self, conditions: list[str]) -> bool:
        """Store the profile's conditions."""
        context = self.context
        outcome = context.perform(lambda: ops.set_conditions(context.database, conditions))
        return outcome is not None

    def add_procedure(self) -> ProcedureDialog:
        """Open the add-procedure dialog."""
        context = self.context

        def save(value: Procedure) -> bool:
            return context.perform(lambda: ops.add_procedure(context.database, value)) is not None

        return context.open(
            ProcedureDialog(save, context.clock(), parent=context.parent, clock=context.clock)
        )

    def edit_procedure(self, procedure: Procedure) -> ProcedureDialog:
        """Open a logged procedure for editing."""
        context = self.context
        assert procedure.id is not None
        procedure_id = procedure.id

        def save(value: Procedure) -> bool:
            outcome = context.perform(
                lambda: ops.edit_procedure(context.database, procedure_id, value)
            )
            return outcome is not None

        return context.open(
            ProcedureDialog(
                save,
                context.clock(),
                parent=context.parent,
                clock=context.clock,
                procedure=procedure,
            )
        )

    def delete_procedure(self, procedure: Procedure) -> bool:
        """Delete a procedure after confirmation; Undo adds it back."""
        context = self.context
        assert procedure.id is not None
        procedure_id = procedure.id
        if not context.confirm("Delete procedure", "Delete this procedure?"):
            return False
        outcome = context.perform(lambda: ops.delete_procedure(context.database, procedure_id))
        return outcome is not None
