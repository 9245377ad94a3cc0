"""What the app remembers between runs in QSettings: window geometry, column widths, first run.

Never rule settings: those live in the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QMargins,
    QObject,
    QPoint,
    QRect,
    QSettings,
    QSize,
    QStandardPaths,
)
from PySide6.QtWidgets import QMainWindow, QTableView, QWidget

NOTICE_KEY = "notice/disclaimer-shown"
"""Set once the first-run notice (a log, not medical advice) has been shown."""
GEOMETRY_KEY = "window/geometry"
FILE_FOLDER_KEY = "files/last-folder"
"""The folder a file was last exported to; the file dialogs start there."""

DEFAULT_SIZE = QSize(1180, 780)
"""The window's size on a first start."""
MINIMUM_USEFUL_SIZE = QSize(900, 560)
"""Below this, Today's rollers and areas no longer fit; a restored geometry is grown to it
(never past the screen)."""
FRAME_ALLOWANCE = QMargins(4, 32, 4, 4)
"""Room left for a window manager's frame and title bar around a window not shown yet (whose
real frame is not known before it is shown)."""


def room_on(available: QRect, frame: QMargins = FRAME_ALLOWANCE) -> QRect:
    """Where a window's contents may lie on a screen with this available geometry: inside
    it, less the window's frame."""
    return available.marginsRemoved(frame)


def fitted_size(wanted: QSize, available: QRect, frame: QMargins = FRAME_ALLOWANCE) -> QSize:
    """``wanted``, made small enough that the window with its frame fits ``available``."""
    return wanted.boundedTo(room_on(available, frame).size())


def clamped_geometry(geometry: QRect, available: QRect, frame: QMargins = FRAME_ALLOWANCE) -> QRect:
    """A window geometry (its contents, without the frame) moved and shrunk to lie wholly
    inside ``available`` with its frame: a remembered geometry larger than the screen it
    opens on, or partly or wholly off it, comes back inside."""
    room = room_on(available, frame)
    size = geometry.size().boundedTo(room.size())
    left = min(max(geometry.left(), room.left()), room.right() - size.width() + 1)
    top = min(max(geometry.top(), room.top()), room.bottom() - size.height() + 1)
    return QRect(QPoint(left, top), size)


def centred_geometry(size: QSize, available: QRect, frame: QMargins = FRAME_ALLOWANCE) -> QRect:
    """A window of ``size`` (fitted to the screen) in the middle of ``available``."""
    room = room_on(available, frame)
    fitted = size.boundedTo(room.size())
    rect = QRect(QPoint(0, 0), fitted)
    rect.moveCenter(room.center())
    return clamped_geometry(rect, available, frame)


def frame_of(window: QWidget) -> QMargins:
    """The window's frame once shown; before that, the usual allowance."""
    frame, inner = window.frameGeometry(), window.geometry()
    if window.isVisible() and frame != inner:
        return QMargins(
            inner.left() - frame.left(),
            inner.top() - frame.top(),
            frame.right() - inner.right(),
            frame.bottom() - inner.bottom(),
        )
    return FRAME_ALLOWANCE


def fit_to_screen(window: QWidget, available: QRect | None = None) -> None:
    """Move and shrink a top-level window so it lies inside the screen it opens on."""
    if available is None:
        screen = window.screen()
        if screen is None:
            return
        available = screen.availableGeometry()
    window.setGeometry(clamped_geometry(window.geometry(), available, frame_of(window)))


