"""A referral's answers once every section has been checked: what `referral_submit` stores.

The eMARF's forms (`masa.frontdoor.emarf`) turn a draft into these; the service
writes them into real columns. Plain dataclasses, so the service does not depend
on the forms.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ChildAnswers:
    first_names: str
    last_name: str
    sex: str
    ethnicity: str
    date_of_birth: datetime.date | None = None
    expected_date_of_birth: datetime.date | None = None
    nhs_number: str = ""
    address: str = ""
    postcode: str = ""
    school: str = ""
    disabilities: tuple[str, ...] = ()
    language: str = ""
    interpreter_needed: bool = False


@dataclass(frozen=True)
class HouseholdAnswers:
    relationship: str
    name: str
    relationship_to_child: str = ""
    date_of_birth: datetime.date | None = None
    parental_responsibility: bool | None = None
    address: str = ""
    notes: str = ""


@dataclass(frozen=True)
class RiskAnswers:
    answers: dict[int, str]  # question number -> "yes" | "no" | "not_known"
    professional_judgement: bool = False
    judgement_reason: str = ""


@dataclass(frozen=True)
class ReferralAnswers:
    children: tuple[ChildAnswers, ...]
    categories: tuple[str, ...]
    what_happened: str
    impact: str
    child_voice: str
    level_believed: int
    consent: str
    referrer_name: str
    referrer_role: str
    referrer_agency_name: str
    referrer_phone: str
    referrer_email: str
    household: tuple[HouseholdAnswers, ...] = ()
    immediate_danger: bool = False
    danger_call_made_to: str = ""
    danger_called_at: datetime.datetime | None = None
    other_concern: str = ""
    happened_on: datetime.date | None = None
    support_in_place: str = ""
    consent_detail: str = ""
    without_consent_reason: str = ""
    risk: RiskAnswers | None = None
    extra: dict[str, str] = field(default_factory=dict)
