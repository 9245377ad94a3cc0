"""Sessions: the log, newest first, filtered by roller, area and days, loaded as it scrolls."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
)

from rollerlog.domain.areas import AREAS, area_label
from rollerlog.domain.entities import Acknowledgement
from rollerlog.domain.findings import title_of
from rollerlog.store import queries
from rollerlog.store.operations import Topic
from rollerlog.store.queries import SessionEntry, SessionFilter
from rollerlog.ui.common import RED, button, checkbox, format_moment, named
from rollerlog.ui.dialogs.base import date_edit, from_qdate
from rollerlog.ui.models.table_model import LazyTableModel, TableColumn, ValueRole
from rollerlog.ui.views.base import (
    View,
    ViewContext,
    follow_selection,
    make_table,
    reload_in_place,
)
from rollerlog.ui.window_state import fit_columns


def rule_title(code: str) -> str:
    """A rule's title as people read it; a code no rule knows (an old import) in words."""
    try:
        return title_of(code)
    except KeyError:
        return code.replace("-", " ").capitalize()


def went_ahead_despite(acknowledged: Iterable[Acknowledgement]) -> str:
    """The stops a session went ahead despite, by title, each with the reason given."""
    return "; ".join(
        f"{rule_title(a.code)} ({a.reason})" if a.reason else rule_title(a.code)
        for a in acknowledged
    )


SESSION_COLUMNS: list[TableColumn[SessionEntry]] = [
    TableColumn("Time", lambda e: format_moment(e.session.at)),
    TableColumn("Roller", lambda e: e.session.roller),
    TableColumn("Use", lambda e: str(e.use_number), align_right=True),
    TableColumn(
        "Areas",
        lambda e: ", ".join(area_label(a) for a in e.session.areas),
        tooltip=lambda e: ", ".join(area_label(a) for a in e.session.areas),
    ),
    TableColumn("Test patch", lambda e: "yes" if e.session.test_patch else ""),
    TableColumn("Topical", lambda e: e.session.topical, tooltip=lambda e: e.session.topical),
    TableColumn(
        "Went ahead despite",
        lambda e: went_ahead_despite(e.session.acknowledged),
        tooltip=lambda e: "\n".join(
            f"{rule_title(a.code)}: {a.reason}" for a in e.session.acknowledged
        ),
        foreground=lambda e: RED if e.session.acknowledged else None,
    ),
    TableColumn(
        "Notes", lambda e: e.session.notes.replace("\n", " "), tooltip=lambda e: e.session.notes
    ),
]
#: Columns of short values, always shown whole; the others hold free text, which gives up
#: width (elided, the full text in the tooltip) so the log needs no horizontal scroll bar.
WHOLE_COLUMNS = frozenset({"Time", "Roller", "Use", "Test patch"})
ELASTIC_COLUMNS = tuple(
    index for index, column in enumerate(SESSION_COLUMNS) if column.title not in WHOLE_COLUMNS
)


