"""Reminders of multi-agency case audits, sent by `manage.py audits_tick`: once to an
agency whose audit of its own file is overdue, and once to an agency's lead whose
answer to an urgent concern is overdue. Each is recorded on the record, so running the
task again sends nothing new."""

from __future__ import annotations

import datetime

from django.db import transaction

from masa.audits import policies
from masa.audits.models import AgencyAudit, Round, UrgentConcern
from masa.core import notify


@transaction.atomic
def reminders_send(*, today: datetime.date) -> int:
    """Send the reminders due on `today`; returns how many records were reminded."""
    sent = 0
    late_audits = AgencyAudit.objects.filter(
        submitted_on__isnull=True,
        reminded_on__isnull=True,
        due_on__lt=today,
        case__round__status=Round.Status.OPEN,
    ).select_related("case__round", "case__partnership", "agency")
    for record in late_audits:
        notify.send(
            "audits/agency_audit_overdue",
            policies.agency_audits.people_with("answer", record),
            {
                "agency": record.agency.name,
                "reference": record.case.reference,
                "due_on": record.due_on,
                "link": notify.link("audits:agency-audit", record.pk),
            },
            partnership=record.case.partnership,
            about=record.case,
        )
        AgencyAudit.objects.filter(pk=record.pk).update(reminded_on=today)
        sent += 1
    late_concerns = UrgentConcern.objects.filter(
        responded_on__isnull=True, reminded_on__isnull=True, due_on__lt=today
    ).select_related("case", "agency", "partnership")
    for concern in late_concerns:
        notify.send(
            "audits/urgent_concern_overdue",
            policies.concerns.people_with("answer", concern),
            {
                "agency": concern.agency.name,
                "reference": concern.case.reference,
                "due_on": concern.due_on,
                "link": notify.link("audits:concern-answer", concern.pk),
            },
            partnership=concern.partnership,
            about=concern,
        )
        UrgentConcern.objects.filter(pk=concern.pk).update(reminded_on=today)
        sent += 1
    return sent
