"""Printing the session log: a simple table through Qt's print dialog."""

from __future__ import annotations

from html import escape

from PySide6.QtGui import QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from rollerlog.domain.areas import area_label
from rollerlog.store import queries
from rollerlog.store.db import Database
from rollerlog.store.queries import SessionFilter
from rollerlog.ui.views.help import DISCLAIMER

MAX_PRINTED_SESSIONS = 5000


def sessions_html(database: Database, where: SessionFilter) -> str:
    """The filtered log as an HTML table, newest first, with each acknowledged stop."""
    entries = queries.session_page(database, where, 0, MAX_PRINTED_SESSIONS)
    rows = []
    for entry in entries:
        session = entry.session
        went_ahead = "; ".join(f"{a.code}: {a.reason}" for a in session.acknowledged)
        cells = [
            f"{session.at:%Y-%m-%d %H:%M}",
            session.roller,
            str(entry.use_number),
            ", ".join(area_label(a) for a in session.areas),
            "yes" if session.test_patch else "",
            session.topical,
            went_ahead,
        ]
        rows.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in cells) + "</tr>")
    head = "".join(
        f"<th>{h}</th>"
        for h in ("Time", "Roller", "Use", "Areas", "Test patch", "Topical", "Went ahead despite")
    )
    return (
        "<h2>rollerlog — sessions</h2>"
        f"<p><i>{escape(DISCLAIMER)}</i></p>"
        f'<table border="1" cellspacing="0" cellpadding="3"><tr>{head}</tr>{"".join(rows)}</table>'
    )


def print_sessions(parent: QWidget, database: Database, where: SessionFilter) -> None:
    """Ask for a printer and print the filtered log."""
    printer = QPrinter()
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print session log")
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return
    document = QTextDocument()
    document.setHtml(sessions_html(database, where))
    document.print_(printer)
