"""Small shared pieces of the UI: accessible widgets, confirmations, errors, formats, colours."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from rollerlog.domain import wording
from rollerlog.domain.findings import Finding, Severity
from rollerlog.ui.icons import icon

AMBER = QColor("#c77c02")
RED = QColor("#c0392b")
GREEN = QColor("#239b56")

SEVERITY_COLORS: dict[Severity, QColor] = {
    Severity.STOP: RED,
    Severity.CAUTION: AMBER,
    Severity.NOTE: QColor("#2e86c1"),
}

SEVERITY_LABELS: dict[Severity, str] = {
    Severity.STOP: "Stop",
    Severity.CAUTION: "Caution",
    Severity.NOTE: "Note",
}


def named(widget: QWidget, name: str, description: str = "") -> QWidget:
    """Give a widget the accessible name screen readers announce; returns it."""
    widget.setAccessibleName(name)
    if description:
        widget.setAccessibleDescription(description)
        widget.setToolTip(description)
    return widget


def button(
    text: str, on_click: Callable[[], object] | None = None, icon_name: str = ""
) -> QPushButton:
    """A push button with an accessible name taken from its text."""
    result = QPushButton(text)
    result.setAccessibleName(text.replace("&", "").rstrip("…").strip())
    if icon_name:
        result.setIcon(icon(icon_name))
    if on_click is not None:
        result.clicked.connect(lambda _checked=False: on_click())
    return result


def checkbox(text: str) -> QCheckBox:
    """A check box with an accessible name taken from its text."""
    result = QCheckBox(text)
    result.setAccessibleName(text.replace("&", ""))
    return result


def heading(text: str) -> QLabel:
    """A bold section heading."""
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.25)
    font.setBold(True)
    label.setFont(font)
    return label


def wrapped(text: str) -> QLabel:
    """A label that wraps its text."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return label


class EmptyState(QWidget):
    """What a view shows before there is anything in it: a sentence and one action."""

    def __init__(self, text: str, action_text: str, action: Callable[[], object]) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        self.label = wrapped(text)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.button = button(action_text, action, "add")
        layout.addWidget(self.label)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)


#: Asks a yes/no question; tests replace it to answer without a modal box.
Confirm = Callable[[QWidget | None, str, str], bool]


def ask_with_message_box(parent: QWidget | None, title: str, question: str) -> bool:
    """Ask in a modal message box; True when the person said yes."""
    answer = QMessageBox.question(
        parent,
        title,
        question,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def use_app_locale() -> None:
    """Word dates in the app's locale when the app chose one; else the environment's.

    Qt's default locale is the system's unless something set another
    (``QLocale.setDefault``); only a chosen one is passed on, so the app and the command
    line show the same dates for the same environment.
    """
    chosen = QLocale()
    wording.use_locale(chosen.name() if chosen != QLocale.system() else None)


def format_day(day: date | None) -> str:
    """A day as the tables show it, in the user's locale: "Mon, 2 Mar 2026"; "" for None."""
    return "" if day is None else wording.format_short_day(day)


def format_moment(moment: datetime | None) -> str:
    """A time as the tables show it, in the user's locale: "Mon, 2 Mar 2026, 20:15"."""
    return "" if moment is None else wording.format_short_moment(moment)


def format_mm(value: float) -> str:
    """A needle length without trailing zeros: 0.25, 0.5, 1."""
    return f"{value:g}"


def finding_html(finding: Finding) -> str:
    """One finding as rich text: a coloured severity word and its message."""
    color = SEVERITY_COLORS.get(finding.severity, GREEN).name()
    label = SEVERITY_LABELS.get(finding.severity, str(finding.severity))
    message = finding.message.replace("&", "&amp;").replace("<", "&lt;")
    return f'<b style="color:{color}">{label}:</b> {message}'
