"""One app per data folder: a second start asks the first window to come forward.

The channel is a QLocalServer, a local socket (a Unix domain socket or a Windows named
pipe) that only the same user can reach; it never touches the network. On Linux and macOS
the socket lives in the user's private runtime folder (never a predictable name in /tmp,
where another user could sit on it), and each side checks that the other end belongs to
the same user where the system says who it is. The data lock in the core is what actually
keeps a second writer out; this only makes the refusal friendly.
"""

from __future__ import annotations

import getpass
import hashlib
import os
import socket
import struct
import sys
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from rollerlog.meta import APP_ID

_SHOW = b"show\n"


def server_name(data_dir: Path) -> str:
    """The local channel for this user and data folder: a socket path in a private folder.

    On Windows it is a named pipe's name, which Qt restricts to the user.
    """
    key = f"{getpass.getuser()}:{data_dir.resolve()}".encode()
    name = f"{APP_ID}-{hashlib.sha256(key).hexdigest()[:16]}"
    if os.name != "posix":
        return name
    from rollerlog.paths import private_runtime_dir

    try:
        folder = private_runtime_dir()
    except OSError:
        folder = data_dir  # made private by rollerlog; used only when nothing better exists
    return str(folder / f"{hashlib.sha256(key).hexdigest()[:16]}.socket")


def peer_is_same_user(descriptor: int) -> bool:
    """Whether the process at the other end of the local socket ``descriptor`` is this user.

    Linux says who the peer is (SO_PEERCRED); elsewhere the private folder is the guard
    and this returns True.
    """
    if descriptor < 0:
        return False
    if not sys.platform.startswith("linux"):
        return True
    peer = socket.socket(fileno=os.dup(descriptor))
    try:
        credentials = peer.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    except OSError:
        return False
    finally:
        peer.detach()
    _pid, uid, _gid = struct.unpack("3i", credentials)
    return bool(uid == os.getuid())


def ask_running_instance_to_show(name: str, timeout_ms: int = 1000) -> bool:
    """Ask an app already running on the channel ``name`` to bring its window forward.

    Returns True when one answered (this start should then quit), False when none runs.
    Where the channel is a Unix domain socket the standard library asks (QtNetwork, about
    10 ms to load, is then needed only by the window that listens, after its first paint).
    """
    if os.name == "posix":
        return _ask_over_unix_socket(name, timeout_ms)
    from PySide6.QtNetwork import QLocalSocket

    channel = QLocalSocket()
    channel.connectToServer(name)
    if not channel.waitForConnected(timeout_ms):
        return False
    if not peer_is_same_user(int(channel.socketDescriptor())):
        channel.abort()
        return False
    channel.write(_SHOW)
    channel.flush()
    channel.waitForBytesWritten(timeout_ms)
    channel.disconnectFromServer()
    return True


def _ask_over_unix_socket(path: str, timeout_ms: int) -> bool:
    """:func:`ask_running_instance_to_show` over the Unix socket at ``path``."""
    channel = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    channel.settimeout(timeout_ms / 1000)
    try:
        try:
            channel.connect(path)
        except OSError:  # no socket, nobody listening, or not ours to reach
            return False
        if not peer_is_same_user(channel.fileno()):
            return False
        try:
            channel.sendall(_SHOW)
        except OSError:
            return False
        return True
    finally:
        channel.close()


class InstanceServer(QObject):
    """Listens for later starts and emits ``show_requested`` when one asks."""

    show_requested = Signal()

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        from PySide6.QtNetwork import QLocalServer

        super().__init__(parent)
        self.name = name
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)

    def start(self) -> bool:
        """Start listening; a channel left behind by a crashed app is cleared first."""
        from PySide6.QtNetwork import QLocalServer

        QLocalServer.removeServer(self.name)
        return self._server.listen(self.name)

    def close(self) -> None:
        """Stop listening."""
        self._server.close()

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            connection = self._server.nextPendingConnection()
            if not peer_is_same_user(int(connection.socketDescriptor())):
                connection.abort()
                connection.deleteLater()
                continue
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
