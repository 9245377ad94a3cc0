"""The printed log on paper: pages laid out with QPainter onto a PDF, a printer or an image.

The content comes from ``rollerlog.report.content``; this module only decides where it
goes. Tables repeat their header row on every page and never split a row; every page
carries "Page n of m" and the generation date. Colours are fixed (dark ink on white),
whatever the desktop theme, and the fonts are embedded in the PDF so its text can be
selected and searched.

Layout units are tenths of a point (1/720 inch); the painter is scaled to the device.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QRawFont,
    QTextCharFormat,
    QTextLayout,
    QTextOption,
)

from rollerlog.domain.wording import format_clock, format_day, format_moment, format_numeric_day
from rollerlog.meta import APP_NAME
from rollerlog.report.content import Report

UNITS_PER_POINT = 10
PDF_RESOLUTION = 1200

# A fixed light palette: printed pages look the same whatever the desktop theme.
INK = QColor("#111111")
MUTED = QColor("#4a4a4a")
RULE = QColor("#9a9a9a")
HEADER_FILL = QColor("#e4e4e4")
STRIPE_FILL = QColor("#f4f4f4")
STOP_INK = QColor("#8a1010")
TICK_INK = QColor("#0d5c1e")
PAPER = QColor("#ffffff")

PREFERRED_FAMILIES = ("DejaVu Sans", "Liberation Sans", "Noto Sans", "Arial", "Helvetica")

#: Sterilization methods as the narrow printed table names them.
SHORT_METHOD_LABELS = {
    "isopropyl-70": "Isopropyl 70%",
    "isopropyl-other": "Isopropyl, other",
    "other": "Other",
}

TICK = "✓"
CROSS = "✗"


class NoFontError(RuntimeError):
    """No usable font: a PDF would have no text in it."""


class Paper(StrEnum):
    """The paper sizes the log is laid out for."""

    A4 = "a4"
    LETTER = "letter"

    @property
    def page_size(self) -> QPageSize:
        """The Qt page size of this paper."""
        return QPageSize(
            QPageSize.PageSizeId.A4 if self is Paper.A4 else QPageSize.PageSizeId.Letter
        )

    @property
    def label(self) -> str:
        """How the paper is named to people."""
        return "A4" if self is Paper.A4 else "US Letter"


def default_paper() -> Paper:
    """The locale's paper: from LC_PAPER first (then LC_ALL, LANG), else Qt's system locale.

    Letter where the locale measures in inches (United States and a few others), else A4.
    """
    from rollerlog.report.paper import paper_from_locale

    named = paper_from_locale()
    if named is not None:
        return Paper(named)
    from PySide6.QtCore import QLocale

    system = QLocale.system().measurementSystem()
    return Paper.LETTER if system == QLocale.MeasurementSystem.ImperialUSSystem else Paper.A4


def ensure_gui_application() -> QGuiApplication:
    """The running Qt application, or a new one; headless (offscreen) when there is no display.

    The offscreen platform is chosen only on Linux-like systems with neither X11 nor Wayland,
    and only when the user has not chosen a platform already.
    """
    existing = QGuiApplication.instance()
    if existing is not None:
        return existing  # type: ignore[return-value]
    headless = not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if "QT_QPA_PLATFORM" not in os.environ and headless and sys.platform not in ("win32", "darwin"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    return QGuiApplication([APP_NAME])


def _usable(family: str) -> str:
    """The real family ``family`` resolves to when it draws letters, else ""."""
    font = QFont(family)
    font.setPixelSize(20)
    raw = QRawFont.fromFont(font)
    if not raw.isValid() or not raw.familyName():
        return ""
    if 0 in raw.glyphIndexesForString("Ag1"):
        return ""
    return raw.familyName()


def font_family() -> str:
    """The family to print with; raises NoFontError when no installed font can draw text.

    Without fonts, fontconfig still lists its aliases ("Sans Serif"), which resolve to
    nothing: a PDF drawn with them would have no text, so they do not count.
    """
    families = QFontDatabase.families()
    general = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont).family()
    candidates = [f for f in PREFERRED_FAMILIES if f in families]
    candidates += [general, *families]
    for family in candidates:
        real = _usable(family)
        if real:
            return real
    raise NoFontError(
        "no usable font is installed, so the PDF would contain no readable text; install a "
        "font (on Debian or Ubuntu: apt install fonts-dejavu-core) and try again"
    )


# --------------------------------------------------------------------------- geometry


@dataclass(frozen=True)
class PageGeometry:
    """Where things go on a page, in layout units (tenths of a point)."""

    width: float
    height: float
    margin_left: float = 15 * 72 / 25.4 * UNITS_PER_POINT
    margin_right: float = 15 * 72 / 25.4 * UNITS_PER_POINT
    margin_top: float = 12 * 72 / 25.4 * UNITS_PER_POINT
    margin_bottom: float = 12 * 72 / 25.4 * UNITS_PER_POINT
    running_header: float = 22 * UNITS_PER_POINT
    footer: float = 22 * UNITS_PER_POINT

    @classmethod
    def for_points(cls, size: QSizeF) -> PageGeometry:
        """The geometry of a page of ``size`` points."""
        return cls(width=size.width() * UNITS_PER_POINT, height=size.height() * UNITS_PER_POINT)

    @property
    def body_left(self) -> float:
        return self.margin_left

    @property
    def body_width(self) -> float:
        return self.width - self.margin_left - self.margin_right

    @property
    def body_top(self) -> float:
        return self.margin_top + self.running_header

    @property
    def body_bottom(self) -> float:
        return self.height - self.margin_bottom - self.footer


@dataclass(frozen=True)
class Fonts:
    """The few text styles of the log, as pixel sizes in layout units."""

    family: str

    def make(self, points: float, *, bold: bool = False) -> QFont:
        font = QFont(self.family)
        font.setPixelSize(round(points * UNITS_PER_POINT))
        font.setBold(bold)
        font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
        font.setKerning(True)
        # No ligatures: "fi" stays two letters, so a search of the PDF for "first" finds it.
        for tag in ("liga", "clig", "dlig"):
            font.setFeature(QFont.Tag(tag), 0)
        return font

    @property
    def title(self) -> QFont:
        return self.make(17, bold=True)

    @property
    def heading(self) -> QFont:
        return self.make(11.5, bold=True)

    @property
    def body(self) -> QFont:
        return self.make(9)

    @property
    def small(self) -> QFont:
        return self.make(7.5)

    @property
    def cell(self) -> QFont:
        return self.make(8)

    @property
    def cell_header(self) -> QFont:
        return self.make(7, bold=True)


# --------------------------------------------------------------------------- text


@dataclass(frozen=True)
class Run:
    """A piece of text with one style."""

    text: str
    bold: bool = False
    color: QColor = field(default_factory=lambda: QColor(INK))
    points: float | None = None


Text = str | Sequence[Run]


def _runs(text: Text) -> Sequence[Run]:
    return [Run(text)] if isinstance(text, str) else text


def lay_out_text(
    text: Text,
    font: QFont,
    width: float,
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
    color: QColor | None = None,
) -> tuple[QTextLayout, float]:
    """Wrap ``text`` into ``width`` units; returns the layout and its height."""
    runs = _runs(text)
    plain = "".join(run.text for run in runs).replace("\r\n", "\n").replace("\n", "\u2028")
    layout = QTextLayout(plain, font)
    option = QTextOption(align)
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    ranges = []
    start = 0
    for run in runs:
        char_format = QTextCharFormat()
        char_format.setForeground(color if color is not None and not run.bold else run.color)
        if run.points is not None:
            sized = QFont(font)
            sized.setPixelSize(round(run.points * UNITS_PER_POINT))
            char_format.setFont(sized)
        if run.bold:
            char_format.setFontWeight(QFont.Weight.Bold)
        # Qt counts UTF-16 code units: an emoji is two of them.
        length = len(run.text.encode("utf-16-le")) // 2
        piece = QTextLayout.FormatRange()
        piece.start = start
        piece.length = length
        piece.format = char_format
        ranges.append(piece)
        start += length
    layout.setFormats(ranges)
    layout.beginLayout()
    height = 0.0
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        line.setPosition(QPointF(0, height))
        height += line.height()
    layout.endLayout()
    return layout, height


# --------------------------------------------------------------------------- page items


@dataclass
class TextItem:
    x: float
    y: float
    layout: QTextLayout

    def paint(self, painter: QPainter) -> None:
        self.layout.draw(painter, QPointF(self.x, self.y))


@dataclass
class BoxItem:
    rect: QRectF
    fill: QColor

    def paint(self, painter: QPainter) -> None:
        painter.fillRect(self.rect, self.fill)


@dataclass
class LineItem:
    x1: float
    y1: float
    x2: float
    y2: float
    color: QColor
    width: float = 0.6 * UNITS_PER_POINT

    def paint(self, painter: QPainter) -> None:
        pen = QPen(self.color)
        pen.setWidthF(self.width)
        painter.setPen(pen)
        painter.drawLine(QPointF(self.x1, self.y1), QPointF(self.x2, self.y2))


Item = TextItem | BoxItem | LineItem


@dataclass
class Column:
    """A table column: its header, share of the width and alignment."""

    header: str
    width: float
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft


@dataclass
class Table:
    """A table to place: its columns and rows of cell texts."""

    columns: Sequence[Column]
    rows: Sequence[Sequence[Text]]
    empty_text: str = "None."


CELL_PAD_X = 2.5 * UNITS_PER_POINT
CELL_PAD_Y = 2.2 * UNITS_PER_POINT
SHORTENED = " … [shortened here; the CSV export has the full text]"


def _cut_runs(runs: Sequence[Run], keep: int) -> list[Run]:
    """The first ``keep`` characters of ``runs``, keeping their styles."""
    kept: list[Run] = []
    for run in runs:
        if keep <= 0:
            break
        kept.append(Run(run.text[:keep].rstrip(), run.bold, run.color, run.points))
        keep -= len(run.text)
    return kept


@dataclass
class _PlacedRow:
    height: float
    cells: list[tuple[float, QTextLayout]]


class Paginator:
    """Places headings, paragraphs and tables onto pages, top to bottom."""

    def __init__(self, geometry: PageGeometry, fonts: Fonts) -> None:
        self.geometry = geometry
        self.fonts = fonts
        self.pages: list[list[Item]] = []
        self.y = 0.0
        self.new_page()

    # -- basics
    def new_page(self) -> None:
        self.pages.append([])
        self.y = self.geometry.body_top

    @property
    def items(self) -> list[Item]:
        return self.pages[-1]

    @property
    def space_left(self) -> float:
        return self.geometry.body_bottom - self.y

    @property
    def at_page_top(self) -> bool:
        return self.y <= self.geometry.body_top

    def ensure(self, height: float) -> None:
        """Start a new page unless ``height`` fits in what is left of this one."""
        if height > self.space_left and not self.at_page_top:
            self.new_page()

    def gap(self, points: float) -> None:
        if not self.at_page_top:
            self.y += points * UNITS_PER_POINT

    def measure(self, text: Text, font: QFont, width: float | None = None) -> float:
        return lay_out_text(text, font, width or self.geometry.body_width)[1]

    def paragraph(self, text: Text, font: QFont | None = None, color: QColor | None = None) -> None:
        """A block of wrapped text across the body width."""
        layout, height = lay_out_text(
            text, font or self.fonts.body, self.geometry.body_width, color=color
        )
        self.ensure(height)
        self.items.append(TextItem(self.geometry.body_left, self.y, layout))
        self.y += height

    def heading_height(self, text: str) -> float:
        return self.measure(text, self.fonts.heading) + 8 * UNITS_PER_POINT

    def heading(self, text: str, keep_with: float = 0.0) -> None:
        """A section heading, kept on the same page as the ``keep_with`` units after it."""
        self.gap(12)
        self.ensure(self.heading_height(text) + keep_with)
        layout, height = lay_out_text(text, self.fonts.heading, self.geometry.body_width)
        self.items.append(TextItem(self.geometry.body_left, self.y, layout))
        self.y += height + 2 * UNITS_PER_POINT
        self.items.append(
            LineItem(
                self.geometry.body_left,
                self.y,
                self.geometry.body_left + self.geometry.body_width,
                self.y,
                INK,
                0.8 * UNITS_PER_POINT,
            )
        )
        self.y += 6 * UNITS_PER_POINT

    # -- tables
    def _widths(self, columns: Sequence[Column]) -> list[float]:
        total = sum(column.width for column in columns)
        return [self.geometry.body_width * column.width / total for column in columns]

    def _row(
        self,
        cells: Sequence[Text],
        columns: Sequence[Column],
        widths: Sequence[float],
        font: QFont,
    ) -> _PlacedRow:
        placed: list[tuple[float, QTextLayout]] = []
        tallest = 0.0
        limit = (self.geometry.body_bottom - self.geometry.body_top) * 0.8
        for text, column, width in zip(cells, columns, widths, strict=True):
            inner = width - 2 * CELL_PAD_X
            layout, height = lay_out_text(text, font, inner, column.align)
            if height > limit:
                # A row is never split across pages; a note longer than a page is shortened.
                runs = list(_runs(text))
                keep = sum(len(run.text) for run in runs)
                while height > limit and keep > 40:
                    keep = int(keep * limit / height * 0.95)
                    layout, height = lay_out_text(
                        [*_cut_runs(runs, keep), Run(SHORTENED)], font, inner, column.align
                    )
            placed.append((height, layout))
            tallest = max(tallest, height)
        return _PlacedRow(height=tallest + 2 * CELL_PAD_Y, cells=placed)

    def _place_row(self, row: _PlacedRow, widths: Sequence[float], fill: QColor | None) -> None:
        left = self.geometry.body_left
        if fill is not None:
            self.items.append(
                BoxItem(QRectF(left, self.y, self.geometry.body_width, row.height), fill)
            )
        x = left
        for (_, layout), width in zip(row.cells, widths, strict=True):
            self.items.append(TextItem(x + CELL_PAD_X, self.y + CELL_PAD_Y, layout))
            x += width
        self.y += row.height
        self.items.append(
            LineItem(left, self.y, left + self.geometry.body_width, self.y, RULE, 0.4 * 10)
        )

    def table(self, title: str, table: Table) -> None:
        """A titled table; its header row repeats on each page and no row is split."""
        widths = self._widths(table.columns)
        header = self._row(
            [column.header for column in table.columns],
            table.columns,
            widths,
            self.fonts.cell_header,
        )
        rows = [self._row(cells, table.columns, widths, self.fonts.cell) for cells in table.rows]
        if not rows:
            empty = self.measure(table.empty_text, self.fonts.body)
            self.heading(title, keep_with=empty)
            self.paragraph(table.empty_text, color=MUTED)
            return
        self.heading(title, keep_with=header.height + rows[0].height)
        self._place_row(header, widths, HEADER_FILL)
        for index, row in enumerate(rows):
            if row.height > self.space_left:
                self.new_page()
                continued, height = lay_out_text(
                    f"{title} (continued)", self.fonts.small, self.geometry.body_width
                )
                self.items.append(TextItem(self.geometry.body_left, self.y, continued))
                self.y += height + 2 * UNITS_PER_POINT
                self._place_row(header, widths, HEADER_FILL)
            self._place_row(row, widths, STRIPE_FILL if index % 2 else None)


# --------------------------------------------------------------------------- the log


def short_day(day: date) -> str:
    """A day in a narrow cell of the log, in the user's locale: "06/01/2025", "1/6/2025"."""
    return format_numeric_day(day)


