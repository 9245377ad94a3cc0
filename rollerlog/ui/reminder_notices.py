"""While the app is open, the reminders due today appear in its notice bar, each once.

Independent of ``rollerlog remind``: the app keeps its own account (channel ``app`` of the
sent reminders), so a reminder already notified still appears once here. A reminder that is
no longer due (the roller was sterilized, the area needled) is taken off the bar at once.
The check runs just after each change the window refreshes for, never before the change's
own notice ("Session logged…"), which it does not cover.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer

if TYPE_CHECKING:
    from rollerlog.domain.reminders import Reminder

START_DELAY_MS = 400
"""The first check waits until the window has painted Today."""


class ReminderNotices:
    """Shows the first due reminder not yet shown in the app; clears it once it is done."""

    def __init__(self, window: Any) -> None:
        self.window = window
        self.shown: Reminder | None = None
        self._text = ""
        # Owned by the window, so a check still pending when it closes never runs.
        self._timer = QTimer(window)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.check)
        window.notice_dismiss.clicked.connect(lambda _checked=False: self.check_soon())
        window.notice_action.clicked.connect(lambda _checked=False: self.check_soon())

    def check_soon(self, delay_ms: int = 0) -> None:
        """Check after the current event (once, however often it is asked)."""
        if not self._timer.isActive():
            self._timer.start(delay_ms)

    def _showing_mine(self) -> bool:
        return bool(
            self.window.notice.isVisible() and self.window.notice_label.text() == self._text
        )

    def check(self) -> Reminder | None:
        """Clear a reminder no longer due; show the next one not shown yet. Returns it."""
        from rollerlog.store import reminders

        self._timer.stop()
        database = self.window.database
        if database is None or not self.window.isVisible():  # closed: its data may be too
            return None
        if not self.window.writes_may_start():  # it notes what it showed: a write, so it
            return None  # waits for the start-up check like every other
        now = self.window.clock()
        due = reminders.due_on(database, now.date())
        if self.shown is not None and self.shown.key not in {r.key for r in due}:
            if self._showing_mine():
                self.window.notice.hide()
            self.shown = None
        if self.window.notice.isVisible():
            return None  # another notice, or this reminder, is still up
        shown_before = reminders.sent_keys(database, (r.key for r in due), [reminders.IN_APP])
        upcoming = next((r for r in due if r.key not in shown_before), None)
        if upcoming is None:
            return None
        action_text, action = self._action_for(upcoming)
        self._text = f"<b>Reminder:</b> {html.escape(upcoming.message, quote=False)}"
        self.window.show_notice(self._text, action_text, action)
        reminders.record_sent(database, [upcoming], reminders.IN_APP, now)
        self.shown = upcoming
        return upcoming

    def _action_for(self, reminder: Reminder) -> tuple[str, Callable[[], object]]:
        actions = self.window.actions
        if reminder.kind == "sterilize-after":
            return "Log sterilization…", lambda: actions.sterilization.sterilize_now(
                reminder.roller
            )
        if reminder.kind == "replace-roller":
            return "Add roller…", actions.rollers.add_roller
        return "New session…", actions.sessions.new_session
