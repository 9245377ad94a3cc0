"""Rollers: uses against the limit as a bar, state, last sterilization; add, edit, discard."""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStackedLayout, QTableView, QVBoxLayout, QWidget

from rollerlog.domain.rules import RollerState, roller_state
from rollerlog.domain.settings import Settings
from rollerlog.domain.vocabulary import DISCARD_REASONS
from rollerlog.store import queries
from rollerlog.store.operations import Topic
from rollerlog.store.queries import RollerSummary
from rollerlog.ui.common import (
    AMBER,
    GREEN,
    RED,
    EmptyState,
    button,
    format_day,
    format_mm,
    format_moment,
)
from rollerlog.ui.models.table_model import TableColumn, ValueRole, list_model
from rollerlog.ui.views.base import (
    View,
    ViewContext,
    follow_selection,
    make_table,
    reload_in_place,
)
from rollerlog.ui.widgets import UsesBarDelegate

USES_COLUMN = 2


STATE_TEXTS = {
    RollerState.WORN_OUT: "Worn out",
    RollerState.NEAR_LIMIT: "Near its limit",
    RollerState.ACTIVE: "Active",
}
STATE_COLORS = {
    RollerState.DISCARDED: RED,
    RollerState.WORN_OUT: RED,
    RollerState.NEAR_LIMIT: AMBER,
    RollerState.ACTIVE: GREEN,
}


def summary_state(summary: RollerSummary, settings: Settings, day: date) -> RollerState:
    """The roller's state as of ``day``, as the rules judge it."""
    return roller_state(summary.roller, summary.uses, settings, day)


def roller_state_text(summary: RollerSummary, settings: Settings, day: date) -> str:
    """Active, near its limit, worn out, or discarded (with the reason and day)."""
    roller = summary.roller
    state = summary_state(summary, settings, day)
    if state is RollerState.DISCARDED and roller.discarded_on is not None:
        reason = DISCARD_REASONS.get(roller.discard_reason or "", "Discarded")
        return f"Discarded: {reason.lower()} ({format_day(roller.discarded_on)})"
    return STATE_TEXTS.get(state, "Discarded")


