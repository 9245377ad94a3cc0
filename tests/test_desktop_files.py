"""The shipped desktop entry, metainfo and icons: one application id, valid for the desktop."""

from __future__ import annotations

import configparser
import os
import shutil
import struct
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from importlib.resources import as_file

import pytest

from rollerlog.meta import APP_ID, APP_NAME, __version__
from rollerlog.resources_access import (
    app_icon_pngs,
    app_icon_svg,
    desktop_entry,
    metainfo,
    resources_root,
)
from tests.helpers import REPO_ROOT

USUAL_ICON_SIZES = {16, 24, 32, 48, 64, 128, 256, 512}


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_every_usual_icon_size_is_shipped_at_its_size() -> None:
    pngs = app_icon_pngs()

    assert set(pngs) == USUAL_ICON_SIZES
    for size, png in pngs.items():
        assert _png_size(png.read_bytes()) == (size, size), png.name
    assert app_icon_svg().read_text(encoding="utf-8").lstrip().startswith("<svg")


def test_the_legacy_icon_name_is_the_same_picture() -> None:
    legacy = resources_root() / "icons" / "rollerlog.svg"
    assert legacy.read_bytes() == app_icon_svg().read_bytes()


def test_desktop_entry_names_the_app_its_icon_and_command() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read_string(desktop_entry().read_text(encoding="utf-8"))
    section = entry["Desktop Entry"]

    assert section["Icon"] == APP_ID
    # The GUI entry point: no console window on Windows; `rollerlog` is the command line.
    assert section["Exec"].split()[0] == f"{APP_NAME}-app"
    # X11 window class: Qt uses the application name, set by apply_identity().
    assert section["StartupWMClass"] == APP_NAME


def test_every_launcher_starts_the_gui_entry_point_and_the_command_line_is_a_console_one() -> None:
    config = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    scripts, gui_scripts = config["project"]["scripts"], config["project"]["gui-scripts"]
    # A console script on every platform: on Windows a GUI script loses output and exit code.
    assert scripts == {APP_NAME: "rollerlog.cli:main"}
    assert gui_scripts == {f"{APP_NAME}-app": "rollerlog.cli:app_main"}
    flatpak = REPO_ROOT / "packaging" / "flatpak" / f"{APP_ID}.yml"
    assert f"\ncommand: {APP_NAME}-app\n" in flatpak.read_text(encoding="utf-8")
    spec = (REPO_ROOT / "packaging" / "rollerlog.spec").read_text(encoding="utf-8")
    assert 'executable(f"{APP_NAME}-app", console=False)' in spec
    assert "executable(APP_NAME, console=True)" in spec
    smoke = (REPO_ROOT / "packaging" / "smoke_test.sh").read_text(encoding="utf-8")
    assert 'timeout 10 "$gui"' in smoke


def test_metainfo_uses_the_app_id_and_lists_this_version() -> None:
    root = ET.fromstring(metainfo().read_bytes())

    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == f"{APP_ID}.desktop"
    assert [b.text for b in root.findall("provides/binary")] == [f"{APP_NAME}-app", APP_NAME]
    releases = root.findall("releases/release")
    assert releases, "the metainfo lists no release"
    assert releases[0].get("version") == __version__, "newest release first, matching meta.py"
    assert root.find("content_rating") is not None
    assert root.findall("screenshots/screenshot")


def test_one_application_id_names_every_desktop_file() -> None:
    assert desktop_entry().name == f"{APP_ID}.desktop"
    assert metainfo().name == f"{APP_ID}.metainfo.xml"
    assert app_icon_svg().name == f"{APP_ID}.svg"
    assert {png.name for png in app_icon_pngs().values()} == {f"{APP_ID}.png"}
    flatpak = REPO_ROOT / "packaging" / "flatpak" / f"{APP_ID}.yml"
    assert f"\nid: {APP_ID}\n" in flatpak.read_text(encoding="utf-8")
    spec = (REPO_ROOT / "packaging" / "rollerlog.spec").read_text(encoding="utf-8")
    assert "bundle_identifier=APP_ID" in spec


def _validator(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        if os.environ.get("ROLLERLOG_REQUIRE_VALIDATORS"):  # set by CI: never skip there
            pytest.fail(f"{name} is not installed")
        pytest.skip(f"{name} is not installed (./dev test installs it on Debian as root)")
    return found


def test_desktop_entry_passes_desktop_file_validate() -> None:
    tool = _validator("desktop-file-validate")
    with as_file(desktop_entry()) as path:
        result = subprocess.run([tool, str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in result.stdout + result.stderr


def test_metainfo_passes_appstreamcli_validate() -> None:
    tool = _validator("appstreamcli")
    with as_file(metainfo()) as path:
        result = subprocess.run(
            [tool, "validate", "--no-net", str(path)], capture_output=True, text=True, check=False
        )
    assert result.returncode == 0, result.stdout + result.stderr
