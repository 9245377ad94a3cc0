"""Dates and times for people follow the locale, from one formatter; values are echoed inert."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

import pytest

from rollerlog.domain.wording import (
    current_locale,
    format_clock,
    format_day,
    format_moment,
    format_short_day,
    format_short_month,
    locale_from_environment,
    printable,
    quoted,
    use_locale,
)

EVENING = datetime(2026, 3, 2, 20, 5)


@pytest.fixture(autouse=True)
def _environment_locale() -> Iterator[None]:
    yield
    use_locale(None)


def test_en_us_shows_a_twelve_hour_clock() -> None:
    use_locale("en_US")
    assert format_clock(EVENING).replace("\u202f", " ") == "8:05 PM"
    assert format_day(EVENING.date()) == "March 2, 2026"
    assert "PM" in format_moment(EVENING)
    assert format_short_day(EVENING.date()) == "Mon, Mar 2, 2026"


def test_de_de_shows_a_24_hour_clock_and_german_month_names() -> None:
    use_locale("de_DE")
    assert format_clock(EVENING) == "20:05"
    assert format_day(EVENING.date()) == "2. März 2026"
    assert format_day(date(2026, 12, 24)) == "24. Dezember 2026"
    assert format_moment(EVENING) == "2. März 2026, 20:05"
    assert "PM" not in format_moment(EVENING)
    assert format_short_day(EVENING.date()).startswith("Mo.")
    assert format_short_month(EVENING.date()) == "Mär"  # a chart's label, not strftime's "Mar"


def test_qt_and_posix_spellings_of_a_locale_mean_the_same() -> None:
    for name in ("de_DE", "de-DE", "de_DE.UTF-8", "de_DE.utf8@euro", "de"):
        assert use_locale(name).language == "de", name


@pytest.mark.parametrize("name", ["xx_YY", "klingon", "!!", "de_ZZ.UTF-8", "_", "en_US.BOGUS@x"])
def test_an_unknown_or_broken_locale_falls_back_cleanly(name: str) -> None:
    chosen = use_locale(name)
    # Unknown: the environment's locale (British English in the tests); a known language
    # with an unknown country keeps the language.
    assert chosen.language in {"en", "de"}
    assert format_day(EVENING.date())
    assert format_moment(EVENING)
    assert locale_from_environment({"LANG": name}).language in {"en", "de"}


@pytest.mark.parametrize("name", ["C", "POSIX", "C.UTF-8", "C.utf8"])
def test_the_c_and_posix_locales_give_english(name: str) -> None:
    assert locale_from_environment({"LANG": name}).language == "en"
    assert use_locale(name).language == "en"
    assert format_day(EVENING.date()) == "March 2, 2026"


def test_the_environment_is_read_as_posix_does() -> None:
    both = {"LC_ALL": "de_DE.UTF-8", "LC_TIME": "en_US.UTF-8", "LANG": "fr_FR.UTF-8"}
    assert str(locale_from_environment(both)) == "de_DE"
    assert str(locale_from_environment({**both, "LC_ALL": ""})) == "en_US"
    assert str(locale_from_environment({"LANG": "fr_FR.UTF-8"})) == "fr_FR"
    assert str(locale_from_environment({})) == "en"
    assert str(current_locale()) == "en_GB"  # what the test set-up asks for


def test_quoting_escapes_control_characters_and_shortens() -> None:
    assert quoted("Face 0.5") == '"Face 0.5"'
    assert quoted('say "hi"') == '"say \\"hi\\""'
    hostile = quoted("\x1b]0;owned\x07\x9b" + "k" * 1_000_000)
    assert hostile.startswith('"\\x1b]0;owned\\x07\\x9b')
    assert hostile.endswith('..."')
    assert len(hostile) < 100
    assert quoted("\ud800") == '"\\ud800"'
    assert quoted("café ✨") == '"café ✨"'
    assert quoted(None) == "null"
    assert quoted(10**100).endswith("...")
    assert printable("/tmp/a\x1b[2Jb") == "/tmp/a\\x1b[2Jb"
