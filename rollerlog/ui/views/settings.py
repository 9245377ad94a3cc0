"""Settings: the contract's rule settings within their bounds, and the data folder."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from rollerlog import paths
from rollerlog.domain.settings import Settings
from rollerlog.store import queries
from rollerlog.store.operations import Topic
from rollerlog.ui.common import button, heading, named, wrapped
from rollerlog.ui.views.base import View


def _spin(low: int, high: int, name: str, suffix: str = "") -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setSuffix(suffix)
    named(spin, name)
    return spin


class SettingsView(View):
    """Edit the rule settings; Save validates them all at once."""

    title = "Settings"
    icon_name = "settings"
    topics = frozenset({Topic.SETTINGS})

    def __init__(self, window) -> None:  # type: ignore[no-untyped-def]
        super().__init__(window)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Rules"))
        form = QFormLayout()
        self.interval_days = _spin(1, 365, "Days between sessions on an area", " days")
        self.warn_uses = _spin(1, 100, "Warn from use number", " uses")
        self.max_uses = _spin(1, 100, "Replace a roller after", " uses")
        self.test_patch_wait = _spin(0, 90, "Watch a test patch for", " days")
        self.long_needle = QDoubleSpinBox()
        self.long_needle.setRange(0.1, 3.0)
        self.long_needle.setDecimals(2)
        self.long_needle.setSingleStep(0.05)
        self.long_needle.setSuffix(" mm")
        named(self.long_needle, "Needles this long or longer are for professionals")
        form.addRow("Days between sessions on an area (1–365)", self.interval_days)
        form.addRow("Warn from use number (1–100)", self.warn_uses)
        form.addRow("Replace a roller after (warn–100)", self.max_uses)
        form.addRow("Watch a test patch for (0–90)", self.test_patch_wait)
        form.addRow("Long needle from (0.1–3.0)", self.long_needle)
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
        layout.addWidget(self.overrides)
        row = QHBoxLayout()
        self.add_override_button = button("Add needle length", self._add_override)
        self.remove_override_button = button("Remove needle length", self._remove_override)
        row.addWidget(self.add_override_button)
        row.addWidget(self.remove_override_button)
        row.addStretch(1)
        self.save_button = button("&Save settings", self.save)
        self.revert_button = button("Revert", self.refresh)
        row.addWidget(self.revert_button)
        row.addWidget(self.save_button)
        layout.addLayout(row)

        # -- Reminders (Settings → "Remind me"): a block of its own, see ui/reminder_settings.py
        from rollerlog.ui.reminder_settings import RemindMeBox

        self.remind_me = RemindMeBox(self)
        layout.addWidget(self.remind_me)
        # -- end of Reminders

        layout.addWidget(heading("Your data"))
        folder = QHBoxLayout()
        self.folder_label = QLabel()
        self.folder_label.setTextInteractionFlags(
            self.folder_label.textInteractionFlags().TextSelectableByMouse
        )
        self.open_folder_button = button("&Open data folder", window.open_data_folder)
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

    def refresh(self) -> None:
        settings = queries.read_settings(self.window_.database)
        self.interval_days.setValue(settings.interval_days)
        self.warn_uses.setValue(settings.roller_warn_uses)
        self.max_uses.setValue(settings.roller_max_uses)
        self.test_patch_wait.setValue(settings.test_patch_wait_days)
        self.long_needle.setValue(settings.long_needle_mm)
        self.overrides.setRowCount(0)
        for key, days in settings.interval_days_by_needle_mm.items():
            self._add_override(key, days)
        self.folder_label.setText(str(paths.data_dir()))

    def _add_override(self, key: str = "", days: int | None = None) -> None:
        row = self.overrides.rowCount()
        self.overrides.insertRow(row)
        self.overrides.setItem(row, 0, QTableWidgetItem(key))
        self.overrides.setItem(row, 1, QTableWidgetItem("" if days is None else str(days)))
        if not key:
            self.overrides.setCurrentCell(row, 0)

    def _remove_override(self) -> None:
        row = self.overrides.currentRow()
        if row >= 0:
            self.overrides.removeRow(row)

    def values(self) -> dict[str, object]:
        """The settings as entered (validated when saved)."""
        overrides: dict[str, object] = {}
        for row in range(self.overrides.rowCount()):
            key_item, days_item = self.overrides.item(row, 0), self.overrides.item(row, 1)
            key = key_item.text().strip().replace(",", ".") if key_item else ""
            days_text = days_item.text().strip() if days_item else ""
            if not key and not days_text:
                continue
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
            "long_needle_mm": round(self.long_needle.value(), 2),
        }

    def save(self) -> None:
        """Validate and store the settings; a problem is shown and nothing is saved."""
        self.window_.save_settings(self.values())

    def defaults(self) -> Settings:
        """The contract's defaults (for documentation and tests)."""
        return Settings()
