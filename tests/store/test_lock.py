"""The data lock: one holder at a time, and a crashed holder never locks anyone out."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from rollerlog.store.lock import DataLock, DataLockedError
from tests.helpers import REPO_ROOT

_HOLDER = (
    "import sys, time; from pathlib import Path; from rollerlog.store.lock import DataLock; "
    "lock = DataLock(Path(sys.argv[1]), 'rollerlog app'); lock.acquire(); "
    "print('locked', flush=True); sys.stdin.read()"
)


def _start_holder(folder: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(folder)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "locked"
    return holder


def test_a_second_holder_is_refused_with_who_holds_it(data_dir: Path) -> None:
    first = DataLock(data_dir, "rollerlog app")
    first.acquire()
    try:
        with pytest.raises(DataLockedError, match=r"in use by rollerlog app \(process \d+\)"):
            DataLock(data_dir, "rollerlog import").acquire()
    finally:
        first.release()
    with DataLock(data_dir, "rollerlog import") as second:
        assert second.held


def test_another_process_holding_the_lock_blocks_writers(data_dir: Path) -> None:
    holder = _start_holder(data_dir)
    try:
        assert not DataLock(data_dir).try_acquire()
    finally:
        holder.communicate("")
    after = DataLock(data_dir)
    assert after.try_acquire(), "the lock outlived its holder"
    after.release()


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_a_lock_left_by_a_killed_process_is_stale(data_dir: Path) -> None:
    holder = _start_holder(data_dir)
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    assert holder.stdin is not None
    holder.stdin.close()
    assert holder.stdout is not None
    holder.stdout.close()
    lock_file = data_dir / "rollerlog.lock"
    assert lock_file.exists(), "the crashed process left its lock file behind"
    assert str(holder.pid) in lock_file.read_text(encoding="utf-8")
    lock = DataLock(data_dir, "rollerlog import")
    assert lock.try_acquire(), "a lock left by a killed process locked the user out"
    lock.release()
