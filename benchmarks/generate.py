"""Generate a large, realistic interchange file for the benchmarks (50,000 sessions by default).

Three lines of rollers are in use at once (face 0.5 mm, body 1.0 mm, neck 0.25 mm); each
roller is retired and replaced after 15 uses. Every session is sterilized before and after,
the areas rotate so each rests its full interval, and about one session in 40 went ahead
despite a finding, with the reason given. The file is built as plain dicts, so 50,000
sessions take about a second to write.

    python -m benchmarks.generate OUT.json [--sessions N] [--end YYYY-MM-DD]
"""

from __future__ import annotations

import argparse
import json
import random
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

USES_PER_ROLLER = 15
#: Every day the app keeps lies in 1900..2100; a long history is packed closer to fit.
FIRST_ALLOWED_DAY = date(1900, 1, 2)

#: (name prefix, needle mm, area groups rotated in turn, days between two uses of the line)
LINES: tuple[tuple[str, float, tuple[tuple[str, ...], ...], int], ...] = (
    (
        "Face 0.5",
        0.5,
        (
            ("forehead", "nose"),
            ("left-cheek", "right-cheek"),
            ("upper-lip", "chin", "jawline"),
        ),
        10,
    ),
    (
        "Body 1.0",
        1.0,
        (
            ("left-thigh", "right-thigh"),
            ("abdomen",),
            ("back",),
            ("left-arm", "right-arm"),
            ("left-leg", "right-leg"),
        ),
        9,
    ),
    ("Neck 0.25", 0.25, (("neck",), ("decolletage",)), 4),
)

ACKNOWLEDGED = (
    ("too-soon", "my dermatologist moved the schedule"),
    ("not-sterilized", "cleaned it, forgot to log it"),
    ("roller-worn-out", "spare arrives tomorrow"),
)
TOPICALS = ("hyaluronic acid serum", "", "peptide serum", "")


def _at(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M")


def generate(sessions: int, end: date, seed: int = 8) -> dict[str, Any]:
    """An interchange document (version 1) with ``sessions`` sessions ending before ``end``."""
    rng = random.Random(seed)
    per_line = [sessions // len(LINES) + (i < sessions % len(LINES)) for i in range(len(LINES))]
    rollers: list[dict[str, Any]] = []
    session_records: list[dict[str, Any]] = []
    sterilizations: list[dict[str, Any]] = []
    for (prefix, needle_mm, groups, gap_days), count in zip(LINES, per_line, strict=True):
        # Use i of this line happens gap_days * i days before the end, counted backwards;
        # a history too long to start after FIRST_ALLOWED_DAY has its uses packed closer.
        room = (end - FIRST_ALLOWED_DAY).days - 1
        gap_days = max(1, min(gap_days, room // max(count, 1)))
        first_day = end - timedelta(days=gap_days * count + 1)
        current: dict[str, Any] | None = None
        for use in range(count):
            day = first_day + timedelta(days=gap_days * use)
            at = datetime.combine(day, time(20 + use % 3, rng.choice((0, 15, 30, 45))))
            if use % USES_PER_ROLLER == 0:
                if current is not None:
                    current["discarded_on"] = day.isoformat()
                    current["discard_reason"] = "other"
                current = {
                    "name": f"{prefix} #{use // USES_PER_ROLLER + 1}",
                    "needle_mm": needle_mm,
                    "needle_count": 192 if needle_mm < 1 else 540,
                    "material": "titanium",
                    "acquired_on": day.isoformat(),
                    "source": "dermatologist" if use % 2 else "retailer",
                    "prior_uses": 0,
                    "discarded_on": None,
                    "discard_reason": None,
                    "notes": "",
                }
                rollers.append(current)
            assert current is not None
            name = current["name"]
            acknowledged = []
            if rng.random() < 1 / 40:
                code, reason = rng.choice(ACKNOWLEDGED)
                acknowledged.append({"code": code, "reason": reason})
            session_records.append(
                {
                    "at": _at(at),
                    "roller": name,
                    "areas": list(groups[use % len(groups)]),
                    "test_patch": use == 0,
                    "topical": rng.choice(TOPICALS),
                    "notes": "slight redness" if rng.random() < 0.05 else "",
                    "acknowledged": acknowledged,
                }
            )
            for minutes in (-20, 30):
                sterilizations.append(
                    {
                        "at": _at(at + timedelta(minutes=minutes)),
                        "roller": name,
                        "method": "isopropyl-70",
                        "minutes": 10,
                    }
                )
    session_records.sort(key=lambda s: s["at"])
    sterilizations.sort(key=lambda s: s["at"])
    return {
        "format": "rollerlog",
        "version": 1,
        "settings": {"interval_days_by_needle_mm": {"0.25": 3}},
        "profile": {"conditions": []},
        "rollers": rollers,
        "sessions": session_records,
        "sterilizations": sterilizations,
        "lesions": [
            {
                "area": "left-cheek",
                "kind": "mole",
                "noted_on": max(end - timedelta(days=4000), FIRST_ALLOWED_DAY).isoformat(),
                "resolved_on": None,
                "notes": "small, flat",
            }
        ],
        "procedures": [
            {
                "kind": "filler",
                "product": "Hyaluronic filler",
                "at": _at(datetime.combine(end - timedelta(days=300), time(11))),
                "areas": ["upper-lip"],
            }
        ],
    }


def write(out: Path, sessions: int, end: date) -> Path:
    """Write the generated document to ``out``; return it."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(generate(sessions, end)), encoding="utf-8")
    return out


def main() -> None:
    """Command line: write a generated file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--sessions", type=int, default=50_000)
    parser.add_argument("--end", type=date.fromisoformat, default=date.today())
    args = parser.parse_args()
    write(args.out, args.sessions, args.end)
    print(f"Wrote {args.out}")


if __name__ == "__main__":
    main()
