"""The vocabulary added after the first release: isotretinoin, sunburn and flare, version 1."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from rollerlog.domain.interchange import InvalidDocumentError, document_to_dict, parse_document
from rollerlog.store.interchange import export_document, import_document
from tests.helpers import fresh_database


def _document(**records: Any) -> dict[str, Any]:
    return {"format": "rollerlog", "version": 1, **records}


def test_a_file_with_the_new_words_round_trips_at_version_1(tmp_path: Path) -> None:
    raw = _document(
        profile={"conditions": ["isotretinoin", "lupus"]},
        lesions=[
            {"area": "nose", "kind": "sunburn", "noted_on": "2026-06-01"},
            {"area": "left-arm", "kind": "flare", "noted_on": "2026-06-02", "notes": "eczema"},
        ],
    )
    database = fresh_database(tmp_path)
    try:
        import_document(database, parse_document(raw), replace=False)
        exported = document_to_dict(export_document(database))
    finally:
        database.close()
    assert exported["version"] == 1
    assert exported["profile"]["conditions"] == ["lupus", "isotretinoin"]
    assert sorted(lesion["kind"] for lesion in exported["lesions"]) == ["flare", "sunburn"]


def test_a_file_without_them_is_still_valid() -> None:
    document = parse_document(
        _document(
            profile={"conditions": ["diabetes"]},
            lesions=[{"area": "chin", "kind": "mole", "noted_on": "2026-01-01"}],
        )
    )
    assert document.profile.conditions == {"diabetes"}


def test_a_near_miss_is_named() -> None:
    with pytest.raises(InvalidDocumentError, match=r'lesions\[0\]\.kind.*"sun-burn"'):
        parse_document(
            _document(lesions=[{"area": "chin", "kind": "sun-burn", "noted_on": "2026-01-01"}])
        )
