"""The application's identity: name, id and version. Imports nothing."""

APP_NAME = "rollerlog"
APP_DISPLAY_NAME = "rollerlog"
APP_ID = "io.github.rollerlog.Rollerlog"
ORGANIZATION_NAME = "rollerlog"
__version__ = "0.1.0"
