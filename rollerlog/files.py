"""Writing files that only their owner can read, whole or not at all.

Every file rollerlog writes (exports, backups, the log, caches) goes through here: the
bytes go to a new ``.partial`` file beside the target, created 0600 whatever the umask,
which is flushed to disk and renamed over the target only when complete. A failure or a
kill leaves the target as it was; a ``.partial`` left by a kill is readable by its owner
alone. Folders are created 0700, and a folder that already exists is never changed.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

#: The mode of every file rollerlog creates (POSIX; Windows keeps the folder's rights).
PRIVATE_FILE_MODE = 0o600
#: The mode of every folder rollerlog creates.
PRIVATE_DIR_MODE = 0o700


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and missing parents) readable by the user alone; return it.

    Only folders created here get the private mode: an existing folder, which may be
    shared on purpose, is left exactly as it is.
    """
    missing = []
    current = path
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=PRIVATE_DIR_MODE)
            if os.name == "posix":
                folder.chmod(PRIVATE_DIR_MODE)
    if not path.is_dir():
        raise NotADirectoryError(20, "not a folder", str(path))
    return path


def create_private_file(path: Path) -> None:
    """Create the new, empty file ``path`` with mode 0600 (it must not exist yet)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
    try:
        if os.name == "posix":
            os.fchmod(descriptor, PRIVATE_FILE_MODE)  # the umask never widens it, but may narrow
    finally:
        os.close(descriptor)


def partial_path(target: Path) -> Path:
    """A new, unpredictable name for the partial file of ``target``, beside it."""
    return target.with_name(f".{target.name}.{secrets.token_hex(4)}.partial")


def _sync(path: Path) -> None:
    with contextlib.suppress(OSError):
        descriptor = os.open(path, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def sync_folder(folder: Path) -> None:
    """Flush a folder's entries (a rename) to disk where the system allows it."""
    if os.name == "posix":
        _sync(folder)


def write_atomically(target: Path, write: Callable[[Path], T]) -> T:
    """Call ``write(partial)`` on a new private file, then rename it to ``target``.

    ``write`` fills the path it is given (opening it by name is fine: the file exists,
    empty, with mode 0600). Returns what ``write`` returned. On any error, or when
    interrupted, the partial file is removed and ``target`` is left as it was.
    """
    partial = partial_path(target)
    create_private_file(partial)
    try:
        result = write(partial)
        if os.name == "posix":
            partial.chmod(PRIVATE_FILE_MODE)
        _sync(partial)
        partial.replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise
    sync_folder(target.parent)
    return result


def write_private_bytes(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` atomically, readable by the user alone."""
    write_atomically(target, lambda path: path.write_bytes(data))


def write_private_text(target: Path, text: str) -> None:
    """Write UTF-8 ``text`` to ``target`` atomically, readable by the user alone."""
    write_private_bytes(target, text.encode("utf-8"))


def open_private_append(path: Path) -> int:
    """A descriptor appending to ``path``, which is created 0600 when missing."""
    return os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, PRIVATE_FILE_MODE)
