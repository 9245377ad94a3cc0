"""The rule settings of the contract: defaults, bounds and validation."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from rollerlog.domain import constraints as c
from rollerlog.domain.wording import quoted

# The bounds are the constraints module's; these names stay for older imports.
INTERVAL_DAYS_BOUNDS = (c.INTERVAL_DAYS.low, c.INTERVAL_DAYS.high)
NEEDLE_MM_BOUNDS = (c.NEEDLE_MM.low, c.NEEDLE_MM.high)
WARN_USES_BOUNDS = (c.WARN_USES.low, c.WARN_USES.high)
MAX_USES_UPPER = c.MAX_USES_UPPER
TEST_PATCH_WAIT_BOUNDS = (c.TEST_PATCH_WAIT_DAYS.low, c.TEST_PATCH_WAIT_DAYS.high)
LONG_NEEDLE_BOUNDS = (c.LONG_NEEDLE_MM.low, c.LONG_NEEDLE_MM.high)

SETTING_KEYS: tuple[str, ...] = (
    "interval_days",
    "interval_days_by_needle_mm",
    "roller_warn_uses",
    "roller_max_uses",
    "test_patch_wait_days",
    "long_needle_mm",
)


def needle_key(needle_mm: float | str) -> str:
    """The canonical text of a needle length, as used for per-needle overrides ("0.25", "1.0")."""
    return str(c.round_needle_mm(float(Decimal(str(needle_mm)))))


@dataclass(frozen=True, slots=True)
class Settings:
    """The user's rule settings; the defaults are the contract's."""

    interval_days: int = 28
    interval_days_by_needle_mm: Mapping[str, int] = field(default_factory=dict)
    roller_warn_uses: int = 10
    roller_max_uses: int = 15
    test_patch_wait_days: int = 21
    long_needle_mm: float = 1.0

    def interval_for_needle(self, needle_mm: float) -> int:
        """Days the skin needs after a session with a needle of this length."""
        return self.interval_days_by_needle_mm.get(needle_key(needle_mm), self.interval_days)

    def max_interval_days(self) -> int:
        """The longest interval any session can set (bounds how far back rules must look)."""
        return max([self.interval_days, *self.interval_days_by_needle_mm.values()])

    def to_dict(self) -> dict[str, Any]:
        """The settings as the interchange format writes them."""
        return {
            "interval_days": self.interval_days,
            "interval_days_by_needle_mm": dict(sorted(self.interval_days_by_needle_mm.items())),
            "roller_warn_uses": self.roller_warn_uses,
            "roller_max_uses": self.roller_max_uses,
            "test_patch_wait_days": self.test_patch_wait_days,
            "long_needle_mm": self.long_needle_mm,
        }

    def is_default(self) -> bool:
        """True when every setting has its default value."""
        return self.to_dict() == Settings().to_dict()


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_int(errors: list[str], where: str, value: object, low: int, high: int) -> None:
    violation = c.whole_violation(value, c.WholeBounds(low, high))
    if violation is not None and violation.rule is c.Rule.NOT_WHOLE:
        errors.append(f"{where}: must be a whole number, got {quoted(value, 30)}")
    elif violation is not None:
        errors.append(f"{where}: must be between {low} and {high}, got {quoted(value, 30)}")


def _key(key: object) -> str:
    text = str(key)
    return text if text.isascii() and text.isprintable() and len(text) <= 60 else quoted(key)


def parse_settings(data: object, where: str = "settings") -> tuple[Settings, list[str]]:
    """Validate a settings mapping (missing keys take defaults); return it and the problems.

    ``where`` prefixes each problem, e.g. ``settings.interval_days: must be between 1 and 365``.
    """
    errors: list[str] = []
    defaults = Settings()
    if not isinstance(data, Mapping):
        return defaults, [f"{where}: must be an object"]
    for key in data:
        if key not in SETTING_KEYS:
            errors.append(f"{where}.{_key(key)}: unknown setting")
    values: dict[str, Any] = {k: data[k] for k in SETTING_KEYS if k in data}

    interval, warn_uses, wait = c.INTERVAL_DAYS, c.WARN_USES, c.TEST_PATCH_WAIT_DAYS
    _check_int(
        errors,
        f"{where}.interval_days",
        values.get("interval_days", defaults.interval_days),
        interval.low,
        interval.high,
    )
    warn = values.get("roller_warn_uses", defaults.roller_warn_uses)
    _check_int(errors, f"{where}.roller_warn_uses", warn, warn_uses.low, warn_uses.high)
    warn_low = warn if _is_int(warn) and warn_uses.holds(warn) else warn_uses.low
    _check_int(
        errors,
        f"{where}.roller_max_uses",
        values.get("roller_max_uses", defaults.roller_max_uses),
        warn_low,
        c.MAX_USES_UPPER,
    )
    _check_int(
        errors,
        f"{where}.test_patch_wait_days",
        values.get("test_patch_wait_days", defaults.test_patch_wait_days),
        wait.low,
        wait.high,
    )
    long_needle = values.get("long_needle_mm", defaults.long_needle_mm)
    violation = c.needle_violation(long_needle, c.LONG_NEEDLE_MM)
    if violation is not None and violation.rule is c.Rule.NOT_NUMBER:
        errors.append(f"{where}.long_needle_mm: must be a number, got {quoted(long_needle, 30)}")
    elif violation is not None:
        errors.append(
            f"{where}.long_needle_mm: must be between {c.LONG_NEEDLE_MM.low} and "
            f"{c.LONG_NEEDLE_MM.high}, got {quoted(long_needle, 30)}"
        )

    overrides: dict[str, int] = {}
    raw_overrides = values.get("interval_days_by_needle_mm", {})
    if not isinstance(raw_overrides, Mapping):
        errors.append(f"{where}.interval_days_by_needle_mm: must be an object")
    else:
        for raw_key, days in raw_overrides.items():
            field_where = f"{where}.interval_days_by_needle_mm.{_key(raw_key)}"
            if c.needle_key_violation(str(raw_key)) is not None:
                low, high = c.NEEDLE_MM.low, c.NEEDLE_MM.high
                errors.append(f"{field_where}: needle length must be a decimal in {low}..{high} mm")
                continue
            key = needle_key(raw_key)
            if key in overrides:
                errors.append(f"{field_where}: duplicate needle length {key} mm")
                continue
            _check_int(errors, field_where, days, 1, 365)
            if _is_int(days):
                overrides[key] = days

    if errors:
        return defaults, errors
    settings = Settings(
        interval_days=values.get("interval_days", defaults.interval_days),
        interval_days_by_needle_mm=dict(sorted(overrides.items())),
        roller_warn_uses=values.get("roller_warn_uses", defaults.roller_warn_uses),
        roller_max_uses=values.get("roller_max_uses", defaults.roller_max_uses),
        test_patch_wait_days=values.get("test_patch_wait_days", defaults.test_patch_wait_days),
        long_needle_mm=c.round_needle_mm(long_needle),
    )
    return settings, []
