"""The small dialog that chooses what a printed or exported log covers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from rollerlog.domain.areas import AREAS
from rollerlog.report.content import ReportFilter
from rollerlog.ui.common import RED
from rollerlog.ui.printing import Paper, default_paper


def _to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _to_date(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class ExportDialog(QDialog):
    """Choose the range, rollers, areas, the person's name and the paper of a log."""

    def __init__(
        self,
        title: str,
        rollers: Sequence[str],
        used_areas: Sequence[str],
        first_day: date | None,
        today: date,
        parent: QWidget | None = None,
        *,
        show_paper: bool = True,
        action: str = "Export…",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        form = QFormLayout()

        self.person_edit = QLineEdit()
        self.person_edit.setPlaceholderText("optional, printed in the title")
        form.addRow("Name of the person:", self.person_edit)

        self.from_check = QCheckBox("From")
        self.from_edit = QDateEdit(_to_qdate(first_day or today))
        self.to_check = QCheckBox("To")
        self.to_edit = QDateEdit(_to_qdate(today))
        for check, edit in ((self.from_check, self.from_edit), (self.to_check, self.to_edit)):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
            edit.setEnabled(False)
            check.toggled.connect(edit.setEnabled)
        dates = QHBoxLayout()
        for widget in (self.from_check, self.from_edit, self.to_check, self.to_edit):
            dates.addWidget(widget)
        dates.addStretch()
        form.addRow("Days:", dates)
        form.addRow("", QLabel("Leave a box unticked for the whole log on that side."))

        self.roller_list = self._checklist([(name, name) for name in rollers])
        form.addRow("Rollers:", self.roller_list)
        areas = [(a.slug, a.label) for a in AREAS if a.slug in set(used_areas)]
        self.area_list = self._checklist(areas or [(a.slug, a.label) for a in AREAS])
        form.addRow("Areas:", self.area_list)

        self.paper_combo = QComboBox()
        for paper in Paper:
            self.paper_combo.addItem(paper.label, paper.value)
        self.paper_combo.setCurrentIndex(list(Paper).index(default_paper()))
        self.sterilizations_check = QCheckBox("Add the sterilization log as an appendix")
        if show_paper:
            form.addRow("Paper:", self.paper_combo)
            form.addRow("", self.sterilizations_check)
        else:
            self.paper_combo.hide()
            self.sterilizations_check.hide()

        self.problem_label = QLabel()
        self.problem_label.setStyleSheet(f"color: {RED.name()}")
        self.problem_label.hide()

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        # The button names what happens next ("Export…", "Print…"), not a bare OK.
        self.ok_button.setText(action)
        self.ok_button.setAccessibleName(action.rstrip("…"))

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem_label)
        layout.addWidget(buttons)
        for signal in (
            self.from_check.toggled,
            self.to_check.toggled,
            self.from_edit.dateChanged,
            self.to_edit.dateChanged,
            self.roller_list.itemChanged,
            self.area_list.itemChanged,
        ):
            signal.connect(self._check)

    @staticmethod
    def _checklist(entries: Sequence[tuple[str, str]]) -> QListWidget:
        widget = QListWidget()
        for key, label in entries:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            widget.addItem(item)
        widget.setMaximumHeight(110)
        return widget

    @staticmethod
    def _checked(widget: QListWidget) -> tuple[frozenset[str], bool]:
        """The checked keys, and whether every entry is checked (meaning: no filter)."""
        keys = []
        for row in range(widget.count()):
            item = widget.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                keys.append(item.data(Qt.ItemDataRole.UserRole))
        return frozenset(keys), len(keys) == widget.count()

    def problem(self) -> str:
        """Why the choices cannot be used, or "" when they can."""
        if (
            self.from_check.isChecked()
            and self.to_check.isChecked()
            and self.from_edit.date() > self.to_edit.date()
        ):
            return "The first day is after the last day."
        if self.roller_list.count() and not self._checked(self.roller_list)[0]:
            return "Tick at least one roller."
        if not self._checked(self.area_list)[0]:
            return "Tick at least one area."
        return ""

    def _check(self) -> None:
        problem = self.problem()
        self.problem_label.setText(problem)
        self.problem_label.setVisible(bool(problem))
        self.ok_button.setEnabled(not problem)

    def selection(self) -> ReportFilter:
        """The log the choices describe."""
        rollers, all_rollers = self._checked(self.roller_list)
        areas, all_areas = self._checked(self.area_list)
        return ReportFilter(
            start=_to_date(self.from_edit.date()) if self.from_check.isChecked() else None,
            end=_to_date(self.to_edit.date()) if self.to_check.isChecked() else None,
            rollers=frozenset() if all_rollers else rollers,
            areas=frozenset() if all_areas else areas,
            person=self.person_edit.text().strip(),
            with_sterilizations=self.sterilizations_check.isChecked(),
        )

    def paper(self) -> Paper:
        """The chosen paper size."""
        return Paper(self.paper_combo.currentData())
