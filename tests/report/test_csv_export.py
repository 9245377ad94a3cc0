"""CSV export: a header row, one row per session, RFC 4180 quoting, UTF-8 with a BOM."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

from rollerlog.domain.entities import Acknowledgement, Roller, Session, Sterilization
from rollerlog.domain.interchange import Document
from rollerlog.report.content import ReportFilter, build_report
from rollerlog.report.csv_export import (
    CSV_ENCODING,
    SESSION_COLUMNS,
    STERILIZATION_COLUMNS,
    write_sessions_csv,
    write_sterilizations_csv,
)

ROLLER = Roller(name='Face "fine", 0.25 ✨', needle_mm=0.25, acquired_on=date(2026, 1, 1))
TRICKY_NOTES = 'café, "quoted"\nsecond line 👍'
DOCUMENT = Document(
    rollers=(ROLLER,),
    sessions=(
        Session(
            at=datetime(2026, 1, 5, 20, 0),
            roller=ROLLER.name,
            areas=("right-cheek", "left-cheek"),
            topical="sérum",
            notes=TRICKY_NOTES,
            acknowledged=(Acknowledgement("too-soon", "doctor, said; fine"),),
        ),
        Session(
            at=datetime(2026, 1, 2, 9, 5), roller=ROLLER.name, areas=("chin",), test_patch=True
        ),
    ),
    sterilizations=(Sterilization(datetime(2026, 1, 5, 19, 40), ROLLER.name, "isopropyl-70", 10),),
)


def _write(tmp_path: Path, writer: object) -> Path:
    report = build_report(DOCUMENT, ReportFilter(), datetime(2026, 2, 1))
    path = tmp_path / "log.csv"
    with path.open("w", encoding=CSV_ENCODING, newline="") as stream:
        writer(report, stream)  # type: ignore[operator]
    return path


def test_sessions_round_trip_with_quotes_newlines_accents_and_emoji(tmp_path: Path) -> None:
    path = _write(tmp_path, write_sessions_csv)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM that makes spreadsheets read UTF-8
    assert b"\r\n" in raw
    with path.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert list(rows[0]) == list(SESSION_COLUMNS)
    assert [row["date"] for row in rows] == ["2026-01-02", "2026-01-05"]  # in time order
    first, second = rows
    assert (first["time"], first["test_patch"], first["use_number"]) == ("09:05", "yes", "1")
    assert second["roller"] == ROLLER.name
    assert second["notes"] == TRICKY_NOTES
    assert second["areas"] == "Left cheek; Right cheek"
    assert second["topical"] == "sérum"
    assert second["sterilized_before"] == "yes"
    assert second["sterilized_after"] == "no"
    assert second["acknowledged_codes"] == "too-soon"
    assert second["acknowledged"] == "too-soon: doctor, said; fine"
    # Nothing needled the cheeks before: the too-soon stop re-checked names no area, so
    # the session's areas stand for it.
    assert second["acknowledged_areas"] == "too-soon: Left cheek, Right cheek"
    assert SESSION_COLUMNS[-1] == "acknowledged_areas"
    assert SESSION_COLUMNS[:15] == (
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
    )


def test_fields_are_quoted_as_rfc_4180_says(tmp_path: Path) -> None:
    text = _write(tmp_path, write_sessions_csv).read_text(encoding="utf-8-sig")
    assert '"café, ""quoted""\r\nsecond line 👍"' not in text  # newlines inside stay as written
    assert '"café, ""quoted""\nsecond line 👍"' in text
    assert '"Face ""fine"", 0.25 ✨"' in text


def test_sterilization_log(tmp_path: Path) -> None:
    path = _write(tmp_path, write_sterilizations_csv)
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
    assert rows[0] == list(STERILIZATION_COLUMNS)
    assert rows[1] == [
        "2026-01-05",
        "19:40",
        ROLLER.name,
        "isopropyl-70",
        "Isopropyl alcohol 70%",
        "10",
    ]