class RollersView(View):
    """Every roller with its uses, state and last sterilization."""

    title = "Rollers"
    icon_name = "roller"
    topics = frozenset({Topic.ROLLERS, Topic.SETTINGS, Topic.SESSIONS, Topic.STERILIZATIONS})

    def __init__(self, context: ViewContext) -> None:
        super().__init__(context)
        rollers = context.actions.rollers
        self.stack = QStackedLayout(self)
        self.empty = EmptyState(
            "No rollers yet. Add the roller you use; if it was used before you started "
            "logging, say how many times so its limit is counted right.",
            "Add your first roller",
            rollers.add_roller,
        )
        self.stack.addWidget(self.empty)
        page = QWidget()
        layout = QVBoxLayout(page)
        self.table = make_table("Rollers")
        self.uses_delegate = UsesBarDelegate(self.table)
        self.table.setItemDelegateForColumn(USES_COLUMN, self.uses_delegate)
        self.table.horizontalHeader().sectionResized.connect(
            lambda _column, _old, _new: self._keep_uses_readable()
        )
        layout.addWidget(self.table, 1)
        actions = QHBoxLayout()
        self.add_button = button("&Add roller…", rollers.add_roller, "add")
        self.edit_button = button("&Edit…", self.edit_selected)
        self.discard_button = button("D&ropped or damaged…", self.discard_selected)
        self.retire_button = button("Re&tire…", self.retire_selected)
        self.restore_button = button("&Undo discard", self.restore_selected)
        self.hint = QLabel()
        self.hint.setWordWrap(True)  # the buttons keep their room on a small screen
        actions.addWidget(self.hint)
        actions.addStretch(1)
        for widget in (
            self.add_button,
            self.edit_button,
            self.discard_button,
            self.retire_button,
            self.restore_button,
        ):
            actions.addWidget(widget)
        layout.addLayout(actions)
        self.stack.addWidget(page)
        self.settings = Settings()
        self._day = context.clock().date()
        self._rollers: list[RollerSummary] = []
        self.model = list_model(self._columns(), lambda: self._rollers, self.table)
        self.table.setModel(self.model)
        follow_selection(self.table, self._update_buttons, edit=self.edit_selected)

    def tables(self) -> list[QTableView]:
        return [self.table]

    def _columns(self) -> list[TableColumn[RollerSummary]]:
        def state(s: RollerSummary) -> RollerState:
            return summary_state(s, self.settings, self._day)

        def color(s: RollerSummary) -> QColor:
            return STATE_COLORS[state(s)]

        return [
            TableColumn[RollerSummary]("Name", lambda s: s.roller.name),
            TableColumn[RollerSummary]("Needle", lambda s: f"{format_mm(s.roller.needle_mm)} mm"),
            TableColumn[RollerSummary](
                "Uses",
                lambda s: f"{s.uses} / {self.settings.roller_max_uses}",
                progress=lambda s: (
                    s.uses,
                    self.settings.roller_warn_uses,
                    self.settings.roller_max_uses,
                ),
            ),
            TableColumn[RollerSummary](
                "State",
                lambda s: roller_state_text(s, self.settings, self._day),
                foreground=color,
            ),
            TableColumn[RollerSummary](
                "Last sterilized",
                lambda s: format_moment(s.last_sterilized_at) or "never",
            ),
            TableColumn[RollerSummary]("Acquired", lambda s: format_day(s.roller.acquired_on)),
        ]

    def refresh(self) -> None:
        database = self.context.database
        self.settings = queries.read_settings(database)
        self._day = self.context.clock().date()
        self._rollers = queries.list_rollers(database)
        self.stack.setCurrentIndex(1 if self._rollers else 0)
        reload_in_place(self.table, self.model, lambda s: s.roller.id)
        self.context.state.restore_columns(self.table)
        self._keep_uses_readable()
        self._update_buttons()

    def showEvent(self, event: QShowEvent) -> None:
        # A width remembered from an older version is only restored after refresh().
        self._keep_uses_readable()
        super().showEvent(event)

    def _keep_uses_readable(self) -> None:
        """Keep the Uses column at least as wide as its bars need, whatever set it narrower."""
        wanted = self.uses_delegate.minimum_width(self.table.fontMetrics())
        if self.table.columnWidth(USES_COLUMN) < wanted:
            self.table.setColumnWidth(USES_COLUMN, wanted)

    def selected(self) -> RollerSummary | None:
        """The selected roller, if any."""
        if self.table.selectionModel() is None:
            return None
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(ValueRole) if rows else None

    def select_roller(self, name: str) -> None:
        """Select a roller by name."""
        for row in range(self.model.rowCount()):
            if self.model.value(row).roller.name == name:
                self.table.selectRow(row)

    def _update_buttons(self) -> None:
        summary = self.selected()
        discarded = summary is not None and summary.roller.discarded_on is not None
        self.edit_button.setEnabled(summary is not None)
        self.discard_button.setEnabled(summary is not None and not discarded)
        self.retire_button.setEnabled(summary is not None and not discarded)
        self.restore_button.setEnabled(discarded)
        self.hint.setText("" if summary else "Select a roller to edit, discard or retire it.")

    def edit_selected(self) -> None:
        """Edit the selected roller."""
        if (summary := self.selected()) is not None:
            self.context.actions.rollers.edit_roller(summary.roller)

    def discard_selected(self) -> None:
        """Flag the selected roller as dropped or damaged."""
        if (summary := self.selected()) is not None:
            self.context.actions.rollers.discard_roller(summary.roller)

    def retire_selected(self) -> None:
        """Retire the selected roller."""
        if (summary := self.selected()) is not None:
            self.context.actions.rollers.retire_roller(summary.roller)

    def restore_selected(self) -> None:
        """Undo the selected roller's discard flag."""
        if (summary := self.selected()) is not None:
            self.context.actions.rollers.restore_roller(summary.roller)
