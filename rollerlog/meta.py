"""The application's identity: name, id and version. Imports nothing."""

APP_NAME = "rollerlog"
APP_DISPLAY_NAME = "rollerlog"
# Reverse-DNS id: the desktop file, the metainfo, the icon names and the Wayland app id.
APP_ID = "io.github.rollerlog.Rollerlog"
ORGANIZATION_NAME = "rollerlog"
# The domain APP_ID reverses; macOS builds the settings file name from it.
ORGANIZATION_DOMAIN = "rollerlog.github.io"
__version__ = "0.1.0"
LICENSE = "MIT"
"""The licence rollerlog is published under (pyproject's ``license``)."""
HOMEPAGE = "https://github.com/rollerlog/rollerlog"
"""The project's address (the metainfo's homepage URL)."""
