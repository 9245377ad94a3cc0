"""A guard against shiboken6 6.12 dropping a reference to ``None`` on every void call.

With shiboken6 6.12 on Python 3.11, each call of a PySide6 method that returns nothing
(``QFont.setBold``, ``QPainter.save``, …) lowers ``None``'s reference count by one, and
after a few thousand calls Python aborts with "deallocating None". From Python 3.12 on
``None`` is immortal and the bug is harmless. The guard raises ``None``'s count far out
of reach, once, and only on that pair of versions (the one where the abort was seen).

Upstream: no report of this leak was found when the guard was narrowed; look for it (or
file it) in the PySide project of the Qt bug tracker, https://bugreports.qt.io/projects/PYSIDE,
and put its address here. Remove the guard once a shiboken6 without the leak is the minimum.
"""

from __future__ import annotations

import ctypes
import sys

_HEADROOM = 1 << 40

LEAKING_SHIBOKEN = (6, 12)
"""The shiboken6 minor version that drops the reference."""
LEAKING_PYTHON = (3, 11)
"""The Python minor version on which ``None`` is still mortal and the drop is fatal."""


def guard_applies(shiboken: tuple[int, ...], python: tuple[int, ...], implementation: str) -> bool:
    """True for shiboken6 6.12 on CPython 3.11: the pair on which the leak aborts Python."""
    return (
        implementation == "cpython"
        and tuple(python[:2]) == LEAKING_PYTHON
        and tuple(shiboken[:2]) == LEAKING_SHIBOKEN
    )


def guard_none_refcount() -> bool:
    """Make sure ``None``'s reference count cannot reach zero where it leaks; True if guarded."""
    import shiboken6

    version = tuple(int(part) for part in shiboken6.__version_info__[:2])
    python = (sys.version_info.major, sys.version_info.minor)
    if not guard_applies(version, python, sys.implementation.name):
        return False
    if sys.getrefcount(None) < _HEADROOM // 2:
        # In CPython 3.11 the reference count is the first field of every object.
        ctypes.c_ssize_t.from_address(id(None)).value += _HEADROOM
    return True
