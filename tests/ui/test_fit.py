"""The window and its dialogs fit a small screen; Settings never lose an edit.

The sizing functions are driven with a given screen rectangle (the offscreen screen of the
test run cannot be made smaller); one test starts a real process on an offscreen screen of
1024x640 and opens the window and every dialog there.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import QRect, QSettings, QSize, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QScrollArea
from pytestqt.qtbot import QtBot

from rollerlog.domain.entities import Roller, Session
from rollerlog.store import operations as ops
from rollerlog.store import queries
from rollerlog.store.db import Database
from rollerlog.ui.main_window import MainWindow
from rollerlog.ui.window_state import (
    DEFAULT_SIZE,
    GEOMETRY_KEY,
    centred_geometry,
    clamped_geometry,
    fitted_column_widths,
    room_on,
)
from tests.helpers import REPO_ROOT
from tests.ui.conftest import NOW

SMALL = QRect(0, 0, 1024, 640)
WIDE = QRect(0, 0, 1280, 800)


def inside(rect: QRect, room: QRect) -> bool:
    """True when ``rect`` lies wholly inside ``room``."""
    return room.contains(rect.topLeft()) and room.contains(rect.bottomRight())


# -- the sizing functions ---------------------------------------------------------------------


def test_a_geometry_larger_than_the_screen_is_shrunk_into_it() -> None:
    clamped = clamped_geometry(QRect(-50, -20, 1600, 1000), SMALL)
    assert inside(clamped, room_on(SMALL))
    assert clamped.size() == room_on(SMALL).size()


def test_a_geometry_off_the_screen_is_brought_back_whole() -> None:
    for far in (QRect(3000, 2000, 800, 500), QRect(-900, 100, 800, 500), QRect(600, 400, 800, 500)):
        clamped = clamped_geometry(far, SMALL)
        assert inside(clamped, room_on(SMALL)), far
        assert clamped.size() == QSize(800, 500), far  # it fitted: only moved


def test_a_geometry_inside_the_screen_is_kept() -> None:
    kept = QRect(100, 80, 800, 500)
    assert clamped_geometry(kept, SMALL) == kept


def test_the_first_start_size_is_centred_and_shrunk_to_a_small_screen() -> None:
    small = centred_geometry(DEFAULT_SIZE, SMALL)
    assert inside(small, room_on(SMALL))
    assert small.width() < DEFAULT_SIZE.width()
    wide = centred_geometry(DEFAULT_SIZE, WIDE)
    assert wide.width() == DEFAULT_SIZE.width()  # room enough across
    assert inside(wide, room_on(WIDE))


def test_elastic_columns_give_up_width_down_to_their_floor_and_no_further() -> None:
    content, floors = [100, 300, 50, 400], [100, 60, 50, 60]
    fitted = fitted_column_widths(content, floors, elastic=(1, 3), width=600)
    assert sum(fitted) == 600
    assert fitted[0] == 100
    assert fitted[2] == 50
    squeezed = fitted_column_widths(content, floors, elastic=(1, 3), width=100)
    assert squeezed == [100, 60, 50, 60]  # never below the floors
    assert fitted_column_widths(content, floors, elastic=(1, 3), width=2000) == content


# -- the main window ----------------------------------------------------------------------------


def open_again(qtbot: QtBot, database: Database, ui_state: QSettings, room: QRect) -> MainWindow:
    again = MainWindow(database, ui_state, clock=lambda: NOW)
    qtbot.addWidget(again)
    again.state.restore_geometry(again, room)
    again.show()
    return again


def add_year_of_rollers(database: Database) -> None:
    ops.add_roller(database, Roller("Face 0.5", 0.5, NOW.date() - timedelta(days=300), 192))
    ops.add_roller(
        database, Roller("Body 1.0 stainless", 1.0, NOW.date() - timedelta(days=300), 540)
    )


def test_a_remembered_geometry_larger_than_the_screen_opens_inside_it(
    qtbot: QtBot, database: Database, ui_state: QSettings, window: MainWindow
) -> None:
    window.setGeometry(QRect(40, 40, 1500, 1000))
    window.close()
    assert ui_state.value(GEOMETRY_KEY) is not None
    again = open_again(qtbot, database, ui_state, SMALL)
    assert inside(again.geometry(), room_on(SMALL))


def test_a_remembered_geometry_off_the_screen_opens_on_it(
    qtbot: QtBot, database: Database, ui_state: QSettings, window: MainWindow
) -> None:
    window.setGeometry(QRect(2600, 1900, 900, 560))  # on a second screen, unplugged since
    window.close()
    again = open_again(qtbot, database, ui_state, SMALL)
    assert inside(again.geometry(), room_on(SMALL))
    assert again.size() == QSize(900, 560)


def test_today_lays_out_within_a_1024_wide_window(
    qtbot: QtBot, database: Database, ui_state: QSettings
) -> None:
    add_year_of_rollers(database)
    for days in (40, 12, 3):
        ops.log_session(
            database,
            Session(NOW - timedelta(days=days), "Face 0.5", ("forehead", "left-cheek", "chin")),
        )
    ui_state.remove(GEOMETRY_KEY)
    main = open_again(qtbot, database, ui_state, SMALL)
    assert inside(main.geometry(), room_on(SMALL))
    assert main.width() <= 1024
    assert main.minimumSizeHint().width() < 1024
    qtbot.waitUntil(lambda: main.today.areas_table.isVisible())
    for scroll in main.today.findChildren(QScrollArea):
        assert not scroll.horizontalScrollBar().isVisible()
    assert not main.today.areas_table.horizontalScrollBar().isVisible()
    for index in range(7):  # no page makes the window wider than the screen
        main.show_view(index)
        assert main.minimumSizeHint().width() <= room_on(SMALL).width(), index
        assert main.minimumSizeHint().height() <= room_on(SMALL).height(), index


def test_the_session_log_fits_1280_wide_with_long_notes_elided(
    qtbot: QtBot, database: Database, ui_state: QSettings
) -> None:
    add_year_of_rollers(database)
    notes = "Tingled a little on the left side, redness gone by morning; " * 4
    for days in (50, 20):
        ops.log_session(
            database,
            Session(
                NOW - timedelta(days=days),
                "Face 0.5",
                ("forehead", "left-cheek", "right-cheek", "chin", "jawline", "upper-lip"),
                topical="hyaluronic acid serum with niacinamide and panthenol",
                notes=notes.strip(),
            ),
        )
    ui_state.clear()
    main = open_again(qtbot, database, ui_state, WIDE)
    assert main.width() <= 1280
    main.show_view(main.sessions)
    table = main.sessions.table
    qtbot.waitUntil(table.isVisible)
    model = table.model()
    widths = [table.columnWidth(column) for column in range(model.columnCount())]
    assert sum(widths) <= table.viewport().width()
    assert not table.horizontalScrollBar().isVisible()
    notes_column = model.columnCount() - 1
    index = model.index(0, notes_column)
    assert table.fontMetrics().horizontalAdvance(index.data()) > widths[notes_column]  # elided
    assert index.data(3) == notes.strip()  # ToolTipRole: the whole note
    time_text = model.index(0, 0).data()
    assert table.fontMetrics().horizontalAdvance(time_text) <= widths[0]  # shown whole


# -- a real process on a 1024x640 screen ----------------------------------------------------------

SMALL_SCREEN_SCRIPT = r"""
import json, sys
from datetime import datetime, timedelta
from pathlib import Path
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from rollerlog import paths
from rollerlog.store.db import open_database
from rollerlog.store.sample_data import generate_year
from rollerlog.ui.main_window import MainWindow
from rollerlog.ui.window_state import NOTICE_KEY

