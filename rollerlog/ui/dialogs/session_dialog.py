"""The new-session dialog: the session as entered, its live findings, acknowledging stops."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from rollerlog.domain.constraints import (
    MAX_SHORT_TEXT_LENGTH,
    STERILIZATION_MINUTES,
    within_discard,
)
from rollerlog.domain.entities import Acknowledgement, Session, Sterilization
from rollerlog.domain.findings import ROLLER_DISCARDED, Finding, Severity
from rollerlog.domain.local_time import exists_locally, skipped_hour_message
from rollerlog.domain.rules import PlannedSession
from rollerlog.domain.validation import validate_session
from rollerlog.domain.vocabulary import MAX_TEXT_LENGTH, STERILIZATION_METHODS
from rollerlog.ui.body_map import BodyMap, MapMode, area_states_at
from rollerlog.ui.common import SEVERITY_LABELS, checkbox, named
from rollerlog.ui.dialogs.base import FormDialog, datetime_edit, from_qdatetime
from rollerlog.ui.dialogs.base import choice as vocabulary_choice
from rollerlog.ui.icons import icon
from rollerlog.ui.widgets import AreaPicker

NEVER_SAVE_CODES = frozenset({ROLLER_DISCARDED})
NOT_STERILIZED = "not-sterilized"

#: Wide enough that most findings take one line, and tall enough for seven or eight of
#: them, while still fitting a 1280×800 screen with a panel and a title bar.
DIALOG_SIZE = QSize(980, 720)
MIN_FINDING_LINES = 6
TOP = Qt.AlignmentFlag.AlignTop


@dataclass(frozen=True)
class RollerChoice:
    """A roller as the dialog offers it: usable, or disabled with the reason why."""

    name: str
    label: str
    disabled_reason: str = ""
    discarded_on: date | None = None


@dataclass(frozen=True)
class SessionPrefill:
    """What a new session starts from: the latest session's choices that are open today.

    ``left_out`` pairs each area of the latest session left unticked with a line saying why;
    the line closes the list of checks while the area stays unticked.
    """

    roller: str | None = None
    areas: tuple[str, ...] = ()
    topical: str = ""
    left_out: tuple[tuple[str, str], ...] = ()


class SessionDialog(FormDialog[Session]):
    """Log or edit a session; findings update as the fields change, stops first."""

    def __init__(
        self,
        rollers: Sequence[RollerChoice],
        findings_for: Callable[[PlannedSession], list[Finding]],
        on_save: Callable[[Session], bool],
        now: datetime,
        session: Session | None = None,
        parent: QWidget | None = None,
        clock: Callable[[], datetime] | None = None,
        prefill: SessionPrefill | None = None,
        cleaning: Sterilization | None = None,
        on_save_sterilized: Callable[[Session, Sterilization], bool] | None = None,
    ) -> None:
        """``cleaning`` (the method and minutes of last time) with ``on_save_sterilized``
        offers "I sterilized it just now" while the roller needs a sterilization."""
        super().__init__("Edit session" if session else "New session", self._save, parent)
        self._save_session = on_save
        self._save_sterilized = on_save_sterilized
        self._cleaning = cleaning if on_save_sterilized is not None else None
        self._raw_findings: list[Finding] = []
        self._findings_for = findings_for
        self._original = session
        self._discarded_on = {choice.name: choice.discarded_on for choice in rollers}
        self._clock = clock or (lambda: now)
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
        wanted = session.roller if session else (prefill.roller if prefill else None)
        index = self.roller.findData(wanted) if wanted else -1
        self.roller.setCurrentIndex(index if index >= 0 else first_usable)
        self.areas = AreaPicker()
        self.test_patch = checkbox("This is a t&est patch")
        self.topical = QLineEdit(
            session.topical if session else (prefill.topical if prefill else "")
        )
        self.topical.setPlaceholderText("e.g. hyaluronic acid serum")
        self.topical.setMaxLength(MAX_SHORT_TEXT_LENGTH)
        self.notes = QPlainTextEdit(session.notes if session else "")
        self.notes.setMaximumHeight(50)
        self.add_row("&Time", self.at, "at")
        self.add_row("&Roller", self.roller, "roller")
        self.add_row("Areas", self.areas, "areas")
        self._left_out = prefill.left_out if prefill else ()
        self.add_row("", self.test_patch)
        self.add_row("To&pical", self.topical, "topical")
        self.add_row("N&otes", self.notes, "notes")
        self._add_body_map()

        self.findings_heading = QLabel("<b>Checks for this session</b>")
        self.findings_list = QListWidget()
        named(self.findings_list, "Findings", "What the safety rules say about this session")
        self.findings_list.setWordWrap(True)
        # The list takes the dialog's spare height; this much it keeps even on a small screen.
        self.findings_list.setMinimumHeight(self.fontMetrics().lineSpacing() * MIN_FINDING_LINES)
        self.findings_list.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        self._add_sterilization_offer(cleaning)
        self.acknowledge_box = QGroupBox("Go ahead despite a stop")
        self.acknowledge_box.setAccessibleName("Go ahead despite a stop")
        self.acknowledge = checkbox("I have read the stops above and go ahead &anyway")
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("Why? e.g. my dermatologist told me to")
        self.reason.setMaxLength(MAX_TEXT_LENGTH)
        named(self.reason, "Reason for going ahead")
        box_layout = QHBoxLayout(self.acknowledge_box)
        box_layout.addWidget(self.checked("acknowledge", self.acknowledge), 0, TOP)
        box_layout.addWidget(self.checked("reason", self.reason), 1, TOP)
        self.acknowledge_box.hide()
        # Filled only now: each change re-checks the form, which reads the widgets above.
        if session:
            self.areas.set_selected(session.areas)
            self.test_patch.setChecked(session.test_patch)
        elif prefill:
            self.areas.set_selected(prefill.areas)
        if session and session.acknowledged:
            self.acknowledge.setChecked(True)
            self.reason.setText(session.acknowledged[0].reason)
        # The offer to log the sterilization sits beside the heading: it takes no height
        # from the findings below it.
        heading = QHBoxLayout()
        heading.addWidget(self.findings_heading)
        heading.addStretch(1)
        heading.addWidget(self.sterilize_offer)
        self.extra.addLayout(heading)
        self.extra.addWidget(self.findings_list, 1)
        self.extra.addWidget(self.acknowledge_box)

        self.at.dateTimeChanged.connect(lambda _v: self.update_findings())
        self.at.dateTimeChanged.connect(lambda _v: self.update_map_states())
        self.roller.currentIndexChanged.connect(lambda _i: self.update_map_states())
        self.test_patch.toggled.connect(lambda _on: self.update_map_states())
        self.update_map_states()
        self.roller.currentIndexChanged.connect(lambda _i: self.update_findings())
        self.areas.changed.connect(self.update_findings)
        self.sterilized_now.toggled.connect(lambda _on: self.update_findings())
        self.test_patch.toggled.connect(lambda _on: self.update_findings())
        self.resize(self._first_size())
        self.update_findings()

    def _first_size(self) -> QSize:
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is None:
            return DIALOG_SIZE
        room = screen.size() - QSize(40, 60)  # window frame and title bar
        return DIALOG_SIZE.boundedTo(room).expandedTo(self.minimumSizeHint())

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

    def place_initial_focus(self) -> None:
        """Focus Save when nothing needs an answer; when only the roller's sterilization
        does, the tick that logs it (Space, then Enter saves); else the first field."""
        only_cleaning = set(self.check()) == {"acknowledge"} and [f.code for f in self.stops()] == [
            NOT_STERILIZED
        ]
        if only_cleaning and self.sterilize_offer.isVisibleTo(self):
            self.sterilized_now.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        super().place_initial_focus()

    def sterilization(self) -> Sterilization | None:
        """The sterilization "I sterilized it just now" logs with the session, if ticked.

        It is taken at the session's minute, which by the rules counts before the session.
        """
        if not (self.sterilized_now.isChecked() and self.sterilize_offer.isVisibleTo(self)):
            return None
        return Sterilization(
            at=from_qdatetime(self.at.dateTime()),
            roller=self.roller_name(),
            method=self.cleaning_method.currentData(),
            minutes=self.cleaning_minutes.value(),
        )

    def _add_sterilization_offer(self, cleaning: Sterilization | None) -> None:
        """The tick that logs the roller's sterilization with the session, method, minutes."""
        self.sterilize_offer = QWidget()
        self.sterilize_offer.setAccessibleName("Sterilization with this session")
        row = QHBoxLayout(self.sterilize_offer)
        row.setContentsMargins(0, 0, 0, 0)
        self.sterilized_now = checkbox("I &sterilized it just now")
        self.sterilized_now.setAccessibleDescription(
            "Logs the sterilization with the session, so the stop no longer applies"
        )
        method = cleaning.method if cleaning and cleaning.method else "isopropyl-70"
        self.cleaning_method = vocabulary_choice(
            STERILIZATION_METHODS, "Sterilization method", method
        )
        self.cleaning_minutes = QSpinBox()
        self.cleaning_minutes.setRange(STERILIZATION_MINUTES.low, STERILIZATION_MINUTES.high)
        self.cleaning_minutes.setSuffix(" min")
        minutes = cleaning.minutes if cleaning and cleaning.minutes is not None else 10
        self.cleaning_minutes.setValue(minutes)
        named(self.cleaning_minutes, "Minutes soaked")
        row.addWidget(self.sterilized_now)
        row.addWidget(self.cleaning_method)
        row.addWidget(self.cleaning_minutes)
        self.sterilize_offer.hide()

    def _save(self, session: Session) -> bool:
        cleaning = self.sterilization()
        if cleaning is not None and self._save_sterilized is not None:
            return self._save_sterilized(session, cleaning)
        return self._save_session(session)

    def _add_body_map(self) -> None:
        """The body map to the right of the fields, in step with the area check boxes
        (which stay the keyboard path) both ways; healing and avoided areas marked on it."""
        self.body_map = BodyMap(MapMode.TOGGLE)
        # As tall as the fields beside it: the findings below keep their room.
        self.body_map.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        self.body_map.setMinimumHeight(220)
        self.body_map.area_toggled.connect(lambda slug, on: self.areas.boxes[slug].setChecked(on))
        self.areas.changed.connect(lambda: self.body_map.set_selected(self.areas.selected()))
        outer = self.content_layout
        index = next(
            i
            for i in range(outer.count())
            if (item := outer.itemAt(i)) and item.layout() is self.form
        )
        outer.takeAt(index)
        fields = QVBoxLayout()
        fields.addLayout(self.form)
        fields.addStretch(1)
        beside = QHBoxLayout()
        beside.addLayout(fields, 3)
        beside.addWidget(self.body_map, 2)
        outer.insertLayout(index, beside)

    def update_map_states(self) -> None:
        """Mark each area on the body map with its state for a session as entered."""
        plan = self.planned()
        states = (
            area_states_at(self._findings_for, plan.at, plan.roller, plan.test_patch)
            if plan.roller
            else {}
        )
        self.body_map.set_states(states)

    # -- live findings ------------------------------------------------------------------------

    def update_findings(self) -> None:
        """Run the rules on the session as entered and show what they say, stops first."""
        plan = self.planned()
        self._raw_findings = self._findings_for(plan) if plan.roller and plan.areas else []
        offered = self._cleaning is not None and any(
            f.code == NOT_STERILIZED for f in self._raw_findings
        )
        self.sterilize_offer.setVisible(offered)
        self.findings = [
            f
            for f in self._raw_findings
            if not (offered and self.sterilized_now.isChecked() and f.code == NOT_STERILIZED)
        ]
        if self._original is not None and within_discard(
            self._discarded_on.get(plan.roller), plan.at.date()
        ):
            # A logged session on its roller's discard day happened before the drop: it may
            # be corrected, as import and check accept it; a later day stays refused.
            self.findings = [f for f in self.findings if f.code not in NEVER_SAVE_CODES]
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
        for slug, why in self._left_out:
            if slug not in plan.areas:
                self._add_line(f"Left out from last time: {why}", "note")
        self.check()

    def _add_line(self, text: str, icon_name: str) -> None:
        item = QListWidgetItem(icon(icon_name), text)
        item.setToolTip(text)
        self.findings_list.addItem(item)

    def validate(self) -> dict[str, str]:
        """The problems with the session as entered, stops needing a reason included."""
        if not hasattr(self, "acknowledge_box"):  # an edited session's fields are being filled
            return {}
        never = self.can_never_save()
        stops = [f.code for f in self.stops()]
        self.acknowledge_box.setVisible(bool(stops) and not never)
        going_ahead = self.acknowledge.isChecked()
        if never:
            needs = [code for code in stops if code in NEVER_SAVE_CODES]
        else:
            needs = list(dict.fromkeys(stops)) if going_ahead else []
        reason = self.reason.text()
        plan = self.planned()
        errors = validate_session(
            at=plan.at,
            now=self._clock(),
            roller=plan.roller,
            areas=list(plan.areas),
            needs_acknowledgement=needs,
            reasons=dict.fromkeys(needs, reason),
            topical=self.topical.text(),
            notes=self.notes.toPlainText(),
        )
        if not plan.roller:
            errors["roller"] = "Add a roller first: every session needs one."
        if not exists_locally(plan.at):
            errors["at"] = skipped_hour_message(f"{plan.at:%Y-%m-%d %H:%M}", plan.at)
        # One reason covers every stop, so the first message about it is the one shown.
        for key in [k for k in errors if k.startswith("reason:")]:
            errors.setdefault("reason", errors.pop(key))
        if stops and not never and not going_ahead:
            errors["acknowledge"] = "Tick this to go ahead, or change the session."
        return errors
