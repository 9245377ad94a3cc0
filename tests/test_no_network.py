"""Privacy: the main workflows open no network connection.

A Python audit hook records every attempt to create, connect or bind an internet socket
(AF_INET, AF_INET6) or to resolve a host name while the workflows run. Local sockets
(AF_UNIX, as the single-instance channel uses) are allowed: they never leave the machine.
Qt's own sockets raise no audit event, so :func:`inet_sockets` also asks the operating
system (through psutil) which internet sockets the process holds.
"""

from __future__ import annotations

import json
import socket
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import psutil
import pytest

from rollerlog import cli, paths
from rollerlog.store.startup import open_for_app
from tests.helpers import sample_document

_attempts: list[str] = []
_watching = False
_NETWORK_FAMILIES = {socket.AF_INET, socket.AF_INET6}


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if not _watching:
        return
    if event == "socket.__new__" and args[1] in _NETWORK_FAMILIES:
        _attempts.append(f"{event} {args[1:]}")
    elif event in {"socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg"}:
        if getattr(args[0], "family", None) != socket.AF_UNIX:
            _attempts.append(f"{event} {args[1:]}")
    elif event in {"socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr"}:
        _attempts.append(f"{event} {args}")


sys.addaudithook(_audit)


def inet_sockets() -> list[str]:
    """The internet sockets (TCP and UDP, IPv4 and IPv6) this process holds open now."""
    return [
        f"{c.type.name} {c.laddr} -> {c.raddr or '-'} {c.status}"
        for c in psutil.Process().net_connections(kind="inet")
    ]


def attempts_seen() -> list[str]:
    """The network attempts recorded so far while watching."""
    return list(_attempts)


@pytest.fixture
def no_network() -> Iterator[list[str]]:
    """Record network attempts while the test runs; the test asserts there were none."""
    global _watching
    _attempts.clear()
    _watching = True
    try:
        yield _attempts
    finally:
        _watching = False


def test_the_hook_would_catch_a_connection(no_network: list[str]) -> None:
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    probe.close()
    assert no_network, "the audit hook did not see an internet socket"
    no_network.clear()


def test_the_main_workflows_open_no_network_socket(
    no_network: list[str], tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.json"
    source.write_text(json.dumps(sample_document()), encoding="utf-8")
    copy = tmp_path / "copy.sqlite3"
    steps = [
        ["import", str(source)],
        ["export", "--format", "json", "--out", str(tmp_path / "out.json")],
        ["check"],
        ["backup"],
        ["backup", "--out", str(copy)],
        ["import", str(source), "--replace"],
        ["restore", str(copy)],
    ]
    for step in steps:
        assert cli.main(step) == 0, (step, capsys.readouterr().err)
    report = open_for_app(paths.database_path(), datetime(2026, 3, 1, 9))
    assert report.database is not None
    report.database.close()
    assert no_network == []
