"""Rollers: uses against the limit as a bar, state, last sterilization; add, edit, discard."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStackedLayout, QVBoxLayout, QWidget

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
from rollerlog.ui.models.table_model import Column, ValueRole, list_model
from rollerlog.ui.views.base import View, make_table
from rollerlog.ui.widgets import UsesBarDelegate

USES_COLUMN = 2


def roller_state_text(summary: RollerSummary, settings: Settings) -> str:
    """Active, near its limit, worn out, or discarded (with the reason and day)."""
    roller = summary.roller
    if roller.discarded_on is not None:
        reason = DISCARD_REASONS.get(roller.discard_reason or "", "Discarded")
        return f"Discarded: {reason.lower()} ({format_day(roller.discarded_on)})"
    if summary.uses >= settings.roller_max_uses:
        return "Worn out"
    if summary.uses + 1 >= settings.roller_warn_uses:
        return "Near its limit"
    return "Active"


class RollersView(View):
    """Every roller with its uses, state and last sterilization."""

    title = "Rollers"
    icon_name = "roller"
    topics = frozenset({Topic.ROLLERS, Topic.SETTINGS, Topic.SESSIONS, Topic.STERILIZATIONS})

    def __init__(self, window) -> None:  # type: ignore[no-untyped-def]
        super().__init__(window)
        self.stack = QStackedLayout(self)
        self.empty = EmptyState(
            "No rollers yet. Add the roller you use; if it was used before you started "
            "logging, say how many times so its limit is counted right.",
            "Add your first roller",
            window.add_roller,
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
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        layout.addWidget(self.table, 1)
        actions = QHBoxLayout()
        self.add_button = button("&Add roller…", window.add_roller, "add")
        self.edit_button = button("&Edit…", self.edit_selected)
        self.discard_button = button("D&ropped or damaged…", self.discard_selected)
        self.retire_button = button("Re&tire…", self.retire_selected)
        self.restore_button = button("&Undo discard", self.restore_selected)
        self.hint = QLabel()
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

    def tables(self):  # type: ignore[no-untyped-def]
        return [self.table]

    def refresh(self) -> None:
        database = self.window_.database
        self.settings = settings = queries.read_settings(database)
        rollers = queries.list_rollers(database)
        self.stack.setCurrentIndex(1 if rollers else 0)

        def color(s: RollerSummary):  # type: ignore[no-untyped-def]
            if s.roller.discarded_on is not None or s.uses >= settings.roller_max_uses:
                return RED
            return AMBER if s.uses + 1 >= settings.roller_warn_uses else GREEN

        columns = [
            Column[RollerSummary]("Name", lambda s: s.roller.name),
            Column[RollerSummary]("Needle", lambda s: f"{format_mm(s.roller.needle_mm)} mm"),
            Column[RollerSummary](
                "Uses",
                lambda s: f"{s.uses} / {settings.roller_max_uses}",
                progress=lambda s: (s.uses, settings.roller_warn_uses, settings.roller_max_uses),
            ),
            Column[RollerSummary](
                "State", lambda s: roller_state_text(s, settings), foreground=color
            ),
            Column[RollerSummary](
                "Last sterilized",
                lambda s: format_moment(s.last_sterilized_at) or "never",
            ),
            Column[RollerSummary]("Acquired", lambda s: format_day(s.roller.acquired_on)),
        ]
        selected = self.selected()
        self.model = list_model(columns, lambda: rollers, self.table)
        self.table.setModel(self.model)
        self.window_.restore_columns(self.table)
        self._keep_uses_readable()
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        if selected is not None:
            for row, summary in enumerate(rollers):
                if summary.roller.id == selected.roller.id:
                    self.table.selectRow(row)
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
            self.window_.edit_roller(summary.roller)

    def discard_selected(self) -> None:
        """Flag the selected roller as dropped or damaged."""
        if (summary := self.selected()) is not None:
            self.window_.discard_roller(summary.roller)

    def retire_selected(self) -> None:
        """Retire the selected roller."""
        if (summary := self.selected()) is not None:
            self.window_.retire_roller(summary.roller)

    def restore_selected(self) -> None:
        """Undo the selected roller's discard flag."""
        if (summary := self.selected()) is not None:
            self.window_.restore_roller(summary.roller)
