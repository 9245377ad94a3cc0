"""UI test set-up: a real database file, a window with a fixed clock and scripted answers."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from rollerlog.store.db import Database, open_database
from rollerlog.ui.main_window import MainWindow
from rollerlog.ui.window_state import NOTICE_KEY

NOW = datetime(2026, 3, 2, 20, 0)


class Answers:
    """Scripted answers to the window's yes/no questions, and the questions asked."""

    def __init__(self) -> None:
        self.answer = True
        self.asked: list[str] = []

    def __call__(self, _parent: object, title: str, _question: str) -> bool:
        self.asked.append(title)
        return self.answer


@pytest.fixture
def database(data_dir: Path) -> Iterator[Database]:
    db = open_database(data_dir / "rollerlog.sqlite3")
    yield db
    db.close()


@pytest.fixture
def ui_state(tmp_path: Path) -> QSettings:
    state = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    state.setValue(NOTICE_KEY, True)
    return state


@pytest.fixture
def answers() -> Answers:
    return Answers()


@pytest.fixture
def window(qtbot, database: Database, ui_state: QSettings, answers: Answers) -> MainWindow:  # type: ignore[no-untyped-def]
    opened: list[object] = []
    main = MainWindow(
        database, ui_state, clock=lambda: NOW, confirm=answers, open_url=opened.append
    )
    main.opened_urls = opened  # type: ignore[attr-defined]
    qtbot.addWidget(main)
    main.show()
    return main


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_teardown(item: pytest.Item) -> Iterator[None]:
    """Before the test's windows are closed: put back settings a test left unsaved, so the
    close does not wait on the unsaved-changes question nobody is there to answer."""
    from PySide6.QtWidgets import QApplication

    from rollerlog.ui.views.settings import SettingsView

    app = QApplication.instance()
    if isinstance(app, QApplication):
        for widget in app.topLevelWidgets():
            if isinstance(widget, MainWindow):
                for view in widget.built_views():
                    if isinstance(view, SettingsView) and view.has_unsaved_changes():
                        view.revert()
    yield
