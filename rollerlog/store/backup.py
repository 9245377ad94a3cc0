"""Consistent copies of the database with SQLite's online backup API."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from rollerlog.paths import ensure_private_dir


def backup_database(source: Path, destination: Path) -> Path:
    """Copy the database at ``source`` to ``destination`` consistently, even while it is in use.

    Uses SQLite's backup API (never a plain file copy, which could miss the write-ahead log).
    """
    ensure_private_dir(destination.parent)
    partial = destination.with_name(destination.name + ".partial")
    partial.unlink(missing_ok=True)
    source_connection = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        target = sqlite3.connect(partial)
        try:
            source_connection.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")
        finally:
            target.close()
    finally:
        source_connection.close()
    partial.replace(destination)
    return destination


def timestamped_backup_path(folder: Path, when: datetime, label: str = "") -> Path:
    """A new backup file name in ``folder`` for the moment ``when``."""
    stem = when.strftime("rollerlog-%Y-%m-%d-%H%M%S")
    if label:
        stem += f"-{label}"
    candidate = folder / f"{stem}.sqlite3"
    counter = 1
    while candidate.exists():
        counter += 1
        candidate = folder / f"{stem}-{counter}.sqlite3"
    return candidate
