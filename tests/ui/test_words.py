"""Words, not codes, and legible icons: what a person reads in the real widgets."""

from __future__ import annotations

import re
import tomllib
from datetime import date, datetime
from pathlib import Path
from xml.etree import ElementTree

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QSettings, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPalette
from PySide6.QtPrintSupport import QPrintPreviewWidget
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QTableView,
    QTextBrowser,
    QWidget,
)
from pytestqt.qtbot import QtBot

from rollerlog.domain.entities import Acknowledgement, Roller, Session
from rollerlog.domain.findings import RULES, title_of
from rollerlog.domain.interchange import Document
from rollerlog.domain.rules import RollerState, RollerStatus
from rollerlog.report.content import ReportFilter, build_report
from rollerlog.store import operations as ops
from rollerlog.store import queries
from rollerlog.store.backup import backup_folder_for, list_backups
from rollerlog.store.db import Database
from rollerlog.store.interchange import export_document
from rollerlog.store.queries import SessionFilter
from rollerlog.ui.common import confirmation_box, contrast_ratio
from rollerlog.ui.dialogs.backups_dialog import BackupsDialog
from rollerlog.ui.dialogs.export_dialog import ExportDialog
from rollerlog.ui.dialogs.forms import DiscardDialog
from rollerlog.ui.icons import icon
from rollerlog.ui.main_window import PAGES, MainWindow
from rollerlog.ui.print_actions import PrintActions, make_preview_dialog
from rollerlog.ui.printing import Paper
from rollerlog.ui.views.today import roller_verdict
from rollerlog.ui.window_state import WindowState

from .conftest import NOW

ROOT = Path(__file__).resolve().parents[2]
#: Codes a person could mistake for nothing else ("diabetes" is also a plain word).
HYPHENATED_CODES = [rule.code for rule in RULES if "-" in rule.code]
REASON = "my dermatologist said it was fine"


def log_acknowledged_sessions(database: Database) -> None:
    ops.add_roller(database, Roller("Face 0.5", 0.5, date(2026, 1, 1)))
    ops.log_session(
        database,
        Session(datetime(2026, 2, 20, 20, 0), "Face 0.5", ("chin",), topical="Hyaluronic Serum"),
    )
    ops.log_session(
        database,
        Session(
            datetime(2026, 2, 21, 20, 0),
            "Face 0.5",
            ("chin", "forehead"),
            notes="Stung a little near the Jawline",
            acknowledged=(
                Acknowledgement("too-soon", REASON),
                Acknowledgement("not-sterilized", REASON),
            ),
        ),
    )


def model_texts(model: QAbstractItemModel) -> list[str]:
    texts = [
        str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        for column in range(model.columnCount())
    ]
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            index = model.index(row, column, QModelIndex())
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                value = model.data(index, role)
                if value is not None:
                    texts.append(str(value))
    return texts


def visible_texts(widget: QWidget) -> list[str]:
    """Every text a person can read in a widget: labels, buttons, boxes, cells, tooltips."""
    texts = [widget.toolTip()]
    for label in widget.findChildren(QLabel):
        texts += [label.text(), label.toolTip()]
    for clickable in widget.findChildren(QAbstractButton):
        texts += [clickable.text(), clickable.toolTip()]
    for box in widget.findChildren(QGroupBox):
        texts.append(box.title())
    for browser in widget.findChildren(QTextBrowser):
        texts.append(browser.toPlainText())
    for listing in widget.findChildren(QListWidget):
        for row in range(listing.count()):
            item = listing.item(row)
            texts += [item.text(), item.toolTip()]
    for table in widget.findChildren(QTableView):
        if table.model() is not None:
            texts += model_texts(table.model())
    return texts


def codes_in(texts: list[str]) -> set[str]:
    found = set()
    for text in texts:
        for code in HYPHENATED_CODES:
            if re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", text):
                found.add(code)
    return found


