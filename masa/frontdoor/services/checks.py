"""Partner checks: the MASH asks agencies what they know; they answer; reminders."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from masa.core import audit, notify
from masa.core.acting import Acting
from masa.core.errors import ServiceError
from masa.core.models import Agency
from masa.core.selectors import partner_check_agencies
from masa.core.timescales import rule_for
from masa.frontdoor.models import Contact, PartnerCheck
from masa.frontdoor.policies import contacts, partner_checks
from masa.frontdoor.services.common import (
    LONDON,
    due_at,
    locked_contact,
    require_open,
    when,
)

OVERDUE_REMINDER_WINDOW = datetime.timedelta(days=7)
"""Overdue reminders go for checks that fell due within this long, so that starting the
scheduled task does not email agencies about requests long past."""


def check_due_by(contact: Contact, now: datetime.datetime) -> datetime.datetime:
    """The latest a partner check on `contact` asked at `now` may be due: the partner-check
    timescale for its urgency (red has its own), and no later than the decision is due."""
    code = "red_partner_check" if contact.rag == Contact.Rag.RED else "partner_check"
    due = due_at(now, rule_for(contact.partnership, code))
    if now < contact.decision_due_at < due:
        due = contact.decision_due_at
    return due


def _email_responders(check: PartnerCheck, *, overdue: bool) -> int:
    """Tell the people who answer for the check's agency about it: the contact's
    reference and a link only, never the child's name (email is not the place for it).
    Returns how many were emailed."""
    due = timezone.localtime(check.due_at, LONDON)
    sent = notify.send(
        "frontdoor/check_overdue" if overdue else "frontdoor/check_requested",
        to=partner_checks.people_with("respond", check),
        context={
            "check": check,
            "reference": check.contact.reference,
            "agency": check.agency.name,
            "when": when(check.due_at),
            "answer_by": f"{due:%H:%M} {due.day} {due:%B}",
            "link": notify.link("frontdoor:check-respond", check.pk),
        },
        partnership=check.partnership,
        about=check,
    )
    return len(sent)


def _valid_due(
    contact: Contact, due: datetime.datetime | None, now: datetime.datetime
) -> datetime.datetime:
    latest = check_due_by(contact, now)
    if due is None:
        return latest
    if due <= now:
        raise ServiceError("The answer must be due at a time still to come", field="due")
    if due > latest + datetime.timedelta(minutes=1):
        local = timezone.localtime(latest, LONDON)
        raise ServiceError(
            f"The answer must be due by {local:%H:%M} on {local.day} {local:%B %Y} or sooner",
            field="due",
        )
    return due


def _check_asked(contact: Contact, agencies: Sequence[Agency], question: str) -> None:
    if not agencies:
        raise ServiceError("Select the agencies you want to ask", field="agencies")
    allowed = set(partner_check_agencies(contact.partnership).values_list("pk", flat=True))
    if any(agency.pk not in allowed for agency in agencies):
        raise ServiceError("Choose agencies in this partnership", field="agencies")
    if not question.strip():
        raise ServiceError("Enter what you need to know", field="question")


def _ask(
    acting: Acting,
    contact: Contact,
    agency: Agency,
    question: str,
    times: tuple[datetime.datetime, datetime.datetime],
) -> PartnerCheck:
    now, due = times
    check = PartnerCheck.objects.create(
        partnership=contact.partnership,
        contact=contact,
        agency=agency,
        question=question,
        requested_by=acting.person,
        requested_at=now,
        due_at=due,
    )
    check.emailed = _email_responders(check, overdue=False)
    check.save(update_fields=["emailed"])
    audit.record(
        acting,
        "partner_check.request",
        check,
        {
            "agency": agency.name,
            "contact": contact.reference,
            "due_at": check.due_at.isoformat(),
            "emailed": check.emailed,
        },
    )
    return check


@transaction.atomic
def partner_checks_request(
    *,
    acting: Acting,
    contact: Contact,
    agencies: Sequence[Agency],
    question: str,
    due: datetime.datetime | None = None,
) -> list[PartnerCheck]:
    """Ask one or more agencies what they know, one check each, due by `due` (or by the
    partner-check timescale for the contact's urgency). Each agency's responders are
    emailed. Asking again the same question of an agency whose check is still open (a
    double click, a retry) makes no second check."""
    contact = locked_contact(contact)
    partner_checks.require(acting, "request")
    contacts.require(acting, "view", contact)
    require_open(contact)
    _check_asked(contact, agencies, question)
    now = timezone.now()
    due = _valid_due(contact, due, now)
    asked: list[PartnerCheck] = []
    for agency in sorted(set(agencies), key=lambda a: a.name):
        already = contact.checks.filter(
            agency=agency, status=PartnerCheck.Status.REQUESTED, question=question
        ).first()
        asked.append(already or _ask(acting, contact, agency, question, (now, due)))
    if contact.status in (Contact.Status.NEW, Contact.Status.IN_PROGRESS):
        contact.status = Contact.Status.AWAITING_CHECKS
        contact.assigned_to = contact.assigned_to or acting.person
        contact.updated_at = now
        contact.save(update_fields=["status", "assigned_to", "updated_at"])
    return asked


def partner_check_request(
    *, acting: Acting, contact: Contact, agency: Agency, question: str
) -> PartnerCheck:
    """Ask one agency, due by the partner-check timescale for the contact's urgency."""
    return partner_checks_request(
        acting=acting, contact=contact, agencies=[agency], question=question
    )[0]


def _resume_triage(contact: Contact, now: datetime.datetime) -> None:
    """When no check is left open on a contact waiting for them, triage resumes."""
    still_open = contact.checks.filter(status=PartnerCheck.Status.REQUESTED).exists()
    if contact.status == Contact.Status.AWAITING_CHECKS and not still_open:
        contact.status = Contact.Status.IN_PROGRESS
        contact.updated_at = now
        contact.save(update_fields=["status", "updated_at"])


@transaction.atomic
def partner_check_respond(*, acting: Acting, check: PartnerCheck, response: str) -> PartnerCheck:
    """An agency answers a MASH request; when no request is left open, triage resumes.
    An answer after the decision still lands on the contact."""
    check = PartnerCheck.objects.select_for_update().get(pk=check.pk)
    partner_checks.require(acting, "respond", check)
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
    check.response, check.responded_by, check.responded_at = response, acting.person, now
    check.save()
    contact = locked_contact(check.contact)
    _resume_triage(contact, now)
    audit.record(
        acting,
        "partner_check.respond",
        check,
        {
            "contact": contact.reference,
            "in_time": now <= check.due_at,
            "after_decision": contact.decisions.filter(recorded_at__lt=now).exists(),
        },
    )
    return check


@transaction.atomic
def partner_check_withdraw(*, acting: Acting, check: PartnerCheck, reason: str) -> PartnerCheck:
    """The MASH no longer needs an open check: the agency sees it was withdrawn, and why,
    and can no longer answer it."""
    check = PartnerCheck.objects.select_for_update().get(pk=check.pk)
    partner_checks.require(acting, "request", check)
    if check.status != PartnerCheck.Status.REQUESTED:
        raise ServiceError("Only a request still waiting for an answer can be withdrawn")
    if not reason.strip():
        raise ServiceError("Say why you are withdrawing the request", field="reason")
    now = timezone.now()
    check.status = PartnerCheck.Status.WITHDRAWN
    check.withdrawn_reason, check.withdrawn_by, check.withdrawn_at = reason, acting.person, now
    check.save(update_fields=["status", "withdrawn_reason", "withdrawn_by", "withdrawn_at"])
    contact = locked_contact(check.contact)
    _resume_triage(contact, now)
    audit.record(
        acting,
        "partner_check.withdraw",
        check,
        {
            "status": {"old": PartnerCheck.Status.REQUESTED.value, "new": check.status},
            "reason": {"old": None, "new": reason},
        },
    )
    return check


@transaction.atomic
def partner_checks_remind(*, now: datetime.datetime | None = None) -> int:
    """Email the responders of each agency once when its check becomes overdue; returns how
    many checks they were emailed about. Runs as the system (no person)."""
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
        check.overdue_emailed_at = now
        check.save(update_fields=["overdue_emailed_at"])
        emailed = _email_responders(check, overdue=True)
        audit.record(
            None, "partner_check.remind", check, {"emailed": emailed}, partnership=check.partnership
        )
        count += 1 if emailed else 0
    return count
