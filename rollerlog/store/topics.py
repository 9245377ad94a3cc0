"""The parts of the data an operation can change, for views to listen to (no SQLAlchemy here).

Kept apart from :mod:`rollerlog.store.operations` so the Today view can be built and
filled before the ORM is loaded (see :mod:`rollerlog.ui.app`).
"""

from __future__ import annotations

from enum import StrEnum


class Topic(StrEnum):
    """A part of the data an operation can change; views listen to the topics they show."""

    ROLLERS = "rollers"
    SESSIONS = "sessions"
    STERILIZATIONS = "sterilizations"
    LESIONS = "lesions"
    PROCEDURES = "procedures"
    PROFILE = "profile"
    SETTINGS = "settings"
