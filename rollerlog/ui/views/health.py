"""Skin & health: spots to avoid, the profile's conditions, and cosmetic procedures."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from rollerlog.domain.areas import area_label
from rollerlog.domain.entities import Lesion, Procedure
from rollerlog.domain.vocabulary import CONDITION_HINTS, CONDITIONS, LESION_KINDS, PROCEDURE_KINDS
from rollerlog.store import queries
from rollerlog.store.operations import Topic
from rollerlog.ui.body_map import BodyMap, MapMode, Spot
from rollerlog.ui.common import button, checkbox, format_day, format_moment
from rollerlog.ui.models.table_model import TableColumn, list_model
from rollerlog.ui.views.base import (
    View,
    ViewContext,
    follow_selection,
    make_table,
    reload_in_place,
    selected_value,
)
from rollerlog.ui.window_state import fit_columns

LESION_COLUMNS: list[TableColumn[Lesion]] = [
    TableColumn("Area", lambda s: area_label(s.area)),
    TableColumn("Kind", lambda s: LESION_KINDS.get(s.kind, s.kind)),
    TableColumn("Noted", lambda s: format_day(s.noted_on)),
    TableColumn("Resolved", lambda s: format_day(s.resolved_on) or "not yet"),
    TableColumn("Notes", lambda s: s.notes, tooltip=lambda s: s.notes),
]

PROCEDURE_COLUMNS: list[TableColumn[Procedure]] = [
    TableColumn("Time", lambda p: format_moment(p.at)),
    TableColumn("Kind", lambda p: PROCEDURE_KINDS.get(p.kind, p.kind)),
    TableColumn("Product", lambda p: p.product),
    TableColumn(
        "Areas",
        lambda p: ", ".join(area_label(a) for a in p.areas),
        tooltip=lambda p: ", ".join(area_label(a) for a in p.areas),
    ),
]


def map_spots(lesions: list[Lesion], day: date) -> list[Spot]:
    """The spots unresolved on ``day``, as the body map draws them."""
    return [
        Spot(
            lesion.area,
            lesion.kind,
            f"{LESION_KINDS.get(lesion.kind, lesion.kind)} noted {format_day(lesion.noted_on)}",
        )
        for lesion in lesions
        if lesion.is_unresolved_on(day)
    ]


class HealthView(View):
    """Spots, conditions and procedures: what makes needling unsafe."""

    title = "Skin & health"
    icon_name = "health"
    topics = frozenset({Topic.LESIONS, Topic.PROFILE, Topic.PROCEDURES})

    def __init__(self, context: ViewContext) -> None:
        super().__init__(context)
        health = context.actions.health
        # The page scrolls when the window is too low for the body map and the three groups.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        QVBoxLayout(self).addWidget(scroll)
        page = QWidget()
        scroll.setWidget(page)
        layout = QVBoxLayout(page)

        spots = QGroupBox("Spots to avoid")
        spots.setAccessibleName("Spots to avoid")
        spots_row = QHBoxLayout(spots)
        # The unresolved spots drawn on the body map; a click there starts adding a spot.
        self.body_map = BodyMap(MapMode.SPOTS)
        self.body_map.setMinimumHeight(230)
        self.body_map.spot_requested.connect(self.add_spot_on)
        spots_row.addWidget(self.body_map, 1)
        spots_layout = QVBoxLayout()
        spots_row.addLayout(spots_layout, 1)
        self.lesions_table = make_table("Spots to avoid")
        spots_layout.addWidget(self.lesions_table)
        row = QHBoxLayout()
        row.addStretch(1)
        self.add_lesion_button = button("Add &spot…", health.add_lesion, "add")
        self.edit_lesion_button = button("&Edit spot…", self.edit_selected_lesion)
        self.resolve_button = button("&Healed", self.resolve_selected)
        self.delete_lesion_button = button("Delete spot…", self.delete_selected_lesion)
        for widget in (
            self.add_lesion_button,
            self.edit_lesion_button,
            self.resolve_button,
            self.delete_lesion_button,
        ):
            row.addWidget(widget)
        spots_layout.addLayout(row)
        layout.addWidget(spots, 2)

        profile = QGroupBox("Conditions")
        profile.setAccessibleName("Conditions")
        grid = QGridLayout(profile)
        self.condition_boxes: dict[str, QCheckBox] = {}
        for index, (slug, label) in enumerate(CONDITIONS.items()):
            box = checkbox(label)
            box.setAccessibleDescription(CONDITION_HINTS[slug])
            hint = QLabel(CONDITION_HINTS[slug])
            hint.setWordWrap(True)  # within the window's width on a small screen
            hint.setEnabled(False)
            box.toggled.connect(lambda _on: self._conditions_changed())
            self.condition_boxes[slug] = box
            grid.addWidget(box, index, 0)
            grid.addWidget(hint, index, 1)
        grid.setColumnStretch(1, 1)
        layout.addWidget(profile)

        procedures = QGroupBox("Cosmetic procedures")
        procedures.setAccessibleName("Cosmetic procedures")
        procedures_layout = QVBoxLayout(procedures)
        self.procedures_table = make_table("Cosmetic procedures")
        procedures_layout.addWidget(self.procedures_table)
        row = QHBoxLayout()
        row.addStretch(1)
        self.add_procedure_button = button("Add &procedure…", health.add_procedure, "add")
        self.edit_procedure_button = button("Edit pr&ocedure…", self.edit_selected_procedure)
        self.delete_procedure_button = button("Delete procedure…", self.delete_selected_procedure)
        row.addWidget(self.add_procedure_button)
        row.addWidget(self.edit_procedure_button)
        row.addWidget(self.delete_procedure_button)
        procedures_layout.addLayout(row)
        layout.addWidget(procedures, 2)
        self._loading = False
        self._lesions: list[Lesion] = []
        self._procedures: list[Procedure] = []
        self.lesions_model = list_model(LESION_COLUMNS, lambda: self._lesions, self)
        self.procedures_model = list_model(PROCEDURE_COLUMNS, lambda: self._procedures, self)
        self.lesions_table.setModel(self.lesions_model)
        self.procedures_table.setModel(self.procedures_model)
        follow_selection(
            self.lesions_table,
            self._update_buttons,
            self.delete_selected_lesion,
            self.edit_selected_lesion,
        )
        follow_selection(
            self.procedures_table,
            self._update_buttons,
            self.delete_selected_procedure,
            self.edit_selected_procedure,
        )
        # Notes, products and areas give up width (elided, whole in the tooltip) first.
        self.lesion_columns = fit_columns(self.lesions_table, (1, 4))
        self.procedure_columns = fit_columns(self.procedures_table, (2, 3))

    def tables(self) -> list[QTableView]:
        return [self.lesions_table, self.procedures_table]

    def refresh(self) -> None:
        database = self.context.database
        self._lesions = queries.list_lesions(database)
        self._procedures = queries.list_procedures(database)
        reload_in_place(self.lesions_table, self.lesions_model, lambda lesion: lesion.id)
        reload_in_place(self.procedures_table, self.procedures_model, lambda p: p.id)
        self.body_map.set_spots(map_spots(self._lesions, self.context.clock().date()))
        self.context.state.restore_columns(self.lesions_table)
        self.context.state.restore_columns(self.procedures_table)
        self._update_buttons()
        conditions = queries.read_profile(database).conditions
        self._loading = True
        for slug, box in self.condition_boxes.items():
            box.setChecked(slug in conditions)
        self._loading = False

    def _update_buttons(self) -> None:
        lesion = self._selected(self.lesions_table)
        day = self.context.clock().date()
        self.edit_lesion_button.setEnabled(lesion is not None)
        self.delete_lesion_button.setEnabled(lesion is not None)
        self.resolve_button.setEnabled(lesion is not None and lesion.is_unresolved_on(day))
        procedure = self._selected(self.procedures_table)
        self.edit_procedure_button.setEnabled(procedure is not None)
        self.delete_procedure_button.setEnabled(procedure is not None)

    def add_spot_on(self, area: str) -> None:
        """Start adding a spot with ``area`` chosen (the body map's click)."""
        dialog = self.context.actions.health.add_lesion()
        dialog.area.setCurrentIndex(max(0, dialog.area.findData(area)))

    def _conditions_changed(self) -> None:
        if self._loading:
            return
        chosen = [slug for slug, box in self.condition_boxes.items() if box.isChecked()]
        self.context.actions.health.set_conditions(chosen)

    def _selected(self, table: QTableView) -> Any:
        return selected_value(table)

    def edit_selected_lesion(self) -> None:
        """Open the selected spot for editing."""
        if (lesion := self._selected(self.lesions_table)) is not None:
            self.context.actions.health.edit_lesion(lesion)

    def edit_selected_procedure(self) -> None:
        """Open the selected procedure for editing."""
        if (procedure := self._selected(self.procedures_table)) is not None:
            self.context.actions.health.edit_procedure(procedure)

    def resolve_selected(self) -> None:
        """Mark the selected spot as healed today."""
        if (lesion := self._selected(self.lesions_table)) is not None:
            self.context.actions.health.resolve_lesion(lesion)

    def delete_selected_lesion(self) -> None:
        """Delete the selected spot after confirmation."""
        if (lesion := self._selected(self.lesions_table)) is not None:
            self.context.actions.health.delete_lesion(lesion)

    def delete_selected_procedure(self) -> None:
        """Delete the selected procedure after confirmation."""
        if (procedure := self._selected(self.procedures_table)) is not None:
            self.context.actions.health.delete_procedure(procedure)
