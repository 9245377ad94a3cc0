"""Interchange format version 1: validating a JSON document into entities, and back.

Validation collects every problem, each naming its record and field
(``sessions[3].areas[0]: unknown area "cheeks"``), so a file is accepted or refused whole.
Nothing here touches the database: the store imports a validated ``Document``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from rollerlog.domain import constraints as c
from rollerlog.domain.areas import is_area
from rollerlog.domain.constraints import Rule, Violation
from rollerlog.domain.entities import (
    Acknowledgement,
    Lesion,
    Procedure,
    Profile,
    Roller,
    Session,
    Sterilization,
)
from rollerlog.domain.findings import ACKNOWLEDGEABLE_CODES
from rollerlog.domain.settings import Settings, parse_settings
from rollerlog.domain.vocabulary import (
    CONDITIONS,
    DISCARD_REASONS,
    LESION_KINDS,
    PROCEDURE_KINDS,
    ROLLER_SOURCES,
    STERILIZATION_METHODS,
)
from rollerlog.domain.wording import quoted

FORMAT_NAME = "rollerlog"
FORMAT_VERSION = 1
#: An interchange file larger than this (200 MB) is refused before it is parsed.
MAX_FILE_BYTES = 200 * 1024 * 1024

TOP_LEVEL_KEYS = (
    "format",
    "version",
    "settings",
    "profile",
    "rollers",
    "sessions",
    "sterilizations",
    "lesions",
    "procedures",
)

_DATETIME_RE = re.compile(r"^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?)(Z|[+-]\d{2}:\d{2})?$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PLAIN_KEY_RE = re.compile(r"^[A-Za-z0-9_.:-]{1,60}$")


@dataclass(frozen=True)
class Document:
    """A validated interchange document: everything a database holds."""

    settings: Settings = field(default_factory=Settings)
    profile: Profile = field(default_factory=Profile)
    rollers: tuple[Roller, ...] = ()
    sessions: tuple[Session, ...] = ()
    sterilizations: tuple[Sterilization, ...] = ()
    lesions: tuple[Lesion, ...] = ()
    procedures: tuple[Procedure, ...] = ()

    def is_empty(self) -> bool:
        """True when the document holds no record, condition or non-default setting."""
        return not (
            self.rollers
            or self.sessions
            or self.sterilizations
            or self.lesions
            or self.procedures
            or self.profile.conditions
            or not self.settings.is_default()
        )


class InvalidDocumentError(Exception):
    """The document was refused; ``problems`` holds one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def format_datetime(moment: datetime) -> str:
    """A local time as the format writes it: minutes, or seconds when there are any."""
    if moment.second or moment.microsecond:
        return moment.strftime("%Y-%m-%dT%H:%M:%S")
    return moment.strftime("%Y-%m-%dT%H:%M")


def read_datetime_text(text: str) -> tuple[datetime | None, str]:
    """Parse ``YYYY-MM-DDTHH:MM[:SS]`` with an optional offset into naive local time.

    Returns the time and an empty string, or None and what is wrong (in the import's
    words): not in that form, a year outside 1900 to 2100, or no such local time.
    """
    match = _DATETIME_RE.match(text)
    if not match:
        return None, "must be a time as YYYY-MM-DDTHH:MM"
    try:
        written = datetime.fromisoformat(match.group(1))
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None, "must be a real time as YYYY-MM-DDTHH:MM"
    violation = c.year_violation(written)
    if violation is not None:
        return None, import_message(violation)
    if moment.tzinfo is not None:
        try:
            moment = moment.astimezone().replace(tzinfo=None)
        except (OverflowError, ValueError, OSError):
            return None, "cannot be turned into a local time"
        violation = c.year_violation(moment)
        if violation is not None:
            return None, import_message(violation)
    return moment, ""


def parse_datetime_text(text: str) -> datetime | None:
    """Parse ``YYYY-MM-DDTHH:MM[:SS]`` with an optional offset into naive local time, or None."""
    return read_datetime_text(text)[0]


