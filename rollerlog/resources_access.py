"""Finding the shipped resources (icons, desktop entry, metainfo) through importlib.resources.

Qt-free, so the command line and the tests can use it. The resources live in the package
``rollerlog.resources`` (the top-level ``resources/`` folder of the source tree, mapped by
pyproject.toml), so they load the same from a wheel, an editable install or a frozen app.
"""

from __future__ import annotations

import re
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from rollerlog.meta import APP_ID

RESOURCES_PACKAGE = "rollerlog.resources"
_SIZE_FOLDER = re.compile(r"(\d+)x\1")


def resources_root() -> Traversable:
    """The root of the shipped resources."""
    try:
        return resources.files(RESOURCES_PACKAGE)
    except ModuleNotFoundError:
        # Only when rollerlog runs from a source tree that was never installed (not even
        # editable): then nothing maps resources/ to rollerlog.resources, so look beside it.
        source_tree = Path(__file__).resolve().parent.parent / "resources"
        if (source_tree / "__init__.py").is_file():
            return source_tree
        raise


def _hicolor() -> Traversable:
    return resources_root() / "icons" / "hicolor"


def app_icon_svg() -> Traversable:
    """The scalable app icon (hicolor/scalable/apps/APP_ID.svg)."""
    return _hicolor() / "scalable" / "apps" / f"{APP_ID}.svg"


def app_icon_pngs() -> dict[int, Traversable]:
    """The app icon's PNG renderings by pixel size, smallest first."""
    found: dict[int, Traversable] = {}
    for folder in _hicolor().iterdir():
        match = _SIZE_FOLDER.fullmatch(folder.name)
        png = folder / "apps" / f"{APP_ID}.png"
        if match and png.is_file():
            found[int(match.group(1))] = png
    return dict(sorted(found.items()))


def desktop_entry() -> Traversable:
    """The freedesktop.org desktop entry (APP_ID.desktop)."""
    return resources_root() / "desktop" / f"{APP_ID}.desktop"


def metainfo() -> Traversable:
    """The AppStream metainfo (APP_ID.metainfo.xml)."""
    return resources_root() / "metainfo" / f"{APP_ID}.metainfo.xml"