def fitted_column_widths(
    content: Sequence[int], floors: Sequence[int], elastic: Sequence[int], width: int
) -> list[int]:
    """Column widths that fit ``width``: each column's ``content`` width, the ``elastic``
    columns shrunk (in proportion to what each can give, never below its floor) when the
    whole would be wider. Fixed columns keep their width even if the whole cannot fit."""
    widths = list(content)
    excess = sum(widths) - width
    give = {column: max(0, widths[column] - floors[column]) for column in elastic}
    total_give = sum(give.values())
    if excess <= 0 or total_give == 0:
        return widths
    wanted = min(excess, total_give)
    cuts = {column: give[column] * wanted // total_give for column in elastic}
    # What the rounding down left: a pixel at a time from the columns with most to give.
    short = wanted - sum(cuts.values())
    for column in sorted(elastic, key=lambda c: give[c] - cuts[c], reverse=True):
        if short <= 0:
            break
        if cuts[column] < give[column]:
            cuts[column] += 1
            short -= 1
    for column in elastic:
        widths[column] -= cuts[column]
    return widths


class ColumnFitter(QObject):
    """Keeps a table's columns fitted to their contents within the table's width.

    Columns listed as elastic (long free text: areas, topicals, notes) give up width, their
    text elided (the full text is the cell's tooltip), so that the table needs no horizontal
    scroll bar; they are re-fitted as the table is resized, until the person sizes a column
    by hand (or widths they chose were restored), which is then kept.
    """

    def __init__(self, table: QTableView, elastic: Sequence[int]) -> None:
        super().__init__(table)
        self.table = table
        self.elastic = tuple(elastic)
        self.by_hand = False
        self._fitting = False
        self._content: list[int] | None = None
        """The columns' widths for their contents, measured once per change of the rows."""
        table.installEventFilter(self)
        # The viewport narrows when the vertical scroll bar appears: watched too.
        table.viewport().installEventFilter(self)
        table.horizontalHeader().sectionResized.connect(self._resized_by_hand)
        # A reload resets the header's sections: not the person's doing.
        model = table.model()
        if model is not None:
            model.modelAboutToBeReset.connect(self._reset_starts)
            model.modelReset.connect(self._reset_ends)
            # New or changed rows may want other widths; a resize alone never does, so the
            # many resizes of a window being laid out only share the width out again.
            for changed in (
                model.dataChanged,
                model.rowsInserted,
                model.rowsRemoved,
                model.layoutChanged,
                model.headerDataChanged,
            ):
                changed.connect(self.contents_changed)

    def contents_changed(self) -> None:
        """Measure the contents again at the next fit."""
        self._content = None

    def _reset_starts(self) -> None:
        self._fitting = True
        self._content = None

    def _reset_ends(self) -> None:
        self._fitting = False
        if not self.by_hand and self.table.isVisible():
            self.fit()

    def _resized_by_hand(self, column: int, _old: int, _new: int) -> None:
        header = self.table.horizontalHeader()
        if header.stretchLastSection() and column == header.count() - 1:
            return  # the header filling the table's width with the last column
        if not self._fitting and self.table.isVisible():
            self.by_hand = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Re-fit on showing and on resizing, unless sized by hand."""
        kind = event.type()
        if kind in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._content = None
        # A hidden table is fitted when it is shown (fit() never measures it before), so
        # showing it alone does not call for measuring again.
        # (Only these events ask the table anything: others come while it is destroyed.)
        if (
            kind in (QEvent.Type.Show, QEvent.Type.Resize)
            and not self.by_hand
            and self.table.isVisible()
        ):
            self.fit()
        return super().eventFilter(watched, event)

    def fit(self, width: int | None = None) -> None:
        """Size the columns to their contents within ``width`` (by default the table's).

        A hidden table is left as it is: it is fitted when it is shown.
        """
        table, model = self.table, self.table.model()
        if model is None or not table.isVisible():
            return
        header = table.horizontalHeader()
        stretch = header.stretchLastSection()
        self._fitting = True
        try:
            count = model.columnCount()
            if self._content is None or len(self._content) != count:
                # Measured without the stretch, which would count the width the last column
                # fills as its content (and, kept, make it shrink the others when narrowed).
                header.setStretchLastSection(False)
                table.resizeColumnsToContents()
                self._content = [table.columnWidth(column) for column in range(count)]
            content = list(self._content)
            floor = max(header.minimumSectionSize(), table.fontMetrics().averageCharWidth() * 6)
            floors = [min(width_, floor) for width_ in content]
            if width is None:
                bar = table.verticalScrollBar()
                width = table.viewport().width()
                if not bar.isVisible() and model.rowCount() * max(1, table.rowHeight(0)) > (
                    table.viewport().height()
                ):
                    width -= bar.sizeHint().width()  # the bar the rows are about to need
            widths = fitted_column_widths(content, floors, self.elastic, width)
            for column, column_width in enumerate(widths):
                table.setColumnWidth(column, column_width)
            if stretch:  # the last column takes the spare width again
                header.setStretchLastSection(False)
        finally:
            if stretch:
                header.setStretchLastSection(True)
            self._fitting = False


def fit_columns(table: QTableView, elastic: Sequence[int]) -> ColumnFitter:
    """Keep ``table``'s columns within its width, shrinking the ``elastic`` ones."""
    return ColumnFitter(table, elastic)


def column_fitter(table: QTableView) -> ColumnFitter | None:
    """The fitter kept for ``table``, if it has one."""
    return table.findChild(ColumnFitter)


class WindowState:
    """The remembered state of one main window and its tables, in a QSettings store."""

    def __init__(self, settings: QSettings) -> None:
        self.settings = settings

    @staticmethod
    def _column_key(table: QTableView) -> str:
        return "columns/" + table.accessibleName().replace(" ", "_")

    def restore_columns(self, table: QTableView) -> None:
        """Give a table the column widths it had last time (or fit them to the contents)."""
        saved = self.settings.value(self._column_key(table))
        fitter = column_fitter(table)
        if isinstance(saved, QByteArray) and not saved.isEmpty():
            table.horizontalHeader().restoreState(saved)
            if fitter is not None:
                fitter.by_hand = True  # widths the person chose: kept as they were
        elif fitter is not None:
            fitter.fit()
        else:
            table.resizeColumnsToContents()
        header = table.horizontalHeader()
        if header.stretchLastSection():
            # Fitting or restoring sizes the last column too; hand it the spare width again.
            header.setStretchLastSection(False)
            header.setStretchLastSection(True)

    def save_columns(self, table: QTableView) -> None:
        """Remember a table's column widths (those the person chose; fitted ones are fitted
        again next time)."""
        fitter = column_fitter(table)
        if fitter is not None and not fitter.by_hand:
            self.settings.remove(self._column_key(table))
            return
        self.settings.setValue(self._column_key(table), table.horizontalHeader().saveState())

    def restore_geometry(self, window: QMainWindow, available: QRect | None = None) -> None:
        """The window's size and place from the last run, inside the screen it opens on
        (``available``, by default its screen's available geometry) and never smaller than
        useful; on a first start the default size, centred, shrunk to fit a small screen."""
        if available is None:
            available = window.screen().availableGeometry()
        geometry = self.settings.value(GEOMETRY_KEY)
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            window.restoreGeometry(geometry)
            if window.isMaximized() or window.isFullScreen():
                return  # the window system places those on the screen
            restored = window.geometry()
        else:
            restored = centred_geometry(DEFAULT_SIZE, available)
        # A geometry saved on another screen (or by a window that never finished opening)
        # may be too small to read Today; never start smaller than the smallest useful size.
        restored.setSize(restored.size().expandedTo(MINIMUM_USEFUL_SIZE))
        window.setGeometry(clamped_geometry(restored, available))

    def save_geometry(self, window: QMainWindow) -> None:
        """Remember the window's size and place."""
        self.settings.setValue(GEOMETRY_KEY, window.saveGeometry())

    def first_run_notice_due(self) -> bool:
        """True until the first-run notice has been shown once."""
        return not self.settings.value(NOTICE_KEY, False, type=bool)

    def first_run_notice_shown(self) -> None:
        """Remember that the first-run notice was shown."""
        self.settings.setValue(NOTICE_KEY, True)

    def file_folder(self) -> Path:
        """Where a file dialog starts: the folder used last, else the Documents folder."""
        saved = self.settings.value(FILE_FOLDER_KEY, "", type=str)
        if isinstance(saved, str) and saved and Path(saved).is_dir():
            return Path(saved)
        return self.documents_folder()

    @staticmethod
    def documents_folder() -> Path:
        """The person's Documents folder (their home when the system names none)."""
        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        return Path(documents) if documents and Path(documents).is_dir() else Path.home()

    def remember_file(self, chosen: Path) -> None:
        """Remember the folder of a file the person chose, for the next file dialog."""
        self.settings.setValue(FILE_FOLDER_KEY, str(chosen.parent))

    def sync(self) -> None:
        """Write what was remembered to disk now."""
        self.settings.sync()