def read_date_text(text: str) -> tuple[date | None, str]:
    """Parse ``YYYY-MM-DD`` in the allowed years; None and what is wrong otherwise."""
    if not _DATE_RE.match(text):
        return None, "must be a day as YYYY-MM-DD"
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None, "must be a real day as YYYY-MM-DD"
    violation = c.year_violation(day)
    if violation is not None:
        return None, import_message(violation)
    return day, ""


def parse_date_text(text: str) -> date | None:
    """Parse ``YYYY-MM-DD``; None when it is not a real day in that form and years."""
    return read_date_text(text)[0]


def import_message(violation: Violation) -> str:
    """A broken record rule as the import says it, after the record's path."""
    low, high = c.bounds_text(violation)
    day = violation.day.isoformat() if violation.day is not None else ""
    messages = {
        Rule.NOT_TEXT: "must be text",
        Rule.EMPTY: "must not be empty",
        Rule.TOO_LONG: f"is {violation.size or 0} characters long; at most {high} are allowed",
        Rule.CONTROL_CHARACTERS: "contains control characters",
        Rule.UNENCODABLE: "contains lone surrogates, which are not Unicode text",
        Rule.NOT_NUMBER: "must be a number",
        Rule.NOT_WHOLE: "must be a whole number",
        Rule.OUT_OF_RANGE: f"must be between {low} and {high}",
        Rule.NOT_DAY: "must be a day as YYYY-MM-DD",
        Rule.NOT_MOMENT: "must be a time as YYYY-MM-DDTHH:MM",
        Rule.YEAR_OUT_OF_RANGE: f"must lie in the years {low} to {high}",
        Rule.BEFORE_ACQUIRED: f"is before the roller was acquired on {day}",
        Rule.AFTER_DISCARDED: f"is after the roller was discarded on {day}",
        Rule.DISCARD_HALF_SET: "discarded_on and discard_reason must be given together",
        Rule.DISCARDED_BEFORE_ACQUIRED: "is before the roller was acquired",
        Rule.RESOLVED_BEFORE_NOTED: "is before the lesion was noted",
    }
    return messages[violation.rule]


def key_text(key: object) -> str:
    """A key of the file as a path shows it: plain keys as they are, others quoted."""
    if isinstance(key, str) and _PLAIN_KEY_RE.match(key):
        return key
    return quoted(key)


