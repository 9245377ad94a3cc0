"""Locale-independent wording of days and times for messages ("2 March 2026", "20:00")."""

from __future__ import annotations

from datetime import date, datetime

MONTH_NAMES: tuple[str, ...] = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def format_day(day: date) -> str:
    """A day in plain English, independent of the locale: "2 March 2026"."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def format_clock(moment: datetime) -> str:
    """The time of day on a 24-hour clock: "20:05"."""
    return f"{moment.hour:02d}:{moment.minute:02d}"


def format_moment(moment: datetime) -> str:
    """A day and time in plain English: "2 March 2026 at 20:05"."""
    return f"{format_day(moment)} at {format_clock(moment)}"


def format_mm(needle_mm: float) -> str:
    """A needle length without needless digits: 0.5 -> "0.5", 1.0 -> "1", 0.25 -> "0.25"."""
    text = f"{needle_mm:.3f}".rstrip("0").rstrip(".")
    return text or "0"


def plural(count: int, word: str) -> str:
    """``count`` with ``word``, adding an "s" unless the count is one: "1 day", "28 days"."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
