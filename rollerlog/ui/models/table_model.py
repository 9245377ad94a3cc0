"""One generic, lazily fetched table model over plain values and column specs.

The model owns no data source: it is given ``count()`` and ``fetch(offset, limit)``
callables that return plain values from the core. It reports every row from the count,
but reads a page only when a row of it is first shown, and keeps only the few pages seen
last; so a log of 50,000 sessions opens at once, and a jump to its end reads the last
page alone instead of every page before it.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

T = TypeVar("T")

ValueRole = Qt.ItemDataRole.UserRole + 1
"""The plain value of the row (any column)."""
ProgressRole = Qt.ItemDataRole.UserRole + 2
"""(value, warn_at, limit) for columns drawn as a progress bar."""

PAGE_SIZE = 200
KEPT_PAGES = 8
"""How many pages a model keeps in memory (the ones used last)."""

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


@dataclass(frozen=True)
class TableColumn(Generic[T]):
    """How one column shows a row value: its title, text and optional extras."""

    title: str
    text: Callable[[T], str]
    tooltip: Callable[[T], str] | None = None
    foreground: Callable[[T], QColor | None] | None = None
    progress: Callable[[T], tuple[int, int, int]] | None = None
    align_right: bool = False


class LazyTableModel(QAbstractTableModel, Generic[T]):
    """Rows of plain values, read a page at a time from ``fetch(offset, limit)`` when shown."""

    def __init__(
        self,
        columns: Sequence[TableColumn[T]],
        count: Callable[[], int],
        fetch: Callable[[int, int], Sequence[T]],
        parent: Any = None,
        page_size: int = PAGE_SIZE,
        kept_pages: int = KEPT_PAGES,
        load: bool = True,
    ) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._count = count
        self._fetch = fetch
        self._page_size = page_size
        self._kept_pages = max(1, kept_pages)
        self._pages: OrderedDict[int, list[T]] = OrderedDict()
        self._last_number: int = -1
        self._last_page: list[T] = []
        self._total = 0
        if load:
            self.reload()

    # -- reading --------------------------------------------------------------------------

    def total(self) -> int:
        """How many rows the source holds."""
        return self._total

    def _page(self, number: int) -> list[T]:
        if number == self._last_number:  # painting asks for the same page many times over
            return self._last_page
        page = self._pages.get(number)
        if page is None:
            page = list(self._fetch(number * self._page_size, self._page_size))
            self._pages[number] = page
            while len(self._pages) > self._kept_pages:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        self._last_number, self._last_page = number, page
        return page

    def _row(self, row: int) -> T | None:
        if not 0 <= row < self._total:
            return None
        page = self._page(row // self._page_size)
        offset = row % self._page_size
        # The data may have changed under the count: a missing row shows empty until reload.
        return page[offset] if offset < len(page) else None

    def value(self, row: int) -> T:
        """The plain value of a row (its page is read if it is not held)."""
        value = self._row(row)
        if value is None:
            raise IndexError(row)
        return value

    def values(self) -> list[T]:
        """The rows held in memory now, in row order (never more than the kept pages)."""
        return [value for number in sorted(self._pages) for value in self._pages[number]]

    def held_positions(self) -> list[tuple[int, T]]:
        """(row, value) for every row held in memory now, in row order; reads nothing."""
        return [
            (number * self._page_size + offset, value)
            for number in sorted(self._pages)
            for offset, value in enumerate(self._pages[number])
        ]

    def held_rows(self) -> int:
        """How many rows are held in memory now."""
        return sum(len(page) for page in self._pages.values())

    def reload(self) -> None:
        """Forget every held row, count again and read the first page."""
        self.beginResetModel()
        self._pages.clear()
        self._last_number, self._last_page = -1, []
        self._total = self._count()
        if self._total:
            self._total = max(self._total, len(self._page(0)))
        self.endResetModel()

    # -- Qt model interface ------------------------------------------------------------------

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else self._total

    def columnCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        value = self._row(index.row())
        if value is None:
            return None
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(value)
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(value)
        if role == Qt.ItemDataRole.ForegroundRole and column.foreground is not None:
            color = column.foreground(value)
            return QBrush(color) if color is not None else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ValueRole:
            return value
        if role == ProgressRole and column.progress is not None:
            return column.progress(value)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self._columns)
        ):
            return self._columns[section].title
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )


def list_model(
    columns: Sequence[TableColumn[T]], load: Callable[[], Sequence[T]], parent: Any = None
) -> LazyTableModel[T]:
    """A model over a short list that is read whole (rollers, spots, procedures)."""
    cache: dict[str, list[T]] = {}

    def count() -> int:
        cache["rows"] = list(load())
        return len(cache["rows"])

    def fetch(offset: int, limit: int) -> Sequence[T]:
        return cache.get("rows", [])[offset : offset + limit]

    return LazyTableModel(columns, count, fetch, parent)
