"""The finding codes, their texts, JSON shape and ordering."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest

from rollerlog.domain.findings import (
    ACKNOWLEDGEABLE_CODES,
    AREA_CODES,
    CODES,
    RULES,
    STOP_CODES,
    Finding,
    Severity,
    explanation_of,
    has_stop,
    is_acknowledgeable,
    severity_of,
    sort_findings,
    title_of,
)
from rollerlog.domain.wording import format_day, format_mm, format_moment

CONTRACT = {
    "too-soon": "stop",
    "roller-discarded": "stop",
    "roller-worn-out": "stop",
    "roller-near-limit": "caution",
    "not-sterilized": "stop",
    "lupus-patch-in-area": "stop",
    "broken-skin-in-area": "stop",
    "lesion-in-area": "caution",
    "test-patch-first": "stop",
    "pregnant": "stop",
    "anticoagulants": "stop",
    "immunosuppressed": "stop",
    "diabetes": "caution",
    "allergy-hives": "stop",
    "keloid-prone": "caution",
    "isotretinoin": "caution",
    "neuromodulator-recent": "stop",
    "filler-recent": "stop",
    "long-needle": "caution",
    "sterilize-after": "caution",
}


def test_codes_and_severities_are_the_contracts() -> None:
    assert set(CONTRACT) == CODES
    for code, severity in CONTRACT.items():
        assert severity_of(code) == severity


def test_every_stop_but_discarded_can_be_acknowledged() -> None:
    assert STOP_CODES - {"roller-discarded"} == ACKNOWLEDGEABLE_CODES
    assert not is_acknowledgeable("roller-discarded")
    assert is_acknowledgeable("too-soon")
    assert not is_acknowledgeable("diabetes")


def test_area_codes() -> None:
    assert {
        "too-soon",
        "lupus-patch-in-area",
        "broken-skin-in-area",
        "lesion-in-area",
        "allergy-hives",
    } == AREA_CODES


@pytest.mark.parametrize("code", sorted(CONTRACT))
def test_every_code_has_a_title_and_a_short_explanation(code: str) -> None:
    assert title_of(code)
    sentences = re.findall(r"[^.!?]+[.!?]", explanation_of(code))
    assert 2 <= len(sentences) <= 4


def test_rules_are_listed_once() -> None:
    assert len(RULES) == len(CODES)


def test_to_dict_is_the_finding_json_shape() -> None:
    finding = Finding("too-soon", Severity.STOP, "Wait.", area="chin")
    assert finding.to_dict() == {
        "code": "too-soon",
        "severity": "stop",
        "message": "Wait.",
        "area": "chin",
        "roller": None,
    }
    assert type(finding.to_dict()["severity"]) is str


def test_sort_is_by_severity_and_otherwise_stable() -> None:
    a = Finding("diabetes", Severity.CAUTION, "a")
    b = Finding("pregnant", Severity.STOP, "b")
    c = Finding("keloid-prone", Severity.CAUTION, "c")
    d = Finding("x", Severity.NOTE, "d")
    e = Finding("too-soon", Severity.STOP, "e", area="chin")
    assert sort_findings([d, a, b, c, e]) == [b, e, a, c, d]
    assert has_stop([a, b])
    assert not has_stop([a, c, d])


def test_wording_of_days_and_times() -> None:
    assert format_day(date(2026, 3, 2)) == "2 March 2026"
    assert format_day(date(2026, 12, 31)) == "31 December 2026"
    assert format_moment(datetime(2026, 1, 5, 7, 5)) == "5 January 2026, 07:05"
    assert format_mm(0.5) == "0.5"
    assert format_mm(1.0) == "1"
    assert format_mm(0.25) == "0.25"


#: The codes the contract names as its own decisions, not the source article's.
CONTRACT_DECISIONS = {"long-needle", "isotretinoin"}
#: Codes whose article rule the contract extends (the note must say how).
CONTRACT_EXTENSIONS = {
    "too-soon": "override",
    "test-patch-first": "21-day",
    "broken-skin-in-area": "sunburn",
    "neuromodulator-recent": "whatever their",
    "filler-recent": "whatever their",
}


def test_every_rule_says_whether_the_article_or_the_contract_decided_it() -> None:
    for rule in RULES:
        assert rule.origin in ("article", "contract")
        assert rule.from_article is (rule.code not in CONTRACT_DECISIONS), rule.code
        if rule.code in CONTRACT_EXTENSIONS:
            assert CONTRACT_EXTENSIONS[rule.code] in rule.origin_note, rule.code
        if not rule.from_article:
            assert "contract" in rule.origin_note, rule.code
