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


# What each label means, in a line (docs/labels.md has the full definitions and tie rules).
SPECIALIZATION_DEFINITIONS: dict[str, str] = {
    "core": "Owns a customer-facing product area end to end: discovery, user research, the "
            "feature roadmap. The default when nothing stronger speaks.",
    "growth": "Moves business metrics by iterating: acquisition, activation, retention, "
              "conversion, experiments and A/B tests, pricing.",
    "platform": "Owns a shared platform that internal teams or developers build on: APIs, SDKs, "
                "infrastructure, data or developer platforms.",
    "innovation": "Looks for new product-market fit: 0-to-1 products, new ventures, incubation, "
                  "prototypes, emerging technology.",
    "technical": "Owns a product whose decisions need deep technical judgment: ML/AI, hardware, "
                 "security, systems, architecture.",
    "pmm": "Tells the product's value and takes it to buyers: positioning, messaging, "
           "go-to-market, launches, sales enablement.",
}
SENIORITY_DEFINITIONS: dict[str, str] = {
    "apm": "Entry level: supports senior PMs with research, analysis and coordination.",
    "pm": "Owns one product or area and its priorities.",
    "senior": "Several products or a bigger portfolio, strategic work, mentoring.",
    "group": "Leads or mentors PMs and aligns several products (group, principal, staff, lead).",
    "director": "Runs the PM team, its budget and its alignment with the business.",
    "vp": "The whole product function and its strategy.",
    "cpo": "The C-suite: the company's product vision, with the CEO.",
}


def rung(seniority: str) -> int:
    """Position of a seniority id on the ladder (0 = apm).

    >>> rung("senior") - rung("pm")
    1
    """
    return SENIORITIES.index(seniority)
