"""The app's identity at run time: names, desktop id, icon and settings location."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QSize
from PySide6.QtWidgets import QApplication

from rollerlog.meta import APP_ID, APP_NAME, ORGANIZATION_NAME, __version__
from rollerlog.ui.icons import app_icon
from rollerlog.ui.identity import apply_identity


def test_identity_names_the_app_for_the_desktop_and_the_settings(qapp: QApplication) -> None:
    apply_identity(qapp)

    assert qapp.applicationName() == APP_NAME
    assert qapp.organizationName() == ORGANIZATION_NAME
    assert qapp.applicationVersion() == __version__
    # The shell matches windows to io.github.rollerlog.Rollerlog.desktop by this name.
    assert qapp.desktopFileName() == APP_ID
    assert not qapp.windowIcon().isNull()
    settings_file = Path(QSettings().fileName())
    assert settings_file.parts[-2:] == (ORGANIZATION_NAME, f"{APP_NAME}.conf")


def test_app_icon_has_sharp_renderings_from_small_to_large(qapp: QApplication) -> None:
    icon = app_icon()

    for size in (16, 32, 48, 256):
        assert icon.actualSize(QSize(size, size)) == QSize(size, size)
        image = icon.pixmap(size).toImage()
        assert image.pixelColor(size // 2, size // 10).alpha() == 255  # the green tile
        assert image.pixelColor(0, 0).alpha() < 255  # rounded, transparent corner


def test_app_icon_is_loaded_once(qapp: QApplication) -> None:
    assert app_icon() is app_icon()
