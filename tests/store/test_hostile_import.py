"""Hostile input to the importer: a clear refusal or a correct import, never a partial write."""

from __future__ import annotations

import copy
import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rollerlog.domain.interchange import InvalidDocumentError, document_to_dict, parse_document
from rollerlog.store.db import open_database
from rollerlog.store.interchange import export_document, import_document
from tests.helpers import sample_document

hostile_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.text(alphabet=st.characters(max_codepoint=0x1F), min_size=1, max_size=10),
    st.just("é" * 50_000),
    st.just("Face 0.5"),
    st.just("Nobody's roller"),
    st.just("2026-02-30"),
    st.just("9999-12-31T23:59"),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=4), st.none(), max_size=2),
)


def _places(node: Any, trail: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [trail] if trail else []
    if isinstance(node, dict):
        for key, value in node.items():
            found.extend(_places(value, (*trail, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.extend(_places(value, (*trail, index)))
    return found


def _canonical(document: dict[str, Any]) -> dict[str, Any]:
    """The document with each list of records in a fixed order (export sorts by time)."""
    result = dict(document)
    for key in ("rollers", "sessions", "sterilizations", "lesions", "procedures"):
        result[key] = sorted(result[key], key=lambda item: json.dumps(item, sort_keys=True))
    return result


@st.composite
def hostile_documents(draw: st.DrawFn) -> dict[str, Any]:
    """The sample document with a few places replaced, removed, duplicated or added to."""
    document = sample_document()
    for _ in range(draw(st.integers(1, 3))):
        places = _places(document)
        trail = draw(st.sampled_from(places))
        parent = document
        for step in trail[:-1]:
            parent = parent[step]
        action = draw(st.sampled_from(["replace", "replace", "remove", "duplicate", "add-key"]))
        if action == "replace":
            parent[trail[-1]] = draw(hostile_values)
        elif action == "remove":
            del parent[trail[-1]]
        elif action == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[trail[-1]]))
        elif isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=8))] = draw(hostile_values)
    return document


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_documents())
def test_hostile_documents_get_a_clear_refusal_or_a_correct_import(
    document: dict[str, Any],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        database = open_database(Path(folder) / "rollerlog.sqlite3")
        try:
            import_document(database, parse_document(sample_document()), replace=False)
            before = document_to_dict(export_document(database))
            try:
                parsed = parse_document(document)
            except InvalidDocumentError as error:
                problems = error.problems
                parsed = None
            if parsed is None:
                assert problems
                for problem in problems:
                    assert isinstance(problem, str)
                    assert ": " in problem
                    assert len(problem) < 400, "a problem line repeats a huge value"
                assert document_to_dict(export_document(database)) == before
                return
            import_document(database, parsed, replace=True)
            assert _canonical(document_to_dict(export_document(database))) == _canonical(
                document_to_dict(parsed)
            )
        finally:
            database.close()
