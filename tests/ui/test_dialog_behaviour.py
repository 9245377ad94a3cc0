"""Dialogs behave as a desktop app's do: focus, Enter, Escape, quiet until touched, one tab stop."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from rollerlog.domain.entities import Lesion, Procedure, Roller, Sterilization
from rollerlog.store import operations as ops
from rollerlog.store import queries
from rollerlog.store.db import Database
from rollerlog.ui.dialogs.base import FormDialog, MomentEdit, from_qdatetime, to_qdatetime
from rollerlog.ui.main_window import MainWindow
from tests.ui.conftest import NOW


def add_roller(database: Database, name: str = "Face 0.5") -> Roller:
    return ops.add_roller(database, Roller(name, 0.5, date(2026, 1, 1))).value


def press(qtbot: QtBot, dialog: QWidget, key: Qt.Key) -> None:
    """Press a key where the dialog's keyboard focus is, as a person would."""
    target = dialog.focusWidget()
    assert target is not None
    qtbot.keyClick(target, key)


def message(dialog: FormDialog, field: str) -> str:  # type: ignore[type-arg]
    line = dialog.checked_fields[field].message
    return line.text() if line.isVisibleTo(dialog) else ""


def test_a_new_form_opens_in_its_first_field_and_shows_no_problem_yet(
    window: MainWindow,
) -> None:
    dialog = window.add_roller()
    assert dialog.focusWidget() is dialog.name
    assert dialog.errors  # the name is missing...
    assert all(not message(dialog, field) for field in dialog.checked_fields)  # ...but not red


def test_a_complete_form_opens_on_save_and_enter_saves_it(
    qtbot: QtBot, window: MainWindow, database: Database
) -> None:
    roller = add_roller(database)
    dialog = window.edit_roller(roller)
    assert dialog.focusWidget() is dialog.save_button
    assert dialog.save_button.isDefault()
    press(qtbot, dialog, Qt.Key.Key_Return)
    assert not dialog.isVisible()


