"""The shape every form dialog shares: checked fields, Save/Cancel, a save that may be refused."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Generic, TypeVar

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from rollerlog.domain.constraints import YEARS
from rollerlog.ui.common import RED, named

V = TypeVar("V")

FORM_MIN_WIDTH = 460


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
    edit.setDateRange(QDate(YEARS.low, 1, 1), QDate(YEARS.high, 12, 31))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    named(edit, name)
    return edit


def datetime_edit(moment: datetime, name: str) -> QDateTimeEdit:
    """A date-and-time field with a calendar popup."""
    edit = QDateTimeEdit(to_qdatetime(moment))
    edit.setDateRange(QDate(YEARS.low, 1, 1), QDate(YEARS.high, 12, 31))
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


class FieldMessage(QLabel):
    """A small red line under a form field saying what is wrong with it (hidden when fine)."""

    def __init__(self, field_name: str) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.setObjectName("field-message")
        self.setStyleSheet(f"color: {RED.name()}; font-size: small;")
        self.setAccessibleName(f"Problem with {field_name}")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.hide()

    def show_message(self, message: str) -> None:
        """Show ``message``, or hide the line when it is empty."""
        self.setText(message)
        self.setAccessibleDescription(message)
        self.setVisible(bool(message))


@dataclass
class CheckedField:
    """A field the form checks: the widget to focus, its message line, its own description."""

    widget: QWidget
    message: FieldMessage
    description: str


def _watch(widget: QWidget, callback: Callable[[], object]) -> None:
    """Call ``callback`` whenever the person changes ``widget``."""
    if isinstance(widget, QLineEdit | QPlainTextEdit):
        widget.textChanged.connect(lambda *_: callback())
    elif isinstance(widget, QDateTimeEdit):  # QDateEdit too
        widget.dateTimeChanged.connect(lambda *_: callback())
    elif isinstance(widget, QSpinBox | QDoubleSpinBox):
        widget.textChanged.connect(lambda *_: callback())
    elif isinstance(widget, QComboBox):
        widget.currentIndexChanged.connect(lambda *_: callback())
    elif isinstance(widget, QAbstractButton):
        widget.toggled.connect(lambda *_: callback())
    elif hasattr(widget, "changed"):  # the area picker
        widget.changed.connect(callback)


def spin_value(spin: QSpinBox | QDoubleSpinBox) -> int | float | None:
    """What a number field holds; None while its text is not a number (e.g. erased)."""
    if not spin.hasAcceptableInput():
        return None
    return spin.value()


class FormDialog(QDialog, Generic[V]):
    """A form dialog whose fields are checked as the person types.

    Each checked field has a red message line right under it; Save stays disabled while
    any field has a problem, and a Save attempt anyway (Enter, a shortcut) focuses the first
    field in trouble. Save hands ``value()`` to ``on_save``, closing only when it succeeded;
    when the store refuses the write, ``on_save`` has shown why and the form keeps its input.
    """

    def __init__(
        self, title: str, on_save: Callable[[V], bool], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._on_save = on_save
        self.checked_fields: dict[str, CheckedField] = {}
        self.errors: dict[str, str] = {}
        self._checking = False
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
        # Wide enough that an introduction and the messages under fields wrap into a few
        # lines instead of a tall thin column.
        self.setMinimumWidth(FORM_MIN_WIDTH)

    def add_row(self, label: str, widget: QWidget, field: str | None = None) -> QWidget:
        """Add a labelled field (the label becomes its accessible name when it has none).

        With ``field`` (the validator's key for it) the row gets a message line under the
        widget and the widget is re-checked whenever it changes.
        """
        if not widget.accessibleName():
            widget.setAccessibleName(label.replace("&", ""))
        if field is None:
            self.form.addRow(label, widget)
            return widget
        self.form.addRow(label, self.checked(field, widget))
        return widget

    def checked(self, field: str, widget: QWidget, name: str = "") -> QWidget:
        """Wrap ``widget`` with a message line for ``field``; returns the wrapper to lay out."""
        message = FieldMessage(name or widget.accessibleName() or field)
        self.checked_fields[field] = CheckedField(widget, message, widget.accessibleDescription())
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(message)
        holder.setFocusProxy(widget)
        _watch(widget, self.check)
        return holder

    def validate(self) -> dict[str, str]:
        """The problems with the form as it is, ``{field: message}`` (none by default)."""
        return {}

    def check(self) -> dict[str, str]:
        """Re-check the form: show each field's message and enable Save only when clean."""
        if self._checking:  # a change made while checking (e.g. a list refreshed)
            return self.errors
        self._checking = True
        try:
            self.errors = self.validate()
        finally:
            self._checking = False
        for field, checked in self.checked_fields.items():
            message = self.errors.get(field, "")
            checked.message.show_message(message)
            description = " ".join(part for part in (message, checked.description) if part)
            checked.widget.setAccessibleDescription(description)
        self.save_button.setEnabled(not self.errors)
        self.save_button.setToolTip("Fix the fields marked in red to save" if self.errors else "")
        return self.errors

    def first_invalid(self) -> QWidget | None:
        """The first field, in form order, with a problem."""
        for field, checked in self.checked_fields.items():
            if field in self.errors:
                return checked.widget
        return None

    def value(self) -> V:
        """What the form holds, as a plain value."""
        raise NotImplementedError

    def accept(self) -> None:
        """Save when the form is clean; stay open when saving was refused (it was shown)."""
        if self.check():
            if (widget := self.first_invalid()) is not None:
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        if self._on_save(self.value()):
            super().accept()