def long_day(day: date) -> str:
    """A day in the log's heading, in the user's locale: "6 January 2025"."""
    return format_day(day)


def _moment(moment: datetime) -> str:
    return f"{short_day(moment.date())} {format_clock(moment)}"


def period_text(report: Report) -> str:
    """The range of the log in words."""
    start = long_day(report.start) if report.start else "the first entry"
    return f"{start} to {long_day(report.end)}"


def generated_text(report: Report) -> str:
    """When and by what the log was made, as the footer of every page says it."""
    return f"Generated {format_moment(report.generated_at)} by {APP_NAME} {report.app_version}"


def _tick(value: bool) -> list[Run]:
    if value:
        return [Run(TICK, bold=True, color=QColor(TICK_INK), points=11)]
    return [Run(CROSS, bold=True, color=QColor(STOP_INK), points=11)]


SESSION_COLUMNS = (
    Column("Date and time", 58),
    Column("Roller", 54),
    Column("Use", 24, Qt.AlignmentFlag.AlignCenter),
    Column("Areas", 64),
    Column("Test patch", 30, Qt.AlignmentFlag.AlignCenter),
    Column("Topical", 54),
    Column("Sterilized before", 48, Qt.AlignmentFlag.AlignCenter),
    Column("Sterilized after", 48, Qt.AlignmentFlag.AlignCenter),
    Column("Notes and acknowledged stops", 130),
)


