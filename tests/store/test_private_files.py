"""Everything rollerlog writes is readable by the user alone, whatever the umask.

The attacks: under umask 000 exports, `backup --out` and the log were 0666 and a killed
`backup --out` left a readable `.partial` with every record; `backup --out` into a shared
1777 folder made it 0700; unexpected errors logged SQL parameters; the single-instance
socket was a predictable name in /tmp that another user could take.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import text

from rollerlog import paths
from rollerlog.domain.interchange import parse_document
from rollerlog.errorlog import log_unexpected
from rollerlog.files import ensure_private_dir, write_atomically
from rollerlog.store.db import open_database
from rollerlog.store.interchange import import_document
from tests.helpers import sample_document
from tests.store.attack_helpers import run_python, run_rollerlog, subprocess_env

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o7777


@pytest.fixture
def populated(data_dir: Path) -> Path:
    database = open_database(paths.database_path())
    try:
        import_document(database, parse_document(sample_document()), replace=False)
    finally:
        database.close()
    return data_dir


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (["export", "--format", "json", "--out", "{out}/all.json"], ["all.json"]),
        (["export", "--format", "csv", "--out", "{out}/log.csv"], ["log.csv"]),
        (["export", "--format", "pdf", "--out", "{out}/log.pdf"], ["log.pdf"]),
        (["backup", "--out", "{out}/copy.sqlite3"], ["copy.sqlite3"]),
    ],
)
def test_exports_and_backups_are_0600_under_umask_000(
    populated: Path, tmp_path: Path, args: list[str], names: list[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o777)
    result = run_rollerlog(populated, *[a.format(out=out) for a in args], umask=0)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == names, "no partial file is left"
    for name in names:
        assert _mode(out / name) == 0o600
    assert _mode(out) == 0o777, "a folder rollerlog did not make is left as it was"


def test_backup_into_a_shared_sticky_folder_leaves_the_folder_alone(
    populated: Path, tmp_path: Path
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    result = run_rollerlog(populated, "backup", "--out", str(shared / "b.sqlite3"), umask=0)
    assert result.returncode == 0, result.stderr
    assert _mode(shared) == 0o1777
    assert _mode(shared / "b.sqlite3") == 0o600


SLOW_BACKUP = """
import sys
from pathlib import Path
import rollerlog.store.backup as backup
real = backup._copy_with_backup_api
def slow(source, partial):
    real(source, partial)
    print("partial", partial, flush=True)
    sys.stdin.read()
