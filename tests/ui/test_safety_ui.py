"""The app's safety pieces: the Backups dialog, start-up recovery, one window forward."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMainWindow, QWidget
from pytestqt.qtbot import QtBot

from rollerlog import paths
from rollerlog.domain.interchange import parse_document
from rollerlog.store.backup import backup_if_changed, list_backups
from rollerlog.store.db import open_database
from rollerlog.store.interchange import export_document, import_document
from rollerlog.store.operations import Topic
from rollerlog.store.startup import open_for_app
from rollerlog.ui.dialogs.backups_dialog import BackupsDialog
from rollerlog.ui.recovery import recover
from rollerlog.ui.single_instance import (
    InstanceServer,
    ask_running_instance_to_show,
    bring_forward,
    server_name,
)
from tests.helpers import sample_document
from tests.test_no_network import (  # noqa: F401  (no_network is the fixture)
    attempts_seen,
    inet_sockets,
    no_network,
)

NOON = datetime(2026, 3, 1, 12, 0)


def _populated_with_backup() -> Path:
    path = paths.database_path()
    database = open_database(path)
    try:
        import_document(database, parse_document(sample_document()), replace=False)
    finally:
        database.close()
    assert backup_if_changed(path, NOON) is not None
    return path


def test_the_backups_dialog_lists_and_restores_after_confirmation(
    qtbot: QtBot, data_dir: Path, request: pytest.FixtureRequest
) -> None:
    path = _populated_with_backup()
    database = open_database(path)
    request.addfinalizer(database.close)
    import_document(database, parse_document({"format": "rollerlog", "version": 1}), replace=True)
    asked: list[str] = []
    answers = [False, True]

    def confirm(_parent: QWidget, text: str) -> bool:
        asked.append(text)
        return answers.pop(0)

    dialog = BackupsDialog(path, confirm=confirm, clock=lambda: NOON + timedelta(hours=1))
    qtbot.addWidget(dialog)
    assert dialog.table.topLevelItemCount() == 1
    row = dialog.table.topLevelItem(0)
    assert row.text(0) == "1 Mar 2026, 12:00:00"
    assert row.text(1).endswith("KB")
    assert row.text(2) == "Automatic"
    assert not dialog.restore_button.isEnabled()
    dialog.table.setCurrentItem(row)
    assert dialog.restore_button.isEnabled()

    assert dialog.restore_selected() is False, "restored without confirmation"
    assert export_document(database).sessions == ()
    with qtbot.waitSignal(dialog.restored):
        dialog.restore_button.click()
    assert "1 March 2026, 12:00" in asked[-1]
    assert len(export_document(database).sessions) == 2
    assert "Restored the backup" in dialog.message.text()
    assert [info.label for info in dialog.backups()] == ["before-restore", ""]


def test_a_damaged_file_at_start_is_explained_and_the_backup_restored(
    qtbot: QtBot, data_dir: Path, request: pytest.FixtureRequest
) -> None:
    path = _populated_with_backup()
    data = bytearray(path.read_bytes())
    data[4096 : 4096 + 300] = b"\xcd" * 300
    path.write_bytes(bytes(data))
    fingerprint = hashlib.sha256(data).hexdigest()
    report = open_for_app(path, NOON + timedelta(days=1))
    questions: list[str] = []

    def ask(_title: str, text: str) -> bool:
        questions.append(text)
        return True

    database = recover(report, path, now=NOON + timedelta(days=1), ask=ask, tell=None)
    assert database is not None
    request.addfinalizer(database.close)
    assert len(export_document(database).sessions) == 2
    assert "Nothing in it was changed or deleted" in questions[0]
    assert "Restore that backup now?" in questions[0]
    assert report.set_aside_as is not None
    assert hashlib.sha256(report.set_aside_as.read_bytes()).hexdigest() == fingerprint


def test_declining_the_backup_starts_an_empty_log_and_keeps_the_backup(
    qtbot: QtBot, data_dir: Path, request: pytest.FixtureRequest
) -> None:
    path = _populated_with_backup()
    path.write_bytes(b"garbage" * 1000)
    report = open_for_app(path, NOON)
    database = recover(report, path, now=NOON, ask=lambda *_: False, tell=None)
    assert database is not None
    request.addfinalizer(database.close)
    assert export_document(database).sessions == ()
    assert len(list_backups(paths.backup_dir())) == 1


def test_a_second_start_brings_the_first_window_forward(qtbot: QtBot, data_dir: Path) -> None:
    name = server_name(data_dir)
    assert not ask_running_instance_to_show(name, timeout_ms=200), "found an app not started"
    window = QMainWindow()
    qtbot.addWidget(window)
    window.showMinimized()
    server = InstanceServer(name, parent=window)
    assert server.start()
    server.show_requested.connect(lambda: bring_forward(window))
    with qtbot.waitSignal(server.show_requested, timeout=5000):
        assert ask_running_instance_to_show(name)
    assert not window.isMinimized()
    server.close()
    assert server_name(data_dir / "other") != name


def test_file_backups_in_the_main_window_restores_and_reloads(
    qtbot: QtBot, window: Any, database: Any
) -> None:
    import_document(database, parse_document(sample_document()), replace=False)
    assert backup_if_changed(database.path, NOON) is not None
    import_document(database, parse_document({"format": "rollerlog", "version": 1}), replace=True)
    window.refresh(frozenset(Topic))
    assert window.backups_action in window.menuBar().actions()[0].menu().actions()
    window.backups_action.trigger()
    dialog = window.dialog
    assert isinstance(dialog, BackupsDialog)
    dialog._confirm = lambda *_: True
    dialog.table.setCurrentItem(dialog.table.topLevelItem(0))
    assert dialog.restore_selected()
    assert len(export_document(database).sessions) == 2
    assert not window.undo_action.isEnabled()


@pytest.mark.usefixtures("no_network")
def test_the_main_window_and_its_views_open_no_network_socket(
    qtbot: QtBot, window: Any, database: Any
) -> None:
    held_before = inet_sockets()
    import_document(database, parse_document(sample_document()), replace=False)
    window.refresh(frozenset(Topic))
    held = []
    for index in range(len(window.views)):
        window.show_view(index)
        qtbot.wait(1)
        held += [s for s in inet_sockets() if s not in held_before]
    window.backups_action.trigger()
    held += [s for s in inet_sockets() if s not in held_before]
    window.dialog.close()
    assert attempts_seen() == []
    assert held == []  # Qt's sockets too, which raise no audit event


def test_the_socket_check_sees_a_socket_qt_opens() -> None:
    from PySide6.QtNetwork import QHostAddress, QTcpServer

    before = inet_sockets()
    server = QTcpServer()
    assert server.listen(QHostAddress(QHostAddress.SpecialAddress.LocalHost), 0)
    try:
        opened = [s for s in inet_sockets() if s not in before]
        assert any(f"port={server.serverPort()}" in s for s in opened), opened
    finally:
        server.close()
    assert [s for s in inet_sockets() if s not in before] == []
