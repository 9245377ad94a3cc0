"""The printed log on paper: PDFs read back as text, page layout, preview, fonts, palette."""

from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta
from pathlib import Path

import pypdf
import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtPrintSupport import QPrintPreviewWidget
from PySide6.QtWidgets import QApplication

from rollerlog.domain.entities import Acknowledgement, Roller, Session, Sterilization
from rollerlog.domain.findings import title_of
from rollerlog.domain.interchange import Document
from rollerlog.report.content import Report, ReportFilter, build_report
from rollerlog.report.demo import demo_document
from rollerlog.ui import printing
from rollerlog.ui.print_actions import make_preview_dialog
from rollerlog.ui.printing import (
    CELL_PAD_X,
    CELL_PAD_Y,
    SESSION_COLUMNS,
    UNITS_PER_POINT,
    Fonts,
    NoFontError,
    PageGeometry,
    Paper,
    font_family,
    lay_out,
    lay_out_text,
    render_page_image,
    write_pdf,
)

NOW = datetime(2026, 2, 1, 9, 30)
FACE = Roller(name="Face 0.5", needle_mm=0.5, acquired_on=date(2026, 1, 1), prior_uses=2)
BODY = Roller(
    name="Body 1.0",
    needle_mm=1.0,
    acquired_on=date(2026, 1, 1),
    discarded_on=date(2026, 1, 20),
    discard_reason="damaged",
)


def _pdf_text(path: Path) -> list[str]:
    """The text of each page, with runs of white space made one space."""
    return [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(path).pages]


def _small_report() -> Report:
    document = Document(
        rollers=(FACE, BODY),
        sessions=(
            Session(
                at=datetime(2026, 1, 5, 20, 0),
                roller="Face 0.5",
                areas=("left-cheek", "right-cheek"),
                topical="hyaluronic acid serum",
                notes="slight redness",
            ),
            Session(
                at=datetime(2026, 1, 12, 20, 0),
                roller="Face 0.5",
                areas=("forehead",),
                acknowledged=(Acknowledgement("not-sterilized", "boiled it, forgot to log"),),
            ),
            Session(at=datetime(2026, 1, 8, 19, 0), roller="Body 1.0", areas=("back",)),
        ),
        sterilizations=(
            Sterilization(datetime(2026, 1, 5, 19, 40), "Face 0.5", "isopropyl-70", 10),
            Sterilization(datetime(2026, 1, 12, 20, 30), "Face 0.5", "isopropyl-70", 10),
        ),
    )
    return build_report(document, ReportFilter(person="Zoë Martin"), NOW)


def test_pdf_text_shows_rollers_sessions_ticks_stops_and_page_numbers(
    qapp: QApplication, tmp_path: Path
) -> None:
    path = tmp_path / "log.pdf"
    pages = write_pdf(_small_report(), path, Paper.A4)
    texts = _pdf_text(path)
    assert len(texts) == pages
    every = " ".join(texts)
    for expected in (
        "Zoë Martin",
        "Face 0.5",
        "Body 1.0",
        "4 / 15",  # two prior uses and two logged sessions
        "Discarded",
        "20/01/2026 Damaged",
        "05/01/2026 20:00",
        "12/01/2026 20:00",
        "Left cheek, Right cheek",
        "hyaluronic acid serum",
        "slight redness",
        "STOP not-sterilized",
        title_of("not-sterilized"),
        "boiled it, forgot to log",
    ):
        assert expected in every, expected
    assert "✓" in every
    assert "✗" in every
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {pages}" in text
        assert "Generated 1 February 2026, 09:30" in text
    assert "the first entry" in every  # no ligature hides "fi" from a search
    # The legend explains the code that appears, and only that one.
    legend = every[every.index("Legend") :]
    assert "not-sterilized — Roller not sterilized." in legend
    assert "too-soon —" not in legend


def test_paper_size_is_a4_or_letter(qapp: QApplication, tmp_path: Path) -> None:
    sizes = {}
    for paper in Paper:
        path = tmp_path / f"{paper.value}.pdf"
        write_pdf(_small_report(), path, paper)
        box = pypdf.PdfReader(path).pages[0].mediabox
        sizes[paper] = (round(float(box.width)), round(float(box.height)))
    assert sizes == {Paper.A4: (595, 842), Paper.LETTER: (612, 792)}


def _long_report(count: int) -> Report:
    start = datetime(2025, 1, 1, 20, 0)
    sessions = tuple(
        Session(at=start + timedelta(days=day), roller="Face 0.5", areas=("chin",))
        for day in range(count)
    )
    face = Roller(name="Face 0.5", needle_mm=0.5, acquired_on=date(2024, 12, 1))
    return build_report(Document(rollers=(face,), sessions=sessions), ReportFilter(), NOW)


