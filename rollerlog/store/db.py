"""Opening the database: the engine and its pragmas, the session factory, creation, migration.

Before anything is opened the file is checked (:mod:`rollerlog.store.schema`): exactly a
rollerlog database, or refused. A new database is made whole in a temporary file in the
data folder and renamed into place, under a lock that serializes concurrent first starts,
so the folder holds either no database or a whole one. Opening read-only never writes and
never creates anything. Alembic is loaded only to migrate.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DatabaseError, DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from rollerlog.files import create_private_file, ensure_private_dir, sync_folder
from rollerlog.store.backup import backup_before_migration
from rollerlog.store.errors import DatabaseBusyError as DatabaseBusyError
from rollerlog.store.errors import NewerSchemaError as NewerSchemaError
from rollerlog.store.errors import NotRollerlogDatabaseError as NotRollerlogDatabaseError
from rollerlog.store.errors import ReadOnlyDataError as ReadOnlyDataError
from rollerlog.store.errors import StoreError as StoreError
from rollerlog.store.errors import WriteFailedError as WriteFailedError
from rollerlog.store.lock import creation_lock
from rollerlog.store.schema import APPLICATION_ID, expected_schemas, inspect_file, readable_uri
from rollerlog.store.schema import SCHEMA_REVISION as SCHEMA_REVISION
from rollerlog.store.schema import can_write as can_write
from rollerlog.store.schema import known_revisions as known_revisions
from rollerlog.store.schema import stored_revision as stored_revision

#: Called as ``before_migration(path, old_revision)`` before an existing file is upgraded.
BeforeMigration = Callable[[Path, str], object]

#: The prefix of a new database being made; anything with it is a leftover of a killed start.
NEW_DATABASE_PREFIX = ".rollerlog-new-"


FOLD_FUNCTION = "rollerlog_fold"
"""SQLite function: its text argument case-folded as Python does (Unicode, not ASCII only)."""


def _fold(value: object) -> object:
    return value.casefold() if isinstance(value, str) else value


def _add_functions(dbapi_connection: Any) -> None:
    # SQLite's LIKE and lower() fold ASCII letters only: "ÉCZÉMA" would not find "eczéma".
    dbapi_connection.create_function(FOLD_FUNCTION, 1, _fold, deterministic=True)


def _set_pragmas(dbapi_connection: Any, _record: Any) -> None:
    _add_functions(dbapi_connection)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.execute("PRAGMA busy_timeout = 5000")
    cursor.close()


def _set_read_only_pragmas(dbapi_connection: Any, _record: Any) -> None:
    _add_functions(dbapi_connection)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA busy_timeout = 5000")
    cursor.execute("PRAGMA query_only = ON")
    cursor.close()


def make_engine(path: Path) -> Engine:
    """An engine on the SQLite file at ``path`` with foreign keys, WAL and full sync.

    SQL parameters are never put into error texts, so a log never holds record values.
    """
    engine = create_engine(f"sqlite:///{path}", hide_parameters=True)
    event.listen(engine, "connect", _set_pragmas)
    return engine


def _read_only_engine(connect: Callable[[], sqlite3.Connection], *, shared: bool) -> Engine:
    engine = create_engine(
        "sqlite://",
        creator=connect,
        hide_parameters=True,
        **({"poolclass": StaticPool} if shared else {}),
    )
    event.listen(engine, "connect", _set_read_only_pragmas)
    return engine


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
    read_only: bool = False

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


def _wrap(path: Path, engine: Engine, *, read_only: bool = False) -> Database:
    return Database(path, engine, sessionmaker(engine, expire_on_commit=False), read_only)


def _mark(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")


def _remove_leftovers(folder: Path) -> None:
    for leftover in folder.glob(f"{NEW_DATABASE_PREFIX}*"):
        with contextlib.suppress(OSError):
            leftover.unlink()


def create_database(path: Path) -> bool:
    """Make a whole, current, empty database at ``path`` unless one is there; True if made.

    The schema is made in a temporary file beside ``path`` and renamed into place when
    complete, under the creation lock: a kill at any moment leaves no database or a whole
    one, and of two first starts at once one makes it and the other finds it.
    """
    from rollerlog.store.migrate import upgrade_to_head

    folder = ensure_private_dir(path.parent)
    with creation_lock(folder):
        if path.exists() and path.stat().st_size > 0:
            return False
        _remove_leftovers(folder)
        partial = folder / f"{NEW_DATABASE_PREFIX}{os.getpid()}.sqlite3.partial"
        create_private_file(partial)
        engine = create_engine(f"sqlite:///{partial}", hide_parameters=True)
        try:
            upgrade_to_head(engine)
            with engine.begin() as connection:
                connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
            with engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA journal_mode = WAL")
        finally:
            engine.dispose()
        descriptor = os.open(partial, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        partial.replace(path)
        sync_folder(folder)
    return True


def open_database(
    path: Path,
    *,
    before_migration: BeforeMigration = backup_before_migration,
    read_only: bool = False,
) -> Database:
    """Open the database at ``path``, creating or upgrading it as needed.

    The file must be exactly a rollerlog database (else NotRollerlogDatabaseError or
    NewerSchemaError, changing nothing); a file another program holds locked raises
    DatabaseBusyError. ``before_migration(path, old_revision)`` runs before an existing
    file is upgraded (by default it backs the file up into ``backups/`` beside it).
    ``read_only`` opens without writing anything (see :func:`open_read_only`); a place
    that cannot be written to raises ReadOnlyDataError unless ``read_only`` is given.
    """
    if read_only:
        return open_read_only(path)
    if not can_write(path):
        raise ReadOnlyDataError(
            f"rollerlog cannot write to {path if path.exists() else path.parent}; "
            "it was left as it is"
        )
    inspection = inspect_file(path, writable=True)
    if inspection is None and create_database(path):
        return _wrap(path, make_engine(path))
    inspection = inspection or inspect_file(path, writable=True)
    if inspection is None:
        raise NotRollerlogDatabaseError(f"{path} could not be made")
    engine = make_engine(path)
    try:
        if inspection.revision != SCHEMA_REVISION:
            before_migration(path, inspection.revision)
            from rollerlog.store.migrate import upgrade_to_head

            upgrade_to_head(engine)
        if not inspection.marked or inspection.revision != SCHEMA_REVISION:
            _mark(engine)
    except OperationalError as error:
        engine.dispose()
        if "locked" in str(error).lower():
            raise DatabaseBusyError(
                f"{path} is in use by another program; nothing was changed"
            ) from error
        raise
    except BaseException:
        engine.dispose()
        raise
    return _wrap(path, engine)


def _empty_current_schema() -> sqlite3.Connection:
    """An in-memory database with the current schema and no data (nothing is written)."""
    connection = sqlite3.connect(":memory:", check_same_thread=False)
    schema = expected_schemas()[SCHEMA_REVISION]
    ordered = sorted(schema, key=lambda entry: (entry[0] != "table", entry[1]))
    for _kind, _name, _table, sql in ordered:
        if sql:
            connection.execute(sql)
    connection.execute("INSERT INTO alembic_version (version_num) VALUES (?)", (SCHEMA_REVISION,))
    connection.commit()
    return connection


def _upgraded_copy(path: Path) -> sqlite3.Connection:
    """The data of an older file at ``path`` brought up to date in memory (the file untouched)."""
    from rollerlog.store.migrate import upgrade_to_head

    memory = sqlite3.connect(":memory:", check_same_thread=False)
    source = sqlite3.connect(readable_uri(path), uri=True)
    try:
        source.backup(memory)
    finally:
        source.close()
    engine = create_engine("sqlite://", creator=lambda: memory, poolclass=StaticPool)
    upgrade_to_head(engine)
    return memory


def open_read_only(path: Path) -> Database:
    """Open the data at ``path`` for reading only: nothing is created, changed or chmod-ed.

    Works in a read-only folder or mount. With no file yet, an empty log is opened in
    memory; a file of an older schema is upgraded in memory, leaving the file as it is.
    Every write through the result fails with a clear WriteFailedError.
    """
    # Where it may, SQLite rolls back a journal a killed writer left, as any reader would.
    inspection = inspect_file(path, writable=can_write(path))
    if inspection is None:
        memory = _empty_current_schema()
        return _wrap(path, _read_only_engine(lambda: memory, shared=True), read_only=True)
    if inspection.revision != SCHEMA_REVISION:
        memory = _upgraded_copy(path)
        return _wrap(path, _read_only_engine(lambda: memory, shared=True), read_only=True)
    uri = readable_uri(path)
    engine = _read_only_engine(
        lambda: sqlite3.connect(uri, uri=True, check_same_thread=False), shared=False
    )
    return _wrap(path, engine, read_only=True)
