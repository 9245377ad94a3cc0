"""The nightly loop through the real window, by keyboard and mouse: a new session as last
time, its roller's sterilization in the same step, the reminder after use in one click, and
actions that follow the selection."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTableView
from pytestqt.qtbot import QtBot
from sqlalchemy import event

from rollerlog.domain.entities import Lesion, Procedure, Roller, Session, Sterilization
from rollerlog.store import operations as ops
from rollerlog.store import queries
from rollerlog.store.db import Database
from rollerlog.ui.dialogs.session_dialog import SessionDialog
from rollerlog.ui.main_window import MainWindow
from tests.ui.conftest import NOW, Answers

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
LAST_AT = NOW - timedelta(days=30)


def rows(database: Database) -> dict[str, list[tuple[Any, ...]]]:
    """The sessions with their areas, and the sterilizations, as stored in the file."""
    connection = sqlite3.connect(f"file:{database.path}?mode=ro", uri=True)
    try:
        return {
            "session": connection.execute("SELECT * FROM session ORDER BY id").fetchall(),
            "session_area": connection.execute(
                "SELECT * FROM session_area ORDER BY session_id, position"
            ).fetchall(),
            "sterilization": connection.execute(
                "SELECT * FROM sterilization ORDER BY id"
            ).fetchall(),
        }
    finally:
        connection.close()


@contextmanager
def counted_commits(database: Database) -> Iterator[list[object]]:
    """Every transaction committed while inside that wrote sessions or sterilizations.

    Other bookkeeping (the notice bar noting a reminder it showed) may commit meanwhile,
    on its own timer; it is not part of the change being counted.
    """
    commits: list[object] = []
    wrote: set[int] = set()

    def statement(connection: object, _cursor: object, sql: str, *_args: object) -> None:
        if WRITES_LOGGED_RECORDS.match(sql):
            wrote.add(id(connection))

    def count(connection: object) -> None:
        if id(connection) in wrote:
            wrote.discard(id(connection))
            commits.append(connection)

    def rolled_back(connection: object) -> None:
        wrote.discard(id(connection))

    event.listen(database.engine, "before_cursor_execute", statement)
    event.listen(database.engine, "commit", count)
    event.listen(database.engine, "rollback", rolled_back)
    try:
        yield commits
    finally:
        event.remove(database.engine, "before_cursor_execute", statement)
        event.remove(database.engine, "commit", count)
        event.remove(database.engine, "rollback", rolled_back)


WRITES_LOGGED_RECORDS = re.compile(
    r"\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+\"?(session|sterilization)\b", re.IGNORECASE
)


def last_cheek_session(database: Database, *, cleaned_after: bool) -> Session:
    """A face roller used 30 days ago on both cheeks with a serum, cleaned before (and after)."""
    ops.add_roller(database, Roller("Face 0.5", 0.5, date(2026, 1, 1)))
    ops.log_sterilization(
        database,
        Sterilization(LAST_AT - timedelta(minutes=20), "Face 0.5", "isopropyl-other", 7),
    )
    session = ops.log_session(
        database,
        Session(LAST_AT, "Face 0.5", ("left-cheek", "right-cheek"), topical="peptide serum"),
    ).value
    if cleaned_after:
        ops.log_sterilization(
            database,
            Sterilization(LAST_AT + timedelta(minutes=30), "Face 0.5", "isopropyl-other", 7),
        )
    return session


def press_ctrl_n(qtbot: QtBot, window: MainWindow) -> SessionDialog:
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    dialog = window.dialog
    assert isinstance(dialog, SessionDialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def focused() -> Any:
    return QApplication.focusWidget()


def test_ctrl_n_enter_logs_the_session_of_last_time_at_the_time_now(
    qtbot: QtBot, window: MainWindow, database: Database
) -> None:
    last_cheek_session(database, cleaned_after=True)
    window.refresh(window.today.topics)
    before = rows(database)
    dialog = press_ctrl_n(qtbot, window)
    assert dialog.roller_name() == "Face 0.5"
    assert dialog.areas.selected() == ("left-cheek", "right-cheek")
    assert dialog.topical.text() == "peptide serum"
    assert focused() is dialog.save_button  # nothing needs an answer
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert not dialog.isVisible()
    after = rows(database)
    assert after["sterilization"] == before["sterilization"]
    (old,) = before["session"]
    old_id, new_id = old[0], after["session"][1][0]
    new = after["session"][1]
    columns = [d[1] for d in sqlite3.connect(database.path).execute("PRAGMA table_info(session)")]
    at = columns.index("at")
    assert new[at].startswith("2026-03-02 20:00")
    same = [i for i in range(len(columns)) if i not in (0, at)]
    assert [new[i] for i in same] == [old[i] for i in same]
    areas = {sid: [a[1:] for a in after["session_area"] if a[0] == sid] for sid in (old_id, new_id)}
    assert areas[new_id] == areas[old_id]
    assert areas[new_id]


def test_with_the_mouse_it_is_new_session_then_save(
    qtbot: QtBot, window: MainWindow, database: Database
) -> None:
    last_cheek_session(database, cleaned_after=True)
    window.refresh(window.today.topics)
    qtbot.mouseClick(window.today.new_session_button, Qt.MouseButton.LeftButton)
    dialog = window.dialog
    assert isinstance(dialog, SessionDialog)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert queries.count_sessions(database) == 2


def test_the_prefill_leaves_out_healing_areas_with_why_and_skips_an_unusable_roller(
    window: MainWindow, database: Database
) -> None:
    face = ops.add_roller(database, Roller("Face 0.5", 0.5, date(2026, 1, 1))).value
    ops.add_roller(database, Roller("Spare 0.5", 0.5, date(2026, 1, 1)))
    ops.add_roller(database, Roller("Never used", 0.5, date(2026, 1, 1)))
    ops.log_session(database, Session(NOW - timedelta(days=40), "Spare 0.5", ("chin",)))
    ops.log_session(
        database, Session(NOW - timedelta(days=20), "Face 0.5", ("nose",), topical="serum")
    )
    ops.log_session(
        database,
        Session(NOW - timedelta(days=30), "Face 0.5", ("forehead", "left-cheek"), topical="gel"),
    )
    # The latest session (20 days ago) had nose only; needle the forehead again yesterday
    # to see a healing area left out.
    ops.log_session(
        database, Session(NOW - timedelta(days=1), "Face 0.5", ("forehead", "nose"), topical="gel")
    )
    assert face.id is not None
    ops.discard_roller(database, face.id, "dropped", NOW.date())
    dialog = window.actions.sessions.new_session()
    assert dialog is not None
    assert dialog.roller_name() == "Spare 0.5"  # used most recently of the usable ones
    assert dialog.areas.selected() == ()  # both are healing after yesterday
    assert dialog.topical.text() == "gel"
    lines = [dialog.findings_list.item(i).text() for i in range(dialog.findings_list.count())]
    assert "Left out from last time: Forehead is healing; next safe day Sun, 29 Mar 2026" in lines
    assert any(line.startswith("Left out from last time: Nose is healing") for line in lines)
    assert focused() is not dialog.save_button
    dialog.areas.boxes["chin"].setChecked(True)  # any field can still be changed
    assert dialog.save_button.isEnabled() or dialog.stops()


def test_sterilized_just_now_logs_both_in_one_transaction_and_undo_takes_both_back(
    qtbot: QtBot, window: MainWindow, database: Database
) -> None:
    last_cheek_session(database, cleaned_after=False)
    window.refresh(window.today.topics)
    before = rows(database)
    dialog = press_ctrl_n(qtbot, window)
    assert "not-sterilized" in [f.code for f in dialog.findings]
    assert dialog.sterilize_offer.isVisible()
    assert dialog.cleaning_method.currentData() == "isopropyl-other"  # as last time
    assert dialog.cleaning_minutes.value() == 7
    assert focused() is not dialog.save_button  # the stop needs an answer
    with counted_commits(database) as commits:
        qtbot.keyClick(focused(), Qt.Key.Key_S, ALT)
        qtbot.waitUntil(dialog.sterilized_now.isChecked)
        assert "not-sterilized" not in [f.code for f in dialog.findings]
        assert not dialog.acknowledge_box.isVisible()
        qtbot.keyClick(focused(), Qt.Key.Key_Return)
        assert not dialog.isVisible()
        assert len(commits) == 1
    after = rows(database)
    assert len(after["session"]) == 2
    assert len(after["sterilization"]) == 2
    cleaning = after["sterilization"][-1]
    assert cleaning[1].startswith("2026-03-02 20:00")
    assert cleaning[3:] == ("isopropyl-other", 7)
    saved = queries.session_page(database)[0].session
    assert saved.acknowledged == ()
    assert window.undo_action.text() == "&Undo Log session with sterilization"
    with counted_commits(database) as commits:
        window.undo()
        assert len(commits) == 1
    assert rows(database) == before
    window.redo()
    assert len(rows(database)["session"]) == 2
    assert len(rows(database)["sterilization"]) == 2


def test_the_reminder_after_use_logs_the_sterilization_in_one_click(
    qtbot: QtBot, window: MainWindow, database: Database
) -> None:
    last_cheek_session(database, cleaned_after=True)
    window.refresh(window.today.topics)
    dialog = press_ctrl_n(qtbot, window)
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert window.notice.isVisible()
    assert "sterilize" in window.notice_label.text()
    before = len(rows(database)["sterilization"])
    qtbot.mouseClick(window.notice_action, Qt.MouseButton.LeftButton)
    cleanings = rows(database)["sterilization"]
    assert len(cleanings) == before + 1
    # After the session (its minute + 1), with the method and minutes of last time.
    assert cleanings[-1][1].startswith("2026-03-02 20:01")
    assert cleanings[-1][3:] == ("isopropyl-other", 7)
    face = next(r for r in window.today.status.rollers if r.name == "Face 0.5")
    assert not face.needs_sterilization
    assert window.notice_action.text() == "Undo"
    assert not dialog.isVisible()


def select_first_row(qtbot: QtBot, table: QTableView) -> None:
    rect = table.visualRect(table.model().index(0, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert table.selectionModel().selectedRows()


def test_selection_buttons_follow_the_selection_on_every_page(
    qtbot: QtBot, window: MainWindow, database: Database
) -> None:
    last_cheek_session(database, cleaned_after=True)
    ops.add_lesion(database, Lesion("chin", "mole", date(2026, 2, 1)))
    ops.add_procedure(database, Procedure("filler", datetime(2026, 1, 5, 10, 0), "", ("chin",)))
    window.refresh(window.today.topics | window.health.topics | window.sterilization.topics)
    pages = [
        (window.sessions.table, [window.sessions.edit_button, window.sessions.delete_button]),
        (window.rollers.table, [window.rollers.edit_button, window.rollers.discard_button]),
        (window.sterilization.table, [window.sterilization.delete_button]),
        (
            window.health.lesions_table,
            [
                window.health.edit_lesion_button,
                window.health.resolve_button,
                window.health.delete_lesion_button,
            ],
        ),
        (
            window.health.procedures_table,
            [window.health.edit_procedure_button, window.health.delete_procedure_button],
        ),
    ]
    for table, buttons in pages:
        view = next(v for v in window.built_views() if table in v.tables())
        window.show_view(view)
        table.clearSelection()
        assert not any(b.isEnabled() for b in buttons), table.accessibleName()
        select_first_row(qtbot, table)
        assert all(b.isEnabled() for b in buttons), table.accessibleName()
        table.clearSelection()
        assert not any(b.isEnabled() for b in buttons), table.accessibleName()


def test_delete_key_deletes_the_selection_and_undo_brings_it_back(
    qtbot: QtBot, window: MainWindow, database: Database, answers: Answers
) -> None:
    last_cheek_session(database, cleaned_after=True)
    ops.add_lesion(database, Lesion("chin", "mole", date(2026, 2, 1)))
    window.refresh(window.today.topics | window.health.topics)
    before = rows(database)
    for view, table in (
        (window.sessions, window.sessions.table),
        (window.sterilization, window.sterilization.table),
        (window.health, window.health.lesions_table),
    ):
        window.show_view(view)
        count = table.model().rowCount()
        select_first_row(qtbot, table)
        table.setFocus()
        qtbot.keyClick(table, Qt.Key.Key_Delete)
        assert answers.asked[-1].startswith("Delete")
        assert table.model().rowCount() == count - 1, table.accessibleName()
        assert not table.selectionModel().selectedRows()
        window.undo()
        assert table.model().rowCount() == count
    assert rows(database) == before
    assert len(queries.list_lesions(database)) == 1


def test_double_click_edits_the_row(qtbot: QtBot, window: MainWindow, database: Database) -> None:
    last_cheek_session(database, cleaned_after=True)
    ops.add_lesion(database, Lesion("chin", "mole", date(2026, 2, 1)))
    window.refresh(window.today.topics | window.health.topics)
    for view, table, title in (
        (window.sessions, window.sessions.table, "Edit session"),
        (window.rollers, window.rollers.table, "Edit roller"),
        (window.health, window.health.lesions_table, "Edit spot"),
    ):
        window.show_view(view)
        rect = table.visualRect(table.model().index(0, 0))
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        dialog = window.dialog
        assert dialog is not None
        assert dialog.isVisible()
        assert dialog.windowTitle() == title
        dialog.reject()
