"""The session form refuses a time the clocks skipped, and says why beside the Time field."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

import pytest

from rollerlog.domain.entities import Roller, Sterilization
from rollerlog.domain.local_time import local_zone
from rollerlog.store import operations as ops
from rollerlog.store.db import Database
from rollerlog.ui.dialogs.base import to_qdatetime
from rollerlog.ui.main_window import MainWindow


@pytest.fixture
def berlin(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The rules read local time as Europe/Berlin for the test."""
    monkeypatch.setenv("TZ", "Europe/Berlin")
    local_zone.cache_clear()
    yield
    monkeypatch.undo()
    local_zone.cache_clear()


def test_a_time_in_the_skipped_hour_is_refused_inline(
    berlin: None, window: MainWindow, database: Database
) -> None:
    ops.add_roller(database, Roller("Face 0.5", 0.5, date(2025, 1, 1)))
    ops.log_sterilization(database, Sterilization(datetime(2025, 3, 1, 9), "Face 0.5"))
    dialog = window.actions.sessions.new_session()
    assert dialog is not None
    dialog.areas.set_selected(("chin",))
    dialog.at.setDateTime(to_qdatetime(datetime(2025, 3, 30, 2, 30)))
    assert dialog.planned().at == datetime(2025, 3, 30, 2, 30)  # kept as typed, not moved
    errors = dialog.check()
    assert "at" in errors
    message = dialog.checked_fields["at"].message.text()
    assert "skipped when the clocks went forward" in message
    assert "01:59 to 03:00" in message
    assert not dialog.save_button.isEnabled()
    dialog.at.setDateTime(to_qdatetime(datetime(2025, 3, 30, 3, 30)))
    assert "at" not in dialog.check()
    dialog.reject()
