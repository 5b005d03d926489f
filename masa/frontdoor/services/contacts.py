"""The MASH's triage of a contact: taking it, rating it, finding the child, searching."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from masa.core import audit
from masa.core.acting import Acting
from masa.core.errors import ServiceError
from masa.core.timescales import rule_for
from masa.frontdoor import matching
from masa.frontdoor.models import Child, Contact
from masa.frontdoor.policies import contacts
from masa.frontdoor.services.common import (
    REPEAT_WINDOW,
    due_at,
    locked_contact,
    require_open,
)


def _open_for_triage(acting: Acting, contact: Contact) -> Contact:
    """The contact, locked, if the person may triage it and it is still open."""
    contact = locked_contact(contact)
    contacts.require(acting, "triage", contact)
    require_open(contact)
    return contact


def _take(contact: Contact, acting: Acting) -> None:
    """Working on a new contact takes it out of "new", to the person if nobody has it."""
    if contact.status == Contact.Status.NEW:
        contact.status = Contact.Status.IN_PROGRESS
        contact.assigned_to = contact.assigned_to or acting.person


@transaction.atomic
def contact_search_record(*, acting: Acting, tab: str, found: list[str], total: int) -> None:
    """A search of the MASH queue by a child's name or a reference looked for a child:
    the audit log keeps who searched, and the references of the contacts shown (not
    the words typed, which may name a child)."""
    audit.record(
        acting,
        "contact.search",
        None,
        {"tab": tab, "found": total, "shown": found},
        target_label="MASH queue search",
    )


@transaction.atomic
def contact_start(*, acting: Acting, contact: Contact) -> Contact:
    """A MASH practitioner takes a contact to work on."""
    contact = _open_for_triage(acting, contact)
    before = audit.snapshot(contact, ["assigned_to", "status"])
    contact.assigned_to = acting.person
    if contact.status == Contact.Status.NEW:
        contact.status = Contact.Status.IN_PROGRESS
    contact.updated_at = timezone.now()
    contact.save(update_fields=["assigned_to", "status", "updated_at"])
    audit.record(
        acting,
        "contact.start",
        contact,
        audit.changes_between(before, audit.snapshot(contact, ["assigned_to", "status"])),
    )
    return contact


@transaction.atomic
def contact_rate(*, acting: Acting, contact: Contact, rag: str, reason: str) -> Contact:
    """Record the RAG rating; a red contact must be decided within the red timescale."""
    contact = _open_for_triage(acting, contact)
    if rag not in Contact.Rag.values:
        raise ServiceError("Select red, amber or green", field="rag")
    if not reason.strip():
        raise ServiceError("Say why you gave this rating", field="reason")
    fields = ["rag", "rag_reason", "decision_due_at"]
    before = audit.snapshot(contact, fields)
    contact.rag, contact.rag_reason = rag, reason
    if rag == Contact.Rag.RED:
        red_due = due_at(contact.received_at, rule_for(contact.partnership, "red_contact_decision"))
        contact.decision_due_at = min(contact.decision_due_at, red_due)
    _take(contact, acting)
    contact.updated_at = timezone.now()
    contact.save()
    audit.record(
        acting,
        "contact.rate",
        contact,
        audit.changes_between(before, audit.snapshot(contact, fields)),
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
def contact_link_child(*, acting: Acting, contact: Contact, child: Child | None) -> Contact:
    """Link the contact to a known child, or (child None) to a new child record."""
    contact = _open_for_triage(acting, contact)
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
    _take(contact, acting)
    contact.updated_at = timezone.now()
    contact.save()
    changes = audit.changes_between(before, audit.snapshot(contact, ["child", "is_repeat"]))
    if created:
        changes["new_child_record"] = {"old": None, "new": True}
    audit.record(acting, "contact.link_child", contact, changes)
    return contact
