"""The shape every form dialog shares: a form, Save/Cancel, and a save callback that may refuse."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Generic, TypeVar

from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from rollerlog.ui.common import named

V = TypeVar("V")


def to_qdate(day: date) -> QDate:
    """A date as Qt's QDate."""
    return QDate(day.year, day.month, day.day)


def from_qdate(value: QDate) -> date:
    """A QDate as a date."""
    return date(value.year(), value.month(), value.day())


def to_qdatetime(moment: datetime) -> QDateTime:
    """A naive local datetime as QDateTime."""
    return QDateTime(to_qdate(moment.date()), QTime(moment.hour, moment.minute))


def from_qdatetime(value: QDateTime) -> datetime:
    """A QDateTime as a naive local datetime, to the minute."""
    day, clock = value.date(), value.time()
    return datetime(day.year(), day.month(), day.day(), clock.hour(), clock.minute())


def date_edit(day: date, name: str) -> QDateEdit:
    """A date field with a calendar popup."""
    edit = QDateEdit(to_qdate(day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    named(edit, name)
    return edit


def datetime_edit(moment: datetime, name: str) -> QDateTimeEdit:
    """A date-and-time field with a calendar popup."""
    edit = QDateTimeEdit(to_qdatetime(moment))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd HH:mm")
    named(edit, name)
    return edit


def choice(options: dict[str, str], name: str, current: str | None = None) -> QComboBox:
    """A drop-down of a vocabulary: labels shown, slugs as item data."""
    combo = QComboBox()
    for slug, label in options.items():
        combo.addItem(label, slug)
    if current is not None:
        combo.setCurrentIndex(max(0, combo.findData(current)))
    named(combo, name)
    return combo


class FormDialog(QDialog, Generic[V]):
    """A form dialog: Save hands ``value()`` to ``on_save``, closing only when it succeeded."""

    def __init__(
        self, title: str, on_save: Callable[[V], bool], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._on_save = on_save
        self.form = QFormLayout()
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setAccessibleName("Save")
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName("Cancel")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        self.extra = QVBoxLayout()
        layout.addLayout(self.extra)
        layout.addWidget(self.buttons)

    def add_row(self, label: str, widget: QWidget) -> QWidget:
        """Add a labelled field (the label becomes its accessible name when it has none)."""
        if not widget.accessibleName():
            widget.setAccessibleName(label.replace("&", ""))
        self.form.addRow(label, widget)
        return widget

    def value(self) -> V:
        """What the form holds, as a plain value."""
        raise NotImplementedError

    def accept(self) -> None:
        """Save; stay open when saving was refused (the error was shown)."""
        if self._on_save(self.value()):
            super().accept()
