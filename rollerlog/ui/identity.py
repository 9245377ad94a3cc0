"""The app's identity on the QApplication: names, organisation, version, desktop id, icon."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication

from rollerlog.meta import (
    APP_DISPLAY_NAME,
    APP_ID,
    APP_NAME,
    ORGANIZATION_DOMAIN,
    ORGANIZATION_NAME,
    __version__,
)


def apply_identity(app: QGuiApplication, with_icon: bool = True) -> None:
    """Name the app so its window class, taskbar icon and settings location are right.

    Call right after creating the QApplication, before any window or QSettings exists.
    The app passes ``with_icon=False`` and sets the icon after its first paint: loading
    the icon's SVG and PNG files would delay that paint.
    """
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_DISPLAY_NAME)
    app.setOrganizationName(ORGANIZATION_NAME)
    app.setOrganizationDomain(ORGANIZATION_DOMAIN)
    app.setApplicationVersion(__version__)
    # Wayland's app id and the desktop entry the shell matches the window to.
    app.setDesktopFileName(APP_ID)
    if with_icon:
        from rollerlog.ui.icons import app_icon

        app.setWindowIcon(app_icon())
