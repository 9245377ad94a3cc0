"""Today: can I roll now, with which roller, on which areas? And what stands against it."""

from __future__ import annotations

from datetime import date
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QScrollArea,
    QStackedLayout,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from rollerlog.domain.areas import area_label
from rollerlog.domain.day_map import (
    AreaDay,
    AreaState,
    DayMap,
    Tone,
    answer,
    area_reason,
    deciding_findings,
    state_words,
)
from rollerlog.domain.findings import Finding
from rollerlog.domain.rules import RollerState, RollerStatus, Status
from rollerlog.store.status_read import DataFile, read_status
from rollerlog.store.topics import Topic
from rollerlog.ui.body_map import BodyMap, MapAreaState, MapMode
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
from rollerlog.ui.models.table_model import TableColumn, list_model
from rollerlog.ui.views.base import View, ViewContext, make_table, reload_in_place
from rollerlog.ui.window_state import fit_columns

if TYPE_CHECKING:
    from rollerlog.store.db import Database


def roller_verdict(status: RollerStatus) -> tuple[str, str]:
    """(icon name, one sentence) saying whether the roller can be used now, and why not."""
    uses = f"{status.uses} / {status.limit} uses"
    if status.state is RollerState.WORN_OUT:
        return "stop", f"Worn out ({uses}): replace it."
    if status.needs_sterilization and status.last_session_at is None:
        return "stop", "Sterilize it first: not sterilized yet."
    if status.needs_sterilization:
        return "stop", f"Sterilize it first: not cleaned since its last use ({uses})."
    if status.state is RollerState.NEAR_LIMIT:
        return "caution", f"Ready, near its limit: next is use {status.uses + 1} of {status.limit}."
    return "ok", f"Ready ({uses})."


def body_map_states(day_map: DayMap) -> dict[str, MapAreaState]:
    """Each area's state for the body map, straight from the core's map of the day."""
    return {
        entry.area: MapAreaState(
            str(entry.state), entry.next_on, tuple(f.message for f in deciding_findings(entry))
        )
        for entry in day_map.areas
    }


