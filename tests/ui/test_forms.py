"""Every form checks its fields as the person types: a red line under the field, Save held."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import event

from rollerlog.domain.entities import Roller, Session, Sterilization
from rollerlog.domain.vocabulary import MAX_NAME_LENGTH, MAX_TEXT_LENGTH
from rollerlog.store import operations as ops
from rollerlog.store import queries
from rollerlog.store.db import Database
from rollerlog.store.sample_data import generate_year
from rollerlog.ui.dialogs.base import FormDialog, to_qdate, to_qdatetime
from rollerlog.ui.main_window import MainWindow
from tests.ui.conftest import NOW

LONG_NOTES = "n" * (MAX_TEXT_LENGTH + 1)


def shown(dialog: FormDialog[Any], field: str) -> str:
    """The message visible under a field ('' when none is shown)."""
    line = dialog.checked_fields[field].message
    return line.text() if line.isVisibleTo(dialog) else ""


def add_roller(database: Database, name: str = "Face 0.5") -> Roller:
    return ops.add_roller(database, Roller(name, 0.5, date(2026, 1, 1))).value


def test_the_roller_form_explains_each_bad_field_and_holds_save(
    qtbot: QtBot, window: MainWindow, database: Database
) -> None:
    add_roller(database, "Body 1.0")
    dialog = window.actions.rollers.add_roller()
    assert shown(dialog, "name") == ""  # nothing is red on a form not touched yet
    assert not dialog.save_button.isEnabled()
    dialog.accept()  # Enter: trying to save shows what is missing
    assert shown(dialog, "name") == "This cannot be empty."
    qtbot.keyClicks(dialog.name, "Body 1.0")
    assert shown(dialog, "name") == "Another roller already has this name."
    assert "already has this name" in dialog.name.accessibleDescription()
    dialog.name.setText("Face 0.5")
    assert shown(dialog, "name") == ""
    assert dialog.save_button.isEnabled()
    assert dialog.name.maxLength() == MAX_NAME_LENGTH

    dialog.needle_mm.lineEdit().selectAll()
    qtbot.keyClicks(dialog.needle_mm.lineEdit(), "5")
    assert shown(dialog, "needle_mm") == "Needles are from 0.1 to 3.0 mm long."
    assert not dialog.save_button.isEnabled()
    dialog.needle_mm.setValue(0.75)
    assert shown(dialog, "needle_mm") == ""

    dialog.needle_count.setValue(20_000)
    assert shown(dialog, "needle_count") == "Enter a number from 1 to 10,000."
    dialog.needle_count.setValue(0)  # "unknown"
    assert shown(dialog, "needle_count") == ""
    dialog.prior_uses.setValue(12_000)
    assert "10,000" in shown(dialog, "prior_uses")
    dialog.prior_uses.setValue(3)

    dialog.acquired_on.setDate(to_qdate(NOW.date() + timedelta(days=1)))
    assert shown(dialog, "acquired_on") == "This date is in the future."
    dialog.acquired_on.setDate(to_qdate(NOW.date()))

    dialog.notes.setPlainText(LONG_NOTES)
    assert shown(dialog, "notes").startswith("This is 10,001 characters long")
    assert not dialog.save_button.isEnabled()
    dialog.accept()  # Enter or a shortcut while something is wrong
    assert dialog.isVisible()
    assert dialog.focusWidget() is dialog.notes
    assert [s.roller.name for s in queries.list_rollers(database)] == ["Body 1.0"]

    dialog.notes.setPlainText("bought at the pharmacy")
    assert dialog.save_button.isEnabled()
    dialog.save_button.click()
    assert not dialog.isVisible()
    saved = queries.roller_summary(database, "Face 0.5")
    assert saved is not None
    assert (saved.roller.needle_mm, saved.roller.prior_uses) == (0.75, 3)


def test_editing_a_roller_may_keep_its_own_name(window: MainWindow, database: Database) -> None:
    roller = add_roller(database)
    dialog = window.actions.rollers.edit_roller(roller)
    assert dialog.errors == {}
    assert dialog.save_button.isEnabled()


def test_a_session_in_the_future_is_refused_beside_its_time(
    window: MainWindow, database: Database
) -> None:
    add_roller(database)
    ops.log_sterilization(database, Sterilization(NOW - timedelta(hours=1), "Face 0.5"))
    dialog = window.actions.sessions.new_session()
    assert dialog is not None
    assert shown(dialog, "areas") == ""
    dialog.areas.boxes["forehead"].setChecked(True)
    dialog.areas.boxes["forehead"].setChecked(False)
    assert shown(dialog, "areas") == "Choose at least one area."
    dialog.areas.boxes["forehead"].setChecked(True)
    assert shown(dialog, "areas") == ""
    dialog.at.setDateTime(to_qdatetime(NOW + timedelta(minutes=5)))
    assert "in the future" in shown(dialog, "at")
    assert not dialog.save_button.isEnabled()
    dialog.accept()
    assert dialog.isVisible()
    assert dialog.focusWidget() is dialog.at
    assert queries.count_sessions(database) == 0
    dialog.at.setDateTime(to_qdatetime(NOW))
    assert shown(dialog, "at") == ""
    assert dialog.save_button.isEnabled()


def test_going_ahead_despite_a_stop_needs_a_reason(
    qtbot: QtBot, window: MainWindow, database: Database
) -> None:
    add_roller(database)
    ops.log_sterilization(database, Sterilization(NOW - timedelta(days=2, hours=1), "Face 0.5"))
    ops.log_session(database, Session(NOW - timedelta(days=2), "Face 0.5", ("chin",)))
    ops.log_sterilization(database, Sterilization(NOW - timedelta(days=1), "Face 0.5"))
    dialog = window.actions.sessions.new_session()
    assert dialog is not None
    dialog.areas.boxes["chin"].setChecked(True)
    assert "too-soon" in [f.code for f in dialog.stops()]
    assert shown(dialog, "acknowledge").startswith("Tick this")
    assert not dialog.save_button.isEnabled()

    dialog.acknowledge.setChecked(True)
    assert shown(dialog, "acknowledge") == ""
    assert shown(dialog, "reason") == "Say why you are going ahead despite this warning."
    assert not dialog.save_button.isEnabled()
    qtbot.keyClicks(dialog.reason, "   ")
    assert shown(dialog, "reason") != ""  # blanks are no reason
    qtbot.keyClicks(dialog.reason, "my dermatologist said so")
    assert shown(dialog, "reason") == ""
    assert dialog.save_button.isEnabled()


def test_very_long_session_notes_are_refused_inline(window: MainWindow, database: Database) -> None:
    add_roller(database)
    ops.log_sterilization(database, Sterilization(NOW - timedelta(hours=1), "Face 0.5"))
    dialog = window.actions.sessions.new_session()
    assert dialog is not None
    dialog.areas.boxes["forehead"].setChecked(True)
    assert dialog.save_button.isEnabled()
    dialog.notes.setPlainText(LONG_NOTES)
    assert "keep it to 10,000" in shown(dialog, "notes")
    assert not dialog.save_button.isEnabled()
    dialog.notes.setPlainText("felt fine")
    assert dialog.save_button.isEnabled()


def test_a_discarded_roller_is_refused_beside_the_roller(
    window: MainWindow, database: Database
) -> None:
    roller = add_roller(database)
    dialog = window.actions.sessions.new_session()
    assert dialog is not None
    ops.discard_roller(database, roller.id or 0, "damaged", date(2026, 2, 1))
    dialog.areas.boxes["chin"].setChecked(True)
    assert shown(dialog, "roller") == "A discarded roller cannot be used; choose another one."
    assert not dialog.acknowledge_box.isVisibleTo(dialog)
    assert not dialog.save_button.isEnabled()


def test_the_sterilization_form_refuses_a_future_time_and_too_many_minutes(
    window: MainWindow, database: Database
) -> None:
    add_roller(database)
    dialog = window.actions.sterilization.sterilize_now()
    assert dialog is not None
    assert dialog.save_button.isEnabled()
    dialog.minutes.setValue(2000)
    assert shown(dialog, "minutes") == "Enter a number from 0 to 1,440."
    assert not dialog.save_button.isEnabled()
    dialog.minutes.setValue(10)
    dialog.at.setDateTime(to_qdatetime(NOW + timedelta(hours=1)))
    assert "in the future" in shown(dialog, "at")
    assert not dialog.save_button.isEnabled()
    dialog.at.setDateTime(to_qdatetime(NOW))
    assert dialog.save_button.isEnabled()


def test_the_spot_form_refuses_a_day_in_the_future(window: MainWindow) -> None:
    dialog = window.actions.health.add_lesion()
    assert dialog.save_button.isEnabled()
    dialog.noted_on.setDate(to_qdate(NOW.date() + timedelta(days=3)))
    assert shown(dialog, "noted_on") == "This date is in the future."
    assert not dialog.save_button.isEnabled()
    dialog.noted_on.setDate(to_qdate(NOW.date()))
    assert dialog.save_button.isEnabled()


def test_the_procedure_form_refuses_a_future_time(window: MainWindow) -> None:
    dialog = window.actions.health.add_procedure()
    dialog.at.setDateTime(to_qdatetime(NOW + timedelta(days=1)))
    assert "in the future" in shown(dialog, "at")
    assert not dialog.save_button.isEnabled()
    dialog.at.setDateTime(to_qdatetime(NOW - timedelta(days=1)))
    assert dialog.save_button.isEnabled()


def test_a_roller_cannot_be_discarded_before_its_last_session(
    window: MainWindow, database: Database
) -> None:
    roller = add_roller(database)
    ops.log_session(database, Session(datetime(2026, 2, 1, 20, 0), "Face 0.5", ("chin",)))
    dialog = window.actions.rollers.discard_roller(roller)
    assert dialog.save_button.isEnabled()
    dialog.on.setDate(to_qdate(date(2026, 1, 15)))
    assert (
        shown(dialog, "discarded_on") == "It was used on 1 February 2026; choose that day or later."
    )
    assert not dialog.save_button.isEnabled()
    dialog.on.setDate(to_qdate(date(2026, 2, 1)))
    assert dialog.save_button.isEnabled()


def test_a_write_the_disk_refuses_is_explained_and_the_form_keeps_its_input(
    window: MainWindow, database: Database
) -> None:
    dialog = window.actions.rollers.add_roller()
    dialog.name.setText("Face 0.5")
    dialog.notes.setPlainText("from the pharmacy")
    database.engine.dispose()

    def refuse_writes(connection: Any, _record: Any) -> None:
        connection.execute("PRAGMA query_only = ON")

    event.listen(database.engine, "connect", refuse_writes)
    try:
        dialog.save_button.click()
    finally:
        event.remove(database.engine, "connect", refuse_writes)
        database.engine.dispose()
    assert dialog.isVisible()
    box = window.message_box
    assert isinstance(box, QMessageBox)
    assert box.isVisible()
    assert box.parent() is dialog
    assert "could not be saved" in box.text()
    assert "left as it was" in box.text()
    assert (dialog.name.text(), dialog.notes.toPlainText()) == ("Face 0.5", "from the pharmacy")
    box.close()
    dialog.save_button.click()  # the disk accepts it again
    assert not dialog.isVisible()
    assert [s.roller.name for s in queries.list_rollers(database)] == ["Face 0.5"]


def test_a_refused_save_keeps_the_form_open_with_the_store_s_message(
    window: MainWindow, database: Database
) -> None:
    add_roller(database)
    dialog = window.actions.rollers.add_roller()
    dialog.name.setText("Body 1.0")
    ops.add_roller(database, Roller("Body 1.0", 1.0, date(2026, 1, 1)))  # added meanwhile
    dialog.save_button.click()
    assert dialog.isVisible()
    assert window.message_box is not None
    assert "Body 1.0" in window.message_box.text()
    assert dialog.name.text() == "Body 1.0"


def test_the_session_dialog_shows_six_findings_without_scrolling_and_fits_the_screen(
    window: MainWindow, database: Database
) -> None:
    generate_year(database, NOW.date())
    dialog = window.actions.sessions.new_session()
    assert dialog is not None
    # The session this was measured on: the body roller (a new session now starts with the
    # latest session's roller, the touch-up one, whose findings are worded longer).
    dialog.roller.setCurrentIndex(dialog.roller.findData("Body 1.0"))
    for area in ("chin", "forehead", "left-cheek", "right-cheek", "neck"):
        dialog.areas.boxes[area].setChecked(True)
    findings = dialog.findings_list
    assert findings.count() > 6
    whole = [
        findings.item(row).text()
        for row in range(findings.count())
        if findings.viewport().rect().contains(findings.visualItemRect(findings.item(row)))
    ]
    assert len(whole) >= 6
    assert dialog.height() <= 720  # with a title bar and a panel, still inside 800 pixels
    for box in dialog.areas.boxes.values():  # the growing list squeezes no area
        assert box.height() >= box.sizeHint().height()


def test_the_uses_bars_are_wide_enough_to_read_even_after_a_narrow_remembered_width(
    qtbot: QtBot, window: MainWindow, database: Database, ui_state: QSettings
) -> None:
    generate_year(database, NOW.date())
    window.refresh(window.rollers.topics)
    table = window.rollers.table
    metrics = table.fontMetrics()
    texts = [table.model().index(row, 2).data() for row in range(table.model().rowCount())]
    assert "10 / 15" in texts
    readable = max(metrics.horizontalAdvance(text) for text in texts) + 30  # bar frame, margins
    assert table.columnWidth(2) >= readable
    table.setColumnWidth(2, 40)  # dragged narrower: the bars keep their room
    assert table.columnWidth(2) >= readable
    header = table.horizontalHeader()
    header.blockSignals(True)  # as remembered by an older version
    header.resizeSection(2, 40)
    header.blockSignals(False)
    window.close()
    again = MainWindow(database, ui_state, clock=lambda: NOW)
    qtbot.addWidget(again)
    again.show()
    again.show_view(again.rollers)
    assert again.rollers.table.columnWidth(2) >= readable


def test_todays_areas_table_hands_its_spare_width_to_the_last_column(
    qtbot: QtBot, window: MainWindow, database: Database
) -> None:
    generate_year(database, NOW.date())
    window.resize(1180, 780)
    window.show()
    window.refresh(window.today.topics)
    qtbot.wait(10)
    table = window.today.areas_table
    columns = table.model().columnCount()
    used = sum(table.columnWidth(column) for column in range(columns))
    assert table.model().rowCount() > 0
    assert used >= table.viewport().width() - 2  # no empty band beside the "When" column
