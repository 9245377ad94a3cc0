"""The fixed vocabularies of the contract: conditions, sources, methods, kinds, with labels."""

from __future__ import annotations

from rollerlog.domain.constraints import (
    MAX_NAME_LENGTH,
    MAX_TEXT_LENGTH,
    NEEDLE_COUNT,
    PRIOR_USES,
    STERILIZATION_MINUTES,
    has_control_characters,
)

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

# The limits live with every other record rule; they are re-exported for older imports.
__all__ = [
    "CONDITIONS",
    "CONDITION_HINTS",
    "DISCARD_REASONS",
    "LESION_KINDS",
    "MAX_NAME_LENGTH",
    "MAX_NEEDLE_COUNT",
    "MAX_PRIOR_USES",
    "MAX_STERILIZATION_MINUTES",
    "MAX_TEXT_LENGTH",
    "PROCEDURE_KINDS",
    "ROLLER_SOURCES",
    "STERILIZATION_METHODS",
    "has_control_characters",
]
MAX_NEEDLE_COUNT = NEEDLE_COUNT.high
MAX_PRIOR_USES = PRIOR_USES.high
MAX_STERILIZATION_MINUTES = STERILIZATION_MINUTES.high
