"""The printed log's content: ticks, use numbers, filters, rollers, spots and the legend."""

from __future__ import annotations

from datetime import date, datetime

from rollerlog.domain.entities import (
    Acknowledgement,
    Lesion,
    Procedure,
    Profile,
    Roller,
    Session,
    Sterilization,
)
from rollerlog.domain.findings import explanation_of, title_of
from rollerlog.domain.interchange import Document
from rollerlog.report.content import ReportFilter, build_report

NOW = datetime(2026, 3, 1, 12, 0)
FACE = Roller(name="Face 0.5", needle_mm=0.5, acquired_on=date(2026, 1, 2), prior_uses=4)
BODY = Roller(
    name="Body 1.0",
    needle_mm=1.0,
    acquired_on=date(2026, 1, 2),
    discarded_on=date(2026, 2, 1),
    discard_reason="dropped",
)


def _document(
    sessions: tuple[Session, ...],
    sterilizations: tuple[Sterilization, ...] = (),
    **more: object,
) -> Document:
    return Document(
        rollers=(FACE, BODY),
        sessions=sessions,
        sterilizations=sterilizations,
        **more,  # type: ignore[arg-type]
    )


def _session(at: datetime, roller: str = "Face 0.5", *areas: str, **more: object) -> Session:
    return Session(at=at, roller=roller, areas=areas or ("left-cheek",), **more)  # type: ignore[arg-type]


def _ticks(document: Document) -> list[tuple[bool, bool]]:
    report = build_report(document, ReportFilter(), NOW)
    return [(line.sterilized_before, line.sterilized_after) for line in report.sessions]


def test_first_session_counts_a_sterilization_from_the_day_the_roller_was_acquired() -> None:
    first = _session(datetime(2026, 1, 5, 20, 0))
    on_acquired_day = Sterilization(datetime(2026, 1, 2, 0, 0), "Face 0.5")
    day_before = Sterilization(datetime(2026, 1, 1, 23, 59), "Face 0.5")
    assert _ticks(_document((first,), (on_acquired_day,))) == [(True, False)]
    assert _ticks(_document((first,), (day_before,))) == [(False, False)]


def test_a_sterilization_in_the_same_minute_as_a_session_counts_before_it_not_after_it() -> None:
    first = _session(datetime(2026, 1, 5, 20, 0))
    second = _session(datetime(2026, 1, 20, 20, 0))
    same_minute = Sterilization(datetime(2026, 1, 5, 20, 0, 30), "Face 0.5")
    ticks = _ticks(_document((first, second), (same_minute,)))
    assert ticks == [(True, False), (False, False)]


def test_after_means_after_this_session_and_at_or_before_the_next() -> None:
    first = _session(datetime(2026, 1, 5, 20, 0))
    second = _session(datetime(2026, 1, 20, 20, 0))
    at_next = Sterilization(datetime(2026, 1, 20, 20, 0), "Face 0.5")
    # One sterilization between two sessions serves as "after" the first and "before" the next.
    assert _ticks(_document((first, second), (at_next,))) == [(False, True), (True, False)]
    late = Sterilization(datetime(2026, 2, 20, 8, 0), "Face 0.5")
    assert _ticks(_document((first, second), (late,))) == [(False, False), (False, True)]


def test_another_rollers_sterilization_does_not_count() -> None:
    first = _session(datetime(2026, 1, 5, 20, 0))
    other = Sterilization(datetime(2026, 1, 5, 19, 0), "Body 1.0")
    assert _ticks(_document((first,), (other,))) == [(False, False)]


def test_use_numbers_count_prior_uses_and_the_whole_history_even_when_filtered() -> None:
    sessions = tuple(_session(datetime(2026, 1, 5 + 7 * week, 20, 0)) for week in range(4))
    report = build_report(
        _document(sessions), ReportFilter(start=date(2026, 1, 19), end=date(2026, 1, 31)), NOW
    )
    assert [line.use_number for line in report.sessions] == [7, 8]
    face = next(r for r in report.rollers if r.name == "Face 0.5")
    assert face.uses_text == "8 / 15"


def test_filters_by_roller_and_area() -> None:
    sessions = (
        _session(datetime(2026, 1, 5, 20, 0), "Face 0.5", "forehead"),
        _session(datetime(2026, 1, 6, 20, 0), "Body 1.0", "back"),
        _session(datetime(2026, 1, 7, 20, 0), "Face 0.5", "chin", "neck"),
    )
    by_roller = build_report(
        _document(sessions), ReportFilter(rollers=frozenset({"Body 1.0"})), NOW
    )
    assert [line.roller for line in by_roller.sessions] == ["Body 1.0"]
    assert [r.name for r in by_roller.rollers] == ["Body 1.0"]
    by_area = build_report(_document(sessions), ReportFilter(areas=frozenset({"neck"})), NOW)
    assert [line.area_labels for line in by_area.sessions] == [("Chin", "Neck")]


def test_a_discarded_roller_says_when_and_why() -> None:
    report = build_report(_document(()), ReportFilter(), NOW)
    body = next(r for r in report.rollers if r.name == "Body 1.0")
    assert (body.state, body.discarded_on, body.discard_reason) == (
        "Discarded",
        date(2026, 2, 1),
        "Dropped",
    )
    before_discard = build_report(_document(()), ReportFilter(end=date(2026, 1, 31)), NOW)
    body = next(r for r in before_discard.rollers if r.name == "Body 1.0")
    assert (body.state, body.discarded_on) == ("In use", None)


def test_acknowledged_stops_carry_their_title_and_the_legend_explains_only_those_codes() -> None:
    stop = Acknowledgement("too-soon", "my dermatologist agreed")
    sessions = (_session(datetime(2026, 1, 5, 20, 0), acknowledged=(stop,)),)
    report = build_report(_document(sessions), ReportFilter(), NOW)
    (line,) = report.sessions
    assert [(s.code, s.title, s.reason) for s in line.stops] == [
        ("too-soon", title_of("too-soon"), "my dermatologist agreed")
    ]
    assert [(e.code, e.title, e.explanation) for e in report.legend] == [
        ("too-soon", title_of("too-soon"), explanation_of("too-soon"))
    ]
    assert build_report(_document(()), ReportFilter(), NOW).legend == ()


def test_profile_unresolved_spots_and_recent_procedures() -> None:
    document = _document(
        (_session(datetime(2026, 2, 10, 20, 0)),),
        profile=Profile(frozenset({"diabetes", "lupus"})),
        lesions=(
            Lesion("left-cheek", "mole", date(2025, 12, 1)),
            Lesion("chin", "cold-sore", date(2026, 1, 1), resolved_on=date(2026, 1, 10)),
        ),
        procedures=(
            Procedure("filler", datetime(2025, 6, 1, 10, 0), "Juvederm", ("chin",)),
            Procedure("neuromodulator", datetime(2026, 1, 15, 10, 0), "Botox", ("forehead",)),
        ),
    )
    report = build_report(document, ReportFilter(start=date(2026, 2, 1)), NOW)
    assert report.conditions == ("Diabetes", "Lupus")
    assert [(le.area_label, le.kind_label) for le in report.lesions] == [("Left cheek", "Mole")]
    assert [p.product for p in report.procedures] == ["Botox"]
    assert report.end == NOW.date()
