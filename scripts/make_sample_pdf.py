"""Make the sample printed log: a year of made-up sessions as a PDF, and page 1 as a PNG.

    python scripts/make_sample_pdf.py [--pdf PATH] [--png PATH]

The PNG is the picture in the README. It is rendered from the PDF with pdftoppm when that
is installed (poppler-utils), else the same page is drawn straight into an image by Qt.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rollerlog.report.content import ReportFilter, build_report  # noqa: E402
from rollerlog.report.demo import demo_document  # noqa: E402
from rollerlog.ui.printing import Paper, render_page_image, write_pdf  # noqa: E402

DOTS_PER_INCH = 90


def main() -> int:
    """Write the sample PDF and the PNG of its first page."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdf", type=Path, default=ROOT / "build" / "sample-log.pdf")
    parser.add_argument("--png", type=Path, default=ROOT / "docs" / "images" / "printed-log.png")
    args = parser.parse_args()

    report = build_report(
        demo_document(52),
        ReportFilter(person="Sam Example"),
        datetime(2026, 1, 10, 9, 30),
    )
    args.pdf.parent.mkdir(parents=True, exist_ok=True)
    pages = write_pdf(report, args.pdf, Paper.A4)
    print(f"Wrote {args.pdf} ({pages} pages)")

    args.png.parent.mkdir(parents=True, exist_ok=True)
    if shutil.which("pdftoppm"):
        with tempfile.TemporaryDirectory() as folder:
            stem = Path(folder) / "page"
            subprocess.run(
                [
                    "pdftoppm",
                    "-png",
                    "-r",
                    str(DOTS_PER_INCH),
                    "-f",
                    "1",
                    "-l",
                    "1",
                    "-singlefile",
                    str(args.pdf),
                    str(stem),
                ],
                check=True,
            )
            shutil.copyfile(stem.with_suffix(".png"), args.png)
        print(f"Wrote {args.png} (page 1, by pdftoppm)")
    else:
        render_page_image(report, 0, DOTS_PER_INCH, Paper.A4).save(str(args.png))
        print(f"Wrote {args.png} (page 1, drawn by Qt)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
