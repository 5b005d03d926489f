"""Serious child safeguarding incidents: notification, who was told, and the
pre-discussion panels on referrals that may not meet the criteria."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping

from django.db import transaction
from django.utils import timezone

from masa.core import audit
from masa.core.acting import Acting
from masa.core.errors import ServiceError
from masa.reviews.models import Incident, PreDiscussion, ReferenceCounter, Subject, Theme
from masa.reviews.services.common import (
    _fresh,
    _happened,
    _manage,
    _not_before,
    _reference,
    _require_text,
    _themes,
)
from masa.reviews.services.subjects import SubjectDetails
from masa.reviews.timescales import due_date

NOTIFICATION_FIELDS = (
    "notified_panel_on",
    "notified_ofsted_on",
    "notified_sos_on",
    "partners_told_on",
)


NOTIFICATION_NOUNS = {
    "notified_panel_on": "The date the Panel was notified",
    "notified_ofsted_on": "The date Ofsted was told",
    "notified_sos_on": "The date the Secretary of State was told",
    "partners_told_on": "The date the partners were told",
}


def _check_notification_dates(
    incident: Incident, dates: Mapping[str, datetime.date | None]
) -> None:
    _happened(incident.aware_on, "aware_on", "The date the local authority became aware")
    for field, day in dates.items():
        _happened(day, field, NOTIFICATION_NOUNS[field])
        if day is not None:
            _not_before(day, incident.aware_on, field, "the date the council became aware")
    if not incident.looked_after and (
        dates.get("notified_ofsted_on") or dates.get("notified_sos_on")
    ):
        raise ServiceError(
            "Ofsted and the Secretary of State are told only when the child was looked after",
            field="notified_ofsted_on" if dates.get("notified_ofsted_on") else "notified_sos_on",
        )


@transaction.atomic
def incident_notify(
    *,
    acting: Acting,
    subject: Subject,
    summary: str,
    aware_on: datetime.date,
    looked_after: bool = False,
    themes: Iterable[Theme] = (),
    notified_panel_on: datetime.date | None = None,
    notified_ofsted_on: datetime.date | None = None,
    notified_sos_on: datetime.date | None = None,
    partners_told_on: datetime.date | None = None,
) -> Incident:
    """Record a serious child safeguarding incident. The Panel notification is due
    `incident_notification` (5 working days) after the council became aware."""
    partnership = acting.partnership
    _manage(acting, partnership)
    if subject.partnership_id != partnership.pk:
        raise ServiceError("Choose a subject from this partnership", field="subject")
    if not subject.is_child:
        raise ServiceError(
            "A serious child safeguarding incident is about a child: for an adult, record "
            "a SAR referral",
            field="subject",
        )
    chosen = _themes(partnership, themes)
    incident = Incident(
        partnership=partnership,
        subject=subject,
        summary=_require_text(summary, "summary", "Say what happened"),
        aware_on=aware_on,
        looked_after=looked_after,
        notification_due_on=due_date(partnership, "incident_notification", aware_on),
        created_by=acting.person,
    )
    dates = {
        "notified_panel_on": notified_panel_on,
        "notified_ofsted_on": notified_ofsted_on,
        "notified_sos_on": notified_sos_on,
        "partners_told_on": partners_told_on,
    }
    _check_notification_dates(incident, dates)
    for field, day in dates.items():
        setattr(incident, field, day)
    incident.reference = _reference(partnership, "SI", aware_on.year)
    incident.save()
    incident.themes.set(chosen)
    audit.record(
        acting,
        "incident.notify",
        incident,
        {
            "subject": {"old": None, "new": subject.pseudonym},
            "aware_on": {"old": None, "new": aware_on.isoformat()},
            "notification_due_on": {"old": None, "new": incident.notification_due_on.isoformat()},
            **audit.changes_between({}, audit.snapshot(incident, NOTIFICATION_FIELDS)),
        },
    )
    return incident


@transaction.atomic
def incident_update_notifications(
    *,
    acting: Acting,
    incident: Incident,
    notified_panel_on: datetime.date | None = None,
    notified_ofsted_on: datetime.date | None = None,
    notified_sos_on: datetime.date | None = None,
    partners_told_on: datetime.date | None = None,
) -> Incident:
    """Record when the Panel, Ofsted, the Secretary of State and the partners were told.
    A date given replaces the one held; a date left out is kept."""
    _manage(acting, incident.partnership)
    _fresh(incident)
    given = {
        "notified_panel_on": notified_panel_on,
        "notified_ofsted_on": notified_ofsted_on,
        "notified_sos_on": notified_sos_on,
        "partners_told_on": partners_told_on,
    }
    merged = {field: given[field] or getattr(incident, field) for field in NOTIFICATION_FIELDS}
    _check_notification_dates(incident, merged)
    if (
        hasattr(incident, "rapid_review")
        and merged["notified_panel_on"] != incident.notified_panel_on
    ):
        raise ServiceError(
            "The rapid review's clock started from the Panel notification: it cannot change "
            "now. Correct it with the reason instead (Correct a recorded date)",
            field="notified_panel_on",
        )
    before = audit.snapshot(incident, NOTIFICATION_FIELDS)
    for field, day in merged.items():
        setattr(incident, field, day)
    incident.updated_at = timezone.now()
    incident.save(update_fields=[*NOTIFICATION_FIELDS, "updated_at"])
    changes = audit.changes_between(before, audit.snapshot(incident, NOTIFICATION_FIELDS))
    if not changes:
        raise ServiceError("Enter at least one new date")
    audit.record(acting, "incident.notifications", incident, changes)
    return incident


@transaction.atomic
def pre_discussion_record(
    *,
    acting: Acting,
    referral_summary: str,
    held_on: datetime.date,
    outcome: str,
    rationale: str,
    attendees: str = "",
    incident: Incident | None = None,
) -> PreDiscussion:
    """Record a pre-discussion panel on a referral that may not meet the criteria."""
    partnership = acting.partnership
    _manage(acting, partnership)
    if outcome not in PreDiscussion.Outcome.values:
        raise ServiceError("Choose the outcome", field="outcome")
    if incident is not None and incident.partnership_id != partnership.pk:
        raise ServiceError("Choose an incident from this partnership", field="incident")
    _happened(held_on, "held_on", "The date of the panel")
    record = PreDiscussion.objects.create(
        partnership=partnership,
        incident=incident,
        referral_summary=_require_text(
            referral_summary, "referral_summary", "Summarise the referral"
        ),
        held_on=held_on,
        attendees=attendees.strip(),
        outcome=outcome,
        rationale=_require_text(rationale, "rationale", "Give the reasons for the outcome"),
        recorded_by=acting.person,
    )
    audit.record(
        acting,
        "pre_discussion.record",
        record,
        {"outcome": {"old": None, "new": outcome}, "held_on": {"old": None, "new": str(held_on)}},
    )
    return record


# A second copy of the same notification from the same person within this time is a
# resubmission (a double click, the back button, a retry), not a second incident.
NOTIFY_RESUBMIT_WINDOW = datetime.timedelta(minutes=10)


@transaction.atomic
def incident_notify_new_subject(
    *,
    acting: Acting,
    subject: SubjectDetails,
    summary: str,
    aware_on: datetime.date,
    looked_after: bool = False,
    themes: Iterable[Theme] = (),
) -> tuple[Incident, bool]:
    """Record the child and notify the incident (`incident_notify`) in one transaction.
    Returns (incident, created): the same notification sent again by the same person
    within `NOTIFY_RESUBMIT_WINDOW` gives back the first incident and records nothing."""
    partnership = acting.partnership
    _manage(acting, partnership)
    # Notifications of one partnership and year queue on their reference counter's
    # row, so two copies sent at once cannot both miss each other.
    ReferenceCounter.objects.get_or_create(partnership=partnership, series="SI", year=aware_on.year)
    list(
        ReferenceCounter.objects.select_for_update()
        .filter(partnership=partnership, series="SI", year=aware_on.year)
        .values_list("pk")
    )
    earlier = (
        Incident.objects.filter(
            partnership=partnership,
            created_by=acting.person,
            aware_on=aware_on,
            summary=summary.strip(),
            subject__pseudonym=subject.pseudonym.strip(),
            created_at__gte=timezone.now() - NOTIFY_RESUBMIT_WINDOW,
        )
        .order_by("pk")
        .first()
    )
    if earlier is not None:
        return earlier, False
    child = subject.record(acting)
    incident = incident_notify(
        acting=acting,
        subject=child,
        summary=summary,
        aware_on=aware_on,
        looked_after=looked_after,
        themes=themes,
    )
    return incident, True
