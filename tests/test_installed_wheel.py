"""The built package works on its own: sdist → wheel → a fresh virtual environment.

``python -m build`` makes the sdist and then the wheel from that sdist, so both must carry
everything the app needs. The wheel goes into a new venv (no system or checkout packages),
and every command runs with the working directory outside the checkout.
"""

from __future__ import annotations

import json
import os
import py_compile
import subprocess
import sys
import venv
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from rollerlog.meta import APP_ID, __version__
from tests.helpers import REPO_ROOT

pytestmark = pytest.mark.slow

BIN = "Scripts" if os.name == "nt" else "bin"


@dataclass(frozen=True)
class InstalledApp:
    """A venv holding the wheel, and a working folder outside the checkout."""

    venv: Path
    workdir: Path

    def run(
        self, *args: str, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        """Run a program of the venv (``rollerlog``, ``python``) from the working folder."""
        environment = {
            key: value
            for key, value in os.environ.items()
            if key not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "ROLLERLOG_DATA_DIR"}
        }
        environment["QT_QPA_PLATFORM"] = "offscreen"
        environment.update(env or {})
        program, *rest = args
        return subprocess.run(
            [str(self.venv / BIN / program), *rest],
            cwd=self.workdir,
            env=environment,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=600,
            check=False,
        )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> InstalledApp:
    """Build the sdist and wheel, then pip-install the wheel into a fresh venv."""
    dist = tmp_path_factory.mktemp("dist")
    # Byte code beside resources/__init__.py, as any run leaves it: never shipped as a resource.
    py_compile.compile(str(REPO_ROOT / "resources" / "__init__.py"), doraise=True)
    built = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(dist), str(REPO_ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    assert len(list(dist.glob("rollerlog-*.tar.gz"))) == 1
    (wheel,) = dist.glob("rollerlog-*.whl")
    assert "__pycache__" not in built.stdout + built.stderr  # no warning about it either
    with zipfile.ZipFile(wheel) as archive:
        assert not [name for name in archive.namelist() if "__pycache__" in name]

    home = tmp_path_factory.mktemp("home")
    venv.EnvBuilder(with_pip=True, system_site_packages=False).create(home / "venv")
    app = InstalledApp(venv=home / "venv", workdir=home)
    # Dependencies come from pip's usual index settings and the user's pip cache (conftest
    # points XDG_CACHE_HOME at a sandbox, which would make pip download PySide6 every run).
    pip_cache = os.environ.get("PIP_CACHE_DIR") or str(Path.home() / ".cache" / "pip")
    pip = app.run(
        "python",
        "-m",
        "pip",
        "install",
        "--disable-pip-version-check",
        "--cache-dir",
        pip_cache,
        str(wheel),
    )
    assert pip.returncode == 0, pip.stdout[-3000:] + pip.stderr[-3000:]
    return app


def test_installed_command_prints_its_version(installed: InstalledApp) -> None:
    result = installed.run("rollerlog", "--version")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"rollerlog {__version__}"


def test_installed_entry_points_are_a_console_command_and_a_gui_command(
    installed: InstalledApp,
) -> None:
    probe = """
import json
from importlib.metadata import entry_points
print(json.dumps({group: sorted((e.name, e.value) for e in entry_points(group=group)
                                if e.name.startswith("rollerlog"))
                  for group in ("console_scripts", "gui_scripts")}))
"""
    listed = json.loads(installed.run("python", "-c", probe).stdout)

    # On Windows only a console script gives its output and exit status to the terminal.
    assert listed["console_scripts"] == [["rollerlog", "rollerlog.cli:main"]]
    assert listed["gui_scripts"] == [["rollerlog-app", "rollerlog.cli:app_main"]]
    assert (installed.venv / BIN / "rollerlog-app").exists()


def test_installed_gui_command_opens_the_app(installed: InstalledApp) -> None:
    data = installed.workdir / "data-app"

    # The benchmarks' probe makes the app report its first paints and quit by itself.
    result = installed.run(
        "rollerlog-app", "--data-dir", str(data), env={"ROLLERLOG_BENCH_PROBE": "today"}
    )

    assert result.returncode == 0, result.stderr
    assert [line.split()[0] for line in result.stdout.splitlines()] == [
        "first-paint",
        "today-filled",
    ]
    assert (data / "rollerlog.sqlite3").is_file()  # the app creates the data


def test_installed_command_completes_and_lists_areas(installed: InstalledApp) -> None:
    completion = installed.run("rollerlog", "completion", "bash")
    areas = installed.run("rollerlog", "areas")

    assert completion.returncode == 0, completion.stderr
    assert "_rollerlog_roller_names" in completion.stdout  # shtab was installed with it
    assert areas.returncode == 0, areas.stderr
    assert areas.stdout.split()[0] == "forehead"


def test_installed_package_runs_from_the_venv_with_its_resources(
    installed: InstalledApp,
) -> None:
    probe = """
import json, rollerlog
from rollerlog.resources_access import (
    app_icon_pngs, app_icon_svg, desktop_entry, metainfo, resources_root)
from rollerlog.store.migrate import revision_ids
from rollerlog.ui.icons import app_icon
from rollerlog.ui.body_map import load_regions
from PySide6.QtWidgets import QApplication
app = QApplication([])
print(json.dumps({
    "package": rollerlog.__file__,
    "resources": str(resources_root()),
    "icon_sizes": sorted(app_icon_pngs()),
    "files": [f.is_file() for f in (app_icon_svg(), desktop_entry(), metainfo())],
    "desktop_entry": desktop_entry().name,
    "migrations": revision_ids(),
    "qt_icon_widths": [app_icon().pixmap(size).width() for size in (16, 256)],
    "body_map_regions": len(load_regions()),
}))
"""
    result = installed.run("python", "-c", probe)

    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    venv = installed.venv.resolve()
    assert Path(found["package"]).resolve().is_relative_to(venv)
    assert Path(found["resources"]).resolve().is_relative_to(venv)
    assert found["icon_sizes"] == [16, 24, 32, 48, 64, 128, 256, 512]
    assert found["files"] == [True, True, True]
    assert found["desktop_entry"] == f"{APP_ID}.desktop"
    assert found["migrations"], "no Alembic migration was installed"
    assert found["qt_icon_widths"] == [16, 256]
    assert found["body_map_regions"] == 22  # the body map's drawing ships in the wheel


def _import_empty(installed: InstalledApp, data: Path) -> None:
    """Create the data with an import (reading commands never create a database)."""
    source = installed.workdir / "empty.json"
    source.write_text('{"format": "rollerlog", "version": 1}', encoding="utf-8")
    result = installed.run("rollerlog", "--data-dir", str(data), "import", str(source))
    assert result.returncode == 0, result.stderr


def test_installed_command_creates_a_database_and_exports(installed: InstalledApp) -> None:
    data = installed.workdir / "data-json"
    out = installed.workdir / "everything.json"

    _import_empty(installed, data)
    result = installed.run(
        "rollerlog", "--data-dir", str(data), "export", "--format", "json", "--out", str(out)
    )

    assert result.returncode == 0, result.stderr
    # The database was created by the migrations shipped in the wheel.
    assert (data / "rollerlog.sqlite3").is_file()
    assert json.loads(out.read_text(encoding="utf-8"))["format"] == "rollerlog"


def test_installed_command_exports_a_pdf_headless(installed: InstalledApp) -> None:
    data = installed.workdir / "data-pdf"
    out = installed.workdir / "log.pdf"

    _import_empty(installed, data)
    result = installed.run(
        "rollerlog", "--data-dir", str(data), "export", "--format", "pdf", "--out", str(out)
    )

    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF-")