class _Record:
    """Reads the fields of one record, noting each problem with its path."""

    def __init__(self, errors: list[str], where: str, data: Mapping[str, Any]) -> None:
        self.errors = errors
        self.where = where
        self.data = data

    def problem(self, key: str, text: str) -> None:
        self.errors.append(f"{self.where}.{key}: {text}")

    def violation(self, key: str, violation: Violation | None, value: object = None) -> bool:
        """Note a broken rule under ``key`` (with the value, when given); True when none."""
        if violation is None:
            return True
        got = f", got {_describe(value)}" if value is not None else ""
        self.problem(key, import_message(violation) + got)
        return False

    def check_keys(self, allowed: tuple[str, ...], required: tuple[str, ...]) -> bool:
        ok = True
        for key in self.data:
            if key not in allowed:
                self.errors.append(f"{self.where}.{key_text(key)}: unknown key")
                ok = False
        for key in required:
            if key not in self.data:
                self.errors.append(f"{self.where}.{key}: required")
                ok = False
        return ok

    def text(self, key: str, *, limit: int = c.MAX_TEXT_LENGTH, name: bool = False) -> str | None:
        value = self.data.get(key, "")
        if value is None and not name:
            return ""
        if value is None:
            self.problem(key, "must be text, got null")
            return None
        violation = c.text_violation(value, limit=limit, single_line=name, required=name)
        if violation is not None and violation.rule is Rule.NOT_TEXT:
            self.problem(key, f"must be text, got {_describe(value)}")
            return None
        if not self.violation(key, violation):
            return None
        assert isinstance(value, str)
        return value

    def choice(self, key: str, vocabulary: Mapping[str, str], what: str) -> str | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or value not in vocabulary:
            self.problem(key, f"unknown {what} {quoted(value)}")
            return None
        return value

    def integer(self, key: str, low: int, high: int, *, nullable: bool) -> int | None:
        value = self.data.get(key)
        if value is None and nullable:
            return None
        if value is None:
            value = 0
        if not self.violation(key, c.whole_violation(value, c.WholeBounds(low, high)), value):
            return None
        assert isinstance(value, int)
        return value

    def boolean(self, key: str) -> bool | None:
        value = self.data.get(key, False)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.problem(key, f"must be true or false, got {_describe(value)}")
            return None
        return value

    def day(self, key: str) -> date | None:
        value = self.data.get(key)
        if value is None:
            return None
        parsed, wrong = read_date_text(value) if isinstance(value, str) else (None, "")
        if parsed is None:
            self.problem(key, f"{wrong or 'must be a day as YYYY-MM-DD'}, got {quoted(value)}")
        return parsed

    def moment(self, key: str) -> datetime | None:
        value = self.data.get(key)
        if value is None:
            return None
        parsed, wrong = read_datetime_text(value) if isinstance(value, str) else (None, "")
        if parsed is None:
            wrong = wrong or "must be a time as YYYY-MM-DDTHH:MM"
            self.problem(key, f"{wrong}, got {quoted(value)}")
        return parsed

    def areas(self, key: str, *, required: bool) -> tuple[str, ...] | None:
        value = self.data.get(key, [])
        if value is None:
            value = []
        if not isinstance(value, list):
            self.problem(key, f"must be a list of areas, got {_describe(value)}")
            return None
        if required and not value:
            self.problem(key, "must name at least one area")
            return None
        seen: set[str] = set()
        ok = True
        for index, area in enumerate(value):
            if not isinstance(area, str) or not is_area(area):
                self.problem(f"{key}[{index}]", f"unknown area {quoted(area)}")
                ok = False
            elif area in seen:
                self.problem(f"{key}[{index}]", f"duplicate area {quoted(area)}")
                ok = False
            else:
                seen.add(area)
        return tuple(value) if ok else None


