"""`rollerlog export --format csv|pdf`: the filtered log, headless, as real processes."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest

from tests.helpers import REPO_ROOT, sample_document


def _run(*args: str, data_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the command line with no display at all: no X11, no Wayland, no Qt platform set."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "ROLLERLOG_DATA_DIR")
    }
    environment["PYTHONPATH"] = str(REPO_ROOT)
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "rollerlog", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environment,
        timeout=120,
        check=False,
    )


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A data folder holding the sample document."""
    source = tmp_path / "in.json"
    source.write_text(json.dumps(sample_document()), encoding="utf-8")
    folder = tmp_path / "data"
    assert _run("import", str(source), data_dir=folder).returncode == 0
    return folder


def test_pdf_export_works_headless_and_its_text_can_be_read(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "log.pdf"
    result = _run(
        "export",
        "--format",
        "pdf",
        "--out",
        str(out),
        "--name",
        "Zoë",
        "--paper",
        "letter",
        data_dir=data_dir,
    )
    assert result.returncode == 0, result.stderr
    pages = pypdf.PdfReader(out).pages
    assert f"({len(pages)} page" in result.stdout
    text = " ".join(" ".join(p.extract_text().split()) for p in pages)
    for expected in (
        "Zoë",
        "Face 0.5 0.5 mm",
        "5 January 2026 20:00",
        "STOP overridden: Area needled too recently —",
        f"Page 1 of {len(pages)}",
    ):
        assert expected in text, expected
    assert "(too-soon)" not in text  # the rule by its title; its code is for scripts
    assert "Appendix" not in text


def test_pdf_export_with_sterilizations_adds_the_appendix(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "log.pdf"
    result = _run(
        "export", "--format", "pdf", "--out", str(out), "--with-sterilizations", data_dir=data_dir
    )
    assert result.returncode == 0, result.stderr
    text = " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(out).pages)
    assert "Appendix: sterilization log" in text


def test_pdf_export_filters_by_roller_and_days(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "log.pdf"
    result = _run(
        "export",
        "--format",
        "pdf",
        "--out",
        str(out),
        "--roller",
        "Face 0.5",
        "--from",
        "2026-01-01",
        "--to",
        "2026-01-31",
        data_dir=data_dir,
    )
    assert result.returncode == 0, result.stderr
    text = " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(out).pages)
    assert "1 January 2026 to 31 January 2026" in text
    assert "5 January 2026 20:00" in text
    assert "6 January 2026 08:30" not in text  # the other roller's session
    assert "Filters: rollers Face 0.5" in text


def test_csv_export_of_sessions_and_of_sterilizations(data_dir: Path, tmp_path: Path) -> None:
    sessions, sterilizations = tmp_path / "sessions.csv", tmp_path / "sterilizations.csv"
    result = _run(
        "export",
        "--format",
        "csv",
        "--out",
        str(sessions),
        "--area",
        "left-thigh",
        data_dir=data_dir,
    )
    assert result.returncode == 0, result.stderr
    with sessions.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert [(r["roller"], r["notes"], r["test_patch"]) for r in rows] == [
        ("Body 1.0 ✨", "café — test patch", "yes")
    ]
    result = _run(
        "export",
        "--format",
        "csv",
        "--what",
        "sterilizations",
        "--out",
        str(sterilizations),
        data_dir=data_dir,
    )
    assert result.returncode == 0, result.stderr
    with sterilizations.open(encoding="utf-8-sig", newline="") as stream:
        assert [r["time"] for r in csv.DictReader(stream)] == ["19:40"]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--from", "2026-02-30"], 2, '--from: "2026-02-30" is not a day; expected DATE as'),
        (["--from", "2026-02-01", "--to", "2026-01-01"], 2, "--from 2026-02-01 is after --to"),
        (["--roller", "Nope"], 1, '--roller "Nope": no roller has that name'),
        (["--area", "cheeks"], 2, '--area: "cheeks" is not an area'),
    ],
)
def test_bad_filters_are_refused_in_one_line(
    data_dir: Path, tmp_path: Path, args: list[str], code: int, message: str
) -> None:
    out = tmp_path / "log.csv"
    result = _run("export", "--format", "csv", "--out", str(out), *args, data_dir=data_dir)
    assert result.returncode == code
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_json_export_takes_no_filter(data_dir: Path, tmp_path: Path) -> None:
    result = _run(
        "export",
        "--format",
        "json",
        "--out",
        str(tmp_path / "a.json"),
        "--roller",
        "Face 0.5",
        data_dir=data_dir,
    )
    assert result.returncode == 2
    assert "--roller does not apply to --format json; it is for csv and pdf" in result.stderr


@pytest.mark.skipif(sys.platform != "linux", reason="fontconfig decides which fonts Qt sees")
def test_without_a_usable_font_no_pdf_is_written(data_dir: Path, tmp_path: Path) -> None:
    empty = tmp_path / "fonts.conf"
    empty.write_text(
        f'<?xml version="1.0"?>\n<fontconfig><cachedir>{tmp_path / "cache"}</cachedir>'
        "</fontconfig>\n",
        encoding="utf-8",
    )
    out = tmp_path / "log.pdf"
    result = _run(
        "export",
        "--format",
        "pdf",
        "--out",
        str(out),
        data_dir=data_dir,
        FONTCONFIG_FILE=str(empty),
    )
    assert result.returncode == 1
    assert "no usable font is installed" in result.stderr
    assert not out.exists()
    assert not list(tmp_path.glob(".*partial"))