def _session_rows(report: Report) -> list[list[Text]]:
    rows: list[list[Text]] = []
    for line in report.sessions:
        notes: list[Run] = []
        if line.notes:
            notes.append(Run(line.notes))
        for stop in line.stops:
            if notes:
                notes.append(Run("\n"))
            notes.append(Run(f"STOP {stop.code}", bold=True, color=QColor(STOP_INK)))
            notes.append(Run(f" ({stop.title}) acknowledged. Reason: {stop.reason}"))
        rows.append(
            [
                f"{short_day(line.at.date())}\n{format_clock(line.at)}",
                line.roller,
                f"{line.use_number}",
                ", ".join(line.area_labels),
                "yes" if line.test_patch else "",
                line.topical,
                _tick(line.sterilized_before),
                _tick(line.sterilized_after),
                notes,
            ]
        )
    return rows


def lay_out_report(report: Report, geometry: PageGeometry, fonts: Fonts) -> list[list[Item]]:
    """Every page of the log, as items to paint (the running header and footer excepted)."""
    pages = Paginator(geometry, fonts)

    # Title block.
    pages.paragraph("Microneedling session log", fonts.title)
    pages.y += 4 * UNITS_PER_POINT
    if report.person:
        pages.paragraph([Run("Person: ", bold=True), Run(report.person)])
    pages.paragraph([Run("Period: ", bold=True), Run(period_text(report))])
    if report.roller_filter:
        pages.paragraph([Run("Rollers: ", bold=True), Run(", ".join(report.roller_filter))])
    if report.area_filter:
        from rollerlog.domain.areas import area_label

        labels = ", ".join(area_label(area) for area in report.area_filter)
        pages.paragraph([Run("Areas: ", bold=True), Run(f"sessions touching {labels}")])
    pages.paragraph([Run("Generated: ", bold=True), Run(generated_text(report).split(" ", 1)[1])])
    pages.paragraph(
        f"{len(report.sessions)} session(s), {len(report.sterilizations)} sterilization(s). "
        f"{report.settings_summary} Roller uses are counted up to the end of the period.",
        fonts.small,
        MUTED,
    )

    # Health profile.
    pages.heading("Health conditions", keep_with=pages.measure("x", fonts.body))
    if report.conditions:
        for condition in report.conditions:
            pages.paragraph(f"•  {condition}")
    else:
        pages.paragraph("None recorded.", color=MUTED)
    pages.table(
        "Recent cosmetic procedures",
        Table(
            [
                Column("Date and time", 18),
                Column("Procedure", 30),
                Column("Product", 22),
                Column("Areas", 30),
            ],
            [
                [_moment(p.at), p.kind_label, p.product, ", ".join(p.area_labels)]
                for p in report.procedures
            ],
            "None recorded in the period or the 90 days before it.",
        ),
    )

    pages.table(
        "Rollers",
        Table(
            [
                Column("Roller", 17),
                Column("Needles", 14),
                Column("Acquired", 16),
                Column("Uses", 8, Qt.AlignmentFlag.AlignCenter),
                Column("State", 11),
                Column("Discarded", 12),
                Column("Notes", 22),
            ],
            [
                [
                    r.name,
                    f"{r.needle_mm} mm"
                    + (f", {r.needle_count}" if r.needle_count else "")
                    + (f"\n{r.material}" if r.material else ""),
                    short_day(r.acquired_on) + (f"\n{r.source}" if r.source else ""),
                    r.uses_text,
                    r.state,
                    (f"{short_day(r.discarded_on)}\n{r.discard_reason}" if r.discarded_on else ""),
                    r.notes,
                ]
                for r in report.rollers
            ],
            "No roller in the period.",
        ),
    )

    pages.table(
        "Sessions",
        Table(SESSION_COLUMNS, _session_rows(report), "No session in the period."),
    )

    # Two sterilizations side by side, in reading order, halve the length of this table.
    half = [
        Column("Date and time", 86),
        Column("Roller", 62),
        Column("Method", 76),
        Column("Min.", 24, Qt.AlignmentFlag.AlignCenter),
    ]
    cells = [
        [
            _moment(s.at),
            s.roller,
            SHORT_METHOD_LABELS.get(s.method, s.method_label),
            "" if s.minutes is None else str(s.minutes),
        ]
        for s in report.sterilizations
    ]
    if len(cells) % 2:
        cells.append(["", "", "", ""])
    pages.table(
        "Sterilization log",
        Table(
            [*half, Column("", 12), *half],
            [[*cells[i], "", *cells[i + 1]] for i in range(0, len(cells), 2)],
            "No sterilization logged in the period.",
        ),
    )

    pages.table(
        "Spots to avoid (unresolved at the end of the period)",
        Table(
            [Column("Area", 20), Column("Kind", 20), Column("Noted on", 16), Column("Notes", 44)],
            [
                [le.area_label, le.kind_label, short_day(le.noted_on), le.notes]
                for le in report.lesions
            ],
            "None.",
        ),
    )

    # Legend.
    key = (
        f"{TICK} a sterilization is logged for that roller between its previous session and "
        f"this one (before), or between this session and its next one (after); "
        f"{CROSS} none is logged. Use: the roller's use number, counting uses before it was "
        "logged. STOP: a safety rule said not to go ahead; the person did, giving the reason "
        "shown."
    )
    pages.heading("Legend", keep_with=pages.measure(key, fonts.small))
    pages.paragraph(key, fonts.small)
    for entry in report.legend:
        text = [Run(f"{entry.code}", bold=True), Run(f" — {entry.title}. {entry.explanation}")]
        pages.y += 3 * UNITS_PER_POINT
        pages.paragraph(text, fonts.small)
    if not report.legend:
        pages.y += 3 * UNITS_PER_POINT
        pages.paragraph("No safety stop was overridden in this period.", fonts.small)
    return pages.pages


