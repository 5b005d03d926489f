"""Every read of core records, starting from what the person may see."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from masa.core import audit
from masa.core.acting import Acting
from masa.core.models import Agency, AuditEvent, Membership, Notification, Partnership, Person
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


def people_visible_to(acting: Acting, *, search: str = "") -> QuerySet[Membership]:
    """Members of the partnership the person acting may see, with agency and roles;
    `search` keeps those whose name, email or agency contains it."""
    members = people.visible(acting, "view")
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
    acting: Acting,
    *,
    person: str = "",
    record: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AuditEvent]:
    """Audit events the person acting may read, filtered by who, which record and when."""
    events = audit_log.visible(acting, "view")
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


def notifications_to(person: Person) -> QuerySet[Notification]:
    """The emails the service sent (or tried to send) to `person`, newest first: theirs
    alone, in every partnership; nobody else's."""
    return (
        Notification.objects.filter(recipient=person)
        .select_related("partnership")
        .order_by("-created_at", "-id")
    )


@dataclass(frozen=True)
class About:
    """The record an email was about, as its reader is shown it: by reference only
    (as the audit log names it), with the page in MASA the email linked to."""

    reference: str
    href: str


def about(notifications: Iterable[Notification]) -> dict[int, About]:
    """What each email (by id) was about. The reference is the audit log's name for the
    record (a reference, never a child's name); the link is the first address of MASA
    in the email itself, as a path, so it opens the page behind its own guard."""
    listed = list(notifications)
    wanted: dict[str, set[int]] = {}
    for sent in listed:
        if sent.target_type and sent.target_id.isdigit():
            wanted.setdefault(sent.target_type, set()).add(int(sent.target_id))
    found: dict[tuple[str, str], Model] = {}
    for target_type, ids in wanted.items():
        try:
            model = apps.get_model(target_type)
        except (LookupError, ValueError):
            continue
        for pk, record in model._default_manager.in_bulk(list(ids)).items():
            found[(target_type, str(pk))] = record
    address = re.compile(re.escape(settings.BASE_URL.rstrip("/")) + r"(/(?!/)[^\s<>\"']*)")
    shown: dict[int, About] = {}
    for sent in listed:
        target = found.get((sent.target_type, sent.target_id))
        link = address.search(sent.body)
        reference = audit.label_of(target)
        shown[sent.pk] = About(reference, link.group(1) if link else "")
    return shown
