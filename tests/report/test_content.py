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


def test_an_overridden_area_stop_names_the_areas_the_rule_found_and_others_name_all() -> None:
    earlier = _session(datetime(2026, 1, 5, 20, 0), "Face 0.5", "left-cheek")
    later = _session(
        datetime(2026, 1, 19, 20, 0),
        "Face 0.5",
        "left-cheek",
        "forehead",
        acknowledged=(
            Acknowledgement("too-soon", "doctor agreed"),
            Acknowledgement("not-sterilized", "boiled it"),
        ),
    )
    report = build_report(_document((earlier, later)), ReportFilter(), NOW)
    too_soon, not_sterilized = report.sessions[1].stops
    assert (too_soon.area_labels, too_soon.per_area) == (("Left cheek",), True)
    assert (not_sterilized.area_labels, not_sterilized.per_area) == (
        ("Forehead", "Left cheek"),
        False,
    )
    assert [(o.at, o.stop.code) for o in report.overrides] == [
        (later.at, "too-soon"),
        (later.at, "not-sterilized"),
    ]


def test_a_spot_stop_names_the_spot_s_area() -> None:
    session = _session(
        datetime(2026, 1, 19, 20, 0),
        "Face 0.5",
        "chin",
        "nose",
        acknowledged=(Acknowledgement("broken-skin-in-area", "tiny, healed"),),
    )
    document = _document((session,), lesions=(Lesion("nose", "open-wound", date(2026, 1, 10)),))
    (stop,) = build_report(document, ReportFilter(), NOW).sessions[0].stops
    assert stop.area_labels == ("Nose",)


def test_spots_are_in_body_order_stop_kinds_marked_unknown_kinds_by_their_words() -> None:
    document = _document(
        (),
        lesions=(
            Lesion("back", "mole", date(2025, 12, 1)),
            Lesion("forehead", "sunburn", date(2026, 2, 20)),
            Lesion("forehead", "skin-tag", date(2025, 11, 1)),
            Lesion("chin", "lupus-patch", date(2025, 10, 1)),
            Lesion("nose", "cold-sore", date(2026, 1, 1), resolved_on=date(2026, 1, 20)),
            Lesion("nose", "active-breakout", date(2025, 1, 1), resolved_on=date(2025, 2, 1)),
        ),
    )
    report = build_report(document, ReportFilter(start=date(2026, 1, 1)), NOW)
    assert [(s.area_label, s.kind_label, s.stop) for s in report.lesions] == [
        ("Forehead", "Sunburn", True),
        ("Forehead", "Skin tag", False),
        ("Chin", "Lupus patch", True),
        ("Back", "Mole", False),
    ]
    # Healed in the period: the cold sore, not the breakout that healed a year before.
    assert [(s.area_label, s.resolved_on) for s in report.healed] == [("Nose", date(2026, 1, 20))]


def test_each_area_has_its_sessions_shortest_gap_last_session_and_next_safe_day() -> None:
    sessions = (
        _session(datetime(2026, 1, 1, 20, 0), "Face 0.5", "chin"),
        _session(datetime(2026, 1, 29, 20, 0), "Face 0.5", "chin"),
        _session(datetime(2026, 2, 10, 20, 0), "Face 0.5", "chin", "nose"),
        _session(datetime(2026, 2, 20, 20, 0), "Body 1.0", "back"),
    )
    # Only Face 0.5's sessions are printed, but the next safe day counts every session.
    report = build_report(_document(sessions), ReportFilter(rollers=frozenset({"Face 0.5"})), NOW)
    by_area = {a.area: a for a in report.areas}
    assert list(by_area) == ["nose", "chin"]
    chin = by_area["chin"]
    assert (chin.sessions, chin.shortest_gap_days, chin.gap_interval_days) == (3, 12, 28)
    assert chin.gap_too_short
    assert (chin.last_session, chin.next_safe_on) == (date(2026, 2, 10), date(2026, 3, 10))
    nose = by_area["nose"]
    assert (nose.sessions, nose.shortest_gap_days, nose.gap_too_short) == (1, None, False)


def test_an_area_filter_narrows_rollers_and_sterilizations_and_not_procedures() -> None:
    sessions = (
        _session(datetime(2026, 1, 5, 20, 0), "Face 0.5", "forehead"),
        _session(datetime(2026, 1, 6, 20, 0), "Body 1.0", "back"),
    )
    sterilizations = (
        Sterilization(datetime(2026, 1, 5, 19, 0), "Face 0.5"),
        Sterilization(datetime(2026, 1, 6, 19, 0), "Body 1.0"),
    )
    document = _document(
        sessions,
        sterilizations,
        procedures=(Procedure("filler", datetime(2025, 11, 1, 10, 0), "Juvederm", ("chin",)),),
    )
    report = build_report(document, ReportFilter(areas=frozenset({"back"})), NOW)
    assert [r.name for r in report.rollers] == ["Body 1.0"]
    assert [s.roller for s in report.sterilizations] == ["Body 1.0"]
    assert [p.product for p in report.procedures] == ["Juvederm"]
    assert report.filter_text == "sessions touching Back"
    nothing = build_report(document, ReportFilter(rollers=frozenset({"nobody"})), NOW)
    assert nothing.sessions == ()
    assert [p.product for p in nothing.procedures] == ["Juvederm"]
