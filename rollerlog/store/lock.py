"""One writer at a time: an operating-system lock on a file in the data folder.

The app holds the lock while it runs; commands that write (import, restore) take it for
their duration and refuse when it is held. The lock belongs to the open file, so the
operating system drops it the moment its process ends, even when it is killed: a lock file
left behind by a crash is stale by construction and never locks anyone out. The file
also records the holder's process id, only to say who holds it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import IO

from rollerlog.files import PRIVATE_FILE_MODE, ensure_private_dir
from rollerlog.store.errors import ReadOnlyDataError, StoreError

LOCK_FILE_NAME = "rollerlog.lock"
#: Held only while a new database is being made, so two first starts never race.
CREATION_LOCK_FILE_NAME = ".rollerlog-create.lock"


class DataLockedError(StoreError):
    """Another rollerlog (usually the app) holds the data."""


def _try_lock(stream: IO[str]) -> bool:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        try:
            stream.seek(0)
            msvcrt.locking(stream.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(stream.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(stream: IO[str]) -> None:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        stream.seek(0)
        msvcrt.locking(stream.fileno(), msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(stream.fileno(), fcntl.LOCK_UN)


class DataLock:
    """The exclusive lock on a data folder; use ``acquire``/``release`` or ``with``."""

    def __init__(self, folder: Path, holder: str = "rollerlog") -> None:
        self.path = folder / LOCK_FILE_NAME
        self.holder = holder
        self._stream: IO[str] | None = None

    @property
    def held(self) -> bool:
        """True while this object holds the lock."""
        return self._stream is not None

    def holder_description(self) -> str:
        """Who holds the lock, as recorded in the lock file ("" when unknown)."""
        try:
            return self.path.read_text(encoding="utf-8").strip()
        except OSError:
            return ""

    def try_acquire(self) -> bool:
        """Take the lock if it is free; return whether this object now holds it."""
        if self._stream is not None:
            return True
        ensure_private_dir(self.path.parent)
        # Opened without truncating, so a failed attempt never wipes the holder's note.
        descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE_MODE)
        stream = os.fdopen(descriptor, "r+", encoding="utf-8")
        if not _try_lock(stream):
            stream.close()
            return False
        stream.seek(0)
        stream.truncate()
        stream.write(f"{self.holder} (process {os.getpid()})\n")
        stream.flush()
        self._stream = stream
        return True

    def acquire(self) -> DataLock:
        """Take the lock or raise DataLockedError saying who holds it.

        A folder that cannot be written raises ReadOnlyDataError, changing nothing.
        """
        try:
            acquired = self.try_acquire()
        except OSError as error:
            raise ReadOnlyDataError(
                f"rollerlog cannot write to {self.path.parent} ({error.strerror or error}); "
                "nothing was changed"
            ) from error
        if not acquired:
            who = self.holder_description() or "another rollerlog"
            raise DataLockedError(
                f"the data is in use by {who}; close the rollerlog app and try again"
            )
        return self

    def release(self) -> None:
        """Give the lock back (the lock file stays; it means nothing without a holder)."""
        if self._stream is None:
            return
        stream, self._stream = self._stream, None
        try:
            stream.seek(0)
            stream.truncate()
            _unlock(stream)
        finally:
            stream.close()

    def __enter__(self) -> DataLock:
        return self.acquire()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()


@contextmanager
def creation_lock(folder: Path) -> Iterator[None]:
    """Hold the data folder's creation lock, waiting for another holder to finish.

    Like the data lock it belongs to the open file, so a killed holder never leaves it held.
    """
    descriptor = os.open(
        folder / CREATION_LOCK_FILE_NAME, os.O_RDWR | os.O_CREAT, PRIVATE_FILE_MODE
    )
    try:
        if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
            import msvcrt

            while True:
                try:
                    msvcrt.locking(descriptor, msvcrt.LK_LOCK, 1)
                    break
                except OSError:
                    continue
        else:
            import fcntl

            fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)
