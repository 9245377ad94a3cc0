"""The log of unexpected errors: one private file, holding tracebacks but no record values.

The file is created 0600 whatever the umask (its folder 0700 when rollerlog makes it).
An entry names the time, the command and the traceback; SQL parameters never reach it
(the engine hides them), and the command line's arguments, which may hold names and notes,
are not written: only the command's name.
"""

from __future__ import annotations

import os
import sys
import traceback
from datetime import datetime
from pathlib import Path

from rollerlog import paths
from rollerlog.files import ensure_private_dir, open_private_append

LOG_FILE_NAME = "rollerlog.log"


def log_file() -> Path:
    """Where unexpected errors are written."""
    return paths.log_dir() / LOG_FILE_NAME


def _command_name(argv: list[str]) -> str:
    words = [word for word in argv[1:] if not word.startswith("-")]
    known = {"import", "export", "check", "backup", "restore", "status", "plan", "remind"}
    return next((word for word in words if word in known), "app")


def log_unexpected(error: BaseException) -> Path:
    """Append the traceback of ``error`` to the log file; return its path (raises OSError)."""
    path = log_file()
    ensure_private_dir(path.parent)
    stamp = datetime.now().isoformat(timespec="seconds")
    text = f"--- {stamp} rollerlog {_command_name(sys.argv)}\n" + "".join(
        traceback.format_exception(error)
    )
    descriptor = open_private_append(path)
    try:
        os.write(descriptor, text.encode("utf-8", "backslashreplace"))
    finally:
        os.close(descriptor)
    return path
