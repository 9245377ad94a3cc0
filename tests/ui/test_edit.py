"""Edit works on every kind of record, through the real dialogs opened from the real buttons."""

from __future__ import annotations

from datetime import date, datetime

from pytestqt.qtbot import QtBot

from rollerlog.domain.entities import Acknowledgement, Lesion, Procedure, Roller, Session
from rollerlog.store import operations as ops
from rollerlog.store import queries
from rollerlog.store.db import Database
from rollerlog.ui.dialogs.base import to_qdatetime
from rollerlog.ui.dialogs.session_dialog import SessionDialog
from rollerlog.ui.main_window import MainWindow


def face_roller(database: Database) -> Roller:
    return ops.add_roller(database, Roller("Face 0.5", 0.5, date(2026, 1, 1))).value


def open_session_editor(window: MainWindow) -> SessionDialog:
    window.show_view(window.sessions)
    window.sessions.table.selectRow(0)
    assert window.sessions.edit_button.isEnabled()
    window.sessions.edit_button.click()
    dialog = window.dialog
    assert isinstance(dialog, SessionDialog)
    assert dialog.isVisible()
    assert window.message_box is None  # no "Something went wrong" on the way
    return dialog


def test_a_session_with_acknowledged_stops_and_several_areas_can_be_edited(
    qtbot: QtBot, window: MainWindow, database: Database
) -> None:
    face_roller(database)
    ops.log_session(database, Session(datetime(2026, 2, 1, 20, 0), "Face 0.5", ("chin",)))
    reason = "my dermatologist said so"
    ops.log_session(
        database,
        Session(
            datetime(2026, 2, 10, 20, 0),
            "Face 0.5",
            ("forehead", "chin", "nose"),
            topical="serum",
            acknowledged=(
                Acknowledgement("too-soon", reason),
                Acknowledgement("not-sterilized", reason),
            ),
        ),
    )
    window.refresh(window.sessions.topics)
    dialog = open_session_editor(window)
    assert set(dialog.areas.selected()) == {"forehead", "chin", "nose"}
    assert {f.code for f in dialog.stops()} == {"too-soon", "not-sterilized"}
    assert dialog.acknowledge.isChecked()
    assert dialog.reason.text() == reason
    assert dialog.save_button.isEnabled()

    dialog.notes.setPlainText("a typo fixed")
    dialog.save_button.click()
    assert not dialog.isVisible()
    saved = queries.session_page(database)[0].session
    assert saved.notes == "a typo fixed"
    assert set(saved.areas) == {"forehead", "chin", "nose"}
    assert {(a.code, a.reason) for a in saved.acknowledged} == {
        ("too-soon", reason),
        ("not-sterilized", reason),
    }
    assert saved.topical == "serum"
    assert queries.count_sessions(database) == 2


def test_a_session_on_its_rollers_discard_day_can_be_edited_but_not_moved_later(
    qtbot: QtBot, window: MainWindow, database: Database
) -> None:
    roller = face_roller(database)
    ops.log_session(
        database,
        Session(
            datetime(2026, 2, 1, 8, 0),
            "Face 0.5",
            ("neck",),
            acknowledged=(Acknowledgement("not-sterilized", "boiled it"),),
        ),
    )
    assert roller.id is not None
    ops.discard_roller(database, roller.id, "dropped", date(2026, 2, 1))  # dropped that evening
    window.refresh(window.sessions.topics)
    dialog = open_session_editor(window)
    assert dialog.roller_name() == "Face 0.5"
    assert "roller-discarded" not in [f.code for f in dialog.findings]
    dialog.notes.setPlainText("morning session, before the drop")
    assert dialog.save_button.isEnabled()

    dialog.at.setDateTime(to_qdatetime(datetime(2026, 2, 2, 8, 0)))  # after the drop: never
    assert "roller-discarded" in [f.code for f in dialog.findings]
    assert not dialog.save_button.isEnabled()
    dialog.at.setDateTime(to_qdatetime(datetime(2026, 2, 1, 8, 0)))
    assert dialog.save_button.isEnabled()
    dialog.save_button.click()
    assert window.message_box is None
    saved = queries.session_page(database)[0].session
    assert saved.notes == "morning session, before the drop"
    assert saved.at == datetime(2026, 2, 1, 8, 0)


def test_a_roller_can_be_edited_and_its_sessions_follow_the_rename(
    window: MainWindow, database: Database
) -> None:
    face_roller(database)
    ops.log_session(database, Session(datetime(2026, 2, 1, 20, 0), "Face 0.5", ("chin",)))
    window.refresh(window.rollers.topics)
    window.show_view(window.rollers)
    window.rollers.select_roller("Face 0.5")
    window.rollers.edit_button.click()
    dialog = window.dialog
    assert dialog is not None
    assert dialog.windowTitle() == "Edit roller"
    dialog.name.setText("Face 0.75")
    dialog.needle_mm.setValue(0.75)
    dialog.save_button.click()
    assert window.message_box is None
    [summary] = queries.list_rollers(database)
    assert (summary.roller.name, summary.roller.needle_mm) == ("Face 0.75", 0.75)
    assert queries.session_page(database)[0].session.roller == "Face 0.75"
    assert window.rollers.model.value(0).roller.name == "Face 0.75"


def test_a_spot_can_be_edited(window: MainWindow, database: Database) -> None:
    ops.add_lesion(database, Lesion("left-cheek", "mole", date(2026, 2, 1), notes="small"))
    window.refresh(window.health.topics)
    window.show_view(window.health)
    window.health.lesions_table.selectRow(0)
    window.health.edit_lesion_button.click()
    dialog = window.dialog
    assert dialog is not None
    assert dialog.windowTitle() == "Edit spot"
    assert dialog.area.currentData() == "left-cheek"
    assert dialog.notes.text() == "small"
    dialog.kind.setCurrentIndex(dialog.kind.findData("keloid"))
    dialog.notes.setText("raised, since childhood")
    dialog.save_button.click()
    assert window.message_box is None
    [lesion] = queries.list_lesions(database)
    assert (lesion.area, lesion.kind, lesion.notes) == (
        "left-cheek",
        "keloid",
        "raised, since childhood",
    )
    assert window.health.lesions_model.rowCount() == 1
    assert window.health.lesions_model.index(0, 1).data() == "Keloid"


def test_a_procedure_can_be_edited(window: MainWindow, database: Database) -> None:
    ops.add_procedure(
        database, Procedure("filler", datetime(2026, 2, 1, 10, 0), "brand", ("chin",))
    )
    window.refresh(window.health.topics)
    window.show_view(window.health)
    window.health.procedures_table.selectRow(0)
    window.health.edit_procedure_button.click()
    dialog = window.dialog
    assert dialog is not None
    assert dialog.windowTitle() == "Edit procedure"
    assert dialog.areas.selected() == ("chin",)
    dialog.product.setText("another brand")
    dialog.areas.set_selected(("chin", "upper-lip"))
    dialog.save_button.click()
    assert window.message_box is None
    [procedure] = queries.list_procedures(database)
    assert procedure.product == "another brand"
    assert set(procedure.areas) == {"chin", "upper-lip"}
    assert procedure.at == datetime(2026, 2, 1, 10, 0)
