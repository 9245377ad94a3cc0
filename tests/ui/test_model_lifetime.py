"""One table model per table for the view's lifetime: refreshing keeps selection and scroll."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtCore import QAbstractItemModel

from rollerlog.domain.entities import Lesion, Procedure, Roller, Session
from rollerlog.domain.vocabulary import LESION_KINDS
from rollerlog.store import operations as ops
from rollerlog.store.db import Database
from rollerlog.store.operations import Topic
from rollerlog.ui.main_window import MainWindow
from rollerlog.ui.models.table_model import ValueRole


def fill(database: Database) -> None:
    for index in range(40):
        ops.add_roller(database, Roller(f"Roller {index:02}", 0.5, date(2026, 1, 1)))
    ops.log_session(database, Session(datetime(2026, 2, 1, 20, 0), "Roller 00", ("chin",)))
    kinds = list(LESION_KINDS)
    for index in range(40):
        ops.add_lesion(database, Lesion("nose", kinds[index % len(kinds)], date(2026, 1, 1)))
    start = datetime(2026, 1, 1, 9, 0)
    for index in range(5):
        ops.add_procedure(database, Procedure("filler", start + timedelta(days=index)))


def table_models(window: MainWindow) -> list[QAbstractItemModel]:
    return [
        table.model()
        for view in window.built_views()
        for table in view.tables()
        if table.model() is not None
    ]


def test_a_hundred_refreshes_make_no_new_model(window: MainWindow, database: Database) -> None:
    fill(database)
    views = window.views  # build every page
    assert len(views) == 7
    models = table_models(window)
    owned = len(window.findChildren(QAbstractItemModel))
    for _ in range(100):
        window.refresh(frozenset(Topic))
    assert [id(model) for model in table_models(window)] == [id(model) for model in models]
    assert len(window.findChildren(QAbstractItemModel)) == owned
    assert window.rollers.model.rowCount() == 40  # and they still show the data


def test_the_selection_and_scroll_position_survive_a_refresh(
    window: MainWindow, database: Database
) -> None:
    fill(database)
    window.resize(1000, 640)
    window.show_view(window.rollers)
    table = window.rollers.table
    window.rollers.select_roller("Roller 33")
    table.scrollTo(table.model().index(33, 0))
    position = table.verticalScrollBar().value()
    assert position > 0  # the list is longer than the page, or this proves nothing

    # A change elsewhere that the Rollers view shows: a session with another roller.
    ops.log_session(database, Session(datetime(2026, 2, 2, 20, 0), "Roller 05", ("neck",)))
    window.refresh({Topic.SESSIONS})
    [selected] = table.selectionModel().selectedRows()
    assert selected.data(ValueRole).roller.name == "Roller 33"
    assert table.verticalScrollBar().value() == position
    assert window.rollers.edit_button.isEnabled()  # the buttons follow the kept selection

    window.show_view(window.health)
    spots = window.health.lesions_table
    spots.selectRow(30)
    chosen = spots.selectionModel().selectedRows()[0].data(ValueRole).id
    ops.add_lesion(database, Lesion("chin", "mole", date(2026, 2, 3)))
    window.refresh({Topic.LESIONS})
    [kept] = spots.selectionModel().selectedRows()
    assert kept.data(ValueRole).id == chosen
    assert window.health.lesions_model.rowCount() == 41


def test_the_session_log_keeps_its_selection_when_the_data_changes(
    window: MainWindow, database: Database
) -> None:
    fill(database)
    start = datetime(2026, 1, 5, 20, 0)
    for day in range(30):
        ops.log_session(database, Session(start + timedelta(days=day), "Roller 01", ("back",)))
    window.refresh({Topic.SESSIONS})
    window.show_view(window.sessions)
    table = window.sessions.table
    model = window.sessions.model
    table.selectRow(12)
    chosen = model.value(12).session
    ops.add_roller(database, Roller("Spare", 0.25, date(2026, 1, 1)))  # a change it shows
    window.refresh({Topic.ROLLERS})
    assert window.sessions.model is model
    [kept] = table.selectionModel().selectedRows()
    assert kept.data(ValueRole).session == chosen
    window.sessions.area_filter.setCurrentIndex(window.sessions.area_filter.findData("back"))
    assert model.total() == 30  # a new filter is a new list: read from its top again
