"""Today's first fill on plain sqlite3 gives exactly the status the ORM path gives.

Both paths run the same statements (rollerlog.store.status_read); these tests check the
two connections and their values agree on generated histories, and that the sqlite3
path never loads SQLAlchemy.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rollerlog.domain.entities import Profile
from rollerlog.domain.interchange import parse_document
from rollerlog.domain.rules import status_from_history
from rollerlog.domain.settings import Settings
from rollerlog.store.interchange import import_document
from rollerlog.store.safety import status_on
from rollerlog.store.status_read import read_status
from tests.helpers import REPO_ROOT, fresh_database
from tests.strategies import documents

SLOW = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SLOW
@given(documents(), st.dates(date(2025, 1, 1), date(2026, 6, 1)))
def test_the_sqlite3_read_agrees_with_the_orm_path_and_the_reference(
    raw: dict[str, Any], day: date
) -> None:
    document = parse_document(raw)
    with tempfile.TemporaryDirectory() as folder:
        database = fresh_database(Path(folder))
        try:
            import_document(database, document, replace=False)
            through_orm = status_on(database, day)
            # Read while the ORM's engine is still open, as the app's first fill may be.
            plain = read_status(database.path, day)
            # Today's read: the discarded rollers only counted, on either connection.
            kept_orm = status_on(database, day, discarded=False)
            kept_plain = read_status(database.path, day, discarded=False)
        finally:
            database.close()
        assert plain == through_orm
        assert read_status(database.path, day) == through_orm
        assert kept_plain == kept_orm == through_orm.without_discarded()
        assert kept_plain.rollers_left_out == sum(
            r.state == "discarded" for r in through_orm.rollers
        )
        assert kept_plain.day_map == through_orm.day_map
        assert kept_plain.findings == through_orm.findings
    assert plain == status_from_history(
        day,
        document.rollers,
        document.sessions,
        document.sterilizations,
        document.profile,
        document.settings,
        lesions=document.lesions,
        procedures=document.procedures,
    )


def test_no_file_reads_as_an_empty_log(tmp_path: Path) -> None:
    status = read_status(tmp_path / "rollerlog.sqlite3", date(2026, 3, 1))
    assert status.rollers == ()
    assert status == status_from_history(date(2026, 3, 1), [], [], [], Profile(), Settings())
    assert not (tmp_path / "rollerlog.sqlite3").exists()


def test_the_plain_read_loads_no_sqlalchemy(tmp_path: Path) -> None:
    database = fresh_database(tmp_path)
    database.close()
    code = (
        "import sys\n"
        "from datetime import date\n"
        "from pathlib import Path\n"
        "from rollerlog.store.schema import inspect_file\n"
        "from rollerlog.store.status_read import read_status\n"
        f"path = Path({str(database.path)!r})\n"
        "inspect_file(path)\n"
        "read_status(path, date(2026, 3, 1))\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'alembic')))\n"
    )
    env = {"PYTHONPATH": str(REPO_ROOT), "HOME": str(tmp_path)}
    # The first run of a version makes the expected schemas once (with Alembic) and caches
    # them; every later start reads the cache.
    first, later = (
        subprocess.run(
            [sys.executable, "-c", code],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        for _ in range(2)
    )
    assert first.returncode == 0, first.stderr
    assert later.returncode == 0, later.stderr
    assert later.stdout.strip() == "[]"
