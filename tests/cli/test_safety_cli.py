"""`rollerlog backup`, `restore` and `check`, and writers refused while the app holds the data."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.helpers import REPO_ROOT, run_cli, sample_document

_HOLD = (
    "import sys; from pathlib import Path; from rollerlog.store.lock import DataLock; "
    "lock = DataLock(Path(sys.argv[1]), 'the rollerlog app'); lock.acquire(); "
    "print('locked', flush=True); sys.stdin.read()"
)


def _imported(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    source = tmp_path / "in.json"
    source.write_text(json.dumps(sample_document()), encoding="utf-8")
    result = run_cli("import", str(source), data_dir=data)
    assert result.returncode == 0, result.stderr
    return data


def _sessions(data: Path) -> int:
    connection = sqlite3.connect(data / "rollerlog.sqlite3")
    try:
        return int(connection.execute("SELECT count(*) FROM session").fetchone()[0])
    finally:
        connection.close()


def test_backup_then_restore_brings_the_data_back(tmp_path: Path) -> None:
    data = _imported(tmp_path)
    copy = tmp_path / "copy.sqlite3"
    made = run_cli("backup", "--out", str(copy), data_dir=data)
    assert made.returncode == 0, made.stderr
    empty = tmp_path / "empty.json"
    empty.write_text('{"format": "rollerlog", "version": 1}', encoding="utf-8")
    assert run_cli("import", str(empty), "--replace", data_dir=data).returncode == 0
    assert _sessions(data) == 0

    restored = run_cli("restore", str(copy), data_dir=data)
    assert restored.returncode == 0, restored.stderr
    assert _sessions(data) == 2
    kept = [p for p in (data / "backups").iterdir() if "before-restore" in p.name]
    assert len(kept) == 1, "restore did not back up the data it replaced"
    assert str(kept[0]) in restored.stdout


def test_backup_without_out_goes_into_the_backups_folder(tmp_path: Path) -> None:
    data = _imported(tmp_path)
    made = run_cli("backup", data_dir=data)
    assert made.returncode == 0, made.stderr
    assert [p.name for p in (data / "backups").iterdir() if "manual" in p.name]
    nothing = run_cli("backup", data_dir=tmp_path / "nothing-here")
    assert nothing.returncode == 1
    assert f"no rollerlog data in {tmp_path / 'nothing-here'}" in nothing.stderr
    assert not (tmp_path / "nothing-here").exists()


def test_restore_refuses_a_file_that_is_not_a_good_backup(tmp_path: Path) -> None:
    data = _imported(tmp_path)
    bogus = tmp_path / "bogus.sqlite3"
    bogus.write_bytes(b"\x00" * 8192)
    result = run_cli("restore", str(bogus), data_dir=data)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    assert _sessions(data) == 2
    missing = run_cli("restore", str(tmp_path / "nope.sqlite3"), data_dir=data)
    assert missing.returncode == 1
    assert "no such file" in missing.stderr


def test_check_exits_0_when_healthy_and_1_saying_what_is_wrong(tmp_path: Path) -> None:
    data = _imported(tmp_path)
    healthy = run_cli("check", data_dir=data)
    assert healthy.returncode == 0, healthy.stderr
    assert "healthy" in healthy.stdout
    connection = sqlite3.connect(data / "rollerlog.sqlite3")
    connection.execute("UPDATE session SET at = '2026-06-01 10:00:00.000000' WHERE test_patch = 1")
    connection.commit()
    connection.close()
    broken = run_cli("check", data_dir=data)
    assert broken.returncode == 1
    assert "after it was discarded on 2026-02-10" in broken.stderr
    assert "1 problem" in broken.stderr


def test_writers_refuse_while_the_app_holds_the_data_and_readers_work(tmp_path: Path) -> None:
    data = _imported(tmp_path)
    source = tmp_path / "in.json"
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD, str(data)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "locked"
        refused = run_cli("import", str(source), "--replace", data_dir=data)
        assert refused.returncode == 1
        assert "in use by the rollerlog app" in refused.stderr
        copy = tmp_path / "copy.sqlite3"
        assert run_cli("backup", "--out", str(copy), data_dir=data).returncode == 0
        refused_restore = run_cli("restore", str(copy), data_dir=data)
        assert refused_restore.returncode == 1
        assert "close the rollerlog app" in refused_restore.stderr
        assert run_cli("check", data_dir=data).returncode == 0
        out = tmp_path / "out.json"
        assert (
            run_cli("export", "--format", "json", "--out", str(out), data_dir=data).returncode == 0
        )
        assert not (data / "backups").exists(), "a refused writer still made a backup"
    finally:
        holder.communicate("")
    assert _sessions(data) == 2
