"""Front-door test data: checked answers and sent referrals, varied where it matters."""

from __future__ import annotations

import datetime
import itertools
from dataclasses import replace
from typing import Any

from masa.frontdoor import nhs, services
from masa.frontdoor.answers import ChildAnswers, HouseholdAnswers, ReferralAnswers, RiskAnswers
from masa.frontdoor.models import Contact, Referral
from tests.helpers import acting

_serial = itertools.count(1)


def _nhs_number(n: int) -> str:
    """A valid number from the never-issued 999 range for serial `n` (or the next serial
    with a check digit: one nine-digit stem in eleven has none)."""
    while (number := nhs.with_check_digit(f"999{n % 1_000_000:06d}")) is None:
        n += 1
    return number


def child_answers(**overrides: Any) -> ChildAnswers:
    n = next(_serial)
    values: dict[str, Any] = {
        "first_names": "Tilly",
        "last_name": f"Testchild{n}",
        "sex": "F",
        "ethnicity": "WBRI",
        "date_of_birth": datetime.date(2016, 3, 7),
        "nhs_number": _nhs_number(n),
        "address": "1 Test Street, Northbridge",
        "postcode": "NB1 2AB",
        "school": "Northbridge Academy",
    }
    values.update(overrides)
    return ChildAnswers(**values)


def referral_answers(**overrides: Any) -> ReferralAnswers:
    values: dict[str, Any] = {
        "children": (child_answers(),),
        "categories": ("neglect",),
        "what_happened": "Came to school hungry three days running.",
        "impact": "Tired and unable to concentrate.",
        "child_voice": "Said there was no food at home.",
        "level_believed": 3,
        "consent": "consented",
        "referrer_name": "Amira Khan",
        "referrer_role": "Designated safeguarding lead",
        "referrer_agency_name": "Northbridge Academy",
        "referrer_phone": "01632 960000",
        "referrer_email": "amira.khan@northbridge-academy.example",
        "household": (
            HouseholdAnswers(relationship="parent", name="Dana Test", parental_responsibility=True),
        ),
    }
    values.update(overrides)
    return ReferralAnswers(**values)


def dash(yes: int, *, judgement: bool = False, reason: str = "") -> RiskAnswers:
    return RiskAnswers(
        answers={n: ("yes" if n <= yes else "no") for n in range(1, 25)},
        professional_judgement=judgement,
        judgement_reason=reason,
    )


def sent_referral(
    email: str = "amira.khan@northbridge-academy.example",
    partnership: str = "northbridge",
    **overrides: Any,
) -> Referral:
    """A referral started and sent by `email` through the services."""
    who = acting(email, partnership)
    referral = services.referral_start(acting=who)
    return services.referral_submit(
        acting=who, referral=referral, answers=referral_answers(**overrides)
    )


def sent_contact(**overrides: Any) -> Contact:
    return sent_referral(**overrides).contacts.get()


__all__ = ["child_answers", "dash", "referral_answers", "replace", "sent_contact", "sent_referral"]
