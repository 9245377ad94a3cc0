"""The desktop app: the only package that imports PySide6."""

from rollerlog.ui.refcount_guard import guard_none_refcount

guard_none_refcount()
