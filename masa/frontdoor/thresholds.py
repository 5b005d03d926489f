"""Levels of need and the threshold descriptors the MASH applies (Right Help, Right Time).

Each area publishes its own threshold document; these are the defaults, in the
words of the four-level model every English partnership uses (REFERENCE.md §2).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Level:
    number: int
    name: str
    description: str


LEVELS: dict[int, Level] = {
    level.number: level
    for level in [
        Level(
            1,
            "Level 1: universal",
            "The child's needs are met by universal services such as school, the GP and "
            "the health visitor. No extra support is needed.",
        ),
        Level(
            2,
            "Level 2: additional needs",
            "The child has additional needs that one agency can meet with early help, "
            "for example extra support in school or a parenting course.",
        ),
        Level(
            3,
            "Level 3: complex needs",
            "The child has complex or several needs that need agencies to work together: "
            "an Early Help Assessment and a team around the family.",
        ),
        Level(
            4,
            "Level 4: specialist or statutory",
            "The child is in need of protection or of specialist help from children's "
            "social care: an assessment under section 17, or a strategy discussion and "
            "section 47 enquiry where significant harm is suspected.",
        ),
    ]
}

# What the MASH records as the reason a level applies. Codes are stable; the words
# are a partnership's to change in a later release.
DESCRIPTORS: dict[str, tuple[int, str]] = {
    "1.1": (1, "Needs met by universal services; development on track"),
    "1.2": (1, "A one-off concern resolved with advice to the referrer"),
    "2.1": (2, "Emerging needs in health, learning or behaviour that one agency can meet"),
    "2.2": (2, "Parenting needs support, but the child is not at risk of harm"),
    "2.3": (2, "Low-level domestic abuse (standard risk) with a protective parent"),
    "3.1": (3, "Several needs that call for a team around the family"),
    "3.2": (3, "Parental substance misuse, mental ill-health or domestic abuse affecting care"),
    "3.3": (
        3,
        "Persistent absence, going missing once, or early signs of exploitation",
    ),
    "3.4": (3, "Neglect that early help has not yet addressed"),
    "4.1": (4, "The child has suffered, or is likely to suffer, significant harm"),
    "4.2": (4, "High-risk domestic abuse (DASH 14 or more, or MARAC)"),
    "4.3": (4, "Child sexual or criminal exploitation, or repeated missing episodes"),
    "4.4": (4, "A disabled child needs specialist support (section 17)"),
    "4.5": (4, "An unborn child at risk of significant harm"),
}


# The outcomes the MASH may record at each level, unless a partnership has chosen its own
# (`LevelOutcome`, which set-up fills from this). Statutory social care outcomes belong
# to level 4; early help to levels 2 and 3; advice and signposting to levels 1 and 2.
DEFAULT_OUTCOMES: dict[int, tuple[str, ...]] = {
    1: ("nfa", "signpost"),
    2: ("nfa", "signpost", "early_help_2"),
    3: ("early_help_2", "early_help_3", "already_open"),
    4: ("nfa", "assessment", "strategy", "already_open"),
}

# Outcomes that make a contact a referral to children's social care, whatever the level.
SOCIAL_CARE_OUTCOMES: tuple[str, ...] = ("assessment", "strategy")


def descriptors_for(level: int) -> list[tuple[str, str]]:
    return [(code, text) for code, (lvl, text) in DESCRIPTORS.items() if lvl == level]
