"""A guard against PySide6 6.12 dropping a reference to ``None`` on every void call.

With Python 3.11, each call of a PySide6 method that returns nothing (``QFont.setBold``,
``QPainter.save``, …) lowers ``None``'s reference count by one, and after a few thousand
calls Python aborts with "deallocating None". From Python 3.12 on ``None`` is immortal and
the bug is harmless. The guard raises ``None``'s count far out of reach, once; it changes
nothing else and does nothing on Python 3.12 or later.
"""

from __future__ import annotations

import ctypes
import sys

_HEADROOM = 1 << 40


def guard_none_refcount() -> None:
    """Make sure ``None``'s reference count cannot reach zero (CPython before 3.12 only)."""
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return
    if sys.getrefcount(None) < _HEADROOM // 2:
        # In CPython 3.11 the reference count is the first field of every object.
        ctypes.c_ssize_t.from_address(id(None)).value += _HEADROOM
