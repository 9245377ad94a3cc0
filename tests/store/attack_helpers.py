"""Helpers for the attack tests: running a snippet as a real subprocess, unprivileged if needed.

When the suite runs as root, permission bits do not bind it; the permission cases then run
their subprocess without any capability (``setpriv --bounding-set=-all``), under which root
obeys file modes like any user, or skip saying why when that is impossible.
"""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.helpers import REPO_ROOT


def subprocess_env() -> dict[str, str]:
    """The environment of a child that imports this checkout's rollerlog."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO_ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("ROLLERLOG_DATA_DIR", None)
    return env


@functools.cache
def unprivileged_prefix() -> list[str] | None:
    """A command prefix under which file modes bind, or None when none can be had."""
    if os.name != "posix":
        return None
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    prefix = [setpriv, "--bounding-set=-all", "--inh-caps=-all", "--"]
    probe = Path(tempfile.mkdtemp(prefix="rollerlog-probe-"))
    try:
        probe.chmod(0o500)
        result = subprocess.run(
            [*prefix, sys.executable, "-c", f"open({str(probe / 'x')!r}, 'w')"],
            capture_output=True,
            check=False,
        )
    finally:
        probe.chmod(0o700)
        shutil.rmtree(probe)
    return prefix if result.returncode != 0 else None


NO_UNPRIVILEGED_REASON = (
    "runs as root and cannot drop its capabilities (needs setpriv), so file modes would not "
    "bind the test"
)


def run_python(
    code: str, *args: str, prefix: list[str] | None = None, umask: int | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``python -c code args`` with this checkout importable; capture its output."""
    return subprocess.run(
        [*(prefix or []), sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=subprocess_env(),
        timeout=120,
        check=False,
        preexec_fn=(lambda: os.umask(umask)) if umask is not None else None,
    )


def run_rollerlog(
    data_dir: Path, *args: str, prefix: list[str] | None = None, umask: int | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the command line as a real subprocess, optionally unprivileged or under a umask."""
    return subprocess.run(
        [*(prefix or []), sys.executable, "-m", "rollerlog", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=subprocess_env(),
        timeout=120,
        check=False,
        preexec_fn=(lambda: os.umask(umask)) if umask is not None else None,
    )


def folder_state(folder: Path) -> dict[str, tuple[int, str]]:
    """Every file under ``folder`` with its mode and the digest of its bytes."""
    state = {}
    for path in sorted(folder.rglob("*")):
        mode = path.stat().st_mode & 0o7777
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
        state[str(path.relative_to(folder))] = (mode, digest)
    state["."] = (folder.stat().st_mode & 0o7777, "dir")
    return state
