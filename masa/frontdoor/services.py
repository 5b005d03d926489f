"""Every write at the front door: one domain action, one function, one transaction,
one audit event. Emails go after the transaction commits."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from masa.core import audit, clocks
from masa.core.errors import ServiceError
from masa.core.models import Agency, Membership, Partnership, Person, Scope
from masa.core.selectors import partner_check_agencies
from masa.core.timescales import rule_for
from masa.frontdoor import codes, matching, nhs, selectors, thresholds
from masa.frontdoor.answers import ReferralAnswers
from masa.frontdoor.models import (
    EXPLOITATION,
    Child,
    Concern,
    Contact,
    Decision,
    HouseholdMember,
    LevelOutcome,
    PartnerCheck,
    ReferenceCounter,
    Referral,
    RiskAssessment,
    RiskChecklist,
)

REPEAT_WINDOW = datetime.timedelta(days=365)
# How many draft referrals one person may keep open, and children or household members
# one draft may hold; and the most a draft keeps of any one answer (the pages cut each
# answer at its own, lower, limit first).
MAX_OPEN_DRAFTS = 20
MAX_ITEMS = 20
DRAFT_VALUE_MAX = 10_000
LONDON = ZoneInfo("Europe/London")


def due_at(start: datetime.datetime, rule: clocks.Rule) -> datetime.datetime:
    """When something started at `start` is due, as a moment: day rules end at 23:59 local."""
    due = clocks.due(start, rule)
    if isinstance(due, datetime.datetime):
        return due
    return datetime.datetime.combine(due, datetime.time(23, 59, 59), tzinfo=LONDON)


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


def _require_draft_owner(actor: Person, referral: Referral) -> None:
    if referral.referrer_id != actor.pk:
        raise ServiceError("Only the person who started this referral can change it")
    if not referral.is_draft:
        raise ServiceError("This referral has been sent and can no longer be changed")


# --- the eMARF ----------------------------------------------------------------------


def _bounded(answers: Mapping[str, Any]) -> dict[str, Any]:
    """A page's answers as a draft may keep them: text cut at `DRAFT_VALUE_MAX`, lists
    at `MAX_ITEMS` values of that length."""

    def cut(value: Any) -> Any:
        if isinstance(value, list):
            return [str(v)[:DRAFT_VALUE_MAX] for v in value[:MAX_ITEMS]]
        return str(value)[:DRAFT_VALUE_MAX] if value is not None else ""

    return {str(key)[:100]: cut(value) for key, value in answers.items()}


@transaction.atomic
def referral_start(*, actor: Person, membership: Membership) -> Referral:
    """Start a draft referral, with the referrer's details filled in from their profile.
    A person may keep at most `MAX_OPEN_DRAFTS` drafts."""
    # The person's row is the lock: two starts at once cannot both pass the count.
    Person.objects.select_for_update().filter(pk=actor.pk).first()
    if (
        Referral.objects.filter(referrer=actor, status=Referral.Status.DRAFT).count()
        >= MAX_OPEN_DRAFTS
    ):
        raise ServiceError(
            f"You have {MAX_OPEN_DRAFTS} draft referrals, the most you can keep. Send or "
            "delete one of them in My referrals before you start another"
        )
    referral = Referral.objects.create(
        partnership=membership.partnership,
        referrer=actor,
        referrer_agency=membership.agency,
        draft={
            "referrer": {
                "referrer_name": actor.full_name,
                "referrer_role": actor.job_title,
                "referrer_agency_name": membership.agency.name,
                "referrer_phone": actor.phone,
                "referrer_email": actor.email,
            }
        },
    )
    audit.record(actor, "referral.start", referral, partnership=membership.partnership)
    return referral


@transaction.atomic
def referral_save_section(
    *, actor: Person, referral: Referral, section: str, answers: Mapping[str, Any]
) -> Referral:
    """Keep a section's answers exactly as typed (valid or not), so nothing is lost."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    _require_draft_owner(actor, referral)
    before = referral.draft.get(section, {})
    answers = _bounded(answers)
    referral.draft[section] = answers
    referral.updated_at = timezone.now()
    referral.save(update_fields=["draft", "updated_at"])
    changed = sorted(
        key for key in set(before) | set(answers) if before.get(key) != answers.get(key)
    )
    # Field names only: the answers themselves stay in the referral, not the audit log.
    audit.record(actor, "referral.draft_save", referral, {"section": section, "fields": changed})
    return referral


