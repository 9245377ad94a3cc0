"""Plain, immutable values of the domain: rollers, sessions, sterilizations, lesions, procedures.

These are what the rules read, what the store returns and what the UI shows. They carry
no database identity beyond an optional ``id`` and never reference ORM objects.
Times are naive local datetimes; days are dates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from rollerlog.domain import constraints


@dataclass(frozen=True, slots=True)
class Roller:
    """A dermaroller: its needles, where it came from, and whether it was discarded."""

    name: str
    needle_mm: float
    acquired_on: date
    needle_count: int | None = None
    material: str = ""
    source: str | None = None
    prior_uses: int = 0
    discarded_on: date | None = None
    discard_reason: str | None = None
    notes: str = ""
    id: int | None = None

    def is_discarded_on(self, day: date) -> bool:
        """True when the roller counts as discarded on ``day`` (the constraints module's rule)."""
        return constraints.is_discarded_on(self, day)


@dataclass(frozen=True, slots=True)
class Acknowledgement:
    """A `stop` finding the user chose to go ahead with, and why."""

    code: str
    reason: str


@dataclass(frozen=True, slots=True)
class Session:
    """One logged needling session with one roller over one or more areas."""

    at: datetime
    roller: str
    areas: tuple[str, ...]
    test_patch: bool = False
    topical: str = ""
    notes: str = ""
    acknowledged: tuple[Acknowledgement, ...] = ()
    id: int | None = None


@dataclass(frozen=True, slots=True)
class Sterilization:
    """A roller cleaned before or after use."""

    at: datetime
    roller: str
    method: str | None = None
    minutes: int | None = None
    id: int | None = None


@dataclass(frozen=True, slots=True)
class Lesion:
    """A spot to needle around or avoid, from the day it was noted until it resolved."""

    area: str
    kind: str
    noted_on: date
    resolved_on: date | None = None
    notes: str = ""
    id: int | None = None

    def is_unresolved_on(self, day: date) -> bool:
        """True when the lesion is present on ``day``."""
        return self.noted_on <= day and (self.resolved_on is None or day < self.resolved_on)


@dataclass(frozen=True, slots=True)
class Procedure:
    """A cosmetic procedure (neuromodulator, filler, other) that may interfere with needling."""

    kind: str
    at: datetime
    product: str = ""
    areas: tuple[str, ...] = ()
    id: int | None = None


@dataclass(frozen=True, slots=True)
class Profile:
    """The person's health conditions that bear on needling."""

    conditions: frozenset[str] = field(default_factory=frozenset)
