"""Every record rule and bound, written once: what a value may be before it is kept.

Forms (``validation``), the store's operations, the import of an interchange file and
``check`` all ask the validators here; each path only words the answer its own way.
A validator returns ``None`` when the value may be kept, else a :class:`Violation`
saying which rule it breaks and with which limits; it never builds a sentence.

The table CHECK constraints are written from the same constants (``store/tables.py``),
and a test holds the migrated schema to them.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Bounds:
    """An inclusive range of allowed numbers."""

    low: float
    high: float

    def holds(self, value: float) -> bool:
        """True when ``low <= value <= high``."""
        return self.low <= value <= self.high


@dataclass(frozen=True, slots=True)
class WholeBounds:
    """An inclusive range of allowed whole numbers."""

    low: int
    high: int

    def holds(self, value: int) -> bool:
        """True when ``low <= value <= high``."""
        return self.low <= value <= self.high


# --------------------------------------------------------------------------- bounds

#: Needle lengths in millimetres, for rollers, overrides and the long-needle setting.
NEEDLE_MM = Bounds(0.1, 3.0)
#: Needle lengths are kept to this many decimals (0.01 mm), so 0.1 + 0.2 meets "0.3".
NEEDLE_MM_DECIMALS = 2
NEEDLE_COUNT = WholeBounds(1, 10_000)
PRIOR_USES = WholeBounds(0, 10_000)
STERILIZATION_MINUTES = WholeBounds(0, 24 * 60)
#: Days and times outside these years are refused everywhere (import, forms, operations).
YEARS = WholeBounds(1900, 2100)

#: Limits that keep hostile or mistaken input from bloating the file.
MAX_NAME_LENGTH = 100
MAX_SHORT_TEXT_LENGTH = 2 * MAX_NAME_LENGTH  # a topical, a product
MAX_TEXT_LENGTH = 10_000

# The rule settings (contract section 2).
INTERVAL_DAYS = WholeBounds(1, 365)
WARN_USES = WholeBounds(1, 100)
#: ``roller_max_uses`` lies in ``roller_warn_uses..MAX_USES_UPPER``.
MAX_USES_UPPER = 100
TEST_PATCH_WAIT_DAYS = WholeBounds(0, 90)
LONG_NEEDLE_MM = NEEDLE_MM


# --------------------------------------------------------------------------- violations


class Rule(StrEnum):
    """Which record rule a value breaks."""

    NOT_TEXT = "not-text"
    EMPTY = "empty"
    TOO_LONG = "too-long"
    CONTROL_CHARACTERS = "control-characters"
    UNENCODABLE = "unencodable"  # lone surrogates: not Unicode text that can be stored
    NOT_NUMBER = "not-number"
    NOT_WHOLE = "not-whole"
    OUT_OF_RANGE = "out-of-range"
    NOT_DAY = "not-day"
    NOT_MOMENT = "not-moment"
    YEAR_OUT_OF_RANGE = "year-out-of-range"
    BEFORE_ACQUIRED = "before-acquired"
    AFTER_DISCARDED = "after-discarded"
    DISCARD_HALF_SET = "discard-half-set"
    DISCARDED_BEFORE_ACQUIRED = "discarded-before-acquired"
    RESOLVED_BEFORE_NOTED = "resolved-before-noted"


@dataclass(frozen=True, slots=True)
class Violation:
    """A broken rule, with what the message needs: the limits and the offending size."""

    rule: Rule
    low: float | None = None
    high: float | None = None
    size: int | None = None
    day: date | None = None


_CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_IN_LINE = re.compile(r"[\x00-\x1f\x7f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def has_control_characters(text: str, *, single_line: bool) -> bool:
    """True when ``text`` holds invisible control characters.

    Line breaks and tabs are allowed in free text (notes), not in a ``single_line`` field.
    """
    pattern = _CONTROL_IN_LINE if single_line else _CONTROL_IN_TEXT
    return pattern.search(text) is not None


def has_lone_surrogates(text: str) -> bool:
    """True when ``text`` holds surrogate code points, which UTF-8 cannot store."""
    return _SURROGATE.search(text) is not None


def text_violation(
    value: object, *, limit: int, single_line: bool = False, required: bool = False
) -> Violation | None:
    """A piece of text: a string, at most ``limit`` long, printable, non-empty if ``required``.

    ``None`` counts as empty text. Names are ``single_line`` and ``required``.
    """
    if value is None:
        value = ""
    if not isinstance(value, str):
        return Violation(Rule.NOT_TEXT)
    if len(value) > limit:
        return Violation(Rule.TOO_LONG, high=limit, size=len(value))
    if has_lone_surrogates(value):
        return Violation(Rule.UNENCODABLE)
    if has_control_characters(value, single_line=single_line):
        return Violation(Rule.CONTROL_CHARACTERS)
    if required and not value.strip():
        return Violation(Rule.EMPTY)
    return None


def name_violation(value: object) -> Violation | None:
    """A roller's name: one printable line of at most ``MAX_NAME_LENGTH`` characters."""
    return text_violation(value, limit=MAX_NAME_LENGTH, single_line=True, required=True)


def is_number(value: object) -> bool:
    """True for a finite int or float (a bool is not a number here)."""
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(float(value))
    )


def round_needle_mm(value: float) -> float:
    """A needle length kept to 0.01 mm: 0.30000000000000004 becomes 0.3."""
    return round(float(value), NEEDLE_MM_DECIMALS)


