"""Test set-up: headless Qt, and every standard folder redirected into a temporary directory."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# In CI the property tests draw the same examples every run, so a landing never depends
# on luck; on a developer's machine they keep exploring new ones.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI") == "true":
    settings.load_profile("ci")

# Before anything imports Qt: no screen, and no user folder of the machine is ever touched.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
_SANDBOX = Path(tempfile.mkdtemp(prefix="rollerlog-tests-"))
for _name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
    os.environ[_name] = str(_SANDBOX / _name.lower())
os.environ["ROLLERLOG_DATA_DIR"] = str(_SANDBOX / "must-not-be-used")
# Dates for people follow the locale: the tests read British English ("2 March 2026, 20:00")
# unless a test asks for another; subprocesses inherit it.
os.environ.pop("LC_ALL", None)
os.environ["LC_TIME"] = "en_GB.UTF-8"


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point rollerlog's data folder at a fresh temporary directory for each test."""
    from rollerlog import paths

    folder = tmp_path / "data"
    monkeypatch.setenv("ROLLERLOG_DATA_DIR", str(folder))
    paths.set_data_dir_override(None)
    yield folder
    paths.set_data_dir_override(None)
