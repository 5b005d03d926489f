"""The eMARF: a referrer's drafts, and sending one to the MASH."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from masa.core import audit, notify
from masa.core.acting import Acting
from masa.core.errors import ServiceError
from masa.core.models import Partnership, Person
from masa.core.timescales import rule_for
from masa.frontdoor import codes, matching, nhs
from masa.frontdoor.answers import ChildAnswers, ReferralAnswers
from masa.frontdoor.models import (
    EXPLOITATION,
    Concern,
    Contact,
    HouseholdMember,
    ReferenceCounter,
    Referral,
    RiskAssessment,
    RiskChecklist,
)
from masa.frontdoor.policies import referrals
from masa.frontdoor.services.common import LONDON, due_at

# How many draft referrals one person may keep open, and children or household members
# one draft may hold; and the most a draft keeps of any one answer (the pages cut each
# answer at its own, lower, limit first).
MAX_OPEN_DRAFTS = 20
MAX_ITEMS = 20
DRAFT_VALUE_MAX = 10_000
# The answers a sent referral keeps in its own fields.
SENT_FIELDS = (
    "immediate_danger",
    "danger_call_made_to",
    "danger_called_at",
    "referrer_name",
    "referrer_role",
    "referrer_agency_name",
    "referrer_phone",
    "referrer_email",
    "what_happened",
    "happened_on",
    "impact",
    "child_voice",
    "support_in_place",
    "other_concern",
    "level_believed",
    "consent",
    "consent_detail",
    "without_consent_reason",
)


def reference_prefix(partnership: Partnership) -> str:
    return (partnership.code or partnership.slug[:2]).upper()


def _next_reference(partnership: Partnership, year: int) -> str:
    # One row per partnership and year, locked while it grows: concurrent
    # submissions queue here briefly and every reference is unique.
    ReferenceCounter.objects.get_or_create(partnership=partnership, year=year)
    counter = ReferenceCounter.objects.select_for_update().get(partnership=partnership, year=year)
    counter.last = F("last") + 1
    counter.save(update_fields=["last"])
    counter.refresh_from_db(fields=["last"])
    return f"{reference_prefix(partnership)}-{year}-{counter.last:06d}"


def _locked_draft(acting: Acting, referral: Referral) -> Referral:
    """The draft, locked, if the person started it (only they may change it) and it has
    not been sent."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    referrals.require(acting, "create", referral)
    if not referral.is_draft:
        raise ServiceError("This referral has been sent and can no longer be changed")
    return referral


def _bounded(answers: Mapping[str, Any]) -> dict[str, Any]:
    """A page's answers as a draft may keep them: text cut at `DRAFT_VALUE_MAX`, lists
    at `MAX_ITEMS` values of that length."""

    def cut(value: Any) -> Any:
        if isinstance(value, list):
            return [str(v)[:DRAFT_VALUE_MAX] for v in value[:MAX_ITEMS]]
        return str(value)[:DRAFT_VALUE_MAX] if value is not None else ""

    return {str(key)[:100]: cut(value) for key, value in answers.items()}


def _touch(referral: Referral) -> None:
    referral.updated_at = timezone.now()
    referral.save(update_fields=["draft", "updated_at"])


@transaction.atomic
def referral_start(*, acting: Acting) -> Referral:
    """Start a draft referral, with the referrer's details filled in from their profile.
    A person may keep at most `MAX_OPEN_DRAFTS` drafts."""
    referrals.require(acting, "create")
    person = acting.person
    # The person's row is the lock: two starts at once cannot both pass the count.
    Person.objects.select_for_update().filter(pk=person.pk).first()
    if (
        Referral.objects.filter(referrer=person, status=Referral.Status.DRAFT).count()
        >= MAX_OPEN_DRAFTS
    ):
        raise ServiceError(
            f"You have {MAX_OPEN_DRAFTS} draft referrals, the most you can keep. Send or "
            "delete one of them in My referrals before you start another"
        )
    referral = Referral.objects.create(
        partnership=acting.partnership,
        referrer=person,
        referrer_agency=acting.agency,
        draft={
            "referrer": {
                "referrer_name": person.full_name,
                "referrer_role": person.job_title,
                "referrer_agency_name": acting.agency.name,
                "referrer_phone": person.phone,
                "referrer_email": person.email,
            }
        },
    )
    audit.record(acting, "referral.start", referral)
    return referral


