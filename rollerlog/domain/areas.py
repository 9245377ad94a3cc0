"""The body-area catalogue: stable slugs, readable labels and their groups."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Area:
    """One body area a session can treat."""

    slug: str
    label: str
    group: str


GROUP_LABELS: dict[str, str] = {
    "face": "Face",
    "neck-and-head": "Neck and head",
    "body": "Body",
}

AREAS: tuple[Area, ...] = (
    Area("forehead", "Forehead", "face"),
    Area("nose", "Nose", "face"),
    Area("left-cheek", "Left cheek", "face"),
    Area("right-cheek", "Right cheek", "face"),
    Area("upper-lip", "Upper lip", "face"),
    Area("chin", "Chin", "face"),
    Area("jawline", "Jawline", "face"),
    Area("neck", "Neck", "neck-and-head"),
    Area("decolletage", "Décolletage", "neck-and-head"),
    Area("scalp", "Scalp", "neck-and-head"),
    Area("back", "Back", "body"),
    Area("abdomen", "Abdomen", "body"),
    Area("left-arm", "Left arm", "body"),
    Area("right-arm", "Right arm", "body"),
    Area("left-hand", "Left hand", "body"),
    Area("right-hand", "Right hand", "body"),
    Area("left-thigh", "Left thigh", "body"),
    Area("right-thigh", "Right thigh", "body"),
    Area("left-leg", "Left leg", "body"),
    Area("right-leg", "Right leg", "body"),
    Area("left-foot", "Left foot", "body"),
    Area("right-foot", "Right foot", "body"),
)

AREA_BY_SLUG: dict[str, Area] = {area.slug: area for area in AREAS}
AREA_SLUGS: tuple[str, ...] = tuple(area.slug for area in AREAS)
_ORDER: dict[str, int] = {slug: index for index, slug in enumerate(AREA_SLUGS)}


def is_area(slug: str) -> bool:
    """True when ``slug`` names an area of the catalogue."""
    return slug in AREA_BY_SLUG


def area_label(slug: str) -> str:
    """The readable label of an area ("Left cheek"); the slug itself when unknown."""
    area = AREA_BY_SLUG.get(slug)
    return area.label if area else slug


def sort_areas(slugs: Iterable[str]) -> tuple[str, ...]:
    """The given slugs in catalogue order (face first), unknown ones last."""
    return tuple(sorted(slugs, key=lambda slug: (_ORDER.get(slug, len(_ORDER)), slug)))


def areas_in_group(group: str) -> tuple[Area, ...]:
    """The areas of one group, in catalogue order."""
    return tuple(area for area in AREAS if area.group == group)
