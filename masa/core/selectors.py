"""Every read of core records, starting from what the person may see."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from masa.core import audit
from masa.core.models import Agency, AuditEvent, Membership, Partnership
from masa.core.policies import audit_log, people


def partner_check_agencies(partnership: Partnership) -> QuerySet[Agency]:
    """The partnership's active agencies the MASH may ask for information (not, say,
    its independent scrutineer): `PartnershipAgency.answers_partner_checks`."""
    return Agency.objects.filter(
        partnershipagency__partnership=partnership,
        partnershipagency__answers_partner_checks=True,
        is_active=True,
    ).order_by("name")


def training_agencies(partnership: Partnership) -> QuerySet[Agency]:
    """The partnership's agencies whose staff train with it, and which the training
    needs survey asks: `PartnershipAgency.takes_part_in_training`."""
    return Agency.objects.filter(
        partnershipagency__partnership=partnership,
        partnershipagency__takes_part_in_training=True,
    ).order_by("name")


def people_visible_to(user: Any, *, search: str = "") -> QuerySet[Membership]:
    """Members of the current partnership that `user` may see, with agency and roles;
    `search` keeps those whose name, email or agency contains it."""
    members = people.visible(user, "view")
    if search:
        members = members.filter(
            Q(person__full_name__icontains=search)
            | Q(person__email__icontains=search)
            | Q(agency__name__icontains=search)
        )
    return (
        members.select_related("person", "agency", "partnership")
        .prefetch_related("roles")
        .order_by("person__full_name")
    )


def audit_events_visible_to(
    user: Any,
    *,
    person: str = "",
    record: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AuditEvent]:
    """Audit events `user` may read, filtered by who, which record and when."""
    events = audit_log.visible(user, "view")
    if person:
        events = events.filter(actor_label__icontains=person.strip())
    if record:
        record = record.strip()
        target_type, _, target_id = record.partition(":")
        if target_id:
            events = events.filter(target_type=target_type.lower(), target_id=target_id)
        else:
            # Identifiable records are found by their reference only, never by a name an
            # older event's label may hold.
            hidden = audit.identifiable_models()
            found = Q(target_type__icontains=record) | (
                Q(target_label__icontains=record) & ~Q(target_type__in=list(hidden))
            )
            for target_type, model in hidden.items():
                ids = audit.records_labelled(model, record)
                if ids:
                    found |= Q(target_type=target_type, target_id__in=ids)
            events = events.filter(found)
    tz = timezone.get_current_timezone()
    if date_from:
        events = events.filter(at__gte=datetime.datetime.combine(date_from, datetime.time.min, tz))
    if date_to:
        events = events.filter(
            at__lt=datetime.datetime.combine(
                date_to + datetime.timedelta(days=1), datetime.time.min, tz
            )
        )
    return events.order_by("-at", "-id")
