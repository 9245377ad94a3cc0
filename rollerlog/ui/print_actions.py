"""File menu actions for the printed log: Print preview, Print… (Ctrl+P), Export PDF and CSV.

``add_print_actions(window, file_menu, get_database)`` puts them in a window's File menu.
Each asks for the range, rollers and areas in one small dialog, then reads the data
through the core (``export_document``) and hands the report to ``ui.printing``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtPrintSupport import (
    QPrintDialog,
    QPrinter,
    QPrintPreviewDialog,
    QPrintPreviewWidget,
)
from PySide6.QtWidgets import QDialog, QFileDialog, QMainWindow, QMenu, QMessageBox, QWidget

from rollerlog.domain.interchange import Document
from rollerlog.files import write_atomically
from rollerlog.report.content import Report, build_report
from rollerlog.report.csv_export import (
    CSV_ENCODING,
    write_sessions_csv,
    write_sterilizations_csv,
)
from rollerlog.store.db import Database
from rollerlog.store.interchange import export_document
from rollerlog.ui.dialogs.export_dialog import ExportDialog
from rollerlog.ui.printing import NoFontError, Paper, paint_on_device, write_pdf

if TYPE_CHECKING:
    from rollerlog.ui.window_state import WindowState

PREVIEW_SHARE = 0.9
"""How much of the screen's width and height the print preview takes when it opens."""


