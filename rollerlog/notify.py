"""Desktop notifications without Qt: the freedesktop Notifications service on the session bus.

``rollerlog remind`` runs from a timer with no window, so it talks D-Bus itself through
jeepney (small, pure Python) instead of loading Qt. Each reminder is one ``Notify`` call
with the app's name and icon, the ``desktop-entry`` hint naming the app's desktop file and
a ``default`` action ("Open Today"). ``remind`` does not stay to listen for the action:
desktops that honour ``desktop-entry`` (GNOME, KDE Plasma) open the app from its desktop
entry when the notification is clicked; elsewhere the click just closes the notification.
"""

from __future__ import annotations

import html
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rollerlog.meta import APP_DISPLAY_NAME, APP_ID

BUS_NAME = "org.freedesktop.Notifications"
OBJECT_PATH = "/org/freedesktop/Notifications"
INTERFACE = "org.freedesktop.Notifications"
DEFAULT_ACTION = ("default", "Open Today")
"""The action a click on the notification triggers (``default`` is the body click)."""
REPLY_TIMEOUT_SECONDS = 5.0
URGENCY_NORMAL = 1


class NotificationServiceUnavailableError(Exception):
    """No notification service can be reached; the text says why, in plain words."""


@dataclass(frozen=True, slots=True)
class ServerInfo:
    """What the notification service says about itself."""

    name: str
    capabilities: frozenset[str]


def session_bus_address(environ: dict[str, str] | None = None) -> str:
    """The session bus address: ``DBUS_SESSION_BUS_ADDRESS``, else ``$XDG_RUNTIME_DIR/bus``.

    A timer's service may start without the variable; systemd's user bus socket is then in
    the runtime folder. Raises NotificationServiceUnavailableError when there is neither.
    """
    env = os.environ if environ is None else environ
    address = env.get("DBUS_SESSION_BUS_ADDRESS", "").strip()
    if address:
        return address
    runtime = env.get("XDG_RUNTIME_DIR", "").strip()
    if runtime and (Path(runtime) / "bus").exists():
        return f"unix:path={Path(runtime) / 'bus'}"
    raise NotificationServiceUnavailableError("there is no desktop session bus")


def _icon() -> str:
    """The app's icon: its name in the icon theme (installed with the desktop entry)."""
    return APP_ID


class DesktopNotifier:
    """An open connection to the notification service; use :func:`desktop_notifier`."""

    def __init__(self, connection: Any) -> None:
        from jeepney.wrappers import DBusAddress

        self._connection = connection
        self._address = DBusAddress(OBJECT_PATH, bus_name=BUS_NAME, interface=INTERFACE)
        self.server = self._server_info()

    def _call(self, method: str, signature: str | None = None, body: tuple[Any, ...] = ()) -> Any:
        from jeepney.wrappers import DBusErrorResponse, new_method_call, unwrap_msg

        message = new_method_call(self._address, method, signature, body)
        try:
            reply = self._connection.send_and_get_reply(message, timeout=REPLY_TIMEOUT_SECONDS)
        except TimeoutError as error:
            raise NotificationServiceUnavailableError(
                "the desktop notification service did not answer"
            ) from error
        except OSError as error:
            raise NotificationServiceUnavailableError(
                f"the session bus closed the connection ({error.strerror or error})"
            ) from error
        try:
            return unwrap_msg(reply)
        except DBusErrorResponse as error:
            if error.name in {
                "org.freedesktop.DBus.Error.ServiceUnknown",
                "org.freedesktop.DBus.Error.NameHasNoOwner",
                "org.freedesktop.DBus.Error.Spawn.ChildExited",
                "org.freedesktop.DBus.Error.Spawn.ExecFailed",
                "org.freedesktop.DBus.Error.NoReply",
                "org.freedesktop.DBus.Error.TimedOut",
            }:
                raise NotificationServiceUnavailableError(
                    "no desktop notification service is running on the session bus"
                ) from error
            detail = error.data[0] if error.data and isinstance(error.data[0], str) else ""
            raise NotificationServiceUnavailableError(
                f"the desktop notification service refused it ({error.name}"
                + (f": {detail}" if detail else "")
                + ")"
            ) from error

    def _server_info(self) -> ServerInfo:
        (capabilities,) = self._call("GetCapabilities")
        try:
            name = str(self._call("GetServerInformation")[0])
        except NotificationServiceUnavailableError:
            name = ""
        return ServerInfo(name=name, capabilities=frozenset(str(c) for c in capabilities))

    def send(self, title: str, body: str) -> int:
        """Show one notification; return the id the service gave it (it accepted it).

        Raises NotificationServiceUnavailableError when the service is gone or refuses.
        """
        if "body-markup" in self.server.capabilities:
            body = html.escape(body, quote=False)
        actions = list(DEFAULT_ACTION) if "actions" in self.server.capabilities else []
        hints = {
            "desktop-entry": ("s", APP_ID),
            "urgency": ("y", URGENCY_NORMAL),
        }
        (notification_id,) = self._call(
            "Notify",
            "susssasa{sv}i",
            (APP_DISPLAY_NAME, 0, _icon(), title, body, actions, hints, -1),
        )
        return int(notification_id)

    def close(self) -> None:
        """Close the connection to the bus."""
        self._connection.close()


@contextmanager
def desktop_notifier(address: str | None = None) -> Iterator[DesktopNotifier]:
    """Connect to the notification service on the session bus (``address`` or the default).

    Raises NotificationServiceUnavailableError, saying why, when there is no bus or no service.
    """
    from jeepney.auth import AuthenticationError
    from jeepney.io.blocking import open_dbus_connection

    bus = address or session_bus_address()
    try:
        connection = open_dbus_connection(bus=bus, auth_timeout=REPLY_TIMEOUT_SECONDS)
    except (OSError, RuntimeError, ValueError, AuthenticationError) as error:
        raise NotificationServiceUnavailableError(
            f"the session bus cannot be reached ({error})"
        ) from error
    try:
        notifier = DesktopNotifier(connection)
    except BaseException:
        connection.close()
        raise
    try:
        yield notifier
    finally:
        notifier.close()