app = QApplication([])
now = datetime(2026, 3, 2, 19, 30)
database = open_database(paths.database_path())
generate_year(database, now.date())
state = QSettings(sys.argv[1], QSettings.Format.IniFormat)
state.setValue(NOTICE_KEY, True)
window = MainWindow(database, state, clock=lambda: now)
window.show()
for _ in range(5):
    app.processEvents()
screen = window.screen().availableGeometry()
def rect(r):
    return [r.x(), r.y(), r.width(), r.height()]
out = {"screen": rect(screen), "window": rect(window.frameGeometry()), "dialogs": {}}
actions = window.actions
roller = next(r for r in window.rollers._rollers if r.roller.discarded_on is None).roller
session = window.sessions.model.held_positions()[0][1].session
openers = {
    "add roller": actions.rollers.add_roller,
    "edit roller": lambda: actions.rollers.edit_roller(roller),
    "discard roller": lambda: actions.rollers.discard_roller(roller),
    "sterilize": actions.sterilization.sterilize_now,
    "spot": actions.health.add_lesion,
    "procedure": actions.health.add_procedure,
    "new session": actions.sessions.new_session,
    "edit session": lambda: actions.sessions.edit_session(session),
}
for name, open_dialog in openers.items():
    dialog = open_dialog()
    if name == "new session":
        dialog.roller.setCurrentIndex(dialog.roller.findData("Face 0.5"))
        for area in ("forehead", "nose", "chin", "left-cheek"):
            dialog.areas.boxes[area].setChecked(True)
    for _ in range(5):
        app.processEvents()
    buttons = dialog.buttons
    top_left = buttons.mapTo(dialog, buttons.rect().topLeft())
    extra = {}
    if hasattr(dialog, "acknowledge_box"):
        extra = {
            "acknowledge": dialog.acknowledge_box.isVisible(),
            "findings": dialog.findings_list.count(),
        }
    out["dialogs"][name] = {
        "frame": rect(dialog.frameGeometry()),
        "buttons": [top_left.x(), top_left.y(), buttons.width(), buttons.height()],
        "height": dialog.height(),
        "visible": buttons.isVisible() and dialog.save_button.isVisible(),
        **extra,
    }
    dialog.reject()
