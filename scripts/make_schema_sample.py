"""Write the stored sample database of the newest schema revision (tests/store/schemas/).

``tests/store/test_migrations.py`` keeps one database per shipped revision and the export it
must give. After adding (or re-chaining) a migration, run ``python -m scripts.make_schema_sample``:
it takes the sample of the revision before the head, upgrades a copy through the shipped
migrations, adds one remembered reminder where the schema has that table (bookkeeping that
must survive upgrades and never reach an export), and writes ``HEAD.sqlite3`` and
``HEAD.json`` beside the others.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path

from alembic.script import ScriptDirectory

from rollerlog.domain.interchange import document_to_dict
from rollerlog.store.db import open_database
from rollerlog.store.interchange import export_document
from rollerlog.store.migrate import alembic_config

SCHEMAS = Path(__file__).resolve().parent.parent / "tests" / "store" / "schemas"


def main() -> int:
    """Write HEAD.sqlite3 and HEAD.json from the previous revision's sample."""
    script = ScriptDirectory.from_config(alembic_config())
    head = script.get_revision(script.get_current_head())
    assert head is not None
    previous = head.down_revision
    if not isinstance(previous, str):
        print("the head has no single previous revision", file=sys.stderr)
        return 1
    source = SCHEMAS / f"{previous}.sqlite3"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "rollerlog.sqlite3"
        shutil.copyfile(source, path)
        database = open_database(path, before_migration=lambda *_: None)
        try:
            exported = document_to_dict(export_document(database))
        finally:
            database.close()
        connection = sqlite3.connect(path)
        try:
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
            if "sent_reminder" in tables:
                connection.execute(
                    "INSERT OR IGNORE INTO sent_reminder (key, kind, channel, due, sent_at) "
                    'VALUES (\'["replace-roller","Face 0.5","near-limit"]\', '
                    "'replace-roller', 'notification', '2026-02-01', "
                    "'2026-02-01 09:00:00.000000')"
                )
                connection.commit()
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            connection.execute("PRAGMA journal_mode = DELETE")
            connection.execute("VACUUM")
        finally:
            connection.close()
        shutil.copyfile(path, SCHEMAS / f"{head.revision}.sqlite3")
    (SCHEMAS / f"{head.revision}.json").write_text(
        json.dumps(exported, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(f"wrote {head.revision}.sqlite3 and {head.revision}.json from {previous}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
