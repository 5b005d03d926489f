"""Code sets the front door records in, from the Children in Need census (REFERENCE.md §3)."""

from __future__ import annotations

# A child's ethnicity, sex and disability: shared with case reviews and the CIN census.
from masa.core.codes import DISABILITY as DISABILITY
from masa.core.codes import ETHNICITY as ETHNICITY
from masa.core.codes import SEX as SEX

REFERRAL_SOURCE: dict[str, str] = {
    "1A": "Individual: family member, relative or carer",
    "1B": "Individual: acquaintance",
    "1C": "Individual: self",
    "1D": "Individual: other",
    "2A": "Schools",
    "2B": "Education services",
    "3A": "Health services: GP",
    "3B": "Health services: health visitor",
    "3C": "Health services: school nurse",
    "3D": "Health services: other primary health services",
    "3E": "Health services: A&E",
    "3F": "Health services: other",
    "4": "Housing",
    "5A": "LA services: social care",
    "5B": "LA services: other internal",
    "5C": "LA services: another LA",
    "5D": "LA services: early help",
    "6": "Police",
    "7": "Other legal agency",
    "8": "Other",
    "9": "Anonymous",
    "10": "Unknown",
}

# The CIN referral source for a referral from an agency of each kind (core.AgencyKind).
SOURCE_FOR_AGENCY_KIND: dict[str, str] = {
    "local_authority": "5B",
    "police": "6",
    "health_icb": "3F",
    "health_trust": "3F",
    "health_gp": "3A",
    "school": "2A",
    "college": "2B",
    "early_years": "2B",
    "probation": "7",
    "youth_justice": "7",
    "fire": "8",
    "housing": "4",
    "voluntary": "8",
    "other": "8",
}


def referral_source(agency_kind: str) -> str:
    return SOURCE_FOR_AGENCY_KIND.get(agency_kind, "10")
