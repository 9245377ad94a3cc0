"""Reusable widgets: the area picker (grouped check boxes) and the uses progress delegate."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
    QWidget,
)

from rollerlog.domain.areas import GROUP_LABELS, areas_in_group, sort_areas
from rollerlog.ui.common import BAR_AMBER, BAR_RED, checkbox
from rollerlog.ui.models.table_model import ProgressRole


class AreaPicker(QWidget):
    """Check boxes for every body area, grouped face / neck and head / body."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, columns: int = 3) -> None:
        super().__init__(parent)
        self.setAccessibleName("Areas")
        self.boxes: dict[str, QCheckBox] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for group, label in GROUP_LABELS.items():
            box = QGroupBox(label)
            box.setAccessibleName(label)
            grid = QGridLayout(box)
            areas = areas_in_group(group)
            rows = (len(areas) + 1) // 2 if group == "body" else len(areas)
            for index, area in enumerate(areas):
                check = checkbox(area.label)
                check.toggled.connect(lambda _on=False: self.changed.emit())
                self.boxes[area.slug] = check
                grid.addWidget(check, index % rows, index // rows)
            layout.addWidget(box, 2 if group == "body" else 1, Qt.AlignmentFlag.AlignTop)

    def selected(self) -> tuple[str, ...]:
        """The checked areas, in catalogue order."""
        return sort_areas(slug for slug, box in self.boxes.items() if box.isChecked())

    def set_selected(self, slugs: Iterable[str]) -> None:
        """Check exactly these areas."""
        wanted = set(slugs)
        for slug, box in self.boxes.items():
            box.setChecked(slug in wanted)


class UsesBarDelegate(QStyledItemDelegate):
    """Draws "9 / 15" as a progress bar: amber from the warn threshold, red at the limit."""

    #: The widest text the bar is sized for, so "10 / 15" and "120 / 100" are never clipped.
    WIDEST_TEXT = "888 / 888"

    def minimum_width(self, metrics: QFontMetrics) -> int:
        """The narrowest column in which the bar and its text are fully readable."""
        text = metrics.horizontalAdvance(self.WIDEST_TEXT)
        # Room for the bar's frame and cell margins on each side, and some bar beyond the text.
        return text + 8 * metrics.averageCharWidth() + 12

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        hint = super().sizeHint(option, index)
        if not index.data(ProgressRole):
            return hint
        return QSize(max(hint.width(), self.minimum_width(option.fontMetrics)), hint.height())

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        progress = index.data(ProgressRole)
        if not progress:
            super().paint(painter, option, index)
            return
        uses, warn_at, limit = progress
        bar = QStyleOptionProgressBar()
        bar.rect = option.rect.adjusted(3, 3, -3, -3)
        bar.minimum = 0
        bar.maximum = max(limit, 1)
        bar.progress = min(uses, limit)
        bar.text = f"{uses} / {limit}"
        bar.textVisible = True
        bar.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Horizontal
        palette = QPalette(option.palette)
        if uses >= limit:
            palette.setColor(QPalette.ColorRole.Highlight, BAR_RED)
            palette.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
        elif uses + 1 >= warn_at:
            palette.setColor(QPalette.ColorRole.Highlight, BAR_AMBER)
            # White on amber is too faint to read; dark text keeps the count legible.
            palette.setColor(QPalette.ColorRole.HighlightedText, QColor("#1a1a1a"))
        bar.palette = palette
        style = option.widget.style() if option.widget else QApplication.style()
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, option.palette.highlight())
        style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter)
