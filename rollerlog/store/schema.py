"""What a rollerlog database looks like: its marker, its revision and its exact schema.

A file is a rollerlog database when its SQLite header carries rollerlog's
``application_id`` (or none, as files of earlier versions do), its ``alembic_version``
names a revision this version ships, and its ``sqlite_master`` (every table, index,
trigger and view, with their constraints) is exactly what the shipped migrations create at
that revision. The expected schemas are never written by hand: they are made by running the
packaged migrations into an in-memory database, once, and cached on disk under a key of the
migration sources and library versions, so a new migration just works and a normal start
does not load Alembic.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import json
import os
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from rollerlog.store.errors import DatabaseBusyError, NewerSchemaError, NotRollerlogDatabaseError

#: The newest migration shipped in ``migrations/versions``; a test keeps them in step.
SCHEMA_REVISION = "0004_sent_reminders"

#: SQLite's ``PRAGMA application_id`` of every rollerlog database: "RLOG" in ASCII.
APPLICATION_ID = 0x524C4F47

#: How long a check waits for another program's lock before saying the data is busy.
BUSY_TIMEOUT_SECONDS = 2.0

#: SQLite's result codes for a database another connection holds.
_BUSY_CODES = {5, 6}  # SQLITE_BUSY, SQLITE_LOCKED

#: One schema object: (type, name, table, normalized SQL or "" for automatic indexes).
SchemaEntry = tuple[str, str, str, str]

_TOKEN_RE = re.compile(
    r"""'(?:[^']|'')*'        # a string literal, kept as written
      | "(?:[^"]|"")*"        # a quoted identifier
      | `[^`]*`               # a MySQL-style quoted identifier
      | \[[^\]]*\]            # a bracket-quoted identifier
      | [A-Za-z0-9_.$]+       # a word, a name or a number
      | [<>!=|]+              # an operator of one or more characters
      | \S                    # any other single character
    """,
    re.VERBOSE,
)


def normalize_sql(sql: str) -> str:
    """``sql`` with only its meaning left: words lower-cased, identifier quotes and spacing gone.

    Two statements that normalize alike create the same object; a changed constraint,
    column or trigger body changes the result.
    """
    tokens = []
    for token in _TOKEN_RE.findall(sql):
        if token.startswith("'"):
            tokens.append(token)
        elif token[0] in '"`[':
            tokens.append(token[1:-1].replace('""', '"').lower())
        else:
            tokens.append(token.lower())
    return " ".join(tokens)


def _ignored(kind: str, name: str) -> bool:
    # sqlite_stat* tables are statistics SQLite's own ANALYZE may add; they hold no data.
    return kind == "table" and name.startswith("sqlite_stat")


def read_schema(connection: sqlite3.Connection) -> frozenset[SchemaEntry]:
    """The normalized ``sqlite_master`` of ``connection``'s main database.

    Raises NotRollerlogDatabaseError when the schema text is not valid UTF-8 (flipped bytes).
    """
    previous = connection.text_factory
    connection.text_factory = bytes
    try:
        rows = connection.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    finally:
        connection.text_factory = previous
    entries = set()
    for row in rows:
        try:
            kind, name, table, sql = (
                value.decode("utf-8") if isinstance(value, bytes) else "" for value in row
            )
        except UnicodeDecodeError as error:
            raise NotRollerlogDatabaseError(
                f"its schema is damaged (text that is not UTF-8 at byte {error.start})"
            ) from error
        if not _ignored(kind, name):
            entries.add((kind, name, table, normalize_sql(sql)))
    return frozenset(entries)


def schema_differences(
    actual: frozenset[SchemaEntry], expected: frozenset[SchemaEntry]
) -> list[str]:
    """How ``actual`` differs from ``expected``, one plain sentence per object; [] when equal."""
    by_key_actual = {(entry[0], entry[1]): entry for entry in actual}
    by_key_expected = {(entry[0], entry[1]): entry for entry in expected}
    problems = []
    for key in sorted(by_key_actual.keys() - by_key_expected.keys()):
        problems.append(f"it holds a {key[0]} {key[1]!r} that rollerlog does not make")
    for key in sorted(by_key_expected.keys() - by_key_actual.keys()):
        problems.append(f"the {key[0]} {key[1]!r} of rollerlog is missing")
    for key in sorted(by_key_actual.keys() & by_key_expected.keys()):
        if by_key_actual[key] != by_key_expected[key]:
            problems.append(
                f"the {key[0]} {key[1]!r} differs from rollerlog's "
                "(its columns, constraints or definition were changed)"
            )
    return problems


# -- the expected schemas, made by the shipped migrations


def _migration_sources() -> list[tuple[str, bytes]]:
    folder = resources.files("rollerlog.store") / "migrations"
    sources = [("env.py", (folder / "env.py").read_bytes())]
    versions = folder / "versions"
    for entry in sorted(versions.iterdir(), key=lambda item: item.name):
        if entry.name.endswith(".py"):
            sources.append((entry.name, entry.read_bytes()))
    return sources


def _library_version(package: str) -> str:
    """The version a package declares, read from its source without importing it.

    Importing SQLAlchemy takes longer than the whole check; the app's start reads Today
    without it (see :mod:`rollerlog.store.status_read`).
    """
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        return ""
    with contextlib.suppress(OSError):
        found = re.search(r"^__version__\s*=\s*['\"]([^'\"]+)", Path(spec.origin).read_text(), re.M)
        if found:
            return found.group(1)
    return ""


def _cache_key() -> str:
    from rollerlog.meta import __version__

    hasher = hashlib.sha256()
    versions = (_library_version("sqlalchemy"), _library_version("alembic"))
    for part in (__version__, *versions, sqlite3.sqlite_version, _TOKEN_RE.pattern):
        hasher.update(part.encode() + b"\0")
    for name, data in _migration_sources():
        hasher.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    return hasher.hexdigest()[:32]


def _build_expected() -> dict[str, frozenset[SchemaEntry]]:
    """Run every shipped migration into memory, noting the schema after each revision."""
    from sqlalchemy import create_engine
    from sqlalchemy.pool import StaticPool

    from rollerlog.store.migrate import alembic_config, revision_ids

    engine = create_engine("sqlite://", poolclass=StaticPool)
    config = alembic_config()
    schemas: dict[str, frozenset[SchemaEntry]] = {}
    try:
        from alembic import command

        for revision in revision_ids():
            with engine.begin() as connection:
                config.attributes["connection"] = connection
                command.upgrade(config, revision)
            raw = engine.raw_connection()
            try:
                schemas[revision] = read_schema(raw.driver_connection)  # type: ignore[arg-type]
            finally:
                raw.close()
    finally:
        engine.dispose()
    return schemas


def _cache_file(key: str) -> Path:
    from rollerlog import paths

    return paths.cache_dir() / f"schemas-{key}.json"


@functools.cache
def expected_schemas() -> dict[str, frozenset[SchemaEntry]]:
    """Each shipped revision, oldest first, with the exact schema its migrations make."""
    key = _cache_key()
    cache = _cache_file(key)
    with contextlib.suppress(OSError, ValueError, TypeError):
        stored = json.loads(cache.read_text(encoding="utf-8"))
        return {
            revision: frozenset(tuple(entry) for entry in entries)
            for revision, entries in stored["revisions"]
        }
    schemas = _build_expected()
    with contextlib.suppress(OSError):
        from rollerlog.files import ensure_private_dir, write_private_text

        ensure_private_dir(cache.parent)
        document = {"revisions": [[rev, sorted(entries)] for rev, entries in schemas.items()]}
        write_private_text(cache, json.dumps(document))
    return schemas


def known_revisions() -> list[str]:
    """Every schema revision this version of rollerlog can read, oldest first."""
    return list(expected_schemas())


def sqlite_uri(path: Path, mode: str = "ro", *, immutable: bool = False) -> str:
    """A SQLite URI for the file at ``path`` (names with ``?`` or ``#`` are quoted)."""
    uri = f"{path.absolute().as_uri()}?mode={mode}"
    return uri + "&immutable=1" if immutable else uri


def readable_uri(path: Path) -> str:
    """A URI that reads ``path`` without writing, also where nothing can be written.

    A write-ahead-logged database needs its -wal and -shm files; where the folder or the
    file cannot be written, SQLite could not make them (or would leave them behind with the
    file's read-only mode), so the file is read as immutable: nothing can change it while
    it sits there. When a -wal is present it holds data, and it is read as usual.
    """
    uri = sqlite_uri(path, "ro")
    writable = os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)
    if writable:
        return uri
    if not path.with_name(path.name + "-wal").exists():
        return sqlite_uri(path, "ro", immutable=True)
    try:
        probe = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_SECONDS)
        try:
            probe.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            probe.close()
    except sqlite3.Error as error:
        if not is_busy(error):
            return sqlite_uri(path, "ro", immutable=True)
    return uri