def test_a_300_session_log_repeats_its_header_on_every_page_and_has_the_implied_page_count(
    qapp: QApplication, tmp_path: Path
) -> None:
    report = _long_report(300)
    path = tmp_path / "long.pdf"
    pages = write_pdf(report, path, Paper.A4)
    texts = _pdf_text(path)
    session_stamp = re.compile(r"\d{2}/\d{2}/\d{4} 20:00")  # en_GB, as the tests run
    per_page = [len(session_stamp.findall(text)) for text in texts]
    assert sum(per_page) == 300  # each session once: no row lost, split or repeated
    session_pages = [i for i, n in enumerate(per_page) if n]
    for index in session_pages:
        assert "Sterilized before" in texts[index], f"no header row on page {index + 1}"
        assert "Notes and acknowledged stops" in texts[index]
    for index in session_pages[1:]:
        assert "Sessions (continued)" in texts[index]

    # What the layout implies: every session row is two lines (day, then time) of the cell
    # font; a continued page holds its caption, the header row, then as many rows as fit.
    geometry = PageGeometry.for_points(Paper.A4.page_size.size(Paper.A4.page_size.Unit.Point))
    fonts = Fonts(font_family())
    total = sum(column.width for column in SESSION_COLUMNS)
    inner = [geometry.body_width * c.width / total - 2 * CELL_PAD_X for c in SESSION_COLUMNS]
    row = lay_out_text("01/01/2025\n20:00", fonts.cell, inner[0])[1] + 2 * CELL_PAD_Y
    header = (
        max(
            lay_out_text(column.header, fonts.cell_header, width)[1]
            for column, width in zip(SESSION_COLUMNS, inner, strict=True)
        )
        + 2 * CELL_PAD_Y
    )
    caption = lay_out_text("Sessions (continued)", fonts.small, 1000)[1] + 2 * UNITS_PER_POINT
    room = geometry.body_bottom - geometry.body_top - caption - header
    rows_per_page = math.floor(room / row)
    assert all(per_page[i] == rows_per_page for i in session_pages[1:-1])
    expected_session_pages = 1 + math.ceil((300 - per_page[session_pages[0]]) / rows_per_page)
    assert len(session_pages) == expected_session_pages
    assert (
        pages == lay_out(report, Paper.A4.page_size.size(Paper.A4.page_size.Unit.Point)).page_count
    )


def test_a_note_longer_than_a_page_is_shortened_not_split(
    qapp: QApplication, tmp_path: Path
) -> None:
    face = Roller(name="Face 0.5", needle_mm=0.5, acquired_on=date(2025, 12, 1))
    essay = " ".join(f"word{i}" for i in range(3000))
    document = Document(
        rollers=(face,),
        sessions=(Session(datetime(2026, 1, 5, 20, 0), "Face 0.5", ("chin",), notes=essay),),
    )
    path = tmp_path / "essay.pdf"
    write_pdf(build_report(document, ReportFilter(), NOW), path, Paper.A4)
    every = " ".join(_pdf_text(path))
    assert "word0 word1" in every
    assert "the CSV export has the full text" in every
    assert every.count("05/01/2026 20:00") == 1


def test_no_font_means_a_clear_error_and_no_file(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As on a bare machine: fontconfig names its aliases, but none of them draws a letter.
    monkeypatch.setattr(printing, "_usable", lambda family: "")
    path = tmp_path / "nothing.pdf"
    with pytest.raises(NoFontError, match="no usable font is installed"):
        write_pdf(_small_report(), path, Paper.A4)
    assert not path.exists()


def test_the_preview_renders_the_pages_without_showing_a_dialog(
    qtbot: object, qapp: QApplication, tmp_path: Path
) -> None:
    report = _long_report(120)
    dialog = make_preview_dialog(report, Paper.A4)
    preview = dialog.findChild(QPrintPreviewWidget)
    preview.updatePreview()
    assert not dialog.isVisible()
    expected = write_pdf(report, tmp_path / "same.pdf", Paper.A4)
    assert preview.pageCount() == expected > 1


def test_pages_are_light_whatever_the_desktop_theme(qapp: QApplication) -> None:
    saved = qapp.palette()
    dark = QPalette()
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base):
        dark.setColor(role, QColor("#202020"))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text):
        dark.setColor(role, QColor("#f0f0f0"))
    qapp.setPalette(dark)
    try:
        image = render_page_image(_small_report(), 0, 40, Paper.A4)
    finally:
        qapp.setPalette(saved)
    assert image.pixelColor(2, 2) == QColor("#ffffff")
    darkest = min(
        image.pixelColor(x, y).lightness()
        for x in range(0, image.width(), 2)
        for y in range(0, image.height() // 4, 2)
    )
    assert darkest < 80  # the text is dark ink on the white page


def test_a_year_of_weekly_sessions_prints_on_a_few_pages(qapp: QApplication) -> None:
    report = build_report(demo_document(52), ReportFilter(), datetime(2026, 1, 10))
    assert len(report.sessions) == 55  # a year of weekly face sessions, three on the body
    size = Paper.A4.page_size.size(Paper.A4.page_size.Unit.Point)
    assert lay_out(report, size).page_count <= 5
