"""Checking what a person typed into a form before it is saved: one message per field.

Each ``validate_*`` function takes the raw values of a form (of any type: a form may hand
over text, None or a number) and returns ``{field: message}``, empty when everything may be
saved. The forms show each message beside its field. Time is passed in, never read here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from rollerlog.domain import constraints as c
from rollerlog.domain.areas import is_area
from rollerlog.domain.constraints import Rule, Violation
from rollerlog.domain.findings import ACKNOWLEDGEABLE_CODES, ROLLER_DISCARDED
from rollerlog.domain.vocabulary import (
    DISCARD_REASONS,
    LESION_KINDS,
    PROCEDURE_KINDS,
    STERILIZATION_METHODS,
)
from rollerlog.domain.wording import format_day

FieldErrors = dict[str, str]


def form_message(violation: Violation) -> str:
    """A broken record rule as a form says it, beside the field."""
    low, high = c.bounds_text(violation)
    day = format_day(violation.day) if violation.day is not None else ""
    messages = {
        Rule.NOT_TEXT: "Enter text here.",
        Rule.EMPTY: "This cannot be empty.",
        Rule.TOO_LONG: f"This is {violation.size or 0:,} characters long; keep it to {high}.",
        Rule.CONTROL_CHARACTERS: "Remove the invisible control characters from this text.",
        Rule.UNENCODABLE: "Remove the characters that cannot be stored from this text.",
        Rule.NOT_NUMBER: "Enter a number.",
        Rule.NOT_WHOLE: "Enter a whole number.",
        Rule.OUT_OF_RANGE: f"Enter a number from {low} to {high}.",
        Rule.NOT_DAY: "Enter a date.",
        Rule.NOT_MOMENT: "Enter a date and time.",
        Rule.YEAR_OUT_OF_RANGE: f"Choose a date in the years {low} to {high}.",
        Rule.BEFORE_ACQUIRED: f"The roller was acquired on {day}, after this day.",
        Rule.AFTER_DISCARDED: f"The roller was discarded on {day}, before this day.",
        Rule.DISCARD_HALF_SET: "Give both the day and the reason of the discard.",
        Rule.DISCARDED_BEFORE_ACQUIRED: "It cannot be discarded before it was acquired.",
        Rule.RESOLVED_BEFORE_NOTED: "It cannot have healed before it was noted.",
    }
    return messages[violation.rule]


def _note(errors: FieldErrors, field: str, violation: Violation | None) -> bool:
    """Record a violation under ``field``; True when there was none."""
    if violation is None:
        return True
    errors[field] = form_message(violation)
    return False


def _text(
    errors: FieldErrors,
    field: str,
    value: object,
    *,
    limit: int,
    required: bool = False,
) -> str | None:
    violation = c.text_violation(value, limit=limit, single_line=required, required=required)
    if not _note(errors, field, violation):
        return None
    return "" if value is None else str(value)


def _whole(
    errors: FieldErrors, field: str, value: object, bounds: c.WholeBounds, *, optional: bool
) -> None:
    _note(errors, field, c.whole_violation(value, bounds, optional=optional))


def _moment_not_future(errors: FieldErrors, field: str, value: object, now: datetime) -> None:
    if _note(errors, field, c.moment_violation(value)):
        assert isinstance(value, datetime)
        if value > now:
            errors[field] = "This time is in the future; log things once they have happened."


def _day_not_future(errors: FieldErrors, field: str, value: object, today: date) -> date | None:
    if not _note(errors, field, c.day_violation(value)):
        return None
    assert isinstance(value, date)
    if value > today:
        errors[field] = "This date is in the future."
        return None
    return value


def _known(value: object, vocabulary: Mapping[str, str]) -> bool:
    return isinstance(value, str) and value in vocabulary


def _areas(errors: FieldErrors, value: object, *, required: bool) -> None:
    if not isinstance(value, list | tuple | set | frozenset):
        errors["areas"] = "Choose the areas."
        return
    if required and not value:
        errors["areas"] = "Choose at least one area."
    elif not all(isinstance(area, str) and is_area(area) for area in value):
        errors["areas"] = "Choose areas from the list."
    elif len(set(value)) != len(value):
        errors["areas"] = "Choose each area once."


def validate_roller(
    *,
    name: object,
    needle_mm: object,
    acquired_on: object,
    today: date,
    existing_names: Iterable[str] = (),
    needle_count: object = None,
    prior_uses: object = 0,
    material: object = "",
    notes: object = "",
) -> FieldErrors:
    """Problems with a new or edited roller (``existing_names``: the other rollers' names)."""
    errors: FieldErrors = {}
    text = _text(errors, "name", name, limit=c.MAX_NAME_LENGTH, required=True)
    if text is not None and text.strip() in {other.strip() for other in existing_names}:
        errors["name"] = "Another roller already has this name."
    needle = c.needle_violation(needle_mm)
    if needle is not None and needle.rule is Rule.NOT_NUMBER:
        errors["needle_mm"] = "Enter the needle length in millimetres."
    elif needle is not None:
        low, high = c.number_text(c.NEEDLE_MM.low), c.number_text(c.NEEDLE_MM.high)
        errors["needle_mm"] = f"Needles are from {low} to {high} mm long."
    _whole(errors, "needle_count", needle_count, c.NEEDLE_COUNT, optional=True)
    _whole(errors, "prior_uses", prior_uses, c.PRIOR_USES, optional=False)
    _day_not_future(errors, "acquired_on", acquired_on, today)
    _text(errors, "material", material, limit=c.MAX_NAME_LENGTH)
    _text(errors, "notes", notes, limit=c.MAX_TEXT_LENGTH)
    return errors


def validate_session(
    *,
    at: object,
    now: datetime,
    roller: object,
    areas: object,
    needs_acknowledgement: Iterable[str] = (),
    reasons: Mapping[str, object] | None = None,
    topical: object = "",
    notes: object = "",
) -> FieldErrors:
    """Problems with a session about to be logged.

    ``needs_acknowledgement`` are the codes of the `stop` findings the person chose to go
    ahead with; each needs a reason in ``reasons`` (field ``reason:CODE``). A stop that can
    never be acknowledged (a discarded roller) blocks saving under the field ``roller``.
    """
    errors: FieldErrors = {}
    _moment_not_future(errors, "at", at, now)
    if not isinstance(roller, str) or not roller.strip():
        errors["roller"] = "Choose a roller."
    _areas(errors, areas, required=True)
    reasons = reasons or {}
    for code in needs_acknowledgement:
        if code not in ACKNOWLEDGEABLE_CODES:
            errors["roller" if code == ROLLER_DISCARDED else f"reason:{code}"] = (
                "A discarded roller cannot be used; choose another one."
                if code == ROLLER_DISCARDED
                else "This cannot be acknowledged."
            )
            continue
        reason = reasons.get(code)
        if not isinstance(reason, str) or not reason.strip():
            errors[f"reason:{code}"] = "Say why you are going ahead despite this warning."
        else:
            _text(errors, f"reason:{code}", reason, limit=c.MAX_TEXT_LENGTH)
    _text(errors, "topical", topical, limit=c.MAX_SHORT_TEXT_LENGTH)
    _text(errors, "notes", notes, limit=c.MAX_TEXT_LENGTH)
    return errors


def validate_sterilization(
    *, at: object, now: datetime, roller: object, method: object = None, minutes: object = None
) -> FieldErrors:
    """Problems with a sterilization about to be logged."""
    errors: FieldErrors = {}
    _moment_not_future(errors, "at", at, now)
    if not isinstance(roller, str) or not roller.strip():
        errors["roller"] = "Choose a roller."
    if method is not None and not _known(method, STERILIZATION_METHODS):
        errors["method"] = "Choose a method from the list."
    _whole(errors, "minutes", minutes, c.STERILIZATION_MINUTES, optional=True)
    return errors


def validate_lesion(
    *,
    area: object,
    kind: object,
    noted_on: object,
    today: date,
    resolved_on: object = None,
    notes: object = "",
) -> FieldErrors:
    """Problems with a spot to avoid."""
    errors: FieldErrors = {}
    if not isinstance(area, str) or not is_area(area):
        errors["area"] = "Choose an area."
    if not _known(kind, LESION_KINDS):
        errors["kind"] = "Choose what kind of spot it is."
    noted = _day_not_future(errors, "noted_on", noted_on, today)
    if resolved_on is not None:
        resolved = _day_not_future(errors, "resolved_on", resolved_on, today)
        if noted and resolved:
            _note(errors, "resolved_on", c.resolution_violation(noted, resolved))
    _text(errors, "notes", notes, limit=c.MAX_TEXT_LENGTH)
    return errors


def validate_procedure(
    *, kind: object, at: object, now: datetime, product: object = "", areas: object = ()
) -> FieldErrors:
    """Problems with a cosmetic procedure being recorded."""
    errors: FieldErrors = {}
    if not _known(kind, PROCEDURE_KINDS):
        errors["kind"] = "Choose the kind of procedure."
    _moment_not_future(errors, "at", at, now)
    _text(errors, "product", product, limit=c.MAX_SHORT_TEXT_LENGTH)
    _areas(errors, areas, required=False)
    return errors


@dataclass(frozen=True, slots=True)
class _Life:
    acquired_on: date
    discarded_on: date | None


def validate_discard(
    *,
    discarded_on: object,
    reason: object,
    acquired_on: date,
    today: date,
    last_session_on: date | None = None,
) -> FieldErrors:
    """Problems with marking a roller as discarded."""
    errors: FieldErrors = {}
    day = _day_not_future(errors, "discarded_on", discarded_on, today)
    discard = c.discard_violation(acquired_on, day, "chosen") if day is not None else None
    if _note(errors, "discarded_on", discard) and day is not None and last_session_on is not None:
        used_later = c.session_day_violation(_Life(acquired_on, day), last_session_on)
        if used_later is not None:
            errors["discarded_on"] = (
                f"It was used on {format_day(last_session_on)}; choose that day or later."
            )
    if not _known(reason, DISCARD_REASONS):
        errors["reason"] = "Choose why the roller is discarded."
    return errors


def validate_settings(
    *,
    interval_days: object,
    roller_warn_uses: object,
    roller_max_uses: object,
    test_patch_wait_days: object,
    long_needle_mm: object,
    overrides: Iterable[tuple[object, object]] = (),
) -> FieldErrors:
    """The rule settings as typed (``None`` for a field whose text is not a number yet).

    ``overrides`` are the per-needle rows as ``(needle length text, days)``; a problem with
    any of them is reported once, under ``overrides``, naming the row's needle length.
    The bounds are the constraints module's, as the store checks them on saving.
    """
    errors: FieldErrors = {}
    _whole(errors, "interval_days", interval_days, c.INTERVAL_DAYS, optional=False)
    warn_ok = _note(errors, "roller_warn_uses", c.whole_violation(roller_warn_uses, c.WARN_USES))
    low = roller_warn_uses if warn_ok and isinstance(roller_warn_uses, int) else c.WARN_USES.low
    _whole(
        errors,
        "roller_max_uses",
        roller_max_uses,
        c.WholeBounds(low, c.MAX_USES_UPPER),
        optional=False,
    )
    _whole(
        errors, "test_patch_wait_days", test_patch_wait_days, c.TEST_PATCH_WAIT_DAYS, optional=False
    )
    _note(errors, "long_needle_mm", c.needle_violation(long_needle_mm, c.LONG_NEEDLE_MM))
    seen: set[float] = set()
    for row, (key, days) in enumerate(overrides, start=1):
        text = str(key).strip()
        key_violation = c.needle_key_violation(text)
        if key_violation is not None:
            errors["overrides"] = f"Needle length in row {row}: {form_message(key_violation)}"
            break
        mm = c.round_needle_mm(float(text))
        if mm in seen:
            errors["overrides"] = f"Row {row}: {mm} mm is in the list already."
            break
        seen.add(mm)
        days_violation = c.whole_violation(days, c.INTERVAL_DAYS)
        if days_violation is not None:
            errors["overrides"] = f"Days for {mm} mm (row {row}): {form_message(days_violation)}"
            break
    return errors
