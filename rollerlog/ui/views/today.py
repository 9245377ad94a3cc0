"""Today: can I roll now, with which roller, on which areas? And what stands against it."""

from __future__ import annotations

from datetime import date, datetime, time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QScrollArea,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from rollerlog.domain.areas import area_label
from rollerlog.domain.rules import AreaStatus, RollerState, RollerStatus, Status
from rollerlog.store.operations import Topic
from rollerlog.ui.body_map import AreaState, BodyMap, MapMode, area_states_at
from rollerlog.ui.common import (
    AMBER,
    GREEN,
    RED,
    EmptyState,
    button,
    finding_html,
    format_day,
    format_mm,
    format_moment,
    heading,
    wrapped,
)
from rollerlog.ui.icons import icon
from rollerlog.ui.models.table_model import Column, list_model
from rollerlog.ui.views.base import View, make_table


def roller_verdict(status: RollerStatus) -> tuple[str, str]:
    """(icon name, one sentence) saying whether the roller can be used now, and why not."""
    uses = f"{status.uses} / {status.limit} uses"
    if status.state is RollerState.WORN_OUT:
        return "stop", f"Worn out ({uses}): replace it."
    if status.needs_sterilization:
        return "stop", f"Sterilize it first: not cleaned since its last use ({uses})."
    if status.state is RollerState.NEAR_LIMIT:
        return "caution", f"Ready, near its limit: next is use {status.uses + 1} of {status.limit}."
    return "ok", f"Ready ({uses})."


def body_map_states(window, day: date, status: Status) -> dict[str, AreaState]:  # type: ignore[no-untyped-def]
    """Each area's state on ``day`` for the body map: the findings a session on it alone at
    the end of the day would get (contract, the day's map). One place to swap for the core's
    day map."""
    if not status.rollers:
        return {}
    return area_states_at(
        window.findings_for,
        datetime.combine(day, time(23, 59)),
        status.rollers[0].name,  # any roller: its own findings play no part in a state
        next_on={a.area: a.next_on for a in status.areas},
    )


def clear_layout(layout: QLayout) -> None:
    """Remove and delete every widget of a layout."""
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.deleteLater()


