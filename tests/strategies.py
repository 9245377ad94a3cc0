"""Hypothesis strategies that build valid interchange documents."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from hypothesis import strategies as st

from rollerlog.domain.areas import AREA_SLUGS
from rollerlog.domain.findings import ACKNOWLEDGEABLE_CODES
from rollerlog.domain.vocabulary import (
    CONDITIONS,
    DISCARD_REASONS,
    LESION_KINDS,
    PROCEDURE_KINDS,
    ROLLER_SOURCES,
    STERILIZATION_METHODS,
)

START = date(2025, 1, 1)
texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n\t"),
    max_size=30,
)
names = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=20
).filter(lambda name: name.strip() != "")
needles = st.sampled_from([0.2, 0.25, 0.3, 0.5, 0.75, 1.0, 1.5, 2.0, 2.5, 3.0])
area_lists = st.lists(st.sampled_from(AREA_SLUGS), min_size=1, max_size=4, unique=True)


def _day(offset: int) -> str:
    return (START + timedelta(days=offset)).isoformat()


def _moment(offset_minutes: int, seconds: int) -> str:
    moment = datetime(2025, 1, 1) + timedelta(minutes=offset_minutes, seconds=seconds)
    text = moment.strftime("%Y-%m-%dT%H:%M")
    return text + (f":{moment.second:02d}" if moment.second else "")


@st.composite
def rollers(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Between zero and four rollers with unique names."""
    roller_names = draw(st.lists(names, max_size=4, unique=True))
    result = []
    for name in roller_names:
        acquired = draw(st.integers(0, 100))
        discarded = draw(st.none() | st.integers(acquired, acquired + 400))
        result.append(
            {
                "name": name,
                "needle_mm": draw(needles),
                "needle_count": draw(st.none() | st.integers(1, 1000)),
                "material": draw(texts.filter(lambda t: "\n" not in t and "\t" not in t)),
                "acquired_on": _day(acquired),
                "source": draw(st.none() | st.sampled_from(sorted(ROLLER_SOURCES))),
                "prior_uses": draw(st.integers(0, 20)),
                "discarded_on": None if discarded is None else _day(discarded),
                "discard_reason": None
                if discarded is None
                else draw(st.sampled_from(sorted(DISCARD_REASONS))),
                "notes": draw(texts),
                "_acquired": acquired,
                "_discarded": discarded,
            }
        )
    return result


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    """A valid interchange document with every key written, as export would write it."""
    roller_list = draw(rollers())
    sessions = []
    sterilizations = []
    for roller in roller_list:
        last_day = (
            roller["_discarded"] if roller["_discarded"] is not None else roller["_acquired"] + 400
        )
        for _ in range(draw(st.integers(0, 3))):
            day = draw(st.integers(roller["_acquired"], last_day))
            minute = draw(st.integers(0, 24 * 60 - 1))
            codes = draw(
                st.lists(st.sampled_from(sorted(ACKNOWLEDGEABLE_CODES)), max_size=2, unique=True)
            )
            sessions.append(
                {
                    "at": _moment(day * 24 * 60 + minute, draw(st.sampled_from([0, 0, 30]))),
                    "roller": roller["name"],
                    "areas": draw(area_lists),
                    "test_patch": draw(st.booleans()),
                    "topical": draw(texts.filter(lambda t: "\t" not in t)),
                    "notes": draw(texts),
                    "acknowledged": [{"code": code, "reason": draw(names)} for code in codes],
                }
            )
        for _ in range(draw(st.integers(0, 2))):
            sterilizations.append(
                {
                    "at": _moment(draw(st.integers(0, 500 * 24 * 60)), 0),
                    "roller": roller["name"],
                    "method": draw(st.none() | st.sampled_from(sorted(STERILIZATION_METHODS))),
                    "minutes": draw(st.none() | st.integers(0, 60)),
                }
            )
        del roller["_acquired"], roller["_discarded"]
    lesions = []
    for _ in range(draw(st.integers(0, 2))):
        noted = draw(st.integers(0, 300))
        resolved = draw(st.none() | st.integers(noted, noted + 100))
        lesions.append(
            {
                "area": draw(st.sampled_from(AREA_SLUGS)),
                "kind": draw(st.sampled_from(sorted(LESION_KINDS))),
                "noted_on": _day(noted),
                "resolved_on": None if resolved is None else _day(resolved),
                "notes": draw(texts),
            }
        )
    procedures = [
        {
            "kind": draw(st.sampled_from(sorted(PROCEDURE_KINDS))),
            "product": draw(texts.filter(lambda t: "\t" not in t)),
            "at": _moment(draw(st.integers(0, 500 * 24 * 60)), 0),
            "areas": draw(st.lists(st.sampled_from(AREA_SLUGS), max_size=3, unique=True)),
        }
        for _ in range(draw(st.integers(0, 2)))
    ]
    warn = draw(st.integers(1, 100))
    overrides = draw(
        st.dictionaries(st.sampled_from(["0.25", "0.5", "1.0", "1.5"]), st.integers(1, 365))
    )
    return {
        "format": "rollerlog",
        "version": 1,
        "settings": {
            "interval_days": draw(st.integers(1, 365)),
            "interval_days_by_needle_mm": dict(sorted(overrides.items())),
            "roller_warn_uses": warn,
            "roller_max_uses": draw(st.integers(warn, 100)),
            "test_patch_wait_days": draw(st.integers(0, 90)),
            "long_needle_mm": draw(needles),
        },
        "profile": {
            "conditions": [c for c in CONDITIONS if draw(st.booleans())],
        },
        "rollers": roller_list,
        "sessions": sessions,
        "sterilizations": sterilizations,
        "lesions": lesions,
        "procedures": procedures,
    }
