"""The guard against PySide6 dropping references to None keeps long Qt work from aborting."""

from __future__ import annotations

import subprocess
import sys

from tests.helpers import REPO_ROOT


def test_many_calls_that_return_nothing_do_not_abort_python() -> None:
    code = """
import rollerlog.ui
from PySide6.QtGui import QFont
font = QFont()
for _ in range(200_000):
    font.setBold(True)
print("alive")
"""
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "alive"


def test_the_guard_applies_only_to_shiboken_6_12_on_cpython_3_11() -> None:
    from rollerlog.ui.refcount_guard import guard_applies

    assert guard_applies((6, 12, 0), (3, 11, 7), "cpython")
    assert guard_applies((6, 12, 3), (3, 11, 0), "cpython")
    assert not guard_applies((6, 11, 2), (3, 11, 7), "cpython")
    assert not guard_applies((6, 13, 0), (3, 11, 7), "cpython")
    assert not guard_applies((6, 12, 0), (3, 12, 1), "cpython")
    assert not guard_applies((6, 12, 0), (3, 11, 7), "pypy")


def test_the_guard_raised_nones_count_here_exactly_when_it_applies() -> None:
    import sys

    import shiboken6

    from rollerlog.ui.refcount_guard import guard_applies, guard_none_refcount

    applies = guard_applies(shiboken6.__version_info__, sys.version_info, sys.implementation.name)
    assert guard_none_refcount() == applies
    if applies:
        assert sys.getrefcount(None) > 1 << 39