def needle_violation(value: object, bounds: Bounds = NEEDLE_MM) -> Violation | None:
    """A needle length in millimetres (after rounding to 0.01 mm) within ``bounds``."""
    if not is_number(value):
        return Violation(Rule.NOT_NUMBER)
    assert isinstance(value, int | float)
    if not bounds.holds(round_needle_mm(value)):
        return Violation(Rule.OUT_OF_RANGE, low=bounds.low, high=bounds.high)
    return None


def needle_key_violation(text: str) -> Violation | None:
    """A per-needle override's key: a decimal needle length within ``NEEDLE_MM``."""
    try:
        mm = Decimal(text)
    except ArithmeticError:
        return Violation(Rule.NOT_NUMBER)
    if not mm.is_finite():
        return Violation(Rule.NOT_NUMBER)
    if not Decimal(str(NEEDLE_MM.low)) <= mm <= Decimal(str(NEEDLE_MM.high)):
        return Violation(Rule.OUT_OF_RANGE, low=NEEDLE_MM.low, high=NEEDLE_MM.high)
    return None


def whole_violation(
    value: object, bounds: WholeBounds, *, optional: bool = False
) -> Violation | None:
    """A whole number within ``bounds`` (``None`` allowed when ``optional``)."""
    if value is None and optional:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        return Violation(Rule.NOT_WHOLE)
    if not bounds.holds(value):
        return Violation(Rule.OUT_OF_RANGE, low=bounds.low, high=bounds.high)
    return None


def year_violation(value: date) -> Violation | None:
    """A day or time must lie in the years ``YEARS`` (1900 to 2100)."""
    if not YEARS.holds(value.year):
        return Violation(Rule.YEAR_OUT_OF_RANGE, low=YEARS.low, high=YEARS.high)
    return None


def day_violation(value: object) -> Violation | None:
    """A calendar day (a ``date``, not a ``datetime``) in the allowed years."""
    if not isinstance(value, date) or isinstance(value, datetime):
        return Violation(Rule.NOT_DAY)
    return year_violation(value)


def moment_violation(value: object) -> Violation | None:
    """A naive local time (a ``datetime`` without a zone) in the allowed years."""
    if not isinstance(value, datetime) or value.tzinfo is not None:
        return Violation(Rule.NOT_MOMENT)
    return year_violation(value)


# --------------------------------------------------------------------------- rollers


class RollerDates(Protocol):
    """What the day rules need of a roller (a ``Roller``, or a row of the roller table)."""

    @property
    def acquired_on(self) -> date: ...

    @property
    def discarded_on(self) -> date | None: ...


def is_discarded_on(roller: RollerDates, day: date) -> bool:
    """True when the roller counts as discarded on ``day`` (from its discard day on)."""
    return roller.discarded_on is not None and roller.discarded_on <= day


def usable_on(roller: RollerDates, day: date) -> bool:
    """True when a new session may use the roller on ``day``: acquired, not discarded.

    A roller discarded on ``day`` is no longer usable that day: the finding
    ``roller-discarded`` applies. Being worn out is the rules' business, not this one's.
    """
    return roller.acquired_on <= day and not is_discarded_on(roller, day)


def within_discard(discarded_on: date | None, day: date) -> bool:
    """True when a recorded session on ``day`` may use a roller discarded on ``discarded_on``.

    The discard day itself is allowed: the session may have come before the drop.
    """
    return discarded_on is None or day <= discarded_on


def session_day_violation(roller: RollerDates, day: date) -> Violation | None:
    """A recorded session's day against its roller's life: from acquisition to discard.

    A session ON its roller's discard day is accepted (it may have happened in the
    morning, before the roller was dropped); only a later day is refused. The same
    holds for import, ``check`` and editing a session.
    """
    if day < roller.acquired_on:
        return Violation(Rule.BEFORE_ACQUIRED, day=roller.acquired_on)
    if not within_discard(roller.discarded_on, day):
        return Violation(Rule.AFTER_DISCARDED, day=roller.discarded_on)
    return None


def discard_violation(
    acquired_on: date, discarded_on: date | None, reason: str | None
) -> Violation | None:
    """A roller's discard: day and reason set together, never before it was acquired."""
    if (discarded_on is None) != (reason is None):
        return Violation(Rule.DISCARD_HALF_SET)
    if discarded_on is not None and discarded_on < acquired_on:
        return Violation(Rule.DISCARDED_BEFORE_ACQUIRED, day=acquired_on)
    return None


def resolution_violation(noted_on: date, resolved_on: date | None) -> Violation | None:
    """A spot cannot heal before it was noted."""
    if resolved_on is not None and resolved_on < noted_on:
        return Violation(Rule.RESOLVED_BEFORE_NOTED, day=noted_on)
    return None


def bounds_text(violation: Violation) -> tuple[str, str]:
    """The violation's low and high bounds as messages write them ("" when absent)."""
    if violation.rule is Rule.YEAR_OUT_OF_RANGE:
        return str(int(violation.low or 0)), str(int(violation.high or 0))
    low = number_text(violation.low) if violation.low is not None else ""
    high = number_text(violation.high) if violation.high is not None else ""
    return low, high


def number_text(value: float) -> str:
    """A bound as messages write it: 0.1, 3.0, 1,440 (no needless digits for whole numbers)."""
    if isinstance(value, int) or (float(value).is_integer() and abs(value) >= 10):
        return f"{int(value):,}"
    return str(value)
