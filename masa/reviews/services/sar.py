"""Safeguarding Adult Review referrals: recording them with the Care Act s44 checklist
and deciding them (a SAR decision commissions the review)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.db import transaction

from masa.core import audit
from masa.core.acting import Acting
from masa.core.errors import ServiceError
from masa.core.models import Agency
from masa.reviews import rules
from masa.reviews.models import Review, SarReferral, Subject
from masa.reviews.services.common import (
    _agency_in,
    _fresh,
    _happened,
    _manage,
    _not_before,
    _reference,
    _require_text,
    _today,
)
from masa.reviews.services.subjects import SubjectDetails


def _met(criteria: Mapping[str, object]) -> list[str]:
    """The Care Act s44 conditions answered yes, in their wording (for the audit log)."""
    return [wording for key, wording in rules.SAR_CRITERIA.items() if criteria.get(key)]


@transaction.atomic
def sar_referral_record(
    *,
    acting: Acting,
    subject: Subject,
    received_on: datetime.date,
    referrer_agency: Agency,
    summary: str,
    criteria: Mapping[str, object],
) -> SarReferral:
    """Record a SAR referral with the Care Act s44 checklist as the referrer answered it."""
    partnership = acting.partnership
    _manage(acting, partnership)
    if subject.partnership_id != partnership.pk:
        raise ServiceError("Choose a subject from this partnership", field="subject")
    if subject.is_child:
        raise ServiceError("A Safeguarding Adult Review is about an adult", field="subject")
    _agency_in(partnership, referrer_agency, "referrer_agency")
    try:
        clean = rules.clean_criteria(criteria)
    except ValueError as error:
        raise ServiceError(str(error), field="criteria") from error
    _happened(received_on, "received_on", "The date received")
    referral = SarReferral.objects.create(
        partnership=partnership,
        reference=_reference(partnership, "SARR", received_on.year),
        subject=subject,
        received_on=received_on,
        referrer_agency=referrer_agency,
        summary=_require_text(summary, "summary", "Summarise the referral"),
        criteria=clean,
        created_by=acting.person,
    )
    audit.record(
        acting, "sar_referral.record", referral, {"criteria": {"old": None, "new": _met(clean)}}
    )
    return referral


@transaction.atomic
def sar_referral_decide(
    *,
    acting: Acting,
    referral: SarReferral,
    decision: str,
    rationale: str,
    decided_on: datetime.date | None = None,
    criteria: Mapping[str, object] | None = None,
) -> SarReferral:
    """Decide a SAR referral against s44 (`rules.sar_decision_refusal`). A mandatory or
    discretionary SAR commissions a `Review` of kind sar."""
    partnership = referral.partnership
    _manage(acting, partnership)
    _fresh(referral)
    if referral.decision:
        raise ServiceError("This referral has already been decided")
    try:
        answers = rules.clean_criteria(criteria if criteria is not None else referral.criteria)
    except ValueError as error:
        raise ServiceError(str(error), field="criteria") from error
    refusal = rules.sar_decision_refusal(answers, decision)
    if refusal:
        raise ServiceError(refusal, field="decision")
    decided_on = decided_on or _today()
    _happened(decided_on, "decided_on", "The date of the decision")
    _not_before(decided_on, referral.received_on, "decided_on", "the referral arrived")
    before_criteria = referral.criteria
    referral.criteria = answers
    referral.decision = decision
    referral.rationale = _require_text(rationale, "rationale", "Give the reasons for the decision")
    referral.decided_on = decided_on
    referral.decided_by = acting.person
    referral.save()
    changes: dict[str, Any] = {"decision": {"old": None, "new": decision}}
    if _met(before_criteria or {}) != _met(answers):
        changes["criteria"] = {"old": _met(before_criteria or {}), "new": _met(answers)}
    if decision != SarReferral.Decision.NO_SAR:
        review = Review.objects.create(
            partnership=partnership,
            kind=Review.Kind.SAR,
            reference=_reference(partnership, Review.SERIES["sar"], decided_on.year),
            title=f"SAR: {referral.subject.pseudonym}",
            subject=referral.subject,
            sar_referral=referral,
            created_by=acting.person,
        )
        changes["review"] = {"old": None, "new": review.reference}
    audit.record(acting, "sar_referral.decide", referral, changes)
    return referral


@transaction.atomic
def sar_referral_record_new_subject(
    *,
    acting: Acting,
    subject: SubjectDetails,
    received_on: datetime.date,
    referrer_agency: Agency,
    summary: str,
    criteria: Mapping[str, object],
) -> SarReferral:
    """Record the adult and the SAR referral about them (`sar_referral_record`) together."""
    adult = subject.record(acting)
    return sar_referral_record(
        acting=acting,
        subject=adult,
        received_on=received_on,
        referrer_agency=referrer_agency,
        summary=summary,
        criteria=criteria,
    )
