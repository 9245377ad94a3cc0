"""Small shared pieces of the UI: accessible widgets, confirmations, errors, formats, colours."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QColor, QPalette
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

# Text in a state's colour (stop, caution, ready, note) must stay readable: each set meets
# WCAG AA, 4.5:1, against the window and base colours of a light and of a dark palette
# (tests/ui/test_colors.py computes the ratios). follow_palette() picks the set in place,
# so every holder of these colours follows a change of theme.
STATE_TEXT_COLORS: dict[str, dict[str, str]] = {
    "light": {"red": "#b02a1e", "amber": "#8a5700", "green": "#1b7340", "blue": "#1f669e"},
    "dark": {"red": "#ff8a80", "amber": "#f2bd5a", "green": "#6fd69a", "blue": "#8ec5ff"},
}
AMBER = QColor(STATE_TEXT_COLORS["light"]["amber"])
RED = QColor(STATE_TEXT_COLORS["light"]["red"])
GREEN = QColor(STATE_TEXT_COLORS["light"]["green"])
BLUE = QColor(STATE_TEXT_COLORS["light"]["blue"])

# Fills behind text (the uses bars) keep one colour in every theme; the bar's own text colour
# is chosen against them.
BAR_RED = QColor("#c0392b")
BAR_AMBER = QColor("#e0a030")

SEVERITY_COLORS: dict[Severity, QColor] = {
    Severity.STOP: RED,
    Severity.CAUTION: AMBER,
    Severity.NOTE: BLUE,
}


def is_dark(palette: QPalette) -> bool:
    """Whether a palette draws light text on a dark window."""
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def follow_palette(palette: QPalette) -> None:
    """Switch the state colours to the set that is readable on ``palette``."""
    chosen = STATE_TEXT_COLORS["dark" if is_dark(palette) else "light"]
    for color, key in ((RED, "red"), (AMBER, "amber"), (GREEN, "green"), (BLUE, "blue")):
        color.setRgb(QColor(chosen[key]).rgb())


def contrast_ratio(first: QColor, second: QColor) -> float:
    """The WCAG 2 contrast ratio of two colours, from 1 (none) to 21 (black on white)."""

    def luminance(color: QColor) -> float:
        def channel(value: float) -> float:
            return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(color.redF())
            + 0.7152 * channel(color.greenF())
            + 0.0722 * channel(color.blueF())
        )

    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


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


#: Asks a question (parent, title, question); tests replace it to answer without a modal box.
Confirm = Callable[[QWidget | None, str, str], bool]


def confirmation_box(
    parent: QWidget | None, title: str, question: str, action: str, *, action_first: bool = False
) -> tuple[QMessageBox, QPushButton]:
    """A question box whose buttons name what they do: ``action`` and "Cancel".

    Returns the box (not shown) and its action button. Cancel is the Escape button and,
    unless ``action_first``, the default too, so a stray Enter never deletes or replaces
    anything.
    """
    box = QMessageBox(QMessageBox.Icon.Question, title, question, parent=parent)
    box.setAccessibleName(title)
    go = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
    go.setAccessibleName(action.replace("&", "").rstrip("…"))
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    cancel.setText("Cancel")
    cancel.setAccessibleName("Cancel")
    box.setDefaultButton(go if action_first else cancel)
    box.setEscapeButton(cancel)
    return box, go


def ask_with_message_box(
    parent: QWidget | None, title: str, question: str, action: str = ""
) -> bool:
    """Ask in a modal box whose buttons are ``action`` (else the title) and Cancel.

    True when the person chose the action.
    """
    box, go = confirmation_box(parent, title, question, action or title)
    box.exec()
    return box.clickedButton() is go


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
