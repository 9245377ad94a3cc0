"""Icons from the ``rollerlog.resources`` package, loaded once as QIcons (sharp at any DPI)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtGui import QIcon, QPixmap

from rollerlog.resources_access import app_icon_pngs, app_icon_svg, resources_root


def _icons_folder() -> Path:
    return Path(str(resources_root() / "icons"))


def icon_path(name: str) -> Path:
    """The SVG file of an icon, e.g. ``icon_path("stop")``."""
    return _icons_folder() / f"{name}.svg"


@cache
def icon(name: str) -> QIcon:
    """The icon of that name (an empty icon when the file is missing)."""
    path = icon_path(name)
    return QIcon(str(path)) if path.exists() else QIcon()


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