def test_no_view_shows_a_rule_code(qtbot: QtBot, window: MainWindow, database: Database) -> None:
    log_acknowledged_sessions(database)
    window.refresh(window.today.topics)
    for view in window.views:
        window.show_view(view)
        texts = visible_texts(view)
        assert texts, view
        assert codes_in(texts) == set(), type(view).__name__
    # The walk is not blind: it reads the log's cells (the stops by title), and it finds a
    # code when one is there.
    assert any(title_of("too-soon") in text for text in visible_texts(window.sessions))
    probe = QWidget()
    QLabel("Went ahead despite too-soon", probe)
    assert codes_in(visible_texts(probe)) == {"too-soon"}
    probe.deleteLater()


def test_went_ahead_despite_shows_titles_and_the_reason(
    qtbot: QtBot, window: MainWindow, database: Database
) -> None:
    log_acknowledged_sessions(database)
    window.refresh(window.sessions.topics)
    model = window.sessions.model
    column = next(
        c
        for c in range(model.columnCount())
        if model.headerData(c, Qt.Orientation.Horizontal) == "Went ahead despite"
    )
    cell = model.data(model.index(0, column), Qt.ItemDataRole.DisplayRole)
    assert title_of("too-soon") in cell
    assert title_of("not-sterilized") in cell
    assert REASON in cell
    assert "too-soon" not in cell
    tooltip = model.data(model.index(0, column), Qt.ItemDataRole.ToolTipRole)
    assert f"{title_of('too-soon')}: {REASON}" in tooltip
    # The first session went ahead despite nothing.
    assert model.data(model.index(1, column), Qt.ItemDataRole.DisplayRole) == ""


def test_a_roller_never_used_is_not_sterilized_yet_not_cleaned_since_its_last_use() -> None:
    never_used = RollerStatus(
        "Face 0.5", 0.5, 0, 12, 15, RollerState.ACTIVE, None, None, needs_sterilization=True
    )
    symbol, text = roller_verdict(never_used)
    assert symbol == "stop"
    assert "not sterilized yet" in text
    assert "last use" not in text
    assert "0 / 15" not in text
    used = RollerStatus(
        "Face 0.5",
        0.5,
        3,
        12,
        15,
        RollerState.ACTIVE,
        datetime(2026, 3, 1, 20, 0),
        None,
        needs_sterilization=True,
    )
    assert "since its last use" in roller_verdict(used)[1]


def test_today_says_a_new_roller_is_not_sterilized_yet(
    qtbot: QtBot, window: MainWindow, database: Database
) -> None:
    ops.add_roller(database, Roller("Face 0.5", 0.5, date(2026, 1, 1)))
    window.refresh(window.today.topics)
    texts = " ".join(visible_texts(window.today))
    assert "not sterilized yet" in texts
    assert "since its last use" not in texts


def button_texts(box: QMessageBox) -> set[str]:
    return {b.text().replace("&", "") for b in box.buttons()}