class TodayView(View):
    """The answer first: rollers ready or not, areas and their next safe day, standing findings."""

    title = "Today"
    icon_name = "today"
    topics = frozenset(Topic)

    def __init__(self, window) -> None:  # type: ignore[no-untyped-def]
        super().__init__(window)
        self.stack = QStackedLayout(self)
        self.empty = EmptyState(
            "Welcome to rollerlog. Start by adding the roller you use: rollerlog counts its "
            "uses, reminds you to sterilize it, and tells you when each area can be rolled again.",
            "Add your first roller",
            window.add_roller,
        )
        self.stack.addWidget(self.empty)

        page = QWidget()
        outer = QVBoxLayout(page)
        top = QHBoxLayout()
        self.headline = heading("Can I roll today?")
        self.day_label = QLabel()
        self.new_session_button = button("&New session…", window.new_session, "add")
        top.addWidget(self.headline)
        top.addWidget(self.day_label)
        top.addStretch(1)
        top.addWidget(self.new_session_button)
        outer.addLayout(top)
        self.answer = wrapped("")
        outer.addWidget(self.answer)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        self.body_layout = QVBoxLayout(body)
        self.body_layout.addWidget(heading("Rollers"))
        self.rollers_grid = QGridLayout()
        self.rollers_grid.setColumnStretch(2, 1)
        self.body_layout.addLayout(self.rollers_grid)
        self.body_layout.addWidget(heading("Standing findings"))
        self.findings_layout = QVBoxLayout()
        self.body_layout.addLayout(self.findings_layout)
        self.body_layout.addWidget(heading("Areas"))
        self.areas_table = make_table("Areas and their next safe day")
        self.areas_table.setMinimumHeight(220)
        self.body_layout.addWidget(self.areas_table)
        scroll.setWidget(body)
        # The body map beside the rollers, findings and areas: a click on an open area
        # starts a session there.
        self.body_map = BodyMap(MapMode.OPEN)
        self.body_map.area_activated.connect(self.start_session_on)
        middle = QHBoxLayout()
        middle.addWidget(self.body_map, 2)
        middle.addWidget(scroll, 3)
        outer.addLayout(middle, 1)
        self.stack.addWidget(page)
        self.status: Status | None = None

    def tables(self):  # type: ignore[no-untyped-def]
        return [self.areas_table]

    def start_session_on(self, area: str) -> None:
        """Open a new session with ``area`` ticked (the body map's click)."""
        dialog = self.window_.new_session()
        if dialog is not None:
            dialog.areas.set_selected((area,))

    def refresh(self) -> None:
        day = self.window_.clock().date()
        status = self.window_.status_on(day)
        self.status = status
        self.body_map.set_states(body_map_states(self.window_, day, status))
        active = [r for r in status.rollers if r.state is not RollerState.DISCARDED]
        if not status.rollers:
            self.stack.setCurrentIndex(0)
            return
        self.stack.setCurrentIndex(1)
        self.day_label.setText(format_day(day))

        clear_layout(self.rollers_grid)
        ready = 0
        for row, roller in enumerate(active):
            icon_name, sentence = roller_verdict(roller)
            ready += icon_name != "stop"
            symbol = QLabel()
            symbol.setPixmap(icon(icon_name).pixmap(20, 20))
            symbol.setAccessibleName(icon_name)
            name = QLabel(f"<b>{roller.name}</b> ({format_mm(roller.needle_mm)} mm)")
            text = wrapped(sentence)
            cleaned = wrapped(
                f"Last sterilized {format_moment(roller.last_sterilized_at)}"
                if roller.last_sterilized_at
                else "Never sterilized"
            )
            cleaned.setEnabled(False)
            self.rollers_grid.addWidget(symbol, row, 0)
            self.rollers_grid.addWidget(name, row, 1)
            self.rollers_grid.addWidget(text, row, 2)
            self.rollers_grid.addWidget(cleaned, row, 3)
        if not active:
            self.rollers_grid.addWidget(
                QLabel("Every roller is discarded: add a new one on the Rollers page."), 0, 0, 1, 4
            )

        clear_layout(self.findings_layout)
        for finding in status.findings:
            label = wrapped(finding_html(finding))
            label.setTextFormat(Qt.TextFormat.RichText)
            self.findings_layout.addWidget(label)
        if not status.findings:
            self.findings_layout.addWidget(QLabel("Nothing stands against rolling today."))

        resting = [a for a in status.areas if a.next_on > day]
        if ready == 0:
            self.answer.setText("<b>Not today</b> — no roller is ready. See why below.")
            self.answer.setStyleSheet(f"color: {RED.name()}")
        elif resting:
            self.answer.setText(
                f"<b>Yes</b>, with a ready roller — on any area except the "
                f"{len(resting)} still healing (listed below)."
            )
            self.answer.setStyleSheet(f"color: {AMBER.name() if status.findings else GREEN.name()}")
        else:
            self.answer.setText("<b>Yes</b>, with a ready roller, on any area.")
            self.answer.setStyleSheet(f"color: {GREEN.name()}")

        def next_text(area: AreaStatus) -> str:
            if area.next_on <= day:
                return "Ready now"
            wait = (area.next_on - day).days
            return f"In {wait} day{'s' if wait != 1 else ''}"

        columns = [
            Column[AreaStatus]("Area", lambda a: area_label(a.area)),
            Column[AreaStatus]("Last session", lambda a: format_day(a.last_session)),
            Column[AreaStatus]("Next safe day", lambda a: format_day(a.next_on)),
            Column[AreaStatus](
                "When",
                next_text,
                foreground=lambda a: GREEN if a.next_on <= day else AMBER,
            ),
        ]
        areas = sorted(status.areas, key=lambda a: (a.next_on <= day, a.next_on))
        model = list_model(columns, lambda: areas, self.areas_table)
        self.areas_table.setModel(model)
        self.window_.restore_columns(self.areas_table)