@transaction.atomic
def referral_save_section(
    *, acting: Acting, referral: Referral, section: str, answers: Mapping[str, Any]
) -> Referral:
    """Keep a section's answers exactly as typed (valid or not), so nothing is lost."""
    referral = _locked_draft(acting, referral)
    before = referral.draft.get(section, {})
    answers = _bounded(answers)
    referral.draft[section] = answers
    _touch(referral)
    changed = sorted(
        key for key in set(before) | set(answers) if before.get(key) != answers.get(key)
    )
    # Field names only: the answers themselves stay in the referral, not the audit log.
    audit.record(acting, "referral.draft_save", referral, {"section": section, "fields": changed})
    return referral


@transaction.atomic
def referral_save_item(
    *,
    acting: Acting,
    referral: Referral,
    section: str,
    index: int | None,
    answers: Mapping[str, Any],
) -> tuple[Referral, int]:
    """Add (index None) or change one child or household member in a draft. An empty
    new entry is refused: it would only be a blank to remove."""
    referral = _locked_draft(acting, referral)
    items: list[dict[str, Any]] = list(referral.draft.get(section, []))
    answers = _bounded(answers)
    if index is None:
        if not any(answers.values()):
            raise ServiceError("Enter their details before you continue")
        if len(items) >= MAX_ITEMS:
            who = "children" if section == "children" else "people in the household"
            raise ServiceError(f"A referral can name at most {MAX_ITEMS} {who}")
        items.append(answers)
        index = len(items) - 1
    elif 0 <= index < len(items):
        items[index] = answers
    else:
        raise ServiceError("There is no such entry in this referral")
    referral.draft[section] = items
    _touch(referral)
    audit.record(acting, "referral.draft_save", referral, {"section": section, "entry": index + 1})
    return referral, index


@transaction.atomic
def referral_remove_item(*, acting: Acting, referral: Referral, section: str, index: int) -> None:
    """Remove one child or household member from a draft."""
    referral = _locked_draft(acting, referral)
    items: list[dict[str, Any]] = list(referral.draft.get(section, []))
    if not 0 <= index < len(items):
        raise ServiceError("There is no such entry in this referral")
    del items[index]
    referral.draft[section] = items
    _touch(referral)
    audit.record(
        acting, "referral.draft_remove", referral, {"section": section, "entry": index + 1}
    )


@transaction.atomic
def referral_delete_draft(*, acting: Acting, referral: Referral) -> None:
    """Throw away a draft the referrer no longer needs."""
    referral = _locked_draft(acting, referral)
    audit.record(acting, "referral.draft_delete", referral)
    referral.delete()


def _risk_assessment(referral: Referral, answers: ReferralAnswers) -> RiskAssessment | None:
    if answers.risk is None:
        return None
    checklist = RiskChecklist.objects.prefetch_related("bands").get(code="dash")
    score = sum(1 for value in answers.risk.answers.values() if value == "yes")
    band = next((b for b in checklist.bands.all() if b.holds(score)), None)
    if answers.risk.professional_judgement and not answers.risk.judgement_reason.strip():
        raise ServiceError(
            "Say why your professional judgement is that this case should go to MARAC",
            field="judgement_reason",
        )
    return RiskAssessment.objects.create(
        referral=referral,
        checklist=checklist,
        answers={str(k): v for k, v in sorted(answers.risk.answers.items())},
        score=score,
        band=band.name if band else "",
        marac_referral=bool(band and band.refer_to_marac) or answers.risk.professional_judgement,
        professional_judgement=answers.risk.professional_judgement,
        judgement_reason=answers.risk.judgement_reason,
    )