# --------------------------------------------------------------------------- painting


def _paint_page_frame(
    painter: QPainter,
    report: Report,
    geometry: PageGeometry,
    fonts: Fonts,
    number: int,
    count: int,
) -> None:
    """The running header and the footer: who and when, "Page n of m"."""
    left = geometry.margin_left
    right = geometry.width - geometry.margin_right
    width = right - left
    top = geometry.margin_top
    who = f" — {report.person}" if report.person else ""
    header, height = lay_out_text(
        f"Microneedling session log{who} — {period_text(report)}",
        fonts.small,
        width,
        color=MUTED,
    )
    header.draw(painter, QPointF(left, top))
    LineItem(
        left,
        top + height + 3 * UNITS_PER_POINT,
        right,
        top + height + 3 * UNITS_PER_POINT,
        RULE,
        0.5 * UNITS_PER_POINT,
    ).paint(painter)

    bottom = geometry.height - geometry.margin_bottom
    footer_left, height = lay_out_text(generated_text(report), fonts.small, width * 0.7)
    footer_right, _ = lay_out_text(
        f"Page {number} of {count}",
        fonts.make(8, bold=True),
        width * 0.3,
        Qt.AlignmentFlag.AlignRight,
    )
    baseline = bottom - height
    LineItem(
        left,
        baseline - 4 * UNITS_PER_POINT,
        right,
        baseline - 4 * UNITS_PER_POINT,
        RULE,
        0.5 * UNITS_PER_POINT,
    ).paint(painter)
    footer_left.draw(painter, QPointF(left, baseline))
    footer_right.draw(painter, QPointF(left + width * 0.7, baseline))


