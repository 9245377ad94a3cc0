"""The shape every form dialog shares: checked fields, Save/Cancel, a save that may be refused."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Generic, TypeVar

from PySide6.QtCore import QDate, QDateTime, QEvent, QObject, QSize, Qt, QTime, QTimeZone
from PySide6.QtGui import QFocusEvent, QKeyEvent, QShowEvent, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from rollerlog.domain.constraints import YEARS
from rollerlog.ui.common import RED, named
from rollerlog.ui.window_state import fit_to_screen

V = TypeVar("V")

FORM_MIN_WIDTH = 460


def to_qdate(day: date) -> QDate:
    """A date as Qt's QDate."""
    return QDate(day.year, day.month, day.day)


def from_qdate(value: QDate) -> date:
    """A QDate as a date."""
    return date(value.year(), value.month(), value.day())


WALL_CLOCK = QTimeZone(QTimeZone.Initialization.UTC)
"""The zone time fields hold their value in: none that moves the clock, so a wall-clock time
is kept exactly as typed (one the local clocks skipped is then refused with a message by the
form, instead of being moved silently by Qt)."""


def to_qdatetime(moment: datetime) -> QDateTime:
    """A naive local datetime as a wall-clock QDateTime (see :data:`WALL_CLOCK`)."""
    return QDateTime(to_qdate(moment.date()), QTime(moment.hour, moment.minute), WALL_CLOCK)


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


class MomentEdit(QDateTimeEdit):
    """A date-and-time field that is one tab stop and changes only when meant to.

    Qt's own field takes Tab to walk its five sections, and arrow keys or the wheel change
    it whenever it has the focus, however it got there; here Tab leaves the field (Left and
    Right walk the sections), the wheel turns it only while it has the focus, and Up, Down
    and Page keys only once the person came into it with the mouse, Tab or a shortcut, or
    typed in it. N, or the Now button beside it, sets the present minute.
    """

    ON_PURPOSE = (
        Qt.FocusReason.MouseFocusReason,
        Qt.FocusReason.TabFocusReason,
        Qt.FocusReason.BacktabFocusReason,
        Qt.FocusReason.ShortcutFocusReason,
    )
    STEP_KEYS = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)

    def __init__(self, moment: datetime, now: Callable[[], datetime] = datetime.now) -> None:
        super().__init__()
        self.setTimeZone(WALL_CLOCK)
        self.setDateRange(QDate(YEARS.low, 1, 1), QDate(YEARS.high, 12, 31))
        self.setDateTime(to_qdatetime(moment))
        self._now = now
        self._on_purpose = False
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.now_button = QToolButton()
        self.now_button.setText("Now")
        self.now_button.setAccessibleName("Set the time to now")
        self.now_button.setToolTip("Set the time to now (or press N in the field)")
        # The field stays one tab stop; N inside it is the keyboard's way to this button.
        self.now_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.now_button.clicked.connect(lambda _checked=False: self.set_now())

    def set_now(self) -> None:
        """Set the field to the present minute."""
        self.setDateTime(to_qdatetime(self._now().replace(second=0, microsecond=0)))

    def row_widget(self) -> QWidget:
        """The field with its Now button, as laid out in a form."""
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self, 1)
        row.addWidget(self.now_button)
        holder.setFocusProxy(self)
        return holder

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab leaves the field instead of walking its sections."""
        return QAbstractSpinBox.focusNextPrevChild(self, next)

    def focusInEvent(self, event: QFocusEvent) -> None:
        """Remember whether the person came into the field on purpose."""
        self._on_purpose = event.reason() in self.ON_PURPOSE
        super().focusInEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Step keys only on purpose; N sets now; typing counts as being here on purpose."""
        if event.key() == Qt.Key.Key_N and not event.modifiers():
            self.set_now()
            return
        if event.key() in self.STEP_KEYS and not self._on_purpose:
            event.ignore()
            return
        if event.text().strip():
            self._on_purpose = True
        super().keyPressEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        """The wheel turns the field only while it has the focus (else the form scrolls)."""
        if not self.hasFocus():
            event.ignore()
            return
        super().wheelEvent(event)


def datetime_edit(
    moment: datetime, name: str, now: Callable[[], datetime] = datetime.now
) -> MomentEdit:
    """A date-and-time field with a calendar popup and a Now button."""
    edit = MomentEdit(moment, now)
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


