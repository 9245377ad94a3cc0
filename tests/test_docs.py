"""The generated documents are up to date with the code they describe."""

from __future__ import annotations

from scripts.make_rules_doc import DOC, render


def test_the_rules_document_matches_the_rules_explanations() -> None:
    assert DOC.read_text(encoding="utf-8") == render(), "run scripts/make_rules_doc.py"