class SessionsView(View):
    """The session log with its filters and actions (new, edit, delete with undo)."""

    title = "Sessions"
    icon_name = "sessions"
    topics = frozenset({Topic.SESSIONS, Topic.ROLLERS})

    def __init__(self, context: ViewContext) -> None:
        super().__init__(context)
        layout = QVBoxLayout(self)
        filters = QHBoxLayout()
        self.roller_filter = QComboBox()
        named(self.roller_filter, "Filter by roller")
        self.area_filter = QComboBox()
        named(self.area_filter, "Filter by area")
        self.area_filter.addItem("All areas", None)
        for area in AREAS:
            self.area_filter.addItem(area.label, area.slug)
        today = context.clock().date()
        self.use_from = checkbox("&From")
        self.from_day = date_edit(date(today.year, 1, 1), "From day")
        self.use_to = checkbox("&To")
        self.to_day = date_edit(today, "To day")
        for widget in (
            QLabel("Roller"),
            self.roller_filter,
            QLabel("Area"),
            self.area_filter,
            self.use_from,
            self.from_day,
            self.use_to,
            self.to_day,
        ):
            filters.addWidget(widget)
        filters.addStretch(1)
        self.find_field = QLineEdit()
        self.find_field.setPlaceholderText("Find in notes and topicals")
        self.find_field.setClearButtonEnabled(True)
        # Wide enough for what it says it finds, and the clear button beside it.
        hint = self.find_field.fontMetrics().horizontalAdvance(self.find_field.placeholderText())
        self.find_field.setMinimumWidth(hint + 2 * self.find_field.fontMetrics().averageCharWidth())
        named(self.find_field, "Find sessions", "Sessions whose notes or topical hold these words")
        # A row of its own, so the filters and the find field fit a 1024-wide screen.
        find_row = QHBoxLayout()
        find_row.addWidget(self.find_field)
        find_row.addStretch(1)
        layout.addLayout(filters)
        layout.addLayout(find_row)

        self.table = make_table("Session log")
        layout.addWidget(self.table, 1)
        actions = QHBoxLayout()
        self.count_label = QLabel()
        self.new_button = button("&New session…", context.actions.sessions.new_session, "add")
        self.edit_button = button("&Edit…", self.edit_selected)
        self.delete_button = button("&Delete…", self.delete_selected)
        actions.addWidget(self.count_label)
        actions.addStretch(1)
        for action_button in (self.new_button, self.edit_button, self.delete_button):
            actions.addWidget(action_button)
        layout.addLayout(actions)

        self._total = 0
        # Empty until refresh(), which the window calls right after building the view.
        self.model = LazyTableModel(SESSION_COLUMNS, self._count, self._fetch, self, load=False)
        self.table.setModel(self.model)
        follow_selection(self.table, self._update_buttons, self.delete_selected, self.edit_selected)
        self.column_fitter = fit_columns(self.table, ELASTIC_COLUMNS)
        self.roller_filter.currentIndexChanged.connect(lambda _i: self.reload())
        self.area_filter.currentIndexChanged.connect(lambda _i: self.reload())
        for check in (self.use_from, self.use_to):
            check.toggled.connect(lambda _on: self.reload())
        for edit in (self.from_day, self.to_day):
            edit.dateChanged.connect(lambda _d: self.reload())
        self.find_field.textChanged.connect(lambda _text: self.reload())

    def tables(self) -> list[QTableView]:
        return [self.table]

    def current_filter(self) -> SessionFilter:
        """The filter the controls describe."""
        return SessionFilter(
            roller=self.roller_filter.currentData(),
            area=self.area_filter.currentData(),
            from_day=from_qdate(self.from_day.date()) if self.use_from.isChecked() else None,
            to_day=from_qdate(self.to_day.date()) if self.use_to.isChecked() else None,
            text=self.find_field.text().strip() or None,
        )

    def _count(self) -> int:
        self._total = queries.count_sessions(self.context.database, self.current_filter())
        return self._total

    def _fetch(self, offset: int, limit: int) -> list[SessionEntry]:
        return queries.session_page(
            self.context.database, self.current_filter(), offset, limit, self._total
        )

    def refresh(self) -> None:
        chosen = self.roller_filter.currentData()
        self.roller_filter.blockSignals(True)
        self.roller_filter.clear()
        self.roller_filter.addItem("All rollers", None)
        for name in queries.roller_names(self.context.database):
            self.roller_filter.addItem(name, name)
        self.roller_filter.setCurrentIndex(max(0, self.roller_filter.findData(chosen)))
        self.roller_filter.blockSignals(False)
        # The data changed, not the filter: keep the selected session and the scroll position.
        reload_in_place(self.table, self.model, lambda entry: entry.session.id)
        self._show_count()

    def reload(self) -> None:
        """Re-read the log from the first page with the current filter."""
        self.model.reload()
        self._show_count()

    def _show_count(self) -> None:
        total = self.model.total()
        self.count_label.setText(
            "No sessions match what you are looking for."
            if total == 0 and self.current_filter() != SessionFilter()
            else "No sessions yet: log one with New session."
            if total == 0
            else f"{total} session{'s' if total != 1 else ''}"
        )
        self._update_buttons()

    def selected(self) -> SessionEntry | None:
        """The selected session, if any."""
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(ValueRole) if rows else None

    def _update_buttons(self) -> None:
        has = self.selected() is not None
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    def edit_selected(self) -> None:
        """Open the selected session for editing."""
        entry = self.selected()
        if entry is not None:
            self.context.actions.sessions.edit_session(entry.session)

    def delete_selected(self) -> None:
        """Delete the selected session after confirmation (undo brings it back)."""
        entry = self.selected()
        if entry is not None:
            self.context.actions.sessions.delete_session(entry.session)
