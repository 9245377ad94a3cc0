"""What is due, as of a day: each kind at its exact boundary, its due day, its key, the order."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from rollerlog.domain.entities import Profile, Roller, Session, Sterilization
from rollerlog.domain.reminders import Reminder, reminders_from_history, unsent
from rollerlog.domain.settings import Settings
from tests.domain.builders import FACE, FINE, session

START = datetime(2026, 3, 3, 20, 0)  # a Tuesday evening


def due(
    day: date,
    sessions: list[Session],
    *,
    rollers: tuple[Roller, ...] = (FACE, FINE),
    sterilizations: list[Sterilization] | None = None,
    conditions: tuple[str, ...] = (),
    settings: Settings | None = None,
) -> list[Reminder]:
    """The reminders due on ``day``; every session is sterilized ten minutes after unless told."""
    if sterilizations is None:
        sterilizations = [Sterilization(s.at + timedelta(minutes=10), s.roller) for s in sessions]
    return reminders_from_history(
        day,
        rollers,
        sessions,
        sterilizations,
        Profile(frozenset(conditions)),
        settings or Settings(),
    )


def kinds(reminders: list[Reminder]) -> list[str]:
    return [reminder.kind for reminder in reminders]


# --------------------------------------------------------------------------- area-ready


def test_an_area_is_not_ready_on_day_27_and_is_due_on_day_28() -> None:
    sessions = [session(START, areas=("left-cheek",))]
    assert due(START.date() + timedelta(days=27), sessions) == []
    (ready,) = due(START.date() + timedelta(days=28), sessions)
    assert ready.kind == "area-ready"
    assert ready.area == "left-cheek"
    assert ready.roller is None
    assert ready.due == date(2026, 3, 31)
    assert "Left cheek" in ready.message
    assert "3 March 2026" in ready.message
    assert "today" in ready.message


def test_a_ready_area_stays_due_on_later_days_with_its_first_safe_day_as_due() -> None:
    sessions = [session(START, areas=("left-cheek",))]
    (ready,) = due(date(2026, 4, 10), sessions)
    assert ready.due == date(2026, 3, 31)
    assert "since 31 March 2026" in ready.message


def test_the_interval_of_a_fine_roller_sets_the_due_day() -> None:
    settings = Settings(interval_days_by_needle_mm={"0.25": 7})
    sessions = [session(START, roller="Fine 0.25", areas=("forehead",))]
    assert due(START.date() + timedelta(days=6), sessions, settings=settings) == []
    (ready,) = due(START.date() + timedelta(days=7), sessions, settings=settings)
    assert ready.due == START.date() + timedelta(days=7)


def test_an_area_last_needled_180_days_ago_is_reminded_of_and_181_days_ago_is_not() -> None:
    sessions = [session(START, areas=("chin",))]
    assert kinds(due(START.date() + timedelta(days=180), sessions)) == ["area-ready"]
    assert due(START.date() + timedelta(days=181), sessions) == []


def test_a_later_session_on_the_area_moves_its_next_day_and_so_its_key() -> None:
    first = due(START.date() + timedelta(days=28), [session(START)])
    again = [session(START), session(START + timedelta(days=30))]
    assert due(START.date() + timedelta(days=57), again) == []
    (later,) = due(START.date() + timedelta(days=58), again)
    assert later.due == START.date() + timedelta(days=58)
    assert later.key != first[0].key


def test_each_area_of_a_session_gets_its_own_reminder_in_catalogue_order() -> None:
    sessions = [session(START, areas=("right-cheek", "forehead"))]
    reminders = due(START.date() + timedelta(days=28), sessions)
    assert [r.area for r in reminders] == ["forehead", "right-cheek"]
    assert len({r.key for r in reminders}) == 2


# --------------------------------------------------------------------------- sterilize-after


def test_a_session_without_a_sterilization_after_it_is_due_that_day() -> None:
    sessions = [session(START)]
    (reminder,) = due(START.date(), sessions, sterilizations=[])
    assert reminder.kind == "sterilize-after"
    assert reminder.roller == "Face 0.5"
    assert reminder.due == START.date()
    assert "today at 20:00" in reminder.message
    (next_day,) = due(START.date() + timedelta(days=1), sessions, sterilizations=[])
    assert "yesterday at 20:00" in next_day.message
    assert next_day.key == reminder.key


def test_a_sterilization_in_the_same_minute_is_not_after_the_session_a_minute_later_is() -> None:
    sessions = [session(START)]
    same_minute = [Sterilization(START + timedelta(seconds=30), "Face 0.5")]
    assert kinds(due(START.date(), sessions, sterilizations=same_minute)) == ["sterilize-after"]
    after = [Sterilization(START + timedelta(minutes=1), "Face 0.5")]
    assert due(START.date(), sessions, sterilizations=after) == []


def test_a_sterilization_before_the_session_does_not_count_after_it() -> None:
    sessions = [session(START)]
    before = [Sterilization(START - timedelta(minutes=5), "Face 0.5")]
    assert kinds(due(START.date(), sessions, sterilizations=before)) == ["sterilize-after"]


def test_a_sterilization_later_than_the_day_does_not_count_yet() -> None:
    sessions = [session(START)]
    next_morning = [Sterilization(START + timedelta(hours=13), "Face 0.5")]
    assert kinds(due(START.date(), sessions, sterilizations=next_morning)) == ["sterilize-after"]
    assert due(START.date() + timedelta(days=1), sessions, sterilizations=next_morning) == []


def test_each_unsterilized_session_is_its_own_reminder() -> None:
    first = due(START.date(), [session(START)], sterilizations=[])
    later_session = START + timedelta(days=30)
    second = due(
        later_session.date(),
        [session(START), session(later_session, areas=("chin",))],
        sterilizations=[Sterilization(START + timedelta(minutes=5), "Face 0.5")],
    )
    assert [r.kind for r in second if r.kind == "sterilize-after"] == ["sterilize-after"]
    assert {r.key for r in second}.isdisjoint({r.key for r in first})


def test_a_discarded_roller_is_never_reminded_of() -> None:
    dropped = Roller(
        "Face 0.5",
        0.5,
        date(2026, 1, 1),
        prior_uses=14,
        discarded_on=START.date(),
        discard_reason="dropped",
    )
    sessions = [session(START - timedelta(hours=1))]
    assert due(START.date(), sessions, rollers=(dropped,), sterilizations=[]) == []


# --------------------------------------------------------------------------- replace-roller


def _uses(count: int, roller: str = "Face 0.5") -> list[Session]:
    """``count`` sessions a day apart, rotating areas so no area is ever ready in the test."""
    areas = ("forehead", "nose", "chin")
    return [
        session(START + timedelta(days=n), roller=roller, areas=(areas[n % 3],))
        for n in range(count)
    ]


def test_use_8_is_not_near_the_limit_use_9_is_due_the_day_of_the_ninth_session() -> None:
    day = START.date() + timedelta(days=9)
    assert "replace-roller" not in kinds(due(day, _uses(8)))
    reminders = [r for r in due(day, _uses(9)) if r.kind == "replace-roller"]
    assert len(reminders) == 1
    assert reminders[0].due == START.date() + timedelta(days=8)
    assert reminders[0].roller == "Face 0.5"
    assert "use 9 of 15" in reminders[0].message
    assert "use 10" in reminders[0].message


def test_worn_out_is_a_new_reminder_due_the_day_of_the_fifteenth_use() -> None:
    day = START.date() + timedelta(days=20)
    near = [r for r in due(day, _uses(14)) if r.kind == "replace-roller"]
    worn = [r for r in due(day, _uses(15)) if r.kind == "replace-roller"]
    assert len(near) == len(worn) == 1
    assert worn[0].due == START.date() + timedelta(days=14)
    assert near[0].key != worn[0].key
    assert "limit of 15" in worn[0].message


def test_prior_uses_that_already_reach_the_state_date_it_from_acquisition() -> None:
    second_hand = Roller("Face 0.5", 0.5, date(2026, 2, 1), prior_uses=12)
    (reminder,) = due(date(2026, 2, 10), [], rollers=(second_hand,))
    assert reminder.kind == "replace-roller"
    assert reminder.due == date(2026, 2, 1)


def test_the_warning_setting_moves_the_boundary() -> None:
    settings = Settings(roller_warn_uses=4, roller_max_uses=6)
    day = START.date() + timedelta(days=5)
    assert "replace-roller" not in kinds(due(day, _uses(2), settings=settings))
    (reminder,) = [r for r in due(day, _uses(3), settings=settings) if r.kind == "replace-roller"]
    assert reminder.due == START.date() + timedelta(days=2)


# --------------------------------------------------------------------------- test-patch-watched


def test_a_test_patch_is_watched_on_day_21_not_day_20() -> None:
    patch = [session(START, areas=("jawline",), test_patch=True)]
    day_20 = START.date() + timedelta(days=20)
    day_21 = START.date() + timedelta(days=21)
    assert "test-patch-watched" not in kinds(due(day_20, patch, conditions=("lupus",)))
    reminders = [r for r in due(day_21, patch, conditions=("lupus",)) if r.area is None]
    watched = [r for r in reminders if r.kind == "test-patch-watched"]
    assert len(watched) == 1
    assert watched[0].due == day_21
    assert "jawline" in watched[0].message
    assert "21 days" in watched[0].message


def test_without_lupus_a_test_patch_is_not_reminded_of() -> None:
    patch = [session(START, areas=("jawline",), test_patch=True)]
    assert "test-patch-watched" not in kinds(due(START.date() + timedelta(days=21), patch))


def test_a_session_after_the_test_patch_ends_the_watch() -> None:
    later = START + timedelta(days=3)
    sessions = [
        session(START, areas=("jawline",), test_patch=True),
        session(later, roller="Fine 0.25", areas=("back",)),
    ]
    reminders = due(START.date() + timedelta(days=21), sessions, conditions=("lupus",))
    assert "test-patch-watched" not in kinds(reminders)


def test_a_second_test_patch_is_the_one_watched() -> None:
    second = START + timedelta(days=5)
    sessions = [
        session(START, areas=("jawline",), test_patch=True),
        session(second, areas=("chin",), test_patch=True),
    ]
    assert "test-patch-watched" not in kinds(
        due(START.date() + timedelta(days=25), sessions, conditions=("lupus",))
    )
    (watched,) = [
        r
        for r in due(second.date() + timedelta(days=21), sessions, conditions=("lupus",))
        if r.kind == "test-patch-watched"
    ]
    assert watched.due == second.date() + timedelta(days=21)
    assert "chin" in watched.message


# --------------------------------------------------------------------------- order, keys, JSON


def test_reminders_come_in_due_order_and_as_the_contract_writes_them() -> None:
    sessions = [
        session(START, areas=("left-cheek",)),
        session(START + timedelta(days=10), roller="Fine 0.25", areas=("back",)),
    ]
    day = START.date() + timedelta(days=28)
    cleaned = [Sterilization(START + timedelta(minutes=5), "Face 0.5")]
    reminders = due(day, sessions, sterilizations=cleaned)
    assert [(r.kind, r.due) for r in reminders] == [
        ("sterilize-after", date(2026, 3, 13)),
        ("area-ready", day),
    ]
    assert reminders[1].to_dict() == {
        "kind": "area-ready",
        "message": reminders[1].message,
        "area": "left-cheek",
        "roller": None,
        "due": "2026-03-31",
    }


def test_unsent_drops_exactly_the_reminders_already_sent() -> None:
    sessions = [session(START, areas=("left-cheek", "chin"))]
    reminders = due(START.date() + timedelta(days=28), sessions)
    assert unsent(reminders, [reminders[0].key]) == reminders[1:]
    assert unsent(reminders, []) == reminders


def test_every_message_is_a_plain_sentence_without_raw_slugs_or_iso_dates() -> None:
    sessions = [
        *_uses(15),
        session(START + timedelta(days=16), roller="Fine 0.25", test_patch=True),
    ]
    day = START.date() + timedelta(days=60)
    reminders = due(day, sessions, sterilizations=[], conditions=("lupus",))
    assert set(kinds(reminders)) == {
        "area-ready",
        "sterilize-after",
        "replace-roller",
        "test-patch-watched",
    }
    for reminder in reminders:
        assert reminder.message.endswith(".")
        assert "2026-" not in reminder.message
        assert reminder.title
        if reminder.area:
            assert reminder.area not in reminder.message or "-" not in reminder.area
