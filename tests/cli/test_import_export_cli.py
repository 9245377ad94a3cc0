"""`rollerlog import`, `export --format json` and `--version`, run as real processes."""

from __future__ import annotations

import json
from pathlib import Path

from rollerlog.meta import __version__
from tests.helpers import run_cli, sample_document


def _write(path: Path, document: object) -> Path:
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_version_prints_the_version(tmp_path: Path) -> None:
    result = run_cli("--version", data_dir=tmp_path / "data")
    assert result.returncode == 0
    assert __version__ in result.stdout


def test_import_then_export_gives_back_the_same_document(tmp_path: Path) -> None:
    source = _write(tmp_path / "in.json", sample_document())
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    assert run_cli("import", str(source), data_dir=tmp_path / "a").returncode == 0
    exported = run_cli("export", "--format", "json", "--out", str(first), data_dir=tmp_path / "a")
    assert exported.returncode == 0, exported.stderr
    assert run_cli("import", str(first), data_dir=tmp_path / "b").returncode == 0
    assert (
        run_cli(
            "export", "--format", "json", "--out", str(second), data_dir=tmp_path / "b"
        ).returncode
        == 0
    )
    assert json.loads(first.read_text(encoding="utf-8")) == json.loads(
        second.read_text(encoding="utf-8")
    )
    assert "Body 1.0 ✨" in first.read_text(encoding="utf-8")


def test_the_data_dir_option_is_accepted_after_the_command_too(tmp_path: Path) -> None:
    source = _write(tmp_path / "in.json", sample_document())
    result = run_cli(
        "import", str(source), "--data-dir", str(tmp_path / "late"), data_dir=tmp_path / "early"
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "late" / "rollerlog.sqlite3").exists()


def test_an_invalid_file_lists_each_problem_and_writes_nothing(tmp_path: Path) -> None:
    document = sample_document()
    document["sessions"][0]["areas"] = ["cheeks"]
    document["rollers"][0]["needle_mm"] = 9
    source = _write(tmp_path / "bad.json", document)
    result = run_cli("import", str(source), data_dir=tmp_path / "data")
    assert result.returncode == 1
    assert 'sessions[0].areas[0]: unknown area "cheeks"' in result.stderr
    assert "rollers[0].needle_mm: must be between 0.1 and 3.0 mm" in result.stderr
    assert "nothing was imported" in result.stderr
    assert "Traceback" not in result.stderr
    exported = tmp_path / "after.json"
    after = run_cli(
        "export", "--format", "json", "--out", str(exported), data_dir=tmp_path / "data"
    )
    assert after.returncode == 1, "a refused import left data behind"
    assert "no rollerlog data in" in after.stderr
    assert not exported.exists()


def test_files_that_are_not_json_or_not_utf8_get_one_clear_line(tmp_path: Path) -> None:
    cases = {
        "latin1.json": '{"format": "rollerlog", "notes": "caf\xe9"}'.encode("latin-1"),
        "broken.json": b'{"format": "rollerlog", ',
        "nan.json": b'{"format": "rollerlog", "version": NaN}',
        "twice.json": b'{"format": "rollerlog", "format": "rollerlog", "version": 1}',
    }
    for name, content in cases.items():
        path = tmp_path / name
        path.write_bytes(content)
        result = run_cli("import", str(path), data_dir=tmp_path / "data")
        assert result.returncode == 1, name
        assert result.stderr.count("\n") == 1, (name, result.stderr)
        assert "Traceback" not in result.stderr
    missing = run_cli("import", str(tmp_path / "nope.json"), data_dir=tmp_path / "data")
    assert missing.returncode == 1
    assert "no such file" in missing.stderr


def test_import_refuses_existing_data_unless_replace_which_backs_up_first(tmp_path: Path) -> None:
    data = tmp_path / "data"
    source = _write(tmp_path / "in.json", sample_document())
    assert run_cli("import", str(source), data_dir=data).returncode == 0
    refused = run_cli("import", str(source), data_dir=data)
    assert refused.returncode == 1
    assert "--replace" in refused.stderr
    smaller = _write(tmp_path / "small.json", {"format": "rollerlog", "version": 1})
    replaced = run_cli("import", str(smaller), "--replace", data_dir=data)
    assert replaced.returncode == 0, replaced.stderr
    backups = list((data / "backups").glob("*.sqlite3"))
    assert len(backups) == 1
    restored_copy = tmp_path / "check"
    restored_copy.mkdir()
    (restored_copy / "rollerlog.sqlite3").write_bytes(backups[0].read_bytes())
    out = tmp_path / "from-backup.json"
    run_cli("export", "--format", "json", "--out", str(out), data_dir=restored_copy)
    assert len(json.loads(out.read_text(encoding="utf-8"))["sessions"]) == 2


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    result = run_cli("export", "--format", "xml", "--out", "x", data_dir=tmp_path / "data")
    assert result.returncode == 2
