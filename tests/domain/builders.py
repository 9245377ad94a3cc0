"""Shared builders for the domain tests: a small history and a one-call rule runner."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from rollerlog.domain.entities import Lesion, Procedure, Profile, Roller, Session, Sterilization
from rollerlog.domain.findings import Finding
from rollerlog.domain.rules import PlannedSession, evaluate, inputs_from_history
from rollerlog.domain.settings import Settings

FACE = Roller(name="Face 0.5", needle_mm=0.5, acquired_on=date(2026, 1, 1))
FINE = Roller(name="Fine 0.25", needle_mm=0.25, acquired_on=date(2026, 1, 1))
BODY = Roller(name="Body 1.5", needle_mm=1.5, acquired_on=date(2026, 1, 1))
ROLLERS: tuple[Roller, ...] = (FACE, FINE, BODY)


def plan(
    at: datetime,
    roller: str = "Face 0.5",
    areas: Iterable[str] = ("left-cheek",),
    *,
    test_patch: bool = False,
) -> PlannedSession:
    """A planned session."""
    return PlannedSession(at=at, roller=roller, areas=tuple(areas), test_patch=test_patch)


def session(
    at: datetime,
    roller: str = "Face 0.5",
    areas: Iterable[str] = ("left-cheek",),
    *,
    test_patch: bool = False,
) -> Session:
    """A logged session."""
    return Session(at=at, roller=roller, areas=tuple(areas), test_patch=test_patch)


def run(
    planned: PlannedSession,
    *,
    rollers: Iterable[Roller] = ROLLERS,
    sessions: Iterable[Session] = (),
    sterilizations: Iterable[Sterilization] | None = None,
    lesions: Iterable[Lesion] = (),
    procedures: Iterable[Procedure] = (),
    conditions: Iterable[str] = (),
    settings: Settings | None = None,
) -> list[Finding]:
    """Evaluate a plan against full history lists.

    Unless given, the planned roller is sterilized the minute of the session, so that tests
    about other rules are not distracted by `not-sterilized`.
    """
    if sterilizations is None:
        sterilizations = [Sterilization(at=planned.at, roller=planned.roller)]
    settings = settings or Settings()
    inputs = inputs_from_history(
        planned,
        rollers,
        sessions,
        sterilizations,
        lesions,
        procedures,
        Profile(conditions=frozenset(conditions)),
        settings,
    )
    return evaluate(planned, inputs, settings)


def codes(findings: Iterable[Finding]) -> list[str]:
    """The codes of some findings, in order."""
    return [finding.code for finding in findings]


def only(findings: Iterable[Finding], code: str) -> list[Finding]:
    """The findings with one code."""
    return [finding for finding in findings if finding.code == code]