@dataclass
class LaidOutLog:
    """A log laid out for one page size: its pages, ready to paint on any device."""

    report: Report
    geometry: PageGeometry
    fonts: Fonts
    pages: list[list[Item]]

    @property
    def page_count(self) -> int:
        return len(self.pages)

    def paint_page(self, painter: QPainter, index: int, dots_per_inch: float) -> None:
        """Paint page ``index`` (from 0) with the painter at the page's top-left corner."""
        painter.save()
        scale = dots_per_inch / (72 * UNITS_PER_POINT)
        painter.scale(scale, scale)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.setPen(INK)
        for item in self.pages[index]:
            item.paint(painter)
        _paint_page_frame(
            painter, self.report, self.geometry, self.fonts, index + 1, self.page_count
        )
        painter.restore()


def lay_out(report: Report, page_points: QSizeF) -> LaidOutLog:
    """Lay the log out on pages of ``page_points`` (width and height in points)."""
    geometry = PageGeometry.for_points(page_points)
    fonts = Fonts(font_family())
    return LaidOutLog(report, geometry, fonts, lay_out_report(report, geometry, fonts))


def paint_on_device(report: Report, device: QPagedPaintDevice) -> int:
    """Paint every page of the log on a PDF writer or printer; returns the number of pages.

    The device's page layout decides the paper; its margins should be zero (or, for a
    QPrinter, full-page mode on), because the log keeps its own margins.
    """
    page_points = device.pageLayout().fullRectPoints().size().toSizeF()
    log = lay_out(report, page_points)
    painter = QPainter()
    if not painter.begin(device):
        raise OSError("cannot start drawing on the printer or the file")
    try:
        dots_per_inch = device.logicalDpiX()
        for index in range(log.page_count):
            if index:
                device.newPage()
            log.paint_page(painter, index, dots_per_inch)
    finally:
        painter.end()
    return log.page_count