def test_enter_in_a_text_field_saves_a_valid_form(
    qtbot: QtBot, window: MainWindow, database: Database
) -> None:
    dialog = window.add_roller()
    qtbot.keyClicks(dialog.name, "Body 1.0")
    press(qtbot, dialog, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert [s.roller.name for s in queries.list_rollers(database)] == ["Body 1.0"]


def test_enter_on_an_incomplete_form_shows_what_to_fix_and_saves_nothing(
    qtbot: QtBot, window: MainWindow, database: Database
) -> None:
    dialog = window.add_roller()
    press(qtbot, dialog, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert message(dialog, "name") == "This cannot be empty."
    assert dialog.focusWidget() is dialog.name
    assert queries.list_rollers(database) == []


def test_escape_cancels_and_saves_nothing(
    qtbot: QtBot, window: MainWindow, database: Database
) -> None:
    dialog = window.add_roller()
    qtbot.keyClicks(dialog.name, "Body 1.0")
    press(qtbot, dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert queries.list_rollers(database) == []


def test_leaving_an_empty_field_shows_its_problem(qtbot: QtBot, window: MainWindow) -> None:
    dialog = window.add_roller()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    assert message(dialog, "name") == ""
    press(qtbot, dialog, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is not dialog.name
    assert message(dialog, "name") == "This cannot be empty."


def test_space_on_a_fresh_dialog_does_not_close_it(qtbot: QtBot, window: MainWindow) -> None:
    dialog = window.add_roller()
    press(qtbot, dialog, Qt.Key.Key_Space)
    assert dialog.isVisible()
    assert dialog.name.text() == " "


def test_every_dialog_opens_with_the_focus_on_a_field_or_save(
    window: MainWindow, database: Database
) -> None:
    roller = add_roller(database)
    ops.log_sterilization(database, Sterilization(NOW - timedelta(hours=1), roller.name))
    lesion = ops.add_lesion(database, Lesion("chin", "mole", date(2026, 1, 1))).value
    procedure = ops.add_procedure(
        database, Procedure("filler", datetime(2026, 1, 2, 10, 0), "", ("chin",))
    ).value
    assert lesion is not None
    assert procedure is not None
    opened = [
        window.add_roller(),
        window.edit_roller(roller),
        window.discard_roller(roller),
        window.sterilize_now(),
        window.add_lesion(),
        window.add_procedure(),
        window.new_session(),
    ]
    for dialog in opened:
        assert dialog is not None
        focused = dialog.focusWidget()
        cancel = dialog.buttons.button(dialog.buttons.StandardButton.Cancel)
        assert focused is not None, dialog.windowTitle()
        assert focused is not cancel, dialog.windowTitle()
        assert dialog.isAncestorOf(focused), dialog.windowTitle()
        assert focused is dialog.save_button or focused is dialog.first_field(), (
            dialog.windowTitle()
        )
        dialog.reject()


MNEMONIC = re.compile(r"&([^&])")


def mnemonics(dialog: QWidget) -> list[str]:
    """The Alt+letter keys a dialog offers, through its labels and buttons."""
    keys = []
    for widget in dialog.findChildren(QWidget):
        if isinstance(widget, QLabel | QAbstractButton) and widget.isVisibleTo(dialog):
            keys += [m.lower() for m in MNEMONIC.findall(widget.text().replace("&&", ""))]
    return keys


def test_no_dialog_uses_one_mnemonic_twice(window: MainWindow, database: Database) -> None:
    roller = add_roller(database)
    ops.log_sterilization(database, Sterilization(NOW - timedelta(hours=1), roller.name))
    for dialog in (
        window.add_roller(),
        window.edit_roller(roller),
        window.discard_roller(roller),
        window.sterilize_now(),
        window.add_lesion(),
        window.add_procedure(),
        window.new_session(),
    ):
        assert dialog is not None
        keys = mnemonics(dialog)
        assert keys, dialog.windowTitle()
        duplicated = sorted({key for key in keys if keys.count(key) > 1})
        assert duplicated == [], f"{dialog.windowTitle()}: Alt+{duplicated}"
        dialog.reject()


@pytest.fixture
def moment_form(qtbot: QtBot) -> tuple[QWidget, MomentEdit, QLineEdit]:
    form = QWidget()
    edit = MomentEdit(datetime(2026, 3, 2, 20, 0), now=lambda: datetime(2026, 3, 2, 21, 17, 42))
    after = QLineEdit()
    from PySide6.QtWidgets import QVBoxLayout

    layout = QVBoxLayout(form)
    layout.addWidget(edit.row_widget())
    layout.addWidget(after)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    return form, edit, after


def test_the_time_field_is_one_tab_stop(qtbot: QtBot, moment_form) -> None:  # type: ignore[no-untyped-def]
    form, edit, after = moment_form
    edit.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert form.focusWidget() is after
    assert edit.now_button.focusPolicy() == Qt.FocusPolicy.NoFocus


def test_arrow_keys_change_the_time_only_when_the_person_came_into_it(
    qtbot: QtBot,
    moment_form,  # type: ignore[no-untyped-def]
) -> None:
    _form, edit, _after = moment_form
    before = from_qdatetime(edit.dateTime())
    edit.setFocus(Qt.FocusReason.OtherFocusReason)  # e.g. given by a dialog opening
    qtbot.keyClick(edit, Qt.Key.Key_Down)
    qtbot.keyClick(edit, Qt.Key.Key_PageDown)
    assert from_qdatetime(edit.dateTime()) == before
    edit.clearFocus()
    edit.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(edit, Qt.Key.Key_Down)
    assert from_qdatetime(edit.dateTime()) != before


def test_the_wheel_turns_the_time_only_while_it_has_the_focus(
    qtbot: QtBot,
    moment_form,  # type: ignore[no-untyped-def]
) -> None:
    _form, edit, after = moment_form
    after.setFocus()
    before = from_qdatetime(edit.dateTime())

    def turn() -> None:
        centre = QPointF(edit.rect().center())
        wheel = QWheelEvent(
            centre,
            QPointF(edit.mapToGlobal(centre.toPoint())),
            QPoint(0, 0),
            QPoint(0, -120),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(edit, wheel)

    turn()
    assert from_qdatetime(edit.dateTime()) == before
    edit.setFocus(Qt.FocusReason.MouseFocusReason)
    turn()
    assert from_qdatetime(edit.dateTime()) != before


def test_now_by_button_or_by_n_sets_the_present_minute(qtbot: QtBot, moment_form) -> None:  # type: ignore[no-untyped-def]
    _form, edit, _after = moment_form
    qtbot.mouseClick(edit.now_button, Qt.MouseButton.LeftButton)
    assert from_qdatetime(edit.dateTime()) == datetime(2026, 3, 2, 21, 17)
    edit.setDateTime(to_qdatetime(datetime(2026, 1, 1, 8, 0)))
    edit.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(edit, Qt.Key.Key_N)
    assert from_qdatetime(edit.dateTime()) == datetime(2026, 3, 2, 21, 17)
