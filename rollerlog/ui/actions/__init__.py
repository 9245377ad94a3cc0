"""Each entity's workflows, one module apiece, all built on one :class:`ActionContext`.

The main window is the shell (pages, menus, ``perform`` and the undo stack); what a person
does with sessions, rollers, sterilizations, skin & health and settings lives here, as
Anki keeps its operations in ``aqt/operations``.
"""

from __future__ import annotations

from dataclasses import dataclass

from rollerlog.ui.actions.context import ActionContext
from rollerlog.ui.actions.health import HealthActions
from rollerlog.ui.actions.rollers import RollerActions
from rollerlog.ui.actions.sessions import SessionActions
from rollerlog.ui.actions.settings import SettingsActions
from rollerlog.ui.actions.sterilization import SterilizationActions


@dataclass(frozen=True)
class Actions:
    """Every entity's workflows for one window."""

    sessions: SessionActions
    rollers: RollerActions
    sterilization: SterilizationActions
    health: HealthActions
    settings: SettingsActions


def make_actions(context: ActionContext) -> Actions:
    """The workflows of every entity, sharing ``context``."""
    sterilization = SterilizationActions(context)
    return Actions(
        sessions=SessionActions(context, sterilization),
        rollers=RollerActions(context),
        sterilization=sterilization,
        health=HealthActions(context),
        settings=SettingsActions(context),
    )
