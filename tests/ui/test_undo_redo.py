"""Edit → Undo and Redo take every change made through the window back and forth, exactly."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from pytestqt.qtbot import QtBot

from rollerlog.domain.entities import Roller, Session
from rollerlog.store import operations as ops
from rollerlog.store import queries
from rollerlog.store.db import Database
from rollerlog.ui.main_window import MainWindow
from tests.store.test_undo_redo import Contents, contents
from tests.ui.conftest import Answers


def steps(window: MainWindow, database: Database) -> list[tuple[str, Callable[[], None]]]:
    """Changes made the way a person makes them: a button, a dialog, Save."""

    def add_roller() -> None:
        dialog = window.actions.rollers.add_roller()
        dialog.name.setText("Face 0.5")
        dialog.needle_mm.setValue(0.5)
        dialog.save_button.click()

    def sterilize() -> None:
        window.sterilization.sterilize_button.click()
        window.dialog.save_button.click()  # type: ignore[union-attr]

    def log_session() -> None:
        dialog = window.actions.sessions.new_session()
        assert dialog is not None
        dialog.areas.boxes["forehead"].setChecked(True)
        dialog.areas.boxes["chin"].setChecked(True)
        dialog.save_button.click()

    def edit_session() -> None:
        window.sessions.table.selectRow(0)
        window.sessions.edit_button.click()
        window.dialog.notes.setPlainText("edited")  # type: ignore[union-attr]
        window.dialog.save_button.click()  # type: ignore[union-attr]

    def add_spot() -> None:
        dialog = window.actions.health.add_lesion()
        dialog.notes.setText("small")
        dialog.save_button.click()

    def heal_spot() -> None:
        window.health.lesions_table.selectRow(0)
        window.health.resolve_button.click()

    def condition() -> None:
        window.health.condition_boxes["diabetes"].setChecked(True)

    def add_procedure() -> None:
        dialog = window.actions.health.add_procedure()
        dialog.product.setText("brand")
        dialog.save_button.click()

    def settings() -> None:
        window.settings_view.interval_days.setValue(30)
        window.settings_view.save_button.click()

    def discard() -> None:
        window.rollers.select_roller("Face 0.5")
        window.rollers.discard_button.click()
        window.dialog.save_button.click()  # type: ignore[union-attr]

    def delete_session() -> None:
        window.sessions.table.selectRow(0)
        window.sessions.delete_button.click()

    return [
        ("Add roller", add_roller),
        ("Log sterilization", sterilize),
        ("Log session", log_session),
        ("Edit session", edit_session),
        ("Add spot", add_spot),
        ("Mark spot healed", heal_spot),
        ("Change conditions", condition),
        ("Add procedure", add_procedure),
        ("Save settings", settings),
        ("Discard roller", discard),
        ("Delete session", delete_session),
    ]


def test_every_change_through_the_window_is_undone_and_redone_exactly(
    qtbot: QtBot, window: MainWindow, database: Database, answers: Answers
) -> None:
    snapshots: list[Contents] = [contents(database)]
    names = []
    for name, step in steps(window, database):
        step()
        assert window.message_box is None, f"{name} was refused"
        snapshot = contents(database)
        assert snapshot != snapshots[-1], f"{name} changed nothing"
        snapshots.append(snapshot)
        names.append(name)
        assert window.undo_action.isEnabled()
        assert window.undo_action.text() == f"&Undo {name}"
        assert not window.redo_action.isEnabled()

    for index in range(len(names) - 1, -1, -1):
        assert window.undo_action.text() == f"&Undo {names[index]}"
        window.undo_action.trigger()
        assert contents(database) == snapshots[index], f"undoing {names[index]}"
        assert window.redo_action.text() == f"&Redo {names[index]}"
    assert not window.undo_action.isEnabled()
    assert queries.list_rollers(database) == []

    for index, name in enumerate(names, start=1):
        window.redo_action.trigger()
        assert contents(database) == snapshots[index], f"redoing {name}"
    assert not window.redo_action.isEnabled()
    # The views show the data redone: the session was deleted last, the roller discarded.
    assert window.sessions.model.rowCount() == 0
    assert window.rollers.model.value(0).roller.discard_reason == "dropped"


def test_the_edit_menu_holds_undo_and_redo_with_their_keys(window: MainWindow) -> None:
    from PySide6.QtGui import QKeySequence

    actions = window.edit_menu.actions()
    assert actions[0] is window.undo_action
    assert actions[1] is window.redo_action
    assert window.undo_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)
    assert window.redo_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Redo)


def test_a_change_the_store_refuses_to_undo_is_dropped_with_a_message(
    window: MainWindow, database: Database
) -> None:
    window.perform(lambda: ops.add_roller(database, Roller("Face 0.5", 0.5, date(2026, 1, 1))))
    # Logged behind the window's back: the roller is in the log now, so it cannot be removed.
    ops.log_session(database, Session(datetime(2026, 2, 1, 20, 0), "Face 0.5", ("chin",)))
    before = contents(database)
    window.undo_action.trigger()
    assert window.message_box is not None
    assert "discard or retire" in window.message_box.text()
    assert contents(database) == before
    assert window.undo_stack.count() == 0
    assert not window.undo_action.isEnabled()
