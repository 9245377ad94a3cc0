"""Icons from the ``rollerlog.resources`` package, loaded once as QIcons (sharp at any DPI).

The line icons (one stroke colour, :data:`LINE_INK`) are drawn in the palette's text
colour when they are painted, so they stay readable in a dark theme and on a selected
row (there in the highlighted-text colour). The state icons (stop, caution, ok, note)
keep their own colours: the colour is their meaning.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from PySide6.QtCore import QByteArray, QPoint, QRect, QSize
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QIcon,
    QIconEngine,
    QPainter,
    QPalette,
    QPixmap,
)

from rollerlog.resources_access import app_icon_pngs, app_icon_svg, resources_root

# This module loads before the window's first paint, so it never names PySide6's ``Qt``
# namespace: touching it builds every one of its enums at once, about 15 ms here.

LINE_INK = "#2f7d6d"
"""The one stroke colour of the line icons; replaced by the palette's text colour."""


def _icons_folder() -> Path:
    return Path(str(resources_root() / "icons"))


def icon_path(name: str) -> Path:
    """The SVG file of an icon, e.g. ``icon_path("stop")``."""
    return _icons_folder() / f"{name}.svg"


def ink_for(mode: QIcon.Mode, palette: QPalette | None = None) -> QColor:
    """The colour a line icon is drawn in for ``mode``: the text colour that goes with it."""
    palette = palette or QGuiApplication.palette()
    if mode is QIcon.Mode.Disabled:
        return palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
    if mode is QIcon.Mode.Selected:
        return palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.HighlightedText)
    return palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.WindowText)


class TintedSvgEngine(QIconEngine):
    """Draws a one-colour SVG in the palette's text colour for the mode it is painted in."""

    def __init__(self, svg: str) -> None:
        super().__init__()
        self._svg = svg
        self._pixmaps: dict[tuple[str, int, int], QPixmap] = {}

    def clone(self) -> QIconEngine:
        engine = TintedSvgEngine(self._svg)
        _ENGINES.append(engine)  # Qt owns the clone's C++ side; Python must keep the object
        return engine

    def _render(self, size: QSize, mode: QIcon.Mode) -> QPixmap:
        from PySide6.QtSvg import QSvgRenderer

        ink = ink_for(mode).name()
        key = (ink, size.width(), size.height())
        cached = self._pixmaps.get(key)
        if cached is not None:
            return cached
        pixmap = QPixmap(size)
        pixmap.fill(QColor(0, 0, 0, 0))  # transparent; not Qt.GlobalColor: see below
        if not size.isEmpty():
            renderer = QSvgRenderer(QByteArray(self._svg.replace(LINE_INK, ink).encode()))
            painter = QPainter(pixmap)
            renderer.render(painter)
            painter.end()
        self._pixmaps[key] = pixmap
        return pixmap

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self._render(size, mode)

    def scaledPixmap(
        self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float
    ) -> QPixmap:
        pixmap = self._render(size * scale, mode)
        pixmap.setDevicePixelRatio(scale)
        return pixmap

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        ratio = painter.device().devicePixelRatioF() if painter.device() else 1.0
        pixmap = self._render(rect.size() * ratio, mode)
        pixmap.setDevicePixelRatio(ratio)
        painter.drawPixmap(QPoint(rect.x(), rect.y()), pixmap)

    def actualSize(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QSize:
        return size

    def key(self) -> str:
        return "rollerlog-tinted-svg"


_ENGINES: list[TintedSvgEngine] = []
"""Every engine made, kept alive as long as the icons that hold them (for the whole run)."""


@cache
def icon(name: str) -> QIcon:
    """The icon of that name (an empty icon when the file is missing).

    A line icon follows the palette's text colour; a coloured state icon is drawn as it is.
    """
    path = icon_path(name)
    if not path.exists():
        return QIcon()
    svg = path.read_text(encoding="utf-8")
    if set(re.findall(r"#[0-9a-fA-F]{6}", svg)) != {LINE_INK}:
        return QIcon(str(path))
    engine = TintedSvgEngine(svg)
    _ENGINES.append(engine)
    return QIcon(engine)


@cache
def app_icon() -> QIcon:
    """The application icon: the SVG for any size, plus the exact PNG renderings."""
    svg = app_icon_svg()
    # QIcon needs a file name to render an SVG at every size; resources are plain files in
    # a wheel or a frozen app. If they ever come from a zip, the PNG sizes still cover it.
    result = QIcon(str(svg)) if isinstance(svg, Path) and svg.is_file() else QIcon()
    for png in app_icon_pngs().values():
        pixmap = QPixmap()
        if pixmap.loadFromData(png.read_bytes(), "PNG"):
            result.addPixmap(pixmap)
    return result
