"""Reminders in the open app (the notice bar, once; cleared when done) and Settings → "Remind me"
writing the real timer or autostart files into a temporary XDG_CONFIG_HOME.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from rollerlog.domain.entities import Roller, Session, Sterilization
from rollerlog.store import operations as ops
from rollerlog.store.db import Database
from rollerlog.ui.main_window import MainWindow
from tests.ui.conftest import NOW

YESTERDAY_EVENING = datetime(2026, 3, 1, 20, 0)


def _unsterilized_session(database: Database) -> None:
    ops.add_roller(database, Roller("Face 0.5", 0.5, date(2026, 1, 1)))
    ops.log_sterilization(database, Sterilization(datetime(2026, 3, 1, 19, 50), "Face 0.5"))
    ops.log_session(database, Session(YESTERDAY_EVENING, "Face 0.5", ("chin",)))


def _open_window(qtbot, database: Database, ui_state: QSettings) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(database, ui_state, clock=lambda: NOW, confirm=lambda *_: True)
    qtbot.addWidget(window)
    window.show()
    return window


def test_a_due_reminder_appears_once_and_goes_when_it_is_done(
    qtbot, database: Database, ui_state: QSettings
) -> None:
    _unsterilized_session(database)
    window = _open_window(qtbot, database, ui_state)
    qtbot.waitUntil(window.notice.isVisible, timeout=5000)
    assert "has not been sterilized since its session yesterday" in window.notice_label.text()
    assert window.notice_action.text() == "Log sterilization…"

    # Marking it done elsewhere (the Sterilization page logs it) takes it off the bar.
    window.perform(
        lambda: ops.log_sterilization(database, Sterilization(NOW, "Face 0.5", "isopropyl-70"))
    )
    qtbot.waitUntil(lambda: not window.notice.isVisible(), timeout=5000)
    assert window.reminder_notices.shown is None

    # A new session brings a new reminder; "Log sterilization…" on the bar opens the dialog.
    window.perform(lambda: ops.log_session(database, Session(NOW, "Face 0.5", ("forehead",))))
    qtbot.waitUntil(window.notice.isVisible, timeout=5000)
    assert "today at 20:00" in window.notice_label.text()
    window.notice_action.click()
    dialog = window.dialog
    assert dialog is not None
    assert dialog.roller.currentText() == "Face 0.5"
    dialog.save_button.click()
    qtbot.wait(50)
    assert not window.notice.isVisible()


def test_a_reminder_shown_once_does_not_come_back_in_the_next_window(
    qtbot, database: Database, ui_state: QSettings
) -> None:
    _unsterilized_session(database)
    first = _open_window(qtbot, database, ui_state)
    qtbot.waitUntil(first.notice.isVisible, timeout=5000)
    first.notice_dismiss.click()
    first.close()
    second = _open_window(qtbot, database, ui_state)
    qtbot.wait(800)  # longer than the start-up delay of the check
    assert second.reminder_notices.check() is None
    assert not second.notice.isVisible()


def test_the_reminder_does_not_cover_the_notice_of_the_change_itself(
    qtbot, window: MainWindow, database: Database
) -> None:
    ops.add_roller(database, Roller("Face 0.5", 0.5, date(2026, 1, 1)))
    window.refresh(window.rollers.topics)
    window._save_new_session(Session(NOW, "Face 0.5", ("chin",)))
    qtbot.wait(50)
    assert window.notice_label.text().startswith("Session logged.")
    # Dismissed, the reminder of the same session follows, once.
    window.notice_dismiss.click()
    qtbot.waitUntil(window.notice.isVisible, timeout=5000)
    assert "Reminder:" in window.notice_label.text()


# --------------------------------------------------------------------------- Remind me


@pytest.fixture
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config-home"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    return folder


def test_remind_me_is_off_by_default_and_installs_and_removes_the_files(
    window: MainWindow, config_home: Path
) -> None:
    box = window.settings_view.remind_me
    assert not box.remind_me.isChecked()
    assert "off" in box.installed.text()
    box.hour.setValue(8)
    box.remind_me.setChecked(True)
    written = box.schedule.files
    assert written
    for path in written:
        assert path.is_file()
        assert path.is_relative_to(config_home)
        assert str(path) in box.installed.text()
    if box.schedule.method == "systemd":
        assert "OnCalendar=*-*-* 08:00:00" in written[0].read_text(encoding="utf-8")
    else:
        assert written[0].name == "rollerlog-remind.desktop"
        assert "remind" in written[0].read_text(encoding="utf-8")
    box.remind_me.setChecked(False)
    assert not any(path.exists() for path in written)
    assert "Removed:" in box.installed.text()
    # The page reads back what is installed: a fresh look still says off.
    box.refresh()
    assert not box.remind_me.isChecked()
