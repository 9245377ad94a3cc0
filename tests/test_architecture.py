"""The layering rules: the core never needs PySide6, and the wheel lists every package."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

from tests.helpers import REPO_ROOT

CORE_MODULES = [
    "rollerlog.meta",
    "rollerlog.paths",
    "rollerlog.resources_access",
    "rollerlog.cli",
    "rollerlog.domain.areas",
    "rollerlog.domain.entities",
    "rollerlog.domain.interchange",
    "rollerlog.domain.settings",
    "rollerlog.domain.vocabulary",
    "rollerlog.store.db",
    "rollerlog.store.tables",
    "rollerlog.store.interchange",
    "rollerlog.store.backup",
    "rollerlog.store.migrate",
    "rollerlog.store.integrity",
    "rollerlog.store.lock",
    "rollerlog.store.startup",
    "rollerlog.domain.validation",
    "rollerlog.report.content",
    "rollerlog.report.csv_export",
    "rollerlog.report.demo",
]


def test_the_core_and_its_headless_commands_work_with_pyside6_blocked(tmp_path: Path) -> None:
    """Import every core module and run an import/export with PySide6 made unimportable."""
    document = tmp_path / "doc.json"
    document.write_text('{"format": "rollerlog", "version": 1}', encoding="utf-8")
    code = f"""
import sys
sys.modules["PySide6"] = None  # any import of PySide6 now raises ImportError
sys.modules["shiboken6"] = None
import importlib
for name in {CORE_MODULES!r}:
    importlib.import_module(name)
from rollerlog.cli import main
assert main(["--data-dir", {str(tmp_path / "data")!r}, "import", {str(document)!r}]) == 0
assert main(["--data-dir", {str(tmp_path / "data")!r}, "export", "--format", "json",
             "--out", {str(tmp_path / "out.json")!r}]) == 0
assert main(["--data-dir", {str(tmp_path / "data")!r}, "export", "--format", "csv",
             "--out", {str(tmp_path / "out.csv")!r}]) == 0
"""
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_the_wheel_lists_every_package_of_the_checkout() -> None:
    config = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {
        ".".join(init.parent.relative_to(REPO_ROOT).parts)
        for init in (REPO_ROOT / "rollerlog").rglob("__init__.py")
    }
    found.add("rollerlog.resources")
    # Resource folders are listed too; those whose names are not identifiers
    # (hicolor/16x16) cannot be packages and are shipped as the parent's data.
    for folder in (REPO_ROOT / "resources").rglob("*"):
        parts = folder.relative_to(REPO_ROOT / "resources").parts
        if (
            folder.is_dir()
            and folder.name != "__pycache__"
            and all(p.isidentifier() for p in parts)
        ):
            found.add(".".join(("rollerlog", "resources", *parts)))
    assert listed == found
