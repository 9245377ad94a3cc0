"""Wording for people: days and times in the user's locale (Babel), numbers, quoted values.

This is the one formatter of dates and times for people: the views, the findings'
messages, the printed log and the command line's human output all come here. Machine
output (``--json``, CSV, the interchange file) stays ISO 8601 and never comes here.

The locale is the environment's (``LC_ALL``, then ``LC_TIME``, then ``LANG``, as POSIX
reads them), unless the app passes its own with :func:`use_locale`. The C and POSIX
locales, and any locale Babel does not know, give English.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import date, datetime
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel import dates as babel_dates

#: The locale used when none is set or the one set is unknown: English.
FALLBACK_LOCALE = "en"

_chosen: Locale | None = None


@lru_cache(maxsize=64)
def _parse(name: str | None) -> Locale | None:
    """The Babel locale for a POSIX or Qt locale name ("de_DE.UTF-8", "de-DE"), or None."""
    if not name:
        return None
    base = name.split(".", 1)[0].split("@", 1)[0].replace("-", "_").strip()
    if base in {"C", "POSIX", ""}:
        return Locale.parse(FALLBACK_LOCALE)
    for candidate in (base, base.split("_", 1)[0]):
        try:
            return Locale.parse(candidate)
        except (UnknownLocaleError, ValueError, TypeError):
            continue
    return None


def locale_from_environment(environ: Mapping[str, str] | None = None) -> Locale:
    """The locale for dates the environment asks for: LC_ALL, else LC_TIME, else LANG."""
    environ = os.environ if environ is None else environ
    for variable in ("LC_ALL", "LC_TIME", "LANG"):
        value = environ.get(variable)
        if value:
            return _parse(value) or Locale.parse(FALLBACK_LOCALE)
    return Locale.parse(FALLBACK_LOCALE)


def use_locale(name: str | None) -> Locale:
    """Format for the locale ``name`` from now on (the app passes Qt's); None: the environment.

    An unknown name falls back to the environment's locale, then to English. Returns the
    locale now in use.
    """
    global _chosen
    _chosen = _parse(name) if name else None
    return current_locale()


def current_locale() -> Locale:
    """The locale dates are worded in."""
    return _chosen if _chosen is not None else locale_from_environment()


def _join(day_text: str, time_text: str, locale: Locale) -> str:
    pattern = str(babel_dates.get_datetime_format("medium", locale=locale))
    return pattern.replace("'", "").replace("{1}", day_text).replace("{0}", time_text)


def format_day(day: date, locale: Locale | None = None) -> str:
    """A day in words: "2 March 2026" (en_GB), "March 2, 2026" (en_US), "2. März 2026" (de)."""
    return babel_dates.format_date(day, "long", locale=locale or current_locale())


def format_clock(moment: datetime, locale: Locale | None = None) -> str:
    """The time of day in the locale's clock: "20:05" (de, en_GB), "8:05 PM" (en_US)."""
    return babel_dates.format_time(moment, "short", locale=locale or current_locale())


def format_moment(moment: datetime, locale: Locale | None = None) -> str:
    """A day and time in words: "2 March 2026, 20:05" (en_GB), "March 2, 2026, 8:05 PM"."""
    locale = locale or current_locale()
    return _join(format_day(moment.date(), locale), format_clock(moment, locale), locale)


def format_medium_day(day: date, locale: Locale | None = None) -> str:
    """A day in few letters: "6 Jan 2025" (en_GB), "Jan 6, 2025" (en_US), "06.01.2025" (de)."""
    return babel_dates.format_date(day, "medium", locale=locale or current_locale())


def format_numeric_day(day: date, locale: Locale | None = None) -> str:
    """A day in digits, in the locale's order: "06/01/2025" (en_GB), "1/6/2025" (en_US)."""
    return babel_dates.format_skeleton("yMMdd", day, locale=locale or current_locale())


def format_short_month(day: date, locale: Locale | None = None) -> str:
    """The month of ``day`` in a few letters, as a chart labels it: "Mar", "Mär", "mars"."""
    return babel_dates.format_skeleton("MMM", day, locale=locale or current_locale())


def format_short_day(day: date, locale: Locale | None = None) -> str:
    """A day for a table cell, with its weekday: "Mon, 2 Mar 2026", "Mo., 2. März 2026"."""
    return babel_dates.format_skeleton("yMMMEd", day, locale=locale or current_locale())


def format_short_moment(moment: datetime, locale: Locale | None = None) -> str:
    """A time for a table cell: "Mon, 2 Mar 2026, 20:05"."""
    locale = locale or current_locale()
    return _join(format_short_day(moment.date(), locale), format_clock(moment, locale), locale)


def format_precise_moment(moment: datetime, locale: Locale | None = None) -> str:
    """A time to the second (backups taken in the same minute): "2 Mar 2026, 20:05:09"."""
    locale = locale or current_locale()
    day = babel_dates.format_date(moment.date(), "medium", locale=locale)
    clock = babel_dates.format_time(moment, "medium", locale=locale)
    return _join(day, clock, locale)


def format_mm(needle_mm: float) -> str:
    """A needle length without needless digits: 0.5 -> "0.5", 1.0 -> "1", 0.25 -> "0.25"."""
    text = f"{needle_mm:.3f}".rstrip("0").rstrip(".")
    return text or "0"


def plural(count: int, word: str) -> str:
    """``count`` with ``word``, adding an "s" unless the count is one: "1 day", "28 days"."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


#: A value echoed in a message is shortened to this many characters.
QUOTED_LIMIT = 60


def quoted(value: object, limit: int = QUOTED_LIMIT) -> str:
    """A value a person or a file gave, safe to echo in a message or on a terminal.

    Text is put in double quotes with every control character, lone surrogate and
    non-printable character escaped (``\\x1b``, ``\\n``, ``\\ud800``), and shortened to
    ``limit`` characters with "..." so a 1 MB key stays one short line. Other values
    are shown by their ``repr``, shortened the same way.
    """
    if not isinstance(value, str):
        text = "null" if value is None else repr(value)
        return text if len(text) <= limit else text[: limit - 3] + "..."
    shown = value if len(value) <= limit else value[: limit - 3]
    if shown.isprintable():
        escaped = shown.replace("\\", "\\\\").replace('"', '\\"')
    else:
        escaped = "".join(_escape(char) for char in shown)
    return '"' + escaped + ('..."' if len(value) > limit else '"')


def printable(text: str, limit: int = 1000) -> str:
    """A whole line (a path, an error text) with control characters escaped, shortened."""
    shown = text if len(text) <= limit else text[: limit - 3] + "..."
    if shown.isprintable():
        return shown
    return "".join(char if char in {'"', "\\"} else _escape(char) for char in shown)


def _escape(char: str) -> str:
    if char == '"':
        return '\\"'
    if char == "\\":
        return "\\\\"
    if char.isprintable():  # lone surrogates are not printable
        return char
    return char.encode("unicode_escape", errors="backslashreplace").decode("ascii")
