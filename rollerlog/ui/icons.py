"""Icons loaded from the shipped resources through importlib.resources, cached."""

from __future__ import annotations

import functools
from pathlib import Path

from PySide6.QtGui import QIcon, QPixmap

from rollerlog.resources_access import app_icon_pngs, app_icon_svg


@functools.cache
def app_icon() -> QIcon:
    """The application icon: the SVG for any size, plus the exact PNG renderings."""
    svg = app_icon_svg()
    # QIcon needs a file name to render an SVG at every size; resources are plain files in
    # a wheel or a frozen app. If they ever come from a zip, the PNG sizes still cover it.
    icon = QIcon(str(svg)) if isinstance(svg, Path) and svg.is_file() else QIcon()
    for png in app_icon_pngs().values():
        pixmap = QPixmap()
        if pixmap.loadFromData(png.read_bytes(), "PNG"):
            icon.addPixmap(pixmap)
    return icon
