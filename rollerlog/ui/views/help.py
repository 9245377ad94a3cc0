"""Help: every check explained in plain words, and what rollerlog is not."""

from __future__ import annotations

from PySide6.QtWidgets import QTextBrowser, QVBoxLayout

from rollerlog.domain.findings import ROLLER_DISCARDED, RULES
from rollerlog.ui.common import SEVERITY_COLORS, SEVERITY_LABELS, named
from rollerlog.ui.views.base import View, ViewContext

DISCLAIMER = (
    "rollerlog is a log and a reminder, not medical advice. A board-certified dermatologist "
    "should guide any treatment, and you should stop and ask one when something looks wrong."
)


def help_html() -> str:
    """The help text: the disclaimer, then each rule's title, severity and explanation.

    A rule's code is only the anchor a link scrolls to; people read its title.
    """
    parts = [
        "<h2>What the checks mean</h2>",
        f"<p>{DISCLAIMER}</p>",
        "<p><b>Stop</b> means do not go ahead; you can still save a session by saying why, "
        "except with a discarded roller. <b>Caution</b> means go ahead with care. "
        "<b>Note</b> is for information.</p>",
    ]
    for rule in RULES:
        color = SEVERITY_COLORS[rule.severity].name()
        label = SEVERITY_LABELS[rule.severity]
        never = " It can never be acknowledged." if rule.code == ROLLER_DISCARDED else ""
        parts.append(
            f'<h3 id="{rule.code}">{rule.title}</h3>'
            f'<p><span style="color:{color}"><b>{label}</b></span></p>'
            f"<p>{rule.explanation}{never}</p>"
        )
    return "\n".join(parts)


class HelpView(View):
    """The rules explained, so a person can look up why the app says stop."""

    title = "Help"
    icon_name = "help"

    def __init__(self, context: ViewContext) -> None:
        super().__init__(context)
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        named(self.browser, "Help on every check")
        self.browser.setHtml(help_html())
        layout.addWidget(self.browser)

    def show_code(self, code: str) -> None:
        """Scroll to one code's explanation."""
        self.browser.scrollToAnchor(code)
