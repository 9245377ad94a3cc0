"""Checking what a person typed into a form before it is saved: one message per field.

Each ``validate_*`` function takes the raw values of a form (of any type: a form may hand
over text, None or a number) and returns ``{field: message}``, empty when everything may be
saved. The forms show each message beside its field. Time is passed in, never read here.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from datetime import date, datetime

from rollerlog.domain.areas import is_area
from rollerlog.domain.findings import ACKNOWLEDGEABLE_CODES, ROLLER_DISCARDED
from rollerlog.domain.vocabulary import (
    DISCARD_REASONS,
    LESION_KINDS,
    MAX_NAME_LENGTH,
    MAX_NEEDLE_COUNT,
    MAX_PRIOR_USES,
    MAX_STERILIZATION_MINUTES,
    MAX_TEXT_LENGTH,
    PROCEDURE_KINDS,
    STERILIZATION_METHODS,
    has_control_characters,
)

FieldErrors = dict[str, str]


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _text(
    errors: FieldErrors, field: str, value: object, *, limit: int, required: bool = False
) -> str | None:
    if value is None:
        value = ""
    if not isinstance(value, str):
        errors[field] = "Enter text here."
        return None
    if required and not value.strip():
        errors[field] = "This cannot be empty."
        return None
    if len(value) > limit:
        errors[field] = f"This is {len(value):,} characters long; keep it to {limit:,}."
        return None
    if has_control_characters(value, single_line=required):
        errors[field] = "Remove the invisible control characters from this text."
        return None
    return value


def _whole(
    errors: FieldErrors, field: str, value: object, low: int, high: int, *, optional: bool
) -> int | None:
    if value is None and optional:
        return None
    if not _is_int(value):
        errors[field] = "Enter a whole number."
        return None
    assert isinstance(value, int)
    if not low <= value <= high:
        errors[field] = f"Enter a number from {low:,} to {high:,}."
        return None
    return value


def _moment_not_future(errors: FieldErrors, field: str, value: object, now: datetime) -> None:
    if not isinstance(value, datetime) or value.tzinfo is not None:
        errors[field] = "Enter a date and time."
    elif value > now:
        errors[field] = "This time is in the future; log things once they have happened."


def _day_not_future(errors: FieldErrors, field: str, value: object, today: date) -> date | None:
    if not isinstance(value, date) or isinstance(value, datetime):
        errors[field] = "Enter a date."
        return None
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
    text = _text(errors, "name", name, limit=MAX_NAME_LENGTH, required=True)
    if text is not None and text.strip() in {other.strip() for other in existing_names}:
        errors["name"] = "Another roller already has this name."
    if (
        not isinstance(needle_mm, int | float)
        or isinstance(needle_mm, bool)
        or not math.isfinite(needle_mm)
    ):
        errors["needle_mm"] = "Enter the needle length in millimetres."
    elif not 0.1 <= needle_mm <= 3.0:
        errors["needle_mm"] = "Needles are from 0.1 to 3.0 mm long."
    _whole(errors, "needle_count", needle_count, 1, MAX_NEEDLE_COUNT, optional=True)
    _whole(errors, "prior_uses", prior_uses, 0, MAX_PRIOR_USES, optional=False)
    _day_not_future(errors, "acquired_on", acquired_on, today)
    _text(errors, "material", material, limit=MAX_NAME_LENGTH)
    _text(errors, "notes", notes, limit=MAX_TEXT_LENGTH)
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
            _text(errors, f"reason:{code}", reason, limit=MAX_TEXT_LENGTH)
    _text(errors, "topical", topical, limit=MAX_NAME_LENGTH * 2)
    _text(errors, "notes", notes, limit=MAX_TEXT_LENGTH)
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
    _whole(errors, "minutes", minutes, 0, MAX_STERILIZATION_MINUTES, optional=True)
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
        if noted and resolved and resolved < noted:
            errors["resolved_on"] = "It cannot have healed before it was noted."
    _text(errors, "notes", notes, limit=MAX_TEXT_LENGTH)
    return errors


def validate_procedure(
    *, kind: object, at: object, now: datetime, product: object = "", areas: object = ()
) -> FieldErrors:
    """Problems with a cosmetic procedure being recorded."""
    errors: FieldErrors = {}
    if not _known(kind, PROCEDURE_KINDS):
        errors["kind"] = "Choose the kind of procedure."
    _moment_not_future(errors, "at", at, now)
    _text(errors, "product", product, limit=MAX_NAME_LENGTH * 2)
    _areas(errors, areas, required=False)
    return errors


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
    if day is not None and day < acquired_on:
        errors["discarded_on"] = "It cannot be discarded before it was acquired."
    elif day is not None and last_session_on is not None and day < last_session_on:
        errors["discarded_on"] = (
            f"It was used on {last_session_on.isoformat()}; choose that day or later."
        )
    if not _known(reason, DISCARD_REASONS):
        errors["reason"] = "Choose why the roller is discarded."
    return errors
