"""Sterilization: the log of cleanings, newest first, and a quick "Sterilize now"."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QTableView, QVBoxLayout

from rollerlog.domain.entities import Sterilization
from rollerlog.domain.vocabulary import STERILIZATION_METHODS
from rollerlog.store import queries
from rollerlog.store.operations import Topic
from rollerlog.ui.common import button, format_moment
from rollerlog.ui.models.table_model import LazyTableModel, TableColumn
from rollerlog.ui.views.base import (
    View,
    ViewContext,
    follow_selection,
    make_table,
    selected_value,
)

STERILIZATION_COLUMNS: list[TableColumn[Sterilization]] = [
    TableColumn("Time", lambda s: format_moment(s.at)),
    TableColumn("Roller", lambda s: s.roller),
    TableColumn("Method", lambda s: STERILIZATION_METHODS.get(s.method or "", "not recorded")),
    TableColumn("Minutes", lambda s: "" if s.minutes is None else str(s.minutes), align_right=True),
]


class SterilizationView(View):
    """The sterilization log."""

    title = "Sterilization"
    icon_name = "sterilize"
    topics = frozenset({Topic.STERILIZATIONS, Topic.ROLLERS})

    def __init__(self, context: ViewContext) -> None:
        super().__init__(context)
        sterilization = context.actions.sterilization
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Sterilize a roller before and after each use: soak it in 70% isopropyl alcohol "
            "for a few minutes and let it dry in the air."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = make_table("Sterilization log")
        layout.addWidget(self.table, 1)
        actions = QHBoxLayout()
        self.count_label = QLabel()
        self.sterilize_button = button("&Sterilize now…", sterilization.sterilize_now, "sterilize")
        self.delete_button = button("&Delete…", self.delete_selected)
        actions.addWidget(self.count_label)
        actions.addStretch(1)
        actions.addWidget(self.sterilize_button)
        actions.addWidget(self.delete_button)
        layout.addLayout(actions)
        database = context.database
        self.model = LazyTableModel(
            STERILIZATION_COLUMNS,
            lambda: queries.count_sterilizations(database),
            lambda offset, limit: queries.sterilization_page(database, None, offset, limit),
            self,
        )
        self.table.setModel(self.model)
        follow_selection(self.table, self._update_buttons, self.delete_selected)

    def tables(self) -> list[QTableView]:
        return [self.table]

    def refresh(self) -> None:
        self.model.reload()
        total = self.model.total()
        self.count_label.setText(
            "Nothing logged yet." if total == 0 else f"{total} sterilization{'s' * (total != 1)}"
        )
        self.sterilize_button.setEnabled(
            bool(self.context.actions.sterilization.usable_roller_names())
        )
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.delete_button.setEnabled(selected_value(self.table) is not None)

    def delete_selected(self) -> None:
        """Delete the selected sterilization after confirmation."""
        if (sterilization := selected_value(self.table)) is not None:
            self.context.actions.sterilization.delete_sterilization(sterilization)
