"""A stand-in desktop notification service for the tests: owns org.freedesktop.Notifications on
the session bus it is started on and records every ``Notify`` call as one JSON line.

Run as ``python tests/notification_server.py RECORDS READY`` inside ``dbus-run-session``; it
creates the file READY once it owns the name, and ends on SIGTERM. With
``--refuse`` it answers every ``Notify`` with an error instead, as a broken service would;
with ``--accept-only N`` it accepts the first N and refuses the rest.

``python tests/notification_server.py --around RECORDS [--refuse] -- COMMAND...`` starts the
server as a separate process, waits until it owns the name, runs COMMAND (its output passes
through), stops the server and exits with COMMAND's status.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from jeepney.bus_messages import DBusNameFlags, message_bus
from jeepney.io.blocking import open_dbus_connection
from jeepney.low_level import MessageType
from jeepney.wrappers import new_error, new_method_return

NAME = "org.freedesktop.Notifications"
CAPABILITIES = ["actions", "body", "body-markup"]


def main() -> int:
    """Serve until terminated."""
    records, ready = Path(sys.argv[1]), Path(sys.argv[2])
    refuse = "--refuse" in sys.argv[3:]
    # --accept-only N: accept N notifications, then refuse the rest (a service going away).
    options = sys.argv[3:]
    accept_only = (
        int(options[options.index("--accept-only") + 1]) if "--accept-only" in options else None
    )
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    connection = open_dbus_connection(bus="SESSION")
    reply = connection.send_and_get_reply(message_bus.RequestName(NAME, DBusNameFlags.do_not_queue))
    if reply.body[0] != 1:  # 1: the primary owner
        print(f"could not own {NAME}: {reply.body}", file=sys.stderr)
        return 1
    ready.write_text("ready\n", encoding="utf-8")
    next_id = 1
    while True:
        message = connection.receive()
        if message.header.message_type != MessageType.method_call:
            continue
        member = message.header.fields.get(3)  # HeaderFields.member
        if member == "GetCapabilities":
            connection.send(new_method_return(message, "as", (CAPABILITIES,)))
        elif member == "GetServerInformation":
            info = ("stand-in", "rollerlog tests", "1.0", "1.2")
            connection.send(new_method_return(message, "ssss", info))
        elif member == "Notify" and (refuse or (accept_only is not None and next_id > accept_only)):
            connection.send(
                new_error(message, "org.example.Refused", "s", ("no notifications today",))
            )
        elif member == "Notify":
            app, replaces, icon, summary, body, actions, hints, timeout = message.body
            record = {
                "app_name": app,
                "replaces_id": replaces,
                "app_icon": icon,
                "summary": summary,
                "body": body,
                "actions": list(actions),
                "hints": {key: value[1] for key, value in hints.items()},
                "expire_timeout": timeout,
                "signature": message.header.fields.get(8),  # HeaderFields.signature
            }
            with records.open("a", encoding="utf-8") as stream:
                stream.write(json.dumps(record) + "\n")
            connection.send(new_method_return(message, "u", (next_id,)))
            next_id += 1
        else:
            connection.send(
                new_error(message, "org.freedesktop.DBus.Error.UnknownMethod", "s", (member,))
            )


def around() -> int:
    """Run a command while a server process owns the name on this session bus."""
    split = sys.argv.index("--")
    options, command = sys.argv[2:split], sys.argv[split + 1 :]
    records = options[0]
    with tempfile.TemporaryDirectory() as folder:
        ready = Path(folder) / "ready"
        server = subprocess.Popen([sys.executable, __file__, records, str(ready), *options[1:]])
        try:
            deadline = time.monotonic() + 30
            while not ready.exists():
                if server.poll() is not None or time.monotonic() > deadline:
                    print("the stand-in notification server did not start", file=sys.stderr)
                    return 97
                time.sleep(0.02)
            return subprocess.run(command, check=False).returncode
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(around() if sys.argv[1:2] == ["--around"] else main())
