"""One app per data folder: a second start asks the first window to come forward.

The channel is a QLocalServer, a local socket (a Unix domain socket or a Windows named
pipe) that only the same user can reach; it never touches the network. The data lock in
the core is what actually keeps a second writer out; this only makes the refusal friendly.
"""

from __future__ import annotations

import getpass
import hashlib
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QWidget

from rollerlog.meta import APP_ID

_SHOW = b"show\n"


def server_name(data_dir: Path) -> str:
    """The local channel's name for this user and data folder."""
    key = f"{getpass.getuser()}:{data_dir.resolve()}".encode()
    return f"{APP_ID}-{hashlib.sha256(key).hexdigest()[:16]}"


def ask_running_instance_to_show(name: str, timeout_ms: int = 1000) -> bool:
    """Ask an app already running on the channel ``name`` to bring its window forward.

    Returns True when one answered (this start should then quit), False when none runs.
    """
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write(_SHOW)
    socket.flush()
    socket.waitForBytesWritten(timeout_ms)
    socket.disconnectFromServer()
    return True


class InstanceServer(QObject):
    """Listens for later starts and emits ``show_requested`` when one asks."""

    show_requested = Signal()

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)

    def start(self) -> bool:
        """Start listening; a channel left behind by a crashed app is cleared first."""
        QLocalServer.removeServer(self.name)
        return self._server.listen(self.name)

    def close(self) -> None:
        """Stop listening."""
        self._server.close()

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            connection = self._server.nextPendingConnection()
            # The request is one short line sent right after connecting: read it here.
            if connection.bytesAvailable() or connection.waitForReadyRead(1000):
                request = bytes(connection.readAll().data())
            else:
                request = b""
            connection.disconnectFromServer()
            connection.deleteLater()
            if request.startswith(_SHOW.strip()):
                self.show_requested.emit()


def bring_forward(window: QWidget) -> None:
    """Show ``window`` un-minimized, on top and focused."""
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()
