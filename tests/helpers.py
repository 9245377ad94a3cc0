"""Shared test helpers: running the command line as a real subprocess, sample documents."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rollerlog.store.db import Database

REPO_ROOT = Path(__file__).resolve().parent.parent


def run_cli(*args: str, data_dir: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run ``python -m rollerlog --data-dir DATA_DIR ARGS`` and capture its output."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO_ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("ROLLERLOG_DATA_DIR", None)
    return subprocess.run(
        [sys.executable, "-m", "rollerlog", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=timeout,
        check=False,
    )


@functools.cache
def _migrated_template() -> Path:
    """A database file migrated once per test run, copied by :func:`fresh_database`."""
    from rollerlog.store.db import open_database

    folder = Path(tempfile.mkdtemp(prefix="rollerlog-template-"))
    database = open_database(folder / "rollerlog.sqlite3")
    database.close()
    return folder / "rollerlog.sqlite3"


def fresh_database(folder: Path) -> Database:
    """An empty, current database in ``folder`` without running the migrations again.

    Many property-based examples each need their own database; migrating each would
    dominate the run, so they start from a copy of one migrated file.
    """
    from rollerlog.store.db import open_database

    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(_migrated_template(), folder / "rollerlog.sqlite3")
    return open_database(folder / "rollerlog.sqlite3")


def sample_document() -> dict[str, Any]:
    """A small, valid interchange document touching every record type and key."""
    return {
        "format": "rollerlog",
        "version": 1,
        "settings": {
            "interval_days": 28,
            "interval_days_by_needle_mm": {"0.25": 7},
            "roller_warn_uses": 10,
            "roller_max_uses": 15,
            "test_patch_wait_days": 21,
            "long_needle_mm": 1.0,
        },
        "profile": {"conditions": ["lupus"]},
        "rollers": [
            {
                "name": "Face 0.5",
                "needle_mm": 0.5,
                "needle_count": 192,
                "material": "titanium",
                "acquired_on": "2026-01-02",
                "source": "dermatologist",
                "prior_uses": 0,
                "discarded_on": None,
                "discard_reason": None,
                "notes": "",
            },
            {
                "name": "Body 1.0 ✨",
                "needle_mm": 1.0,
                "needle_count": 540,
                "material": "stainless steel",
                "acquired_on": "2026-01-03",
                "source": "retailer",
                "prior_uses": 3,
                "discarded_on": "2026-02-10",
                "discard_reason": "dropped",
                "notes": "fell on the tiles",
            },
        ],
        "sessions": [
            {
                "at": "2026-01-05T20:00",
                "roller": "Face 0.5",
                "areas": ["left-cheek", "right-cheek"],
                "test_patch": False,
                "topical": "hyaluronic acid serum",
                "notes": "",
                "acknowledged": [{"code": "too-soon", "reason": "dermatologist said so"}],
            },
            {
                "at": "2026-01-06T08:30:15",
                "roller": "Body 1.0 ✨",
                "areas": ["left-thigh"],
                "test_patch": True,
                "topical": "",
                "notes": "café — test patch",
                "acknowledged": [],
            },
        ],
        "sterilizations": [
            {
                "at": "2026-01-05T19:40",
                "roller": "Face 0.5",
                "method": "isopropyl-70",
                "minutes": 10,
            }
        ],
        "lesions": [
            {
                "area": "left-cheek",
                "kind": "mole",
                "noted_on": "2026-01-01",
                "resolved_on": None,
                "notes": "",
            }
        ],
        "procedures": [
            {
                "kind": "neuromodulator",
                "product": "Botox",
                "at": "2026-02-01T10:00",
                "areas": ["forehead"],
            }
        ],
    }
