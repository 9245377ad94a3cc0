"""How long the printed log takes: a 1,000-session PDF and a 50,000-session CSV.

    python benchmarks/bench_export.py

A benchmark, not a test: it prints timings and page counts for the README's Performance
section. It builds the logs in memory (no database), so it measures the report and its
rendering alone.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from rollerlog.report.content import ReportFilter, build_report  # noqa: E402
from rollerlog.report.csv_export import write_sessions_csv  # noqa: E402
from rollerlog.report.demo import demo_document  # noqa: E402
from rollerlog.ui.printing import Paper, write_pdf  # noqa: E402

NOW = datetime(2030, 1, 1, 9, 0)


def _timed(label: str, action: object) -> object:
    start = time.perf_counter()
    result = action()  # type: ignore[operator]
    print(f"{label}: {time.perf_counter() - start:.2f} s")
    return result


def main() -> None:
    """Print the timings."""
    year = build_report(demo_document(52), ReportFilter(), NOW)
    thousand = build_report(demo_document(1000, every=timedelta(days=2)), ReportFilter(), NOW)
    with tempfile.TemporaryDirectory() as folder:
        pages = write_pdf(year, Path(folder) / "year.pdf", Paper.A4)
        print(f"a year (52 sessions, {len(year.sterilizations)} sterilizations): {pages} pages")
        pages = _timed(
            "PDF of 1,000 sessions",
            lambda: write_pdf(thousand, Path(folder) / "thousand.pdf", Paper.A4),
        )
        print(f"  {pages} pages")

    document = _timed(
        "making 50,000 sessions", lambda: demo_document(50_000, every=timedelta(hours=8))
    )
    report = _timed(
        "report of 50,000 sessions",
        lambda: build_report(document, ReportFilter(), NOW),  # type: ignore[arg-type]
    )
    buffer = io.StringIO()
    _timed("CSV of 50,000 sessions", lambda: write_sessions_csv(report, buffer))  # type: ignore[arg-type]
    print(f"  {len(buffer.getvalue().encode('utf-8')) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
