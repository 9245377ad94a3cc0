"""The printed log on paper: pages laid out with QPainter onto a PDF, a printer or an image.

The content comes from ``rollerlog.report.content``; this module only decides where it
goes: a summary on page 1 (conditions, spots with a body map, overridden stops, procedures,
rollers, areas), a chart of the sessions, the session table, the notes in full, the legend
and, when asked, the sterilization log. Tables repeat their header row on every page and
never split a row; every page carries "Page n of m" and the generation date. Pages are laid
out and painted one at a time, so a long log does not hold all its pages in memory.
Colours are fixed (dark ink on white), whatever the desktop theme, and the fonts are
embedded in the PDF so its text can be selected and searched.

Layout units are tenths of a point (1/720 inch); the painter is scaled to the device.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
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

from rollerlog.domain.wording import format_clock, format_day, format_short_month
from rollerlog.meta import APP_NAME
from rollerlog.report.content import LesionLine, Report, RollerLine, StopLine
from rollerlog.ui.stand_in_fonts import GlyphFallback, restore_text_layer

UNITS_PER_POINT = 10
PDF_RESOLUTION = 1200

# A fixed light palette: printed pages look the same whatever the desktop theme.
INK = QColor("#111111")
MUTED = QColor("#4a4a4a")
RULE = QColor("#9a9a9a")
HEADER_FILL = QColor("#e4e4e4")
STRIPE_FILL = QColor("#f4f4f4")
STOP_INK = QColor("#8a1010")
CAUTION_INK = QColor("#8a5a00")
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

#: Notes and topicals longer than this many lines are shortened in the session table and
#: printed whole in the "Notes in full" section.
NOTE_LINES = 4


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
    """The few text styles of the log, as pixel sizes in layout units, and the fallback
    that draws the characters the print font lacks."""

    family: str
    fallback: GlyphFallback | None = field(default=None, compare=False)

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


def plain_text(text: Text) -> str:
    """The characters of ``text`` without their styles."""
    return text if isinstance(text, str) else "".join(run.text for run in text)


def lay_out_text(
    text: Text,
    font: QFont,
    width: float,
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
    color: QColor | None = None,
    *,
    fallback: GlyphFallback | None = None,
    wrap: bool = True,
    max_lines: int | None = None,
) -> tuple[QTextLayout, float]:
    """Wrap ``text`` into ``width`` units; returns the layout and its height.

    ``fallback`` adds the fonts that draw the characters the print font lacks. With
    ``wrap`` False the text stays on one line per paragraph (days never break); with
    ``max_lines`` only that many lines are laid out (see :func:`fits_in_lines`).
    """
    runs = _runs(text)
    plain = "".join(run.text for run in runs).replace("\r\n", "\n").replace("\n", "\u2028")
    if fallback is not None:
        extra = fallback.families_for(plain)
        if extra:
            font = QFont(font)
            font.setFamilies([*extra, *font.families()])
    layout = QTextLayout(plain, font)
    option = QTextOption(align)
    option.setWrapMode(
        QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere if wrap else QTextOption.WrapMode.NoWrap
    )
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
    while max_lines is None or layout.lineCount() < max_lines:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        line.setPosition(QPointF(0, height))
        height += line.height()
    layout.endLayout()
    return layout, height


def _laid_out_all(layout: QTextLayout) -> bool:
    if layout.lineCount() == 0:
        return True
    last = layout.lineAt(layout.lineCount() - 1)
    return last.textStart() + last.textLength() >= len(layout.text())


# --------------------------------------------------------------------------- page items


@dataclass
class TextItem:
    """Laid-out text at a place; ``first``/``last`` pick a range of its lines."""

    x: float
    y: float
    layout: QTextLayout
    first: int = 0
    last: int | None = None

    def paint(self, painter: QPainter) -> None:
        if self.first == 0 and self.last is None:
            self.layout.draw(painter, QPointF(self.x, self.y))
            return
        last = self.layout.lineCount() if self.last is None else self.last
        top = self.layout.lineAt(self.first).y()
        for index in range(self.first, last):
            self.layout.lineAt(index).draw(painter, QPointF(self.x, self.y - top))


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


@dataclass
class FigureItem:
    """A drawing in a rectangle of the page (the chart, the body map)."""

    rect: QRectF
    draw: Callable[[QPainter, QRectF], None]

    def paint(self, painter: QPainter) -> None:
        painter.save()
        self.draw(painter, self.rect)
        painter.restore()


Item = TextItem | BoxItem | LineItem | FigureItem


@dataclass
class Column:
    """A table column: its header, share of the width and alignment.

    ``wrap`` False keeps each line of the cell whole (days); ``max_lines`` shortens a cell
    longer than that, and the table's ``on_cut`` says where the whole text is printed.
    """

    header: str
    width: float
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft
    wrap: bool = True
    max_lines: int | None = None
    fit: Sequence[str] = ()
    """Texts the column must hold on one line each: its width is the widest of them."""


@dataclass
class Row:
    """A table row: its cells and, optionally, a full-width line under them never shortened."""

    cells: Sequence[Text]
    below: Text = ""
    cut_marker: Callable[[], Text] | None = None
    """Called when a cell is shortened: the marker to end it with."""


@dataclass
class Table:
    """A table to place: its columns and rows (read one at a time, never all held)."""

    columns: Sequence[Column]
    rows: Iterable[Row | Sequence[Text]]
    empty_text: str = "None."


CELL_PAD_X = 2.5 * UNITS_PER_POINT
CELL_PAD_Y = 2.2 * UNITS_PER_POINT


@dataclass
class _PlacedRow:
    height: float
    cells: list[tuple[float, QTextLayout]]
    below: QTextLayout | None = None
    below_height: float = 0.0


PageSink = Callable[[list[Item], int], None]


class _EnoughPagesError(Exception):
    """Raised by a page sink that has what it wanted: no need to lay out the rest."""


class Paginator:
    """Places headings, paragraphs, figures and tables onto pages, top to bottom.

    Each finished page goes to ``sink`` at once (with its number, from 1) and is then
    forgotten, so a long log never holds more than one page of laid-out text.
    """

    def __init__(self, geometry: PageGeometry, fonts: Fonts, sink: PageSink) -> None:
        self.geometry = geometry
        self.fonts = fonts
        self.sink = sink
        self.items: list[Item] = []
        self.page_number = 1
        self.y = geometry.body_top

    # -- basics
    def new_page(self) -> None:
        self.sink(self.items, self.page_number)
        self.items = []
        self.page_number += 1
        self.y = self.geometry.body_top

    def finish(self) -> int:
        """Hand over the last page; returns the number of pages."""
        self.sink(self.items, self.page_number)
        self.items = []
        return self.page_number

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

    def lay_out(
        self,
        text: Text,
        font: QFont,
        width: float,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
        color: QColor | None = None,
        **more: object,
    ) -> tuple[QTextLayout, float]:
        return lay_out_text(
            text,
            font,
            width,
            align,
            color,
            fallback=self.fonts.fallback,
            **more,  # type: ignore[arg-type]
        )

    def measure(self, text: Text, font: QFont, width: float | None = None) -> float:
        return self.lay_out(text, font, width or self.geometry.body_width)[1]

    def paragraph(
        self,
        text: Text,
        font: QFont | None = None,
        color: QColor | None = None,
        *,
        indent: float = 0.0,
        width: float | None = None,
    ) -> None:
        """A block of wrapped text; one taller than what is left flows on, line by line."""
        left = self.geometry.body_left + indent
        width = width or self.geometry.body_width - indent
        layout, height = self.lay_out(text, font or self.fonts.body, width, color=color)
        self.flow(layout, height, left)

    def flow(self, layout: QTextLayout, height: float, left: float) -> None:
        """Place ``layout`` at ``left``, breaking it between lines at the page ends."""
        if height <= self.space_left or (self.at_page_top and height <= self.space_left):
            self.items.append(TextItem(left, self.y, layout))
            self.y += height
            return
        first = 0
        count = layout.lineCount()
        while first < count:
            if self.space_left < layout.lineAt(first).height():
                self.new_page()
            top = layout.lineAt(first).y()
            last = first
            while last < count:
                line = layout.lineAt(last)
                if line.y() + line.height() - top > self.space_left:
                    break
                last += 1
            if last == first:  # one line taller than a page: place it anyway
                last = first + 1
            self.items.append(TextItem(left, self.y, layout, first, last))
            end_line = layout.lineAt(last - 1)
            self.y += end_line.y() + end_line.height() - top
            first = last

    def heading_height(self, text: str) -> float:
        return self.measure(text, self.fonts.heading) + 8 * UNITS_PER_POINT

    def heading(self, text: Text, keep_with: float = 0.0, *, font: QFont | None = None) -> None:
        """A section heading, kept on the same page as the ``keep_with`` units after it."""
        self.gap(10)
        font = font or self.fonts.heading
        layout, height = self.lay_out(text, font, self.geometry.body_width)
        self.ensure(height + 8 * UNITS_PER_POINT + keep_with)
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
        self.y += 5 * UNITS_PER_POINT

    def figure(self, height: float, draw: Callable[[QPainter, QRectF], None]) -> None:
        """A drawing across the body width, kept whole on one page."""
        self.ensure(height)
        rect = QRectF(self.geometry.body_left, self.y, self.geometry.body_width, height)
        self.items.append(FigureItem(rect, draw))
        self.y += height

    # -- tables
    def _widths(self, columns: Sequence[Column]) -> list[float]:
        fixed: dict[int, float] = {}
        for index, column in enumerate(columns):
            if column.fit:
                key = (tuple(column.fit), self.fonts.family)
                if key not in _FIT_CACHE:
                    _FIT_CACHE[key] = max(
                        _natural_width(text, self.fonts.cell) for text in column.fit
                    )
                fixed[index] = _FIT_CACHE[key] + 2 * CELL_PAD_X + 1 * UNITS_PER_POINT
        rest = self.geometry.body_width - sum(fixed.values())
        total = sum(column.width for index, column in enumerate(columns) if index not in fixed)
        return [
            fixed[index] if index in fixed else rest * column.width / total
            for index, column in enumerate(columns)
        ]

    def _row(
        self,
        row: Row,
        columns: Sequence[Column],
        widths: Sequence[float],
        font: QFont,
    ) -> _PlacedRow:
        placed: list[tuple[float, QTextLayout]] = []
        tallest = 0.0
        limit = (self.geometry.body_bottom - self.geometry.body_top) * 0.6
        for text, column, width in zip(row.cells, columns, widths, strict=True):
            inner = width - 2 * CELL_PAD_X
            layout, height = self.lay_out(
                text, font, inner, column.align, wrap=column.wrap, max_lines=column.max_lines
            )
            if column.max_lines is not None and not _laid_out_all(layout):
                marker: Text = row.cut_marker() if row.cut_marker else " …"
                keep = len(plain_text(text))
                while keep > 0:
                    keep = int(keep * 0.85)
                    shortened = [*_cut_runs(_runs(text), keep), *_runs(marker)]
                    layout, height = self.lay_out(shortened, font, inner, column.align)
                    if layout.lineCount() <= column.max_lines:
                        break
            elif height > limit:
                # A cell is never split across pages; one this tall is shortened.
                keep = len(plain_text(text))
                while height > limit and keep > 40:
                    keep = int(keep * limit / height * 0.95)
                    layout, height = self.lay_out(
                        [*_cut_runs(_runs(text), keep), Run(" … [shortened]")],
                        font,
                        inner,
                        column.align,
                    )
            placed.append((height, layout))
            tallest = max(tallest, height)
        result = _PlacedRow(height=tallest + 2 * CELL_PAD_Y, cells=placed)
        if plain_text(row.below):
            below, below_height = self.lay_out(
                row.below, font, self.geometry.body_width - 2 * CELL_PAD_X - widths[0]
            )
            result.below = below
            result.below_height = below_height + CELL_PAD_Y
        return result

    def _place_row(self, row: _PlacedRow, widths: Sequence[float], fill: QColor | None) -> None:
        left = self.geometry.body_left
        full = row.height + row.below_height
        if fill is not None and full <= self.space_left:
            self.items.append(BoxItem(QRectF(left, self.y, self.geometry.body_width, full), fill))
        x = left
        for (_, layout), width in zip(row.cells, widths, strict=True):
            self.items.append(TextItem(x + CELL_PAD_X, self.y + CELL_PAD_Y, layout))
            x += width
        self.y += row.height
        if row.below is not None:
            # Under the cells, from the second column on: never shortened; a very long one
            # flows on to the next page rather than being cut.
            self.flow(row.below, row.below_height - CELL_PAD_Y, left + widths[0] + CELL_PAD_X)
            self.y += CELL_PAD_Y
        self.items.append(
            LineItem(left, self.y, left + self.geometry.body_width, self.y, RULE, 0.4 * 10)
        )

    def table(self, title: Text, table: Table, *, title_font: QFont | None = None) -> int:
        """A titled table; its header row repeats on each page and no row is split.

        Rows are laid out one at a time as they are placed. Returns the number of rows.
        """
        widths = self._widths(table.columns)
        header = self._row(
            Row([column.header for column in table.columns]),
            table.columns,
            widths,
            self.fonts.cell_header,
        )
        rows = iter(table.rows)
        first = next(rows, None)
        if first is None:
            empty = self.measure(table.empty_text, self.fonts.body)
            self.heading(title, keep_with=empty, font=title_font)
            self.paragraph(table.empty_text, color=MUTED)
            return 0
        placed: _PlacedRow | None = self._row(
            _as_row(first), table.columns, widths, self.fonts.cell
        )
        assert placed is not None
        self.heading(
            title,
            keep_with=header.height + min(placed.height, 200 * UNITS_PER_POINT),
            font=title_font,
        )
        self._place_row(header, widths, HEADER_FILL)
        count = 0
        continued = plain_text(title)
        while placed is not None:
            if placed.height + min(placed.below_height, 60 * UNITS_PER_POINT) > self.space_left:
                self.new_page()
                caption, height = self.lay_out(
                    f"{continued} (continued)", self.fonts.small, self.geometry.body_width
                )
                self.items.append(TextItem(self.geometry.body_left, self.y, caption))
                self.y += height + 2 * UNITS_PER_POINT
                self._place_row(header, widths, HEADER_FILL)
            self._place_row(placed, widths, STRIPE_FILL if count % 2 else None)
            count += 1
            following = next(rows, None)
            placed = (
                None
                if following is None
                else self._row(_as_row(following), table.columns, widths, self.fonts.cell)
            )
        return count


_FIT_CACHE: dict[tuple[tuple[str, ...], str], float] = {}


def _natural_width(text: str, font: QFont) -> float:
    """How wide ``text`` is on one line."""
    layout, _ = lay_out_text(text, font, 1e7, wrap=False)
    return max(layout.lineAt(i).naturalTextWidth() for i in range(layout.lineCount()))


def _as_row(row: Row | Sequence[Text]) -> Row:
    return row if isinstance(row, Row) else Row(row)


def _cut_runs(runs: Sequence[Run], keep: int) -> list[Run]:
    """The first ``keep`` characters of ``runs``, keeping their styles."""
    kept: list[Run] = []
    for run in runs:
        if keep <= 0:
            break
        kept.append(Run(run.text[:keep].rstrip(), run.bold, run.color, run.points))
        keep -= len(run.text)
    return kept


# --------------------------------------------------------------------------- words


def day_text(day: date) -> str:
    """A day as the log prints it (the one day formatter of ``domain.wording``)."""
    return format_day(day)


def moment_text(moment: datetime) -> str:
    """A day and time as the log prints it: the day, then the 24-hour time."""
    return f"{format_day(moment.date())} {format_clock(moment)}"


def period_text(report: Report) -> str:
    """The range of the log in words."""
    start = day_text(report.start) if report.start else "the first entry"
    return f"{start} to {day_text(report.end)}"


def generated_text(report: Report) -> str:
    """When and by what the log was made, as the footer of every page says it."""
    return f"Generated {moment_text(report.generated_at)} by {APP_NAME} {report.app_version}"


def day_samples() -> list[str]:
    """The widest days the log may print (one per month), for columns that must hold them."""
    return [day_text(date(2026, month, 28)) for month in range(1, 13)]


def moment_samples() -> list[str]:
    """The widest days and times the log may print, for one-line columns."""
    return [moment_text(datetime(2026, month, 28, 20, 58)) for month in range(1, 13)]


def _tick(value: bool) -> list[Run]:
    if value:
        return [Run(TICK, bold=True, color=QColor(TICK_INK), points=11)]
    return [Run(CROSS, bold=True, color=QColor(STOP_INK), points=11)]


def _month_label(day: date) -> str:
    """A chart's month label in the user's language; January carries its year."""
    month = format_short_month(day)
    return month if day.month != 1 else f"{month}\n{day.year}"


# --------------------------------------------------------------------------- body map


class ArtBodyMap:
    """The app's own body-map art (front, back and face, one region per area) for print.

    The same SVG the app shows (:mod:`rollerlog.ui.body_map`), drawn in greys on white,
    the views in a row with the face larger, as on Today; a spot's marker goes on the point
    inside its area's region that the app puts its tick on. It answers what the log asks
    of a body map: ``paint(painter, rect, small)`` and ``anchor(slug, rect)``.
    """

    #: The art's colours on paper: light skin, grey lines, white regions, light hair.
    PRINT_SKIN = QColor("#efefef")
    PRINT_LINE = MUTED
    PRINT_REGION = PAPER
    PRINT_HAIR = QColor("#d6d6d6")
    CAPTION = 9 * UNITS_PER_POINT
    """Height kept under the views for their captions."""

    def placements(self, rect: QRectF) -> dict[str, tuple[QRectF, QRectF, float]]:
        """Per view: where it goes in ``rect``, the part of the art it shows, and the scale."""
        from rollerlog.ui.body_map import FACE_ZOOM, VIEWS

        zoom = {name: FACE_ZOOM if name == "face" else 1.0 for name, *_rest in VIEWS}
        gap = rect.width() * 0.03
        width = sum(column.width() * zoom[name] for name, _t, column, _s in VIEWS)
        height = max(column.height() * zoom[name] for name, _t, column, _s in VIEWS)
        scale = min(
            (rect.width() - gap * (len(VIEWS) - 1)) / width, (rect.height() - self.CAPTION) / height
        )
        used = width * scale + gap * (len(VIEWS) - 1)
        x = rect.left() + (rect.width() - used) / 2
        placed = {}
        for name, _title, column, _sides in VIEWS:
            view_scale = scale * zoom[name]
            size = QSizeF(column.width() * view_scale, column.height() * view_scale)
            target = QRectF(QPointF(x, rect.top()), size)
            placed[name] = (target, column, view_scale)
            x = target.right() + gap
        return placed

    def anchor(self, slug: str, rect: QRectF) -> QPointF | None:
        """Where the marker of area ``slug`` goes in ``rect`` (None for an unknown area)."""
        from rollerlog.ui.body_map import load_regions

        region = load_regions().get(slug)
        if region is None:
            return None
        target, column, scale = self.placements(rect)[region.view]
        point = region.anchor
        return QPointF(
            target.left() + (point.x() - column.left()) * scale,
            target.top() + (point.y() - column.top()) * scale,
        )

    def paint(self, painter: QPainter, rect: QRectF, small: QFont) -> None:
        """Draw the three views in ``rect``, each captioned under it."""
        from PySide6.QtCore import QByteArray
        from PySide6.QtSvg import QSvgRenderer

        from rollerlog.ui import body_map

        svg = body_map.art_text()
        for old, new in (
            (body_map.ART_SKIN, self.PRINT_SKIN),
            (body_map.ART_LINE, self.PRINT_LINE),
            (body_map.ART_REGION, self.PRINT_REGION),
            (body_map.ART_HAIR, self.PRINT_HAIR),
        ):
            svg = svg.replace(old, new.name())
        renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
        painter.setFont(small)
        for name, (target, column, _scale) in self.placements(rect).items():
            renderer.setViewBox(column)
            painter.save()
            painter.setClipRect(target)
            renderer.render(painter, target)
            painter.restore()
            painter.setPen(MUTED)
            painter.drawText(
                QRectF(target.left() - 20, target.bottom() + 1 * UNITS_PER_POINT,
                       target.width() + 40, self.CAPTION),
                int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop),
                body_map.VIEW_TITLES[name][0],
            )  # fmt: skip


BODY_MAP = ArtBodyMap()


@dataclass(frozen=True)
class _Marker:
    number: int
    area: str
    stop: bool
    healed: bool


def _draw_body_map(markers: Sequence[_Marker], fonts: Fonts) -> Callable[[QPainter, QRectF], None]:
    def draw(painter: QPainter, rect: QRectF) -> None:
        art = QRectF(rect.left(), rect.top(), rect.width(), rect.height() - 12 * UNITS_PER_POINT)
        BODY_MAP.paint(painter, art, fonts.make(6.5))
        radius = 4.2 * UNITS_PER_POINT
        seen: dict[str, int] = defaultdict(int)
        painter.setFont(fonts.make(5.8, bold=True))
        for marker in markers:
            where = BODY_MAP.anchor(marker.area, art)
            if where is None:
                continue
            shift = seen[marker.area]
            seen[marker.area] += 1
            centre = QPointF(where.x() + shift * radius * 1.6, where.y())
            pen = QPen(STOP_INK if marker.stop else CAUTION_INK)
            pen.setWidthF(0.8 * UNITS_PER_POINT)
            if marker.healed:
                pen.setColor(MUTED)
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(STOP_INK if marker.stop and not marker.healed else PAPER)
            painter.drawEllipse(centre, radius, radius)
            painter.setPen(PAPER if marker.stop and not marker.healed else INK)
            painter.drawText(
                QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius),
                int(Qt.AlignmentFlag.AlignCenter),
                str(marker.number),
            )

    return draw


# --------------------------------------------------------------------------- chart


def _chart(report: Report, fonts: Fonts) -> tuple[float, Callable[[QPainter, QRectF], None]]:
    """The sessions of the period over time, one row per area; its height and its drawing."""
    row_height = 11 * UNITS_PER_POINT
    axis = 16 * UNITS_PER_POINT
    height = len(report.areas) * row_height + axis + 4 * UNITS_PER_POINT
    first = report.first_day or report.end
    if report.sessions:
        first = min(first, report.sessions[0].at.date())
    last = max(report.end, first + timedelta(days=1))
    first -= timedelta(days=max(2, (last - first).days // 60))
    span = (last - first).days + 1
    by_label = {line.label: index for index, line in enumerate(report.areas)}

    def draw(painter: QPainter, rect: QRectF) -> None:
        label_width = 75 * UNITS_PER_POINT
        plot = QRectF(
            rect.left() + label_width,
            rect.top(),
            rect.width() - label_width - 4 * UNITS_PER_POINT,
            len(report.areas) * row_height,
        )

        def x_of(moment: date) -> float:
            return plot.left() + plot.width() * ((moment - first).days + 0.5) / span

        painter.setFont(fonts.make(7))
        for index, line in enumerate(report.areas):
            top = plot.top() + index * row_height
            if index % 2:
                painter.fillRect(QRectF(rect.left(), top, rect.width(), row_height), STRIPE_FILL)
            painter.setPen(INK)
            painter.drawText(
                QRectF(rect.left(), top, label_width - 4 * UNITS_PER_POINT, row_height),
                int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight),
                line.label,
            )
        # Month lines and labels along the bottom.
        pen = QPen(RULE)
        pen.setWidthF(0.3 * UNITS_PER_POINT)
        month = date(first.year, first.month, 1)
        months = []
        while month <= last:
            if month >= first:
                months.append(month)
            month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        step = max(1, len(months) // 14 + (1 if len(months) > 14 else 0))
        painter.setFont(fonts.make(6.5))
        for index, month in enumerate(months):
            x = x_of(month)
            painter.setPen(pen)
            painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
            if index % step == 0 and x < plot.right() - 20 * UNITS_PER_POINT:
                painter.setPen(MUTED)
                painter.drawText(
                    QRectF(x, plot.bottom() + 2 * UNITS_PER_POINT, 60 * UNITS_PER_POINT, axis),
                    int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
                    _month_label(month),
                )
        frame = QPen(MUTED)
        frame.setWidthF(0.5 * UNITS_PER_POINT)
        painter.setPen(frame)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(plot)
        dot = 2.1 * UNITS_PER_POINT
        for session in report.sessions:
            x = x_of(session.at.date())
            flagged = {label for stop in session.stops for label in stop.area_labels}
            for label in session.area_labels:
                if label not in by_label:
                    continue
                y = plot.top() + (by_label[label] + 0.5) * row_height
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(INK)
                painter.drawEllipse(QPointF(x, y), dot, dot)
                if label in flagged:
                    ring = QPen(STOP_INK)
                    ring.setWidthF(0.9 * UNITS_PER_POINT)
                    painter.setPen(ring)
                    painter.setBrush(Qt.BrushStyle.NoBrush)
                    painter.drawEllipse(QPointF(x, y), dot * 2.1, dot * 2.1)

    return height, draw


# --------------------------------------------------------------------------- the log


SESSION_COLUMNS = (
    Column("Day and time", 62, wrap=False, fit=day_samples()),
    Column("Roller and needles", 56),
    Column("Use", 24, Qt.AlignmentFlag.AlignCenter, fit=["88 / 88"]),
    Column("Areas", 64),
    Column("Test\npatch", 28, Qt.AlignmentFlag.AlignCenter, fit=["patch"]),
    Column("Topical", 62, max_lines=NOTE_LINES),
    Column("Sterilized\nbefore", 44, Qt.AlignmentFlag.AlignCenter, fit=["Sterilized"]),
    Column("Sterilized\nafter", 44, Qt.AlignmentFlag.AlignCenter, fit=["Sterilized"]),
    Column("Notes", 112, max_lines=NOTE_LINES),
)


def _stop_runs(stop: StopLine) -> list[Run]:
    return [
        Run("STOP overridden: ", bold=True, color=QColor(STOP_INK)),
        # The rule's title only: its code is for scripts (the CSV has it), not for a reader.
        Run(stop.title, bold=True),
        Run(f" — {', '.join(stop.area_labels)}. Reason given: {stop.reason}"),
    ]


def _session_rows(report: Report, long_notes: list[int]) -> Iterator[Row]:
    """The session table's rows; a row whose notes or topical get shortened joins
    ``long_notes`` (by its index), to be printed whole after the table."""
    for index, line in enumerate(report.sessions):
        below: list[Run] = []
        for stop in line.stops:
            if below:
                below.append(Run("\n"))
            below.extend(_stop_runs(stop))
        for side in line.missed_sterilizations:
            if below:
                below.append(Run("\n"))
            below.append(Run("Finding: ", bold=True, color=QColor(STOP_INK)))
            below.append(Run(f"no sterilization of this roller is logged {side} this session."))

        def marker(index: int = index) -> Text:
            if not long_notes or long_notes[-1] != index:
                long_notes.append(index)
            return [Run(f" … [in full: note {len(long_notes)}]", bold=True)]

        yield Row(
            [
                f"{format_day(line.at.date())}\n{format_clock(line.at)}",
                f"{line.roller}\n{line.needle_mm} mm",
                f"{line.use_number} / {line.limit}",
                ", ".join(line.area_labels),
                "yes" if line.test_patch else "",
                line.topical,
                _tick(line.sterilized_before),
                _tick(line.sterilized_after),
                line.notes,
            ],
            below,
            marker,
        )


def _spot_text(number: int, spot: LesionLine, healed: bool) -> list[Run]:
    runs = [
        Run(f"{number}. ", bold=True),
        Run(f"{spot.area_label}: ", bold=True),
        Run(spot.kind_label),
        Run(f", noted {day_text(spot.noted_on)}"),
    ]
    if healed and spot.resolved_on is not None:
        runs.append(Run(f", healed {day_text(spot.resolved_on)}"))
    if spot.notes:
        runs.append(Run(f" — {spot.notes}"))
    return runs


#: With more rollers than this, those retired at their limit are summed up per needle length.
ROLLERS_LISTED = 10


def _roller_rows(report: Report) -> Iterator[list[Text]]:
    """The rollers table's rows: each roller, or for a long history, the rollers used up to
    their limit grouped by needle length (a discarded roller always has its own row)."""
    worn: dict[str, list[RollerLine]] = defaultdict(list)
    group = len(report.rollers) > ROLLERS_LISTED
    for r in report.rollers:
        if group and r.discarded_on is None and r.uses >= r.limit:
            worn[r.needle_mm].append(r)
            continue
        yield [
            r.name,
            f"{r.needle_mm} mm"
            + (f", {r.needle_count}" if r.needle_count else "")
            + (f"\n{r.material}" if r.material else ""),
            r.uses_text,
            str(r.sessions_in_period),
            r.state,
            (
                f"{day_text(r.discarded_on)}, {r.discard_reason}"
                + (f" — {r.notes}" if r.notes else "")
                if r.discarded_on
                else ""
            ),
        ]
    for needle_mm, rollers in worn.items():
        yield [
            f"{len(rollers)} rollers, {rollers[0].name} … {rollers[-1].name}",
            f"{needle_mm} mm",
            f"{rollers[0].limit} / {rollers[0].limit} each",
            str(sum(r.sessions_in_period for r in rollers)),
            "Worn out, replaced",
            "",
        ]


def _summary(pages: Paginator, report: Report) -> None:
    fonts = pages.fonts
    geometry = pages.geometry
    pages.paragraph("Microneedling log — summary", fonts.title)
    pages.y += 3 * UNITS_PER_POINT
    if report.person:
        pages.paragraph([Run("Person: ", bold=True), Run(report.person)])
    pages.paragraph([Run("Period: ", bold=True), Run(period_text(report))])
    pages.paragraph(
        [
            Run("Filters: ", bold=True),
            Run(report.filter_text or "none, every session of the period"),
            Run(". Health conditions, cosmetic procedures and spots show whatever the filters."),
        ]
    )
    pages.paragraph(
        f"{len(report.sessions)} session(s) in the log. {report.settings_summary}",
        fonts.small,
        MUTED,
    )

    # Conditions and spots on the left, the body map on the right.
    map_width = geometry.body_width * 0.42
    left_width = geometry.body_width - map_width - 8 * UNITS_PER_POINT
    map_height = map_width * 0.95
    left: list[tuple[Text, QFont, QColor | None]] = []
    left.append(("Health conditions", fonts.heading, None))
    if report.conditions:
        left.extend((f"•  {condition}", fonts.body, None) for condition in report.conditions)
    else:
        left.append(("None recorded.", fonts.body, MUTED))
    markers: list[_Marker] = []
    number = 0
    stops = [spot for spot in report.lesions if spot.stop]
    cautions = [spot for spot in report.lesions if not spot.stop]
    left.append((f"Spots to avoid on {day_text(report.end)}", fonts.heading, None))
    if not report.lesions:
        left.append(("None.", fonts.body, MUTED))
    for group, title, ink in (
        (stops, "STOP — never needle over (lupus patch, broken or inflamed skin):", STOP_INK),
        (cautions, "Caution — needle around (moles, skin tags, keloids, other):", CAUTION_INK),
    ):
        if not group:
            continue
        left.append(([Run(title, bold=True, color=QColor(ink))], fonts.body, None))
        for spot in group:
            number += 1
            markers.append(_Marker(number, spot.area, spot.stop, healed=False))
            left.append((_spot_text(number, spot, healed=False), fonts.body, None))
    left.append(("Spots healed in the period", fonts.heading, None))
    if not report.healed:
        left.append(("None.", fonts.body, MUTED))
    for spot in report.healed:
        number += 1
        markers.append(_Marker(number, spot.area, spot.stop, healed=True))
        left.append((_spot_text(number, spot, healed=True), fonts.body, MUTED))

    pages.gap(8)
    top = pages.y
    laid = []
    for text, font, color in left:
        layout, height = pages.lay_out(text, font, left_width, color=color)
        gap = 6 * UNITS_PER_POINT if font is fonts.heading else 1 * UNITS_PER_POINT
        laid.append((layout, height, gap))
    left_height = sum(height + gap for _, height, gap in laid)
    pages.ensure(min(max(left_height, map_height), pages.space_left))
    top = pages.y
    pages.items.append(
        FigureItem(
            QRectF(
                geometry.body_left + left_width + 8 * UNITS_PER_POINT, top, map_width, map_height
            ),
            _draw_body_map(markers, fonts),
        )
    )
    for layout, height, gap in laid:
        pages.y += gap if pages.y > top else 0
        pages.flow(layout, height, geometry.body_left)
    if pages.page_number == 1 or pages.y > top:
        pages.y = max(pages.y, top + map_height)
    key = [
        Run("Map: ", bold=True),
        Run("●", color=QColor(STOP_INK)),
        Run(" stop  "),
        Run("○", color=QColor(CAUTION_INK)),
        Run(" caution  "),
        Run("◌", color=QColor(MUTED)),
        Run(" healed. Face and front are seen facing the person: their left is on your right."),
    ]
    pages.paragraph(key, fonts.small, MUTED)

    pages.table(
        f"Overridden stops in the period: {len(report.overrides)}",
        Table(
            [
                Column("Day and time", 21, wrap=False, fit=moment_samples()),
                Column("Areas", 22),
                Column("Rule", 27),
                Column("Reason given", 40),
            ],
            (
                [
                    moment_text(o.at),
                    ", ".join(o.stop.area_labels),
                    [Run(o.stop.title, bold=True, color=QColor(STOP_INK))],
                    o.stop.reason,
                ]
                for o in report.overrides
            ),
            "No safety stop was overridden in the period.",
        ),
    )
    pages.table(
        "Cosmetic procedures in the period and the 90 days before",
        Table(
            [
                Column("Day and time", 21, wrap=False, fit=moment_samples()),
                Column("Procedure", 30),
                Column("Product", 22),
                Column("Areas", 27),
            ],
            (
                [moment_text(p.at), p.kind_label, p.product, ", ".join(p.area_labels)]
                for p in report.procedures
            ),
            "None recorded in the period or the 90 days before it.",
        ),
    )
    pages.table(
        "Rollers used in the period",
        Table(
            [
                Column("Roller", 19),
                Column("Needles", 15),
                Column("Uses / limit", 10, Qt.AlignmentFlag.AlignCenter),
                Column("Sessions in the log", 10, Qt.AlignmentFlag.AlignCenter),
                Column("State", 12),
                Column("Discarded: when, why", 22),
            ],
            _roller_rows(report),
            "No roller in the period.",
        ),
    )
    pages.table(
        "Areas in the period",
        Table(
            [
                Column("Area", 20),
                Column("Sessions", 10, Qt.AlignmentFlag.AlignCenter),
                Column("Shortest gap / interval", 20, Qt.AlignmentFlag.AlignCenter),
                Column("Last session", 20, wrap=False, fit=day_samples()),
                Column("Next safe day", 20, wrap=False, fit=day_samples()),
            ],
            (
                [
                    a.label,
                    str(a.sessions),
                    (
                        [
                            Run(
                                f"{a.shortest_gap_days} / {a.gap_interval_days} days",
                                bold=a.gap_too_short,
                                color=QColor(STOP_INK if a.gap_too_short else INK),
                            )
                        ]
                        if a.shortest_gap_days is not None
                        else "—"
                    ),
                    day_text(a.last_session) if a.last_session else "—",
                    day_text(a.next_safe_on) if a.next_safe_on else "—",
                ]
                for a in report.areas
            ),
            "No area was needled in the period.",
        ),
    )
    pages.paragraph(
        "Shortest gap: the fewest days between two sessions of the period on the area, against "
        "the interval the earlier one set (in red when shorter). Last session and next safe day "
        "count every session up to the end of the period.",
        fonts.small,
        MUTED,
    )


def lay_out_report(report: Report, geometry: PageGeometry, fonts: Fonts, sink: PageSink) -> int:
    """Lay the whole log out, handing each page to ``sink`` as soon as it is full.

    Returns the number of pages. The running header and footer are not included: they are
    painted with each page, once the page count is known.
    """
    pages = Paginator(geometry, fonts, sink)
    _summary(pages, report)

    if report.areas:
        height, draw = _chart(report, fonts)
        pages.heading(
            "Sessions over time",
            keep_with=height + 20 * UNITS_PER_POINT,
        )
        pages.paragraph(
            [
                Run("One row per area, a dot per session; "),
                Run("a red ring", bold=True, color=QColor(STOP_INK)),
                Run(" marks a session that went ahead despite a stop on that area."),
            ],
            fonts.small,
            MUTED,
        )
        pages.y += 3 * UNITS_PER_POINT
        pages.figure(height, draw)

    long_notes: list[int] = []
    pages.table(
        "Sessions",
        Table(
            SESSION_COLUMNS,
            _session_rows(report, long_notes),
            "No session in the period.",
        ),
    )
    pages.paragraph(
        f"Day and time; use: the roller's use number against the limit, counting uses before "
        f"it was logged; {TICK} a sterilization of that roller is logged between its previous "
        f"session and this one (before), or between this one and its next (after), {CROSS} "
        "none is. A line under a session lists each safety stop overridden with its reason, "
        "and each missing sterilization.",
        fonts.small,
        MUTED,
    )

    if long_notes:
        pages.heading("Notes in full", keep_with=30 * UNITS_PER_POINT)
        for number, index in enumerate(long_notes, start=1):
            line = report.sessions[index]
            pages.y += 3 * UNITS_PER_POINT
            text: list[Run] = [Run(f"{number}. {moment_text(line.at)}, {line.roller}. ", bold=True)]
            if line.topical:
                text += [Run("Topical: ", bold=True), Run(line.topical)]
            if line.topical and line.notes:
                text.append(Run("\n"))
            if line.notes:
                text += [Run("Notes: ", bold=True), Run(line.notes)]
            pages.paragraph(text, fonts.body)

    pages.heading("Legend", keep_with=30 * UNITS_PER_POINT)
    for entry in report.legend:
        pages.y += 3 * UNITS_PER_POINT
        pages.paragraph(
            [Run(entry.code, bold=True), Run(f" — {entry.title}. {entry.explanation}")],
            fonts.small,
        )
    if not report.legend:
        pages.paragraph("No safety stop was overridden in this period.", fonts.small)

    if report.with_sterilizations:
        _sterilization_appendix(pages, report)
    return pages.finish()


def _sterilization_appendix(pages: Paginator, report: Report) -> None:
    """The sterilization log in two halves side by side, each read down its column."""
    fonts = pages.fonts
    names = sorted({s.roller for s in report.sterilizations if len(s.roller) <= 24}, key=len)
    half = [
        Column("Day and time", 96, wrap=False, fit=moment_samples()),
        Column("Roller", 62, fit=names[-1:]),
        Column("Method", 70, fit=list(SHORT_METHOD_LABELS.values())),
        Column("Min.", 22, Qt.AlignmentFlag.AlignCenter, fit=["Min."]),
    ]
    columns = [*half, Column("", 10), *half]
    title = f"Appendix: sterilization log ({len(report.sterilizations)})"
    pages.new_page()
    if not report.sterilizations:
        pages.heading(title)
        pages.paragraph("No sterilization logged in the period.", color=MUTED)
        return
    widths = pages._widths(columns)
    header = pages._row(Row([c.header for c in columns]), columns, widths, fonts.cell_header)
    blank = ["", "", "", ""]
    cells = [
        [
            moment_text(s.at),
            s.roller,
            SHORT_METHOD_LABELS.get(s.method, s.method_label),
            "" if s.minutes is None else str(s.minutes),
        ]
        for s in report.sterilizations
    ]
    # Each half row's height, so that a page takes exactly the rows that fit.
    heights = [pages._row(Row(cell), half, widths[:4], fonts.cell).height for cell in cells]
    position = 0
    first = True
    while position < len(cells):
        if first:
            pages.heading(title, keep_with=header.height + max(heights[:1]))
            pages.paragraph(
                "Read down the left half, then down the right half.", fonts.small, MUTED
            )
            pages.y += 2 * UNITS_PER_POINT
        else:
            pages.new_page()
            caption, height = pages.lay_out(f"{title} (continued)", fonts.small, 1e6)
            pages.items.append(TextItem(pages.geometry.body_left, pages.y, caption))
            pages.y += height + 2 * UNITS_PER_POINT
        first = False
        pages._place_row(header, widths, HEADER_FILL)
        room = pages.space_left
        left_count = 0
        for down in range(1, len(cells) - position + 1):
            used = sum(
                max(
                    heights[position + i],
                    heights[position + i + down] if position + i + down < len(cells) else 0,
                )
                for i in range(down)
            )
            if used > room:
                break
            left_count = down
            if position + 2 * down >= len(cells):
                break
        down = max(1, left_count)
        for index in range(down):
            left = position + index
            right = left + down
            placed = pages._row(
                Row([*cells[left], "", *(cells[right] if right < len(cells) else blank)]),
                columns,
                widths,
                fonts.cell,
            )
            pages._place_row(placed, widths, STRIPE_FILL if index % 2 else None)
        position += 2 * down


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
        f"Microneedling log{who} — {period_text(report)}",
        fonts.small,
        width,
        color=MUTED,
        fallback=fonts.fallback,
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


class LaidOutLog:
    """A log laid out for one page size, painted page by page on any device.

    Laying out is cheap enough to do twice: once to count the pages (for "Page n of m"),
    then again while painting, each page drawn and dropped as soon as it is full. So the
    memory a log needs does not grow with its length.
    """

    def __init__(self, report: Report, geometry: PageGeometry, fonts: Fonts) -> None:
        self.report = report
        self.geometry = geometry
        self.fonts = fonts
        self.page_count = lay_out_report(report, geometry, fonts, lambda items, number: None)

    def _paint(self, painter: QPainter, items: list[Item], number: int, dpi: float) -> None:
        painter.save()
        scale = dpi / (72 * UNITS_PER_POINT)
        painter.scale(scale, scale)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.setPen(INK)
        for item in items:
            item.paint(painter)
        _paint_page_frame(painter, self.report, self.geometry, self.fonts, number, self.page_count)
        painter.restore()

    def paint_page(self, painter: QPainter, index: int, dots_per_inch: float) -> None:
        """Paint page ``index`` (from 0) with the painter at the page's top-left corner."""

        def sink(items: list[Item], number: int) -> None:
            if number == index + 1:
                self._paint(painter, items, number, dots_per_inch)
                raise _EnoughPagesError

        with contextlib.suppress(_EnoughPagesError):
            lay_out_report(self.report, self.geometry, self.fonts, sink)

    def paint_all(
        self, painter: QPainter, dots_per_inch: float, new_page: Callable[[], object]
    ) -> int:
        """Paint every page in turn, calling ``new_page`` between them; returns the count."""

        def sink(items: list[Item], number: int) -> None:
            if number > 1:
                new_page()
            self._paint(painter, items, number, dots_per_inch)

        return lay_out_report(self.report, self.geometry, self.fonts, sink)


def lay_out(report: Report, page_points: QSizeF) -> LaidOutLog:
    """Lay the log out on pages of ``page_points`` (width and height in points)."""
    geometry = PageGeometry.for_points(page_points)
    family = font_family()
    fonts = Fonts(family, GlyphFallback(family))
    return LaidOutLog(report, geometry, fonts)


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
        return log.paint_all(painter, device.logicalDpiX(), device.newPage)
    finally:
        painter.end()


def write_pdf(report: Report, path: Path, paper: Paper | None = None) -> int:
    """Write the log as a PDF with embedded, searchable text; returns the number of pages.

    Raises NoFontError, before creating any file, when no font is available.
    """
    ensure_gui_application()
    font_family()
    writer = QPdfWriter(str(path))
    writer.setResolution(PDF_RESOLUTION)
    writer.setTitle(f"Microneedling log — {period_text(report)}")
    writer.setCreator(f"{APP_NAME} {report.app_version}")
    writer.setPageLayout(
        QPageLayout(
            (paper or default_paper()).page_size,
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
            QPageLayout.Unit.Point,
        )
    )
    pages = paint_on_device(report, writer)
    del writer  # closes the file
    restore_text_layer(path)
    return pages


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
