"""SVG icons from the ``rollerlog.resources`` package, loaded once as QIcons (sharp at any DPI)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from PySide6.QtGui import QIcon

import rollerlog


def _icons_folder() -> Path:
    try:
        folder = resources.files("rollerlog.resources") / "icons"
        return Path(str(folder))
    except ModuleNotFoundError:
        # Running from a checkout: resources/ sits beside the package, not inside it.
        return Path(rollerlog.__file__).resolve().parent.parent / "resources" / "icons"


def icon_path(name: str) -> Path:
    """The SVG file of an icon, e.g. ``icon_path("stop")``."""
    return _icons_folder() / f"{name}.svg"


@cache
def icon(name: str) -> QIcon:
    """The icon of that name (an empty icon when the file is missing)."""
    path = icon_path(name)
    return QIcon(str(path)) if path.exists() else QIcon()
