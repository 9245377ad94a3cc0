"""The window keeps the record rules: a discard-day session stays editable; dates in the locale."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

from rollerlog.domain.entities import Roller, Session, Sterilization
from rollerlog.domain.wording import use_locale
from rollerlog.store import operations as ops
from rollerlog.store import queries
from rollerlog.store.db import Database
from rollerlog.ui.dialogs.base import to_qdatetime
from rollerlog.ui.main_window import MainWindow
from tests.ui.conftest import NOW


@pytest.fixture(autouse=True)
def _environment_locale() -> Iterator[None]:
    yield
    use_locale(None)


def _morning_session_then_dropped(database: Database) -> Session:
    roller = ops.add_roller(database, Roller("Face 0.5", 0.5, date(2026, 1, 1))).value
    ops.log_sterilization(database, Sterilization(datetime(2026, 3, 2, 7, 50), "Face 0.5"))
    session = ops.log_session(
        database, Session(datetime(2026, 3, 2, 8, 0), "Face 0.5", ("forehead",), notes="tpyo")
    ).value
    ops.discard_roller(database, roller.id or 0, "dropped", NOW.date())
    return session


def test_a_session_on_its_rollers_discard_day_can_be_corrected(
    window: MainWindow, database: Database
) -> None:
    session = _morning_session_then_dropped(database)
    dialog = window.actions.sessions.edit_session(session)
    assert "roller-discarded" not in [f.code for f in dialog.findings]
    dialog.notes.setPlainText("typo")
    assert dialog.save_button.isEnabled(), dialog.errors
    dialog.save_button.click()
    assert not dialog.isVisible()
    saved = queries.get_session(database, session.id or 0)
    assert saved is not None
    assert saved.notes == "typo"


def test_moving_that_session_past_the_discard_day_is_still_refused(
    window: MainWindow, database: Database
) -> None:
    session = _morning_session_then_dropped(database)
    dialog = window.actions.sessions.edit_session(session)
    dialog.at.setDateTime(to_qdatetime(datetime(2026, 3, 3, 8, 0)))
    assert "roller-discarded" in [f.code for f in dialog.findings]
    assert not dialog.save_button.isEnabled()


def test_a_new_session_on_the_discard_day_is_still_a_stop(
    window: MainWindow, database: Database
) -> None:
    _morning_session_then_dropped(database)
    dialog = window.actions.sessions.new_session()
    assert dialog.roller.findData("Face 0.5") >= 0
    dialog.roller.setCurrentIndex(dialog.roller.findData("Face 0.5"))
    dialog.areas.boxes["chin"].setChecked(True)
    assert "roller-discarded" in [f.code for f in dialog.findings]
    assert not dialog.save_button.isEnabled()


def test_the_date_editors_stop_at_the_allowed_years(window: MainWindow, database: Database) -> None:
    _morning_session_then_dropped(database)
    dialog = window.actions.sessions.new_session()
    dialog.at.setDateTime(to_qdatetime(datetime(1850, 1, 1, 8, 0)))
    assert dialog.at.date().year() == 1900
    assert dialog.at.maximumDate().year() == 2100


def test_the_tables_show_dates_in_the_chosen_locale(window: MainWindow, database: Database) -> None:
    _morning_session_then_dropped(database)
    use_locale("de_DE")
    window.refresh(window.sessions.topics)
    window.sessions.reload()
    shown = window.sessions.model.index(0, 0).data()
    assert shown.startswith("Mo., 2. März 2026"), shown
    assert "08:00" in shown
    use_locale("en_US")
    window.sessions.reload()
    shown = window.sessions.model.index(0, 0).data()
    assert "Mar 2, 2026" in shown
    assert "AM" in shown


def test_the_printed_log_words_its_dates_in_the_chosen_locale(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import pypdf

    from rollerlog.domain.interchange import Document
    from rollerlog.report.content import ReportFilter, build_report
    from rollerlog.ui.printing import Paper, write_pdf

    face = Roller("Face 0.5", 0.5, date(2026, 1, 1))
    document = Document(
        rollers=(face,), sessions=(Session(datetime(2026, 3, 2, 20, 5), "Face 0.5", ("chin",)),)
    )
    report = build_report(document, ReportFilter(start=date(2026, 3, 1)), NOW)
    texts = {}
    for name in ("de_DE", "en_US"):
        use_locale(name)
        path = tmp_path / f"{name}.pdf"
        write_pdf(report, path, Paper.A4)
        texts[name] = " ".join(pypdf.PdfReader(path).pages[0].extract_text().split())
    assert "1. März 2026" in texts["de_DE"]
    assert "2. März 2026 20:05" in texts["de_DE"]  # the session's day and 24-hour time
    assert "March 1, 2026" in texts["en_US"]
    assert "March 2, 2026 8:05 PM" in texts["en_US"]
