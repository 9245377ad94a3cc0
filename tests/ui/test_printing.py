"""The printed log on paper: PDFs read back as text, the summary first, stops never cut,
notes kept whole, filters, scale, every character drawn, preview, fonts, palette."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pypdf
import pytest
from PySide6.QtGui import QColor, QFont, QPalette, QRawFont
from PySide6.QtPrintSupport import QPrintPreviewWidget
from PySide6.QtWidgets import QApplication

from rollerlog.domain.entities import (
    Acknowledgement,
    Lesion,
    Procedure,
    Profile,
    Roller,
    Session,
    Sterilization,
)
from rollerlog.domain.findings import title_of
from rollerlog.domain.interchange import Document
from rollerlog.domain.wording import format_clock, format_day
from rollerlog.report.content import Report, ReportFilter, build_report
from rollerlog.report.demo import LONG_NOTE, demo_document
from rollerlog.ui import printing
from rollerlog.ui.print_actions import make_preview_dialog
from rollerlog.ui.printing import (
    NoFontError,
    Paper,
    font_family,
    lay_out,
    render_page_image,
    write_pdf,
)
from rollerlog.ui.stand_in_fonts import GlyphFallback, stand_in_text

NOW = datetime(2026, 2, 1, 9, 30)
FACE = Roller(name="Face 0.5", needle_mm=0.5, acquired_on=date(2026, 1, 1), prior_uses=2)
BODY = Roller(
    name="Body 1.0",
    needle_mm=1.0,
    acquired_on=date(2026, 1, 1),
    discarded_on=date(2026, 1, 20),
    discard_reason="damaged",
)
A4 = Paper.A4.page_size.size(Paper.A4.page_size.Unit.Point)


def _pdf_text(path: Path) -> list[str]:
    """The text of each page, with runs of white space made one space."""
    return [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(path).pages]


def _small_document() -> Document:
    return Document(
        rollers=(FACE, BODY),
        profile=Profile(frozenset({"lupus"})),
        sessions=(
            Session(
                at=datetime(2026, 1, 5, 20, 0),
                roller="Face 0.5",
                areas=("left-cheek", "right-cheek"),
                topical="hyaluronic acid serum",
                notes="slight redness",
                test_patch=True,
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
        lesions=(
            Lesion("chin", "mole", date(2025, 12, 1)),
            Lesion("forehead", "lupus-patch", date(2025, 12, 20)),
            Lesion("nose", "cold-sore", date(2026, 1, 2), resolved_on=date(2026, 1, 10)),
        ),
    )


def _small_report(**selection: object) -> Report:
    return build_report(
        _small_document(),
        ReportFilter(person="Zoë Martin", **selection),  # type: ignore[arg-type]
        NOW,
    )


def test_page_one_is_a_summary_with_spots_stops_rollers_and_areas(
    qapp: QApplication, tmp_path: Path
) -> None:
    path = tmp_path / "log.pdf"
    pages = write_pdf(_small_report(), path, Paper.A4)
    texts = _pdf_text(path)
    assert len(texts) == pages
    first = texts[0]
    for expected in (
        "Zoë Martin",
        "the first entry to 1 February 2026",
        "Filters: none",
        "Lupus",  # the condition
        "Overridden stops in the period: 1",
        title_of("not-sterilized"),
        "boiled it, forgot to log",
        "Face 0.5 0.5 mm",
        "4 / 15",  # two prior uses and two logged sessions
        f"{format_day(date(2026, 1, 20))}, Damaged",
        "Spots healed in the period",
        "Nose: Cold sore",
    ):
        assert expected in first, expected
    # Spots in body order, the stop-kind ones apart from (and before) the cautions.
    stop_at = first.index("STOP — never needle over")
    caution_at = first.index("Caution — needle around")
    assert stop_at < first.index("Forehead: Lupus patch") < caution_at
    assert caution_at < first.index("Chin: Mole")
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {pages}" in text
        assert f"Generated {format_day(NOW.date())} {format_clock(NOW)}" in text
    assert "the first entry" in first  # no ligature hides "fi" from a search


def test_every_session_row_has_needles_use_ticks_and_its_overridden_stop(
    qapp: QApplication, tmp_path: Path
) -> None:
    path = tmp_path / "log.pdf"
    write_pdf(_small_report(), path, Paper.A4)
    every = " ".join(_pdf_text(path))
    sessions = every[every.index("Sessions Day and time") :]
    for expected in (
        f"{format_day(date(2026, 1, 5))} 20:00 Face 0.5 0.5 mm 3 / 15 Left cheek, Right cheek yes",
        f"{format_day(date(2026, 1, 8))} 19:00 Body 1.0 1 mm 1 / 15 Back",
        "hyaluronic acid serum",
        "slight redness",
        f"STOP overridden: {title_of('not-sterilized')} — Forehead. "
        "Reason given: boiled it, forgot to log",
        "Finding: no sterilization of this roller is logged before this session.",
    ):
        assert expected in sessions, expected
    assert "✓" in sessions
    assert "(not-sterilized)" not in every  # rules by their titles; codes are for scripts
    assert "✗" in sessions
    legend = every[every.index("Legend") :]
    assert "not-sterilized — Roller not sterilized." in legend
    assert "too-soon —" not in legend


def _year_with_everything() -> Document:
    """A year of weekly sessions with 35 overridden stops, spots and a long note."""
    year = demo_document(52)
    sessions = list(year.sessions)
    for index in range(0, 35):
        session = sessions[index]
        sessions[index] = replace(
            session,
            acknowledged=(
                *session.acknowledged,
                Acknowledgement("pregnant", f"asked my doctor, reason number {index}"),
            ),
        )
    return replace(
        year,
        sessions=tuple(sessions),
        profile=Profile(frozenset({"pregnant", "lupus", "allergies"})),
    )


def test_a_year_with_35_overrides_fits_8_pages_with_the_summary_on_the_first_two(
    qapp: QApplication, tmp_path: Path
) -> None:
    report = build_report(_year_with_everything(), ReportFilter(), datetime(2026, 1, 10))
    assert len(report.overrides) >= 35
    path = tmp_path / "year.pdf"
    pages = write_pdf(report, path, Paper.A4)
    assert pages <= 8
    texts = _pdf_text(path)
    assert f"Overridden stops in the period: {len(report.overrides)}" in texts[0]
    assert "Spots to avoid" in texts[0]
    summary = " ".join(texts[:2])
    for heading in ("Cosmetic procedures", "Rollers used in the period", "Areas in the period"):
        assert heading in summary, heading
    for index in range(35):  # every override listed in the summary, with its reason
        assert f"asked my doctor, reason number {index} " in summary + " "
    assert pages == lay_out(report, A4).page_count


def test_a_long_note_is_shortened_in_the_table_printed_whole_later_and_the_stop_stays(
    qapp: QApplication, tmp_path: Path
) -> None:
    face = Roller(name="Face 0.5", needle_mm=0.5, acquired_on=date(2025, 12, 1))
    document = Document(
        rollers=(face,),
        sessions=(
            Session(
                datetime(2026, 1, 5, 20, 0),
                "Face 0.5",
                ("chin",),
                notes=LONG_NOTE,
                acknowledged=(Acknowledgement("not-sterilized", "boiled it, the reason in full"),),
            ),
        ),
    )
    path = tmp_path / "note.pdf"
    write_pdf(build_report(document, ReportFilter(), NOW), path, Paper.A4)
    every = " ".join(_pdf_text(path))
    table = every[every.index("Sessions Day and time") : every.index("Notes in full")]
    assert "[in full: note 1]" in table
    assert LONG_NOTE not in table
    assert "Reason given: boiled it, the reason in full" in table
    assert " ".join(LONG_NOTE.split()) in every[every.index("Notes in full") :]


def test_a_note_longer_than_a_page_flows_over_pages_and_loses_nothing(
    qapp: QApplication, tmp_path: Path
) -> None:
    face = Roller(name="Face 0.5", needle_mm=0.5, acquired_on=date(2025, 12, 1))
    essay = " ".join(f"word{i}" for i in range(2500))
    document = Document(
        rollers=(face,),
        sessions=(Session(datetime(2026, 1, 5, 20, 0), "Face 0.5", ("chin",), notes=essay),),
    )
    path = tmp_path / "essay.pdf"
    write_pdf(build_report(document, ReportFilter(), NOW), path, Paper.A4)
    # Lines may break anywhere in the text layer; no word may be missing or out of order.
    # Each page's running header and footer are drawn after its body: leave them out.
    bodies = [text[: text.rindex("Microneedling log —")] for text in _pdf_text(path)]
    printed = "".join("".join(bodies).split())
    assert "".join(essay.split()) in printed


def test_days_are_never_wrapped_in_narrow_columns(qapp: QApplication, tmp_path: Path) -> None:
    face = Roller(name="Face 0.5", needle_mm=0.5, acquired_on=date(2025, 1, 1))
    days = [datetime(2025, month, 28, 20, 58) for month in range(1, 13)]
    document = Document(
        rollers=(face,),
        sessions=tuple(Session(at, "Face 0.5", ("chin",)) for at in days),
        sterilizations=tuple(Sterilization(at, "Face 0.5") for at in days),
    )
    path = tmp_path / "days.pdf"
    report = build_report(document, ReportFilter(with_sterilizations=True), NOW)
    write_pdf(report, path, Paper.A4)
    raw_lines = [
        line for page in pypdf.PdfReader(path).pages for line in page.extract_text().splitlines()
    ]
    for at in days:
        day = format_day(at.date())
        # Each day is found whole on one line of the text, wherever it is printed.
        assert sum(day in " ".join(line.split()) for line in raw_lines) >= 2, day


def test_filters_narrow_sessions_rollers_chart_and_appendix_but_not_procedures(
    qapp: QApplication, tmp_path: Path
) -> None:
    document = replace(
        _small_document(),
        procedures=(Procedure("filler", datetime(2025, 12, 1, 10, 0), "Juvederm", ("chin",)),),
    )
    report = build_report(
        document,
        ReportFilter(areas=frozenset({"back"}), with_sterilizations=True),
        NOW,
    )
    path = tmp_path / "back.pdf"
    write_pdf(report, path, Paper.A4)
    every = " ".join(_pdf_text(path))
    assert "Filters: sessions touching Back" in every
    assert "Juvederm" in every  # procedures whatever the filters
    assert "Lupus" in every  # conditions too
    rollers = every[every.index("Rollers used") : every.index("Areas in the period")]
    assert "Body 1.0" in rollers
    assert "Face 0.5" not in rollers
    appendix = every[every.index("Appendix: sterilization log") :]
    assert "Face 0.5" not in appendix  # only the chosen sessions' rollers
    assert [a.label for a in report.areas] == ["Back"]

    # A filter that matches no session still prints the procedures and conditions.
    none = build_report(document, ReportFilter(start=date(2026, 1, 25)), NOW)
    path = tmp_path / "none.pdf"
    write_pdf(none, path, Paper.A4)
    every = " ".join(_pdf_text(path))
    assert "No session in the period." in every
    assert "Juvederm" in every
    assert "Lupus" in every


def test_the_sterilization_appendix_reads_down_its_columns(
    qapp: QApplication, tmp_path: Path
) -> None:
    face = Roller(name="Face 0.5", needle_mm=0.5, acquired_on=date(2024, 1, 1))
    start = datetime(2024, 1, 1, 8, 0)
    moments = [start + timedelta(days=3 * index) for index in range(150)]
    document = Document(
        rollers=(face,), sterilizations=tuple(Sterilization(m, "Face 0.5") for m in moments)
    )
    path = tmp_path / "appendix.pdf"
    write_pdf(build_report(document, ReportFilter(with_sterilizations=True), NOW), path, Paper.A4)
    stamp = re.compile(r"(\d{1,2} [A-Z][a-zé]+ \d{4}) 08:00")
    order: list[datetime] = []
    for page in pypdf.PdfReader(path).pages:
        # Drawn row by row: a day of the left half, then the day beside it on the right.
        stamps = stamp.findall(" ".join(page.extract_text().split()))
        order += [datetime.strptime(text, "%d %B %Y") for text in stamps[0::2] + stamps[1::2]]
    assert len(order) == 150
    assert order == sorted(order)  # down the left half, then down the right, page by page


def test_without_the_option_there_is_no_sterilization_appendix(
    qapp: QApplication, tmp_path: Path
) -> None:
    path = tmp_path / "plain.pdf"
    write_pdf(_small_report(), path, Paper.A4)
    assert "Appendix" not in " ".join(_pdf_text(path))
    write_pdf(_small_report(with_sterilizations=True), path, Paper.A4)
    assert "Appendix: sterilization log (2)" in " ".join(_pdf_text(path))


def test_an_emoji_no_font_draws_prints_a_visible_stand_in_and_stays_in_the_text(
    qapp: QApplication, tmp_path: Path
) -> None:
    face = Roller(name="Face 0.5", needle_mm=0.5, acquired_on=date(2025, 12, 1))
    note = "felt great 👍 and calm 😀, 中 and ü"
    document = Document(
        rollers=(face,),
        sessions=(Session(datetime(2026, 1, 5, 20, 0), "Face 0.5", ("chin",), notes=note),),
    )
    path = tmp_path / "emoji.pdf"
    write_pdf(build_report(document, ReportFilter(), NOW), path, Paper.A4)
    every = " ".join(_pdf_text(path))
    # The text layer keeps every character: those beyond the BMP (the emoji), those the print
    # font has, and those no font here may have (CJK on a machine with DejaVu only).
    # (pypdf may see a space after a glyph of another font: spaces are left out.)
    assert "feltgreat👍andcalm😀,中andü" in "".join(every.split())

    family = font_family()
    fallback = GlyphFallback(family)
    installed = [f for f in fallback._installed_fonts() if f[1].supportsCharacter(0x1F44D)]
    (extra,) = fallback.families_for("👍")
    font = QFont(extra)
    font.setPixelSize(100)
    raw = QRawFont.fromFont(font)
    (glyph,) = raw.glyphIndexesForString("👍")
    assert glyph != 0
    assert not raw.pathForGlyph(glyph).isEmpty()  # ink on the page, not an empty box
    if not installed:
        # Drawn as "[U+1F44D]": as wide as that text in the print font.
        main = QFont(family)
        main.setPixelSize(100)
        main_raw = QRawFont.fromFont(main)
        wanted = sum(
            a.x()
            for a in main_raw.advancesForGlyphIndexes(
                main_raw.glyphIndexesForString(stand_in_text(0x1F44D))
            )
        )
        width = raw.advancesForGlyphIndexes([glyph])[0].x()
        assert abs(width - wanted) < 2


def test_the_preview_renders_the_pages_without_showing_a_dialog(
    qtbot: object, qapp: QApplication, tmp_path: Path
) -> None:
    report = build_report(demo_document(120), ReportFilter(), NOW)
    dialog = make_preview_dialog(report, Paper.A4)
    preview = dialog.findChild(QPrintPreviewWidget)
    preview.updatePreview()
    assert not dialog.isVisible()
    expected = write_pdf(report, tmp_path / "same.pdf", Paper.A4)
    assert preview.pageCount() == expected > 1


def test_a_300_session_log_repeats_its_header_and_prints_each_session_once(
    qapp: QApplication, tmp_path: Path
) -> None:
    start = datetime(2025, 1, 1, 20, 0)
    face = Roller(name="Face 0.5", needle_mm=0.5, acquired_on=date(2024, 12, 1))
    sessions = tuple(
        Session(at=start + timedelta(days=day), roller="Face 0.5", areas=("chin",))
        for day in range(300)
    )
    report = build_report(Document(rollers=(face,), sessions=sessions), ReportFilter(), NOW)
    path = tmp_path / "long.pdf"
    pages = write_pdf(report, path, Paper.A4)
    texts = _pdf_text(path)
    stamp = re.compile(r"\d{1,2} [A-Z][a-z]+ \d{4} 20:00 Face 0.5")
    per_page = [len(stamp.findall(text)) for text in texts]
    assert sum(per_page) == 300  # each session once: no row lost, split or repeated
    session_pages = [i for i, n in enumerate(per_page) if n]
    for index in session_pages:
        assert "Sterilized before Sterilized after Notes" in texts[index]
    for index in session_pages[1:]:
        assert "Sessions (continued)" in texts[index]
    assert pages == len(texts) == lay_out(report, A4).page_count


def test_no_font_means_a_clear_error_and_no_file(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As on a bare machine: fontconfig names its aliases, but none of them draws a letter.
    monkeypatch.setattr(printing, "_usable", lambda family: "")
    path = tmp_path / "nothing.pdf"
    with pytest.raises(NoFontError, match="no usable font is installed"):
        write_pdf(_small_report(), path, Paper.A4)
    assert not path.exists()


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


def test_the_body_map_marks_each_spot_where_its_area_is(qapp: QApplication) -> None:
    from PySide6.QtCore import QRectF

    rect = QRectF(0, 0, 2000, 1900)
    art = printing.BODY_MAP
    from rollerlog.domain.areas import AREAS

    spots = {area.slug: art.anchor(area.slug, rect) for area in AREAS}
    assert all(point is not None and rect.contains(point) for point in spots.values())
    # Facing the person: their left cheek is on the viewer's right, and so on down the body.
    assert spots["left-cheek"].x() > spots["right-cheek"].x()  # type: ignore[union-attr]
    assert spots["left-hand"].x() > spots["right-hand"].x()  # type: ignore[union-attr]
    assert spots["neck"].y() < spots["abdomen"].y() < spots["left-foot"].y()  # type: ignore[union-attr]
    assert len({(p.x(), p.y()) for p in spots.values() if p is not None}) == len(AREAS)


def test_the_printed_body_map_is_the_app_s_art_with_each_mark_inside_its_area(
    qapp: QApplication,
) -> None:
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QTransform

    from rollerlog.ui.body_map import load_regions

    rect = QRectF(40, 60, 520, 300)
    placements = printing.BODY_MAP.placements(rect)
    assert set(placements) == {"front", "back", "face"}
    for slug, region in load_regions().items():
        target, column, scale = placements[region.view]
        assert rect.contains(target), region.view
        shape = (
            QTransform()
            .translate(target.left(), target.top())
            .scale(scale, scale)
            .translate(-column.left(), -column.top())
            .map(region.path)
        )
        mark = printing.BODY_MAP.anchor(slug, rect)
        assert mark is not None
        assert shape.contains(mark), slug  # the number sits on its own area's region
    assert printing.BODY_MAP.anchor("elbow", rect) is None


def test_paper_size_is_a4_or_letter(qapp: QApplication, tmp_path: Path) -> None:
    sizes = {}
    for paper in Paper:
        path = tmp_path / f"{paper.value}.pdf"
        write_pdf(_small_report(), path, paper)
        box = pypdf.PdfReader(path).pages[0].mediabox
        sizes[paper] = (round(float(box.width)), round(float(box.height)))
    assert sizes == {Paper.A4: (595, 842), Paper.LETTER: (612, 792)}


def test_pages_are_handed_over_as_they_fill_and_then_forgotten(qapp: QApplication) -> None:
    import gc
    import weakref

    report = build_report(demo_document(300), ReportFilter(), NOW)
    log = lay_out(report, A4)
    earlier: list[weakref.ref[object]] = []
    alive_per_page: list[int] = []

    def sink(items: list[printing.Item], number: int) -> None:
        gc.collect()
        alive_per_page.append(sum(ref() is not None for ref in earlier))
        earlier.extend(weakref.ref(item) for item in items)

    pages = printing.lay_out_report(report, log.geometry, log.fonts, sink)
    assert pages == log.page_count == len(alive_per_page) > 10
    assert alive_per_page == [0] * pages  # no item of a page outlives its hand-over


def test_a_long_history_sums_up_the_rollers_used_to_their_limit(
    qapp: QApplication, tmp_path: Path
) -> None:
    report = build_report(demo_document(400), ReportFilter(), NOW)
    worn = [r for r in report.rollers if r.uses >= r.limit and r.discarded_on is None]
    assert len(report.rollers) > printing.ROLLERS_LISTED
    path = tmp_path / "long.pdf"
    write_pdf(report, path, Paper.A4)
    every = " ".join(_pdf_text(path))
    rollers = every[every.index("Rollers used in the period") : every.index("Areas in the period")]
    assert f"{len(worn)} rollers, {worn[0].name} … {worn[-1].name} 0.5 mm 15 / 15 each" in rollers
    assert "Body 1.0 1 mm, 540" in rollers  # the discarded one keeps its row, when and why
    assert "Dropped — fell on the bathroom tiles" in rollers


def test_the_chart_names_its_months_in_the_user_s_language(
    qapp: QApplication, tmp_path: Path
) -> None:
    from rollerlog.domain.wording import use_locale

    use_locale("fr_FR")
    try:
        path = tmp_path / "log.pdf"
        # A year of weekly sessions from January 2025: the chart labels its months.
        write_pdf(build_report(demo_document(60), ReportFilter(), NOW), path, Paper.A4)
    finally:
        use_locale(None)
    text = " ".join(_pdf_text(path))
    assert "févr." in text  # the chart's months, not strftime's "Feb"
    assert "mars" in text
    assert "janv. 2026" in text  # January carries its year
    assert not re.search(r"\b(Feb|Mar|Apr)\b", text)
