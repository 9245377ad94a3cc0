"""A write the disk refuses gives a clear message and leaves the stored data as it was."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from rollerlog import paths
from rollerlog.domain.interchange import parse_document
from rollerlog.store.db import WriteFailedError, open_database
from rollerlog.store.interchange import export_document, import_document
from tests.helpers import sample_document


def _big_document() -> dict[str, Any]:
    document = sample_document()
    document["rollers"][0]["notes"] = "x" * 9000
    document["sessions"] = [
        {
            "at": f"2026-01-{day:02d}T20:00",
            "roller": "Face 0.5",
            "areas": ["chin"],
            "notes": "n" * 5000,
        }
        for day in range(3, 29)
    ]
    return document


@pytest.mark.parametrize(
    ("pragma", "expected"),
    [
        ("PRAGMA max_page_count = {pages}", "the disk is full"),
        ("PRAGMA query_only = ON", "cannot be written to"),
    ],
    ids=["full-disk", "read-only"],
)
def test_a_refused_write_is_explained_and_changes_nothing(
    data_dir: Path, pragma: str, expected: str
) -> None:
    database = open_database(paths.database_path())
    try:
        import_document(database, parse_document(sample_document()), replace=False)
        before = export_document(database)
        pages = database.path.stat().st_size // 4096 + 1
        database.engine.dispose()

        def refuse_writes(connection: Any, _record: Any) -> None:
            connection.execute(pragma.format(pages=pages))

        event.listen(database.engine, "connect", refuse_writes)
        with pytest.raises(WriteFailedError, match=expected) as caught:
            import_document(database, parse_document(_big_document()), replace=True)
        assert "left as it was" in str(caught.value)
        event.remove(database.engine, "connect", refuse_writes)
        database.engine.dispose()
        assert export_document(database) == before
    finally:
        database.close()
