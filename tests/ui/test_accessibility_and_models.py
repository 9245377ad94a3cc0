"""Every interactive widget has an accessible name; every table model passes qtmodeltester."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from rollerlog.domain.entities import Lesion, Procedure, Roller, Session
from rollerlog.store import operations as ops
from rollerlog.store.db import Database
from rollerlog.ui.main_window import MainWindow
from rollerlog.ui.models.table_model import LazyTableModel, TableColumn

INTERACTIVE = (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
)


def unnamed(root: QWidget) -> list[str]:
    """Visible interactive widgets under ``root`` without an accessible name."""
    missing = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or not widget.isVisibleTo(root):
            continue
        # Line edits inside spin boxes and combo boxes are named through their owner.
        if isinstance(widget, QLineEdit) and isinstance(
            widget.parent(), QAbstractSpinBox | QComboBox
        ):
            continue
        if type(widget).__name__ in {"QScrollBar", "QHeaderView"} or widget.objectName().startswith(
            "qt_"
        ):
            continue
        if not widget.accessibleName().strip():
            missing.append(f"{type(widget).__name__} {getattr(widget, 'text', lambda: '')()!r}")
    return missing


def fill(database: Database) -> None:
    roller = ops.add_roller(database, Roller("Face 0.5", 0.5, date(2026, 1, 1))).value
    ops.add_roller(database, Roller("Old", 1.0, date(2025, 1, 1)))
    ops.log_session(database, Session(datetime(2026, 2, 1, 20, 0), "Face 0.5", ("chin",)))
    ops.add_lesion(database, Lesion("nose", "mole", date(2026, 1, 1)))
    ops.add_procedure(database, Procedure("filler", datetime(2026, 1, 5, 10, 0), "X", ("chin",)))
    assert roller.id is not None


def test_every_view_and_dialog_names_its_interactive_widgets(
    window: MainWindow, database: Database
) -> None:
    problems: dict[str, list[str]] = {}
    problems["empty today"] = unnamed(window)
    fill(database)
    window.refresh(window.today.topics)
    for view in window.views:
        window.show_view(view)
        problems[view.title] = unnamed(window)
    dialogs = [
        window.actions.rollers.add_roller(),
        window.actions.sessions.new_session(),
        window.actions.sterilization.sterilize_now(),
        window.actions.health.add_lesion(),
        window.actions.health.add_procedure(),
        window.actions.rollers.discard_roller(window.rollers.model.value(0).roller),
    ]
    for dialog in dialogs:
        assert dialog is not None
        problems[dialog.windowTitle()] = unnamed(dialog)
        dialog.close()
    assert {k: v for k, v in problems.items() if v} == {}


def test_the_generic_model_passes_qtmodeltester_and_loads_lazily(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    rows = list(range(1000))
    fetched: list[tuple[int, int]] = []

    def fetch(offset: int, limit: int) -> list[int]:
        fetched.append((offset, limit))
        return rows[offset : offset + limit]

    model = LazyTableModel(
        [TableColumn[int]("n", str), TableColumn[int]("double", lambda n: str(2 * n))],
        lambda: len(rows),
        fetch,
        page_size=50,
        kept_pages=3,
    )
    assert model.rowCount() == 1000
    assert fetched == [(0, 50)]  # opening reads the first page only
    assert model.index(999, 1).data() == "1998"
    assert fetched == [(0, 50), (950, 50)]  # the end is one read, not every page between
    qtmodeltester.check(model)
    assert model.held_rows() <= 3 * 50  # after reading every row, only the last pages are kept
    # What is held is whole pages, each row the one its place says, listed page by page.
    held = model.values()
    pages = sorted({n // 50 for n in held})
    assert 1 <= len(pages) <= 3
    assert held == [n for page in pages for n in range(page * 50, page * 50 + 50)]


def test_the_session_log_jumps_to_its_end_without_holding_every_row(
    window: MainWindow, database: Database
) -> None:
    fill(database)
    start = datetime(2026, 1, 2, 20, 0)
    for hour in range(450):
        ops.log_session(database, Session(start + timedelta(hours=hour), "Old", ("back",)))
    window.refresh(window.today.topics)
    sessions = window.sessions
    window.show_view(sessions)
    assert sessions.model.rowCount() == sessions.model.total() == 451
    assert sessions.model.held_rows() == 200
    sessions.table.scrollToBottom()
    last = sessions.model.rowCount() - 1
    oldest = sessions.model.value(last).session
    assert oldest.at == min(entry.session.at for entry in sessions.model.values())
    assert sessions.model.index(last, 2).data() == "1"  # the oldest is the first use
    assert sessions.model.held_rows() < sessions.model.total()


def test_the_window_models_pass_qtmodeltester(
    qtmodeltester, window: MainWindow, database: Database
) -> None:  # type: ignore[no-untyped-def]
    fill(database)
    start = datetime(2026, 1, 2, 20, 0)
    for day in range(250):
        ops.log_session(database, Session(start + timedelta(hours=day), "Old", ("back",)))
    window.refresh(window.today.topics)
    assert window.sessions.model.rowCount() == window.sessions.model.total() == 251
    assert window.sessions.model.held_rows() == 200  # the first page only
    for table in (
        window.sessions.table,
        window.rollers.table,
        window.sterilization.table,
        window.health.lesions_table,
        window.health.procedures_table,
        window.today.areas_table,
    ):
        qtmodeltester.check(table.model())
