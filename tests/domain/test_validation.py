"""Form validation: one plain message per field, for anything a form can hand over."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from rollerlog.domain.validation import (
    validate_discard,
    validate_lesion,
    validate_procedure,
    validate_roller,
    validate_session,
    validate_sterilization,
)

NOW = datetime(2026, 3, 1, 20, 0)
TODAY = NOW.date()


def test_a_sensible_roller_passes_and_each_bad_field_gets_its_message() -> None:
    good = {"name": "Face 0.5", "needle_mm": 0.5, "acquired_on": date(2026, 1, 2)}
    assert validate_roller(**good, today=TODAY) == {}
    errors = validate_roller(
        name="  ",
        needle_mm=3.5,
        acquired_on=TODAY + timedelta(days=1),
        needle_count=0,
        prior_uses=-1,
        notes="x" * 10_001,
        today=TODAY,
    )
    assert set(errors) == {
        "name",
        "needle_mm",
        "acquired_on",
        "needle_count",
        "prior_uses",
        "notes",
    }
    assert errors["needle_mm"] == "Needles are from 0.1 to 3.0 mm long."
    assert "10,001 characters" in errors["notes"]
    assert validate_roller(**good, today=TODAY, existing_names=["Face 0.5"]) == {
        "name": "Another roller already has this name."
    }


def test_a_session_in_the_future_or_without_areas_is_refused() -> None:
    ok = {"roller": "Face 0.5", "areas": ["chin"], "now": NOW}
    assert validate_session(at=NOW, **ok) == {}
    assert "future" in validate_session(at=NOW + timedelta(minutes=1), **ok)["at"]
    assert validate_session(at=NOW, roller="Face 0.5", areas=[], now=NOW) == {
        "areas": "Choose at least one area."
    }


def test_going_ahead_despite_a_stop_needs_a_reason_and_a_discarded_roller_never() -> None:
    ok = {"at": NOW, "roller": "Face 0.5", "areas": ["chin"], "now": NOW}
    errors = validate_session(**ok, needs_acknowledgement=["too-soon"], reasons={"too-soon": " "})
    assert errors == {"reason:too-soon": "Say why you are going ahead despite this warning."}
    assert (
        validate_session(**ok, needs_acknowledgement=["too-soon"], reasons={"too-soon": "doctor"})
        == {}
    )
    blocked = validate_session(**ok, needs_acknowledgement=["roller-discarded"])
    assert "discarded roller cannot be used" in blocked["roller"]


def test_other_forms_check_their_fields() -> None:
    assert validate_sterilization(at=NOW, now=NOW, roller="R", minutes=10_000) == {
        "minutes": "Enter a number from 0 to 1,440."
    }
    lesion = validate_lesion(
        area="left-cheek",
        kind="mole",
        noted_on=date(2026, 2, 1),
        resolved_on=date(2026, 1, 1),
        today=TODAY,
    )
    assert lesion == {"resolved_on": "It cannot have healed before it was noted."}
    assert validate_procedure(kind="filler", at=NOW, now=NOW, areas=["lips"]) == {
        "areas": "Choose areas from the list."
    }
    discard = validate_discard(
        discarded_on=date(2026, 2, 1),
        reason="dropped",
        acquired_on=date(2026, 1, 1),
        today=TODAY,
        last_session_on=date(2026, 2, 10),
    )
    assert "10 February 2026" in discard["discarded_on"]


hostile = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=50),
    st.text(alphabet=st.characters(max_codepoint=0x1F), max_size=20),
    st.just("x" * 200_000),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.dates(),
    st.datetimes(),
    st.just(object()),
)


def _well_formed(errors: Any) -> bool:
    return isinstance(errors, dict) and all(
        isinstance(key, str) and isinstance(message, str) and message.endswith(".")
        for key, message in errors.items()
    )


@settings(max_examples=80, deadline=None)
@given(st.lists(hostile, min_size=9, max_size=9))
def test_hostile_values_always_get_messages_never_an_exception(values: list[Any]) -> None:
    a, b, c, d, e, f, g, h, i = values
    results = [
        validate_roller(
            name=a,
            needle_mm=b,
            acquired_on=c,
            needle_count=d,
            prior_uses=e,
            material=f,
            notes=g,
            today=TODAY,
            existing_names=["Face"],
        ),
        validate_session(
            at=a,
            now=NOW,
            roller=b,
            areas=c,
            needs_acknowledgement=["too-soon"],
            reasons={"too-soon": d},
            topical=e,
            notes=f,
        ),
        validate_sterilization(at=g, now=NOW, roller=h, method=i, minutes=a),
        validate_lesion(area=b, kind=c, noted_on=d, resolved_on=e, notes=f, today=TODAY),
        validate_procedure(kind=g, at=h, now=NOW, product=i, areas=a),
        validate_discard(discarded_on=b, reason=c, acquired_on=date(2026, 1, 1), today=TODAY),
    ]
    for errors in results:
        assert _well_formed(errors), errors
    assert results[0], "a roller built from hostile values passed"
