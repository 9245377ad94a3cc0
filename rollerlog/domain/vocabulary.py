"""The fixed vocabularies of the contract: conditions, sources, methods, kinds, with labels."""

from __future__ import annotations

import re

CONDITIONS: dict[str, str] = {
    "pregnant": "Pregnant",
    "anticoagulants": "Taking anticoagulants (blood thinners)",
    "immunosuppressed": "Immune system weakened or suppressed",
    "diabetes": "Diabetes",
    "allergies": "Allergies",
    "lupus": "Lupus",
    "keloid-prone": "Prone to keloid scars",
    "isotretinoin": "Took isotretinoin (e.g. Accutane) in the last 6 months",
}

CONDITION_HINTS: dict[str, str] = {
    "pregnant": "Choose another treatment while pregnant: topicals can reach the baby.",
    "anticoagulants": "Blood thinners make bleeding and bruising from needling likely.",
    "immunosuppressed": "A weakened immune system raises the risk of infection.",
    "diabetes": "Skin may heal slowly and infect more easily; go gently.",
    "allergies": "Needling thighs or abdomen can release histamine and cause hives.",
    "lupus": "Injury can trigger new patches; start with a test patch and watch it.",
    "keloid-prone": "Keloids on palms or soles call for care; ask a dermatologist first.",
    "isotretinoin": "Its label advises no skin procedures during and 6 months after; ask first.",
}

ROLLER_SOURCES: dict[str, str] = {
    "dermatologist": "Dermatologist",
    "retailer": "Retailer",
    "other": "Other",
}

DISCARD_REASONS: dict[str, str] = {
    "dropped": "Dropped",
    "damaged": "Damaged",
    "other": "Other",
}

STERILIZATION_METHODS: dict[str, str] = {
    "isopropyl-70": "Isopropyl alcohol 70%",
    "isopropyl-other": "Isopropyl alcohol, other strength",
    "other": "Other",
}

LESION_KINDS: dict[str, str] = {
    "mole": "Mole",
    "skin-tag": "Skin tag",
    "lupus-patch": "Lupus patch",
    "keloid": "Keloid",
    "active-breakout": "Active breakout",
    "cold-sore": "Cold sore",
    "open-wound": "Open wound",
    "sunburn": "Sunburn",
    "flare": "Flare (eczema, psoriasis, rosacea)",
    "other": "Other",
}

PROCEDURE_KINDS: dict[str, str] = {
    "neuromodulator": "Neuromodulator (Botox, Dysport, …)",
    "filler": "Filler",
    "other": "Other",
}

#: Limits that keep hostile or mistaken input from bloating the file.
MAX_NAME_LENGTH = 100
MAX_TEXT_LENGTH = 10_000
MAX_NEEDLE_COUNT = 10_000
MAX_PRIOR_USES = 10_000
MAX_STERILIZATION_MINUTES = 24 * 60

_CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_IN_NAME = re.compile(r"[\x00-\x1f\x7f]")


def has_control_characters(text: str, *, single_line: bool) -> bool:
    """True when ``text`` holds invisible control characters.

    Line breaks and tabs are allowed in free text (notes), not in a ``single_line`` field.
    """
    pattern = _CONTROL_IN_NAME if single_line else _CONTROL_IN_TEXT
    return pattern.search(text) is not None