@transaction.atomic
def referral_save_item(
    *,
    actor: Person,
    referral: Referral,
    section: str,
    index: int | None,
    answers: Mapping[str, Any],
) -> tuple[Referral, int]:
    """Add (index None) or change one child or household member in a draft. An empty
    new entry is refused: it would only be a blank to remove."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    _require_draft_owner(actor, referral)
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
    referral.updated_at = timezone.now()
    referral.save(update_fields=["draft", "updated_at"])
    audit.record(actor, "referral.draft_save", referral, {"section": section, "entry": index + 1})
    return referral, index


@transaction.atomic
def referral_remove_item(*, actor: Person, referral: Referral, section: str, index: int) -> None:
    """Remove one child or household member from a draft."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    _require_draft_owner(actor, referral)
    items: list[dict[str, Any]] = list(referral.draft.get(section, []))
    if not 0 <= index < len(items):
        raise ServiceError("There is no such entry in this referral")
    del items[index]
    referral.draft[section] = items
    referral.updated_at = timezone.now()
    referral.save(update_fields=["draft", "updated_at"])
    audit.record(actor, "referral.draft_remove", referral, {"section": section, "entry": index + 1})


@transaction.atomic
def referral_delete_draft(*, actor: Person, referral: Referral) -> None:
    """Throw away a draft the referrer no longer needs."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    _require_draft_owner(actor, referral)
    audit.record(actor, "referral.draft_delete", referral)
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


def _contact_fields(child: Any) -> dict[str, Any]:
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


@transaction.atomic
def referral_submit(
    *,
    actor: Person,
    referral: Referral,
    answers: ReferralAnswers,
    now: datetime.datetime | None = None,
) -> Referral:
    """Send a checked draft to the MASH: a reference, one contact per child, an email.

    Idempotent: a referral already sent (a double click, the back button, a retry)
    is returned as it is, and nothing new is made.
    """
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if locked.referrer_id != actor.pk:
        raise ServiceError("Only the person who started this referral can send it")
    if not locked.is_draft:
        return locked
    if not answers.children:
        raise ServiceError("Add at least one child", field="children")
    now = now or timezone.now()
    partnership = locked.partnership
    locked.reference = _next_reference(partnership, now.astimezone(LONDON).year)
    locked.status = Referral.Status.SUBMITTED
    locked.submitted_at = now
    locked.updated_at = now
    for name in (
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
    ):
        setattr(locked, name, getattr(answers, name))
    if answers.immediate_danger:
        called = answers.danger_called_at or locked.created_at
        locked.complete_by = due_at(called, rule_for(partnership, "urgent_referral_completion"))
    locked.save()
    Concern.objects.bulk_create(
        Concern(referral=locked, category=category) for category in sorted(set(answers.categories))
    )
    HouseholdMember.objects.bulk_create(
        HouseholdMember(referral=locked, number=number, **vars(member))
        for number, member in enumerate(answers.household, start=1)
    )
    risk = _risk_assessment(locked, answers)
    agency = locked.referrer_agency
    exploitation = bool(EXPLOITATION & set(answers.categories))
    due = due_at(now, rule_for(partnership, "referral_decision"))
    if answers.immediate_danger:
        due = min(due, due_at(now, rule_for(partnership, "red_contact_decision")))
    contacts = Contact.objects.bulk_create(
        Contact(
            partnership=partnership,
            referral=locked,
            number=number,
            reference=f"{locked.reference}-{number}",
            received_at=now,
            source_agency=agency,
            source_kind=agency.kind,
            referral_source=codes.referral_source(agency.kind),
            exploitation=exploitation,
            rag=Contact.Rag.RED if answers.immediate_danger else "",
            rag_reason="The referrer said the child was in immediate danger"
            if answers.immediate_danger
            else "",
            decision_due_at=due,
            updated_at=now,
            **_contact_fields(child),
        )
        for number, child in enumerate(answers.children, start=1)
    )
    audit.record(
        actor,
        "referral.submit",
        locked,
        {
            "reference": locked.reference,
            "children": len(contacts),
            "categories": sorted(answers.categories),
            "dash_score": risk.score if risk else None,
        },
    )
    transaction.on_commit(lambda: _send_acknowledgement(locked))
    return locked


def _link(name: str, *args: Any) -> str:
    return f"{settings.BASE_URL}{reverse(name, args=args)}"


def _send_acknowledgement(referral: Referral) -> None:
    if not referral.referrer_email:
        return
    send_mail(
        subject=f"Referral {referral.reference} received",
        message=(
            f"Dear {referral.referrer_name},\n\n"
            f"The MASH has received your referral {referral.reference}. A MASH "
            "practitioner will look at it and you will be told the outcome.\n\n"
            "If you think a child is in immediate danger, call 999.\n\n"
            f"See its progress at {_link('frontdoor:referral', referral.pk)}\n"
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[referral.referrer_email],
    )


# --- the MASH -----------------------------------------------------------------------


def _locked_contact(contact: Contact) -> Contact:
    return Contact.objects.select_for_update().get(pk=contact.pk)


def _require_open(contact: Contact) -> None:
    if not contact.is_open:
        raise ServiceError("This contact has been decided. Record a correction instead")


@transaction.atomic
def contact_search_record(
    *, actor: Person, partnership: Partnership | None, tab: str, found: list[str], total: int
) -> None:
    """A search of the MASH queue by a child's name or a reference looked for a child:
    the audit log keeps who searched, and the references of the contacts shown (not
    the words typed, which may name a child)."""
    audit.record(
        actor,
        "contact.search",
        None,
        {"tab": tab, "found": total, "shown": found},
        partnership=partnership,
        target_label="MASH queue search",
    )


@transaction.atomic
def contact_start(*, actor: Person, contact: Contact) -> Contact:
    """A MASH practitioner takes a contact to work on."""
    contact = _locked_contact(contact)
    _require_open(contact)
    before = audit.snapshot(contact, ["assigned_to", "status"])
    contact.assigned_to = actor
    if contact.status == Contact.Status.NEW:
        contact.status = Contact.Status.IN_PROGRESS
    contact.updated_at = timezone.now()
    contact.save(update_fields=["assigned_to", "status", "updated_at"])
    audit.record(
        actor,
        "contact.start",
        contact,
        audit.changes_between(before, audit.snapshot(contact, ["assigned_to", "status"])),
    )
    return contact


@transaction.atomic
def contact_rate(*, actor: Person, contact: Contact, rag: str, reason: str) -> Contact:
    """Record the RAG rating; a red contact must be decided within the red timescale."""
    contact = _locked_contact(contact)
    _require_open(contact)
    if rag not in Contact.Rag.values:
        raise ServiceError("Select red, amber or green", field="rag")
    if not reason.strip():
        raise ServiceError("Say why you gave this rating", field="reason")
    before = audit.snapshot(contact, ["rag", "rag_reason", "decision_due_at"])
    contact.rag, contact.rag_reason = rag, reason
    if rag == Contact.Rag.RED:
        red_due = due_at(contact.received_at, rule_for(contact.partnership, "red_contact_decision"))
        contact.decision_due_at = min(contact.decision_due_at, red_due)
    if contact.status == Contact.Status.NEW:
        contact.status = Contact.Status.IN_PROGRESS
        contact.assigned_to = contact.assigned_to or actor
    contact.updated_at = timezone.now()
    contact.save()
    audit.record(
        actor,
        "contact.rate",
        contact,
        audit.changes_between(
            before, audit.snapshot(contact, ["rag", "rag_reason", "decision_due_at"])
        ),
    )
    return contact


def _child_from_contact(contact: Contact) -> Child:
    return Child.objects.create(
        partnership=contact.partnership,
        first_names=contact.first_names,
        last_name=contact.last_name,
        sound_key=matching.sound_key(contact.last_name),
        date_of_birth=contact.date_of_birth,
        expected_date_of_birth=contact.expected_date_of_birth,
        sex=contact.sex,
        ethnicity=contact.ethnicity,
        nhs_number=contact.nhs_number,
        address=contact.address,
        postcode=contact.postcode,
    )


def is_repeat_contact(contact: Contact, child: Child) -> bool:
    """Whether the child had another contact in the 12 months before this one."""
    return (
        Contact.objects.filter(
            child=child,
            received_at__lt=contact.received_at,
            received_at__gte=contact.received_at - REPEAT_WINDOW,
        )
        .exclude(pk=contact.pk)
        .exists()
    )


@transaction.atomic
def contact_link_child(*, actor: Person, contact: Contact, child: Child | None) -> Contact:
    """Link the contact to a known child, or (child None) to a new child record."""
    contact = _locked_contact(contact)
    _require_open(contact)
    if child is not None and child.partnership_id != contact.partnership_id:
        raise ServiceError("Choose a child known to this partnership's MASH", field="child")
    created = child is None
    if child is None:
        child = _child_from_contact(contact)
    elif contact.nhs_number and not child.nhs_number:
        child.nhs_number = contact.nhs_number
        child.save(update_fields=["nhs_number"])
    before = audit.snapshot(contact, ["child", "is_repeat"])
    contact.child = child
    contact.is_repeat = is_repeat_contact(contact, child)
    if contact.status == Contact.Status.NEW:
        contact.status = Contact.Status.IN_PROGRESS
        contact.assigned_to = contact.assigned_to or actor
    contact.updated_at = timezone.now()
    contact.save()
    changes = audit.changes_between(before, audit.snapshot(contact, ["child", "is_repeat"]))
    changes["new_child_record"] = created
    audit.record(actor, "contact.link_child", contact, changes)
    return contact


def responders(partnership: Partnership, agency: Agency) -> list[str]:
    """Email addresses of the people who answer `agency`'s partner checks: its active
    members whose role lets them answer the agency's requests."""
    return sorted(
        set(
            Membership.objects.filter(
                partnership=partnership,
                agency=agency,
                is_active=True,
                person__is_active=True,
                roles__permissions__permission="partner_check.respond",
                roles__permissions__scope__in=[Scope.AGENCY, Scope.PARTNERSHIP],
            ).values_list("person__email", flat=True)
        )
    )