print(json.dumps(out))
"""


def test_on_a_real_1024x640_screen_the_window_and_every_dialog_fit(tmp_path: Path) -> None:
    config = tmp_path / "screen.json"
    config.write_text(
        json.dumps(
            {
                "screens": [
                    {
                        "name": "small",
                        "x": 0,
                        "y": 0,
                        "width": 1024,
                        "height": 640,
                        "logicalDpi": 96,
                        "logicalBaseDpi": 96,
                        "dpr": 1,
                    }
                ]
            }
        )
    )
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    env["PYTHONPATH"] = str(REPO_ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    done = subprocess.run(
        [sys.executable, "-c", SMALL_SCREEN_SCRIPT, str(tmp_path / "ui.ini")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    screen = QRect(*result["screen"])
    assert screen.size() == QSize(1024, 640)
    assert inside(QRect(*result["window"]), screen)
    assert len(result["dialogs"]) == 8
    for name, dialog in result["dialogs"].items():
        frame = QRect(*dialog["frame"])
        assert inside(frame, screen), name
        _x, y, _width, height = dialog["buttons"]
        assert dialog["visible"], name
        assert y >= 0, name
        assert y + height <= dialog["height"], name  # Save and Cancel in view
    session = result["dialogs"]["new session"]
    assert session["acknowledge"]  # a stop with its acknowledgement box, still inside


# -- Settings ------------------------------------------------------------------------------------


def answer_question_with(text: str, seen: list[list[str]]) -> None:
    """Click the button called ``text`` of the question about to be asked."""

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, click)
            return
        seen.append([button.text() for button in box.buttons()])
        next(button for button in box.buttons() if button.text() == text).click()

    QTimer.singleShot(0, click)


def test_apply_and_revert_are_enabled_only_with_unsaved_changes(
    window: MainWindow, database: Database
) -> None:
    view = window.settings_view
    window.show_view(view)
    assert not view.apply_button.isEnabled()
    assert not view.revert_button.isEnabled()
    view.interval_days.setValue(14)
    assert view.apply_button.isEnabled()
    assert view.revert_button.isEnabled()
    view.interval_days.setValue(28)  # back as saved: nothing to apply
    assert not view.apply_button.isEnabled()
    assert not view.revert_button.isEnabled()
    view.interval_days.setValue(21)
    view.revert_button.click()
    assert view.interval_days.value() == 28
    assert not view.revert_button.isEnabled()
    view.interval_days.setValue(21)
    view.apply_button.click()
    assert queries.read_settings(database).interval_days == 21
    assert not view.apply_button.isEnabled()
    assert not view.revert_button.isEnabled()


def test_settings_are_checked_as_typed_with_the_message_beside_the_field(
    qtbot: QtBot, window: MainWindow, database: Database
) -> None:
    view = window.settings_view
    window.show_view(view)
    spin = view.interval_days
    spin.selectAll()
    qtbot.keyClicks(spin.lineEdit(), "0")  # type: ignore[no-untyped-call]  # below 1: the spin box holds it as unfinished
    message = view.messages["interval_days"]
    assert message.isVisibleTo(view)
    assert message.text() == "Enter a number from 1 to 365."
    assert (
        message.mapTo(view, message.rect().topLeft()).x()
        > spin.mapTo(view, spin.rect().topRight()).x()
    )
    assert not view.apply_button.isEnabled()
    assert view.revert_button.isEnabled()
    spin.selectAll()
    qtbot.keyClicks(spin.lineEdit(), "30")  # type: ignore[no-untyped-call]
    assert not message.isVisibleTo(view)
    assert view.apply_button.isEnabled()
    view.add_override_button.click()
    needle = view.overrides.item(view.overrides.rowCount() - 1, 0)
    assert needle is not None
    needle.setText("7")
    assert "Needle length in row 1" in view.messages["overrides"].text()
    assert not view.apply_button.isEnabled()
    view.revert_button.click()
    assert not view.messages["overrides"].isVisibleTo(view)
    assert queries.read_settings(database).interval_days == 28


def test_spin_boxes_are_as_wide_as_their_content(window: MainWindow) -> None:
    view = window.settings_view
    window.show_view(view)
    for spin in (view.interval_days, view.warn_uses, view.max_uses, view.long_needle):
        widest = spin.fontMetrics().horizontalAdvance(f"{spin.maximum():g}{spin.suffix()}")
        assert widest < spin.width() <= spin.sizeHint().width() + 2, spin.accessibleName()


def test_leaving_settings_with_unsaved_changes_asks_save_discard_or_cancel(
    window: MainWindow, database: Database
) -> None:
    view = window.settings_view
    window.show_view(view)
    seen: list[list[str]] = []
    view.interval_days.setValue(10)
    answer_question_with("Cancel", seen)
    window.navigation.setCurrentRow(0)  # a click on Today in the navigation
    assert window.current_view() is view
    assert window.navigation.currentRow() == 5
    assert view.interval_days.value() == 10  # the edit is still there
    assert sorted(seen[0]) == ["Cancel", "Discard changes", "Save settings"]

    answer_question_with("Discard changes", seen)
    window.show_view(0)
    assert window.current_view() is window.today
    assert queries.read_settings(database).interval_days == 28
    assert view.interval_days.value() == 28

    window.show_view(view)
    view.interval_days.setValue(12)
    answer_question_with("Save settings", seen)
    window.show_view(1)
    assert window.current_view() is window.sessions
    assert queries.read_settings(database).interval_days == 12
    assert len(seen) == 3


def test_closing_with_unsaved_settings_asks_and_cancel_keeps_the_window(
    window: MainWindow, database: Database
) -> None:
    view = window.settings_view
    window.show_view(view)
    seen: list[list[str]] = []
    view.warn_uses.setValue(12)
    answer_question_with("Cancel", seen)
    assert not window.close()
    assert window.isVisible()
    assert view.warn_uses.value() == 12
    answer_question_with("Save settings", seen)
    assert window.close()
    assert queries.read_settings(database).roller_warn_uses == 12
    assert len(seen) == 2


def test_nothing_is_asked_without_unsaved_changes(window: MainWindow) -> None:
    window.show_view(window.settings_view)
    window.show_view(0)  # would block on a question if one were asked
    assert window.current_view() is window.today
    assert window.close()


def test_fitted_columns_follow_new_rows_but_a_resize_measures_nothing_again(
    qtbot: QtBot,
) -> None:
    """Contents are measured once per change of the rows; resizes only share the width out."""
    from PySide6.QtWidgets import QTableView

    from rollerlog.ui.models.table_model import TableColumn, list_model
    from rollerlog.ui.views.base import make_table
    from rollerlog.ui.window_state import fit_columns

    rows = ["short"]
    table: QTableView = make_table("Fit test")
    columns = [TableColumn[str]("Name", str), TableColumn[str]("Other", str)]
    model = list_model(columns, lambda: rows)
    table.setModel(model)
    measured: list[int] = []
    resize_to_contents = table.resizeColumnsToContents

    def counted() -> None:
        measured.append(1)
        resize_to_contents()

    table.resizeColumnsToContents = counted  # type: ignore[method-assign]
    fitter = fit_columns(table, (0,))
    model.reload()
    assert measured == [], "a hidden table is not measured"
    qtbot.addWidget(table)
    table.resize(600, 300)
    table.show()
    qtbot.waitExposed(table)
    qtbot.wait(50)
    assert measured, "shown: measured"
    times = len(measured)
    widths = []
    for width in (500, 640, 560, 700, 500):
        table.resize(width, 300)
        QApplication.processEvents()
        widths.append(table.columnWidth(0))
    assert len(measured) == times, "a resize measures nothing again"
    narrow = widths[-1]
    assert widths[0] == narrow
    rows[:] = ["short", "a name a good deal longer than the first"]
    model.reload()
    QApplication.processEvents()
    assert len(measured) == times + 1
    assert table.columnWidth(0) > narrow, "new rows are measured again"
    assert not fitter.by_hand


def test_remove_needle_length_follows_the_row_you_are_on_by_mouse_and_by_keyboard(
    qtbot: QtBot, window: MainWindow, database: Database
) -> None:
    from PySide6.QtCore import Qt

    ops.save_settings(
        database,
        replace(queries.read_settings(database), interval_days_by_needle_mm={"0.25": 7, "0.5": 14}),
    )
    view = window.settings_view
    window.show_view(view)
    table = view.overrides
    assert table.rowCount() == 2
    assert not view.remove_override_button.isEnabled(), "no row chosen yet"
    table.setCurrentCell(1, 0)
    assert view.remove_override_button.isEnabled()
    view.remove_override_button.click()
    assert table.rowCount() == 1
    assert view.apply_button.isEnabled()
    # From the keyboard: onto the remaining row, then Delete.
    table.setFocus()
    table.setCurrentCell(0, 1)
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert table.rowCount() == 0
    assert not view.remove_override_button.isEnabled()
    view.apply_button.click()
    assert queries.read_settings(database).interval_days_by_needle_mm == {}
    view.add_override_button.click()  # a new row is the current one: it can be removed again
    assert view.remove_override_button.isEnabled()