def make_printer(paper: Paper) -> QPrinter:
    """A high-resolution printer set to ``paper``, in full-page mode (the log has margins)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setFullPage(True)
    printer.setPageSize(paper.page_size)
    printer.setDocName("Microneedling session log")
    return printer


def make_preview_dialog(
    report: Report, paper: Paper, parent: QWidget | None = None
) -> QPrintPreviewDialog:
    """A print preview of the log, not yet shown; pages are drawn when it asks for them."""
    printer = make_printer(paper)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle("Print preview — session log")
    dialog.paintRequested.connect(lambda device: paint_on_device(report, device))
    dialog._printer = printer  # type: ignore[attr-defined]  # lives as long as the dialog
    open_large_at_fit_width(dialog, parent)
    return dialog


def open_large_at_fit_width(dialog: QPrintPreviewDialog, parent: QWidget | None) -> None:
    """Size the preview to most of its screen, centred, showing pages at the width it has."""
    screen = (parent.screen() if parent is not None else None) or QGuiApplication.primaryScreen()
    if screen is not None:
        room = screen.availableGeometry()
        dialog.resize(int(room.width() * PREVIEW_SHARE), int(room.height() * PREVIEW_SHARE))
        frame = dialog.frameGeometry()
        frame.moveCenter(room.center())
        dialog.move(frame.topLeft())
    # The toolbar's own "Fit width" action, so its button shows the mode in use.
    fit_width = dialog.findChild(QAction, "fitWidthAction")
    if fit_width is not None:
        fit_width.trigger()
    preview = dialog.findChild(QPrintPreviewWidget)
    if preview is not None:
        preview.setZoomMode(QPrintPreviewWidget.ZoomMode.FitToWidth)


def sterilizations_csv_path(sessions_path: Path) -> Path:
    """Where the sterilization log goes beside a sessions CSV: NAME-sterilizations.csv."""
    return sessions_path.with_name(f"{sessions_path.stem}-sterilizations.csv")


def _write_csv(report: Report, writer: Callable[[Report, TextIO], None], path: Path) -> None:
    with path.open("w", encoding=CSV_ENCODING, newline="") as stream:
        writer(report, stream)


def write_csv_files(report: Report, sessions_path: Path) -> tuple[Path, Path]:
    """Write the sessions and, beside them, the sterilization log; returns both paths."""
    sterilizations_path = sterilizations_csv_path(sessions_path)
    for path, writer in (
        (sessions_path, write_sessions_csv),
        (sterilizations_path, write_sterilizations_csv),
    ):
        write_atomically(path, functools.partial(_write_csv, report, writer))
    return sessions_path, sterilizations_path


ACTION_WORDS = {"Print preview": "Preview…", "Print": "Print…"}
"""The go-ahead button of each filter dialog; the exports say "Export…"."""


def write_pdf_file(report: Report, path: Path, paper: Paper) -> int:
    """Write the PDF through a temporary file so a failure never leaves half a file."""
    return write_atomically(path, lambda partial: write_pdf(report, partial, paper))


class PrintActions(QObject):
    """The four actions and what they do; ``choose`` and the file dialogs can be replaced in
    tests by calling the ``*_to`` methods directly."""

    def __init__(
        self,
        window: QWidget,
        get_database: Callable[[], Database],
        parent: QObject | None = None,
        state: WindowState | None = None,
    ) -> None:
        super().__init__(parent or window)
        self.window = window
        self.get_database = get_database
        self.state = state
        """Remembers the folder of the last export (None: every dialog starts in Documents)."""
        self.preview_action = QAction("Print pre&view…", window)
        self.print_action = QAction("&Print…", window)
        self.print_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Print))
        self.pdf_action = QAction("Export P&DF…", window)
        self.csv_action = QAction("Export &CSV…", window)
        self.preview_action.triggered.connect(self.preview)
        self.print_action.triggered.connect(self.print_log)
        self.pdf_action.triggered.connect(self.export_pdf)
        self.csv_action.triggered.connect(self.export_csv)

    @property
    def actions(self) -> list[QAction]:
        return [self.preview_action, self.print_action, self.pdf_action, self.csv_action]

    # -- shared steps
    def document(self) -> Document:
        return export_document(self.get_database())

    def make_dialog(self, title: str, document: Document, *, show_paper: bool) -> ExportDialog:
        """The filter dialog for ``document`` (not shown)."""
        used_areas = sorted({area for s in document.sessions for area in s.areas})
        first = min((s.at.date() for s in document.sessions), default=None)
        return ExportDialog(
            title,
            [roller.name for roller in document.rollers],
            used_areas,
            first,
            datetime.now().date(),
            self.window,
            show_paper=show_paper,
            action=ACTION_WORDS.get(title, "Export…"),
        )

    def start_folder(self) -> Path:
        """Where the file dialogs open: the folder used last, else Documents."""
        if self.state is not None:
            return self.state.file_folder()
        from rollerlog.ui.window_state import WindowState

        return WindowState.documents_folder()

    def save_dialog(self, caption: str, file_name: str, file_filter: str) -> QFileDialog:
        """A save dialog (not shown) opening in :meth:`start_folder` with ``file_name``."""
        start = str(self.start_folder() / file_name)
        dialog = QFileDialog(self.window, caption, start, file_filter)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.setDefaultSuffix(Path(file_name).suffix.lstrip("."))
        return dialog

    def ask_save_path(self, caption: str, file_name: str, file_filter: str) -> Path | None:
        """Ask where to save; remember the folder chosen. None when cancelled."""
        dialog = self.save_dialog(caption, file_name, file_filter)
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
            return None
        chosen = Path(dialog.selectedFiles()[0])
        if self.state is not None:
            self.state.remember_file(chosen)
        return chosen

    def choose(self, title: str, *, show_paper: bool = True) -> tuple[Report, Paper] | None:
        """Ask what to include; the report and paper, or None when cancelled."""
        document = self.document()
        dialog = self.make_dialog(title, document, show_paper=show_paper)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return build_report(document, dialog.selection(), datetime.now()), dialog.paper()

    def _fail(self, what: str, error: Exception) -> None:
        QMessageBox.warning(self.window, "rollerlog", f"{what}: {error}")

    def tell(self, message: str) -> None:
        """A short confirmation in the window's status bar, when it has one."""
        if isinstance(self.window, QMainWindow):
            self.window.statusBar().showMessage(message, 10_000)

    # -- the actions
    def preview(self) -> None:
        chosen = self.choose("Print preview")
        if chosen is None:
            return
        try:
            make_preview_dialog(*chosen, self.window).exec()
        except NoFontError as error:
            self._fail("The log cannot be shown", error)

    def print_log(self) -> None:
        chosen = self.choose("Print")
        if chosen is None:
            return
        report, paper = chosen
        printer = make_printer(paper)
        if QPrintDialog(printer, self.window).exec() != QDialog.DialogCode.Accepted:
            return
        printer.setFullPage(True)
        try:
            paint_on_device(report, printer)
        except (NoFontError, OSError) as error:
            self._fail("The log could not be printed", error)

    def export_pdf(self) -> None:
        chosen = self.choose("Export PDF")
        if chosen is None:
            return
        path = self.ask_save_path("Export the log as PDF", "session-log.pdf", "PDF files (*.pdf)")
        if path is not None:
            self.export_pdf_to(path, *chosen)

    def export_pdf_to(self, path: Path, report: Report, paper: Paper) -> bool:
        """Write the PDF, telling the user when it fails; True on success."""
        try:
            pages = write_pdf_file(report, path, paper)
        except (NoFontError, OSError) as error:
            self._fail(f"{path} could not be written", error)
            return False
        self.tell(f"Wrote {path.name} ({pages} page{'s' if pages != 1 else ''}).")
        return True

    def export_csv(self) -> None:
        chosen = self.choose("Export CSV", show_paper=False)
        if chosen is None:
            return
        path = self.ask_save_path("Export the log as CSV", "session-log.csv", "CSV files (*.csv)")
        if path is not None:
            self.export_csv_to(path, chosen[0])

    def export_csv_to(self, path: Path, report: Report) -> bool:
        """Write the sessions CSV and the sterilization log beside it; True on success."""
        try:
            sessions, sterilizations = write_csv_files(report, path)
        except OSError as error:
            self._fail(f"{path} could not be written", error)
            return False
        self.tell(
            f"Wrote the sessions to {sessions.name} and the sterilization log to "
            f"{sterilizations.name}."
        )
        return True


def add_print_actions(
    window: QWidget,
    file_menu: QMenu,
    get_database: Callable[[], Database],
    state: WindowState | None = None,
) -> PrintActions:
    """Add Print preview, Print… (Ctrl+P), Export PDF and Export CSV to ``file_menu``."""
    actions = PrintActions(window, get_database, state=state)
    file_menu.addAction(actions.preview_action)
    file_menu.addAction(actions.print_action)
    file_menu.addSeparator()
    file_menu.addAction(actions.pdf_action)
    file_menu.addAction(actions.csv_action)
    return actions
