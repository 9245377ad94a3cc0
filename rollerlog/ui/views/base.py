"""What every view of the main window shares: a title, an icon, its topics and a refresh."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from rollerlog.store.operations import Topic
from rollerlog.ui.common import named

if TYPE_CHECKING:
    from rollerlog.ui.main_window import MainWindow


class View(QWidget):
    """A page of the main window; ``refresh()`` re-reads what it shows."""

    title = ""
    icon_name = ""
    topics: frozenset[Topic] = frozenset()

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.window_ = window
        self.setAccessibleName(self.title)

    def refresh(self) -> None:
        """Re-read the data this view shows."""

    def tables(self) -> list[QTableView]:
        """The tables whose column widths are remembered."""
        return []


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
    table.setWordWrap(False)
    return table