def test_confirmations_name_their_action_and_cancel(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    box, go = confirmation_box(parent, "Delete session", "Delete the session?", "Delete session")
    assert button_texts(box) == {"Delete session", "Cancel"}
    assert not {"Yes", "No", "OK"} & button_texts(box)
    assert go.text() == "Delete session"
    cancel = box.button(QMessageBox.StandardButton.Cancel)
    assert box.defaultButton() is cancel  # a stray Enter deletes nothing
    assert box.escapeButton() is cancel
    # Pressing the action's button answers yes; Cancel answers no.
    go.click()
    assert box.clickedButton() is go
    box2, go2 = confirmation_box(parent, "Delete session", "Delete?", "Delete session")
    box2.button(QMessageBox.StandardButton.Cancel).click()
    assert box2.clickedButton() is not go2


def test_every_confirmation_of_the_window_names_its_action(
    qtbot: QtBot, window: MainWindow, database: Database, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """The window's own confirm (no scripted answers) builds boxes named after the action."""
    import rollerlog.ui.common as common

    seen: list[set[str]] = []

    def record(parent, title, question, action):  # type: ignore[no-untyped-def]
        box, go = real(parent, title, question, action)
        seen.append(button_texts(box))
        box.deleteLater()
        return box, go

    real = common.confirmation_box
    monkeypatch.setattr(common, "confirmation_box", record)
    monkeypatch.setattr(QMessageBox, "exec", lambda self: 0)
    window._confirm = None
    log_acknowledged_sessions(database)
    window.refresh(window.sessions.topics)
    window.show_view(window.sessions)
    window.sessions.table.selectRow(0)
    window.sessions.delete_button.click()
    assert seen == [{"Delete session", "Cancel"}]
    assert queries.count_sessions(database) == 2  # nothing chosen: nothing deleted
    (roller,) = [summary.roller for summary in queries.list_rollers(database)]
    assert window.actions.rollers.retire_roller(roller) is False
    assert window.actions.rollers.restore_roller(roller) is False
    assert seen[1:] == [{"Retire roller", "Cancel"}, {"Use it again", "Cancel"}]
    for texts in seen:
        assert not {"Yes", "No", "OK", "&Yes", "&No"} & texts


def test_restore_asks_with_restore_and_cancel(
    qtbot: QtBot, database: Database, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from rollerlog.ui.dialogs import backups_dialog

    seen: list[set[str]] = []
    real = backups_dialog.confirmation_box

    def record(parent, title, question, action):  # type: ignore[no-untyped-def]
        box, go = real(parent, title, question, action)
        seen.append(button_texts(box))
        return box, go

    monkeypatch.setattr(backups_dialog, "confirmation_box", record)
    monkeypatch.setattr(QMessageBox, "exec", lambda self: 0)
    assert backups_dialog.confirm_with_box(QWidget(), "Bring it back?") is False
    assert seen == [{"Restore", "Cancel"}]


def test_back_up_now_makes_a_backup_of_the_data_as_it_is(qtbot: QtBot, database: Database) -> None:
    ops.add_roller(database, Roller("Face 0.5", 0.5, date(2026, 1, 1)))
    dialog = BackupsDialog(database.path, clock=lambda: NOW)
    qtbot.addWidget(dialog)
    assert dialog.back_up_button.text().replace("&", "") == "Back up now"
    before = list_backups(backup_folder_for(database.path))
    qtbot.mouseClick(dialog.back_up_button, Qt.MouseButton.LeftButton)
    after = list_backups(backup_folder_for(database.path))
    assert len(after) == len(before) + 1
    made = next(info for info in after if info not in before)
    assert made.description == "Made by you"
    assert made.path.stat().st_mode & 0o077 == 0
    assert [b.path for b in dialog.backups()] == [b.path for b in after]
    assert made.path.name in dialog.message.text()
    # The copy holds the data: a roller added before is in it.
    from rollerlog.store.db import open_database

    copy = open_database(made.path)
    try:
        assert [s.roller.name for s in queries.list_rollers(copy)] == ["Face 0.5"]
    finally:
        copy.close()


def test_discard_roller_has_no_save_icon(qtbot: QtBot) -> None:
    roller = Roller("Face 0.5", 0.5, date(2026, 1, 1), id=1)
    dialog = DiscardDialog(roller, lambda _request: True, date(2026, 3, 2))
    qtbot.addWidget(dialog)
    assert dialog.save_button.text() == "Discard roller"
    assert dialog.save_button.icon().isNull()


def test_the_export_dialogs_button_says_what_happens(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    actions = PrintActions(parent, lambda: None)  # type: ignore[arg-type,return-value]
    for title, expected in (
        ("Export PDF", "Export…"),
        ("Export CSV", "Export…"),
        ("Print", "Print…"),
        ("Print preview", "Preview…"),
    ):
        dialog = actions.make_dialog(
            title, export_document_stub(), show_paper=title.startswith("Print")
        )
        qtbot.addWidget(dialog)
        assert isinstance(dialog, ExportDialog)
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        assert ok.text() == expected


def export_document_stub() -> Document:
    return Document()


def test_file_dialogs_start_in_documents_and_remember_the_last_folder(
    qtbot: QtBot, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "home"
    documents = home / "Documents"
    documents.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(documents))
    state = WindowState(QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    parent = QWidget()
    qtbot.addWidget(parent)
    actions = PrintActions(parent, lambda: None, state=state)  # type: ignore[arg-type,return-value]
    first = actions.save_dialog("Export", "session-log.pdf", "PDF files (*.pdf)")
    assert Path(first.directory().absolutePath()) == documents.resolve()
    elsewhere = tmp_path / "exports"
    elsewhere.mkdir()
    state.remember_file(elsewhere / "log.pdf")
    again = actions.save_dialog("Export", "session-log.csv", "CSV files (*.csv)")
    assert Path(again.directory().absolutePath()) == elsewhere.resolve()
    # A remembered folder that is gone falls back to Documents.
    elsewhere.rmdir()
    gone = actions.save_dialog("Export", "session-log.csv", "CSV files (*.csv)")
    assert Path(gone.directory().absolutePath()) == documents.resolve()


def test_about_shows_the_licence_and_the_address(qtbot: QtBot, window: MainWindow) -> None:
    licence = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["license"]
    (metainfo,) = (ROOT / "resources" / "metainfo").glob("*.metainfo.xml")
    homepage = ElementTree.parse(metainfo).getroot().find("url[@type='homepage']")
    assert homepage is not None
    assert homepage.text
    window.about_action.trigger()
    box = window.message_box
    assert isinstance(box, QMessageBox)
    assert box.isVisible()
    assert licence in box.text()
    assert homepage.text in box.text()
    box.close()


def test_ctrl_f_focuses_find_and_finds_notes_and_topicals(
    qtbot: QtBot, window: MainWindow, database: Database
) -> None:
    log_acknowledged_sessions(database)
    window.refresh(window.sessions.topics)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.current_view() is window.sessions
    find = window.sessions.find_field
    assert isinstance(find, QLineEdit)
    assert QApplication.focusWidget() is find
    qtbot.keyClicks(find, "jawline")  # in the notes, typed in another case
    model = window.sessions.model
    assert model.rowCount() == 1
    (entry,) = queries.session_page(database, window.sessions.current_filter())
    assert entry.session.notes == "Stung a little near the Jawline"
    find.clear()
    qtbot.keyClicks(find, "HYALURONIC")  # in the topical
    assert model.rowCount() == 1
    (entry,) = queries.session_page(database, window.sessions.current_filter())
    assert entry.session.topical == "Hyaluronic Serum"
    find.clear()
    qtbot.keyClicks(find, "no such words")
    assert model.rowCount() == 0
    assert "match" in window.sessions.count_label.text()
    find.clear()
    assert model.rowCount() == 2


def test_find_takes_wildcards_literally(database: Database) -> None:
    ops.add_roller(database, Roller("Face 0.5", 0.5, date(2026, 1, 1)))
    ops.log_session(
        database, Session(datetime(2026, 2, 1, 20, 0), "Face 0.5", ("chin",), notes="100% fine")
    )
    ops.log_session(
        database, Session(datetime(2026, 2, 5, 20, 0), "Face 0.5", ("chin",), notes="1000 fine")
    )
    assert queries.count_sessions(database, SessionFilter(text="100%")) == 1
    assert queries.count_sessions(database, SessionFilter(text="_")) == 0
    assert queries.count_sessions(database, SessionFilter(text="FINE")) == 2


def test_find_ignores_case_beyond_ascii(database: Database) -> None:
    ops.add_roller(database, Roller("Face 0.5", 0.5, date(2026, 1, 1)))
    for day, notes, topical in (
        (1, "Eczéma calmer today", ""),
        (2, "walked down the Straße after", ""),
        (3, "", "ΣΕΡΟΥΜ"),
    ):
        ops.log_session(
            database,
            Session(
                datetime(2026, 2, day, 20, 0), "Face 0.5", ("chin",), topical=topical, notes=notes
            ),
        )
    found = {
        typed: queries.count_sessions(database, SessionFilter(text=typed))
        for typed in ("ECZÉMA", "eczéma", "STRASSE", "straße", "σερουμ", "eczema")
    }
    # Case is ignored in every script (ß folds to ss); accents are not.
    assert found == {
        "ECZÉMA": 1, "eczéma": 1, "STRASSE": 1, "straße": 1, "σερουμ": 1, "eczema": 0,
    }  # fmt: skip


def opaque_colors(image_icon: QIcon, mode: QIcon.Mode) -> dict[str, int]:
    image = image_icon.pixmap(QSize(32, 32), mode).toImage()
    counts: dict[str, int] = {}
    for x in range(image.width()):
        for y in range(image.height()):
            color = image.pixelColor(x, y)
            if color.alpha() > 200:
                counts[color.name()] = counts.get(color.name(), 0) + 1
    return counts


def main_color(image_icon: QIcon, mode: QIcon.Mode) -> QColor:
    counts = opaque_colors(image_icon, mode)
    assert counts, "the icon draws nothing"
    return QColor(max(counts, key=lambda name: counts[name]))


def test_the_selected_navigation_icon_is_readable_on_the_highlight(
    qtbot: QtBot, window: MainWindow
) -> None:
    palette = window.navigation.palette()
    highlight = palette.color(QPalette.ColorRole.Highlight)
    base = palette.color(QPalette.ColorRole.Base)
    window.show_view(0)
    selected_row = window.navigation.currentRow()
    for row, page in enumerate(PAGES):
        item = window.navigation.item(row)
        page_icon = item.icon()
        assert not page_icon.isNull(), page.title
        selected = main_color(page_icon, QIcon.Mode.Selected)
        normal = main_color(page_icon, QIcon.Mode.Normal)
        assert selected != normal, page.title
        assert contrast_ratio(selected, highlight) >= 3.0, page.title  # WCAG non-text contrast
        assert contrast_ratio(normal, base) >= 3.0, page.title
    assert window.navigation.item(selected_row).isSelected()
    # What the list paints: the selected row's icon in the highlighted-text colour.
    shot = window.navigation.viewport().grab().toImage()
    rect = window.navigation.visualItemRect(window.navigation.item(selected_row))
    ratio = shot.devicePixelRatio()
    ink = palette.color(QPalette.ColorRole.HighlightedText)
    painted = {
        shot.pixelColor(int(x * ratio), int(y * ratio)).name()
        for x in range(rect.left(), rect.left() + window.navigation.iconSize().width() + 8)
        for y in range(rect.top(), rect.bottom())
    }
    assert ink.name() in painted


def test_icons_follow_the_text_colour_of_a_dark_palette(qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    original = app.palette()
    try:
        light_ink = main_color(icon("today"), QIcon.Mode.Normal)
        dark = QPalette(QColor("#2b2b2b"))
        dark.setColor(QPalette.ColorRole.WindowText, QColor("#eeeeee"))
        app.setPalette(dark)
        dark_ink = main_color(icon("today"), QIcon.Mode.Normal)
        assert dark_ink != light_ink
        assert dark_ink.name() == "#eeeeee"
        assert contrast_ratio(dark_ink, dark.color(QPalette.ColorRole.Window)) >= 4.5
        # The state icons keep their meaning's colour in every theme.
        assert main_color(icon("stop"), QIcon.Mode.Normal).red() > 150
    finally:
        app.setPalette(original)
    assert main_color(icon("today"), QIcon.Mode.Normal) == light_ink


def test_print_preview_opens_large_at_fit_to_width(qtbot: QtBot, database: Database) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    report = build_report(export_document(database), ReportFilter(), NOW)
    dialog = make_preview_dialog(report, Paper.A4, parent)
    qtbot.addWidget(dialog)
    preview = dialog.findChild(QPrintPreviewWidget)
    assert preview is not None
    assert preview.zoomMode() is QPrintPreviewWidget.ZoomMode.FitToWidth
    room = (parent.screen() or QApplication.primaryScreen()).availableGeometry()
    assert dialog.width() >= room.width() * 0.8
    assert dialog.height() >= room.height() * 0.8
    assert dialog.width() <= room.width()
    assert dialog.height() <= room.height()