def check_due_by(contact: Contact, now: datetime.datetime) -> datetime.datetime:
    """The latest a partner check on `contact` asked at `now` may be due: the partner-check
    timescale for its urgency (red has its own), and no later than the decision is due."""
    code = "red_partner_check" if contact.rag == Contact.Rag.RED else "partner_check"
    due = due_at(now, rule_for(contact.partnership, code))
    if now < contact.decision_due_at < due:
        due = contact.decision_due_at
    return due


def _email_responders(check: PartnerCheck, recipients: list[str], *, overdue: bool) -> None:
    """Tell an agency's responders about a check: the contact's reference and a link only,
    never the child's name (email is not the place for it)."""
    reference = check.contact.reference
    due = timezone.localtime(check.due_at, LONDON)
    when = f"{due:%H:%M} on {due:%A} {due.day} {due:%B %Y}"
    link = _link("frontdoor:check-respond", check.pk)
    if overdue:
        subject = f"Overdue: MASH information request {reference}"
        opening = (
            f"The MASH asked {check.agency.name} for information about contact {reference}. "
            f"The answer was due by {when} and has not been sent."
        )
    else:
        subject = f"MASH information request {reference}: answer by {due:%H:%M} {due.day} {due:%B}"
        opening = (
            f"The MASH has asked {check.agency.name} what it knows about the child in contact "
            f"{reference}. Please answer by {when}."
        )
    send_mail(
        subject=subject,
        message=(
            f"{opening}\n\nSign in to MASA to see the request and answer it:\n{link}\n\n"
            "You are getting this email because you answer information requests for "
            f"{check.agency.name}.\n"
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=recipients,
    )


@transaction.atomic
def partner_checks_request(
    *,
    actor: Person,
    contact: Contact,
    agencies: Sequence[Agency],
    question: str,
    due: datetime.datetime | None = None,
) -> list[PartnerCheck]:
    """Ask one or more agencies what they know, one check each, due by `due` (or by the
    partner-check timescale for the contact's urgency). Each agency's responders are
    emailed. Asking again the same question of an agency whose check is still open (a
    double click, a retry) makes no second check."""
    contact = _locked_contact(contact)
    _require_open(contact)
    if not agencies:
        raise ServiceError("Select the agencies you want to ask", field="agencies")
    allowed = set(partner_check_agencies(contact.partnership).values_list("pk", flat=True))
    if any(agency.pk not in allowed for agency in agencies):
        raise ServiceError("Choose agencies in this partnership", field="agencies")
    if not question.strip():
        raise ServiceError("Enter what you need to know", field="question")
    now = timezone.now()
    latest = check_due_by(contact, now)
    if due is None:
        due = latest
    elif due <= now:
        raise ServiceError("The answer must be due at a time still to come", field="due")
    elif due > latest + datetime.timedelta(minutes=1):
        local = timezone.localtime(latest, LONDON)
        raise ServiceError(
            f"The answer must be due by {local:%H:%M} on {local.day} {local:%B %Y} or sooner",
            field="due",
        )
    asked: list[PartnerCheck] = []
    for agency in sorted(set(agencies), key=lambda a: a.name):
        already = contact.checks.filter(
            agency=agency, status=PartnerCheck.Status.REQUESTED, question=question
        ).first()
        if already is not None:
            asked.append(already)
            continue
        recipients = responders(contact.partnership, agency)
        check = PartnerCheck.objects.create(
            partnership=contact.partnership,
            contact=contact,
            agency=agency,
            question=question,
            requested_by=actor,
            requested_at=now,
            due_at=due,
            emailed=len(recipients),
        )
        audit.record(
            actor,
            "partner_check.request",
            check,
            {
                "agency": agency.name,
                "contact": contact.reference,
                "due_at": check.due_at.isoformat(),
                "emailed": len(recipients),
            },
        )
        if recipients:
            transaction.on_commit(partial(_email_responders, check, recipients, overdue=False))
        asked.append(check)
    if contact.status in (Contact.Status.NEW, Contact.Status.IN_PROGRESS):
        contact.status = Contact.Status.AWAITING_CHECKS
        contact.assigned_to = contact.assigned_to or actor
        contact.updated_at = now
        contact.save(update_fields=["status", "assigned_to", "updated_at"])
    return asked


def partner_check_request(
    *, actor: Person, contact: Contact, agency: Agency, question: str
) -> PartnerCheck:
    """Ask one agency, due by the partner-check timescale for the contact's urgency."""
    return partner_checks_request(
        actor=actor, contact=contact, agencies=[agency], question=question
    )[0]


def _resume_triage(contact: Contact, now: datetime.datetime) -> None:
    """When no check is left open on a contact waiting for them, triage resumes."""
    still_open = contact.checks.filter(status=PartnerCheck.Status.REQUESTED).exists()
    if contact.status == Contact.Status.AWAITING_CHECKS and not still_open:
        contact.status = Contact.Status.IN_PROGRESS
        contact.updated_at = now
        contact.save(update_fields=["status", "updated_at"])


@transaction.atomic
def partner_check_respond(*, actor: Person, check: PartnerCheck, response: str) -> PartnerCheck:
    """An agency answers a MASH request; when no request is left open, triage resumes.
    An answer after the decision still lands on the contact."""
    check = PartnerCheck.objects.select_for_update().get(pk=check.pk)
    if check.status == PartnerCheck.Status.WITHDRAWN:
        raise ServiceError("The MASH withdrew this request, so it no longer needs an answer")
    if check.status != PartnerCheck.Status.REQUESTED:
        raise ServiceError("This request has already been answered")
    if not response.strip():
        raise ServiceError(
            "Enter what your agency knows, or that it holds nothing", field="response"
        )
    now = timezone.now()
    check.status = PartnerCheck.Status.ANSWERED
    check.response, check.responded_by, check.responded_at = response, actor, now
    check.save()
    contact = _locked_contact(check.contact)
    _resume_triage(contact, now)
    audit.record(
        actor,
        "partner_check.respond",
        check,
        {
            "contact": contact.reference,
            "in_time": now <= check.due_at,
            "after_decision": contact.decisions.filter(recorded_at__lt=now).exists(),
        },
    )
    return check


def outcome_refused(level: int, outcome: str, allowed: tuple[str, ...]) -> str:
    """Why an outcome cannot be recorded at a level, and which can."""
    names = [f"‘{Contact.Outcome(code).label}’" for code in allowed]
    if not names:
        fits = f"No outcome is allowed at level {level}: choose another level"
    elif len(names) == 1:
        fits = f"At level {level}, choose {names[0]}"
    else:
        fits = f"At level {level}, choose {', '.join(names[:-1])} or {names[-1]}"
    need = thresholds.LEVELS[level].name.partition(": ")[2]
    return (
        f"‘{Contact.Outcome(outcome).label}’ is not an outcome for level {level} ({need}). {fits}"
    )


@transaction.atomic
def level_outcomes_ensure_defaults(*, actor: Person | None, partnership: Partnership) -> int:
    """Give a partnership the default outcomes at each level if it has none; returns how
    many were added. Run for every new partnership (core's set-up signal)."""
    if LevelOutcome.objects.filter(partnership=partnership).exists():
        return 0
    rows = LevelOutcome.objects.bulk_create(
        LevelOutcome(partnership=partnership, level=level, outcome=outcome)
        for level, outcomes in thresholds.DEFAULT_OUTCOMES.items()
        for outcome in outcomes
    )
    audit.record(
        actor,
        "level_outcome.defaults",
        partnership,
        {
            "outcomes": {
                "old": None,
                "new": [f"{row.level}: {row.outcome}" for row in rows],
            }
        },
        partnership=partnership,
        target_label="Outcomes allowed at each level of need",
    )
    return len(rows)


@transaction.atomic
def partner_check_withdraw(*, actor: Person, check: PartnerCheck, reason: str) -> PartnerCheck:
    """The MASH no longer needs an open check: the agency sees it was withdrawn, and why,
    and can no longer answer it."""
    check = PartnerCheck.objects.select_for_update().get(pk=check.pk)
    if check.status != PartnerCheck.Status.REQUESTED:
        raise ServiceError("Only a request still waiting for an answer can be withdrawn")
    if not reason.strip():
        raise ServiceError("Say why you are withdrawing the request", field="reason")
    now = timezone.now()
    check.status = PartnerCheck.Status.WITHDRAWN
    check.withdrawn_reason, check.withdrawn_by, check.withdrawn_at = reason, actor, now
    check.save(update_fields=["status", "withdrawn_reason", "withdrawn_by", "withdrawn_at"])
    contact = _locked_contact(check.contact)
    _resume_triage(contact, now)
    audit.record(
        actor,
        "partner_check.withdraw",
        check,
        {
            "status": {"old": PartnerCheck.Status.REQUESTED.value, "new": check.status},
            "reason": {"old": None, "new": reason},
            "contact": contact.reference,
        },
    )
    return check


OVERDUE_REMINDER_WINDOW = datetime.timedelta(days=7)
"""Overdue reminders go for checks that fell due within this long, so that starting the
scheduled task does not email agencies about requests long past."""


@transaction.atomic
def partner_checks_remind(*, now: datetime.datetime | None = None) -> int:
    """Email the responders of each agency once when its check becomes overdue; returns how
    many checks they were emailed about."""
    now = now or timezone.now()
    overdue = (
        PartnerCheck.objects.select_for_update(of=("self",))
        .filter(
            status=PartnerCheck.Status.REQUESTED,
            overdue_emailed_at__isnull=True,
            due_at__lt=now,
            due_at__gte=now - OVERDUE_REMINDER_WINDOW,
        )
        .select_related("contact", "agency", "partnership")
        .order_by("due_at", "pk")
    )
    count = 0
    for check in overdue:
        recipients = responders(check.partnership, check.agency)
        check.overdue_emailed_at = now
        check.save(update_fields=["overdue_emailed_at"])
        audit.record(
            None,
            "partner_check.remind",
            check,
            {"emailed": {"old": None, "new": len(recipients)}},
            partnership=check.partnership,
        )
        if recipients:
            transaction.on_commit(partial(_email_responders, check, recipients, overdue=True))
            count += 1
    return count


@transaction.atomic
def contact_decide(
    *,
    actor: Person,
    contact: Contact,
    level: int,
    outcome: str,
    descriptor: str,
    rationale: str,
    referrer_feedback: str,
    correction_reason: str = "",
    open_checks_reason: str = "",
) -> Decision:
    """Record the MASH decision for a manager to sign off. After sign-off, only a
    correction (a new version with a reason) can change it. A decision need not wait
    for partner checks still open, but says why it could not."""
    contact = _locked_contact(contact)
    if level not in thresholds.LEVELS:
        raise ServiceError("Select the level of need", field="level")
    if outcome not in Contact.Outcome.values:
        raise ServiceError("Select the outcome", field="outcome")
    if thresholds.DESCRIPTORS.get(descriptor, (None,))[0] != level:
        raise ServiceError(
            "Select a threshold descriptor for the level you chose", field="descriptor"
        )
    allowed = selectors.outcomes_by_level(contact.partnership_id).get(level, ())
    if outcome not in allowed:
        raise ServiceError(outcome_refused(level, outcome, allowed), field="outcome")
    if not rationale.strip():
        raise ServiceError("Enter the reasons for the decision", field="rationale")
    if not referrer_feedback.strip():
        raise ServiceError("Enter what the referrer will be told", field="referrer_feedback")
    open_checks = sorted(
        contact.checks.filter(status=PartnerCheck.Status.REQUESTED).values_list(
            "agency__name", flat=True
        )
    )
    if open_checks and not open_checks_reason.strip():
        raise ServiceError(
            "Say why the decision cannot wait for the partner checks still open",
            field="open_checks_reason",
        )
    if contact.status == Contact.Status.AWAITING_MANAGER:
        raise ServiceError("A decision is already waiting for a manager to sign it off")
    correcting = contact.status == Contact.Status.DECIDED
    if correcting and not correction_reason.strip():
        raise ServiceError("Say why the decision is being corrected", field="correction_reason")
    latest = contact.decisions.order_by("-version").first()
    decision = Decision.objects.create(
        contact=contact,
        version=(latest.version + 1) if latest else 1,
        level=level,
        outcome=outcome,
        descriptor=descriptor,
        rationale=rationale,
        referrer_feedback=referrer_feedback,
        correction_reason=correction_reason if correcting else "",
        open_checks_reason=open_checks_reason if open_checks else "",
        recorded_by=actor,
    )
    contact.status = Contact.Status.AWAITING_MANAGER
    contact.updated_at = timezone.now()
    contact.save(update_fields=["status", "updated_at"])
    audit.record(
        actor,
        "contact.correct" if correcting else "contact.decide",
        contact,
        {
            "version": decision.version,
            "level": level,
            "outcome": outcome,
            "descriptor": descriptor,
            "correction_reason": decision.correction_reason,
            "open_checks": open_checks,
            "open_checks_reason": decision.open_checks_reason,
        },
    )
    return decision


@transaction.atomic
def contact_sign_off(*, actor: Person, contact: Contact, approve: bool, note: str = "") -> Decision:
    """A manager signs off the proposed decision (the referrer is then told) or returns it."""
    contact = _locked_contact(contact)
    decision = contact.decisions.filter(state=Decision.State.PROPOSED).order_by("-version").first()
    if decision is None or contact.status != Contact.Status.AWAITING_MANAGER:
        raise ServiceError("There is no decision waiting to be signed off")
    if decision.recorded_by_id == actor.pk:
        raise ServiceError("Another manager must sign off a decision you recorded")
    if not approve and not note.strip():
        raise ServiceError("Say what needs to change", field="note")
    now = timezone.now()
    decision.reviewed_by, decision.reviewed_at, decision.manager_note = actor, now, note
    previous = (
        contact.decisions.filter(state=Decision.State.SIGNED_OFF).order_by("-version").first()
    )
    if approve:
        contact.decisions.filter(state=Decision.State.SIGNED_OFF).update(
            state=Decision.State.SUPERSEDED
        )
        decision.state = Decision.State.SIGNED_OFF
        contact.status = Contact.Status.DECIDED
        contact.level, contact.outcome, contact.decided_at = (
            decision.level,
            decision.outcome,
            now,
        )
    else:
        decision.state = Decision.State.RETURNED
        # A returned correction leaves the earlier signed-off decision standing; a
        # returned first decision goes back to waiting for any checks still open.
        if contact.decided_at is not None:
            contact.status = Contact.Status.DECIDED
        elif contact.checks.filter(status=PartnerCheck.Status.REQUESTED).exists():
            contact.status = Contact.Status.AWAITING_CHECKS
        else:
            contact.status = Contact.Status.IN_PROGRESS
    decision.save()
    contact.updated_at = now
    contact.save()
    audit.record(
        actor,
        "contact.sign_off" if approve else "contact.return",
        contact,
        {"version": decision.version, "note": note},
    )
    if approve:
        transaction.on_commit(lambda: _send_outcome(contact, decision, previous))
    return decision


def _correction_text(decision: Decision, previous: Decision) -> str:
    """What a correction changed, in the words the referrer was first told (the outcome and
    the feedback only: never more than the first email said), and why."""
    told = timezone.localtime(previous.reviewed_at or previous.recorded_at, LONDON)
    was, now = previous.get_outcome_display(), decision.get_outcome_display()
    if was != now:
        changed = f'The outcome has changed from "{was}" to "{now}".'
    else:
        changed = f'The outcome is still "{now}"; what we told you about it has changed.'
    return (
        f"This corrects the outcome we sent you on {told.day} {told:%B %Y}. {changed}\n\n"
        f"Why it was corrected: {decision.correction_reason}\n\n"
    )


def _send_outcome(contact: Contact, decision: Decision, previous: Decision | None = None) -> None:
    """Tell the referrer the outcome; a signed-off correction says it is one."""
    referral = contact.referral
    if not referral.referrer_email:
        return
    if previous is not None and decision.correction_reason:
        subject = f"Corrected outcome of referral {referral.reference}"
        opening = (
            f"The MASH has corrected its decision on your referral {referral.reference} "
            f"about {contact.first_names}.\n\n{_correction_text(decision, previous)}"
        )
    else:
        subject = f"Outcome of referral {referral.reference}"
        opening = (
            f"The MASH has decided your referral {referral.reference} about "
            f"{contact.first_names}.\n\n"
        )
    send_mail(
        subject=subject,
        message=(
            f"Dear {referral.referrer_name},\n\n{opening}"
            f"Outcome: {decision.get_outcome_display()}\n\n"
            f"{decision.referrer_feedback}\n\n"
            f"See the referral at {_link('frontdoor:referral', referral.pk)}\n\n"
            "If you are still worried about the child, contact the MASH again.\n"
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[referral.referrer_email],
    )
