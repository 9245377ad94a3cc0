"""The filter dialog and the File menu actions of the printed log."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMainWindow

from rollerlog.domain.interchange import parse_document
from rollerlog.report.content import ReportFilter
from rollerlog.store.db import Database, open_database
from rollerlog.store.interchange import import_document
from rollerlog.ui.dialogs.export_dialog import ExportDialog
from rollerlog.ui.print_actions import PrintActions, add_print_actions
from rollerlog.ui.printing import Paper
from tests.helpers import sample_document


def _dialog(qtbot: object) -> ExportDialog:
    dialog = ExportDialog(
        "Export PDF",
        ["Face 0.5", "Body 1.0"],
        ["left-cheek", "forehead"],
        date(2026, 1, 5),
        date(2026, 3, 1),
    )
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    return dialog


def _untick(widget: object, label: str) -> None:
    item = widget.findItems(label, Qt.MatchFlag.MatchExactly)[0]  # type: ignore[attr-defined]
    item.setCheckState(Qt.CheckState.Unchecked)


def test_everything_ticked_means_the_whole_log(qtbot: object) -> None:
    dialog = _dialog(qtbot)
    assert dialog.selection() == ReportFilter()
    assert dialog.area_list.count() == 2  # only the areas the log has


def test_choices_become_the_filter(qtbot: object) -> None:
    dialog = _dialog(qtbot)
    dialog.person_edit.setText("  Zoë Martin ")
    dialog.from_check.setChecked(True)
    dialog.from_edit.setDate(QDate(2026, 2, 1))
    _untick(dialog.roller_list, "Body 1.0")
    _untick(dialog.area_list, "Forehead")
    dialog.paper_combo.setCurrentIndex(dialog.paper_combo.findData("letter"))
    assert dialog.selection() == ReportFilter(
        start=date(2026, 2, 1),
        rollers=frozenset({"Face 0.5"}),
        areas=frozenset({"left-cheek"}),
        person="Zoë Martin",
    )
    assert dialog.paper() is Paper.LETTER


def test_the_sterilization_appendix_is_a_check_box_of_the_print_options(qtbot: object) -> None:
    dialog = _dialog(qtbot)
    assert not dialog.sterilizations_check.isChecked()
    dialog.sterilizations_check.click()
    assert dialog.selection() == ReportFilter(with_sterilizations=True)
    csv_dialog = ExportDialog(
        "Export CSV", ["Face 0.5"], [], None, date(2026, 3, 1), show_paper=False
    )
    qtbot.addWidget(csv_dialog)  # type: ignore[attr-defined]
    assert csv_dialog.sterilizations_check.isHidden()  # the CSV has its own sterilization file


def test_impossible_choices_are_explained_and_cannot_be_confirmed(qtbot: object) -> None:
    dialog = _dialog(qtbot)
    dialog.from_check.setChecked(True)
    dialog.to_check.setChecked(True)
    dialog.from_edit.setDate(QDate(2026, 2, 10))
    dialog.to_edit.setDate(QDate(2026, 2, 1))
    assert not dialog.ok_button.isEnabled()
    assert dialog.problem_label.text() == "The first day is after the last day."
    dialog.to_edit.setDate(QDate(2026, 2, 10))
    assert dialog.ok_button.isEnabled()
    _untick(dialog.area_list, "Forehead")
    _untick(dialog.area_list, "Left cheek")
    assert not dialog.ok_button.isEnabled()
    assert "area" in dialog.problem_label.text()


@pytest.fixture
def sample_database(tmp_path: Path) -> Iterator[Database]:
    db = open_database(tmp_path / "data" / "rollerlog.sqlite3")
    import_document(db, parse_document(sample_document()), replace=False)
    yield db
    db.close()


def test_the_file_menu_gets_the_print_and_export_actions(
    qtbot: object, sample_database: Database
) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    menu = window.menuBar().addMenu("&File")
    actions = add_print_actions(window, menu, lambda: sample_database)
    texts = [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]
    assert texts == ["Print preview…", "Print…", "Export PDF…", "Export CSV…"]
    assert actions.print_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Print)
    dialog = actions.make_dialog("Print", actions.document(), show_paper=True)
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    labels = [dialog.roller_list.item(i).text() for i in range(dialog.roller_list.count())]
    assert labels == ["Face 0.5", "Body 1.0 ✨"]


def test_export_pdf_and_csv_from_the_app(
    qtbot: object, sample_database: Database, tmp_path: Path
) -> None:
    from datetime import datetime

    from rollerlog.report.content import build_report

    window = QMainWindow()
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    actions = PrintActions(window, lambda: sample_database)
    report = build_report(actions.document(), ReportFilter(), datetime(2026, 3, 1, 10, 0))
    assert actions.export_pdf_to(tmp_path / "log.pdf", report, Paper.A4)
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(tmp_path / "log.pdf").pages)
    assert "Body 1.0" in " ".join(text.split())  # (no font here draws the emoji)
    assert "log.pdf" in window.statusBar().currentMessage()
    assert actions.export_csv_to(tmp_path / "log.csv", report)
    with (tmp_path / "log.csv").open(encoding="utf-8-sig", newline="") as stream:
        assert len(list(csv.DictReader(stream))) == 2
    with (tmp_path / "log-sterilizations.csv").open(encoding="utf-8-sig", newline="") as stream:
        assert len(list(csv.DictReader(stream))) == 1
    assert not list(tmp_path.glob(".*partial"))


def test_the_main_window_file_menu_has_the_printed_log(window: QMainWindow) -> None:
    file_menu = window.menuBar().actions()[0].menu()
    texts = [a.text().replace("&", "") for a in file_menu.actions() if not a.isSeparator()]
    for text in ("Print preview…", "Print…", "Export PDF…", "Export CSV…"):
        assert text in texts
    printing = [a for a in file_menu.actions() if a.text().replace("&", "") == "Print…"]
    assert printing[0].shortcut() == QKeySequence(QKeySequence.StandardKey.Print)