def _describe(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return quoted(value, limit=30)
    if isinstance(value, str):
        return quoted(value)
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _records(errors: list[str], data: Mapping[str, Any], key: str) -> list[tuple[str, Any]]:
    value = data.get(key, [])
    if value is None:
        return []
    if not isinstance(value, list):
        errors.append(f"{key}: must be a list, got {_describe(value)}")
        return []
    result: list[tuple[str, Any]] = []
    for index, item in enumerate(value):
        where = f"{key}[{index}]"
        if not isinstance(item, dict):
            errors.append(f"{where}: must be an object, got {_describe(item)}")
        else:
            result.append((where, item))
    return result


_ROLLER_KEYS = (
    "name",
    "needle_mm",
    "needle_count",
    "material",
    "acquired_on",
    "source",
    "prior_uses",
    "discarded_on",
    "discard_reason",
    "notes",
)
_SESSION_KEYS = ("at", "roller", "areas", "test_patch", "topical", "notes", "acknowledged")
_STERILIZATION_KEYS = ("at", "roller", "method", "minutes")
_LESION_KEYS = ("area", "kind", "noted_on", "resolved_on", "notes")
_PROCEDURE_KEYS = ("kind", "product", "at", "areas")


def _parse_roller(errors: list[str], where: str, data: Mapping[str, Any]) -> Roller | None:
    record = _Record(errors, where, data)
    before = len(errors)
    record.check_keys(_ROLLER_KEYS, ("name", "needle_mm", "acquired_on"))
    name = record.text("name", limit=c.MAX_NAME_LENGTH, name=True) if "name" in data else None
    needle = data.get("needle_mm")
    needle_mm: float | None = None
    if "needle_mm" in data:
        violation = c.needle_violation(needle)
        if violation is not None and violation.rule is Rule.NOT_NUMBER:
            record.problem("needle_mm", f"must be a number of millimetres, got {_describe(needle)}")
        elif violation is not None:
            record.problem("needle_mm", f"{import_message(violation)} mm, got {_describe(needle)}")
        else:
            assert isinstance(needle, int | float)
            needle_mm = c.round_needle_mm(needle)
    needle_count = record.integer(
        "needle_count", c.NEEDLE_COUNT.low, c.NEEDLE_COUNT.high, nullable=True
    )
    material = record.text("material", limit=c.MAX_NAME_LENGTH)
    acquired_on = record.day("acquired_on")
    source = record.choice("source", ROLLER_SOURCES, "source")
    prior_uses = record.integer("prior_uses", c.PRIOR_USES.low, c.PRIOR_USES.high, nullable=False)
    discarded_on = record.day("discarded_on")
    discard_reason = record.choice("discard_reason", DISCARD_REASONS, "discard reason")
    notes = record.text("notes")
    if (data.get("discarded_on") is None) != (data.get("discard_reason") is None):
        record.violation(
            "discarded_on" if data.get("discarded_on") is None else "discard_reason",
            c.Violation(Rule.DISCARD_HALF_SET),
        )
    elif discarded_on and acquired_on:
        record.violation(
            "discarded_on", c.discard_violation(acquired_on, discarded_on, discard_reason)
        )
    if len(errors) > before or name is None or needle_mm is None or acquired_on is None:
        return None
    return Roller(
        name=name,
        needle_mm=needle_mm,
        acquired_on=acquired_on,
        needle_count=needle_count,
        material=material or "",
        source=source,
        prior_uses=prior_uses or 0,
        discarded_on=discarded_on,
        discard_reason=discard_reason,
        notes=notes or "",
    )


def _parse_acknowledgements(record: _Record, value: object) -> tuple[Acknowledgement, ...] | None:
    if value is None:
        return ()
    if not isinstance(value, list):
        record.problem("acknowledged", f"must be a list, got {_describe(value)}")
        return None
    result: list[Acknowledgement] = []
    seen: set[str] = set()
    ok = True
    for index, item in enumerate(value):
        where = f"{record.where}.acknowledged[{index}]"
        if not isinstance(item, dict):
            record.errors.append(f"{where}: must be an object, got {_describe(item)}")
            ok = False
            continue
        inner = _Record(record.errors, where, item)
        before = len(record.errors)
        inner.check_keys(("code", "reason"), ("code", "reason"))
        code = item.get("code")
        if "code" in item:
            if not isinstance(code, str) or code not in ACKNOWLEDGEABLE_CODES:
                inner.problem("code", f"not a stop that can be acknowledged: {quoted(code)}")
            elif code in seen:
                inner.problem("code", f"duplicate acknowledgement of {quoted(code)}")
            else:
                seen.add(code)
        reason = inner.text("reason") if "reason" in item else None
        if reason is not None and not reason.strip():
            inner.problem("reason", "an acknowledgement needs a reason")
        if len(record.errors) > before:
            ok = False
        elif isinstance(code, str) and reason:
            result.append(Acknowledgement(code, reason))
    return tuple(result) if ok else None


def _roller_for(
    record: _Record, rollers: Mapping[str, Roller | None], all_names: set[str]
) -> Roller | None:
    name = record.data.get("roller")
    if "roller" not in record.data:
        return None
    if not isinstance(name, str) or name not in all_names:
        record.problem("roller", f"unknown roller {quoted(name)}")
        return None
    return rollers.get(name)


def _parse_session(
    errors: list[str],
    where: str,
    data: Mapping[str, Any],
    rollers: Mapping[str, Roller | None],
    all_names: set[str],
) -> Session | None:
    record = _Record(errors, where, data)
    before = len(errors)
    record.check_keys(_SESSION_KEYS, ("at", "roller", "areas"))
    at = record.moment("at")
    roller = _roller_for(record, rollers, all_names)
    areas = record.areas("areas", required=True) if "areas" in data else None
    test_patch = record.boolean("test_patch")
    topical = record.text("topical", limit=c.MAX_SHORT_TEXT_LENGTH)
    notes = record.text("notes")
    acknowledged = _parse_acknowledgements(record, data.get("acknowledged", []))
    if at and roller:
        violation = c.session_day_violation(roller, at.date())
        if violation is not None:
            record.problem("at", f"{import_message(violation)} (roller {quoted(roller.name)})")
    if len(errors) > before or at is None or roller is None or areas is None:
        return None
    return Session(
        at=at,
        roller=roller.name,
        areas=areas,
        test_patch=bool(test_patch),
        topical=topical or "",
        notes=notes or "",
        acknowledged=acknowledged or (),
    )


def _parse_sterilization(
    errors: list[str],
    where: str,
    data: Mapping[str, Any],
    rollers: Mapping[str, Roller | None],
    all_names: set[str],
) -> Sterilization | None:
    record = _Record(errors, where, data)
    before = len(errors)
    record.check_keys(_STERILIZATION_KEYS, ("at", "roller"))
    at = record.moment("at")
    roller = _roller_for(record, rollers, all_names)
    method = record.choice("method", STERILIZATION_METHODS, "method")
    minutes = record.integer(
        "minutes", c.STERILIZATION_MINUTES.low, c.STERILIZATION_MINUTES.high, nullable=True
    )
    if len(errors) > before or at is None or roller is None:
        return None
    return Sterilization(at=at, roller=roller.name, method=method, minutes=minutes)


def _parse_lesion(errors: list[str], where: str, data: Mapping[str, Any]) -> Lesion | None:
    record = _Record(errors, where, data)
    before = len(errors)
    record.check_keys(_LESION_KEYS, ("area", "kind", "noted_on"))
    area = data.get("area")
    if "area" in data and (not isinstance(area, str) or not is_area(area)):
        record.problem("area", f"unknown area {quoted(area)}")
    kind = record.choice("kind", LESION_KINDS, "lesion kind")
    noted_on = record.day("noted_on")
    resolved_on = record.day("resolved_on")
    notes = record.text("notes")
    if noted_on and resolved_on:
        record.violation("resolved_on", c.resolution_violation(noted_on, resolved_on))
    if len(errors) > before or not isinstance(area, str) or kind is None or noted_on is None:
        return None
    return Lesion(
        area=area, kind=kind, noted_on=noted_on, resolved_on=resolved_on, notes=notes or ""
    )


def _parse_procedure(errors: list[str], where: str, data: Mapping[str, Any]) -> Procedure | None:
    record = _Record(errors, where, data)
    before = len(errors)
    record.check_keys(_PROCEDURE_KEYS, ("kind", "at"))
    kind = record.choice("kind", PROCEDURE_KINDS, "procedure kind")
    product = record.text("product", limit=c.MAX_SHORT_TEXT_LENGTH)
    at = record.moment("at")
    areas = record.areas("areas", required=False)
    if len(errors) > before or kind is None or at is None or areas is None:
        return None
    return Procedure(kind=kind, at=at, product=product or "", areas=areas)


def _parse_profile(errors: list[str], data: object) -> Profile:
    if data is None:
        return Profile()
    if not isinstance(data, dict):
        errors.append(f"profile: must be an object, got {_describe(data)}")
        return Profile()
    for key in data:
        if key != "conditions":
            errors.append(f"profile.{key_text(key)}: unknown key")
    conditions = data.get("conditions", [])
    if conditions is None:
        return Profile()
    if not isinstance(conditions, list):
        errors.append(f"profile.conditions: must be a list, got {_describe(conditions)}")
        return Profile()
    seen: set[str] = set()
    for index, condition in enumerate(conditions):
        where = f"profile.conditions[{index}]"
        if not isinstance(condition, str) or condition not in CONDITIONS:
            errors.append(f"{where}: unknown condition {quoted(condition)}")
        elif condition in seen:
            errors.append(f"{where}: duplicate condition {quoted(condition)}")
        else:
            seen.add(condition)
    return Profile(frozenset(seen))


def parse_document(data: object) -> Document:
    """Validate a decoded JSON value as an interchange document.

    Raises InvalidDocumentError listing every problem; returns the entities otherwise.
    """
    errors: list[str] = []
    if not isinstance(data, dict):
        raise InvalidDocumentError([f"document: must be a JSON object, got {_describe(data)}"])
    if data.get("format") != FORMAT_NAME:
        errors.append(f'format: must be "{FORMAT_NAME}", got {_describe(data.get("format"))}')
    version = data.get("version")
    if version != FORMAT_VERSION or isinstance(version, bool):
        errors.append(
            f"version: this rollerlog reads version {FORMAT_VERSION}, got {_describe(version)}"
        )
    if errors:
        raise InvalidDocumentError(errors)
    for key in data:
        if key not in TOP_LEVEL_KEYS:
            errors.append(f"{key_text(key)}: unknown key")

    settings, setting_errors = parse_settings(data.get("settings") or {}, "settings")
    errors.extend(setting_errors)
    profile = _parse_profile(errors, data.get("profile"))

    rollers: dict[str, Roller | None] = {}
    all_names: set[str] = set()
    parsed_rollers: list[Roller] = []
    for where, item in _records(errors, data, "rollers"):
        roller = _parse_roller(errors, where, item)
        name = item.get("name")
        if isinstance(name, str):
            if name in all_names:
                errors.append(f"{where}.name: duplicate roller name {quoted(name)}")
                rollers[name] = None
                continue
            all_names.add(name)
            rollers[name] = roller
        if roller is not None:
            parsed_rollers.append(roller)

    sessions = [
        _parse_session(errors, where, item, rollers, all_names)
        for where, item in _records(errors, data, "sessions")
    ]
    sterilizations = [
        _parse_sterilization(errors, where, item, rollers, all_names)
        for where, item in _records(errors, data, "sterilizations")
    ]
    lesions = [
        _parse_lesion(errors, where, item) for where, item in _records(errors, data, "lesions")
    ]
    procedures = [
        _parse_procedure(errors, where, item)
        for where, item in _records(errors, data, "procedures")
    ]
    if errors:
        raise InvalidDocumentError(errors)
    return Document(
        settings=settings,
        profile=profile,
        rollers=tuple(parsed_rollers),
        sessions=tuple(s for s in sessions if s is not None),
        sterilizations=tuple(s for s in sterilizations if s is not None),
        lesions=tuple(lesion for lesion in lesions if lesion is not None),
        procedures=tuple(p for p in procedures if p is not None),
    )


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def document_to_dict(document: Document) -> dict[str, Any]:
    """The document as the interchange format writes it, every key present."""
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "settings": document.settings.to_dict(),
        "profile": {"conditions": [c for c in CONDITIONS if c in document.profile.conditions]},
        "rollers": [
            {
                "name": r.name,
                "needle_mm": r.needle_mm,
                "needle_count": r.needle_count,
                "material": r.material,
                "acquired_on": r.acquired_on.isoformat(),
                "source": r.source,
                "prior_uses": r.prior_uses,
                "discarded_on": _day(r.discarded_on),
                "discard_reason": r.discard_reason,
                "notes": r.notes,
            }
            for r in document.rollers
        ],
        "sessions": [
            {
                "at": format_datetime(s.at),
                "roller": s.roller,
                "areas": list(s.areas),
                "test_patch": s.test_patch,
                "topical": s.topical,
                "notes": s.notes,
                "acknowledged": [{"code": a.code, "reason": a.reason} for a in s.acknowledged],
            }
            for s in document.sessions
        ],
        "sterilizations": [
            {
                "at": format_datetime(s.at),
                "roller": s.roller,
                "method": s.method,
                "minutes": s.minutes,
            }
            for s in document.sterilizations
        ],
        "lesions": [
            {
                "area": lesion.area,
                "kind": lesion.kind,
                "noted_on": lesion.noted_on.isoformat(),
                "resolved_on": _day(lesion.resolved_on),
                "notes": lesion.notes,
            }
            for lesion in document.lesions
        ],
        "procedures": [
            {
                "kind": p.kind,
                "product": p.product,
                "at": format_datetime(p.at),
                "areas": list(p.areas),
            }
            for p in document.procedures
        ],
    }
