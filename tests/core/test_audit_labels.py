"""The audit log names identifiable records (children, contacts, household members)
by reference only, on the page and in its CSV: people who read the log may not be
allowed to open the record."""

from __future__ import annotations

import pytest
from django.db import transaction

from masa.core import audit
from masa.core.models import AuditEvent
from masa.frontdoor.models import Child, Contact
from tests import helpers as h

pytestmark = pytest.mark.usefixtures("demo")


def _child_and_contact() -> tuple[Child, Contact]:
    contact = (
        Contact.objects.filter(partnership__slug="northbridge", child__isnull=False)
        .select_related("child")
        .first()
    )
    assert contact is not None
    assert contact.child is not None
    return contact.child, contact


def test_new_events_name_a_child_or_contact_by_reference_only() -> None:
    child, contact = _child_and_contact()
    manager = h.acting(h.MASH_MANAGER)
    with transaction.atomic():
        child_event = audit.record_view(manager, child)
        contact_event = audit.record_view(manager, contact)
    assert child_event.target_label == f"Child {child.pk}"
    assert contact_event.target_label == contact.reference
    assert child.last_name not in contact_event.target_label


def test_the_audit_page_and_csv_show_no_childs_name_even_for_older_events() -> None:
    child, contact = _child_and_contact()
    manager = h.acting(h.MASH_MANAGER)
    with transaction.atomic():
        # As older events were written: the label holds the child's name.
        for target, label in ((child, str(child)), (contact, str(contact))):
            audit.record(manager, "view", target, target_label=label)
    name = f"{child.first_names} {child.last_name}"
    assert AuditEvent.objects.filter(target_label__contains=child.last_name).exists()
    client = h.signed_in(h.BUSINESS_MANAGER)
    page = client.get("/audit/").content.decode()
    assert f"Child {child.pk}" in page
    assert contact.reference in page
    assert name not in page
    export = b"".join(client.get("/audit/export.csv").streaming_content).decode()  # type: ignore[attr-defined]
    assert f"Child {child.pk}" in export
    # The full name: a member of staff may share the child's surname (Dev Patel).
    assert name not in export


def test_searching_the_audit_log_by_a_childs_name_finds_nothing_but_references_work() -> None:
    # Older events hold the child's name in their label: a search for the name must
    # not reveal that they exist, while the reference (as shown) still finds them.
    child, contact = _child_and_contact()
    manager = h.acting(h.MASH_MANAGER)
    with transaction.atomic():
        for target, label in ((child, str(child)), (contact, str(contact))):
            audit.record(manager, "view", target, target_label=label)
    client = h.signed_in(h.BUSINESS_MANAGER)
    by_name = client.get("/audit/", {"record": child.last_name}).content.decode()
    assert contact.reference not in by_name
    assert f"Child {child.pk}" not in by_name
    by_reference = client.get("/audit/", {"record": contact.reference}).content.decode()
    assert contact.reference in by_reference
    by_child = client.get("/audit/", {"record": f"child {child.pk}"}).content.decode()
    assert f"Child {child.pk}" in by_child


def test_the_audit_page_shows_every_shape_of_change() -> None:
    _, contact = _child_and_contact()
    manager = h.acting(h.MASH_MANAGER)
    with transaction.atomic():
        # A change from one value to another, values recorded as they were (as
        # contact.decide records them), and values that are lists or mappings.
        audit.record(manager, "contact.rate", contact, {"rag": {"old": "", "new": "red"}})
        audit.record(
            manager,
            "contact.decide",
            contact,
            {"version": 1, "level": 3, "outcome": "assessment", "correction_reason": ""},
        )
        # An event of an older verb, stored before the catalogue (record() refuses it now).
        AuditEvent.objects.create(
            actor=manager.person,
            actor_label=manager.person.email,
            partnership=contact.partnership,
            verb="demo.old_load",
            target_type="frontdoor.contact",
            target_id=str(contact.pk),
            target_label=audit.label_of(contact),
            changes={"stages": ["before", "after"], "statuses": {"booked": 3, "waiting": 1}},
        )
    page = h.signed_in(h.BUSINESS_MANAGER).get("/audit/").content.decode()
    # Registered verbs show their fields' labels; an older verb shows its field names.
    assert "<strong>RAG rating</strong>: (none) → red" in page
    assert "<strong>Level of need</strong>: 3</li>" in page
    assert "<strong>Outcome</strong>: assessment</li>" in page
    assert "<strong>Why it was corrected</strong>: (none)</li>" in page
    assert "<strong>stages</strong>: before, after</li>" in page
    assert "<strong>statuses</strong>: booked: 3; waiting: 1</li>" in page
    assert "→ </li>" not in page


def test_the_admins_audit_list_names_no_child_and_cannot_be_searched_by_name() -> None:
    child, contact = _child_and_contact()
    manager = h.acting(h.MASH_MANAGER)
    with transaction.atomic():
        event = audit.record(manager, "view", contact, target_label=str(contact))
    name = f"{child.first_names} {child.last_name}"
    client = h.signed_in(h.SYSADMIN)  # a partnership's administrator, who opens no child
    listing = client.get("/admin/core/auditevent/").content.decode()
    assert contact.reference in listing
    assert name not in listing
    detail = client.get(f"/admin/core/auditevent/{event.pk}/change/").content.decode()
    assert contact.reference in detail
    assert name not in detail
    searched = client.get("/admin/core/auditevent/", {"q": child.last_name}).content.decode()
    assert f"/admin/core/auditevent/{event.pk}/change/" not in searched
