"""Settings → "Remind me": turn the daily reminders on or off, at an hour, and show what is
installed where. The files themselves are written by :mod:`rollerlog.reminder_schedule`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from rollerlog import paths
from rollerlog.reminder_schedule import (
    DEFAULT_HOUR,
    Schedule,
    current_schedule,
    remind_command,
    schedule_supported,
    turn_off,
    turn_on,
    user_config_home,
)
from rollerlog.ui.common import heading, named, wrapped


class RemindMeBox(QWidget):
    """A checkbox "Remind me" (off by default), the hour, and what was installed, where."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading("Reminders"))
        layout.addWidget(
            wrapped(
                "Once a day, rollerlog can remind you, even while it is closed, when an area is "
                "ready again, when a roller still needs sterilizing after a session, when it is "
                "time for a new roller and when a test patch has been watched long enough. "
                "Each reminder comes once, as a desktop notification."
            )
        )
        row = QHBoxLayout()
        self.remind_me = QCheckBox("Remind me")
        named(self.remind_me, "Remind me", "Send the reminders every day, even when closed")
        self.hour = QSpinBox()
        self.hour.setRange(0, 23)
        self.hour.setSuffix(":00")
        self.hour.setValue(DEFAULT_HOUR)
        named(self.hour, "Hour of the reminders", "The hour of the day the reminders are sent")
        row.addWidget(self.remind_me)
        row.addWidget(QLabel("every day at"))
        row.addWidget(self.hour)
        row.addStretch(1)
        layout.addLayout(row)
        self.installed = QLabel()
        self.installed.setWordWrap(True)
        self.installed.setTextInteractionFlags(
            self.installed.textInteractionFlags().TextSelectableByMouse
        )
        named(self.installed, "What is installed for the reminders")
        layout.addWidget(self.installed)
        self.schedule = Schedule(None, None, (), False)
        self.refresh()
        self.remind_me.toggled.connect(lambda _on: self.apply())
        self.hour.editingFinished.connect(self._hour_changed)

    def refresh(self) -> None:
        """Show what is installed now (read back from the files)."""
        if not schedule_supported():
            self.remind_me.setEnabled(False)
            self.hour.setEnabled(False)
            self.installed.setText(
                "On this system, set up a daily task that runs `rollerlog remind` yourself "
                "(Task Scheduler on Windows, launchd on macOS, the background portal in a "
                "Flatpak); the packaging notes say how."
            )
            return
        self.schedule = current_schedule(user_config_home())
        blocked = self.remind_me.blockSignals(True)
        self.remind_me.setChecked(self.schedule.on)
        self.remind_me.blockSignals(blocked)
        if self.schedule.hour is not None:
            self.hour.setValue(self.schedule.hour)
        self.hour.setEnabled(self.schedule.method != "autostart" or not self.schedule.on)
        self.installed.setText(self.schedule.describe())

    def _hour_changed(self) -> None:
        if self.remind_me.isChecked() and self.schedule.hour != self.hour.value():
            self.apply()

    def apply(self) -> None:
        """Install (at the hour shown) or remove the reminders as the checkbox says."""
        config = user_config_home()
        removed: tuple[Path, ...] = ()
        try:
            if self.remind_me.isChecked():
                self.schedule = turn_on(config, self.hour.value(), remind_command(paths.data_dir()))
            else:
                removed = turn_off(config)
                self.schedule = Schedule(None, None, (), False)
        except OSError as error:
            self.installed.setText(
                f"The reminders could not be set up: {error.strerror or error}"
                + (f" ({error.filename})" if error.filename else "")
            )
            return
        text = self.schedule.describe()
        if not self.schedule.on and removed:
            text += "\nRemoved:\n" + "\n".join(f"  {path}" for path in removed)
        self.hour.setEnabled(self.schedule.method != "autostart")
        self.installed.setText(text)
