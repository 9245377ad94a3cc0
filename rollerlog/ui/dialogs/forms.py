"""The small form dialogs: roller, discard flag, sterilization, spot to avoid, procedure."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QDoubleSpinBox, QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from rollerlog.domain.areas import AREAS
from rollerlog.domain.constraints import MAX_SHORT_TEXT_LENGTH
from rollerlog.domain.entities import Lesion, Procedure, Roller, Sterilization
from rollerlog.domain.validation import (
    validate_discard,
    validate_lesion,
    validate_procedure,
    validate_roller,
    validate_sterilization,
)
from rollerlog.domain.vocabulary import (
    DISCARD_REASONS,
    LESION_KINDS,
    MAX_NAME_LENGTH,
    MAX_TEXT_LENGTH,
    PROCEDURE_KINDS,
    ROLLER_SOURCES,
    STERILIZATION_METHODS,
)
from rollerlog.ui.common import named
from rollerlog.ui.dialogs.base import (
    FormDialog,
    choice,
    date_edit,
    datetime_edit,
    from_qdate,
    from_qdatetime,
    spin_value,
)
from rollerlog.ui.widgets import AreaPicker

AREA_CHOICES = {area.slug: area.label for area in AREAS}

#: Number fields accept more than the rules allow, so that a typed value out of bounds gets
#: a message saying what is allowed instead of keystrokes silently ignored.
TYPING_LIMIT = 99_999


class RollerDialog(FormDialog[Roller]):
    """Add a roller or edit one."""

    def __init__(
        self,
        on_save: Callable[[Roller], bool],
        today: date,
        roller: Roller | None = None,
        parent: QWidget | None = None,
        existing_names: Iterable[str] = (),
    ) -> None:
        super().__init__("Edit roller" if roller else "Add roller", on_save, parent)
        self._original = roller
        self._today = today
        self._existing_names = tuple(existing_names)
        self.name = QLineEdit(roller.name if roller else "")
        self.name.setPlaceholderText("e.g. Face 0.5")
        self.name.setMaxLength(MAX_NAME_LENGTH)
        self.needle_mm = QDoubleSpinBox()
        self.needle_mm.setRange(0.0, 99.99)
        self.needle_mm.setDecimals(2)
        self.needle_mm.setSingleStep(0.05)
        self.needle_mm.setSuffix(" mm")
        self.needle_mm.setValue(roller.needle_mm if roller else 0.5)
        self.needle_count = QSpinBox()
        self.needle_count.setRange(0, TYPING_LIMIT)
        self.needle_count.setSpecialValueText("unknown")
        self.needle_count.setValue((roller.needle_count or 0) if roller else 0)
        self.material = QLineEdit(roller.material if roller else "")
        self.material.setPlaceholderText("e.g. titanium")
        self.material.setMaxLength(MAX_NAME_LENGTH)
        self.acquired_on = date_edit(roller.acquired_on if roller else today, "Acquired on")
        self.source = choice(
            {"": "Not recorded", **ROLLER_SOURCES}, "Bought from", roller.source if roller else ""
        )
        self.prior_uses = QSpinBox()
        self.prior_uses.setRange(0, TYPING_LIMIT)
        self.prior_uses.setValue(roller.prior_uses if roller else 0)
        self.notes = QPlainTextEdit(roller.notes if roller else "")
        self.notes.setMaximumHeight(70)
        named(self.prior_uses, "Uses before logging", "Times it was used before you logged it here")
        self.add_row("&Name", self.name, "name")
        self.add_row("Needle &length", self.needle_mm, "needle_mm")
        self.add_row("Needle &count", self.needle_count, "needle_count")
        self.add_row("&Material", self.material, "material")
        self.add_row("&Acquired on", self.acquired_on, "acquired_on")
        self.add_row("Bought &from", self.source)
        self.add_row("&Uses before logging", self.prior_uses, "prior_uses")
        self.add_row("N&otes", self.notes, "notes")
        self.check()

    def validate(self) -> dict[str, str]:
        count = spin_value(self.needle_count)
        return validate_roller(
            name=self.name.text(),
            needle_mm=spin_value(self.needle_mm),
            needle_count="" if count is None else (count or None),  # 0 is "unknown"
            acquired_on=from_qdate(self.acquired_on.date()),
            today=self._today,
            existing_names=self._existing_names,
            prior_uses=spin_value(self.prior_uses),
            material=self.material.text(),
            notes=self.notes.toPlainText(),
        )

    def value(self) -> Roller:
        old = self._original
        return Roller(
            name=self.name.text().strip(),
            needle_mm=round(self.needle_mm.value(), 2),
            needle_count=self.needle_count.value() or None,
            material=self.material.text().strip(),
            acquired_on=from_qdate(self.acquired_on.date()),
            source=self.source.currentData() or None,
            prior_uses=self.prior_uses.value(),
            discarded_on=old.discarded_on if old else None,
            discard_reason=old.discard_reason if old else None,
            notes=self.notes.toPlainText().strip(),
            id=old.id if old else None,
        )


@dataclass(frozen=True)
class DiscardRequest:
    """A roller to flag as discarded, why, and from which day."""

    roller_id: int
    reason: str
    on: date


class DiscardDialog(FormDialog[DiscardRequest]):
    """ "Dropped or damaged…": one reason, a day, and a plain confirmation."""

    def __init__(
        self,
        roller: Roller,
        on_save: Callable[[DiscardRequest], bool],
        today: date,
        parent: QWidget | None = None,
        last_session_on: date | None = None,
    ) -> None:
        super().__init__(f"Dropped or damaged: {roller.name}", on_save, parent)
        assert roller.id is not None
        self._roller_id = roller.id
        self._acquired_on = roller.acquired_on
        self._last_session_on = last_session_on
        self._today = today
        self.intro.setText(
            f"<b>{roller.name}</b> will be discarded: it can never be chosen for a session "
            "again. A dropped roller's needles bend or blunt and tear the skin instead of "
            "piercing it. If you flag it by mistake, Undo or “Undo discard” brings it back."
        )
        self.intro.show()
        self.reason = choice(DISCARD_REASONS, "Reason", "dropped")
        self.on = date_edit(max(today, roller.acquired_on), "Since")
        self.add_row("&Reason", self.reason, "reason")
        self.add_row("&Since", self.on, "discarded_on")
        self.save_button.setText("Discard roller")
        self.save_button.setAccessibleName("Discard roller")
        self.save_button.setIcon(QIcon())  # the style's Save icon would say the wrong thing
        self.check()

    def validate(self) -> dict[str, str]:
        return validate_discard(
            discarded_on=from_qdate(self.on.date()),
            reason=self.reason.currentData(),
            acquired_on=self._acquired_on,
            today=self._today,
            last_session_on=self._last_session_on,
        )

    def value(self) -> DiscardRequest:
        return DiscardRequest(
            self._roller_id, self.reason.currentData(), from_qdate(self.on.date())
        )


class SterilizeDialog(FormDialog[Sterilization]):
    """ "Sterilize now": roller, method, minutes, time defaulting to now."""

    def __init__(
        self,
        rollers: Sequence[str],
        on_save: Callable[[Sterilization], bool],
        now: datetime,
        roller: str | None = None,
        parent: QWidget | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__("Sterilize a roller", on_save, parent)
        self._clock = clock or (lambda: now)
        self.roller = choice({name: name for name in rollers}, "Roller", roller)
        self.method = choice(STERILIZATION_METHODS, "Method", "isopropyl-70")
        self.minutes = QSpinBox()
        self.minutes.setRange(0, TYPING_LIMIT)
        self.minutes.setValue(10)
        self.minutes.setSuffix(" min")
        self.at = datetime_edit(now, "Time")
        self.add_row("&Roller", self.roller, "roller")
        self.add_row("&Method", self.method, "method")
        self.add_row("Mi&nutes soaked", self.minutes, "minutes")
        self.add_row("&Time", self.at, "at")
        self.check()

    def validate(self) -> dict[str, str]:
        return validate_sterilization(
            at=from_qdatetime(self.at.dateTime()),
            now=self._clock(),
            roller=self.roller.currentData() or "",
            method=self.method.currentData(),
            minutes="" if (minutes := spin_value(self.minutes)) is None else minutes,
        )

    def value(self) -> Sterilization:
        return Sterilization(
            at=from_qdatetime(self.at.dateTime()),
            roller=self.roller.currentData() or "",
            method=self.method.currentData(),
            minutes=self.minutes.value(),
        )


class LesionDialog(FormDialog[Lesion]):
    """Note a spot to needle around or avoid."""

    def __init__(
        self,
        on_save: Callable[[Lesion], bool],
        today: date,
        parent: QWidget | None = None,
        lesion: Lesion | None = None,
    ) -> None:
        super().__init__("Edit spot" if lesion else "Add a spot to avoid", on_save, parent)
        self._today = today
        self._original = lesion
        self.area = choice(AREA_CHOICES, "Area")
        self.kind = choice(LESION_KINDS, "Kind")
        self.noted_on = date_edit(lesion.noted_on if lesion else today, "Noted on")
        self.notes = QLineEdit(lesion.notes if lesion else "")
        self.notes.setMaxLength(MAX_TEXT_LENGTH)
        if lesion:
            self.area.setCurrentIndex(max(0, self.area.findData(lesion.area)))
            self.kind.setCurrentIndex(max(0, self.kind.findData(lesion.kind)))
        self.add_row("&Area", self.area, "area")
        self.add_row("&Kind", self.kind, "kind")
        self.add_row("&Noted on", self.noted_on, "noted_on")
        self.add_row("N&otes", self.notes, "notes")
        self.check()

    def validate(self) -> dict[str, str]:
        return validate_lesion(
            area=self.area.currentData(),
            kind=self.kind.currentData(),
            noted_on=from_qdate(self.noted_on.date()),
            today=self._today,
            notes=self.notes.text(),
        )

    def value(self) -> Lesion:
        original = self._original
        return Lesion(
            area=self.area.currentData(),
            kind=self.kind.currentData(),
            noted_on=from_qdate(self.noted_on.date()),
            notes=self.notes.text().strip(),
            resolved_on=original.resolved_on if original else None,
            id=original.id if original else None,
        )


class ProcedureDialog(FormDialog[Procedure]):
    """Log a cosmetic procedure: kind, product, time and areas."""

    def __init__(
        self,
        on_save: Callable[[Procedure], bool],
        now: datetime,
        parent: QWidget | None = None,
        clock: Callable[[], datetime] | None = None,
        procedure: Procedure | None = None,
    ) -> None:
        title = "Edit procedure" if procedure else "Add a cosmetic procedure"
        super().__init__(title, on_save, parent)
        self._clock = clock or (lambda: now)
        self._original = procedure
        self.kind = choice(PROCEDURE_KINDS, "Kind")
        self.product = QLineEdit(procedure.product if procedure else "")
        self.product.setPlaceholderText("e.g. Botox")
        self.product.setMaxLength(MAX_SHORT_TEXT_LENGTH)
        self.at = datetime_edit(procedure.at if procedure else now, "Time")
        self.areas = AreaPicker()
        if procedure:
            self.kind.setCurrentIndex(max(0, self.kind.findData(procedure.kind)))
            self.areas.set_selected(procedure.areas)
        self.add_row("&Kind", self.kind, "kind")
        self.add_row("&Product", self.product, "product")
        self.add_row("&Time", self.at, "at")
        self.add_row("Areas", self.areas, "areas")
        self.check()

    def validate(self) -> dict[str, str]:
        return validate_procedure(
            kind=self.kind.currentData(),
            at=from_qdatetime(self.at.dateTime()),
            now=self._clock(),
            product=self.product.text(),
            areas=list(self.areas.selected()),
        )

    def value(self) -> Procedure:
        return Procedure(
            kind=self.kind.currentData(),
            product=self.product.text().strip(),
            at=from_qdatetime(self.at.dateTime()),
            areas=self.areas.selected(),
            id=self._original.id if self._original else None,
        )