def write_pdf(report: Report, path: Path, paper: Paper | None = None) -> int:
    """Write the log as a PDF with embedded, searchable text; returns the number of pages.

    Raises NoFontError, before creating any file, when no font is available.
    """
    ensure_gui_application()
    font_family()
    writer = QPdfWriter(str(path))
    writer.setResolution(PDF_RESOLUTION)
    writer.setTitle(f"Microneedling session log — {period_text(report)}")
    writer.setCreator(f"{APP_NAME} {report.app_version}")
    writer.setPageLayout(
        QPageLayout(
            (paper or default_paper()).page_size,
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
            QPageLayout.Unit.Point,
        )
    )
    return paint_on_device(report, writer)


def render_page_image(
    report: Report, page: int = 0, dots_per_inch: int = 110, paper: Paper | None = None
) -> QImage:
    """One page of the log as an image on white paper (for previews and the README)."""
    ensure_gui_application()
    size = (paper or default_paper()).page_size.size(QPageSize.Unit.Point)
    log = lay_out(report, size)
    image = QImage(
        round(size.width() * dots_per_inch / 72),
        round(size.height() * dots_per_inch / 72),
        QImage.Format.Format_RGB32,
    )
    image.setDotsPerMeterX(round(dots_per_inch / 0.0254))
    image.setDotsPerMeterY(round(dots_per_inch / 0.0254))
    image.fill(PAPER)
    painter = QPainter(image)
    try:
        log.paint_page(painter, page, dots_per_inch)
    finally:
        painter.end()
    return image
