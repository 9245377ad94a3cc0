"""What every view of the main window shares: a title, an icon, its topics and a refresh."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from rollerlog.store.topics import Topic
from rollerlog.ui.common import named
from rollerlog.ui.models.table_model import LazyTableModel, ValueRole
from rollerlog.ui.window_state import WindowState

if TYPE_CHECKING:  # the store and the actions load after Today is first filled
    from rollerlog.store.db import Database
    from rollerlog.ui.actions import Actions

T = TypeVar("T")


@dataclass(frozen=True)
class ViewContext:
    """What a view needs: the data, the time, the workflows its buttons start, the columns."""

    database: Database
    clock: Callable[[], datetime]
    actions: Actions
    state: WindowState
    open_data_folder: Callable[[], object]


class View(QWidget):
    """A page of the main window; ``refresh()`` re-reads what it shows."""

    title = ""
    icon_name = ""
    topics: frozenset[Topic] = frozenset()

    def __init__(self, context: ViewContext) -> None:
        super().__init__()
        self.context = context
        self.setAccessibleName(self.title)

    def refresh(self) -> None:
        """Re-read the data this view shows."""

    def tables(self) -> list[QTableView]:
        """The tables whose column widths are remembered."""
        return []

    def may_leave(self) -> bool:
        """True when the page may be left, or the window closed, now.

        A page holding unsaved changes asks what to do with them first (see Settings).
        """
        return True


def make_table(name: str) -> QTableView:
    """A read-only, row-selecting table view with an accessible name."""
    table = QTableView()
    named(table, name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    # Fitting columns to their contents looks at 100 rows, not 1,000: within the page shown.
    table.horizontalHeader().setResizeContentsPrecision(100)
    table.setWordWrap(False)
    return table


def selected_value(table: QTableView) -> Any:
    """The value of the table's selected row, or None without a selection."""
    selection = table.selectionModel()
    rows = selection.selectedRows() if selection is not None else []
    return rows[0].data(ValueRole) if rows else None


def follow_selection(
    table: QTableView,
    update: Callable[[], object],
    delete: Callable[[], object] | None = None,
    edit: Callable[[], object] | None = None,
) -> None:
    """Wire a table's actions to its selection: ``update`` (enabling the buttons) whenever
    the selection changes, the Delete key to ``delete``, a double-click to ``edit``.

    Call it once the table has its model.
    """
    selection = table.selectionModel()
    assert selection is not None, "set the model first"
    selection.selectionChanged.connect(lambda *_: update())
    if delete is not None:
        shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), table)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(lambda: delete())
    if edit is not None:
        table.doubleClicked.connect(lambda _index: edit())
    update()


def reload_in_place(
    table: QTableView, model: LazyTableModel[T], key: Callable[[T], Hashable]
) -> None:
    """Re-read ``model`` keeping the selected rows, by ``key``, and the scroll position.

    A selected row is found again among the rows the reload read (all of a short list; the
    first page of a long log), so keeping the selection never reads the whole table.
    """
    selection = table.selectionModel()
    chosen = set()
    if selection is not None:
        chosen = {key(index.data(ValueRole)) for index in selection.selectedRows()}
    vertical = table.verticalScrollBar().value()
    horizontal = table.horizontalScrollBar().value()
    model.reload()
    if chosen and selection is not None:
        for row, value in model.held_positions():
            if key(value) in chosen:
                selection.select(
                    model.index(row, 0),
                    QItemSelectionModel.SelectionFlag.Select
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
    table.doItemsLayout()  # the scroll ranges follow the new rows before the position is set
    table.verticalScrollBar().setValue(vertical)
    table.horizontalScrollBar().setValue(horizontal)