class FormScroll(QScrollArea):
    """The scrolling part of a dialog: as tall as its contents wants while the screen has the
    room, and scrolling, never pushing the dialog's buttons off a small screen, when not.

    Qt's own scroll area asks for at most 24 lines of height; this one asks for what its
    contents need, and for little as its minimum, so the dialog can shrink to the screen.
    """

    MIN_LINES = 6

    def __init__(self, contents: QWidget) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(contents)

    def sizeHint(self) -> QSize:
        """The contents' own size hint, with room for a vertical scroll bar."""
        contents = self.widget()
        if contents is None:
            return super().sizeHint()
        hint = contents.sizeHint().expandedTo(contents.minimumSizeHint())
        bar = self.verticalScrollBar().sizeHint().width()
        return QSize(hint.width() + bar, hint.height())

    def minimumSizeHint(self) -> QSize:
        """As wide as the contents must be; a few lines tall."""
        contents = self.widget()
        width = contents.minimumSizeHint().width() if contents is not None else 0
        bar = self.verticalScrollBar().sizeHint().width()
        return QSize(width + bar, self.fontMetrics().lineSpacing() * self.MIN_LINES)


@dataclass
class CheckedField:
    """A field the form checks: the widget to focus, its message line, its own description."""

    widget: QWidget
    message: FieldMessage
    description: str


def _laid_out(widget: QWidget) -> QWidget:
    """What goes into the form for ``widget``: a date-and-time field comes with its Now button."""
    return widget.row_widget() if isinstance(widget, MomentEdit) else widget


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
        # A problem the form opened with (an empty name, no area yet) is shown once its field
        # was changed or left, or once Save was tried: never on a form not touched yet. A
        # problem that arises later (the roller was discarded meanwhile) shows at once.
        self._opened_with: dict[str, str] | None = None
        self._touched: set[str] = set()
        self._save_tried = False
        self.form = QFormLayout()
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setAccessibleName("Save")
        self.save_button.setDefault(True)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName("Cancel")
        cancel.setAutoDefault(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        # The introduction, the fields and what a dialog adds below them scroll together
        # when the screen is too small for them; the buttons stay visible below.
        contents = QWidget()
        self.content_layout = QVBoxLayout(contents)
        self.content_layout.setContentsMargins(0, 0, 0, 0)
        self.content_layout.addWidget(self.intro)
        self.content_layout.addLayout(self.form)
        self.extra = QVBoxLayout()
        self.content_layout.addLayout(self.extra)
        self.form_scroll = FormScroll(contents)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form_scroll, 1)
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
            self.form.addRow(label, _laid_out(widget))
            return widget
        holder = self.checked(field, widget)
        self.form.addRow(label, holder)
        # The label's mnemonic (Alt+P for "To&pical") goes to the field, not its holder,
        # which takes no focus of its own.
        if isinstance(buddy_label := self.form.labelForField(holder), QLabel):
            buddy_label.setBuddy(widget)
        return widget

    def checked(self, field: str, widget: QWidget, name: str = "") -> QWidget:
        """Wrap ``widget`` with a message line for ``field``; returns the wrapper to lay out."""
        message = FieldMessage(name or widget.accessibleName() or field)
        self.checked_fields[field] = CheckedField(widget, message, widget.accessibleDescription())
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(_laid_out(widget))
        column.addWidget(message)
        holder.setFocusProxy(widget)
        _watch(widget, lambda: self._touch(field))
        widget.installEventFilter(self)
        return holder

    def _touch(self, field: str) -> None:
        if self._opened_with is not None:  # filling the form in before it opens is no touch
            self._touched.add(field)
        self.check()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A checked field the person leaves shows its problem from then on."""
        if event.type() == QEvent.Type.FocusOut:
            for field, checked in self.checked_fields.items():
                if checked.widget is watched and field not in self._touched:
                    self._touch(field)
        return super().eventFilter(watched, event)

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
        opened_with = self.errors if self._opened_with is None else self._opened_with
        for field, checked in self.checked_fields.items():
            message = self.errors.get(field, "")
            pristine = field not in self._touched and message == opened_with.get(field)
            if pristine and not self._save_tried:
                message = ""
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

    def showEvent(self, event: QShowEvent) -> None:
        """On first showing, focus the first field, or Save when nothing needs an answer."""
        super().showEvent(event)
        if self._opened_with is None:
            fit_to_screen(self)
            self._opened_with = dict(self.validate())
            self.place_initial_focus()

    def place_initial_focus(self) -> None:
        """Focus Save when the form is complete, else its first field."""
        if not self.check() and self.save_button.isEnabled():
            self.save_button.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        first = self.first_field()
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def first_field(self) -> QWidget | None:
        """The first field of the form that takes the keyboard focus."""
        for row in range(self.form.rowCount()):
            item = self.form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            widget = item.widget() if item is not None else None
            if widget is not None and widget.isEnabled():
                target = widget.focusProxy() or widget
                if target.focusPolicy() != Qt.FocusPolicy.NoFocus:
                    return target
        return None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter on a form with a problem is a Save attempt: it shows what to fix."""
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and not self.save_button.isEnabled():
            self.accept()
            return
        super().keyPressEvent(event)

    def accept(self) -> None:
        """Save when the form is clean; stay open when saving was refused (it was shown)."""
        self._save_tried = True
        if self.check():
            if (widget := self.first_invalid()) is not None:
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        if self._on_save(self.value()):
            super().accept()
