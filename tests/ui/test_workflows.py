"""The desktop app driven through its real widgets, one everyday workflow per test."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from rollerlog.domain.entities import Roller, Session, Sterilization
from rollerlog.store import operations as ops
from rollerlog.store import queries
from rollerlog.store.db import Database
from rollerlog.ui.dialogs.base import to_qdatetime
from rollerlog.ui.dialogs.session_dialog import SessionDialog
from rollerlog.ui.main_window import MainWindow
from tests.ui.conftest import NOW, Answers


def add_face_roller(database: Database, **changes: object) -> Roller:
    values: dict[str, object] = {
        "name": "Face 0.5",
        "needle_mm": 0.5,
        "acquired_on": date(2026, 1, 1),
    }
    values.update(changes)
    return ops.add_roller(database, Roller(**values)).value  # type: ignore[arg-type]


def codes(dialog: SessionDialog) -> list[str]:
    return [f.code for f in dialog.findings]


def test_first_run_shows_the_empty_state_and_adding_a_roller_fills_the_views(
    window: MainWindow,
) -> None:
    assert window.windowTitle() == "rollerlog"
    assert window.today.stack.currentWidget() is window.today.empty
    assert window.today.empty.button.text() == "Add your first roller"
    window.today.empty.button.click()
    dialog = window.dialog
    dialog.name.setText("Face 0.5")
    dialog.needle_mm.setValue(0.5)
    dialog.prior_uses.setValue(8)
    dialog.save_button.click()
    assert not dialog.isVisible()
    assert window.today.stack.currentIndex() == 1
    assert window.rollers.model.rowCount() == 1
    summary = window.rollers.model.value(0)
    assert summary.uses == 8
    uses_index = window.rollers.model.index(0, 2)
    assert uses_index.data() == "8 / 15"


def test_sterilize_now_logs_it_and_the_rollers_view_shows_it(
    window: MainWindow, database: Database
) -> None:
    add_face_roller(database)
    window.refresh(window.rollers.topics)
    window.sterilization.sterilize_button.click()
    dialog = window.dialog
    assert dialog.roller.currentText() == "Face 0.5"
    dialog.minutes.setValue(15)
    dialog.save_button.click()
    assert window.sterilization.model.rowCount() == 1
    assert window.sterilization.model.index(0, 3).data() == "15"
    assert window.rollers.model.value(0).last_sterilized_at == NOW


def test_session_findings_change_live_and_a_stop_needs_a_reason(
    window: MainWindow, database: Database
) -> None:
    add_face_roller(database)
    ops.log_sterilization(database, Sterilization(datetime(2026, 2, 1, 19, 0), "Face 0.5"))
    ops.log_session(database, Session(datetime(2026, 2, 1, 20, 0), "Face 0.5", ("chin",)))
    ops.log_sterilization(database, Sterilization(datetime(2026, 2, 1, 21, 0), "Face 0.5"))
    dialog = window.actions.sessions.new_session()
    assert dialog is not None
    assert dialog.areas.selected() == ("chin",)  # as last time, open again today
    dialog.areas.boxes["chin"].setChecked(False)
    assert not dialog.save_button.isEnabled()  # no area

    dialog.areas.boxes["forehead"].setChecked(True)
    assert codes(dialog) == []
    assert dialog.save_button.isEnabled()

    dialog.areas.boxes["chin"].setChecked(True)  # needled 29 days ago... at 28 days it is fine
    assert "too-soon" not in codes(dialog)
    dialog.at.setDateTime(to_qdatetime(datetime(2026, 2, 20, 20, 0)))
    assert codes(dialog) == ["too-soon"]
    assert dialog.findings_list.item(0).text().startswith("Stop:")
    assert not dialog.save_button.isEnabled()
    assert dialog.acknowledge_box.isVisibleTo(dialog)

    dialog.acknowledge.setChecked(True)
    assert not dialog.save_button.isEnabled()  # a reason is still needed
    dialog.reason.setText("my dermatologist said so")
    assert dialog.save_button.isEnabled()
    dialog.save_button.click()
    saved = queries.session_page(database)[0].session
    assert [(a.code, a.reason) for a in saved.acknowledged] == [
        ("too-soon", "my dermatologist said so")
    ]
    assert window.notice.isVisible()
    assert "sterilize" in window.notice_label.text()


def test_the_dialog_offers_to_log_the_missing_sterilization(
    window: MainWindow, database: Database
) -> None:
    add_face_roller(database)
    dialog = window.actions.sessions.new_session()
    dialog.areas.boxes["neck"].setChecked(True)
    assert "not-sterilized" in codes(dialog)
    assert dialog.sterilize_offer.isVisibleTo(dialog)
    dialog.sterilized_now.click()
    assert "not-sterilized" not in codes(dialog)
    assert dialog.save_button.isEnabled()
    assert queries.count_sterilizations(database) == 0  # logged with the session, on Save
    dialog.save_button.click()
    assert queries.count_sterilizations(database) == 1
    assert queries.session_page(database)[0].session.acknowledged == ()


def test_a_dropped_roller_is_disabled_everywhere_and_can_be_restored(
    window: MainWindow, database: Database
) -> None:
    add_face_roller(database)
    add_face_roller(database, name="Body 1.0", needle_mm=1.0)
    window.refresh(window.rollers.topics)
    window.rollers.select_roller("Face 0.5")
    window.rollers.discard_button.click()
    dialog = window.dialog
    dialog.reason.setCurrentIndex(dialog.reason.findData("dropped"))
    dialog.save_button.click()
    face = next(s for s in queries.list_rollers(database) if s.roller.name == "Face 0.5")
    assert face.roller.discard_reason == "dropped"
    state = window.rollers.model.index(1, 3).data()
    assert state.startswith("Discarded: dropped")

    session_dialog = window.actions.sessions.new_session()
    combo = session_dialog.roller
    item = combo.model().item(combo.findData("Face 0.5"))
    assert not item.isEnabled()
    assert "discarded" in item.text()
    assert combo.currentData() == "Body 1.0"
    assert "Face 0.5" not in window.actions.sterilization.usable_roller_names()
    assert all(r.name != "Face 0.5" for r in window.today.status.rollers if r.state != "discarded")
    session_dialog.close()

    window.undo()
    face = next(s for s in queries.list_rollers(database) if s.roller.name == "Face 0.5")
    assert face.roller.discarded_on is None


def test_a_discarded_roller_can_never_be_saved(window: MainWindow, database: Database) -> None:
    roller = add_face_roller(database)
    dialog = window.actions.sessions.new_session()
    ops.discard_roller(database, roller.id or 0, "damaged", date(2026, 2, 1))
    dialog.areas.boxes["chin"].setChecked(True)
    assert "roller-discarded" in codes(dialog)
    assert "discarded" in dialog.checked_fields["roller"].message.text()
    assert not dialog.acknowledge_box.isVisibleTo(dialog)
    dialog.acknowledge.setChecked(True)
    dialog.reason.setText("I really want to")
    assert not dialog.save_button.isEnabled()
    dialog.accept()
    assert queries.count_sessions(database) == 0


def test_deleting_a_session_asks_first_and_can_be_undone(
    window: MainWindow, database: Database, answers: Answers
) -> None:
    add_face_roller(database)
    ops.log_session(database, Session(datetime(2026, 2, 1, 20, 0), "Face 0.5", ("chin",)))
    window.refresh(window.sessions.topics)
    window.show_view(window.sessions)
    table = window.sessions.table
    table.selectRow(0)
    answers.answer = False
    window.sessions.delete_button.click()
    assert answers.asked == ["Delete session"]
    assert queries.count_sessions(database) == 1
    answers.answer = True
    logged = window.sessions.model.value(0).session
    window.sessions.delete_button.click()
    assert queries.count_sessions(database) == 0
    assert window.sessions.model.rowCount() == 0
    window.undo_action.trigger()
    assert queries.count_sessions(database) == 1
    assert window.sessions.model.rowCount() == 1
    assert window.sessions.model.value(0).session == logged  # the same session, id and all


def test_changing_the_interval_in_settings_changes_the_today_view(
    window: MainWindow, database: Database
) -> None:
    add_face_roller(database)
    ops.log_session(database, Session(NOW - timedelta(days=20), "Face 0.5", ("chin",)))
    window.refresh(window.today.topics)
    chin = next(a for a in window.today.status.areas if a.area == "chin")
    assert chin.next_on == (NOW - timedelta(days=20)).date() + timedelta(days=28)
    window.show_view(window.settings_view)
    window.settings_view.interval_days.setValue(14)
    window.settings_view.save_button.click()
    chin = next(a for a in window.today.status.areas if a.area == "chin")
    assert chin.next_on <= NOW.date()
    assert window.today.areas_table.model().index(0, 3).data() == "Ready now"


def test_settings_out_of_bounds_are_refused_with_a_message(
    window: MainWindow, database: Database
) -> None:
    view = window.settings_view
    view.warn_uses.setValue(20)
    view.max_uses.setValue(15)
    # Refused as typed, beside the field; Apply cannot store it (nor can a Save attempt).
    assert view.messages["roller_max_uses"].isVisibleTo(view)
    assert view.messages["roller_max_uses"].text() == "Enter a number from 20 to 100."
    assert not view.apply_button.isEnabled()
    assert view.save() is False
    assert queries.read_settings(database).roller_warn_uses == 10
    view.revert_button.click()
    assert not view.has_unsaved_changes()


def test_conditions_are_saved_when_checked_and_shown_as_standing_findings(
    window: MainWindow, database: Database
) -> None:
    add_face_roller(database)
    window.refresh(window.today.topics)
    window.health.condition_boxes["pregnant"].setChecked(True)
    assert queries.read_profile(database).conditions == {"pregnant"}
    assert "pregnant" in [f.code for f in window.today.status.findings]


def test_help_explains_every_check_by_its_title(window: MainWindow) -> None:
    from rollerlog.domain.findings import RULES

    window.help_action.trigger()
    assert window.current_view() is window.help
    text = window.help.browser.toPlainText()
    for rule in RULES:
        assert rule.title in text
        assert rule.explanation[:40] in text
        if "-" in rule.code:  # a one-word code ("diabetes") is also a plain word
            assert rule.code not in text


def test_geometry_and_column_widths_are_remembered(
    qtbot, database: Database, ui_state, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    window.show_view(window.sessions)  # a column is sized by hand on a page in view
    window.sessions.table.setColumnWidth(1, 222)
    window.resize(900, 600)
    window.close()
    again = MainWindow(database, ui_state, clock=lambda: NOW)
    qtbot.addWidget(again)
    assert again.sessions.table.columnWidth(1) == 222
    assert again.size().height() == 600  # not the first-run default of 780


def test_a_remembered_window_too_small_to_read_is_grown(
    qtbot, database: Database, ui_state, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    from rollerlog.ui.window_state import MINIMUM_USEFUL_SIZE, room_on

    window.resize(420, 230)
    window.close()
    again = MainWindow(database, ui_state, clock=lambda: NOW)
    qtbot.addWidget(again)
    # Grown to the useful size, as far as the screen (less the window's frame) has room.
    room = room_on(again.screen().availableGeometry()).size()
    smallest = MINIMUM_USEFUL_SIZE.boundedTo(room)
    assert again.width() >= smallest.width() > 420
    assert again.height() >= smallest.height() > 230


def test_the_first_run_notice_is_shown_once(qtbot, database: Database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QSettings

    state = QSettings(str(tmp_path / "fresh.ini"), QSettings.Format.IniFormat)
    main = MainWindow(database, state, clock=lambda: NOW)
    qtbot.addWidget(main)
    assert main.show_first_run_notice()
    assert "not medical advice" in main.message_box.text()
    assert "dermatologist" in main.message_box.text()
    main.message_box.close()
    assert not main.show_first_run_notice()


def test_open_data_folder_opens_the_folder_shown(window: MainWindow, data_dir) -> None:  # type: ignore[no-untyped-def]
    assert window.settings_view.folder_label.text() == str(data_dir)
    window.settings_view.open_folder_button.click()
    assert window.opened_urls[0].toLocalFile() == str(data_dir)  # type: ignore[attr-defined]


def test_the_go_menu_shows_skin_and_health_with_its_ampersand(window: MainWindow) -> None:
    texts = [action.text() for action in window.go_menu.actions()]
    assert "Skin && health" in texts  # "&&" is drawn as one "&"; a lone "&" would vanish
