"""The log as CSV: one row per session, or one per sterilization, for spreadsheets.

RFC 4180 quoting (every field that needs it is quoted, CRLF line ends), UTF-8 with a byte
order mark so that spreadsheet programs read accents and emoji correctly. A cell a
spreadsheet would run as a formula is written behind a ``'``. The columns are documented
in docs/csv.md.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

from rollerlog.report.content import Report, SessionLine, SterilizationLine

#: The encoding to open a CSV file with: UTF-8 with a byte order mark.
CSV_ENCODING = "utf-8-sig"

SESSION_COLUMNS: tuple[str, ...] = (
    "date",
    "time",
    "roller",
    "needle_mm",
    "use_number",
    "use_limit",
    "areas",
    "area_slugs",
    "test_patch",
    "topical",
    "sterilized_before",
    "sterilized_after",
    "notes",
    "acknowledged_codes",
    "acknowledged",
    "acknowledged_areas",
)

STERILIZATION_COLUMNS: tuple[str, ...] = (
    "date",
    "time",
    "roller",
    "method",
    "method_label",
    "minutes",
)


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def session_row(line: SessionLine) -> list[str]:
    """One session as the cells of a CSV row, in the order of ``SESSION_COLUMNS``."""
    return [
        line.at.strftime("%Y-%m-%d"),
        line.at.strftime("%H:%M"),
        line.roller,
        line.needle_mm,
        str(line.use_number),
        str(line.limit),
        "; ".join(line.area_labels),
        " ".join(line.areas),
        _yes_no(line.test_patch),
        line.topical,
        _yes_no(line.sterilized_before),
        _yes_no(line.sterilized_after),
        line.notes,
        " ".join(stop.code for stop in line.stops),
        "; ".join(f"{stop.code}: {stop.reason}" for stop in line.stops),
        "; ".join(f"{stop.code}: {', '.join(stop.area_labels)}" for stop in line.stops),
    ]


def sterilization_row(line: SterilizationLine) -> list[str]:
    """One sterilization as the cells of a CSV row, in the order of ``STERILIZATION_COLUMNS``."""
    return [
        line.at.strftime("%Y-%m-%d"),
        line.at.strftime("%H:%M"),
        line.roller,
        line.method,
        line.method_label,
        "" if line.minutes is None else str(line.minutes),
    ]


#: What a cell may begin with for a spreadsheet to read it as a formula (or, for a tab and a
#: carriage return, to hide one behind them); see the OWASP note on CSV injection.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    """``text`` as a cell no spreadsheet runs: behind a ``'`` when it could start a formula."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _write(stream: TextIO, header: Iterable[str], rows: Iterable[list[str]]) -> None:
    writer = csv.writer(stream, dialect="excel", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)


def write_sessions_csv(report: Report, stream: TextIO) -> None:
    """Write the report's sessions, in time order, with a header row.

    Open ``stream`` with ``encoding=CSV_ENCODING, newline=""``.
    """
    _write(stream, SESSION_COLUMNS, (session_row(line) for line in report.sessions))


def write_sterilizations_csv(report: Report, stream: TextIO) -> None:
    """Write the report's sterilizations, in time order, with a header row.

    Open ``stream`` with ``encoding=CSV_ENCODING, newline=""``.
    """
    _write(
        stream, STERILIZATION_COLUMNS, (sterilization_row(line) for line in report.sterilizations)
    )
