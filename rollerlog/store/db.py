"""Opening the database: the engine and its pragmas, the session factory, schema migration.

Finding that the schema is current reads one row with the standard library's sqlite3 and
never imports Alembic, so a normal start stays fast; Alembic is loaded only to migrate.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DatabaseError, DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from rollerlog.paths import ensure_private_dir

#: The newest migration shipped in ``migrations/versions``; a test keeps them in step.
SCHEMA_REVISION = "0004_sent_reminders"


class StoreError(Exception):
    """A problem with the data a person can act on; its text is shown as it is."""


class NotRollerlogDatabaseError(StoreError):
    """The file exists but is not a rollerlog database (or is damaged)."""


class NewerSchemaError(StoreError):
    """The database was written by a newer rollerlog."""


class WriteFailedError(StoreError):
    """A write the disk refused; the transaction was rolled back."""


def _set_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.execute("PRAGMA busy_timeout = 5000")
    cursor.close()


def make_engine(path: Path) -> Engine:
    """An engine on the SQLite file at ``path`` with foreign keys, WAL and full sync."""
    engine = create_engine(f"sqlite:///{path}", future=True)
    event.listen(engine, "connect", _set_pragmas)
    return engine


def stored_revision(path: Path) -> str | None:
    """The schema revision recorded in the file, or None for a new, empty file.

    Raises NotRollerlogDatabaseError when the file is not SQLite or holds other tables.
    """
    if not path.exists() or path.stat().st_size == 0:
        return None
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {
                row[0]
                for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if not tables:
                return None
            if "alembic_version" not in tables:
                raise NotRollerlogDatabaseError(f"{path} is not a rollerlog database")
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise NotRollerlogDatabaseError(
            f"{path} is not a readable rollerlog database ({error})"
        ) from error
    return str(row[0]) if row else None


def known_revisions() -> list[str]:
    """Every schema revision this version of rollerlog can read (loads Alembic)."""
    from rollerlog.store.migrate import revision_ids

    return revision_ids()


def _backup_before_migration(path: Path, revision: str | None) -> None:
    from datetime import datetime

    from rollerlog.store.backup import backup_before

    backup_before(path, datetime.now(), "before-migration")


def _plain_words(error: DBAPIError) -> str:
    text = str(error.orig) if error.orig is not None else str(error)
    lowered = text.lower()
    if "full" in lowered:
        return "the disk is full"
    if "readonly" in lowered or "read-only" in lowered or "read only" in lowered:
        return "the data folder cannot be written to"
    if "locked" in lowered or "busy" in lowered:
        return "the data is busy in another program; try again in a moment"
    if "disk i/o" in lowered:
        return "the disk reported an error"
    return text


@dataclass
class Database:
    """An open rollerlog database: its file, engine and session factory."""

    path: Path
    engine: Engine
    session_factory: sessionmaker[Session]

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session in one transaction: committed at the end, rolled back on any error.

        A write the disk refuses (full, read-only, failing) raises WriteFailedError and
        leaves the stored data as it was.
        """
        try:
            with self.session_factory.begin() as session:
                yield session
        except (OperationalError, DatabaseError) as error:
            if isinstance(error, IntegrityError):
                raise
            raise WriteFailedError(
                f"the change could not be saved: {_plain_words(error)}; "
                "the stored data was left as it was"
            ) from error

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reads only."""
        with self.session_factory() as session:
            yield session

    def close(self) -> None:
        """Release the file (checkpointing the write-ahead log)."""
        self.engine.dispose()


def open_database(
    path: Path, *, before_migration: Callable[[Path, str | None], None] | None = None
) -> Database:
    """Open (creating or upgrading as needed) the database at ``path``.

    ``before_migration(path, old_revision)`` runs before an existing file is upgraded;
    by default it backs the file up into ``backups/`` beside it.
    """
    if before_migration is None:
        before_migration = _backup_before_migration
    ensure_private_dir(path.parent)
    revision = stored_revision(path)
    if revision != SCHEMA_REVISION:
        if revision is not None and revision not in known_revisions():
            raise NewerSchemaError(
                f"{path} was written by a newer version of rollerlog (schema {revision}); "
                "please update rollerlog to open it"
            )
        if revision is not None:
            before_migration(path, revision)
        engine = make_engine(path)
        from rollerlog.store.migrate import upgrade_to_head

        upgrade_to_head(engine)
    else:
        engine = make_engine(path)
    _make_private(path)
    return Database(path, engine, sessionmaker(engine, expire_on_commit=False))


def _make_private(path: Path) -> None:
    import os

    if os.name == "posix" and path.exists():
        path.chmod(0o600)