def _contact_fields(child: ChildAnswers) -> dict[str, Any]:
    return {
        "first_names": child.first_names,
        "last_name": child.last_name,
        "date_of_birth": child.date_of_birth,
        "expected_date_of_birth": child.expected_date_of_birth,
        "sex": child.sex,
        "ethnicity": child.ethnicity,
        "nhs_number": nhs.normalise(child.nhs_number),
        "address": child.address,
        "postcode": matching.postcode_normal(child.postcode),
        "school": child.school,
        "disabilities": list(child.disabilities),
        "language": child.language,
        "interpreter_needed": child.interpreter_needed,
    }


def _mark_sent(referral: Referral, answers: ReferralAnswers, now: datetime.datetime) -> None:
    """The draft becomes a sent referral: its reference, its answers in its own fields,
    its concerns and household."""
    partnership = referral.partnership
    referral.reference = _next_reference(partnership, now.astimezone(LONDON).year)
    referral.status = Referral.Status.SUBMITTED
    referral.submitted_at = now
    referral.updated_at = now
    for name in SENT_FIELDS:
        setattr(referral, name, getattr(answers, name))
    if answers.immediate_danger:
        called = answers.danger_called_at or referral.created_at
        referral.complete_by = due_at(called, rule_for(partnership, "urgent_referral_completion"))
    referral.save()
    Concern.objects.bulk_create(
        Concern(referral=referral, category=category)
        for category in sorted(set(answers.categories))
    )
    HouseholdMember.objects.bulk_create(
        HouseholdMember(referral=referral, number=number, **vars(member))
        for number, member in enumerate(answers.household, start=1)
    )


def _make_contacts(
    referral: Referral, answers: ReferralAnswers, now: datetime.datetime
) -> list[Contact]:
    """One contact per child, due by the decision timescale (sooner if in danger)."""
    partnership = referral.partnership
    agency = referral.referrer_agency
    due = due_at(now, rule_for(partnership, "referral_decision"))
    if answers.immediate_danger:
        due = min(due, due_at(now, rule_for(partnership, "red_contact_decision")))
    danger = answers.immediate_danger
    return Contact.objects.bulk_create(
        Contact(
            partnership=partnership,
            referral=referral,
            number=number,
            reference=f"{referral.reference}-{number}",
            received_at=now,
            source_agency=agency,
            source_kind=agency.kind,
            referral_source=codes.referral_source(agency.kind),
            exploitation=bool(EXPLOITATION & set(answers.categories)),
            rag=Contact.Rag.RED if danger else "",
            rag_reason="The referrer said the child was in immediate danger" if danger else "",
            decision_due_at=due,
            updated_at=now,
            **_contact_fields(child),
        )
        for number, child in enumerate(answers.children, start=1)
    )


@transaction.atomic
def referral_submit(
    *,
    acting: Acting,
    referral: Referral,
    answers: ReferralAnswers,
    now: datetime.datetime | None = None,
) -> Referral:
    """Send a checked draft to the MASH: a reference, one contact per child, an email.

    Idempotent: a referral already sent (a double click, the back button, a retry)
    is returned as it is, and nothing new is made.
    """
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    referrals.require(acting, "create", locked)
    if not locked.is_draft:
        return locked
    if not answers.children:
        raise ServiceError("Add at least one child", field="children")
    now = now or timezone.now()
    _mark_sent(locked, answers, now)
    risk = _risk_assessment(locked, answers)
    contacts = _make_contacts(locked, answers, now)
    audit.record(
        acting,
        "referral.submit",
        locked,
        {
            "reference": locked.reference,
            "children": len(contacts),
            "categories": sorted(answers.categories),
            "dash_score": risk.score if risk else None,
        },
    )
    _send_acknowledgement(locked)
    return locked


def _send_acknowledgement(referral: Referral) -> None:
    """Tell the referrer the MASH has their referral, and where to follow it."""
    if not referral.referrer_email:
        return
    referrer = referral.referrer
    to = referrer if referrer.email.lower() == referral.referrer_email.lower() else None
    notify.send(
        "frontdoor/referral_received",
        to=[to or referral.referrer_email],
        context={
            "referral": referral,
            "link": notify.link("frontdoor:referral", referral.pk),
        },
        partnership=referral.partnership,
        about=referral,
    )
