"""A made-up but realistic log of any length, for the sample printout and the benchmarks."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from rollerlog.domain.entities import (
    Acknowledgement,
    Lesion,
    Procedure,
    Profile,
    Roller,
    Session,
    Sterilization,
)
from rollerlog.domain.interchange import Document
from rollerlog.domain.settings import Settings

#: Areas needled together, in turn; with a session every week, each area rests four weeks.
AREA_ROTATION: tuple[tuple[str, ...], ...] = (
    ("left-cheek", "right-cheek"),
    ("forehead", "nose"),
    ("chin", "jawline", "upper-lip"),
    ("neck", "decolletage"),
)

TOPICALS = ("hyaluronic acid serum", "peptide serum", "", "hyaluronic acid serum", "aloe vera gel")
NOTES = (
    "",
    "",
    "slight redness, gone by morning",
    "",
    "stung a little on the upper lip",
    "",
    "skin calm the next day",
    "avoided the café-au-lait spot",
)

LONG_NOTE = (
    "Tried the new serum after the session. Within an hour the cheeks were red and warm, "
    "more than usual, and a few small bumps came up along the jawline. I washed it off with "
    "cool water and used plain aloe vera gel instead. By the next morning the redness had "
    "mostly gone, the bumps had flattened by the evening, and nothing itched. I will not use "
    "that serum straight after needling again and will ask at the next appointment whether a "
    "patch test of it on the inner arm first makes sense. Photos taken before, one hour after "
    "and the next morning are in the phone album named after this date."
)


def demo_document(
    session_count: int = 52,
    *,
    start: date = date(2025, 1, 6),
    every: timedelta = timedelta(days=7),
    seed: int = 7,
) -> Document:
    """A log of ``session_count`` sessions, one every ``every`` from ``start``.

    Rollers are replaced after 15 uses; a roller is sterilized before and after nearly every
    session; now and then a stop was acknowledged with a reason. The same arguments always
    give the same document.
    """
    chance = random.Random(seed)
    settings = Settings()
    rollers: list[Roller] = []
    sessions: list[Session] = []
    sterilizations: list[Sterilization] = []

    body = Roller(
        name="Body 1.0",
        needle_mm=1.0,
        needle_count=540,
        material="stainless steel",
        acquired_on=start,
        source="retailer",
        prior_uses=0,
        discarded_on=start + timedelta(days=40),
        discard_reason="dropped",
        notes="fell on the bathroom tiles",
    )
    rollers.append(body)
    for week in range(min(3, session_count)):
        at = datetime.combine(start + timedelta(days=3 + 7 * week), time(19, 30))
        sterilizations.append(
            Sterilization(at - timedelta(minutes=20), body.name, "isopropyl-70", 10)
        )
        sessions.append(Session(at=at, roller=body.name, areas=("back",), topical=""))
        sterilizations.append(
            Sterilization(at + timedelta(minutes=25), body.name, "isopropyl-70", 10)
        )

    face: Roller | None = None
    uses = 0
    moment = datetime.combine(start, time(20, 0))
    for index in range(session_count):
        at = moment + timedelta(minutes=chance.randrange(0, 90))
        if face is None or uses >= settings.roller_max_uses:
            number = len(rollers)
            face = Roller(
                name="Face 0.5" if number == 1 else f"Face 0.5 #{number}",
                needle_mm=0.5,
                needle_count=192,
                material="titanium",
                acquired_on=at.date() - timedelta(days=2),
                source="dermatologist",
            )
            rollers.append(face)
            uses = 0
        acknowledged: list[Acknowledgement] = []
        if chance.random() < 0.92:
            sterilizations.append(
                Sterilization(at - timedelta(minutes=15), face.name, "isopropyl-70", 10)
            )
        else:
            acknowledged.append(
                Acknowledgement("not-sterilized", "boiled it for 10 minutes, forgot to log it")
            )
        if chance.random() < 0.9:
            sterilizations.append(
                Sterilization(at + timedelta(minutes=30), face.name, "isopropyl-70", 10)
            )
        areas = AREA_ROTATION[index % len(AREA_ROTATION)]
        if index % 23 == 22:
            acknowledged.append(
                Acknowledgement("too-soon", "dermatologist agreed to a shorter gap this time")
            )
        notes = chance.choice(NOTES)
        if index == 10:
            notes = "felt fine afterwards 👍"
        if index == 33:
            notes = LONG_NOTE
        sessions.append(
            Session(
                at=at,
                roller=face.name,
                areas=areas,
                topical=TOPICALS[index % len(TOPICALS)],
                notes=notes,
                test_patch=index == 0,
                acknowledged=tuple(acknowledged),
            )
        )
        uses += 1
        moment += every

    sessions.sort(key=lambda s: s.at)
    sterilizations.sort(key=lambda s: s.at)
    return Document(
        settings=settings,
        profile=Profile(frozenset({"keloid-prone", "allergies"})),
        rollers=tuple(rollers),
        sessions=tuple(sessions),
        sterilizations=tuple(sterilizations),
        lesions=(
            Lesion("left-cheek", "mole", start - timedelta(days=30), notes="flat, 3 mm, brown"),
            Lesion(
                "upper-lip",
                "cold-sore",
                start + timedelta(days=60),
                resolved_on=start + timedelta(days=72),
            ),
            Lesion("chin", "skin-tag", start + timedelta(days=100)),
            Lesion(
                "right-cheek",
                "lupus-patch",
                start + timedelta(days=240),
                notes="discoid patch, about 1 cm, under treatment",
            ),
        ),
        procedures=(
            Procedure(
                kind="neuromodulator",
                product="Botox",
                at=datetime.combine(start + timedelta(days=150), time(11, 0)),
                areas=("forehead",),
            ),
        ),
    )
