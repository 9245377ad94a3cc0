"""Today answers "can I roll today?" with the day's verdict, and lists every area's state and why.

The real window, on a real database file: profile stops, spots, lupus with and without a
watched test patch; and, over random histories, Today shows exactly what `status --json`
prints and what the reference computes from full lists.
"""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QLabel

from rollerlog import cli
from rollerlog.domain.areas import AREA_SLUGS, area_label
from rollerlog.domain.day_map import state_words
from rollerlog.domain.entities import Lesion, Roller, Session, Sterilization
from rollerlog.domain.interchange import parse_document
from rollerlog.domain.rules import status_from_history
from rollerlog.store import operations as ops
from rollerlog.store.db import Database, open_database
from rollerlog.store.interchange import import_document
from rollerlog.store.status_read import DataFile
from rollerlog.ui.main_window import MainWindow
from rollerlog.ui.window_state import NOTICE_KEY
from tests.strategies import documents
from tests.ui.conftest import NOW


def setup_face(database: Database) -> None:
    """One roller, sterilized this morning."""
    ops.add_roller(database, Roller("Face 0.5", 0.5, date(2026, 1, 1)))
    ops.log_sterilization(database, Sterilization(NOW - timedelta(hours=2), "Face 0.5"))


def headline(window: MainWindow) -> str:
    """What the answer line says, as a screen reader hears it."""
    return window.today.answer.accessibleName()


def rows(window: MainWindow) -> dict[str, tuple[str, str]]:
    """Area label -> (When, Why) as the Today areas table shows them."""
    model = window.today.areas_table.model()
    shown = {}
    for row in range(model.rowCount()):
        label = model.index(row, 0).data()
        shown[label] = (model.index(row, 3).data(), model.index(row, 4).data())
    return shown


def test_pregnant_is_no_everywhere_never_yes(window: MainWindow, database: Database) -> None:
    setup_face(database)
    window.refresh(window.today.topics)
    assert headline(window).startswith("Yes — with Face 0.5 on 22 areas")
    window.health.condition_boxes["pregnant"].setChecked(True)
    said = headline(window)
    assert said.startswith("No — you are pregnant: needling is off until after the pregnancy")
    assert "Yes" not in window.today.answer.text()
    shown = rows(window)
    assert len(shown) == len(AREA_SLUGS)
    assert {when for when, _why in shown.values()} == {"Avoid"}
    assert {why for _when, why in shown.values()} == {"Pregnancy"}
    assert not window.today.day_map.verdict.can_roll


def test_every_profile_stop_says_no(window: MainWindow, database: Database) -> None:
    setup_face(database)
    for condition, words in (
        ("anticoagulants", "blood thinners"),
        ("immunosuppressed", "immune system"),
    ):
        ops.set_conditions(database, [condition])
        window.refresh(window.today.topics)
        assert headline(window).startswith("No — "), condition
        assert words in headline(window)


def test_a_chin_breakout_is_avoid_not_ready_now(window: MainWindow, database: Database) -> None:
    setup_face(database)
    window.refresh(window.today.topics)
    assert rows(window)["Chin"][0] == "Ready now"
    ops.add_lesion(database, Lesion("chin", "active-breakout", NOW.date() - timedelta(days=1)))
    window.refresh(window.today.topics)
    when, why = rows(window)["Chin"]
    assert when == "Avoid"
    assert "Chin has an active breakout" in why
    assert headline(window).startswith("Yes — with Face 0.5 on 21 areas; 1 area left out")
    model = window.today.areas_table.model()
    assert model.index(0, 0).data() == "Chin"  # the areas left out come first


def test_a_mole_is_ready_with_care_and_healing_says_when(
    window: MainWindow, database: Database
) -> None:
    setup_face(database)
    ops.add_lesion(database, Lesion("back", "mole", date(2025, 5, 1)))
    ops.log_session(database, Session(NOW - timedelta(days=10), "Face 0.5", ("nose",)))
    ops.log_sterilization(database, Sterilization(NOW - timedelta(minutes=5), "Face 0.5"))
    window.refresh(window.today.topics)
    shown = rows(window)
    assert shown["Back"][0] == "Ready, with care"
    assert "Roll around it" in shown["Back"][1]
    assert shown["Nose"][0] == "In 18 days"
    assert "Nose was needled on" in shown["Nose"][1]
    assert headline(window).startswith("Yes — with Face 0.5 on 21 areas")


def test_lupus_without_a_watched_test_patch_is_only_a_test_patch(
    window: MainWindow, database: Database
) -> None:
    setup_face(database)
    ops.set_conditions(database, ["lupus"])
    window.refresh(window.today.topics)
    assert headline(window) == (
        "Only a test patch for now: lupus needs one watched for 21 days first"
    )
    assert "Yes" not in window.today.answer.text()
    # A test patch ten days ago is not watched long enough yet: still only a test patch,
    # and the answer names the day it will be.
    patch_at = NOW - timedelta(days=10)
    ops.log_sterilization(database, Sterilization(patch_at - timedelta(minutes=10), "Face 0.5"))
    ops.log_session(database, Session(patch_at, "Face 0.5", ("left-arm",), test_patch=True))
    window.refresh(window.today.topics)
    assert headline(window).startswith("Only a test patch for now")
    ready_on = (patch_at + timedelta(days=21)).date()
    assert f"{ready_on.day} March 2026" in window.today.answer.text()


