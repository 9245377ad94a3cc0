"""The new-session dialog: the session as entered, its live findings, acknowledging stops."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from rollerlog.domain.entities import Acknowledgement, Session
from rollerlog.domain.findings import Finding, Severity
from rollerlog.domain.rules import PlannedSession
from rollerlog.ui.common import SEVERITY_LABELS, button, checkbox, named
from rollerlog.ui.dialogs.base import FormDialog, datetime_edit, from_qdatetime
from rollerlog.ui.icons import icon
from rollerlog.ui.widgets import AreaPicker

NEVER_SAVE_CODES = frozenset({"roller-discarded"})


@dataclass(frozen=True)
class RollerChoice:
    """A roller as the dialog offers it: usable, or disabled with the reason why."""

    name: str
    label: str
    disabled_reason: str = ""


class SessionDialog(FormDialog[Session]):
    """Log or edit a session; findings update as the fields change, stops first."""

    def __init__(
        self,
        rollers: Sequence[RollerChoice],
        findings_for: Callable[[PlannedSession], list[Finding]],
        on_save: Callable[[Session], bool],
        now: datetime,
        on_sterilize: Callable[[str, datetime], bool] | None = None,
        session: Session | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Edit session" if session else "New session", on_save, parent)
        self._findings_for = findings_for
        self._on_sterilize = on_sterilize
        self._original = session
        self._now = now
        self.findings: list[Finding] = []

        self.at = datetime_edit(session.at if session else now, "Time")
        self.roller = QComboBox()
        named(self.roller, "Roller")
        roller_items = QStandardItemModel(self.roller)
        first_usable = -1
        for index, choice in enumerate(rollers):
            text = choice.label
            if choice.disabled_reason:
                text = f"{choice.label} — {choice.disabled_reason}"
            item = QStandardItem(text)
            item.setData(choice.name, Qt.ItemDataRole.UserRole)
            item.setToolTip(choice.disabled_reason or choice.label)
            if choice.disabled_reason and not (session and session.roller == choice.name):
                item.setEnabled(False)
            elif first_usable < 0:
                first_usable = index
            roller_items.appendRow(item)
        self.roller.setModel(roller_items)
        wanted = session.roller if session else None
        index = self.roller.findData(wanted) if wanted else first_usable
        self.roller.setCurrentIndex(index)
        self.areas = AreaPicker()
        self.test_patch = checkbox("This is a &test patch")
        self.topical = QLineEdit(session.topical if session else "")
        self.topical.setPlaceholderText("e.g. hyaluronic acid serum")
        self.notes = QPlainTextEdit(session.notes if session else "")
        self.notes.setMaximumHeight(60)
        self.add_row("&Time", self.at)
        self.add_row("&Roller", self.roller)
        self.add_row("Areas", self.areas)
        self.add_row("", self.test_patch)
        self.add_row("To&pical", self.topical)
        self.add_row("N&otes", self.notes)
        if session:
            self.areas.set_selected(session.areas)
            self.test_patch.setChecked(session.test_patch)

        self.findings_heading = QLabel("<b>Checks for this session</b>")
        self.findings_list = QListWidget()
        named(self.findings_list, "Findings", "What the safety rules say about this session")
        self.findings_list.setWordWrap(True)
        self.findings_list.setMinimumHeight(110)
        self.sterilize_button = button("Log &sterilization now", self._sterilize_now, "sterilize")
        self.sterilize_button.hide()
        self.blocked_label = QLabel()
        self.blocked_label.setWordWrap(True)
        self.blocked_label.hide()
        self.acknowledge_box = QGroupBox("Go ahead despite a stop")
        self.acknowledge_box.setAccessibleName("Go ahead despite a stop")
        self.acknowledge = checkbox("I have read the stops above and go ahead &anyway")
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("Why? e.g. my dermatologist told me to")
        named(self.reason, "Reason for going ahead")
        box_layout = QVBoxLayout(self.acknowledge_box)
        box_layout.addWidget(self.acknowledge)
        box_layout.addWidget(self.reason)
        self.acknowledge_box.hide()
        if session and session.acknowledged:
            self.acknowledge.setChecked(True)
            self.reason.setText(session.acknowledged[0].reason)
        for widget in (
            self.findings_heading,
            self.findings_list,
            self.sterilize_button,
            self.blocked_label,
            self.acknowledge_box,
        ):
            self.extra.addWidget(widget)

        self.at.dateTimeChanged.connect(lambda _v: self.update_findings())
        self.roller.currentIndexChanged.connect(lambda _i: self.update_findings())
        self.areas.changed.connect(self.update_findings)
        self.test_patch.toggled.connect(lambda _on: self.update_findings())
        self.acknowledge.toggled.connect(lambda _on: self._update_save())
        self.reason.textChanged.connect(lambda _t: self._update_save())
        self.resize(760, 640)
        self.update_findings()

    # -- reading the form ---------------------------------------------------------------------

    def roller_name(self) -> str:
        """The chosen roller's name ('' when none can be chosen)."""
        return str(self.roller.currentData() or "")

    def planned(self) -> PlannedSession:
        """The session as entered, for the rules."""
        return PlannedSession(
            at=from_qdatetime(self.at.dateTime()),
            roller=self.roller_name(),
            areas=self.areas.selected(),
            test_patch=self.test_patch.isChecked(),
        )

    def stops(self) -> list[Finding]:
        """The stop findings as entered."""
        return [f for f in self.findings if f.severity is Severity.STOP]

    def can_never_save(self) -> bool:
        """True when a stop that can never be acknowledged (a discarded roller) is present."""
        return any(f.code in NEVER_SAVE_CODES for f in self.findings)

    def value(self) -> Session:
        reason = self.reason.text().strip()
        codes = dict.fromkeys(f.code for f in self.stops() if f.code not in NEVER_SAVE_CODES)
        plan = self.planned()
        return Session(
            at=plan.at,
            roller=plan.roller,
            areas=plan.areas,
            test_patch=plan.test_patch,
            topical=self.topical.text().strip(),
            notes=self.notes.toPlainText().strip(),
            acknowledged=tuple(Acknowledgement(code, reason) for code in codes),
            id=self._original.id if self._original else None,
        )

    # -- live findings ------------------------------------------------------------------------

    def update_findings(self) -> None:
        """Run the rules on the session as entered and show what they say, stops first."""
        plan = self.planned()
        self.findings = self._findings_for(plan) if plan.roller and plan.areas else []
        self.findings_list.clear()
        if not plan.roller:
            self._add_line("Add a roller first: every session needs one.", "note")
        elif not plan.areas:
            self._add_line("Choose the areas you will roll to see the checks.", "note")
        elif not self.findings:
            self._add_line("Nothing against this session. Roll gently.", "ok")
        for finding in self.findings:
            label = SEVERITY_LABELS.get(finding.severity, str(finding.severity))
            self._add_line(f"{label}: {finding.message}", str(finding.severity))
        self.sterilize_button.setVisible(
            self._on_sterilize is not None
            and any(f.code == "not-sterilized" for f in self.findings)
        )
        self._update_save()

    def _add_line(self, text: str, icon_name: str) -> None:
        item = QListWidgetItem(icon(icon_name), text)
        item.setToolTip(text)
        self.findings_list.addItem(item)

    def _update_save(self) -> None:
        never = self.can_never_save()
        stops = self.stops()
        self.blocked_label.setVisible(never)
        if never:
            self.blocked_label.setText(
                "<b>This roller is discarded and can never be used.</b> Choose another roller."
            )
        self.acknowledge_box.setVisible(bool(stops) and not never)
        acknowledged = self.acknowledge.isChecked() and bool(self.reason.text().strip())
        plan = self.planned()
        ready = bool(plan.roller and plan.areas) and not never and (not stops or acknowledged)
        self.save_button.setEnabled(ready)
        if stops and not never and not acknowledged:
            self.save_button.setToolTip("Acknowledge the stops with a reason to save")
        else:
            self.save_button.setToolTip("")

    def _sterilize_now(self) -> None:
        if self._on_sterilize is None:
            return
        moment = min(
            from_qdatetime(self.at.dateTime()), datetime.now().replace(second=0, microsecond=0)
        )
        if self._on_sterilize(self.roller_name(), moment):
            self.update_findings()

    def accept(self) -> None:
        """Save only when nothing blocks it (the Save button may be bypassed by a shortcut)."""
        self._update_save()
        if self.save_button.isEnabled():
            super().accept()
