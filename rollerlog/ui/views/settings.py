"""Settings: the contract's rule settings within their bounds, and the data folder.

The rule settings are checked as they are typed, with the problem beside its field; Apply
and Revert are enabled only while there are unsaved changes, and leaving the page or
closing the window with unsaved changes asks first (Save, Discard or Cancel).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from rollerlog import paths
from rollerlog.domain import constraints as c
from rollerlog.domain.settings import Settings
from rollerlog.domain.validation import validate_settings
from rollerlog.store import queries
from rollerlog.store.operations import Topic
from rollerlog.ui.common import button, heading, named, wrapped
from rollerlog.ui.dialogs.base import FieldMessage
from rollerlog.ui.views.base import View, ViewContext

SAVE_TEXT = "Save settings"
DISCARD_TEXT = "Discard changes"
CANCEL_TEXT = "Cancel"
"""The unsaved-changes question's buttons, named by what they do."""


def _spin(low: int, high: int, name: str, suffix: str = "") -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setSuffix(suffix)
    named(spin, name)
    return spin


def typed_number(spin: QSpinBox | QDoubleSpinBox) -> int | float | None:
    """The number typed into a spin box, even outside its range; None when it is no number."""
    if spin.hasAcceptableInput():
        return spin.value()
    text = spin.cleanText().strip()
    if isinstance(spin, QDoubleSpinBox):
        number, ok = spin.locale().toDouble(text)
        return number if ok else None
    whole, ok = spin.locale().toInt(text)
    return whole if ok else None


