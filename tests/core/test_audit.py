"""Audit: each service writes exactly one event with the right old and new values,
views of identifiable records are logged, and audit rows cannot be changed."""

from __future__ import annotations

import csv

import pytest
from django.db import DatabaseError, connection, transaction

from masa.core import audit, services
from masa.core.models import AuditEvent, Role
from tests import helpers as h

pytestmark = pytest.mark.usefixtures("demo")


def _events_after(last_id: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(id__gt=last_id).order_by("id"))


def _last_id() -> int:
    last = AuditEvent.objects.order_by("-id").first()
    return last.id if last else 0


def test_membership_update_writes_one_event_with_old_and_new_roles() -> None:
    manager = h.person(h.BUSINESS_MANAGER)
    member = h.membership(h.PRACTITIONER)
    before = _last_id()
    services.membership_update(
        acting=h.acting(manager),
        membership=member,
        roles=Role.objects.filter(slug__in=["practitioner", "trainer"]),
    )
    events = _events_after(before)
    assert len(events) == 1
    event = events[0]
    assert event.verb == "membership.update"
    assert event.actor == manager
    assert event.partnership == member.partnership
    assert event.target_type == "core.membership"
    assert event.target_id == str(member.pk)
    assert event.changes == {
        "roles": {"old": ["Practitioner (referrer)"], "new": ["Practitioner (referrer)", "Trainer"]}
    }


def test_person_update_records_each_changed_field_once() -> None:
    manager = h.person(h.BUSINESS_MANAGER)
    amira = h.person(h.PRACTITIONER)
    before = _last_id()
    services.person_update(
        acting=h.acting(manager), person=amira, job_title="Deputy head", phone="01632 960001"
    )
    (event,) = _events_after(before)
    assert event.changes == {
        "job_title": {"old": "Designated safeguarding lead", "new": "Deputy head"},
        "phone": {"old": "", "new": "01632 960001"},
    }


def test_a_change_that_changes_nothing_writes_no_event() -> None:
    manager = h.person(h.BUSINESS_MANAGER)
    amira = h.person(h.PRACTITIONER)
    before = _last_id()
    services.person_update(acting=h.acting(manager), person=amira, job_title=amira.job_title)
    assert _events_after(before) == []


def test_timescale_set_records_the_rule_before_and_after() -> None:
    before = _last_id()
    services.timescale_set(
        acting=h.acting(h.BUSINESS_MANAGER),
        code="cp_visit",
        amount=2,
        unit="calendar_days",
        reason="Weekly visits",
    )
    (event,) = _events_after(before)
    assert event.changes["rule"] == {"old": "10 working days", "new": "2 calendar days"}


def test_child_population_set_records_old_and_new_counts() -> None:
    before = _last_id()
    services.child_population_set(acting=h.acting(h.BUSINESS_MANAGER), year=2025, children=65_500)
    (event,) = _events_after(before)
    assert event.changes == {"children": {"old": 65_120, "new": 65_500}}


def test_viewing_a_persons_record_leaves_an_access_event() -> None:
    client = h.signed_in(h.BUSINESS_MANAGER)
    member = h.membership(h.PRACTITIONER)
    before = _last_id()
    assert client.get(f"/people/{member.pk}/", HTTP_USER_AGENT="TestBrowser/1.0").status_code == 200
    (event,) = _events_after(before)
    assert (event.verb, event.target_type, event.target_id) == (
        "view",
        "core.person",
        str(member.person_id),
    )
    assert event.actor == h.person(h.BUSINESS_MANAGER)
    assert event.ip_address == "127.0.0.1"
    assert event.user_agent == "TestBrowser/1.0"


def test_record_outside_a_transaction_is_refused() -> None:
    # pytest-django wraps each test in a transaction; leave it to prove the rule.
    with transaction.atomic():
        pass
    connection.in_atomic_block, saved = False, connection.in_atomic_block
    try:
        with pytest.raises(audit.AuditOutsideTransaction):
            audit.record(None, "test.outside")
    finally:
        connection.in_atomic_block = saved


def test_orm_refuses_to_change_or_delete_an_event() -> None:
    event = AuditEvent.objects.first()
    assert event is not None
    event.verb = "tampered"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(verb="tampered")
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).delete()


def test_database_refuses_to_change_or_delete_an_event() -> None:
    event = AuditEvent.objects.first()
    assert event is not None
    table = AuditEvent._meta.db_table
    for statement in (
        f"UPDATE {table} SET verb = 'tampered' WHERE id = %s",
        f"DELETE FROM {table} WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).verb == event.verb


def test_audit_page_filters_by_person_and_record_and_exports_csv() -> None:
    manager = h.person(h.BUSINESS_MANAGER)
    amira = h.person(h.PRACTITIONER)
    services.person_update(acting=h.acting(manager), person=amira, full_name='=HYPERLINK("x")')
    client = h.signed_in(h.BUSINESS_MANAGER)
    page = client.get("/audit/", {"person": "eleanor", "record": f"core.person:{amira.pk}"})
    assert page.status_code == 200
    assert b"person.update" in page.content
    assert b"Changed a person&#x27;s details" in page.content
    assert page.context["page"].paginator.count == 1
    export = client.get(
        "/audit/export.csv", {"person": "eleanor", "record": f"core.person:{amira.pk}"}
    )
    body = b"".join(export.streaming_content).decode()  # type: ignore[attr-defined]
    lines = body.strip().splitlines()
    assert lines[0].startswith("when,who,partnership,what")
    assert len(lines) == 2
    assert "person.update" in lines[1]
    # A formula from personal data is not run by a spreadsheet.
    row = next(csv.reader([lines[1]]))
    assert row[3:5] == ["person.update", "Changed a person's details"]
    assert row[7] == '\'=HYPERLINK("x")'


def test_audit_page_shows_a_clear_message_for_a_bad_date() -> None:
    client = h.signed_in(h.BUSINESS_MANAGER)
    page = client.get("/audit/", {"date_from": "31/02/2026"})
    assert page.status_code == 400
    assert b"There is a problem" in page.content
    assert b"Enter the date as day/month/year" in page.content


def test_southmoor_manager_does_not_see_northbridge_events() -> None:
    client = h.signed_in(h.SOUTHMOOR_MANAGER)
    page = client.get("/audit/")
    partnerships = {event.partnership.slug for event in page.context["page"] if event.partnership}
    assert partnerships <= {"southmoor"}


def test_database_refuses_to_rewrite_an_event_by_inserting_over_it() -> None:
    # SQLite's REPLACE deletes the old row without firing the delete trigger; an
    # upsert on PostgreSQL is an update. Either way the event must stay as written.
    event = AuditEvent.objects.first()
    assert event is not None
    table = AuditEvent._meta.db_table
    columns = "id, at, actor_label, verb, target_type, target_id, target_label, changes, user_agent"
    values = "%s, %s, 'someone', 'tampered', '', '', 'tampered', '{}', ''"
    if connection.vendor == "sqlite":
        statement = f"INSERT OR REPLACE INTO {table} ({columns}) VALUES ({values})"
    else:
        statement = (
            f"INSERT INTO {table} ({columns}) VALUES ({values}) "
            "ON CONFLICT (id) DO UPDATE SET verb = EXCLUDED.verb"
        )
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement, [event.pk, event.at])
    assert AuditEvent.objects.get(pk=event.pk).verb == event.verb
