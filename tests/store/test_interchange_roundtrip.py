"""Import and export against a real database: lossless round trips, whole refusals."""

from __future__ import annotations

import copy
import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rollerlog.domain.interchange import InvalidDocumentError, document_to_dict, parse_document
from rollerlog.store.interchange import NotEmptyError, export_document, import_document
from tests.helpers import fresh_database, sample_document
from tests.strategies import documents


def _roundtrip(document: dict[str, Any], folder: Path) -> dict[str, Any]:
    database = fresh_database(folder)
    try:
        import_document(database, parse_document(document), replace=False)
        return document_to_dict(export_document(database))
    finally:
        database.close()


def _canonical(document: dict[str, Any]) -> dict[str, Any]:
    """The document with each list of records in a fixed order, for comparing content."""
    result = copy.deepcopy(document)
    for key in ("rollers", "sessions", "sterilizations", "lesions", "procedures"):
        result[key] = sorted(result[key], key=lambda item: json.dumps(item, sort_keys=True))
    return result


def test_the_sample_document_survives_export_import_export(tmp_path: Path) -> None:
    first = _roundtrip(sample_document(), tmp_path / "one")
    second = _roundtrip(first, tmp_path / "two")
    assert first == second
    assert _canonical(first) == _canonical(sample_document())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_every_valid_document_round_trips_losslessly(document: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        first = _roundtrip(document, Path(folder) / "one")
        second = _roundtrip(first, Path(folder) / "two")
    assert first == second
    assert _canonical(first) == _canonical(document)


# Each mutation breaks one field and names the path the error must mention.
MUTATIONS: list[tuple[str, Any]] = [
    ("sessions[0].areas[0]", lambda d: d["sessions"][0]["areas"].__setitem__(0, "cheeks")),
    ("sessions[1].areas[1]", lambda d: d["sessions"][1]["areas"].append("left-thigh")),
    ("rollers[0].needle_mm", lambda d: d["rollers"][0].__setitem__("needle_mm", 3.5)),
    ("rollers[0].prior_uses", lambda d: d["rollers"][0].__setitem__("prior_uses", -1)),
    ("rollers[1].name", lambda d: d["rollers"][1].__setitem__("name", "Face 0.5")),
    ("rollers[0].colour", lambda d: d["rollers"][0].__setitem__("colour", "red")),
    ("rollers[1].discard_reason", lambda d: d["rollers"][1].__setitem__("discard_reason", None)),
    (
        "rollers[1].discarded_on",
        lambda d: d["rollers"][1].__setitem__("discarded_on", "2025-12-01"),
    ),
    ("sessions[0].roller", lambda d: d["sessions"][0].__setitem__("roller", "Nope")),
    ("sessions[0].at", lambda d: d["sessions"][0].__setitem__("at", "2025-12-31T20:00")),
    ("sessions[0].at", lambda d: d["sessions"][0].__setitem__("at", "5 January")),
    ("sessions[1].at", lambda d: d["sessions"][1].__setitem__("at", "2026-03-01T10:00")),
    ("sessions[0].areas", lambda d: d["sessions"][0].__setitem__("areas", [])),
    (
        "sessions[0].acknowledged[0].reason",
        lambda d: d["sessions"][0]["acknowledged"][0].__setitem__("reason", " "),
    ),
    (
        "sessions[0].acknowledged[0].code",
        lambda d: d["sessions"][0]["acknowledged"][0].__setitem__("code", "roller-discarded"),
    ),
    ("sessions[0].test_patch", lambda d: d["sessions"][0].__setitem__("test_patch", "yes")),
    ("sterilizations[0].method", lambda d: d["sterilizations"][0].__setitem__("method", "boiling")),
    ("sterilizations[0].minutes", lambda d: d["sterilizations"][0].__setitem__("minutes", 10**30)),
    ("lesions[0].kind", lambda d: d["lesions"][0].__setitem__("kind", "freckle")),
    ("lesions[0].resolved_on", lambda d: d["lesions"][0].__setitem__("resolved_on", "2025-06-01")),
    ("procedures[0].kind", lambda d: d["procedures"][0].__setitem__("kind", "laser")),
    ("profile.conditions[1]", lambda d: d["profile"]["conditions"].append("lupus")),
    ("profile.conditions[0]", lambda d: d["profile"].__setitem__("conditions", ["flu"])),
    ("settings.interval_days", lambda d: d["settings"].__setitem__("interval_days", 0)),
    ("settings.roller_max_uses", lambda d: d["settings"].__setitem__("roller_max_uses", 5)),
    (
        "settings.interval_days_by_needle_mm.9",
        lambda d: d["settings"]["interval_days_by_needle_mm"].__setitem__("9", 3),
    ),
    ("version", lambda d: d.__setitem__("version", 2)),
    ("extra", lambda d: d.__setitem__("extra", 1)),
]


@pytest.mark.parametrize(("path", "mutate"), MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_an_invalid_field_is_named_and_nothing_is_written(
    tmp_path: Path, path: str, mutate: Any
) -> None:
    database = fresh_database(tmp_path)
    try:
        import_document(database, parse_document(sample_document()), replace=False)
        before = document_to_dict(export_document(database))
        broken = sample_document()
        mutate(broken)
        with pytest.raises(InvalidDocumentError) as raised:
            import_document(database, parse_document(broken), replace=True)
        assert any(problem.startswith(f"{path}:") for problem in raised.value.problems), (
            raised.value.problems
        )
        assert document_to_dict(export_document(database)) == before
    finally:
        database.close()


@settings(max_examples=60, deadline=None)
@given(documents(), st.data())
def test_a_random_breakage_is_reported_with_its_record_and_field(
    document: dict[str, Any], data: st.DataObject
) -> None:
    """Replace one leaf of a valid document with a value of a wrong type."""
    leaves: list[tuple[list[Any], Any]] = []

    def walk(node: Any, trail: list[Any]) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, [*trail, key])
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, [*trail, index])
        if trail and trail[0] not in ("format", "version") and not isinstance(node, dict | list):
            leaves.append((trail, node))

    walk(document, [])
    if not leaves:
        return
    trail, _ = data.draw(st.sampled_from(leaves))
    target = document
    for step in trail[:-1]:
        target = target[step]
    target[trail[-1]] = data.draw(st.sampled_from([{"nested": True}, [1, 2], "\x00bad"]))
    expected = trail[0] if isinstance(trail[0], str) else ""
    for step in trail[1:]:
        expected += f"[{step}]" if isinstance(step, int) else f".{step}"
    with pytest.raises(InvalidDocumentError) as raised:
        parse_document(document)
    assert any(problem.startswith(expected) for problem in raised.value.problems), (
        expected,
        raised.value.problems,
    )


def test_import_refuses_a_database_that_holds_data(tmp_path: Path) -> None:
    database = fresh_database(tmp_path)
    try:
        import_document(database, parse_document(sample_document()), replace=False)
        with pytest.raises(NotEmptyError):
            import_document(database, parse_document(sample_document()), replace=False)
    finally:
        database.close()


def test_a_changed_setting_alone_makes_the_database_non_empty(tmp_path: Path) -> None:
    database = fresh_database(tmp_path)
    only_setting = {"format": "rollerlog", "version": 1, "settings": {"interval_days": 30}}
    try:
        import_document(database, parse_document(only_setting), replace=False)
        with pytest.raises(NotEmptyError):
            import_document(
                database, parse_document({"format": "rollerlog", "version": 1}), replace=False
            )
    finally:
        database.close()


def test_missing_lists_and_settings_take_their_defaults() -> None:
    document = parse_document({"format": "rollerlog", "version": 1})
    assert document.is_empty()
    written = document_to_dict(document)
    assert written["settings"]["interval_days"] == 28
    assert written["sessions"] == []
