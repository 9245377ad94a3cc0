"""Where rollerlog keeps its files: the one module that knows the data, config and log folders.

The data folder comes from, in order: an explicit override (the `--data-dir` option),
the environment variable ``ROLLERLOG_DATA_DIR``, then platformdirs' user data folder.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from rollerlog.meta import APP_NAME

DATA_DIR_ENV = "ROLLERLOG_DATA_DIR"
DATABASE_FILE_NAME = "rollerlog.sqlite3"
BACKUP_DIR_NAME = "backups"

_override: Path | None = None


def set_data_dir_override(path: str | os.PathLike[str] | None) -> None:
    """Make every later lookup use ``path`` as the data folder (None restores the default)."""
    global _override
    _override = Path(path).expanduser().absolute() if path is not None else None


def data_dir() -> Path:
    """The folder that holds the database and its backups (not created here)."""
    if _override is not None:
        return _override
    from_env = os.environ.get(DATA_DIR_ENV)
    if from_env:
        return Path(from_env).expanduser().absolute()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def database_path() -> Path:
    """The SQLite file inside the data folder."""
    return data_dir() / DATABASE_FILE_NAME


def backup_dir() -> Path:
    """The folder of automatic and manual backups, beside the database."""
    return data_dir() / BACKUP_DIR_NAME


def log_dir() -> Path:
    """Where unexpected errors are logged; inside the data folder when it is overridden."""
    if _override is not None or os.environ.get(DATA_DIR_ENV):
        return data_dir() / "logs"
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    """Where rollerlog keeps what it can always make again (the expected schemas)."""
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def _private_to_me(folder: Path) -> bool:
    import stat

    info = folder.lstat()
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and info.st_mode & 0o077 == 0


def private_runtime_dir() -> Path:
    """A folder for the app's local socket that only this user can enter (POSIX).

    ``$XDG_RUNTIME_DIR/rollerlog`` when the system provides a private runtime folder, else
    ``run`` in rollerlog's cache folder. A candidate that exists but is a link, belongs to
    someone else or is open to others is never used (and never changed).
    Raises OSError when no private folder can be had.
    """
    candidates: list[tuple[Path, Path | None]] = []
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and Path(runtime).is_absolute():
        candidates.append((Path(runtime) / APP_NAME, Path(runtime)))
    candidates.append((cache_dir() / "run", None))
    for folder, system_folder in candidates:
        try:
            if system_folder is not None and not _private_to_me(system_folder):
                continue
            ensure_private_dir(folder)
            if _private_to_me(folder):
                return folder
        except OSError:
            continue
    raise OSError(13, "no private folder for the app's local socket", str(candidates[-1][0]))


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and missing parents) readable by the user alone; return it.

    A folder that already exists is left as it is (see :mod:`rollerlog.files`).
    """
    from rollerlog.files import ensure_private_dir as ensure

    return ensure(path)
