"""One generic, lazily fetched table model over plain values and column specs.

The model owns no data source: it is given ``count()`` and ``fetch(offset, limit)``
callables that return plain values from the core, and loads one page at a time as the
view scrolls (canFetchMore/fetchMore), so a log of 50,000 sessions opens at once.
"""

from __future__ import annotations

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

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


@dataclass(frozen=True)
class Column(Generic[T]):
    """How one column shows a row value: its title, text and optional extras."""

    title: str
    text: Callable[[T], str]
    tooltip: Callable[[T], str] | None = None
    foreground: Callable[[T], QColor | None] | None = None
    progress: Callable[[T], tuple[int, int, int]] | None = None
    align_right: bool = False


class LazyTableModel(QAbstractTableModel, Generic[T]):
    """Rows of plain values fetched a page at a time from ``fetch(offset, limit)``."""

    def __init__(
        self,
        columns: Sequence[Column[T]],
        count: Callable[[], int],
        fetch: Callable[[int, int], Sequence[T]],
        parent: Any = None,
        page_size: int = PAGE_SIZE,
    ) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._count = count
        self._fetch = fetch
        self._page_size = page_size
        self._rows: list[T] = []
        self._total = 0
        self.reload()

    # -- reading --------------------------------------------------------------------------

    def total(self) -> int:
        """How many rows the source holds (loaded or not)."""
        return self._total

    def value(self, row: int) -> T:
        """The plain value of a loaded row."""
        return self._rows[row]

    def values(self) -> list[T]:
        """The rows loaded so far."""
        return list(self._rows)

    def reload(self) -> None:
        """Forget every loaded row and fetch the first page again."""
        self.beginResetModel()
        self._total = self._count()
        self._rows = list(self._fetch(0, min(self._page_size, self._total))) if self._total else []
        self._total = max(self._total, len(self._rows))
        self.endResetModel()

    # -- Qt model interface ------------------------------------------------------------------

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def canFetchMore(self, parent: _Index = _ROOT) -> bool:
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: _Index = _ROOT) -> None:
        if parent.isValid():
            return
        start = len(self._rows)
        page = list(self._fetch(start, self._page_size))
        if not page:
            self._total = start
            return
        self.beginInsertRows(QModelIndex(), start, start + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        value = self._rows[index.row()]
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
    columns: Sequence[Column[T]], load: Callable[[], Sequence[T]], parent: Any = None
) -> LazyTableModel[T]:
    """A model over a short list that is read whole (rollers, spots, procedures)."""
    cache: dict[str, list[T]] = {}

    def count() -> int:
        cache["rows"] = list(load())
        return len(cache["rows"])

    def fetch(offset: int, limit: int) -> Sequence[T]:
        return cache.get("rows", [])[offset : offset + limit]

    return LazyTableModel(columns, count, fetch, parent)