def today_status(database: Database | DataFile, day: date) -> Status:
    """The status of ``day``: through the store once it is open, before that with sqlite3.

    The app fills Today first from its data file with plain sqlite3, before SQLAlchemy is
    loaded (see :mod:`rollerlog.ui.app`); both paths run the same statements. Today never
    shows a discarded roller, so those are only counted, not read.
    """
    if isinstance(database, DataFile):
        return read_status(database.path, day, discarded=False)
    from rollerlog.store.safety import status_on

    return status_on(database, day, discarded=False)


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

    def __init__(self, context: ViewContext) -> None:
        super().__init__(context)
        self.stack = QStackedLayout(self)
        self.empty = EmptyState(
            "Welcome to rollerlog. Start by adding the roller you use: rollerlog counts its "
            "uses, reminds you to sterilize it, and tells you when each area can be rolled again.",
            "Add your first roller",
            lambda: self.context.actions.rollers.add_roller(),
        )
        self.stack.addWidget(self.empty)

        page = QWidget()
        outer = QVBoxLayout(page)
        top = QHBoxLayout()
        self.headline = heading("Can I roll today?")
        self.day_label = QLabel()
        self.new_session_button = button(
            "&New session…", lambda: self.context.actions.sessions.new_session(), "add"
        )
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
        self.areas_table = make_table("Every area today: its state, next safe day and why")
        self.areas_table.setMinimumHeight(220)
        self._day = context.clock().date()
        self._areas: list[AreaDay] = []
        self._last_session: dict[str, date] = {}
        self._everywhere: tuple[Finding, ...] = ()
        self.areas_model = list_model(self._area_columns(), lambda: self._areas, self.areas_table)
        self.areas_table.setModel(self.areas_model)
        # "Why" gives up width (elided; the findings are its tooltip) before a scroll bar shows.
        self.column_fitter = fit_columns(self.areas_table, (4,))
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
        self.day_map: DayMap | None = None
        """The day's map and verdict as plain values (for the area list and the body map)."""

    def tables(self) -> list[QTableView]:
        return [self.areas_table]

    def _area_columns(self) -> list[TableColumn[AreaDay]]:
        def when_text(entry: AreaDay) -> str:
            if entry.state is AreaState.HEALING and entry.next_on is not None:
                wait = (entry.next_on - self._day).days
                return f"In {wait} day{'s' if wait != 1 else ''}"
            return state_words(entry)

        def color(entry: AreaDay) -> QColor:
            return {
                AreaState.READY: GREEN,
                AreaState.CARE: AMBER,
                AreaState.HEALING: AMBER,
                AreaState.AVOID: RED,
            }[entry.state]

        def last_session(entry: AreaDay) -> str:
            day = self._last_session.get(entry.area)
            return format_day(day) if day is not None else ""

        return [
            TableColumn[AreaDay]("Area", lambda a: area_label(a.area)),
            TableColumn[AreaDay]("Last session", last_session),
            TableColumn[AreaDay](
                "Next safe day",
                lambda a: format_day(a.next_on) if a.next_on is not None else "",
            ),
            TableColumn[AreaDay]("When", when_text, foreground=color),
            TableColumn[AreaDay](
                "Why",
                lambda a: area_reason(a, self._everywhere),
                tooltip=lambda a: "\n".join(f.message for f in a.findings),
            ),
        ]

    def start_session_on(self, area: str) -> None:
        """Open a new session with ``area`` ticked (the body map's click)."""
        dialog = self.context.actions.sessions.new_session()
        if dialog is not None:
            dialog.areas.set_selected((area,))

    def refresh(self) -> None:
        day = self.context.clock().date()
        status = today_status(self.context.database, day)
        self.status = status
        self.body_map.set_states(body_map_states(status.day_map))
        active = [r for r in status.rollers if r.state is not RollerState.DISCARDED]
        if not status.rollers and not status.rollers_left_out:
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
            # The verdict, and under it when the roller was last cleaned: the sentence keeps
            # the width of the page instead of sharing it with a fourth column.
            top = Qt.AlignmentFlag.AlignTop
            self.rollers_grid.addWidget(symbol, 2 * row, 0, 2, 1, top)
            self.rollers_grid.addWidget(name, 2 * row, 1, 2, 1, top)
            self.rollers_grid.addWidget(text, 2 * row, 2)
            self.rollers_grid.addWidget(cleaned, 2 * row + 1, 2)
        if not active:
            self.rollers_grid.addWidget(
                QLabel("Every roller is discarded: add a new one on the Rollers page."), 0, 0, 1, 3
            )

        clear_layout(self.findings_layout)
        for finding in status.findings:
            label = wrapped(finding_html(finding))
            label.setTextFormat(Qt.TextFormat.RichText)
            self.findings_layout.addWidget(label)
        if not status.findings:
            self.findings_layout.addWidget(QLabel("Nothing stands against rolling today."))

        day_map = status.day_map
        self.day_map = day_map
        said = answer(day_map, status.rollers)
        tone_color = {Tone.YES: GREEN, Tone.TEST_PATCH: AMBER, Tone.NO: RED}[said.tone]
        if said.tone is Tone.YES and (status.findings or said.details):
            tone_color = AMBER  # yes, with something to mind first
        details = "".join(f"<br>{escape(line)}" for line in said.details)
        self.answer.setText(f"<b>{escape(said.headline)}</b>{details}")
        self.answer.setAccessibleName(said.headline)
        self.answer.setStyleSheet(f"color: {tone_color.name()}")

        self._day = day
        self._last_session = {a.area: a.last_session for a in status.areas}
        self._everywhere = day_map.stops_everywhere
        order = {AreaState.AVOID: 0, AreaState.HEALING: 1, AreaState.CARE: 2, AreaState.READY: 3}
        self._areas = sorted(day_map.areas, key=lambda a: order[a.state])  # left out first
        reload_in_place(self.areas_table, self.areas_model, lambda a: a.area)
        self.context.state.restore_columns(self.areas_table)
