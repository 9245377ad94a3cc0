"""The rule settings of the contract: defaults, bounds and validation."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

INTERVAL_DAYS_BOUNDS = (1, 365)
NEEDLE_MM_BOUNDS = (0.1, 3.0)
WARN_USES_BOUNDS = (1, 100)
MAX_USES_UPPER = 100
TEST_PATCH_WAIT_BOUNDS = (0, 90)
LONG_NEEDLE_BOUNDS = (0.1, 3.0)

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
    return str(float(Decimal(str(needle_mm))))


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


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _shown(value: object) -> str:
    """A value as a problem line names it: its repr, cut short when long."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _check_int(errors: list[str], where: str, value: object, low: int, high: int) -> None:
    if not _is_int(value):
        errors.append(f"{where}: must be a whole number, got {_shown(value)}")
    elif not low <= value <= high:  # type: ignore[operator]
        errors.append(f"{where}: must be between {low} and {high}, got {_shown(value)}")


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
            errors.append(f"{where}.{key}: unknown setting")
    values: dict[str, Any] = {k: data[k] for k in SETTING_KEYS if k in data}

    _check_int(errors, f"{where}.interval_days", values.get("interval_days", 28), 1, 365)
    _check_int(errors, f"{where}.roller_warn_uses", values.get("roller_warn_uses", 10), 1, 100)
    warn = values.get("roller_warn_uses", defaults.roller_warn_uses)
    warn_low = warn if _is_int(warn) and 1 <= warn <= 100 else 1
    _check_int(errors, f"{where}.roller_max_uses", values.get("roller_max_uses", 15), warn_low, 100)
    _check_int(
        errors, f"{where}.test_patch_wait_days", values.get("test_patch_wait_days", 21), 0, 90
    )
    long_needle = values.get("long_needle_mm", 1.0)
    if not _is_number(long_needle):
        errors.append(f"{where}.long_needle_mm: must be a number, got {_shown(long_needle)}")
    elif not 0.1 <= long_needle <= 3.0:
        errors.append(f"{where}.long_needle_mm: must be between 0.1 and 3.0, got {long_needle}")

    overrides: dict[str, int] = {}
    raw_overrides = values.get("interval_days_by_needle_mm", {})
    if not isinstance(raw_overrides, Mapping):
        errors.append(f"{where}.interval_days_by_needle_mm: must be an object")
    else:
        for raw_key, days in raw_overrides.items():
            field_where = f"{where}.interval_days_by_needle_mm.{raw_key}"
            try:
                mm = Decimal(str(raw_key))
                valid_key = mm.is_finite() and Decimal("0.1") <= mm <= Decimal("3.0")
            except InvalidOperation:
                valid_key = False
            if not valid_key:
                errors.append(f"{field_where}: needle length must be a decimal in 0.1..3.0 mm")
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
        long_needle_mm=float(long_needle),
    )
    return settings, []
