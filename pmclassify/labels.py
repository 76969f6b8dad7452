"""The label set of ../shared/TAXONOMY.md: ids and their display names."""

from __future__ import annotations

SPECIALIZATIONS: tuple[str, ...] = ("core", "growth", "platform", "innovation", "technical", "pmm")
# Ordered from the lowest rung to the highest: the order matters for "within one rung".
SENIORITIES: tuple[str, ...] = ("apm", "pm", "senior", "group", "director", "vp", "cpo")

SPECIALIZATION_NAMES: dict[str, str] = {
    "core": "Core PM",
    "growth": "Growth PM",
    "platform": "Platform PM",
    "innovation": "Innovation PM",
    "technical": "Technical PM",
    "pmm": "Product Marketing (PMM)",
}
SENIORITY_NAMES: dict[str, str] = {
    "apm": "Associate PM",
    "pm": "Product Manager",
    "senior": "Senior PM",
    "group": "Group / Principal PM",
    "director": "Director",
    "vp": "VP of Product",
    "cpo": "Chief Product Officer",
}


def rung(seniority: str) -> int:
    """Position of a seniority id on the ladder (0 = apm).

    >>> rung("senior") - rung("pm")
    1
    """
    return SENIORITIES.index(seniority)