def test_lupus_with_a_watched_test_patch_is_yes(window: MainWindow, database: Database) -> None:
    setup_face(database)
    ops.set_conditions(database, ["lupus"])
    patch_at = NOW - timedelta(days=25)
    ops.log_sterilization(database, Sterilization(patch_at - timedelta(minutes=10), "Face 0.5"))
    ops.log_session(database, Session(patch_at, "Face 0.5", ("left-arm",), test_patch=True))
    ops.log_sterilization(database, Sterilization(NOW - timedelta(hours=1), "Face 0.5"))
    window.refresh(window.today.topics)
    assert headline(window).startswith("Yes — with Face 0.5 on 21 areas; 1 area left out")
    assert rows(window)["Left arm"][0] == "In 3 days"


def test_no_usable_roller_is_no(window: MainWindow, database: Database) -> None:
    ops.add_roller(database, Roller("Old", 0.5, date(2026, 1, 1), prior_uses=15))
    window.refresh(window.today.topics)
    assert headline(window).startswith("No — no roller can be used today")


def test_only_discarded_rollers_is_not_the_welcome_on_either_read(
    qtbot, database: Database, ui_state: QSettings
) -> None:  # type: ignore[no-untyped-def]
    """Today counts discarded rollers without reading them: still not a first start."""
    roller = ops.add_roller(database, Roller("Dropped", 0.5, date(2026, 1, 1))).value
    assert roller.id is not None
    ops.discard_roller(database, roller.id, "dropped", date(2026, 2, 1))

    def shown(window: MainWindow) -> str:
        labels = window.today.findChildren(QLabel)
        return " ".join(label.text() for label in labels if label.isVisibleTo(window))

    first = MainWindow(None, ui_state, clock=lambda: NOW)
    qtbot.addWidget(first)
    first.show()
    first.fill_today_first(DataFile(database.path))  # the sqlite3 read, before the store
    attached = MainWindow(database, ui_state, clock=lambda: NOW)
    qtbot.addWidget(attached)
    attached.show()
    for window in (first, attached):
        qtbot.waitUntil(lambda window=window: "Every roller is discarded" in shown(window))
        assert window.today.status is not None
        assert window.today.status.rollers == ()
        assert window.today.status.rollers_left_out == 1
        assert window.today.stack.currentIndex() == 1, "not the welcome page"
        assert headline(window).startswith("No — no roller can be used today")


# ------------------------------------------------------------- Today = status = reference


def _status_json(data: Path, day: date) -> dict[str, Any]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = cli.main(["--data-dir", str(data), "status", "--on", day.isoformat(), "--json"])
    assert code == 0
    return json.loads(out.getvalue())


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(documents(), st.dates(date(2025, 1, 1), date(2026, 6, 1)))
def test_today_status_and_the_reference_agree(qtbot, raw: dict[str, Any], day: date) -> None:  # type: ignore[no-untyped-def]
    document = parse_document(raw)
    reference = status_from_history(
        day,
        document.rollers,
        document.sessions,
        document.sterilizations,
        document.profile,
        document.settings,
        lesions=document.lesions,
        procedures=document.procedures,
    )
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder)
        database = open_database(data / "rollerlog.sqlite3")
        try:
            import_document(database, document, replace=False)
            state = QSettings(str(data / "ui.ini"), QSettings.Format.IniFormat)
            state.setValue(NOTICE_KEY, True)
            moment = datetime.combine(day, datetime.min.time()).replace(hour=12)
            window = MainWindow(database, state, clock=lambda: moment, confirm=lambda *_: True)
            qtbot.addWidget(window)
            window.refresh(window.today.topics)
            if not reference.rollers:
                assert window.today.stack.currentIndex() == 0  # the welcome page
            else:
                assert window.today.day_map == reference.day_map
                shown = rows(window)
                for entry in reference.day_map.areas:
                    when = shown[area_label(entry.area)][0]
                    if entry.next_on is None:
                        assert when == state_words(entry)
                    else:
                        assert when.startswith("In ")
            window.close()
        finally:
            database.close()
        printed = _status_json(data, day)
    expected = reference.to_dict()
    assert printed["map"] == expected["map"]
    assert printed["verdict"] == expected["verdict"]


def test_isotretinoin_is_a_checkbox_with_its_explanation_and_a_caution_on_today(
    window: MainWindow, database: Database
) -> None:
    setup_face(database)
    box = window.health.condition_boxes["isotretinoin"]
    assert "isotretinoin" in box.text().lower()
    assert "6 months" in box.accessibleDescription()
    box.setChecked(True)
    assert "isotretinoin" in [f.code for f in window.today.status.findings]
    assert headline(window).startswith("Yes")  # a caution, not a stop


def test_a_sunburn_logged_in_the_form_makes_its_area_avoid(
    window: MainWindow, database: Database
) -> None:
    setup_face(database)
    dialog = window.actions.health.add_lesion()
    kinds = [dialog.kind.itemData(i) for i in range(dialog.kind.count())]
    assert {"sunburn", "flare"} <= set(kinds)
    dialog.area.setCurrentIndex(dialog.area.findData("nose"))
    dialog.kind.setCurrentIndex(dialog.kind.findData("sunburn"))
    dialog.accept()
    window.refresh(window.today.topics)
    when, why = rows(window)["Nose"]
    assert when == "Avoid"
    assert "sunburn" in why
