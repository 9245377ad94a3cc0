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
