"""A healthy database in a place that cannot be written: read, never chmod-ed or created.

The attacks: `check`, `status`, `plan` and `export` failed on a read-only folder; the app
silently made a 0500 folder 0700 and a 0400 file 0600. When the suite runs as root, where
file modes do not bind, each command runs without any capability (see attack_helpers).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from rollerlog.domain.interchange import parse_document
from rollerlog.store.db import open_database
from rollerlog.store.interchange import import_document
from tests.helpers import sample_document
from tests.store.attack_helpers import (
    NO_UNPRIVILEGED_REASON,
    folder_state,
    run_python,
    run_rollerlog,
    subprocess_env,
    unprivileged_prefix,
)

pytestmark = pytest.mark.skipif(unprivileged_prefix() is None, reason=NO_UNPRIVILEGED_REASON)


@pytest.fixture(params=[0o500, 0o700], ids=["folder-0500", "folder-0700"])
def locked_folder(request: pytest.FixtureRequest) -> Iterator[Path]:
    """A data folder 0500 (or 0700) holding a healthy database 0400 (no -wal or -shm)."""
    folder = Path(tempfile.mkdtemp(prefix="rollerlog-readonly-"))
    database = open_database(folder / "rollerlog.sqlite3")
    try:
        import_document(database, parse_document(sample_document()), replace=False)
    finally:
        database.close()
    assert sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")) == [
        "rollerlog.sqlite3"
    ]
    (folder / "rollerlog.sqlite3").chmod(0o400)
    folder.chmod(request.param)
    yield folder
    folder.chmod(0o700)
    shutil.rmtree(folder)


def _run(folder: Path, *args: str) -> tuple[int, str, str]:
    result = run_rollerlog(folder, *args, prefix=unprivileged_prefix())
    return result.returncode, result.stdout, result.stderr


def test_read_only_commands_work_and_change_nothing(locked_folder: Path, tmp_path: Path) -> None:
    before = folder_state(locked_folder)
    code, out, err = _run(locked_folder, "check")
    assert code == 0, err
    assert "healthy" in out
    code, out, err = _run(locked_folder, "status", "--on", "2026-02-01", "--json")
    assert code == 0, err
    assert {roller["name"] for roller in json.loads(out)["rollers"]} == {"Face 0.5", "Body 1.0 ✨"}
    code, out, err = _run(
        locked_folder, "plan", "--roller", "Face 0.5", "--area", "forehead", "--json"
    )
    assert code in (0, 3), err
    assert "findings" in json.loads(out)
    outside = Path(tempfile.mkdtemp(prefix="rollerlog-export-"))
    try:
        code, out, err = _run(
            locked_folder, "export", "--format", "json", "--out", str(outside / "all.json")
        )
        assert code == 0, err
        exported = json.loads((outside / "all.json").read_text(encoding="utf-8"))
        assert len(exported["sessions"]) == len(sample_document()["sessions"])
    finally:
        shutil.rmtree(outside)
    assert folder_state(locked_folder) == before, "nothing was created, changed or chmod-ed"


def test_a_write_there_says_it_cannot_write_and_changes_nothing(
    locked_folder: Path, tmp_path: Path
) -> None:
    before = folder_state(locked_folder)
    document = Path(tempfile.mkdtemp(prefix="rollerlog-doc-")) / "doc.json"
    document.write_text(json.dumps(sample_document()), encoding="utf-8")
    document.parent.chmod(0o755)
    try:
        code, _out, err = _run(locked_folder, "import", "--replace", str(document))
    finally:
        shutil.rmtree(document.parent)
    assert code == 1
    assert "cannot" in err
    assert "Traceback" not in err
    after = folder_state(locked_folder)
    after.pop("rollerlog.lock", None)  # the empty lock file, where the folder allows it
    assert after == before


def test_the_app_start_opens_the_data_read_only_and_says_why(locked_folder: Path) -> None:
    before = folder_state(locked_folder)
    code = (
        "import sys\n"
        "from datetime import datetime\n"
        "from pathlib import Path\n"
        "from rollerlog.store.startup import open_for_app\n"
        "report = open_for_app(Path(sys.argv[1]) / 'rollerlog.sqlite3', datetime.now())\n"
        "print(report.outcome.value, report.read_only)\n"
        "print(report.message)\n"
        "database = report.database\n"
        "from rollerlog.store.errors import WriteFailedError\n"
        "from sqlalchemy import text\n"
        "try:\n"
        "    with database.transaction() as session:\n"
        '        session.execute(text("DELETE FROM roller"))\n'
        "except WriteFailedError as error:\n"
        "    print('refused:', error)\n"
        "database.close()\n"
    )
    result = run_python(code, str(locked_folder), prefix=unprivileged_prefix())
    assert result.returncode == 0, result.stderr
    first, message, refusal = result.stdout.splitlines()[:3]
    assert first == "opened True"
    assert "cannot write" in message
    assert "read-only" in message
    assert refusal.startswith("refused:")
    assert folder_state(locked_folder) == before, "the 0500 folder and 0400 file stay as they are"


def test_the_desktop_app_starts_read_only_there_and_changes_no_mode(locked_folder: Path) -> None:
    before = folder_state(locked_folder)
    prefix = unprivileged_prefix() or []
    env = subprocess_env()
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["ROLLERLOG_BENCH_PROBE"] = "today"  # quits once the Today view has painted its data
    result = subprocess.run(
        [*prefix, sys.executable, "-m", "rollerlog", "--data-dir", str(locked_folder)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "today-filled" in result.stdout
    assert "opened read-only" in result.stderr
    assert folder_state(locked_folder) == before
