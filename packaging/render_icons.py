"""Render the app icon's PNG sizes (and the legacy rollerlog.svg copy) from the scalable SVG.

Run after changing the SVG, then commit the PNGs:

    QT_QPA_PLATFORM=offscreen python packaging/render_icons.py
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from rollerlog.meta import APP_ID  # noqa: E402

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
HICOLOR = REPO_ROOT / "resources" / "icons" / "hicolor"
SOURCE = HICOLOR / "scalable" / "apps" / f"{APP_ID}.svg"
LEGACY_COPY = REPO_ROOT / "resources" / "icons" / "rollerlog.svg"


def render(renderer: QSvgRenderer, size: int, target: Path) -> None:
    """Draw the SVG on a transparent square of ``size`` pixels and save it as PNG."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    target.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(target), "PNG"):
        raise SystemExit(f"could not write {target}")


def main() -> int:
    """Write every size under resources/icons/hicolor and refresh the legacy copy."""
    app = QGuiApplication.instance() or QGuiApplication(sys.argv)
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        raise SystemExit(f"{SOURCE}: not a valid SVG")
    for size in ICON_SIZES:
        target = HICOLOR / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        render(renderer, size, target)
        print(f"wrote {target.relative_to(REPO_ROOT)}")
    shutil.copyfile(SOURCE, LEGACY_COPY)
    print(f"wrote {LEGACY_COPY.relative_to(REPO_ROOT)}")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