backup._copy_with_backup_api = slow
backup.backup_database(Path(sys.argv[1]), Path(sys.argv[2]))
"""


def test_a_killed_backup_leaves_only_a_private_partial(populated: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    child = subprocess.Popen(
        [sys.executable, "-c", SLOW_BACKUP, str(paths.database_path()), str(out / "b.sqlite3")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=subprocess_env(),
        preexec_fn=lambda: os.umask(0),
    )
    assert child.stdout is not None
    words = child.stdout.readline().split()
    assert words[0] == "partial"
    child.send_signal(signal.SIGKILL)
    child.communicate(timeout=30)
    partial = Path(words[1])
    assert partial.exists(), "the kill landed with the partial file complete"
    assert _mode(partial) == 0o600
    assert not (out / "b.sqlite3").exists()


def test_the_atomic_writer_never_leaves_half_a_file(tmp_path: Path) -> None:
    target = tmp_path / "kept.txt"
    target.write_text("as it was")

    def fail(partial: Path) -> None:
        assert _mode(partial) == 0o600
        partial.write_text("half")
        raise OSError(28, "No space left on device")

    old = os.umask(0)
    try:
        with pytest.raises(OSError, match="No space"):
            write_atomically(target, fail)
        write_atomically(tmp_path / "new.txt", lambda p: p.write_text("whole"))
    finally:
        os.umask(old)
    assert target.read_text() == "as it was"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.txt", "new.txt"]
    assert _mode(tmp_path / "new.txt") == 0o600


def test_only_folders_rollerlog_makes_get_the_private_mode(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o755)
    ensure_private_dir(shared / "a" / "b")
    assert _mode(shared) == 0o755
    assert _mode(shared / "a") == 0o700
    assert _mode(shared / "a" / "b") == 0o700


def test_the_log_is_0600_under_umask_000_and_holds_no_record_values(data_dir: Path) -> None:
    database = open_database(paths.database_path())
    secret = "diary entry: pregnant since May"
    try:
        with database.engine.begin() as connection:
            connection.execute(text("INSERT INTO nowhere VALUES (:v)"), {"v": secret})
    except Exception as error:
        old = os.umask(0)
        try:
            log = log_unexpected(error)
        finally:
            os.umask(old)
    else:
        pytest.fail("the broken statement ran")
    finally:
        database.close()
    assert _mode(log) == 0o600
    assert "nowhere" in log.read_text(encoding="utf-8")
    assert secret not in log.read_text(encoding="utf-8")


def test_the_command_line_log_holds_no_arguments(data_dir: Path) -> None:
    code = (
        "import sys\n"
        "sys.argv = ['rollerlog', 'export', '--name', 'Jane Q. Private']\n"
        "from rollerlog.errorlog import log_unexpected\n"
        "print(log_unexpected(ValueError('boom')))\n"
    )
    result = run_python(code, umask=0)
    assert result.returncode == 0, result.stderr
    log = Path(result.stdout.strip())
    assert "Jane" not in log.read_text(encoding="utf-8")
    assert _mode(log) == 0o600


def test_the_single_instance_socket_lives_in_a_private_runtime_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rollerlog.ui.single_instance import server_name

    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    name = Path(server_name(tmp_path / "data"))
    assert name.parent == runtime / "rollerlog"
    assert _mode(name.parent) == 0o700

    # A runtime folder others can write to (as /tmp is) is never used.
    monkeypatch.setenv("XDG_RUNTIME_DIR", tempfile.gettempdir())
    name = Path(server_name(tmp_path / "data"))
    assert name.parent != Path(tempfile.gettempdir()) / "rollerlog"
    info = name.parent.lstat()
    assert stat.S_ISDIR(info.st_mode)
    assert info.st_uid == os.getuid()
    assert info.st_mode & 0o077 == 0


def _as_another_user(what: str) -> tuple[Path, Path]:
    """A system python3 that ``setpriv`` can run as uid 65534, and a folder it may use.

    Skips the test where that cannot be (not Linux, not root, no system python3).
    """
    python = Path("/usr/bin/python3")
    if not sys.platform.startswith("linux") or os.geteuid() != 0 or not python.exists():
        pytest.skip(f"{what} needs Linux, root and a system python3")
    folder = Path(tempfile.mkdtemp(prefix="rollerlog-peer-"))
    folder.chmod(0o777)
    return python, folder


def test_the_peer_check_tells_this_user_from_another(tmp_path: Path) -> None:
    from rollerlog.ui.single_instance import peer_is_same_user

    ours, theirs = socket.socketpair(socket.AF_UNIX)
    with ours, theirs:
        assert peer_is_same_user(ours.fileno())
    python, folder = _as_another_user("telling another user apart")
    address = str(folder / "s")
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(address)
        Path(address).chmod(0o777)
        server.listen(1)
        client = subprocess.Popen(
            [
                "setpriv",
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
                "--",
                str(python),
                "-c",
                f"import socket,time; s=socket.socket(socket.AF_UNIX); s.connect({address!r}); "
                "time.sleep(2)",
            ],
        )
        try:
            server.settimeout(30)
            connection, _ = server.accept()
            with connection:
                assert not peer_is_same_user(connection.fileno())
        finally:
            client.wait(timeout=30)
            shutil.rmtree(folder, ignore_errors=True)


def test_a_second_start_never_asks_a_listener_that_is_not_rollerlog_s_user(
    tmp_path: Path,
) -> None:
    """The asking side checks the listener too: another user's socket hears nothing."""
    from rollerlog.ui.single_instance import ask_running_instance_to_show

    stale = tmp_path / "stale.socket"
    with socket.socket(socket.AF_UNIX) as crashed:
        crashed.bind(str(stale))  # left behind by an app that died: nobody listens
    assert stale.exists()
    assert not ask_running_instance_to_show(str(stale), timeout_ms=200)
    assert not ask_running_instance_to_show(str(tmp_path / "none.socket"), timeout_ms=200)

    python, folder = _as_another_user("a listener of another user")
    address = str(folder / "s")
    listener = (
        "import os, socket, sys\n"
        "s = socket.socket(socket.AF_UNIX)\n"
        f"s.bind({address!r}); os.chmod({address!r}, 0o777); s.listen(1)\n"
        "print('ready', flush=True)\n"
        "s.settimeout(30); c, _ = s.accept(); c.settimeout(5)\n"
        "data = b''\n"
        "try:\n"
        "    while chunk := c.recv(64):\n"
        "        data += chunk\n"
        "except OSError:\n"
        "    pass\n"
        "print(repr(data), flush=True)\n"
    )
    server = subprocess.Popen(
        ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--", str(python),
         "-c", listener],
        stdout=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        assert server.stdout is not None
        assert server.stdout.readline().strip() == "ready"
        assert not ask_running_instance_to_show(address, timeout_ms=1000)
        heard, _ = server.communicate(timeout=30)
        assert heard.strip() == "b''"
    finally:
        server.kill()
        shutil.rmtree(folder, ignore_errors=True)