class SettingsView(View):
    """Edit the rule settings, checked as typed; Apply stores them, Revert reads them back."""

    title = "Settings"
    icon_name = "settings"
    topics = frozenset({Topic.SETTINGS})

    def __init__(self, context: ViewContext) -> None:
        super().__init__(context)
        self._filling = False
        self._clean: tuple[object, ...] = ()
        self.errors: dict[str, str] = {}
        self.messages: dict[str, FieldMessage] = {}
        self.fields: dict[str, QWidget] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        # The page scrolls on a small screen instead of making the window taller than it.
        self.page_scroll = QScrollArea()
        self.page_scroll.setWidgetResizable(True)
        self.page_scroll.setFrameShape(QFrame.Shape.NoFrame)
        page = QWidget()
        self.page_scroll.setWidget(page)
        outer.addWidget(self.page_scroll)
        layout = QVBoxLayout(page)
        layout.addWidget(heading("Rules"))
        form = QFormLayout()
        # Each number field as wide as what it holds; its message beside it.
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        days, warn, wait, needle = c.INTERVAL_DAYS, c.WARN_USES, c.TEST_PATCH_WAIT_DAYS, c.NEEDLE_MM
        self.interval_days = _spin(days.low, days.high, "Days between sessions on an area", " days")
        self.warn_uses = _spin(warn.low, warn.high, "Warn from use number", " uses")
        self.max_uses = _spin(warn.low, c.MAX_USES_UPPER, "Replace a roller after", " uses")
        self.test_patch_wait = _spin(wait.low, wait.high, "Watch a test patch for", " days")
        self.long_needle = QDoubleSpinBox()
        self.long_needle.setRange(c.LONG_NEEDLE_MM.low, c.LONG_NEEDLE_MM.high)
        self.long_needle.setDecimals(c.NEEDLE_MM_DECIMALS)
        self.long_needle.setSingleStep(0.05)
        self.long_needle.setSuffix(" mm")
        named(self.long_needle, "Needles this long or longer are for professionals")
        rows: list[tuple[str, str, QSpinBox | QDoubleSpinBox]] = [
            (
                "interval_days",
                f"Days between sessions on an area ({days.low}–{days.high})",
                self.interval_days,
            ),
            (
                "roller_warn_uses",
                f"Warn from use number ({warn.low}–{warn.high})",
                self.warn_uses,
            ),
            (
                "roller_max_uses",
                f"Replace a roller after (warn–{c.MAX_USES_UPPER})",
                self.max_uses,
            ),
            (
                "test_patch_wait_days",
                f"Watch a test patch for ({wait.low}–{wait.high})",
                self.test_patch_wait,
            ),
            ("long_needle_mm", f"Long needle from ({needle.low}–{needle.high})", self.long_needle),
        ]
        for field, label, spin in rows:
            spin.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            spin.setKeyboardTracking(True)
            # The line edit's own signal: it fires for unfinished text too (an erased field,
            # a number out of range), which the spin box's signal does not report.
            spin.lineEdit().textChanged.connect(lambda _text: self._changed())
            spin.textChanged.connect(lambda _text: self._changed())
            form.addRow(label, self._beside_message(field, spin))
        layout.addLayout(form)
        layout.addWidget(
            wrapped(
                "Days between sessions by needle length (overrides the general interval for "
                "rollers with exactly that needle length, e.g. 0.25 mm → 7 days):"
            )
        )
        self.overrides = QTableWidget(0, 2)
        self.overrides.setHorizontalHeaderLabels(["Needle (mm)", "Days"])
        self.overrides.horizontalHeader().setStretchLastSection(True)
        self.overrides.setMaximumHeight(140)
        named(self.overrides, "Days between sessions by needle length")
        self.overrides.itemChanged.connect(lambda _item: self._changed())
        layout.addWidget(self.overrides)
        self.overrides_message = self._message("overrides", self.overrides)
        layout.addWidget(self.overrides_message)
        row = QHBoxLayout()
        self.add_override_button = button("Add needle length", self._add_override)
        self.remove_override_button = button("Remove needle length", self._remove_override)
        # It removes the row you are on, so it is there only when you are on one; Delete in
        # the table does the same.
        self.overrides.currentCellChanged.connect(lambda *_cells: self._follow_override_row())
        remove_row = QAction("Remove needle length", self.overrides)
        remove_row.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        remove_row.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        remove_row.triggered.connect(lambda _checked=False: self._remove_override())
        self.overrides.addAction(remove_row)
        self._follow_override_row()
        row.addWidget(self.add_override_button)
        row.addWidget(self.remove_override_button)
        row.addStretch(1)
        self.unsaved_label = QLabel("Unsaved changes")
        self.unsaved_label.setEnabled(False)
        self.unsaved_label.hide()
        self.apply_button = button("&Apply", self.save)
        named(self.apply_button, "Apply", "Save the changed settings")
        self.save_button = self.apply_button  # the name older callers use
        self.revert_button = button("Re&vert", self.revert)
        named(self.revert_button, "Revert", "Put back the settings as they were saved")
        row.addWidget(self.unsaved_label)
        row.addWidget(self.revert_button)
        row.addWidget(self.apply_button)
        layout.addLayout(row)

        # -- Reminders (Settings → "Remind me"): a block of its own, see ui/reminder_settings.py
        from rollerlog.ui.reminder_settings import RemindMeBox

        self.remind_me = RemindMeBox(self)
        layout.addWidget(self.remind_me)
        # -- end of Reminders

        layout.addWidget(heading("Your data"))
        folder = QHBoxLayout()
        self.folder_label = QLabel()
        self.folder_label.setWordWrap(True)
        self.folder_label.setTextInteractionFlags(
            self.folder_label.textInteractionFlags().TextSelectableByMouse
        )
        self.open_folder_button = button("&Open data folder", context.open_data_folder)
        folder.addWidget(self.folder_label, 1)
        folder.addWidget(self.open_folder_button)
        layout.addLayout(folder)
        layout.addWidget(
            wrapped(
                "Everything stays in one file in this folder; rollerlog never connects to the "
                "network. Window size and column widths are kept separately."
            )
        )
        layout.addStretch(1)
        self._show_state()

    def _message(self, field: str, widget: QWidget) -> FieldMessage:
        message = FieldMessage(widget.accessibleName() or field)
        self.messages[field] = message
        self.fields[field] = widget
        return message

    def _beside_message(self, field: str, widget: QWidget) -> QWidget:
        holder = QWidget()
        line = QHBoxLayout(holder)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(widget)
        message = self._message(field, widget)
        message.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        line.addWidget(message, 1)
        holder.setFocusProxy(widget)
        return holder

    # -- reading and writing ------------------------------------------------------------------

    def refresh(self) -> None:
        """Show the saved settings (what was typed and not applied is put back)."""
        settings = queries.read_settings(self.context.database)
        self._filling = True
        try:
            self.interval_days.setValue(settings.interval_days)
            self.warn_uses.setValue(settings.roller_warn_uses)
            self.max_uses.setValue(settings.roller_max_uses)
            self.test_patch_wait.setValue(settings.test_patch_wait_days)
            self.long_needle.setValue(settings.long_needle_mm)
            self.overrides.setRowCount(0)
            for key, days in settings.interval_days_by_needle_mm.items():
                self._add_override(key, days)
            self.overrides.setCurrentCell(-1, -1)
        finally:
            self._filling = False
        self._follow_override_row()
        self.folder_label.setText(str(paths.data_dir()))
        self._clean = self._snapshot()
        self._changed()

    def revert(self) -> None:
        """Put back the settings as they were saved."""
        self.refresh()

    def _add_override(self, key: str = "", days: int | None = None) -> None:
        row = self.overrides.rowCount()
        blocked = self.overrides.blockSignals(True)
        self.overrides.insertRow(row)
        self.overrides.setItem(row, 0, QTableWidgetItem(key))
        self.overrides.setItem(row, 1, QTableWidgetItem("" if days is None else str(days)))
        self.overrides.blockSignals(blocked)
        if not key:
            self.overrides.setCurrentCell(row, 0)
        self._changed()

    def _remove_override(self) -> None:
        row = self.overrides.currentRow()
        if row >= 0:
            self.overrides.removeRow(row)
            self._changed()
        self._follow_override_row()

    def _follow_override_row(self) -> None:
        """Enable "Remove needle length" only while a row is the current one."""
        row = self.overrides.currentRow()
        self.remove_override_button.setEnabled(0 <= row < self.overrides.rowCount())

    def _override_rows(self) -> list[tuple[str, str]]:
        """The per-needle rows as typed (needle text, days text), empty rows left out."""
        rows = []
        for row in range(self.overrides.rowCount()):
            key_item, days_item = self.overrides.item(row, 0), self.overrides.item(row, 1)
            key = key_item.text().strip().replace(",", ".") if key_item else ""
            days_text = days_item.text().strip() if days_item else ""
            if key or days_text:
                rows.append((key, days_text))
        return rows

    def values(self) -> dict[str, object]:
        """The settings as entered (validated again by the store when saved)."""
        overrides: dict[str, object] = {}
        for key, days_text in self._override_rows():
            try:
                overrides[key] = int(days_text)
            except ValueError:
                overrides[key] = days_text
        return {
            "interval_days": self.interval_days.value(),
            "interval_days_by_needle_mm": overrides,
            "roller_warn_uses": self.warn_uses.value(),
            "roller_max_uses": self.max_uses.value(),
            "test_patch_wait_days": self.test_patch_wait.value(),
            "long_needle_mm": round(self.long_needle.value(), c.NEEDLE_MM_DECIMALS),
        }

    def _snapshot(self) -> tuple[object, ...]:
        spins = (
            self.interval_days,
            self.warn_uses,
            self.max_uses,
            self.test_patch_wait,
            self.long_needle,
        )
        return (*(typed_number(spin) for spin in spins), tuple(self._override_rows()))

    def validate(self) -> dict[str, str]:
        """The problems with the settings as typed, ``{field: message}``."""

        def days(text: str) -> object:
            try:
                return int(text)
            except ValueError:
                return text

        return validate_settings(
            interval_days=typed_number(self.interval_days),
            roller_warn_uses=typed_number(self.warn_uses),
            roller_max_uses=typed_number(self.max_uses),
            test_patch_wait_days=typed_number(self.test_patch_wait),
            long_needle_mm=typed_number(self.long_needle),
            overrides=[(key, days(text)) for key, text in self._override_rows()],
        )

    def has_unsaved_changes(self) -> bool:
        """True when what the page shows differs from the saved settings."""
        return self._snapshot() != self._clean

    def _changed(self) -> None:
        if self._filling:
            return
        self.errors = self.validate()
        self._show_state()

    def _show_state(self) -> None:
        for field, message in self.messages.items():
            text = self.errors.get(field, "")
            message.show_message(text)
            self.fields[field].setAccessibleDescription(text)
        unsaved = bool(self._clean) and self.has_unsaved_changes()
        self.apply_button.setEnabled(unsaved and not self.errors)
        self.apply_button.setToolTip(
            "Fix the fields marked in red to apply" if unsaved and self.errors else ""
        )
        self.revert_button.setEnabled(unsaved)
        self.unsaved_label.setVisible(unsaved)

    def save(self) -> bool:
        """Store the settings when they are valid; True when they were saved."""
        self._changed()
        if self.errors:
            self._focus_first_problem()
            return False
        return self.context.actions.settings.save_settings(self.values())

    def _focus_first_problem(self) -> None:
        for field, widget in self.fields.items():
            if field in self.errors:
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
                return

    # -- leaving with unsaved changes -----------------------------------------------------------

    def may_leave(self) -> bool:
        """Ask what to do with unsaved changes: save them, discard them, or stay here."""
        if not self.has_unsaved_changes():
            return True
        box = unsaved_question(self, not self.errors)
        box.exec()
        chosen = box.clickedButton()
        if chosen is box.save and self.save():
            return True
        if chosen is box.discard:
            self.revert()
            return True
        self._focus_first_problem()
        return False

    def defaults(self) -> Settings:
        """The contract's defaults (for documentation and tests)."""
        return Settings()


class UnsavedQuestion(QMessageBox):
    """Save, Discard or Cancel the changed settings: three buttons named by their action."""

    save: QPushButton
    discard: QPushButton
    cancel: QPushButton


def unsaved_question(parent: QWidget, can_save: bool) -> UnsavedQuestion:
    """The question asked when unsaved settings would be left behind."""
    box = UnsavedQuestion(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Unsaved settings")
    box.setAccessibleName("Unsaved settings")
    box.setText("You changed the settings but did not apply the changes.")
    box.setInformativeText(
        "Save them now, or discard them?"
        if can_save
        else "Some fields are marked in red: fix them to save, or discard the changes."
    )
    box.save = box.addButton(SAVE_TEXT, QMessageBox.ButtonRole.AcceptRole)
    box.discard = box.addButton(DISCARD_TEXT, QMessageBox.ButtonRole.DestructiveRole)
    box.cancel = box.addButton(CANCEL_TEXT, QMessageBox.ButtonRole.RejectRole)
    box.save.setEnabled(can_save)
    box.setDefaultButton(box.save if can_save else box.cancel)
    box.setEscapeButton(box.cancel)
    return box
