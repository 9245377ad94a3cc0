"""The command line's human output words dates in the environment's locale; JSON stays ISO."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.helpers import REPO_ROOT, run_cli, sample_document


def _cli_in_locale(data_dir: Path, locale: str, *args: str) -> str:
    env = dict(os.environ)
    env.pop("LC_ALL", None)
    env["LC_TIME"] = locale
    env["PYTHONPATH"] = str(REPO_ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("ROLLERLOG_DATA_DIR", None)
    result = subprocess.run(
        [sys.executable, "-m", "rollerlog", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode in {0, 3}, result.stderr
    return result.stdout


def test_the_command_lines_human_output_follows_the_locale_and_json_stays_iso(
    tmp_path: Path,
) -> None:
    source = tmp_path / "in.json"
    source.write_text(json.dumps(sample_document()), encoding="utf-8")
    assert run_cli("import", str(source), data_dir=tmp_path / "data").returncode == 0
    german = _cli_in_locale(tmp_path / "data", "de_DE.UTF-8", "status", "--on", "2026-02-02")
    assert "2. Februar 2026" in german
    american = _cli_in_locale(
        tmp_path / "data", "en_US.UTF-8", "plan", "--roller", "Face 0.5", "--area", "forehead",
        "--at", "2026-02-02T20:00",
    )  # fmt: skip
    assert "February 2, 2026" in american
    assert "8:00" in american
    assert "PM" in american
    machine = _cli_in_locale(
        tmp_path / "data", "de_DE.UTF-8", "status", "--on", "2026-02-02", "--json"
    )
    status = json.loads(machine)
    assert status["on"] == "2026-02-02"
    assert "Februar" not in json.dumps({k: v for k, v in status.items() if k != "findings"})