def can_write(path: Path) -> bool:
    """Whether the database at ``path`` (or, when there is none, its folder) can be written."""
    folder = path.parent
    if not folder.exists():
        return True
    if not os.access(folder, os.W_OK | os.X_OK):
        return False
    return not path.exists() or os.access(path, os.W_OK)


def is_busy(error: sqlite3.Error) -> bool:
    """True when ``error`` says another connection holds the database."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None and code & 0xFF in _BUSY_CODES:
        return True
    text = str(error).lower()
    return "database is locked" in text or "database table is locked" in text


def busy_error(path: Path) -> DatabaseBusyError:
    """The plain-words error for a database another program holds locked."""
    return DatabaseBusyError(
        f"{path} is in use by another program, which holds it locked; nothing was changed. "
        "Close that program and try again"
    )


@contextlib.contextmanager
def inspecting(path: Path, *, writable: bool) -> Iterator[sqlite3.Connection]:
    """A plain sqlite3 connection for checking ``path``, turning SQLite's errors into words.

    A writable connection lets SQLite roll back a hot journal left by a killed writer (a
    read-only one cannot); otherwise nothing is written. Busy becomes DatabaseBusyError,
    any other SQLite error NotRollerlogDatabaseError.
    """
    uri = sqlite_uri(path, "rw") if writable else readable_uri(path)
    try:
        connection = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_SECONDS)
    except sqlite3.Error as error:
        raise NotRollerlogDatabaseError(f"{path} cannot be opened ({error})") from error
    try:
        yield connection
    except sqlite3.Error as error:
        if is_busy(error):
            raise busy_error(path) from error
        raise NotRollerlogDatabaseError(
            f"{path} is not a readable rollerlog database ({error})"
        ) from error
    finally:
        connection.close()


@dataclass(frozen=True, slots=True)
class Inspection:
    """What a check of a file found: its revision and whether it carries rollerlog's id."""

    revision: str
    marked: bool


