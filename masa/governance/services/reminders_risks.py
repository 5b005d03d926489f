"""Reminders of the risk register and escalations, each sent once (a `RegisterReminder`
keeps its key), through `masa.core.notify`: a risk overdue for review (to its owner),
and an escalation whose response is overdue at its stage (to those who may respond for
the agency it is about, and to the person who raised it)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from masa.core import audit, notify
from masa.core.models import Partnership, Person
from masa.governance import policies_risks as policies
from masa.governance.models_risks import Escalation, RegisterReminder, Risk


def _send(
    partnership: Partnership,
    key: str,
    message: str,
    to: list[Person],
    context: dict[str, object],
    about: Risk | Escalation,
) -> bool:
    if not to or RegisterReminder.objects.filter(partnership=partnership, key=key).exists():
        return False
    sent = notify.send(f"governance/{message}", to, context, partnership=partnership, about=about)
    reminder = RegisterReminder.objects.create(partnership=partnership, key=key)
    audit.record(
        None,
        "risk.remind",
        about,
        audit.values(
            key=reminder.key,
            subject=sent[0].subject if sent else message,
            recipients=len(sent),
        ),
    )
    return True


def _responders(escalation: Escalation) -> list[Person]:
    people = [
        person
        for person in policies.escalations.people_with("respond", escalation)
        if person.memberships.filter(
            partnership_id=escalation.partnership_id, agency_id=escalation.about_agency_id
        ).exists()
    ]
    if escalation.raised_by.is_active and escalation.raised_by not in people:
        people.append(escalation.raised_by)
    return people


def _remind_partnership(partnership: Partnership, today: datetime.date) -> int:
    sent = 0
    overdue_risks = Risk.objects.filter(
        partnership=partnership,
        status__in=[Risk.Status.OPEN, Risk.Status.ESCALATED],
        review_due_on__lt=today,
    ).select_related("owner")
    for risk in overdue_risks:
        if not risk.owner.is_active:
            continue
        sent += _send(
            partnership,
            f"risk:{risk.pk}:review:{risk.review_due_on.isoformat()}",
            "risk_review_overdue",
            [risk.owner],
            {
                "reference": risk.reference,
                "title": risk.title,
                "due_on": risk.review_due_on,
                "link": notify.link("governance:risk", risk.pk),
            },
            risk,
        )
    late = Escalation.objects.filter(
        partnership=partnership,
        status=Escalation.Status.OPEN,
        steps__stage=F("stage"),
        steps__responded_on__isnull=True,
        steps__due_on__lt=today,
    ).select_related("raised_by", "stage")
    for escalation in late.distinct():
        step = escalation.steps.get(stage=escalation.stage)
        sent += _send(
            partnership,
            f"escalation:{escalation.pk}:stage:{escalation.stage_id}",
            "escalation_stage_overdue",
            _responders(escalation),
            {
                "reference": escalation.reference,
                "stage": str(escalation.stage),
                "started_on": step.started_on,
                "due_on": step.due_on,
                "link": notify.link("governance:escalation", escalation.pk),
            },
            escalation,
        )
    return sent


def governance_risks_remind(*, today: datetime.date | None = None) -> int:
    """Email each reminder that is due, once: risks overdue for review and escalations
    late at their stage. Safe to run again the same day. Returns how many were sent."""
    today = today or timezone.localdate()
    sent = 0
    for partnership in Partnership.objects.all():
        with transaction.atomic():
            sent += _remind_partnership(partnership, today)
    return sent