def inspect_connection(connection: sqlite3.Connection, path: Path) -> Inspection | None:
    """Check the database behind ``connection`` (see the module text); None when empty.

    Raises NotRollerlogDatabaseError (naming every difference) or NewerSchemaError.
    """
    application_id = connection.execute("PRAGMA application_id").fetchone()[0]
    if application_id not in (0, APPLICATION_ID):
        raise NotRollerlogDatabaseError(
            f"{path} is not a rollerlog database (it belongs to another program)"
        )
    actual = read_schema(connection)
    if not actual:
        if application_id == APPLICATION_ID:
            raise NotRollerlogDatabaseError(f"{path} is a rollerlog database without its tables")
        return None
    names = {name for kind, name, _, _ in actual if kind == "table"}
    if "alembic_version" not in names:
        raise NotRollerlogDatabaseError(f"{path} is not a rollerlog database")
    rows = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    if len(rows) != 1 or not isinstance(rows[0][0], str):
        raise NotRollerlogDatabaseError(
            f"{path} is not a whole rollerlog database (it records no single schema revision)"
        )
    revision = rows[0][0]
    schemas = expected_schemas()
    if revision not in schemas:
        if application_id == APPLICATION_ID:
            raise NewerSchemaError(
                f"{path} was written by a newer version of rollerlog (schema {revision!r}); "
                "please update rollerlog to open it"
            )
        raise NotRollerlogDatabaseError(
            f"{path} is not a rollerlog database (it records a schema revision "
            f"{revision[:40]!r} rollerlog never used)"
        )
    differences = schema_differences(actual, schemas[revision])
    if differences:
        raise NotRollerlogDatabaseError(
            f"{path} is not a rollerlog database as rollerlog makes it: " + "; ".join(differences)
        )
    return Inspection(revision, application_id == APPLICATION_ID)


def inspect_file(path: Path, *, writable: bool = False) -> Inspection | None:
    """Check the file at ``path``: None when there is none yet (or it is empty)."""
    if not path.exists() or (path.is_file() and path.stat().st_size == 0):
        return None
    if not path.is_file():
        raise NotRollerlogDatabaseError(f"{path} is a folder, not a database file")
    with inspecting(path, writable=writable and os.access(path, os.W_OK)) as connection:
        return inspect_connection(connection, path)


def stored_revision(path: Path) -> str | None:
    """The schema revision of the rollerlog database at ``path``, or None for no (empty) file.

    Raises NotRollerlogDatabaseError when the file is not exactly a rollerlog database,
    NewerSchemaError when a newer rollerlog wrote it, DatabaseBusyError when it is locked.
    """
    inspection = inspect_file(path)
    return inspection.revision if inspection is not None else None
